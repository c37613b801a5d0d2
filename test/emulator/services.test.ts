// The emulator's /services API (contract sections 5, 7 and 8): create, read, list, update and
// delete; every validation rule, each with a row that passes and a row that fails at its exact
// path; the webhook URL; and the refusal to delete a connector that a service uses.
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { contractServiceBody } from "../support/contract-service";
import { connectorBodies, emulatorSuite, serviceBody, type ApiClient } from "./http";

/** The connectors every test starts with: live ones in group "uk", and a test pair. */
interface Account {
    readonly shopify: string;
    readonly netsuite: string;
    readonly shopifyTest: string;
    readonly netsuiteTest: string;
    readonly inbound: string;
    readonly brightpearl: string;
}

type Body = Record<string, unknown>;

async function createConnector(api: ApiClient, body: Body): Promise<string> {
    const response = await api.post("/service-connectors", body);
    assert.equal(response.status, 201, JSON.stringify(response.body));
    return response.body.data.id;
}

async function createAccount(api: ApiClient): Promise<Account> {
    return {
        shopify: await createConnector(api, connectorBodies.shopify()),
        netsuite: await createConnector(api, connectorBodies.netsuite()),
        shopifyTest: await createConnector(api, connectorBodies.shopify({ environment: "test" })),
        netsuiteTest: await createConnector(api, connectorBodies.netsuite({ environment: "test" })),
        inbound: await createConnector(api, connectorBodies.inboundApi()),
        brightpearl: await createConnector(api, connectorBodies.brightpearl()),
    };
}

/** The contract's example service, in the API's shape. */
function fullService(a: Account): Body {
    return contractServiceBody(a.shopify, a.netsuite);
}

const base = (a: Account, overrides: Body = {}) => serviceBody(a.shopify, a.netsuite, overrides);
const withSource = (a: Account, source: Body) => base(a, { source: { connector_id: a.shopify, entity: "orders", ...source } });
const withDestination = (a: Account, destination: Body) =>
    base(a, { destination: { connector_id: a.netsuite, entity: "orders", ...destination } });
const withSchedule = (a: Account, expression: string) => base(a, { trigger: { type: "schedule", expression } });
const withFilters = (a: Account, ...filters: unknown[]) => base(a, { filters });
const withMappings = (a: Account, ...mappings: unknown[]) => base(a, { mappings });
const withTransforms = (a: Account, transforms: unknown[], sourceField: string | null = "created_at") =>
    withMappings(a, { source_field: sourceField, destination_field: "target", transforms });
const transform = (fn: string, args: Body = {}) => ({ function: fn, args });
const scripts = (n: number) => Array.from({ length: n }, (_, i) => transform("run_custom_script", { customScript: `script-${i}` }));

