// The policy pack under the real engine: `pulumi preview --policy-pack <repo>/policy` of programs
// that break its rules. The engine runs the pack through our language host's RunPlugin.
import { strict as assert } from "node:assert";
import { writeFileSync } from "node:fs";
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import { connectorProvider } from "../../provider/dynamic";
import { Connector, Service, type ConnectorArgs, type ConnectorReference } from "../../sdk";
import { apiClient } from "../support/api";
import { startEmulator, type RunningEmulator } from "../support/emulator";
import { createTestStack, failureOf, pulumiCli, REPO_ROOT, type TestStack } from "../support/pulumi";

const POLICY_PACK = path.join(REPO_ROOT, "policy");

/** Credential values chosen so a leak is easy to grep for. */
const LIVE_TOKEN = "shpat-policy-e2e-live-6d2f";
const TEST_TOKEN = "shpat-policy-e2e-test-81ab";
const LEGACY_TOKEN = "shpat-policy-e2e-legacy-c40e";

function shopify(environment: "live" | "test", token: string, companyGroup = "uk"): ConnectorArgs {
    return {
        system: "shopify",
        environment,
        companyGroup,
        authType: "token",
        credentials: { storeUrl: "acme.myshopify.com", accessToken: token },
    };
}

/**
 * A connector registered the way an older SDK or hand-written code would: a plain dynamic resource
 * with the Connector's type token, which the SDK's in-program uniqueness rule never sees.
 */
class RawConnector extends pulumi.dynamic.Resource {}

function rawConnector(name: string, args: ConnectorArgs): RawConnector {
    return new RawConnector(
        connectorProvider,
        name,
        {
            ...args,
            name,
            credentials: pulumi.secret(args.credentials),
            connectorId: undefined,
            status: undefined,
            createdAt: undefined,
            updatedAt: undefined,
        },
        { additionalSecretOutputs: ["credentials"] },
        "patchworks",
        "Connector",
    );
}

