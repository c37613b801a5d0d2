// Every example is a real Pulumi project: each previews through the CLI and the Node.js language
// host against the emulator, with the config its header tells users to set, and the quickstart
// goes up; what exists afterwards is read from the emulator over plain HTTP.
import { strict as assert } from "node:assert";
import { readdirSync } from "node:fs";
import path from "node:path";
import { startEmulator, type RunningEmulator } from "../support/emulator";
import type { Json } from "../support/fabric-http";
import { createTestStack, pulumiCli, REPO_ROOT, type ConfigValue, type TestStack } from "../support/pulumi";

const secret = (value: string): ConfigValue => ({ value, secret: true });
const fakeSecrets = (...keys: string[]) => Object.fromEntries(keys.map((key) => [key, secret(`e2e-${key}`)]));

/**
 * The config each example reads, as its header tells users to set it; fake values for the
 * emulator. Keys are config paths (`pulumi config set --path`), so `magento.url` sets one key of
 * the `magento` object.
 */
const exampleConfig: Record<string, Record<string, ConfigValue>> = {
    quickstart: fakeSecrets(
        "shopifyUkToken",
        "shopifyUkTestToken",
        "shopifyFrToken",
        "netsuiteTokenId",
        "netsuiteTokenSecret",
        "netsuiteConsumerKey",
        "netsuiteConsumerSecret",
    ),
    "multi-group": fakeSecrets("shopifyUkToken", "shopifyFrToken", "shopifyDeToken"),
    "orders-to-netsuite": fakeSecrets(
        "shopifyUkToken",
        "netsuiteTokenId",
        "netsuiteTokenSecret",
        "netsuiteConsumerKey",
        "netsuiteConsumerSecret",
    ),
    "shopify-to-peoplevox": fakeSecrets("shopifyToken", "peoplevoxPassword"),
    "credentials-from-config": {
        companyGroup: { value: "UK Store" },
        environment: { value: "test" },
        "magento.url": secret("https://shop.example.com"),
        "magento.token": secret("e2e-magento-token"),
        "peoplevox.client_id": secret("acme"),
        "peoplevox.username": secret("e2e-user"),
        "peoplevox.password": secret("e2e-peoplevox-password"),
        "peoplevox.url": secret("https://wms.peoplevox.net/acme"),
    },
};

/** The Services each example declares: its preview must plan every one (and validate it). */
const exampleServices: Record<string, string[]> = {
    quickstart: ["uk-orders-to-netsuite"],
    "orders-to-netsuite": ["uk-orders-to-netsuite"],
    "shopify-to-peoplevox": ["orders-to-peoplevox", "products-to-peoplevox"],
};

const SERVICE_TYPE = "pulumi-nodejs:dynamic/patchworks:Service";

/** The company groups the account has before each example runs, as its header says; multi-group declares its own. */
const exampleGroups: Record<string, string[]> = { "multi-group": [] };
const EXISTING_GROUPS = ["UK Store", "France Store"];

