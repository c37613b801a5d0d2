// Every example is a real Pulumi project; previewing each one through the CLI and the Node.js
// language host keeps them from rotting.
import { strict as assert } from "node:assert";
import { readdirSync } from "node:fs";
import path from "node:path";
import type { PatchworksClient } from "../../provider/client";
import { apiClient } from "../support/api";
import { startEmulator, type RunningEmulator } from "../support/emulator";
import { createTestStack, pulumiCli, REPO_ROOT, type ConfigValue } from "../support/pulumi";

const secret = (value: string): ConfigValue => ({ value, secret: true });
const fakeSecrets = (...keys: string[]) => Object.fromEntries(keys.map((key) => [key, secret(`e2e-${key}`)]));

/**
 * The config each example reads, as its header tells users to set it; fake values for the
 * emulator. Keys are config paths (`pulumi config set --path`), so `magento.baseUrl` sets one key
 * of the `magento` object.
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
    "inbound-api": fakeSecrets("peoplevoxPassword"),
    "credentials-from-config": {
        environment: { value: "test" },
        "magento.baseUrl": secret("https://magento.example.com"),
        "magento.accessToken": secret("e2e-magento-token"),
        "peoplevox.clientId": secret("acme"),
        "peoplevox.username": secret("e2e-user"),
        "peoplevox.password": secret("e2e-peoplevox-password"),
        "peoplevox.url": secret("https://wms.peoplevox.net/acme"),
    },
};

/** The Services each example declares: its preview must plan every one (and validate it). */
const exampleServices: Record<string, string[]> = {
    quickstart: ["uk-orders-to-netsuite"],
    "orders-to-netsuite": ["uk-orders-to-netsuite"],
    "inbound-api": ["inbound-orders-to-peoplevox"],
};

/** What must exist in the account before an example previews, made the way a user would have. */
const exampleSetup: Record<string, (api: PatchworksClient) => Promise<unknown>> = {
    // Stands in for the dashboard's OAuth authorisation, which no API call can complete.
    "adopt-oauth": (api) =>
        api.createConnector({
            system: "netsuite",
            environment: "live",
            companyGroup: null,
            name: "NetSuite (authorised in the dashboard)",
            timezone: "UTC",
            dateFormat: "yyyy-MM-dd HH:mm:ss",
            authType: "suitetalk-oauth",
            credentials: {},
        }),
};

describe("end to end: examples preview cleanly", function () {
    this.timeout(180_000);
    let emulator: RunningEmulator;
    let api: PatchworksClient;

    before(async function () {
        this.timeout(30 * 60_000);
        await pulumiCli();
        emulator = await startEmulator();
        api = apiClient(emulator);
    });
    after(async () => emulator?.stop());
    // Each example previews against an account of its own: quickstart's NetSuite must not meet
    // the one adopt-oauth adopts.
    beforeEach(() => emulator.reset());

    const examples = readdirSync(path.join(REPO_ROOT, "examples"), { withFileTypes: true }).filter((e) => e.isDirectory());
    for (const example of examples) {
        it(`previews examples/${example.name}`, async () => {
            await exampleSetup[example.name]?.(api);
            const testStack = await createTestStack({ emulator, exampleDir: path.join(REPO_ROOT, "examples", example.name) });
            try {
                const config = exampleConfig[example.name] ?? {};
                if (Object.keys(config).length > 0) await testStack.stack.setAllConfig(config, true);
                const requestsBefore = (await emulator.requests()).length;
                const planned: string[] = [];
                const preview = await testStack.stack.preview({
                    onEvent: (event) => {
                        const meta = event.resourcePreEvent?.metadata;
                        if (meta?.type === "pulumi-nodejs:dynamic/patchworks:Service")
                            planned.push(`${meta.op} ${meta.urn.split("::").pop()}`);
                    },
                });
                assert.ok((preview.changeSummary.create ?? 0) >= 1, `examples/${example.name} declares connectors`);
                assert.deepEqual(
                    planned,
                    (exampleServices[example.name] ?? []).map((name) => `create ${name}`),
                );
                const writes = (await emulator.requests()).slice(requestsBefore).filter((r) => r.method !== "GET");
                assert.deepEqual(writes, [], "a preview changes nothing");
            } finally {
                testStack.dispose();
            }
        });
    }
});