describe("emulator: services", () => {
    const suite = emulatorSuite();
    let account: Account;
    beforeEach(async () => {
        account = await createAccount(suite.api);
    });

    async function create(body: Body) {
        const response = await suite.api.post("/services", body);
        assert.equal(response.status, 201, JSON.stringify(response.body));
        return response.body.data;
    }

    async function serviceCount(): Promise<number> {
        return (await suite.api.get("/services")).body.meta.total;
    }

    describe("create and read", () => {
        it("creates a service (201), storing what was omitted as null and the time zones as UTC", async () => {
            const response = await suite.api.post("/services", base(account));
            assert.equal(response.status, 201);
            const created = response.body.data;
            assert.match(created.id, /^svc_[0-9a-f]{16}$/);
            assert.match(created.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
            assert.equal(created.updated_at, created.created_at);
            assert.deepEqual(created, {
                id: created.id,
                name: "UK orders to NetSuite",
                type: "standard",
                active: false,
                source: { connector_id: account.shopify, entity: "orders", page_size: null, max_attempts: null, timezone: "UTC" },
                destination: { connector_id: account.netsuite, entity: "orders", timezone: "UTC" },
                trigger: null,
                filters: [],
                mappings: [],
                alerts: null,
                notes: null,
                created_at: created.created_at,
                updated_at: created.created_at,
            });
            assert.deepEqual((await suite.api.get(`/services/${created.id}`)).body, { data: created });
        });

        it("stores explicit nulls as null, as the provider sends them", async () => {
            const created = await create(
                base(account, {
                    source: { connector_id: account.shopify, entity: "orders", page_size: null, max_attempts: null, timezone: "UTC" },
                    trigger: null,
                    alerts: null,
                    notes: null,
                }),
            );
            assert.deepEqual(
                [created.source.page_size, created.source.max_attempts, created.trigger, created.alerts, created.notes],
                [null, null, null, null, null],
            );
        });

        it("returns every field of the contract's example as sent, filters and mappings in order", async () => {
            const body = fullService(account);
            const created = await create(body);
            assert.deepEqual(
                { ...created, id: undefined, created_at: undefined, updated_at: undefined },
                {
                    ...body,
                    id: undefined,
                    created_at: undefined,
                    updated_at: undefined,
                },
            );
        });

        it("fills in empty transforms and args when a mapping or transform leaves them out", async () => {
            const created = await create(
                withMappings(
                    account,
                    { source_field: "email", destination_field: "customer.email" },
                    { destination_field: "memo", transforms: [{ function: "custom_string", args: { customString: "x" } }] },
                    { source_field: "id", destination_field: "external_id", transforms: [{ function: "cast_to_string" }] },
                ),
            );
            assert.deepEqual(created.mappings, [
                { source_field: "email", destination_field: "customer.email", transforms: [] },
                { source_field: null, destination_field: "memo", transforms: [{ function: "custom_string", args: { customString: "x" } }] },
                { source_field: "id", destination_field: "external_id", transforms: [{ function: "cast_to_string", args: {} }] },
            ]);
        });

        it("allows several services with the same name, each with its own id", async () => {
            const first = await create(base(account));
            const second = await create(base(account));
            assert.notEqual(first.id, second.id);
            assert.equal(await serviceCount(), 2);
        });

        it("answers 404 with a message naming the id, for every method", async () => {
            for (const [method, json] of [["GET"], ["PATCH", { name: "x" }], ["DELETE"]] as const) {
                const response = await suite.api.request(method, "/services/svc_missing", { json });
                assert.equal(response.status, 404, method);
                assert.match(response.body.message, /svc_missing/);
            }
        });
    });

    describe("list", () => {
        it("lists every service without a filter, and by connector (source or destination) with filter[connector]", async () => {
            const toNetsuite = await create(base(account));
            const fromNetsuite = await create(serviceBody(account.netsuite, account.shopify, { name: "NetSuite to Shopify" }));
            const fromInbound = await create(serviceBody(account.inbound, account.brightpearl, { name: "Inbound to Brightpearl" }));
            const ids = async (query: string) => (await suite.api.get(`/services${query}`)).body.data.map((s: { id: string }) => s.id);
            const cases: { query: string; expected: string[] }[] = [
                { query: "", expected: [toNetsuite.id, fromNetsuite.id, fromInbound.id] },
                { query: `?filter[connector]=${account.shopify}`, expected: [toNetsuite.id, fromNetsuite.id] },
                { query: `?filter[connector]=${account.netsuite}`, expected: [toNetsuite.id, fromNetsuite.id] },
                { query: `?filter[connector]=${account.brightpearl}`, expected: [fromInbound.id] },
                { query: `?filter[connector]=${account.shopifyTest}`, expected: [] },
                { query: "?filter[connector]=sc_unknown", expected: [] },
            ];
            for (const { query, expected } of cases) {
                assert.deepEqual(await ids(query), expected, query);
            }
            const listed = (await suite.api.get("/services")).body.data;
            assert.deepEqual(listed[0], toNetsuite, "a listed service is the service as read");
        });

        it("pages the list with meta.last_page, covering every service once in creation order", async () => {
            const created: string[] = [];
            for (let i = 0; i < 5; i++) created.push((await create(base(account, { name: `Service ${i}` }))).id);
            const pages = [];
            for (let page = 1; page <= 3; page++)
                pages.push((await suite.api.get(`/services?filter[connector]=${account.shopify}&page=${page}&per_page=2`)).body);
            assert.deepEqual(
                pages.map((p) => p.meta),
                [1, 2, 3].map((page) => ({ current_page: page, last_page: 3, per_page: 2, total: 5 })),
            );
            assert.deepEqual(
                pages.flatMap((p) => p.data.map((s: { id: string }) => s.id)),
                created,
            );
            assert.deepEqual((await suite.api.get("/services")).body.meta, { current_page: 1, last_page: 1, per_page: 50, total: 5 });
        });

        it("reports last_page 1 for an empty list", async () => {
            assert.deepEqual((await suite.api.get("/services")).body, {
                data: [],
                meta: { current_page: 1, last_page: 1, per_page: 50, total: 0 },
            });
        });

        for (const query of ["filter[connector]=", "filter[connector]=a&filter[connector]=b", "page=0", "per_page=x"]) {
            it(`refuses the query ${query} with 422`, async () => {
                const response = await suite.api.get(`/services?${query}`);
                assert.equal(response.status, 422);
                assert.equal(Object.keys(response.body.errors).length, 1);
            });
        }
    });

    describe("validation (422, one entry per failing field, at its path)", () => {
        // Each rule has a row that passes (path undefined: 201) and a row that fails at `path`.
        const cases: { rule: string; title: string; body: (a: Account) => Body; path?: string; mentions?: RegExp }[] = [
            { rule: "connectors exist", title: "two existing connectors", body: (a) => base(a) },
            {
                rule: "connectors exist",
                title: "an unknown source connector",
                body: (a) => serviceBody("sc_missing", a.netsuite),
                path: "source.connector_id",
                mentions: /source connector sc_missing does not exist/,
            },
            {
                rule: "connectors exist",
                title: "an unknown destination connector",
                body: (a) => serviceBody(a.shopify, "sc_missing"),
                path: "destination.connector_id",
                mentions: /destination connector sc_missing does not exist/,
            },
            { rule: "connectors exist", title: "a missing source", body: (a) => base(a, { source: undefined }), path: "source" },
            {
                rule: "connectors exist",
                title: "a source without a connector",
                body: (a) => base(a, { source: { entity: "orders" } }),
                path: "source.connector_id",
            },

            {
                rule: "two different connectors",
                title: "the same connector twice",
                body: (a) => serviceBody(a.shopify, a.shopify),
                path: "destination.connector_id",
            },

            { rule: "one environment", title: "two test connectors", body: (a) => serviceBody(a.shopifyTest, a.netsuiteTest) },
            {
                rule: "one environment",
                title: "a live source and a test destination",
                body: (a) => serviceBody(a.shopify, a.netsuiteTest),
                path: "destination.connector_id",
                mentions: /test connector and the source connector .* is live/,
            },

            { rule: "entities are known", title: "products", body: (a) => withSource(a, { entity: "products" }) },
            {
                rule: "entities are known",
                title: "an alias of an entity",
                body: (a) => withSource(a, { entity: "order" }),
                path: "source.entity",
                mentions: /did you mean "orders"/,
            },
            {
                rule: "entities are known",
                title: "an unknown destination entity",
                body: (a) => withDestination(a, { entity: "widgets" }),
                path: "destination.entity",
            },
            {
                rule: "entities are known",
                title: "an entity that is not a string",
                body: (a) => withSource(a, { entity: 5 }),
                path: "source.entity",
            },
            {
                rule: "entity directions where the data's list is complete",
                title: "a known entity on an open list (stock from Shopify)",
                body: (a) => withSource(a, { entity: "stock" }),
            },
            {
                rule: "entity directions where the data's list is complete",
                title: "a custom entity from the Inbound API",
                body: (a) => serviceBody(a.inbound, a.netsuite, { source: { connector_id: a.inbound, entity: "custom" } }),
            },
            {
                rule: "entity directions where the data's list is complete",
                title: "stock from the Inbound API (it sends orders, products, custom)",
                body: (a) => serviceBody(a.inbound, a.netsuite, { source: { connector_id: a.inbound, entity: "stock" } }),
                path: "source.entity",
                mentions: /Inbound API takes only "orders", "products", "custom" as a source/,
            },
            {
                rule: "entity directions where the data's list is complete",
                title: "the Inbound API as a destination",
                body: (a) => serviceBody(a.shopify, a.inbound),
                path: "destination.entity",
                mentions: /Inbound API cannot be the destination of a service/,
            },

            { rule: "time zones", title: "Europe/London", body: (a) => withSource(a, { timezone: "Europe/London" }) },
            {
                rule: "time zones",
                title: "an unknown source time zone",
                body: (a) => withSource(a, { timezone: "Mars/Olympus" }),
                path: "source.timezone",
            },
            {
                rule: "time zones",
                title: "a destination time zone that is not a string",
                body: (a) => withDestination(a, { timezone: 1 }),
                path: "destination.timezone",
            },

            { rule: "page size 1 to 250", title: "a page size of 250", body: (a) => withSource(a, { page_size: 250 }) },
            {
                rule: "page size 1 to 250",
                title: "a page size of 251",
                body: (a) => withSource(a, { page_size: 251 }),
                path: "source.page_size",
            },
            {
                rule: "page size 1 to 250",
                title: "a page size of 0",
                body: (a) => withSource(a, { page_size: 0 }),
                path: "source.page_size",
            },
            {
                rule: "page size 1 to 250",
                title: "a page size of 2.5",
                body: (a) => withSource(a, { page_size: 2.5 }),
                path: "source.page_size",
            },
            { rule: "maximum attempts 1 to 10", title: "10 attempts", body: (a) => withSource(a, { max_attempts: 10 }) },
            {
                rule: "maximum attempts 1 to 10",
                title: "11 attempts",
                body: (a) => withSource(a, { max_attempts: 11 }),
                path: "source.max_attempts",
            },
            {
                rule: "maximum attempts 1 to 10",
                title: '"4" as a string',
                body: (a) => withSource(a, { max_attempts: "4" }),
                path: "source.max_attempts",
            },

            { rule: "a trigger", title: "a webhook trigger", body: (a) => base(a, { trigger: { type: "webhook" } }) },
            {
                rule: "a trigger",
                title: "an unknown trigger type",
                body: (a) => base(a, { trigger: { type: "cron", expression: "* * * * *" } }),
                path: "trigger.type",
            },
            {
                rule: "a trigger",
                title: "a schedule without an expression",
                body: (a) => base(a, { trigger: { type: "schedule" } }),
                path: "trigger.expression",
            },
            { rule: "a trigger", title: "a trigger that is a string", body: (a) => base(a, { trigger: "*/15 * * * *" }), path: "trigger" },
            {
                rule: "a trigger",
                title: "a webhook URL chosen by the client",
                body: (a) => base(a, { trigger: { type: "webhook", url: "https://example.com/hook" } }),
                path: "trigger.url",
            },
            {
                rule: "a trigger",
                title: "a webhook with an expression",
                body: (a) => base(a, { trigger: { type: "webhook", expression: "* * * * *" } }),
                path: "trigger.expression",
            },

            ...[
                "*/15 * * * *",
                "0 9-17 * * MON-FRI",
                "0 0 1,15 jan,Jul *",
                "30 2 * * 7",
                "5/10 * * * *",
                "0 0 31 12 SUN",
                "  0  6 * *   1-5 ",
                "59 23 1-31/2 */12 0-6/7",
            ].map((expression) => ({ rule: "5-field cron", title: `"${expression}"`, body: (a: Account) => withSchedule(a, expression) })),
            ...[
                ["*/15 * * *", "4 fields"],
                ["0 0 * * * *", "6 fields (seconds)"],
                ["0 0 1 1 * 2025", "6 fields (a year)"],
                ["", "no fields"],
                ["60 * * * *", "minute 60"],
                ["0 24 * * *", "hour 24"],
                ["0 0 0 * *", "day of month 0"],
                ["0 0 32 * *", "day of month 32"],
                ["0 0 * 13 *", "month 13"],
                ["0 0 * * 8", "day of week 8"],
                ["*/0 * * * *", "a step of 0"],
                ["*/60 * * * *", "a step larger than the field"],
                ["0 5-2 * * *", "a range that runs backwards"],
                ["0 0 * * FRI-MON", "a range of names that runs backwards"],
                ["0 0 * JANUARY *", "a month name that is not three letters"],
                ["0 0 * * MON#2", "a Quartz nth weekday"],
                ["0 0 ? * MON", "a Quartz ?"],
                ["0 0 L * *", "a Quartz L"],
                ["1,,2 * * * *", "an empty list item"],
                ["1-2-3 * * * *", "a range with two dashes"],
                ["*/5/2 * * * *", "two steps"],
                ["-5 * * * *", "a negative minute"],
                ["@hourly", "a macro"],
            ].map(([expression, title]) => ({
                rule: "5-field cron",
                title,
                body: (a: Account) => withSchedule(a, expression),
                path: "trigger.expression",
            })),

            {
                rule: "filter operators",
                title: "equals",
                body: (a) => withFilters(a, { field: "financial_status", operator: "equals", value: "paid" }),
            },
            {
                rule: "filter operators",
                title: "an unknown operator",
                body: (a) => withFilters(a, { field: "financial_status", operator: "eq", value: "paid" }),
                path: "filters.0.operator",
                mentions: /"equals", "not_equals"/,
            },
            {
                rule: "filter fields",
                title: "a blank field",
                body: (a) => withFilters(a, { field: " ", operator: "equals", value: "paid" }),
                path: "filters.0.field",
            },
            {
                rule: "filter fields",
                title: "a 255-character field",
                body: (a) => withFilters(a, { field: "f".repeat(255), operator: "equals", value: "x" }),
            },
            {
                rule: "filter fields",
                title: "a 256-character field",
                body: (a) => withFilters(a, { field: "f".repeat(256), operator: "equals", value: "x" }),
                path: "filters.0.field",
            },
            {
                rule: "filter rows",
                title: "an unknown key in a filter",
                body: (a) => withFilters(a, { field: "f", operator: "equals", value: "x", type: "string" }),
                path: "filters.0.type",
            },
            {
                rule: "filter rows",
                title: "filters that are not a list",
                body: (a) => base(a, { filters: { field: "f" } }),
                path: "filters",
            },

            ...[
                ["equals", "", "text: empty"],
                ["equals", "x".repeat(1024), "text: 1024 characters"],
                ["contains", "wholesale", "non-empty text"],
                ["greater_than", "100", "number-or-date: a whole number"],
                ["less_than", "-19.99", "number-or-date: a decimal"],
                ["greater_than", "2024-01-31", "number-or-date: a date"],
                ["greater_than", "2024-01-31T09:00:00Z", "number-or-date: a date-time"],
                ["within_last", "2 days", "relative-period: plural"],
                ["within_last", "1 day", "relative-period: singular"],
                ["at_least_ahead", "36 hours", "relative-period: hours"],
            ].map(([operator, value, title]) => ({
                rule: "filter value formats",
                title,
                body: (a: Account) => withFilters(a, { field: "f", operator, value }),
            })),
            ...[
                ["equals", "x".repeat(1025), "text: 1025 characters"],
                ["contains", "  ", "non-empty text: blank"],
                ["greater_than", "abc", "number-or-date: a word"],
                ["greater_than", "2024-13-01", "number-or-date: month 13"],
                ["greater_than", "1e5", "number-or-date: an exponent"],
                ["within_last", "2 months", "relative-period: months are not a unit the data lists"],
                ["within_last", "two days", "relative-period: a number in words"],
                ["within_last", "0 days", "relative-period: zero"],
                ["within_last", "2days", "relative-period: no space"],
            ].map(([operator, value, title]) => ({
                rule: "filter value formats",
                title,
                body: (a: Account) => withFilters(a, { field: "f", operator, value }),
                path: "filters.0.value",
            })),
            {
                rule: "filter value formats",
                title: "a number, not a string",
                body: (a) => withFilters(a, { field: "f", operator: "greater_than", value: 100 }),
                path: "filters.0.value",
            },

            {
                rule: "no filters for an Inbound API source",
                title: "an Inbound API source with no filters",
                body: (a) => serviceBody(a.inbound, a.netsuite, { filters: [] }),
            },
            {
                rule: "no filters for an Inbound API source",
                title: "an Inbound API source with a filter",
                body: (a) => serviceBody(a.inbound, a.netsuite, { filters: [{ field: "status", operator: "equals", value: "paid" }] }),
                path: "filters",
                mentions: /Inbound API takes no filters as a source/,
            },
            {
                rule: "each filter field once where the data says so",
                title: "one field twice from Shopify",
                body: (a) =>
                    withFilters(
                        a,
                        { field: "created_at", operator: "greater_than", value: "2024-01-01" },
                        { field: "created_at", operator: "less_than", value: "2024-02-01" },
                    ),
            },
            {
                rule: "each filter field once where the data says so",
                title: "one field twice from Brightpearl",
                body: (a) =>
                    serviceBody(a.brightpearl, a.netsuite, {
                        filters: [
                            { field: "created_at", operator: "greater_than", value: "2024-01-01" },
                            { field: "created_at", operator: "less_than", value: "2024-02-01" },
                        ],
                    }),
                path: "filters.1.field",
                mentions: /filters\.0 filters "created_at" already/,
            },

            {
                rule: "mapping destinations are unique",
                title: "two destinations differing in case",
                body: (a) =>
                    withMappings(
                        a,
                        { source_field: "email", destination_field: "email" },
                        { source_field: "email", destination_field: "Email" },
                    ),
            },
            {
                rule: "mapping destinations are unique",
                title: "one destination twice",
                body: (a) =>
                    withMappings(
                        a,
                        { source_field: "email", destination_field: "customer.email" },
                        { source_field: "id", destination_field: "external_id" },
                        { source_field: "contact_email", destination_field: "customer.email" },
                    ),
                path: "mappings.2.destination_field",
                mentions: /mappings\.0 sets "customer.email" already/,
            },
            {
                rule: "mapping fields",
                title: "a missing destination field",
                body: (a) => withMappings(a, { source_field: "email" }),
                path: "mappings.0.destination_field",
            },
            {
                rule: "mapping fields",
                title: "a blank source field",
                body: (a) => withMappings(a, { source_field: "", destination_field: "d" }),
                path: "mappings.0.source_field",
            },
            {
                rule: "mapping fields",
                title: "an unknown key in a mapping",
                body: (a) => withMappings(a, { source: "email", source_field: "e", destination_field: "d" }),
                path: "mappings.0.source",
            },

            {
                rule: "transform functions are known",
                title: "format_date",
                body: (a) => withTransforms(a, [transform("format_date", { format: "Y-m-d" })]),
            },
            {
                rule: "transform functions are known",
                title: "an unknown function",
                body: (a) => withTransforms(a, [transform("format", { format: "Y-m-d" })]),
                path: "mappings.0.transforms.0.function",
                mentions: /"format_date"/,
            },
            {
                rule: "required arguments",
                title: "format_date without a format",
                body: (a) => withTransforms(a, [transform("format_date")]),
                path: "mappings.0.transforms.0.args.format",
            },
            {
                rule: "required arguments",
                title: "fallback with its only argument left out (optional)",
                body: (a) => withTransforms(a, [transform("fallback")]),
            },
            {
                rule: "no unknown arguments",
                title: "format_date with a locale",
                body: (a) => withTransforms(a, [transform("format_date", { format: "Y-m-d", locale: "en" })]),
                path: "mappings.0.transforms.0.args.locale",
            },
            {
                rule: "no unknown arguments",
                title: "the source fields given as an argument",
                body: (a) => withTransforms(a, [transform("format_date", { format: "Y-m-d", sourceFields: ["created_at"] })]),
                path: "mappings.0.transforms.0.args.sourceFields",
                mentions: /source_field/,
            },
            {
                rule: "no unknown arguments",
                title: "args that are a list",
                body: (a) => withTransforms(a, [{ function: "cast_to_string", args: [] }]),
                path: "mappings.0.transforms.0.args",
            },
            {
                rule: "allowed values",
                title: "pad to the left",
                body: (a) => withTransforms(a, [transform("pad", { direction: "left", length: 10, padCharacter: "0" })]),
            },
            {
                rule: "allowed values",
                title: "pad upwards",
                body: (a) => withTransforms(a, [transform("pad", { direction: "up", length: 10, padCharacter: "0" })]),
                path: "mappings.0.transforms.0.args.direction",
                mentions: /"left", "right", "both"/,
            },
            {
                rule: "allowed values",
                title: "a lookup with any match type (the data lists none)",
                body: (a) =>
                    withTransforms(a, [
                        transform("map_lookup", { map: 12, direction: "left to right", matchType: "exact", outputType: "string" }),
                    ]),
            },
            {
                rule: "allowed values",
                title: "a lookup with a blank match type",
                body: (a) =>
                    withTransforms(a, [
                        transform("map_lookup", { map: "lookup-1", direction: "left to right", matchType: " ", outputType: "string" }),
                    ]),
                path: "mappings.0.transforms.0.args.matchType",
            },
            {
                rule: "argument types",
                title: "a pad length given as a string",
                body: (a) => withTransforms(a, [transform("pad", { direction: "left", length: "10", padCharacter: "0" })]),
                path: "mappings.0.transforms.0.args.length",
            },
            {
                rule: "argument types",
                title: "a pad length below its minimum of 1",
                body: (a) => withTransforms(a, [transform("pad", { direction: "left", length: 0, padCharacter: "0" })]),
                path: "mappings.0.transforms.0.args.length",
            },
            {
                rule: "argument types",
                title: "a pad character of two characters",
                body: (a) => withTransforms(a, [transform("pad", { direction: "left", length: 3, padCharacter: "00" })]),
                path: "mappings.0.transforms.0.args.padCharacter",
            },
            {
                rule: "argument types",
                title: "no decimal places",
                body: (a) => withTransforms(a, [transform("round_number", { decimalPlaces: 0 })]),
            },
            {
                rule: "argument types",
                title: "a boolean given as a string",
                body: (a) => withTransforms(a, [transform("custom_boolean", { value: "true" })], null),
                path: "mappings.0.transforms.0.args.value",
            },
            {
                rule: "argument types",
                title: "a lookup id of 0",
                body: (a) =>
                    withTransforms(a, [
                        transform("map_lookup", { map: 0, direction: "left to right", matchType: "exact", outputType: "string" }),
                    ]),
                path: "mappings.0.transforms.0.args.map",
            },
            {
                rule: "argument types",
                title: "script variables as a JSON object of strings",
                body: (a) => withTransforms(a, [transform("run_custom_script", { customScript: 7, scriptVariables: '{"threshold":"5"}' })]),
            },
            {
                rule: "argument types",
                title: "script variables with a number in them",
                body: (a) => withTransforms(a, [transform("run_custom_script", { customScript: 7, scriptVariables: '{"threshold":5}' })]),
                path: "mappings.0.transforms.0.args.scriptVariables",
            },
            {
                rule: "argument types",
                title: "a string argument of 1025 characters",
                body: (a) => withTransforms(a, [transform("prefix", { prefix: "p".repeat(1025) })]),
                path: "mappings.0.transforms.0.args.prefix",
            },
            ...["Y-m-d", "d/m/Y H:i", "jS F Y \\a\\t g:ia", "Y-m-d\\TH:i:sP"].map((format) => ({
                rule: "PHP date formats",
                title: `"${format}"`,
                body: (a: Account) => withTransforms(a, [transform("format_date", { format })]),
            })),
            ...[
                ["yyyy-MM-dd", "a Luxon/Unicode format"],
                ["Y-m-d q", "a letter that is no format character"],
                ["Y-m-d\\", "a trailing backslash"],
                ["", "an empty format"],
            ].map(([format, title]) => ({
                rule: "PHP date formats",
                title,
                body: (a: Account) => withTransforms(a, [transform("format_date", { format })]),
                path: "mappings.0.transforms.0.args.format",
            })),

            {
                rule: "a source field when the value comes from the source",
                title: "no source field, the value made by custom_string",
                body: (a) =>
                    withTransforms(a, [transform("custom_string", { customString: "1" }), transform("prefix", { prefix: "S-" })], null),
            },
            {
                rule: "a source field when the value comes from the source",
                title: "no source field and format_date first",
                body: (a) => withTransforms(a, [transform("format_date", { format: "Y-m-d" })], null),
                path: "mappings.0.source_field",
                mentions: /"custom_string"/,
            },
            {
                rule: "a source field when the value comes from the source",
                title: "no source field and no transform",
                body: (a) => withMappings(a, { destination_field: "subsidiary" }),
                path: "mappings.0.source_field",
            },

            { rule: "at most 15 custom scripts per mapping", title: "15 custom scripts", body: (a) => withTransforms(a, scripts(15)) },
            {
                rule: "at most 15 custom scripts per mapping",
                title: "16 custom scripts",
                body: (a) => withTransforms(a, scripts(16)),
                path: "mappings.0.transforms",
                mentions: /16 custom-script transforms/,
            },
            {
                rule: "at most 15 custom scripts per mapping",
                title: "15 custom scripts and other transforms",
                body: (a) => withTransforms(a, [...scripts(15), transform("prefix", { prefix: "x" }), transform("cast_to_string")]),
            },

            {
                rule: "an active service needs a trigger",
                title: "active on a schedule",
                body: (a) => base(a, { active: true, trigger: { type: "schedule", expression: "0 * * * *" } }),
            },
            {
                rule: "an active service needs a trigger",
                title: "active without a trigger",
                body: (a) => base(a, { active: true }),
                path: "active",
                mentions: /needs a trigger/,
            },
            {
                rule: "an active service needs a trigger",
                title: "active given as a string",
                body: (a) => base(a, { active: "yes" }),
                path: "active",
            },

            { rule: "type", title: "a sweeper", body: (a) => base(a, { type: "sweeper" }) },
            {
                rule: "type",
                title: "an unknown type",
                body: (a) => base(a, { type: "premium" }),
                path: "type",
                mentions: /"standard", "sweeper"/,
            },

            { rule: "name", title: "a name of 255 characters", body: (a) => base(a, { name: "n".repeat(255) }) },
            { rule: "name", title: "a name of 255 characters outside the BMP", body: (a) => base(a, { name: "😀".repeat(255) }) },
            {
                rule: "name",
                title: "a name of 256 characters",
                body: (a) => base(a, { name: "n".repeat(256) }),
                path: "name",
                mentions: /at most 255/,
            },
            { rule: "name", title: "a blank name", body: (a) => base(a, { name: "  " }), path: "name" },
            { rule: "name", title: "no name", body: (a) => base(a, { name: undefined }), path: "name" },

            { rule: "notes", title: "notes of 2000 characters", body: (a) => base(a, { notes: "n".repeat(2000) }) },
            { rule: "notes", title: "empty notes", body: (a) => base(a, { notes: "" }) },
            {
                rule: "notes",
                title: "notes of 2001 characters",
                body: (a) => base(a, { notes: "n".repeat(2001) }),
                path: "notes",
                mentions: /at most 2000/,
            },

            {
                rule: "alerts",
                title: "a notification group of 255 characters",
                body: (a) => base(a, { alerts: { notification_group: "g".repeat(255) } }),
            },
            {
                rule: "alerts",
                title: "a notification group of 256 characters",
                body: (a) => base(a, { alerts: { notification_group: "g".repeat(256) } }),
                path: "alerts.notification_group",
            },
            { rule: "alerts", title: "alerts without a group", body: (a) => base(a, { alerts: {} }), path: "alerts.notification_group" },
            { rule: "alerts", title: "alerts set to true", body: (a) => base(a, { alerts: true }), path: "alerts" },

            { rule: "known fields", title: "an unknown top-level field", body: (a) => base(a, { colour: "red" }), path: "colour" },
            {
                rule: "known fields",
                title: "a server-set field",
                body: (a) => base(a, { id: "svc_mine" }),
                path: "id",
                mentions: /set by the server/,
            },
            {
                rule: "known fields",
                title: "an unknown source field",
                body: (a) => withSource(a, { settings: "{}" }),
                path: "source.settings",
            },
            {
                rule: "known fields",
                title: "page size on the destination",
                body: (a) => withDestination(a, { page_size: 10 }),
                path: "destination.page_size",
            },
        ];
        for (const { rule, title, body, path, mentions } of cases) {
            it(`${rule}: ${path === undefined ? "accepts" : `refuses at ${path}`} ${title}`, async () => {
                const response = await suite.api.post("/services", body(account));
                if (path === undefined) {
                    assert.equal(response.status, 201, JSON.stringify(response.body).slice(0, 600));
                    return;
                }
                assert.equal(response.status, 422, JSON.stringify(response.body).slice(0, 600));
                assert.deepEqual(Object.keys(response.body.errors), [path], JSON.stringify(response.body.errors).slice(0, 600));
                assert.equal(typeof response.body.message, "string");
                if (mentions) assert.match(response.body.errors[path].join(" "), mentions);
                assert.equal(await serviceCount(), 0, "a refused service is not stored");
            });
        }

        it("reports every failing field at once", async () => {
            const response = await suite.api.post("/services", {
                name: "",
                type: "premium",
                source: { connector_id: "sc_missing", entity: "widgets" },
                destination: { connector_id: account.netsuite, entity: "orders", timezone: "Nowhere" },
                trigger: { type: "schedule", expression: "* * *" },
                filters: [{ field: "f", operator: "eq", value: "x" }],
                mappings: [{ destination_field: "d", transforms: [{ function: "pad", args: {} }] }],
            });
            assert.equal(response.status, 422);
            assert.deepEqual(Object.keys(response.body.errors).sort(), [
                "destination.timezone",
                "filters.0.operator",
                "mappings.0.source_field",
                "mappings.0.transforms.0.args.direction",
                "mappings.0.transforms.0.args.length",
                "mappings.0.transforms.0.args.padCharacter",
                "name",
                "source.connector_id",
                "source.entity",
                "trigger.expression",
                "type",
            ]);
        });

        it("refuses a body that is not a JSON object", async () => {
            const response = await suite.api.post("/services", [base(account)]);
            assert.equal(response.status, 422);
            assert.deepEqual(Object.keys(response.body.errors), ["body"]);
        });
    });

    describe("update (PATCH)", () => {
        it("changes only the fields sent, merging source and destination field by field, and moves updated_at", async () => {
            const created = await create(fullService(account));
            await sleep(5);
            const response = await suite.api.patch(`/services/${created.id}`, {
                name: "Renamed",
                source: { page_size: 100 },
                destination: { timezone: "Europe/Paris" },
            });
            assert.equal(response.status, 200, JSON.stringify(response.body));
            const updated = response.body.data;
            assert.deepEqual(updated, {
                ...created,
                name: "Renamed",
                source: { ...created.source, page_size: 100 },
                destination: { ...created.destination, timezone: "Europe/Paris" },
                updated_at: updated.updated_at,
            });
            assert.ok(updated.updated_at > created.updated_at);
            assert.deepEqual((await suite.api.get(`/services/${created.id}`)).body.data, updated);
        });

        it("replaces filters and mappings whole, keeping the order sent", async () => {
            const created = await create(fullService(account));
            const filters = [...created.filters].reverse();
            const mappings = [...created.mappings].reverse();
            const updated = (await suite.api.patch(`/services/${created.id}`, { filters, mappings })).body.data;
            assert.deepEqual(updated.filters, filters);
            assert.deepEqual(updated.mappings, mappings);
            const cleared = (await suite.api.patch(`/services/${created.id}`, { filters: [], mappings: [], alerts: null, notes: null }))
                .body.data;
            assert.deepEqual([cleared.filters, cleared.mappings, cleared.alerts, cleared.notes], [[], [], null, null]);
        });

        it("sets optional values back to null", async () => {
            const created = await create(fullService(account));
            const updated = (
                await suite.api.patch(`/services/${created.id}`, {
                    active: false,
                    trigger: null,
                    source: { page_size: null, max_attempts: null },
                })
            ).body.data;
            assert.deepEqual(
                [updated.trigger, updated.source.page_size, updated.source.max_attempts, updated.active],
                [null, null, null, false],
            );
        });

        it("accepts the connectors, entities and type when sent with the values they have, as a whole source sends them", async () => {
            const created = await create(fullService(account));
            const response = await suite.api.patch(`/services/${created.id}`, {
                type: created.type,
                source: { ...created.source, max_attempts: 2 },
                destination: created.destination,
            });
            assert.equal(response.status, 200, JSON.stringify(response.body));
            assert.equal(response.body.data.source.max_attempts, 2);
        });

        it("leaves updated_at alone when nothing changes", async () => {
            const created = await create(fullService(account));
            await sleep(5);
            const response = await suite.api.patch(`/services/${created.id}`, { name: created.name, filters: created.filters });
            assert.equal(response.status, 200);
            assert.equal(response.body.data.updated_at, created.updated_at);
        });

        const fixed: { path: string; change: (a: Account) => Body }[] = [
            { path: "type", change: () => ({ type: "sweeper" }) },
            { path: "source.connector_id", change: (a) => ({ source: { connector_id: a.brightpearl } }) },
            { path: "source.entity", change: () => ({ source: { entity: "products" } }) },
            { path: "destination.connector_id", change: (a) => ({ destination: { connector_id: a.brightpearl } }) },
            { path: "destination.entity", change: () => ({ destination: { entity: "customers" } }) },
        ];
        for (const { path, change } of fixed) {
            it(`refuses a change of ${path} ("cannot be changed; replace the service") and changes nothing`, async () => {
                const created = await create(fullService(account));
                const response = await suite.api.patch(`/services/${created.id}`, { name: "New name", ...change(account) });
                assert.equal(response.status, 422);
                assert.deepEqual(response.body.errors, { [path]: [`${path} cannot be changed; replace the service`] });
                assert.deepEqual((await suite.api.get(`/services/${created.id}`)).body.data, created);
            });
        }

        const invalid: { title: string; start: (a: Account) => Body; change: Body; path: string }[] = [
            { title: "activating a service without a trigger", start: (a) => base(a), change: { active: true }, path: "active" },
            { title: "removing the trigger of an active service", start: fullService, change: { trigger: null }, path: "active" },
            {
                title: "adding filters to an Inbound API service",
                start: (a) => serviceBody(a.inbound, a.netsuite),
                change: { filters: [{ field: "status", operator: "equals", value: "x" }] },
                path: "filters",
            },
            {
                title: "a bad schedule",
                start: fullService,
                change: { trigger: { type: "schedule", expression: "0 0 * *" } },
                path: "trigger.expression",
            },
            { title: "a bad source time zone", start: fullService, change: { source: { timezone: "Nowhere" } }, path: "source.timezone" },
            { title: "an unknown source field", start: fullService, change: { source: { colour: "red" } }, path: "source.colour" },
            { title: "a source that is null", start: fullService, change: { source: null }, path: "source" },
            { title: "a server-set field", start: fullService, change: { created_at: "2020-01-01T00:00:00.000Z" }, path: "created_at" },
            { title: "an unknown field", start: fullService, change: { colour: "red" }, path: "colour" },
            { title: "a blank name", start: fullService, change: { name: "" }, path: "name" },
        ];
        for (const { title, start, change, path } of invalid) {
            it(`checks the service as a whole after the update: refuses ${title} at ${path}`, async () => {
                const created = await create(start(account));
                const response = await suite.api.patch(`/services/${created.id}`, change);
                assert.equal(response.status, 422, JSON.stringify(response.body));
                assert.deepEqual(Object.keys(response.body.errors), [path]);
                assert.deepEqual((await suite.api.get(`/services/${created.id}`)).body.data, created);
            });
        }
    });

    describe("delete", () => {
        it("answers 204, then 404 for the same id", async () => {
            const { id } = await create(base(account));
            const deleted = await suite.api.delete(`/services/${id}`);
            assert.equal(deleted.status, 204);
            assert.equal(deleted.body, undefined);
            assert.equal((await suite.api.get(`/services/${id}`)).status, 404);
            assert.equal((await suite.api.delete(`/services/${id}`)).status, 404);
            assert.equal(await serviceCount(), 0);
        });
    });

    describe("webhook trigger", () => {
        it("is sent as { type: webhook } and returned with a URL of its own, stable through trigger changes", async () => {
            const created = await create(base(account, { trigger: { type: "webhook" } }));
            const url = `${suite.emulator.url}/hooks/${created.id}`;
            assert.deepEqual(created.trigger, { type: "webhook", url });
            assert.deepEqual((await suite.api.get(`/services/${created.id}`)).body.data.trigger, { type: "webhook", url });
            assert.deepEqual((await suite.api.get("/services")).body.data[0].trigger, { type: "webhook", url });

            const scheduled = (await suite.api.patch(`/services/${created.id}`, { trigger: { type: "schedule", expression: "0 * * * *" } }))
                .body.data;
            assert.deepEqual(scheduled.trigger, { type: "schedule", expression: "0 * * * *" });
            const back = (await suite.api.patch(`/services/${created.id}`, { trigger: { type: "webhook" } })).body.data;
            assert.deepEqual(back.trigger, { type: "webhook", url });

            const other = await create(base(account, { trigger: { type: "webhook" } }));
            assert.notEqual(other.trigger.url, url, "each service has its own URL");
        });

        it("may be sent back with its own URL, but not with another", async () => {
            const created = await create(base(account, { trigger: { type: "webhook" } }));
            assert.equal((await suite.api.patch(`/services/${created.id}`, { trigger: created.trigger })).status, 200);
            const other = await suite.api.patch(`/services/${created.id}`, { trigger: { type: "webhook", url: "https://example.com/x" } });
            assert.equal(other.status, 422);
            assert.deepEqual(Object.keys(other.body.errors), ["trigger.url"]);
        });

        it("answers a POST to the URL: 202 for an active service, 409 for an inactive one, 404 otherwise", async () => {
            const service = await create(base(account, { trigger: { type: "webhook" } }));
            const scheduled = await create(withSchedule(account, "0 * * * *"));
            const post = async (url: string) =>
                (await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })).status;
            assert.equal(await post(service.trigger.url), 409);
            await suite.api.patch(`/services/${service.id}`, { active: true });
            assert.equal(await post(service.trigger.url), 202);
            assert.equal(await post(`${suite.emulator.url}/hooks/${scheduled.id}`), 404);
            await suite.api.delete(`/services/${service.id}`);
            assert.equal(await post(service.trigger.url), 404);
        });
    });

    describe("connectors in use (409 on delete, naming the services)", () => {
        const roles: { title: string; body: (a: Account) => Body; connector: (a: Account) => string }[] = [
            { title: "its source", body: (a) => base(a, { name: "Orders out" }), connector: (a) => a.shopify },
            { title: "its destination", body: (a) => base(a, { name: "Orders out" }), connector: (a) => a.netsuite },
        ];
        for (const { title, body, connector } of roles) {
            it(`refuses to delete ${title} connector while the service exists, and deletes it once the service is gone`, async () => {
                const service = await create(body(account));
                const id = connector(account);
                const refused = await suite.api.delete(`/service-connectors/${id}`);
                assert.equal(refused.status, 409);
                assert.deepEqual(refused.body, {
                    message: `connector ${id} is used by services: Orders out`,
                    errors: { services: ["Orders out"] },
                });
                assert.equal((await suite.api.get(`/service-connectors/${id}`)).status, 200);

                assert.equal((await suite.api.delete(`/services/${service.id}`)).status, 204);
                assert.equal((await suite.api.delete(`/service-connectors/${id}`)).status, 204);
            });
        }

        it("names every service using the connector, in creation order, inactive ones too", async () => {
            await create(base(account, { name: "Orders to NetSuite" }));
            await create(serviceBody(account.netsuite, account.shopify, { name: "Fulfilments to Shopify" }));
            await create(serviceBody(account.brightpearl, account.netsuite, { name: "Elsewhere" }));
            const refused = await suite.api.delete(`/service-connectors/${account.shopify}`);
            assert.equal(refused.status, 409);
            assert.deepEqual(refused.body.errors, { services: ["Orders to NetSuite", "Fulfilments to Shopify"] });
        });

        it("adds the services the usage hook names, each name once, and still refuses while either remains", async () => {
            const service = await create(base(account, { name: "Orders to NetSuite" }));
            await suite.emulator.markInUse(account.shopify, ["Stock sync", "Orders to NetSuite"]);
            const both = await suite.api.delete(`/service-connectors/${account.shopify}`);
            assert.deepEqual(both.body, {
                message: `connector ${account.shopify} is used by services: Orders to NetSuite, Stock sync`,
                errors: { services: ["Orders to NetSuite", "Stock sync"] },
            });

            await suite.api.delete(`/services/${service.id}`);
            const hookOnly = await suite.api.delete(`/service-connectors/${account.shopify}`);
            assert.equal(hookOnly.status, 409);
            assert.deepEqual(hookOnly.body.errors, { services: ["Stock sync", "Orders to NetSuite"] });

            await suite.emulator.markInUse(account.shopify, []);
            assert.equal((await suite.api.delete(`/service-connectors/${account.shopify}`)).status, 204);
        });
    });

    describe("faults, request log and reset", () => {
        it("applies injected faults to /services: a failed create stores nothing", async () => {
            await suite.emulator.setFaults({ failRate: 1 });
            assert.equal((await suite.api.post("/services", base(account))).status, 503);
            assert.equal((await suite.api.get("/services")).status, 503);
            await suite.emulator.setFaults({});
            assert.equal(await serviceCount(), 0);
        });

        it("applies faults limited to one method only to that method", async () => {
            const { id } = await create(base(account));
            await suite.emulator.setFaults({ failRate: 1, failStatus: 502, methods: ["DELETE"] });
            assert.equal((await suite.api.delete(`/services/${id}`)).status, 502);
            assert.equal((await suite.api.get(`/services/${id}`)).status, 200, "the service is still there");
        });

        it("records /services requests in the request log", async () => {
            const { id } = await create(base(account));
            await suite.api.get(`/services?filter[connector]=${account.shopify}`);
            await suite.api.patch(`/services/${id}`, { name: "x" });
            await suite.api.delete(`/services/${id}`);
            const log = (await suite.emulator.requests()).filter((e) => e.path.includes("/services"));
            assert.deepEqual(
                log.map(({ method, path, status }) => ({ method, path, status })),
                [
                    { method: "POST", path: "/api/v1/services", status: 201 },
                    { method: "GET", path: `/api/v1/services?filter[connector]=${account.shopify}`, status: 200 },
                    { method: "PATCH", path: `/api/v1/services/${id}`, status: 200 },
                    { method: "DELETE", path: `/api/v1/services/${id}`, status: 204 },
                ],
            );
        });

        it("needs the API key", async () => {
            const response = await suite.api.request("GET", "/services", { omitAuth: true });
            assert.equal(response.status, 401);
        });

        it("is cleared by a reset", async () => {
            await create(base(account));
            await suite.emulator.reset();
            assert.equal(await serviceCount(), 0);
        });
    });
});
