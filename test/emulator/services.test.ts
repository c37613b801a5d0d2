// Services, their filters, mapping documents and the active-service allowance, as fact sheet
// 3.3-3.6 and 7 describe Fabric's.
import { strict as assert } from "node:assert";
import { ACTIVE_SERVICE_LIMIT_REACHED, DEFAULT_MAPPING_CONTENT } from "../../emulator/services";
import type { FabricHttp, Json } from "../support/fabric-http";
import { createConnector, emulatorSuite } from "./suite";

async function templateId(http: FabricHttp, source: string, destination: string, name: string): Promise<number> {
    const templates = (await http.request("GET", "/api/v2/service-templates")).body.data as Json[];
    const found = templates.find(
        (template) =>
            template.source_factory_system.system.name === source &&
            template.destination_factory_system.system.name === destination &&
            template.name === name,
    );
    assert.ok(found, `a ${source} to ${destination} ${name} template`);
    return found.id;
}

function serviceBody(template: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        description: "UK orders to NetSuite",
        schedule: "*/15 * * * *",
        from_environment: "live",
        to_environment: "live",
        service_template_id: template,
        from_options: { page_size: 50, max_attempts: 4, timezone: "Europe/London" },
        ...overrides,
    };
}

describe("emulator: services", () => {
    const suite = emulatorSuite({ activeServiceLimit: 2 });
    const http = () => suite.emulator;
    let orders: number;
    let cashSales: number;

    beforeEach(async () => {
        orders = await templateId(http(), "Shopify", "NetSuite", "Orders");
        cashSales = await templateId(http(), "Shopify", "NetSuite", "Cash Sales");
    });

    const create = async (overrides: Record<string, unknown> = {}, group = 1): Promise<Json> => {
        const answer = await http().request("POST", `/api/v2/integrations/${group}/services`, { json: serviceBody(orders, overrides) });
        assert.equal(answer.status, 201, JSON.stringify(answer.body));
        return answer.body.data;
    };

    it("creates an inactive service from the template, with factories, the template's filters instead of the posted ones, and the group's mapping names", async () => {
        const service = await create({
            status: true,
            from_options: { page_size: 50, max_attempts: 4, filters: { "financial_status =": "refunded" } },
        });
        assert.equal(service.status, false);
        assert.deepEqual(
            [service.from_factory, service.to_factory, service.username, service.from_mapping, service.to_mapping],
            ["Shopify\\Pull\\Orders", "Netsuite\\Push\\Orders", "uk_store", "shopify_pull_orders", "netsuite_push_orders"],
        );
        assert.deepEqual(service.from_options.filters, { "financial_status =": "paid", "created_at_min >": "TIME: -10 minutes" });
        assert.deepEqual(service.from_options.page_size, 50);
        assert.deepEqual(
            service.filters.map((filter: Json) => [filter.id, filter.type.key, filter.value]),
            [
                ["financial_status =", "string", "paid"],
                ["created_at_min >", "TIME", "-10 minutes"],
            ],
        );
        assert.equal(service.source_connector, null, "no connector of that key yet");
    });

    const refusals: [Record<string, unknown>, Record<string, string[]>][] = [
        [{ description: "ab" }, { description: ["The service name must be at least 3 characters."] }],
        [{ schedule: "every day" }, { schedule: ["The schedule must be a valid cron expression."] }],
        [{ schedule: undefined }, { schedule: ["The schedule field is required."] }],
        [{ from_environment: "li" }, { from_environment: ["The from environment must be at least 3 characters."] }],
        [{ service_template_id: 9999 }, { service_template_id: ["The selected service template id is invalid."] }],
        [
            { from_options: {} },
            {
                "from_options.page_size": ["The maximum page size field is required."],
                "from_options.max_attempts": ["The maximum attempts field is required."],
            },
        ],
        [
            { from_options: { page_size: 1001, max_attempts: 16 } },
            {
                "from_options.page_size": ["The maximum page size may not be greater than 1000."],
                "from_options.max_attempts": ["The maximum attempts may not be greater than 15."],
            },
        ],
    ];
    for (const [overrides, errors] of refusals) {
        it(`refuses a create with ${JSON.stringify(overrides)} with 422`, async () => {
            const answer = await http().request("POST", "/api/v2/integrations/1/services", { json: serviceBody(orders, overrides) });
            assert.deepEqual([answer.status, answer.body], [422, { message: "The given data was invalid.", errors }]);
        });
    }

    it("accepts the schedules Fabric's cron library does: 5 or 6 fields, macros, off and event", async () => {
        for (const schedule of ["0 3 * * 1-5", "0 3 * * * 2030", "@daily", "off", "EVENT"]) await create({ schedule });
    });

    it("has no POST /services route", async () => {
        assert.equal((await http().request("POST", "/api/v2/services", { json: serviceBody(orders) })).status, 404);
    });

    it("resets the group's shared mapping document on every create of a service with the same system, direction and entity", async () => {
        await create();
        const written = await http().request("POST", "/api/v2/mappings", {
            json: { integration_id: 1, mapping_name: "shopify_pull_orders", content: '{"email":"customer.email"}' },
        });
        assert.equal(written.status, 200);
        assert.equal((await http().mapping("uk_store_shopify_pull_orders")).content, '{"email":"customer.email"}');
        const other = await http().request("POST", "/api/v2/integrations/1/services", { json: serviceBody(cashSales) });
        assert.equal(other.body.data.from_mapping, "shopify_pull_orders");
        assert.equal((await http().mapping("uk_store_shopify_pull_orders")).content, DEFAULT_MAPPING_CONTENT);
        assert.equal(await http().mapping("france_store_shopify_pull_orders"), undefined, "another group's document is its own");
    });

    it("applies only the *filters* keys of from_options on update, validating the list form and storing the object form as is", async () => {
        const service = await create();
        const path = `/api/v2/services/${service.id}`;
        const listForm = [
            {
                id: "financial_status =",
                field: { id: "financial_status" },
                operator: { id: "=" },
                type: { id: "string" },
                value: "pending",
            },
            { id: "created_at_min >", field: { id: "created_at_min" }, operator: { id: ">" }, type: { id: "TIME" }, value: "-2 days" },
        ];
        const answer = await http().request("PUT", path, {
            json: { from_options: { filters: listForm, page_size: 999, timezone: "UTC" } },
        });
        assert.equal(answer.status, 200);
        const updated = answer.body.data;
        assert.deepEqual(updated.from_options, {
            ...service.from_options,
            filters: { "financial_status =": "pending", "created_at_min >": "TIME: -2 days" },
        });
        const objectForm = { "no_such_field =": 1 };
        const stored = await http().request("PUT", path, { json: { from_options: { filters: objectForm } } });
        assert.deepEqual(stored.body.data.from_options.filters, objectForm);
        assert.equal(stored.body.data.filters, null, "a stored form it cannot read back shows as null");
        const invalid = [
            [{ ...listForm[0], id: "no_such_field =", field: { id: "no_such_field" } }],
            [{ ...listForm[0], id: "financial_status >", operator: { id: ">" } }],
            [{ ...listForm[0], type: { id: "integer" } }],
        ];
        for (const filters of invalid) {
            const refused = await http().request("PUT", path, { json: { from_options: { filters } } });
            assert.deepEqual([refused.status, refused.body], [500, { message: "Server Error" }], JSON.stringify(filters));
        }
    });

    it("replaces to_options whole and checks time zones", async () => {
        const service = await create({ to_options: { origin: "web", timezone: "UTC" } });
        const path = `/api/v2/services/${service.id}`;
        const replaced = await http().request("PUT", path, { json: { to_options: { timezone: "Europe/Paris" } } });
        assert.deepEqual(replaced.body.data.to_options, { timezone: "Europe/Paris" });
        const bad = await http().request("PUT", path, {
            json: { from_options: { timezone: "Mars/Base" }, to_options: { timezone: "Nowhere" } },
        });
        assert.deepEqual(bad.body.errors, {
            "from_options.timezone": ["The from options.timezone must be a valid IANA timezone."],
            "to_options.timezone": ["The to options.timezone must be a valid IANA timezone."],
        });
    });

    it("refuses activation beyond --active-service-limit with 422, even `false` on an inactive service, and reports the usage", async () => {
        const services = [await create(), await create(), await create()];
        for (const service of services.slice(0, 2)) {
            assert.equal((await http().request("PUT", `/api/v2/services/${service.id}`, { json: { status: true } })).status, 200);
        }
        for (const status of [true, false]) {
            const refused = await http().request("PUT", `/api/v2/services/${services[2].id}`, { json: { status } });
            assert.deepEqual(refused.body.errors, { status: [ACTIVE_SERVICE_LIMIT_REACHED] });
        }
        const subscriptions = (await http().request("GET", "/api/v2/company-subscriptions")).body;
        assert.deepEqual(subscriptions.summary.usage.active_services, 2);
        assert.deepEqual(subscriptions.summary.allowance.services, 2);
        assert.equal((await http().request("PUT", `/api/v2/services/${services[0].id}`, { json: { status: false } })).status, 200);
        assert.equal((await http().request("PUT", `/api/v2/services/${services[2].id}`, { json: { status: true } })).status, 200);
    });

    it("deletes by turning the service off, its schedule off, then soft-deleting it", async () => {
        const service = await create();
        await http().request("PUT", `/api/v2/services/${service.id}`, { json: { status: true } });
        const answer = await http().request("DELETE", `/api/v2/services/${service.id}`);
        assert.deepEqual([answer.status, answer.body], [200, { message: "Service deleted successfully." }]);
        assert.deepEqual(await http().services(), []);
        const gone = await http().request("GET", `/api/v2/services/${service.id}`);
        assert.deepEqual(
            [gone.status, gone.body.message],
            [404, `No query results for model [App\\Models\\Tapestry\\Service] ${service.id}`],
        );
        assert.equal((await http().request("GET", "/api/v2/company-subscriptions")).body.summary.usage.active_services, 0);
    });

    it("lists services 50 a page, honours perPage and filter[username], includes the template, and derives the connectors", async () => {
        const shopify = await createConnector(http(), "Shopify");
        const netsuite = await createConnector(http(), "Netsuite", { authorisation_type: "oauth1" });
        for (let i = 0; i < 3; i++) await create();
        await create({}, 2);
        const page = (await http().request("GET", "/api/v2/services?perPage=2&page=2&filter[username]=uk_store&include=serviceTemplate"))
            .body;
        assert.deepEqual([page.data.length, page.meta.total, page.meta.last_page, page.meta.per_page], [1, 3, 2, 2]);
        const [service] = page.data;
        assert.equal(service.service_template.id, orders);
        assert.deepEqual([service.source_connector.id, service.destination_connector.id], [shopify.id, netsuite.id]);
        assert.equal((await http().request("GET", "/api/v2/services")).body.meta.per_page, 50);
        const unknown = await http().request("GET", "/api/v2/services?include=connectors");
        assert.equal(unknown.status, 400);
        assert.equal((await http().request("GET", "/api/v2/integrations/2/services")).body.data.length, 1);
    });
});