describe("end to end: examples", function () {
    this.timeout(240_000);
    let emulator: RunningEmulator;

    before(async function () {
        this.timeout(30 * 60_000);
        await pulumiCli();
    });
    // Each example runs against an account of its own.
    afterEach(async () => emulator?.stop());

    async function exampleStack(name: string): Promise<TestStack> {
        emulator = await startEmulator({ companyGroups: exampleGroups[name] ?? EXISTING_GROUPS });
        const testStack = await createTestStack({ emulator, exampleDir: path.join(REPO_ROOT, "examples", name) });
        const config = exampleConfig[name] ?? {};
        if (Object.keys(config).length > 0) await testStack.stack.setAllConfig(config, true);
        return testStack;
    }

    const examples = readdirSync(path.join(REPO_ROOT, "examples"), { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name);

    it("knows every example", () => {
        assert.deepEqual(
            examples.filter((name) => name !== "adopt-oauth" && exampleConfig[name] === undefined),
            [],
            "an example whose config this file does not set",
        );
    });

    for (const example of examples.filter((name) => name !== "adopt-oauth")) {
        it(`previews examples/${example} with the config its header names, writing nothing`, async () => {
            const testStack = await exampleStack(example);
            try {
                const requestsBefore = (await emulator.requests()).length;
                const planned: string[] = [];
                const preview = await testStack.stack.preview({
                    onEvent: (event) => {
                        const meta = event.resourcePreEvent?.metadata;
                        if (meta?.type === SERVICE_TYPE) planned.push(`${meta.op} ${meta.urn.split("::").pop()}`);
                    },
                });
                assert.ok((preview.changeSummary.create ?? 0) >= 2, `examples/${example} declares connectors`);
                assert.deepEqual(
                    planned.sort(),
                    (exampleServices[example] ?? []).map((name) => `create ${name}`),
                );
                const writes = (await emulator.requests()).slice(requestsBefore).filter((r) => r.method !== "GET");
                assert.deepEqual(writes, [], "a preview changes nothing");
            } finally {
                testStack.dispose();
            }
        });
    }

    it("examples/adopt-oauth: before the dashboard's authorisation the preview says to authorise, then adopt", async () => {
        const testStack = await exampleStack("adopt-oauth");
        try {
            const failure = await testStack.stack.preview().then(
                () => assert.fail("the preview passed with no NetSuite REST connector to adopt"),
                (error: Error) => error.message,
            );
            assert.match(
                failure,
                /adopt is true, but the Patchworks account has no live netsuite-rest connector in company group "uk_store" to take over/,
            );
            assert.match(failure, /Create \(or authorise\) it in the Patchworks dashboard first/);
            assert.deepEqual(
                (await emulator.requests()).filter((r) => r.method !== "GET" && r.path.startsWith("/api/v2")),
                [],
            );

            // The advice, followed: the connector is authorised in the dashboard (the emulator's stand-in
            // for the OAuth redirect), and the same program then adopts it and applies what it declares.
            await emulator.request("POST", "/__admin/authorised-connectors", {
                json: { group: "uk_store", system: "NetSuiteRest", name: "NetSuite (authorised)" },
                auth: { as: "none" },
            });
            await testStack.stack.up();
            const [adopted] = (await emulator.connectors()).filter((c: Json) => c.system.factory_name === "NetSuiteRest");
            assert.deepEqual(
                [adopted.connector_name, adopted.timeZone, adopted.dateFormat, adopted.authorisation_type],
                ["NetSuite REST", "Europe/London", "d/m/Y H:i", "oauth2"],
            );
            await testStack.stack.destroy();
            assert.equal((await emulator.connectors()).filter((c: Json) => c.id === adopted.id).length, 1, "retainOnDelete keeps it");
        } finally {
            testStack.dispose();
        }
    });

    it("examples/quickstart goes up: its connectors in their groups, and the UK orders service active between the UK's live connectors", async () => {
        const testStack = await exampleStack("quickstart");
        try {
            const { outputs } = await testStack.stack.up();
            const connectors = await emulator.connectors();
            const byId = new Map(connectors.map((c: Json) => [c.id, c]));
            const ids = outputs.connectors.value as Record<string, string>;
            const described = Object.fromEntries(
                Object.entries(ids).map(([name, id]) => {
                    const c = byId.get(id) as Json;
                    return [name, [c.integration.username, c.system.name, c.environment, c.connector_name]];
                }),
            );
            assert.deepEqual(described, {
                shopifyUkLive: ["uk_store", "Shopify", "live", "Shopify UK"],
                shopifyUkTest: ["uk_store", "Shopify", "test", "Shopify UK (staging)"],
                shopifyFrLive: ["france_store", "Shopify", "live", "Shopify France"],
                netsuiteUkLive: ["uk_store", "NetSuite", "live", "NetSuite UK"],
            });
            const [service, ...others] = await emulator.services();
            assert.deepEqual(others, []);
            assert.equal(String(service.id), outputs.services.value.ukOrdersToNetsuite.id);
            assert.deepEqual(
                [service.description, service.username, service.schedule, service.status, service.from_environment, service.to_environment],
                ["UK orders to NetSuite", "uk_store", "*/15 * * * *", true, "live", "live"],
            );
            assert.equal(service.source_connector?.id, ids.shopifyUkLive, "Fabric finds the UK's live Shopify connector");
            assert.equal(service.destination_connector?.id, ids.netsuiteUkLive, "and the UK's live NetSuite connector");
            assert.deepEqual(service.from_options.filters, { "financial_status =": "paid" });

            const again = await testStack.stack.preview({ expectNoChanges: true, diff: true });
            assert.deepEqual(Object.keys(again.changeSummary), ["same"]);
        } finally {
            testStack.dispose();
        }
    });
});