describe("policy pack end to end (pulumi preview --policy-pack policy)", function () {
    this.timeout(180_000);

    let emulator: RunningEmulator;
    let stacks: TestStack[] = [];

    before(async function () {
        this.timeout(30 * 60_000); // a cold build of the CLI from Go modules, once per machine
        await pulumiCli();
        emulator = await startEmulator();
    });
    after(async () => emulator?.stop());
    beforeEach(() => emulator.reset());
    afterEach(() => {
        for (const s of stacks) s.dispose();
        stacks = [];
    });

    async function newStack(program: PulumiFn): Promise<TestStack> {
        const testStack = await createTestStack({ emulator, program });
        stacks.push(testStack);
        return testStack;
    }

    it("fails the preview on two live connectors for one system and group, naming both", async () => {
        const { stack } = await newStack(async () => {
            new Connector("shopify-uk-live", shopify("live", LIVE_TOKEN));
            rawConnector("shopify-uk-live-legacy", shopify("live", LEGACY_TOKEN, " UK "));
            new Connector("shopify-uk-test", shopify("test", TEST_TOKEN));
        });
        let printed = "";
        const message = await failureOf(stack.preview({ policyPacks: [POLICY_PACK], onOutput: (t) => (printed += t) }));
        const text = `${message}\n${printed}`;
        const reported = (name: string) =>
            new RegExp(
                `\\[mandatory\\].*patchworks-one-connector-per-system-environment-group +` +
                    `\\(pulumi-nodejs:dynamic/patchworks:Connector: ${name}\\)`,
            );
        assert.match(text, reported("shopify-uk-live"));
        assert.match(text, reported("shopify-uk-live-legacy"));
        assert.doesNotMatch(text, reported("shopify-uk-test"));
        assert.match(
            text,
            /Connector "shopify-uk-live" is one of 2 connectors in this stack that declare the live shopify connector in company group "uk" \(the others: "shopify-uk-live-legacy"\)/,
        );
        assert.match(
            text,
            /Connector "shopify-uk-live-legacy" is one of 2 connectors .* company group "UK" \(the others: "shopify-uk-live"\)/,
        );
        assert.doesNotMatch(text, /Connector "shopify-uk-test" is one of/);
        assert.doesNotMatch(text, /\[advisory\]/, "no test connector shares a live connector's credentials");
        for (const secret of [LIVE_TOKEN, TEST_TOKEN, LEGACY_TOKEN, emulator.apiKey]) {
            assert.equal(text.includes(secret), false, `printed ${secret}`);
        }
        const writes = (await emulator.requests()).filter((r) => r.method !== "GET");
        assert.deepEqual(writes, [], "a preview writes nothing");
    });

    it("warns about a test connector on the live connector's credentials, without printing them", async () => {
        const { stack } = await newStack(async () => {
            new Connector("shopify-uk-live", shopify("live", LIVE_TOKEN));
            new Connector("shopify-uk-test", shopify("test", LIVE_TOKEN));
            new Connector("shopify-fr-live", shopify("live", LIVE_TOKEN, "fr"));
            new Connector("shopify-fr-test", shopify("test", TEST_TOKEN, "fr"));
        });
        let printed = "";
        const result = await stack.preview({ policyPacks: [POLICY_PACK], onOutput: (t) => (printed += t) });
        assert.equal(result.changeSummary.create, 5);
        const text = `${result.stdout}\n${result.stderr}\n${printed}`;
        assert.match(
            text,
            /\[advisory\].*patchworks-test-connector-uses-live-credentials +\(pulumi-nodejs:dynamic\/patchworks:Connector: shopify-uk-test\)/,
        );
        assert.doesNotMatch(text, /\[mandatory\]/);
        assert.match(
            text,
            /Connector "shopify-uk-test" \(the test shopify connector in company group "uk"\) has the same credentials as Connector "shopify-uk-live"/,
        );
        assert.doesNotMatch(text, /Connector "shopify-fr-test" \(/);
        for (const secret of [LIVE_TOKEN, TEST_TOKEN, emulator.apiKey]) {
            assert.equal(text.includes(secret), false, `printed ${secret}`);
        }
    });

    it("makes the advisory policy blocking with --policy-pack-config", async () => {
        const testStack = await newStack(async () => {
            new Connector("shopify-uk-live", shopify("live", LIVE_TOKEN));
            new Connector("shopify-uk-test", shopify("test", LIVE_TOKEN));
        });
        const config = path.join(testStack.workDir, "policy-config.json");
        writeFileSync(config, JSON.stringify({ "patchworks-test-connector-uses-live-credentials": "mandatory" }));
        const message = await failureOf(testStack.stack.preview({ policyPacks: [POLICY_PACK], policyPackConfigs: [config] }));
        assert.match(message, /\[mandatory\].*patchworks-test-connector-uses-live-credentials/);
        assert.equal(message.includes(LIVE_TOKEN), false);
    });

    it("refuses a live service on test connectors at preview, a state the provider's check lets a program reach", async () => {
        const netsuite = (environment: "live" | "test"): ConnectorArgs => ({
            system: "netsuite",
            environment,
            companyGroup: "uk",
            authType: "legacy-oauth1",
            credentials: {
                accountId: "1234567",
                scriptId: "126",
                deployId: "1",
                tokenId: "tid-policy-e2e",
                tokenSecret: TEST_TOKEN,
                consumerKey: "ck-policy-e2e",
                consumerSecret: "cs-policy-e2e",
            },
        });
        /** A ConnectorReference written by hand that calls a test connector live. */
        const claimsLive = (connector: Connector, system: string): ConnectorReference => ({
            connectorId: connector.connectorId,
            system,
            environment: "live",
            companyGroup: "uk",
        });
        const testStack = await newStack(async () => {
            const shopifyTest = new Connector("shopify-uk-test", shopify("test", TEST_TOKEN));
            const netsuiteTest = new Connector("netsuite-uk-test", netsuite("test"));
            const shopifyLive = new Connector("shopify-uk-live", shopify("live", LIVE_TOKEN));
            const netsuiteLive = new Connector("netsuite-uk-live", netsuite("live"));
            const lying = new Service("lying-orders", {
                source: { connector: claimsLive(shopifyTest, "shopify"), entity: "orders" },
                destination: { connector: claimsLive(netsuiteTest, "netsuite"), entity: "orders" },
            });
            new Service("live-orders", {
                source: { connector: shopifyLive, entity: "orders" },
                destination: { connector: netsuiteLive, entity: "orders" },
            });
            return { lyingEnvironment: lying.environment };
        });
        const { stack } = testStack;
        const reported =
            /\[mandatory\].*patchworks-service-connectors-same-environment +\(pulumi-nodejs:dynamic\/patchworks:Service: lying-orders\)/;
        const explained =
            /Service "lying-orders" is live \(its source declares a live connector; its destination declares a live connector\), but its source is Connector "shopify-uk-test", the test shopify connector in company group "uk" and its destination is Connector "netsuite-uk-test", the test netsuite connector in company group "uk"/;

        // A new stack: the connectors' ids are not known yet, and the policy follows the endpoints to them.
        let printed = "";
        const first = await failureOf(stack.preview({ policyPacks: [POLICY_PACK], onOutput: (t) => (printed += t) }));
        assert.match(`${first}\n${printed}`, reported);
        assert.match(`${first}\n${printed}`, explained);
        assert.doesNotMatch(`${first}\n${printed}`, /Service: live-orders\)/);
        assert.deepEqual(
            (await emulator.requests()).filter((r) => r.method !== "GET"),
            [],
            "the preview writes nothing",
        );

        // Without the pack, the engine and the provider take the reference at its word: the service is
        // created on two test connectors while the stack records a live one. This is why the rule is mandatory.
        const { outputs, summary } = await stack.up({ onOutput: () => undefined });
        assert.equal(summary.result, "succeeded");
        assert.equal(outputs.lyingEnvironment.value, "live", "the stack records a live service");
        const api = apiClient(emulator);
        const connectors = new Map((await api.listConnectors()).map((c) => [c.id, c]));
        const lying = (await api.listServices()).find((s) => s.name === "lying-orders");
        assert.ok(lying, "the service exists in Patchworks");
        assert.equal(connectors.get(lying.source.connectorId)?.environment, "test");
        assert.equal(connectors.get(lying.destination.connectorId)?.environment, "test");

        // With every id known, the pack resolves them directly and fails the next preview.
        printed = "";
        const second = await failureOf(stack.preview({ policyPacks: [POLICY_PACK], onOutput: (t) => (printed += t) }));
        assert.match(`${second}\n${printed}`, reported);
        assert.match(`${second}\n${printed}`, explained);
        for (const secret of [LIVE_TOKEN, TEST_TOKEN, emulator.apiKey])
            assert.equal(`${second}\n${printed}`.includes(secret), false, `printed ${secret}`);
    });
});