describe("emulator: mappings", () => {
    const suite = emulatorSuite();
    const http = () => suite.emulator;

    it("stores content as the JSON string it is sent, answers 200, and finds documents by lower-cased id", async () => {
        const answer = await http().request("POST", "/api/v2/mappings", {
            json: { integration_id: 1, mapping_name: "custom_map", content: '{"a":"b"}' },
        });
        assert.equal(answer.status, 200);
        assert.deepEqual(
            [answer.body.data.username, answer.body.data.mapping_name, answer.body.data.content],
            ["uk_store", "custom_map", '{"a":"b"}'],
        );
        assert.equal((await http().mapping("UK_STORE_Custom_Map")).content, '{"a":"b"}');
        const missing = await http().request("GET", "/api/v2/mappings/uk_store_nothing");
        assert.deepEqual([missing.status, missing.body.message], [500, "Unable to retrieve mappings as no content was given."]);
    });

    it("refuses content that is not a JSON string and names that are too short", async () => {
        const answer = await http().request("POST", "/api/v2/mappings", {
            json: { integration_id: 1, mapping_name: "ab", content: "{not json" },
        });
        assert.deepEqual(answer.body.errors, {
            mapping_name: ["The mapping name must be at least 3 characters."],
            content: ["The content must be a valid JSON string."],
        });
        const object = await http().request("POST", "/api/v2/mappings", {
            json: { integration_id: 1, mapping_name: "abc", content: { a: 1 } },
        });
        assert.deepEqual(object.body.errors, { content: ["The content must be a string."] });
    });
});
