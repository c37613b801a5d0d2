// The uniqueness key: company groups compare trimmed and case-insensitively, and an omitted, null
// or blank group is the default group. Messages describe a key as the user declared it.
import assert from "node:assert/strict";
import { connectorKey, describeKey, normaliseCompanyGroup, sameKey, type KeyParts } from "../../provider/connector/key";

describe("connector key", () => {
    const key = (companyGroup: string | null | undefined): KeyParts => ({ system: "shopify", environment: "live", companyGroup });
    const cases: [string | null | undefined, string | null | undefined, boolean][] = [
        ["uk", "uk", true],
        [" UK ", "uk", true],
        [null, "", true],
        [undefined, "  ", true],
        [undefined, null, true],
        [null, "uk", false],
        ["uk", "eu", false],
        ["u k", "uk", false],
    ];
    for (const [a, b, same] of cases) {
        it(`company group ${JSON.stringify(a)} ${same ? "matches" : "differs from"} ${JSON.stringify(b)}`, () => {
            assert.equal(sameKey(key(a), key(b)), same);
            assert.equal(connectorKey(key(a)) === connectorKey(key(b)), same);
        });
    }

    it("tells systems and environments apart", () => {
        assert.equal(sameKey(key("uk"), { ...key("uk"), environment: "test" }), false);
        assert.equal(sameKey(key("uk"), { ...key("uk"), system: "magento-2" }), false);
    });

    it("keeps parts apart that would run together as text", () => {
        assert.equal(sameKey({ system: "a b", environment: "live" }, { system: "a", environment: "b live" }), false);
    });

    const normalised: [string | null | undefined, string | null][] = [
        [" UK ", "uk"],
        ["Europe", "europe"],
        ["", null],
        ["   ", null],
        [null, null],
        [undefined, null],
    ];
    for (const [group, expected] of normalised) {
        it(`normalises ${JSON.stringify(group)} to ${JSON.stringify(expected)}`, () =>
            assert.equal(normaliseCompanyGroup(group), expected));
    }

    const described: [KeyParts, string][] = [
        [key(" UK "), 'live shopify connector in company group "UK"'],
        [key(undefined), "live shopify connector in the default company group"],
        [key("  "), "live shopify connector in the default company group"],
        [{ system: "veeqo", environment: "test", companyGroup: "fr" }, 'test veeqo connector in company group "fr"'],
    ];
    for (const [parts, text] of described) {
        it(`describes ${JSON.stringify(parts)} as "${text}"`, () => assert.equal(describeKey(parts), text));
    }
});
