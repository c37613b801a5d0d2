// Fabric's service wire both ways (fact sheet 3.3-3.6, 7.3): the bodies the provider sends and the
// answers it reads, including the filters' list form on PUT and the stored object form read back.
import { strict as assert } from "node:assert";
import {
    filtersFromStoredObject,
    filtersToWire,
    listServices,
    listServiceTemplates,
    readMappingDocument,
    serviceCreateBody,
    serviceFromApi,
    serviceUpdateBody,
    subscriptionSummaryFromApi,
    TEMPLATE_INCLUDES,
} from "../../provider/client/services";
import { apiError, fakeClient, serviceWire, templateWire } from "./fixtures";

describe("service wire", () => {
    it("a create posts description, schedule, environments, template and from_options; to_options only when declared", () => {
        const base = {
            name: "UK orders to NetSuite",
            schedule: "off",
            sourceEnvironment: "live",
            destinationEnvironment: "test",
            templateId: "4",
            pageSize: 50,
            maxAttempts: 3,
        };
        assert.deepEqual(serviceCreateBody({ ...base, sourceTimezone: "Europe/London", destinationOptions: { origin: "web" } }), {
            description: "UK orders to NetSuite",
            schedule: "off",
            from_environment: "live",
            to_environment: "test",
            service_template_id: 4,
            from_options: { page_size: 50, max_attempts: 3, timezone: "Europe/London" },
            to_options: { origin: "web" },
        });
        assert.equal("to_options" in serviceCreateBody({ ...base, destinationOptions: {} }), false);
    });

    it("an update sends only what changes; status only when given; filters in the list form Fabric validates", () => {
        assert.deepEqual(serviceUpdateBody({ name: "New" }), { description: "New" });
        assert.deepEqual(serviceUpdateBody({ active: false }), { status: false });
        assert.deepEqual(serviceUpdateBody({ destinationOptions: {} }), { to_options: {} });
        assert.deepEqual(serviceUpdateBody({ filters: [{ field: "created_at_min", operator: ">", type: "TIME", value: "-2 days" }] }), {
            from_options: {
                filters: [
                    {
                        id: "created_at_min >",
                        field: { id: "created_at_min" },
                        operator: { id: ">" },
                        type: { id: "TIME" },
                        value: "-2 days",
                    },
                ],
            },
        });
    });

    it("every filter element carries field, type and operator keys (what makes Fabric validate the list)", () => {
        for (const element of filtersToWire([{ field: "a", operator: "=", value: "x" }])) {
            assert.deepEqual(Object.keys(element).sort(), ["field", "id", "operator", "type", "value"]);
        }
    });

    it("reads a service: fields, options, template id and the stored object form of its filters", () => {
        assert.deepEqual(
            serviceFromApi({
                data: serviceWire({
                    from_options: {
                        page_size: "50",
                        max_attempts: 4,
                        timezone: "GMT",
                        filters: { "financial_status =": "paid", "created_at_min >": "TIME: -10 minutes", "tags =": ["a", "b"] },
                    },
                }),
            }),
            {
                id: "41",
                name: "UK orders to NetSuite",
                active: false,
                schedule: "*/15 * * * *",
                groupUsername: "uk_store",
                groupId: "7",
                sourceEnvironment: "live",
                destinationEnvironment: "live",
                fromFactory: "Shopify\\Pull\\Orders",
                toFactory: "Netsuite\\Push\\Orders",
                pageSize: 50,
                maxAttempts: 4,
                sourceTimezone: "GMT",
                destinationOptions: { origin: "web" },
                filters: [
                    { field: "financial_status", operator: "=", value: "paid" },
                    { field: "created_at_min", operator: ">", type: "TIME", value: "-10 minutes" },
                    { field: "tags", operator: "=", value: "a,b" },
                ],
                fromMapping: "shopify_pull_orders",
                toMapping: "netsuite_push_orders",
                templateId: "4",
            },
        );
    });

    it("prefers the response's rebuilt filter list, without the TIME prefix", () => {
        const service = serviceFromApi(
            serviceWire({
                filters: [
                    {
                        id: "created_at_min >",
                        field: { id: "created_at_min" },
                        operator: { id: ">" },
                        type: { id: "TIME" },
                        value: "TIME: -1 day",
                    },
                ],
            }),
        );
        assert.deepEqual(service.filters, [{ field: "created_at_min", operator: ">", type: "TIME", value: "-1 day" }]);
    });

    it("reads keys, not row ids, from a rebuilt list that gives row ids: field and operator from its id, the type from its key or the stored form", () => {
        const service = serviceFromApi(
            serviceWire({
                from_options: {
                    page_size: 50,
                    max_attempts: 3,
                    filters: { "financial_status =": "paid", "created_at_min >": "TIME: -2 days" },
                },
                filters: [
                    { id: "financial_status =", field: { id: 21 }, operator: { id: 1 }, type: { id: 1, key: "string" }, value: "paid" },
                    { id: "created_at_min >", field: { id: 23 }, operator: { id: 6 }, type: { id: 8 }, value: "-2 days" },
                ],
            }),
        );
        assert.deepEqual(service.filters, [
            { field: "financial_status", operator: "=", type: "string", value: "paid" },
            { field: "created_at_min", operator: ">", type: "TIME", value: "-2 days" },
        ]);
    });

    it("splits a stored filter key on its last space", () => {
        assert.deepEqual(filtersFromStoredObject({ "order status !=": "void" }), [
            { field: "order status", operator: "!=", value: "void" },
        ]);
    });

    it("lists services page by page, 100 a page, of one group, with the template", async () => {
        const client = fakeClient({
            "GET /services": (sent) => ({
                body: {
                    data: [serviceWire({ id: Number(sent.query?.page) })],
                    meta: { current_page: Number(sent.query?.page), last_page: 2 },
                },
            }),
        });
        const services = await listServices(client, "uk_store");
        assert.deepEqual(
            services.map((s) => s.id),
            ["1", "2"],
        );
        assert.deepEqual(client.sent[0].query, { perPage: "100", include: "serviceTemplate", "filter[username]": "uk_store", page: "1" });
    });

    it("reads templates in one call with their sides, and the source defaults from their options", async () => {
        const client = fakeClient({ "GET /service-templates": () => ({ body: { data: [templateWire(4)] } }) });
        const [template] = await listServiceTemplates(client);
        assert.equal(client.sent.length, 1);
        assert.equal(client.sent[0].query?.include, TEMPLATE_INCLUDES);
        assert.deepEqual(template, {
            id: "4",
            name: "Orders",
            groupId: null,
            enabled: true,
            source: {
                id: "40",
                systemId: "12",
                systemFactoryName: "Shopify",
                factory: "Orders",
                entity: "Orders",
                defaultMapName: undefined,
            },
            destination: {
                id: "41",
                systemId: "30",
                systemFactoryName: "Netsuite",
                factory: "Orders",
                entity: "Orders",
                defaultMapName: undefined,
            },
            defaults: { pageSize: 25, maxAttempts: 2 },
        });
    });

    it("reads a mapping document's content as the string it was sent; a missing one is undefined", async () => {
        const client = fakeClient({
            "GET /mappings/uk_store_netsuite_push_orders": () => ({
                body: { data: { username: "uk_store", mapping_name: "netsuite_push_orders", content: '[{"destination":"a"}]' } },
            }),
            "GET /mappings/uk_store_none": () => {
                throw apiError(404);
            },
        });
        assert.deepEqual(await readMappingDocument(client, "uk_store_netsuite_push_orders"), {
            id: "uk_store_netsuite_push_orders",
            content: '[{"destination":"a"}]',
        });
        assert.equal(await readMappingDocument(client, "uk_store_none"), undefined);
    });

    const summaries: [string, unknown, { activeServices?: number; allowedServices?: number }][] = [
        [
            "beside the list",
            { data: [], summary: { usage: { active_services: 19 }, allowance: { services: 20 } } },
            { activeServices: 19, allowedServices: 20 },
        ],
        [
            "inside data",
            { data: { summary: { usage: { active_services: "3" }, allowance: { services: "100" } } } },
            { activeServices: 3, allowedServices: 100 },
        ],
        ["absent", { data: [] }, {}],
    ];
    for (const [where, body, expected] of summaries) {
        it(`reads the subscription's usage and allowance ${where}`, () => {
            assert.deepEqual(subscriptionSummaryFromApi(body), expected);
        });
    }
});
