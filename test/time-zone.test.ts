// Which time zone names the provider takes: the platform's time zone database as Intl reads it,
// answered from the canonical list where the name is on it and by a formatter otherwise (any Intl
// date formatter loads ICU's locale data into the provider process: 8.5 MiB).
import assert from "node:assert/strict";
import { IANAZone } from "luxon";

/** A fresh copy of the module, so no answer remembered by an earlier test stands in for the check. */
function freshIsTimeZone(): (zone: string) => boolean {
    const modulePath = require.resolve("../provider/time-zone");
    delete require.cache[modulePath];
    return (require(modulePath) as typeof import("../provider/time-zone")).isTimeZone;
}

describe("time zone names", () => {
    const original = Intl.DateTimeFormat;
    let built = 0;
    beforeEach(() => {
        built = 0;
        Intl.DateTimeFormat = class extends original {
            constructor(...args: ConstructorParameters<typeof Intl.DateTimeFormat>) {
                built++; // before super: a refused zone throws there
                super(...args);
            }
        } as typeof Intl.DateTimeFormat;
    });
    afterEach(() => {
        Intl.DateTimeFormat = original;
    });

    const cases: { zone: string; takes: boolean; askedOfFormatter: boolean; why: string }[] = [
        { zone: "Europe/London", takes: true, askedOfFormatter: false, why: "a canonical IANA id" },
        { zone: "UTC", takes: true, askedOfFormatter: false, why: "UTC, which every implementation takes" },
        { zone: "America/Argentina/Buenos_Aires", takes: true, askedOfFormatter: true, why: "an id the platform lists by its older name" },
        { zone: "Etc/GMT+1", takes: true, askedOfFormatter: true, why: "an Etc zone" },
        { zone: "US/Eastern", takes: true, askedOfFormatter: true, why: "a link to a canonical id" },
        { zone: "europe/london", takes: true, askedOfFormatter: true, why: "a canonical id in other letter case" },
        { zone: "utc", takes: true, askedOfFormatter: true, why: "UTC in lower case" },
        { zone: "Mars/Olympus", takes: false, askedOfFormatter: true, why: "a name no database has" },
        { zone: "Europe/Londn", takes: false, askedOfFormatter: true, why: "a typo" },
        { zone: " Europe/London", takes: false, askedOfFormatter: true, why: "a leading space" },
        { zone: "", takes: false, askedOfFormatter: true, why: "an empty name" },
    ];
    for (const { zone, takes, askedOfFormatter, why } of cases) {
        it(`${takes ? "takes" : "refuses"} ${JSON.stringify(zone)}, ${askedOfFormatter ? "asking a formatter" : "from the list"}: ${why}`, () => {
            const isTimeZone = freshIsTimeZone();
            assert.equal(isTimeZone(zone), takes);
            assert.equal(built, askedOfFormatter ? 1 : 0, "formatters built");
            // What the provider took before the list (luxon's check, now the independent oracle).
            assert.equal(takes, IANAZone.isValidZone(zone));
        });
    }

    it("remembers an answer", () => {
        const isTimeZone = freshIsTimeZone();
        assert.deepEqual([isTimeZone("US/Eastern"), isTimeZone("US/Eastern")], [true, true]);
        assert.equal(built, 1);
    });
});
