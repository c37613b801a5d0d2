// Which time zone names the provider takes: the platform's time zone database as Intl reads it,
// whether the name is answered from the canonical list or by a formatter.
import assert from "node:assert/strict";
import { isTimeZone } from "../provider/time-zone";

describe("time zone names", () => {
    const cases: { zone: string; takes: boolean; why: string }[] = [
        { zone: "Europe/London", takes: true, why: "a canonical IANA id" },
        { zone: "America/Argentina/Buenos_Aires", takes: true, why: "a canonical id three levels deep" },
        { zone: "UTC", takes: true, why: "UTC, which the canonical list leaves out" },
        { zone: "Etc/GMT+1", takes: true, why: "an Etc zone" },
        { zone: "US/Eastern", takes: true, why: "a link to a canonical id" },
        { zone: "Asia/Kolkata", takes: true, why: "an id the platform lists under another name" },
        { zone: "europe/london", takes: true, why: "a canonical id in other letter case" },
        { zone: "utc", takes: true, why: "UTC in lower case" },
        { zone: "Mars/Olympus", takes: false, why: "a name no database has" },
        { zone: "Europe/Londn", takes: false, why: "a typo" },
        { zone: " Europe/London", takes: false, why: "a leading space" },
        { zone: "", takes: false, why: "an empty name" },
    ];
    for (const { zone, takes, why } of cases) {
        it(`${takes ? "takes" : "refuses"} ${JSON.stringify(zone)}: ${why}`, () => {
            assert.equal(isTimeZone(zone), takes);
            // The same answer as a formatter gives, which is what the provider took before the list.
            let formatterTakes = true;
            try {
                new Intl.DateTimeFormat("en-US", { timeZone: zone });
            } catch {
                formatterTakes = false;
            }
            assert.equal(isTimeZone(zone), formatterTakes);
        });
    }
});

describe("time zone names, without a formatter", () => {
    const original = Intl.DateTimeFormat;
    let built = 0;
    beforeEach(() => {
        built = 0;
        Intl.DateTimeFormat = class extends original {
            constructor(...args: ConstructorParameters<typeof Intl.DateTimeFormat>) {
                super(...args);
                built++;
            }
        } as typeof Intl.DateTimeFormat;
    });
    afterEach(() => {
        Intl.DateTimeFormat = original;
    });

    // Any Intl date formatter loads ICU's locale data into the provider process (8.5 MiB).
    it("answers a canonical id and UTC from the platform's list, building no formatter", () => {
        assert.deepEqual([isTimeZone("Pacific/Auckland"), isTimeZone("UTC")], [true, true]);
        assert.equal(built, 0);
    });

    it("asks a formatter about a name outside the list", () => {
        assert.equal(isTimeZone("NZ"), true);
        assert.equal(built, 1);
    });
});
