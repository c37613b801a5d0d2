import { strict as assert } from "node:assert";
import fc from "fast-check";
import { serviceCatalog } from "../../provider/catalog/services";
import { validateServiceInputs } from "../../provider/service/validate";
import { contractExample, exampleWith, NETSUITE_UK_LIVE, SHOPIFY_UK_LIVE, UNKNOWN, type News } from "./fixtures";

const INBOUND_TEST = { connectorId: "301", system: "inbound-api", environment: "live" };

function properties(news: News): string[] {
    return validateServiceInputs(news).failures.map((f) => f.property);
}

function firstTransform(news: News, fn: string, args: unknown): News {
    news.mappings[1].transforms = [{ function: fn, args }];
    return news;
}

const scripts = (count: number, fn = "run_custom_script") =>
    Array.from({ length: count }, (_, i) => ({ function: fn, args: { customScript: i + 1 } }));

describe("validateServiceInputs", () => {
    it("accepts CONTRACT section 5's example as written", () => {
        assert.deepEqual(validateServiceInputs(contractExample()).failures, []);
    });

    it("applies the defaults: standard, UTC, no filters or mappings, inactive, not adopted", () => {
        const { inputs, failures } = validateServiceInputs({
            name: "Minimal",
            source: { ...SHOPIFY_UK_LIVE, entity: "orders" },
            destination: { ...NETSUITE_UK_LIVE, entity: "orders" },
        });
        assert.deepEqual(failures, []);
        assert.deepEqual(inputs, {
            name: "Minimal",
            type: "standard",
            source: { ...SHOPIFY_UK_LIVE, entity: "orders", timezone: "UTC" },
            destination: { ...NETSUITE_UK_LIVE, entity: "orders", timezone: "UTC" },
            filters: [],
            mappings: [],
            active: false,
            adopt: false,
        });
    });

    it("gives every mapping a transforms list and every transform its args", () => {
        const { inputs } = validateServiceInputs(
            exampleWith((n) => {
                n.mappings[1].transforms = [{ function: "cast_to_string" }];
            }),
        );
        assert.deepEqual(inputs.mappings[0].transforms, []);
        assert.deepEqual(inputs.mappings[1].transforms, [{ function: "cast_to_string", args: {} }]);
    });

    // One row per rule that passes: the same rules' failing rows follow.
    const passing: { title: string; news: News }[] = [
        { title: "a sweeper", news: exampleWith((n) => (n.type = "sweeper")) },
        { title: "a webhook trigger", news: exampleWith((n) => (n.trigger = { webhook: true })) },
        {
            title: "no trigger on an inactive service",
            news: exampleWith((n) => {
                n.trigger = undefined;
                n.active = false;
            }),
        },
        {
            title: "two test connectors",
            news: exampleWith((n) => {
                n.source.environment = "test";
                n.destination.environment = "test";
            }),
        },
        {
            title: "connectors of the default group",
            news: exampleWith((n) => {
                delete n.source.companyGroup;
                delete n.destination.companyGroup;
            }),
        },
        { title: "same key, different ids: the ids decide", news: exampleWith((n) => (n.destination.system = "shopify")) },
        {
            title: "an open list accepts any known entity (NetSuite stock as a source)",
            news: exampleWith((n) => {
                n.source = { ...NETSUITE_UK_LIVE, entity: "stock" };
                n.destination = { ...SHOPIFY_UK_LIVE, entity: "stock" };
            }),
        },
        {
            title: "a system the catalog does not cover takes any known entity",
            news: exampleWith(
                (n) => (n.destination = { connectorId: "7", system: "active-ants", environment: "live", entity: "locations" }),
            ),
        },
        {
            title: "an Inbound API source of a custom entity, without filters",
            news: exampleWith((n) => {
                n.source = { ...INBOUND_TEST, entity: "custom" };
                n.filters = [];
            }),
        },
        {
            title: "one filter field twice on a Shopify source (Min/Max fields)",
            news: exampleWith((n) => n.filters.push({ field: "created_at", operator: "within_last", value: "1 hours" })),
        },
        {
            title: "an IANA time zone on both sides",
            news: exampleWith((n) => {
                n.source.timezone = "America/New_York";
                n.destination.timezone = "Asia/Kolkata";
            }),
        },
        {
            title: "pageSize and maxAttempts at their limits",
            news: exampleWith((n) => {
                n.source.pageSize = 250;
                n.source.maxAttempts = 1;
            }),
        },
        {
            title: "pageSize and maxAttempts omitted",
            news: exampleWith((n) => {
                delete n.source.pageSize;
                delete n.source.maxAttempts;
            }),
        },
        {
            title: "cron lists, ranges, steps and names",
            news: exampleWith((n) => (n.trigger.schedule = "0 9-17/2 1,15 JAN-MAR,dec MON-FRI")),
        },
        { title: "cron: Sunday as 7, a stepped start", news: exampleWith((n) => (n.trigger.schedule = "5/10 0 31 12 7")) },
        { title: "cron: extra spaces", news: exampleWith((n) => (n.trigger.schedule = "  0  2 * * sun ")) },
        { title: "within_last with a singular unit", news: exampleWith((n) => (n.filters[1].value = "1 day")) },
        {
            title: "greater_than a date-time",
            news: exampleWith((n) => (n.filters[1] = { field: "updated_at", operator: "greater_than", value: "2024-01-31T09:00:00Z" })),
        },
        { title: "equals an empty string", news: exampleWith((n) => (n.filters[0].value = "")) },
        {
            title: "a mapping without source whose first function makes the value",
            news: exampleWith((n) =>
                n.mappings.push({ destination: "exported_at", transforms: [{ function: "custom_dynamic_date", args: {} }] }),
            ),
        },
        {
            title: "destinations that differ only in case",
            news: exampleWith((n) => n.mappings.push({ source: "Email", destination: "Customer.Email" })),
        },
        { title: "15 custom scripts in one mapping", news: exampleWith((n) => (n.mappings[1].transforms = scripts(15))) },
        {
            title: "an enum whose options are unknown takes any text",
            news: firstTransform(contractExample(), "map_lookup", {
                map: 1,
                direction: "right to left",
                matchType: "whatever the dashboard calls it",
                outputType: "string",
            }),
        },
        {
            title: "no alerts, no notes",
            news: exampleWith((n) => {
                delete n.alerts;
                delete n.notes;
            }),
        },
        ...["d/m/Y H:i", "D, d M Y", "\\T\\o\\d\\a\\y: Y", "U", "c", "jS F Y", "Y-m-d\\TH:i:sP"].map((format) => ({
            title: `PHP date format ${JSON.stringify(format)}`,
            news: firstTransform(contractExample(), "format_date", { format }),
        })),
        ...serviceCatalog.operatorIds.map((id) => ({
            title: `operator ${id} with the catalog's example`,
            news: exampleWith((n) => (n.filters = [serviceCatalog.filterOperators[id].example])),
        })),
    ];
    for (const row of passing) {
        it(`accepts ${row.title}`, () => {
            assert.deepEqual(validateServiceInputs(row.news).failures, []);
        });
    }

    // Valid arguments for every function of the catalog.
    const VALID_ARGS: Record<string, Record<string, unknown>> = {
        format_date: { format: "Y-m-d" },
        round_date: { rounding: "start of day" },
        custom_dynamic_date: { round: "end of day", units: "day", adjustment: -1 },
        custom_string: { customString: "1" },
        pad: { direction: "left", length: 10, padCharacter: " " },
        prefix: { prefix: "{{flow.variables.season}}-" },
        concatenate: { joiningCharacter: " " },
        split_string: { delimiter: "\\|" },
        custom_number: { customNumber: 1.5 },
        round_number: { decimalPlaces: 0 },
        math: { operation: "divide" },
        cast_to_string: {},
        array_join: { delimiter: "," },
        custom_boolean: { value: false },
        cast_to_boolean: { trueValuesOverride: "yes,1", falseValuesOverride: "no,0" },
        map_lookup: { map: "lookup-7", direction: "left to right", matchType: "exact", outputType: "string" },
        fallback: { fallback: "n/a" },
        script: { scriptVersion: 12 },
        run_custom_script: { customScript: 7, scriptVariables: '{"threshold":"5"}' },
        convert_to: { targetType: "date" },
    };
    it("has valid arguments for every function of the catalog", () => {
        assert.deepEqual(Object.keys(VALID_ARGS).sort(), [...serviceCatalog.transformIds].sort());
    });
    for (const [fn, args] of Object.entries(VALID_ARGS)) {
        it(`accepts ${fn} with ${JSON.stringify(args)}`, () => {
            assert.deepEqual(validateServiceInputs(firstTransform(contractExample(), fn, args)).failures, []);
        });
    }

    // One row per kind of failure: the exact property path, and words of the fix.
    const failing: { title: string; news: News; property: string; mentions: RegExp[]; also?: string[] }[] = [
        { title: "an empty name", news: exampleWith((n) => (n.name = "")), property: "name", mentions: [/non-empty/, /resource name/] },
        {
            title: "a long name",
            news: exampleWith((n) => (n.name = "n".repeat(256))),
            property: "name",
            mentions: [/at most 255 characters/],
        },
        { title: "an unknown type", news: exampleWith((n) => (n.type = "batch")), property: "type", mentions: [/"standard", "sweeper"/] },
        {
            title: "no source",
            news: exampleWith((n) => delete n.source),
            property: "source",
            mentions: [/source is required/, /entity: "orders"/],
        },
        {
            title: "no source connector",
            news: exampleWith((n) => delete n.source.connectorId),
            property: "source.connectorId",
            mentions: [/set source\.connector/],
        },
        {
            title: "a source system outside the catalog",
            news: exampleWith((n) => (n.source.system = "shopfy")),
            property: "source.system",
            mentions: [/"shopfy" is not a system/],
        },
        {
            title: "no destination system",
            news: exampleWith((n) => delete n.destination.system),
            property: "destination.system",
            mentions: [/missing/],
        },
        {
            title: "a bad environment",
            news: exampleWith((n) => (n.source.environment = "prod")),
            property: "source.environment",
            mentions: [/"live" or "test"/],
        },
        {
            title: "a company group that is not a string",
            news: exampleWith((n) => (n.destination.companyGroup = 5)),
            property: "destination.companyGroup",
            mentions: [/must be a string/],
        },
        {
            title: "no entity",
            news: exampleWith((n) => delete n.source.entity),
            property: "source.entity",
            mentions: [/required/, /"orders", "products"/],
        },
        {
            title: "an entity typo",
            news: exampleWith((n) => (n.source.entity = "ordrs")),
            property: "source.entity",
            mentions: [/unknown entity "ordrs"; did you mean "orders"\?/],
        },
        {
            title: "an entity alias",
            news: exampleWith((n) => (n.destination.entity = "Inventory")),
            property: "destination.entity",
            mentions: [/did you mean "stock"\?/],
        },
        {
            title: "an unknown entity",
            news: exampleWith((n) => (n.source.entity = "widgets")),
            property: "source.entity",
            mentions: [/unknown entity "widgets"\. Entities: "orders"/],
        },
        {
            title: "an entity the source system does not send",
            news: exampleWith((n) => {
                n.source = { ...INBOUND_TEST, entity: "stock" };
                n.filters = [];
            }),
            property: "source.entity",
            mentions: [/Inbound API \(inbound-api\) does not take "stock" as a source/, /"orders", "products", "custom"/],
        },
        {
            title: "a system that is never a destination",
            news: exampleWith((n) => (n.destination = { ...INBOUND_TEST, entity: "orders" })),
            property: "destination.entity",
            mentions: [/never a service destination/],
        },
        {
            title: "one connector on both sides",
            news: exampleWith((n) => (n.destination = { ...SHOPIFY_UK_LIVE, entity: "orders" })),
            property: "destination.connectorId",
            mentions: [/same connector/, /two different connectors/],
        },
        {
            title: "one connector key on both sides while an id is unknown",
            news: exampleWith(
                (n) => (n.destination = { ...SHOPIFY_UK_LIVE, connectorId: UNKNOWN, companyGroup: " UK ", entity: "orders" }),
            ),
            property: "destination.connectorId",
            mentions: [/same connector \(live shopify connector in company group "uk"\)/],
        },
        {
            title: "a live source and a test destination",
            news: exampleWith((n) => (n.destination.environment = "test")),
            property: "destination.environment",
            mentions: [/source connector is live and the destination connector is test/, /set destination\.connector to a live connector/],
        },
        {
            title: "a bad source time zone",
            news: exampleWith((n) => (n.source.timezone = "Mars/Olympus")),
            property: "source.timezone",
            mentions: [/IANA time zone/, /"Mars\/Olympus" is not one/],
        },
        {
            title: "a bad destination time zone",
            news: exampleWith((n) => (n.destination.timezone = 3)),
            property: "destination.timezone",
            mentions: [/IANA time zone/],
        },
        {
            title: "pageSize 0",
            news: exampleWith((n) => (n.source.pageSize = 0)),
            property: "source.pageSize",
            mentions: [/whole number from 1 to 250/],
        },
        {
            title: "pageSize 251",
            news: exampleWith((n) => (n.source.pageSize = 251)),
            property: "source.pageSize",
            mentions: [/from 1 to 250 \(got 251\)/],
        },
        {
            title: "pageSize 2.5",
            news: exampleWith((n) => (n.source.pageSize = 2.5)),
            property: "source.pageSize",
            mentions: [/whole number/],
        },
        {
            title: 'pageSize "50"',
            news: exampleWith((n) => (n.source.pageSize = "50")),
            property: "source.pageSize",
            mentions: [/whole number/],
        },
        {
            title: "maxAttempts 11",
            news: exampleWith((n) => (n.source.maxAttempts = 11)),
            property: "source.maxAttempts",
            mentions: [/from 1 to 10/],
        },
        {
            title: "a destination pageSize",
            news: exampleWith((n) => (n.destination.pageSize = 10)),
            property: "destination.pageSize",
            mentions: [/source only/, /source\.pageSize/],
        },
        {
            title: "a trigger that is a string",
            news: exampleWith((n) => (n.trigger = "*/15 * * * *")),
            property: "trigger",
            mentions: [/\{ schedule: "\*\/15 \* \* \* \*" \}/, /\{ webhook: true \}/],
        },
        {
            title: "an empty trigger",
            news: exampleWith((n) => (n.trigger = {})),
            property: "trigger",
            mentions: [/\{ webhook: true \}/, /omit it/],
        },
        {
            title: "schedule and webhook",
            news: exampleWith((n) => (n.trigger.webhook = true)),
            property: "trigger",
            mentions: [/not both/],
        },
        {
            title: "an unknown trigger property",
            news: exampleWith((n) => (n.trigger = { cron: "* * * * *" })),
            property: "trigger.cron",
            mentions: [/unknown trigger property "cron"/],
            also: ["trigger"],
        },
        {
            title: "webhook false",
            news: exampleWith((n) => (n.trigger = { webhook: false })),
            property: "trigger.webhook",
            mentions: [/must be true/],
        },
        {
            title: "filters that are not a list",
            news: exampleWith((n) => (n.filters = { field: "x" })),
            property: "filters",
            mentions: [/list of \{ field, operator, value \}/],
        },
        {
            title: "a filter that is not an object",
            news: exampleWith((n) => (n.filters[1] = "created_at > 1")),
            property: "filters[1]",
            mentions: [/\{ field, operator, value \}/],
        },
        {
            title: "a filter without field",
            news: exampleWith((n) => (n.filters[0].field = "")),
            property: "filters[0].field",
            mentions: [/non-empty/],
        },
        {
            title: "an operator typo",
            news: exampleWith((n) => (n.filters[0].operator = "equal")),
            property: "filters[0].operator",
            mentions: [/did you mean "equals"\?/, /"within_last"/],
        },
        {
            title: "no operator",
            news: exampleWith((n) => delete n.filters[1].operator),
            property: "filters[1].operator",
            mentions: [/required/, /Operators: "equals"/],
        },
        {
            title: "a relative period typo",
            news: exampleWith((n) => (n.filters[1].value = "2 dayz")),
            property: "filters[1].value",
            mentions: [/"within_last" filter/, /such as "2 days"/],
        },
        {
            title: "a period of 0",
            news: exampleWith((n) => (n.filters[1].value = "0 days")),
            property: "filters[1].value",
            mentions: [/from 1/],
        },
        {
            title: "a period in months",
            news: exampleWith((n) => (n.filters[1].value = "2 months")),
            property: "filters[1].value",
            mentions: [/N unit/],
        },
        {
            title: "a period without a space",
            news: exampleWith((n) => (n.filters[1].value = "2days")),
            property: "filters[1].value",
            mentions: [/N unit/],
        },
        {
            title: "greater_than a word",
            news: exampleWith((n) => (n.filters[1] = { field: "total", operator: "greater_than", value: "lots" })),
            property: "filters[1].value",
            mentions: [/decimal number, or an ISO 8601 date/],
        },
        {
            title: "greater_than an impossible date",
            news: exampleWith((n) => (n.filters[1] = { field: "d", operator: "less_than", value: "2024-02-30" })),
            property: "filters[1].value",
            mentions: [/ISO 8601/],
        },
        {
            title: "contains nothing",
            news: exampleWith((n) => (n.filters[0] = { field: "tags", operator: "contains", value: " " })),
            property: "filters[0].value",
            mentions: [/non-empty text/],
        },
        {
            title: "a value that is not a string",
            news: exampleWith((n) => (n.filters[0].value = 5)),
            property: "filters[0].value",
            mentions: [/a string \(got 5\)/],
        },
        {
            title: "a value over the limit",
            news: exampleWith((n) => (n.filters[0].value = "x".repeat(1025))),
            property: "filters[0].value",
            mentions: [/at most 1024 characters \(got 1025\)/],
        },
        {
            title: "filters on an Inbound API source",
            news: exampleWith((n) => (n.source = { ...INBOUND_TEST, entity: "orders" })),
            property: "filters",
            mentions: [/not available when the source is Inbound API \(inbound-api\)/, /remove them/],
        },
        {
            title: "one filter field twice on a NetSuite source",
            news: exampleWith((n) => {
                n.source = { ...NETSUITE_UK_LIVE, entity: "orders" };
                n.destination = { ...SHOPIFY_UK_LIVE, entity: "orders" };
                n.filters.push({ field: "created_at", operator: "within_last", value: "1 hours" });
            }),
            property: "filters[2].field",
            mentions: [/filters\[1\] and filters\[2\] both filter on "created_at"/, /NetSuite \(netsuite\) takes each filter field once/],
        },
        {
            title: "mappings that are not a list",
            news: exampleWith((n) => (n.mappings = "email")),
            property: "mappings",
            mentions: [/list of/],
        },
        {
            title: "a mapping that is not an object",
            news: exampleWith((n) => (n.mappings[0] = null)),
            property: "mappings[0]",
            mentions: [/\{ source\?, destination, transforms\? \}/],
        },
        {
            title: "a mapping without destination",
            news: exampleWith((n) => delete n.mappings[0].destination),
            property: "mappings[0].destination",
            mentions: [/non-empty/, /destination field/],
        },
        {
            title: "an empty source",
            news: exampleWith((n) => (n.mappings[0].source = "")),
            property: "mappings[0].source",
            mentions: [/non-empty/],
        },
        {
            title: "a long destination",
            news: exampleWith((n) => (n.mappings[0].destination = "d".repeat(256))),
            property: "mappings[0].destination",
            mentions: [/at most 255/],
        },
        {
            title: "two mappings to one destination",
            news: exampleWith((n) => (n.mappings[2].destination = "tran_date")),
            property: "mappings[2].destination",
            mentions: [/mappings\[1\] and mappings\[2\] both map to "tran_date"/, /merge them or remove one/],
        },
        {
            title: "a mapping with neither source nor transforms",
            news: exampleWith((n) => n.mappings.push({ destination: "memo" })),
            property: "mappings[3].source",
            mentions: [/neither a source nor a transform/, /custom_string/],
        },
        {
            title: "a source-reading function without source",
            news: exampleWith((n) => delete n.mappings[1].source),
            property: "mappings[1].source",
            mentions: [/format_date transforms the mapping's source field: set mappings\[1\]\.source/],
        },
        {
            title: "transforms that are not a list",
            news: exampleWith((n) => (n.mappings[1].transforms = { function: "pad" })),
            property: "mappings[1].transforms",
            mentions: [/list of \{ function, args \}/],
        },
        {
            title: "a transform that is not an object",
            news: exampleWith((n) => (n.mappings[1].transforms = ["format_date"])),
            property: "mappings[1].transforms[0]",
            mentions: [/\{ function, args \}/],
        },
        {
            title: "a function typo",
            news: firstTransform(contractExample(), "format_dat", {}),
            property: "mappings[1].transforms[0].function",
            mentions: [/did you mean "format_date"\?/],
        },
        {
            title: "no function",
            news: exampleWith((n) => delete n.mappings[2].transforms[0].function),
            property: "mappings[2].transforms[0].function",
            mentions: [/required/, /Functions: "format_date"/],
        },
        {
            title: "args that are not an object",
            news: firstTransform(contractExample(), "format_date", "Y-m-d"),
            property: "mappings[1].transforms[0].args",
            mentions: [/object of format_date's arguments: format/],
        },
        {
            title: "a missing required argument",
            news: firstTransform(contractExample(), "format_date", {}),
            property: "mappings[1].transforms[0].args.format",
            mentions: [/format_date needs args\.format: a PHP date\(\) format/],
        },
        {
            title: "an unknown argument",
            news: firstTransform(contractExample(), "format_date", { format: "Y", pattern: "x" }),
            property: "mappings[1].transforms[0].args.pattern",
            mentions: [/unknown argument "pattern" for format_date; its arguments: format/],
        },
        {
            title: "a source field given as an argument",
            news: firstTransform(contractExample(), "format_date", { format: "Y", sourceFields: "created_at" }),
            property: "mappings[1].transforms[0].args.sourceFields",
            mentions: [/not an argument of format_date: the mapping's source gives/],
        },
        {
            title: "a value outside the allowed ones",
            news: firstTransform(contractExample(), "pad", { direction: "up", length: 3, padCharacter: "0" }),
            property: "mappings[1].transforms[0].args.direction",
            mentions: [/one of "left", "right", "both"/],
        },
        {
            title: "an integer as a string",
            news: firstTransform(contractExample(), "pad", { direction: "left", length: "3", padCharacter: "0" }),
            property: "mappings[1].transforms[0].args.length",
            mentions: [/whole number from 1 \(a number, not a string\)/],
        },
        {
            title: "an integer below its minimum",
            news: firstTransform(contractExample(), "pad", { direction: "left", length: 0, padCharacter: "0" }),
            property: "mappings[1].transforms[0].args.length",
            mentions: [/from 1/],
        },
        {
            title: "a fraction for an integer",
            news: firstTransform(contractExample(), "round_number", { decimalPlaces: 1.5 }),
            property: "mappings[1].transforms[0].args.decimalPlaces",
            mentions: [/whole number from 0/],
        },
        {
            title: "a number as a string",
            news: firstTransform(contractExample(), "custom_number", { customNumber: "5" }),
            property: "mappings[1].transforms[0].args.customNumber",
            mentions: [/a number \(a number, not a string\)/],
        },
        {
            title: "a boolean as a string",
            news: firstTransform(contractExample(), "custom_boolean", { value: "true" }),
            property: "mappings[1].transforms[0].args.value",
            mentions: [/true or false \(a boolean, not a string\)/],
        },
        {
            title: "two pad characters",
            news: firstTransform(contractExample(), "pad", { direction: "left", length: 3, padCharacter: "ab" }),
            property: "mappings[1].transforms[0].args.padCharacter",
            mentions: [/exactly one character/],
        },
        {
            title: "an empty reference",
            news: firstTransform(contractExample(), "map_lookup", { map: "", direction: "left to right", matchType: "x", outputType: "y" }),
            property: "mappings[1].transforms[0].args.map",
            mentions: [/id of a Patchworks object/],
        },
        {
            title: "an empty open-enum value",
            news: firstTransform(contractExample(), "map_lookup", { map: 3, direction: "left to right", matchType: " ", outputType: "y" }),
            property: "mappings[1].transforms[0].args.matchType",
            mentions: [/must not be empty/],
        },
        {
            title: "script variables that are not JSON",
            news: firstTransform(contractExample(), "run_custom_script", { customScript: 1, scriptVariables: "{bad" }),
            property: "mappings[1].transforms[0].args.scriptVariables",
            mentions: [/JSON object of text values/],
        },
        {
            title: "a long string argument",
            news: exampleWith((n) => (n.mappings[2].transforms[0].args.customString = "s".repeat(1025))),
            property: "mappings[2].transforms[0].args.customString",
            mentions: [/at most 1024 characters/],
        },
        {
            title: "a Luxon date format",
            news: firstTransform(contractExample(), "format_date", { format: "yyyy-MM-dd" }),
            property: "mappings[1].transforms[0].args.format",
            mentions: [/"yy" repeats a format character/, /"Y-m-d H:i:s"/],
        },
        {
            title: "a letter PHP does not know",
            news: firstTransform(contractExample(), "format_date", { format: "Y-m-d q" }),
            property: "mappings[1].transforms[0].args.format",
            mentions: [/"q" is not a PHP date format character \(escape a literal letter as "\\q"\)/],
        },
        {
            title: "a lone trailing backslash",
            news: firstTransform(contractExample(), "format_date", { format: "Y-m-d\\" }),
            property: "mappings[1].transforms[0].args.format",
            mentions: [/lone backslash/],
        },
        {
            title: "a format of punctuation only",
            news: firstTransform(contractExample(), "format_date", { format: "--" }),
            property: "mappings[1].transforms[0].args.format",
            mentions: [/no PHP date format character/],
        },
        {
            title: "16 custom scripts",
            news: exampleWith((n) => (n.mappings[1].transforms = scripts(16))),
            property: "mappings[1].transforms",
            mentions: [/16 custom-script transforms/, /at most 15/],
        },
        {
            title: "16 custom scripts of both kinds",
            news: exampleWith(
                (n) =>
                    (n.mappings[1].transforms = [
                        ...scripts(8),
                        ...scripts(8, "script").map((t) => ({ function: "script", args: { scriptVersion: t.args.customScript } })),
                    ]),
            ),
            property: "mappings[1].transforms",
            mentions: [/16 custom-script/],
        },
        {
            title: "alerts that are not an object",
            news: exampleWith((n) => (n.alerts = "ops")),
            property: "alerts",
            mentions: [/\{ notificationGroup: "<name>" \}/],
        },
        {
            title: "alerts without a group",
            news: exampleWith((n) => (n.alerts = {})),
            property: "alerts.notificationGroup",
            mentions: [/non-empty/, /notification group/],
        },
        {
            title: "long notes",
            news: exampleWith((n) => (n.notes = "x".repeat(2001))),
            property: "notes",
            mentions: [/at most 2000 characters \(got 2001\)/],
        },
        { title: "notes that are not a string", news: exampleWith((n) => (n.notes = ["a"])), property: "notes", mentions: [/string/] },
        {
            title: "active that is not a boolean",
            news: exampleWith((n) => (n.active = "yes")),
            property: "active",
            mentions: [/true or false/],
        },
        { title: "adopt that is not a boolean", news: exampleWith((n) => (n.adopt = 1)), property: "adopt", mentions: [/true or false/] },
        {
            title: "an active service without a trigger",
            news: exampleWith((n) => delete n.trigger),
            property: "active",
            mentions: [/active service needs a trigger/, /\{ webhook: true \}/, /active: false/],
        },
    ];

    // The cron rules, each field's range and form.
    const badSchedules: { schedule: unknown; mentions: RegExp[] }[] = [
        { schedule: "* * * *", mentions: [/has 4 fields; a schedule has 5/] },
        { schedule: "0 */15 * * * *", mentions: [/has 6 fields/, /6- and 7-field forms .* not supported/] },
        { schedule: "", mentions: [/has 0 fields/] },
        { schedule: "60 * * * *", mentions: [/minute field has "60", outside 0-59/] },
        { schedule: "* 24 * * *", mentions: [/hour field has "24", outside 0-23/] },
        { schedule: "* * 0 * *", mentions: [/day of month field has "0", outside 1-31/] },
        { schedule: "* * 32 * *", mentions: [/day of month field has "32"/] },
        { schedule: "* * * 13 *", mentions: [/month field has "13", outside 1-12 or JAN-DEC/] },
        { schedule: "* * * SEPT *", mentions: [/month field has "SEPT"/] },
        { schedule: "* * * * 8", mentions: [/day of week field has "8", outside 0-7 or SUN-SAT/] },
        { schedule: "*/0 * * * *", mentions: [/step "\/0"/] },
        { schedule: "*/x * * * *", mentions: [/step "\/x"/] },
        { schedule: "*/61 * * * *", mentions: [/minute field has the step "\/61": a step is a whole number from 1 to 59/] },
        { schedule: "0 */24 * * *", mentions: [/hour field has the step "\/24": a step is a whole number from 1 to 23/] },
        { schedule: "1/2/3 * * * *", mentions: [/more than one "\/"/] },
        { schedule: "5-1 * * * *", mentions: [/range "5-1", which runs backwards/] },
        { schedule: "1-2-3 * * * *", mentions: [/more than one "-"/] },
        { schedule: "1,,2 * * * *", mentions: [/empty list item/] },
        { schedule: "0 0 ? * *", mentions: [/has "\?"/] },
        { schedule: "0 0 L * *", mentions: [/has "L"/] },
        { schedule: "@hourly", mentions: [/macro/, /"0 \* \* \* \*"/] },
        { schedule: 15, mentions: [/got 15/] },
    ];
    for (const { schedule, mentions } of badSchedules) {
        failing.push({
            title: `the schedule ${JSON.stringify(schedule)}`,
            news: exampleWith((n) => (n.trigger.schedule = schedule)),
            property: "trigger.schedule",
            mentions: [/5-field cron expression in UTC/, ...mentions],
        });
    }

    for (const row of failing) {
        it(`rejects ${row.title} at ${row.property}`, () => {
            const { failures } = validateServiceInputs(row.news);
            assert.deepEqual(failures.map((f) => f.property).sort(), [row.property, ...(row.also ?? [])].sort(), JSON.stringify(failures));
            const reason = failures.find((f) => f.property === row.property)!.reason;
            for (const mention of row.mentions) assert.match(reason, mention);
        });
    }

    it("reports every problem at once", () => {
        const news = exampleWith((n) => {
            n.source.entity = "ordrs";
            n.trigger.schedule = "* 24 * * *";
            n.filters[0].operator = "equal";
            n.mappings[1].transforms[0].args = {};
        });
        assert.deepEqual(properties(news), [
            "source.entity",
            "trigger.schedule",
            "filters[0].operator",
            "mappings[1].transforms[0].args.format",
        ]);
    });

    it("keeps long values out of its messages", () => {
        const long = "v".repeat(5000);
        const news = exampleWith((n) => {
            n.name = long;
            n.source.entity = long;
            n.filters[0].operator = long;
            n.trigger.schedule = long;
            n.mappings[1].transforms[0].function = long;
        });
        const { failures } = validateServiceInputs(news);
        assert.equal(failures.length, 5);
        for (const failure of failures) assert.ok(!failure.reason.includes("v".repeat(100)), failure.reason.slice(0, 200));
    });

    it("never throws, whatever a field holds", () => {
        const keys = ["name", "type", "source", "destination", "trigger", "filters", "mappings", "alerts", "notes", "active", "adopt"];
        const anyValue = fc.oneof(fc.anything(), fc.constant(UNKNOWN));
        fc.assert(
            fc.property(
                fc.constantFrom(...keys),
                anyValue,
                fc.constantFrom("source", "destination"),
                fc.constantFrom("entity", "connectorId", "system", "environment", "timezone", "pageSize"),
                anyValue,
                (key, value, side, field, inner) => {
                    validateServiceInputs(exampleWith((n) => (n[key] = value)));
                    validateServiceInputs(exampleWith((n) => (n[side][field] = inner)));
                    validateServiceInputs(exampleWith((n) => (n.mappings[1].transforms[0].args = { format: inner })));
                    validateServiceInputs(exampleWith((n) => (n.filters[1] = { field: "f", operator: "within_last", value: inner })));
                },
            ),
            { numRuns: 300 },
        );
    });

    describe("values not known yet (preview)", () => {
        // The unknown value skips only the checks that need it: each row also breaks one rule
        // elsewhere, which must still be the one failure reported.
        const rows: { title: string; change: (n: News) => void; expected: string[] }[] = [
            { title: "an unknown source connector id, different keys", change: (n) => (n.source.connectorId = UNKNOWN), expected: [] },
            {
                title: "unknown destination id and system",
                change: (n) => {
                    n.destination.connectorId = UNKNOWN;
                    n.destination.system = UNKNOWN;
                },
                expected: [],
            },
            { title: "a whole unknown source", change: (n) => (n.source = UNKNOWN), expected: [] },
            { title: "an unknown environment", change: (n) => (n.destination.environment = UNKNOWN), expected: [] },
            {
                title: "an unknown source entity",
                change: (n) => {
                    n.source.entity = UNKNOWN;
                    n.trigger.schedule = "* 24 * * *";
                },
                expected: ["trigger.schedule"],
            },
            {
                title: "an unknown entity on an Inbound API destination",
                change: (n) => (n.destination = { ...INBOUND_TEST, entity: UNKNOWN }),
                expected: [],
            },
            { title: "an unknown source system with filters", change: (n) => (n.source.system = UNKNOWN), expected: [] },
            {
                title: "an unknown whole filters list on an Inbound API source",
                change: (n) => {
                    n.source = { ...INBOUND_TEST, entity: "orders" };
                    n.filters = UNKNOWN;
                },
                expected: [],
            },
            {
                title: "an unknown filter next to a bad one",
                change: (n) => {
                    n.filters[0] = UNKNOWN;
                    n.filters[1].value = "2 dayz";
                },
                expected: ["filters[1].value"],
            },
            {
                title: "an unknown operator",
                change: (n) => {
                    n.filters[1].operator = UNKNOWN;
                    n.filters[1].value = "not a period";
                },
                expected: [],
            },
            { title: "an unknown filter value", change: (n) => (n.filters[1].value = UNKNOWN), expected: [] },
            {
                title: "an unknown filter field is never a repeat",
                change: (n) => {
                    n.source = { ...NETSUITE_UK_LIVE, entity: "orders" };
                    n.destination = { ...SHOPIFY_UK_LIVE, entity: "orders" };
                    n.filters[0].field = UNKNOWN;
                    n.filters[1].field = UNKNOWN;
                },
                expected: [],
            },
            { title: "an unknown argument value", change: (n) => (n.mappings[1].transforms[0].args.format = UNKNOWN), expected: [] },
            {
                title: "an unknown argument next to a bad one",
                change: (n) =>
                    (n.mappings[1].transforms = [{ function: "pad", args: { direction: "up", length: UNKNOWN, padCharacter: UNKNOWN } }]),
                expected: ["mappings[1].transforms[0].args.direction"],
            },
            { title: "an unknown args object", change: (n) => (n.mappings[1].transforms[0].args = UNKNOWN), expected: [] },
            {
                title: "an unknown function without source",
                change: (n) => {
                    delete n.mappings[1].source;
                    n.mappings[1].transforms[0].function = UNKNOWN;
                },
                expected: [],
            },
            {
                title: "an unknown transforms list without source",
                change: (n) => {
                    delete n.mappings[1].source;
                    n.mappings[1].transforms = UNKNOWN;
                },
                expected: [],
            },
            { title: "an unknown mapping source", change: (n) => (n.mappings[1].source = UNKNOWN), expected: [] },
            {
                title: "an unknown destination is never a duplicate",
                change: (n) => {
                    n.mappings[0].destination = UNKNOWN;
                    n.mappings[1].destination = UNKNOWN;
                },
                expected: [],
            },
            { title: "an unknown whole mappings list", change: (n) => (n.mappings = UNKNOWN), expected: [] },
            {
                title: "an unknown mapping next to a duplicate",
                change: (n) => {
                    n.mappings[0] = UNKNOWN;
                    n.mappings[2].destination = "tran_date";
                },
                expected: ["mappings[2].destination"],
            },
            {
                title: "unknown active without a trigger",
                change: (n) => {
                    n.active = UNKNOWN;
                    delete n.trigger;
                },
                expected: [],
            },
            { title: "an unknown trigger on an active service", change: (n) => (n.trigger = UNKNOWN), expected: [] },
            { title: "an unknown schedule", change: (n) => (n.trigger.schedule = UNKNOWN), expected: [] },
            {
                title: "an unknown name and notes",
                change: (n) => {
                    n.name = UNKNOWN;
                    n.notes = UNKNOWN;
                },
                expected: [],
            },
            { title: "an unknown page size", change: (n) => (n.source.pageSize = UNKNOWN), expected: [] },
        ];
        for (const row of rows) {
            it(`${row.title}: reports ${JSON.stringify(row.expected)}`, () => {
                assert.deepEqual(properties(exampleWith(row.change)), row.expected);
            });
        }

        it("keeps unknown values in the checked inputs", () => {
            const { inputs } = validateServiceInputs(
                exampleWith((n) => {
                    n.source.connectorId = UNKNOWN;
                    n.filters = UNKNOWN;
                    n.mappings[1].transforms[0].args.format = UNKNOWN;
                    n.active = UNKNOWN;
                }),
            );
            assert.equal(inputs.source.connectorId, UNKNOWN);
            assert.equal(inputs.filters, UNKNOWN);
            assert.equal(inputs.mappings[1].transforms[0].args.format, UNKNOWN);
            assert.equal(inputs.active, UNKNOWN);
        });

        it("compares keys once the ids are unknown, and never calls two unknown keys equal", () => {
            const sameUnknownGroup = exampleWith((n) => {
                n.source.connectorId = UNKNOWN;
                n.destination = { ...SHOPIFY_UK_LIVE, connectorId: UNKNOWN, entity: "orders" };
                n.source.companyGroup = UNKNOWN;
            });
            assert.deepEqual(properties(sameUnknownGroup), []);
        });
    });
});
