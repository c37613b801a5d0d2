// The global catalog a client reads once per run: systems with their auth types and forms,
// service templates, and the filter catalog (fact sheet 3.4, 3.5, 3.8, 3.9).
import { strict as assert } from "node:assert";
import { DEFAULT_ACTIVE_SERVICE_LIMIT } from "../../emulator/server";
import type { Json } from "../support/fabric-http";
import { emulatorSuite } from "./suite";

describe("emulator: catalog", () => {
    const suite = emulatorSuite();
    const http = () => suite.emulator;

    it("gives every system with its auth types and credential form in one unpaginated call", async () => {
        const systems = (await http().request("GET", "/api/v2/systems?include=systemAuthorisationTypes.authorisationType")).body
            .data as Json[];
        const byFactory = new Map(systems.map((system) => [system.factory_name, system]));
        const magento = byFactory.get("Magentotwo");
        assert.equal(magento.name, "Magento 2");
        const shopify = byFactory.get("Shopify");
        assert.deepEqual(
            shopify.system_authorisation_types.map((type: Json) => type.authorisation_type.name),
            ["basic_auth", "oauth2"],
        );
        const form = JSON.parse(shopify.system_authorisation_types[1].credentials_schema);
        assert.deepEqual(
            form.attributes.map((attribute: Json) => attribute.value),
            ["public_app", "store", "access_token"],
        );
        assert.equal(byFactory.get("Lightspeed").system_authorisation_types[0].credentials_schema, null);
        assert.deepEqual([byFactory.get("Vend").date_format, byFactory.get("Vend").time_zone], ["Y-m-d\\TH:i:s\\Z", "UTC"]);
        const plain = (await http().request("GET", "/api/v2/systems")).body.data as Json[];
        assert.equal(plain[0].system_authorisation_types, undefined, "auth types only when included");
        const named = (await http().request("GET", "/api/v2/systems?filter[name]=Magento%202")).body.data as Json[];
        assert.deepEqual(
            named.map((system) => system.factory_name),
            ["Magentotwo"],
        );
    });

    it("serves the evidence's 146 global service templates with both factory-systems and their options", async () => {
        const templates = (await http().request("GET", "/api/v2/service-templates")).body.data as Json[];
        assert.equal(templates.length, 146);
        const [first] = templates;
        assert.deepEqual(Object.keys(first.source_factory_system).sort(), [
            "default_map_name",
            "direction",
            "display_name",
            "entity",
            "factory",
            "id",
            "integration_id",
            "system",
        ]);
        assert.ok(first.service_template_options.some((option: Json) => option.service_option.key === "page_size"));
        const shopifyId = templates.find((template) => template.source_factory_system.system.name === "Shopify").source_factory_system
            .system.id;
        const fromShopify = (await http().request("GET", `/api/v2/service-templates?filter[source.system_id]=${shopifyId}`)).body
            .data as Json[];
        assert.ok(fromShopify.length > 0 && fromShopify.every((template) => template.source_factory_system.system.id === shopifyId));
    });

    it("seeds the operators and types of the evidence and Shopify orders' default filter fields", async () => {
        const operators = (await http().request("GET", "/api/v2/filter-operators?perPage=100")).body;
        assert.equal(operators.meta.total, 21);
        assert.deepEqual(operators.data[3], { id: 4, name: "Before", key: "<" });
        const types = (await http().request("GET", "/api/v2/filter-types?perPage=100")).body.data as Json[];
        const time = types.find((type) => type.key === "TIME");
        assert.deepEqual(
            [time.placeholder, time.filter_operators.map((operator: Json) => operator.key)],
            ["-1 day", ["=", "!=", "<", ">"]],
        );
        const templates = (await http().request("GET", "/api/v2/service-templates")).body.data as Json[];
        const shopifyOrders = templates.find((template) => template.source_factory_system.display_name === "Shopify Orders")
            .source_factory_system.id;
        const fields = (await http().request("GET", `/api/v2/filter-fields?filter[factory_system_id]=${shopifyOrders}`)).body
            .data as Json[];
        const byKey = new Map(fields.map((field) => [field.key, field]));
        assert.deepEqual(
            [
                byKey.get("financial_status").default,
                byKey.get("financial_status").default_value,
                byKey.get("financial_status").default_operator.key,
            ],
            [true, "paid", "="],
        );
        assert.deepEqual(
            [byKey.get("created_at_min").default_type.key, byKey.get("created_at_min").default_value],
            ["TIME", "-10 minutes"],
        );
        const page = (await http().request("GET", "/api/v2/filter-fields")).body.meta;
        assert.equal(page.per_page, 15);
    });

    it("reports the default allowance of active services when --active-service-limit is not given", async () => {
        const summary = (await http().request("GET", "/api/v2/company-subscriptions")).body.summary;
        assert.deepEqual(summary, { usage: { active_services: 0 }, allowance: { services: DEFAULT_ACTIVE_SERVICE_LIMIT, api_keys: 1 } });
    });
});
