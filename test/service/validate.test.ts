// Every preview rule of a Service's own inputs (CONTRACT 5, 7): each failure names the property
// path and the fix; values the engine does not know yet skip only their own checks.
import { strict as assert } from "node:assert";
import { unknownValue } from "@pulumi/pulumi/runtime";
import { scheduleProblem } from "../../provider/service/schedule";
import { filterValueProblem, timezoneProblem, validateServiceInputs } from "../../provider/service/validate";
import type { ServiceInputs } from "../../provider/service/types";
import { exampleInputs } from "./fixtures";

function failuresOf(change: (inputs: ServiceInputs) => void) {
    const inputs = exampleInputs(change) as unknown as Record<string, unknown>;
    return validateServiceInputs(inputs).failures;
}

describe("service validation", () => {
    it("accepts the contract's example without a failure", () => {
        assert.deepEqual(validateServiceInputs(exampleInputs() as unknown as Record<string, unknown>).failures, []);
    });

    it("defaults the schedule to off, active and adopt to false, filters to none; mappings stay undeclared", () => {
        const news = exampleInputs() as unknown as Record<string, unknown>;
        for (const key of ["schedule", "active", "adopt", "filters", "mappings"]) delete news[key];
        const { inputs, failures } = validateServiceInputs(news);
        assert.deepEqual(failures, []);
        assert.equal(inputs.schedule, "off");
        assert.equal(inputs.active, false);
        assert.equal(inputs.adopt, false);
        assert.deepEqual(inputs.filters, []);
        assert.equal("mappings" in inputs, false);
    });

    const nameCases: [string, unknown, boolean][] = [
        ["two characters", "ab", false],
        ["three characters", "abc", true],
        ["255 emoji (counted in code points)", "🚚".repeat(255), true],
        ["256 characters", "a".repeat(256), false],
        ["not a string", 12, false],
    ];
    for (const [what, name, ok] of nameCases) {
        it(`name: ${what} ${ok ? "passes" : "fails"}`, () => {
            const failures = failuresOf((i) => {
                i.name = name as string;
            });
            assert.equal(failures.length === 0, ok, JSON.stringify(failures));
            if (!ok) assert.match(failures[0].reason, /^name must be 3-255 characters/);
        });
    }

    const schedules: [string, string | undefined][] = [
        ["*/15 * * * *", undefined],
        ["0 2 * * 1-5", undefined],
        ["0 0 1,15 * *", undefined],
        ["0 9-17/2 * JAN-MAR MON-FRI", undefined],
        ["0 0 * * * 2030", undefined],
        ["0 0 L * ?", undefined],
        ["0 0 * * 5#3", undefined],
        ["@daily", undefined],
        ["@HOURLY", undefined],
        ["event", undefined],
        ["OFF", undefined],
        ["60 * * * *", "the minute field: 60 is outside 0-59"],
        ["* 24 * * *", "the hour field: 24 is outside 0-23"],
        ["* * 0 * *", "the day of month field: 0 is outside 1-31"],
        ["* * * 13 *", "the month field: 13 is outside 1-12"],
        ["* * * * 8", "the day of week field: 8 is outside 0-7"],
        ["*/0 * * * *", 'the minute field: the step of "*/0" must be at least 1'],
        ["5-1 * * * *", 'the minute field: the range "5-1" runs backwards'],
        ["* * * *", 'a cron expression has 5 fields (minute hour day-of-month month day-of-week) and an optional year; "* * * *" has 4'],
        [
            "* * * * * * *",
            'a cron expression has 5 fields (minute hour day-of-month month day-of-week) and an optional year; "* * * * * * *" has 7',
        ],
        ["@fortnightly", 'unknown macro "@fortnightly"; use one of @yearly, @annually, @monthly, @weekly, @daily, @hourly'],
        [`0 0 ${"1,".repeat(30)}1 * *`, "must be at most 50 characters"],
    ];
    for (const [schedule, problem] of schedules) {
        it(`schedule "${schedule.slice(0, 30)}" ${problem ? "fails" : "passes"}`, () => {
            assert.equal(scheduleProblem(schedule), problem);
        });
    }

    it("a schedule failure names the property and how to write one", () => {
        const [failure] = failuresOf((i) => {
            i.schedule = "every day";
        });
        assert.equal(failure.property, "schedule");
        assert.match(failure.reason, /Use a cron expression such as "\*\/15 \* \* \* \*", "@daily", "event" or "off"$/);
    });

    const bounds: [string, (i: ServiceInputs, v: number) => void, number, boolean][] = [
        ["source.pageSize", (i, v) => (i.source.pageSize = v), 1, true],
        ["source.pageSize", (i, v) => (i.source.pageSize = v), 1000, true],
        ["source.pageSize", (i, v) => (i.source.pageSize = v), 0, false],
        ["source.pageSize", (i, v) => (i.source.pageSize = v), 1001, false],
        ["source.pageSize", (i, v) => (i.source.pageSize = v), 2.5, false],
        ["source.maxAttempts", (i, v) => (i.source.maxAttempts = v), 15, true],
        ["source.maxAttempts", (i, v) => (i.source.maxAttempts = v), 16, false],
        ["source.maxAttempts", (i, v) => (i.source.maxAttempts = v), 0, false],
    ];
    for (const [property, set, value, ok] of bounds) {
        it(`${property} = ${value} ${ok ? "passes" : "fails"}`, () => {
            const failures = failuresOf((i) => set(i, value));
            assert.deepEqual(
                failures.map((f) => f.property),
                ok ? [] : [property],
            );
        });
    }

    const zones: [string, boolean][] = [
        ["Europe/London", true],
        ["UTC", true],
        ["GMT", true],
        ["EST", true],
        ["BST", true],
        ["+01:00", true],
        ["-0500", true],
        ["Europe/Lundon", false],
        ["+25:00", false],
    ];
    for (const [zone, ok] of zones) {
        it(`time zone "${zone}" ${ok ? "passes" : "fails"}`, () => {
            assert.equal(timezoneProblem(zone) === undefined, ok);
            const failures = failuresOf((i) => {
                i.source.timezone = zone;
            });
            assert.deepEqual(
                failures.map((f) => f.property),
                ok ? [] : ["source.timezone"],
            );
        });
    }

    const values: [string, string, boolean][] = [
        ["integer", "12", true],
        ["integer", "1.5", false],
        ["double", "1.5", true],
        ["boolean", "true", true],
        ["boolean", "yes", false],
        ["TIME", "-2 days", true],
        ["TIMESTAMP", "-10 minutes", true],
        ["TIME", "yesterday", false],
        ["string", "anything", true],
    ];
    for (const [type, value, ok] of values) {
        it(`filter value "${value}" for type ${type} ${ok ? "passes" : "fails"}`, () => {
            assert.equal(filterValueProblem(type, value) === undefined, ok);
        });
    }

    const filterCases: [string, ServiceInputs["filters"][number], string[], RegExp?][] = [
        [
            "an operator that is not a Patchworks key",
            { field: "a", operator: "equals", value: "x" },
            ["filters[0].operator"],
            /not a Patchworks operator key; use one of "="/,
        ],
        ["an unknown type", { field: "a", operator: "=", type: "date", value: "x" }, ["filters[0].type"], /not a Patchworks filter type/],
        [
            "an operator the type does not take",
            { field: "a", operator: "<", type: "string", value: "x" },
            ["filters[0].operator"],
            /does not apply to type string; use one of "=", "!="/,
        ],
        [
            "a value that does not fit the type",
            { field: "a", operator: ">", type: "TIME", value: "yesterday" },
            ["filters[0].value"],
            /relative time/,
        ],
        ["an empty field", { field: "", operator: "=", value: "x" }, ["filters[0].field"]],
        ["a number value", { field: "a", operator: ">", type: "integer", value: 3 }, []],
    ];
    for (const [what, filter, properties, reason] of filterCases) {
        it(`filters: ${what}`, () => {
            const failures = failuresOf((i) => {
                i.filters = [filter];
            });
            assert.deepEqual(
                failures.map((f) => f.property),
                properties,
            );
            if (reason) assert.match(failures[0].reason, reason);
        });
    }

    it("fails connectors of two company groups, naming both groups", () => {
        const failures = failuresOf((i) => {
            i.destination.connectorId = "fr_store|3";
        });
        assert.deepEqual(failures, [
            {
                property: "destination.connector",
                reason:
                    'the source connector uk_store|1 is in company group "uk_store" and the destination connector fr_store|3 in "fr_store"; ' +
                    "a Patchworks service runs inside one group: use two connectors of the same group",
            },
        ]);
    });

    it("fails a mapping that repeats a destination field", () => {
        const failures = failuresOf((i) => {
            i.mappings = [{ destination: "a" }, { source: "x", destination: "a" }];
        });
        assert.deepEqual(
            failures.map((f) => f.property),
            ["mappings[1].destination"],
        );
    });

    it("skips the checks of values not known yet and never reads them as a match", () => {
        const failures = failuresOf((i) => {
            i.name = unknownValue as string;
            i.schedule = unknownValue as string;
            i.destination.connectorId = unknownValue as string;
            i.source.pageSize = unknownValue as unknown as number;
            i.filters = [{ field: "a", operator: unknownValue as string, type: "integer", value: unknownValue as string }];
        });
        assert.deepEqual(failures, []);
    });
});
