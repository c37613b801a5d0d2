// The uniqueness key: company groups compare trimmed and case-insensitively, and an omitted, null
// or blank group is the default group.
import assert from "node:assert/strict";
import { sameKey, type KeyParts } from "../../provider/connector/key";

describe("connector key", () => {
    const key = (companyGroup: string | null | undefined): KeyParts => ({ system: "shopify", environment: "live", companyGroup });
    const cases: [string | null | undefined, string | null | undefined, boolean][] = [
        ["uk", "uk", true],
        [" UK ", "uk", true],
        [null, "", true],
        [undefined, "  ", true],
        [null, "uk", false],
        ["uk", "eu", false],
    ];
    for (const [a, b, same] of cases) {
        it(`company group ${JSON.stringify(a)} ${same ? "matches" : "differs from"} ${JSON.stringify(b)}`, () => {
            assert.equal(sameKey(key(a), key(b)), same);
        });
    }

    it("tells systems and environments apart", () => {
        assert.equal(sameKey(key("uk"), { ...key("uk"), environment: "test" }), false);
        assert.equal(sameKey(key("uk"), { ...key("uk"), system: "magento-2" }), false);
    });
});
