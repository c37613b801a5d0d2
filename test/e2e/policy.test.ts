// The policy pack under the real engine: `pulumi preview --policy-pack <repo>/policy` of programs
// that break its rules. The engine runs the pack through our language host's RunPlugin.
import { strict as assert } from "node:assert";
import { writeFileSync } from "node:fs";
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import { CONNECTOR_OUTPUT_ONLY } from "../../provider/connector/mapping";
import { unsetOutputs } from "../../provider/engine-values";
import { Connector, type ConnectorArgs, Service } from "../../sdk";
import { PatchworksResource } from "../../sdk/resource";
import { startEmulator, type RunningEmulator } from "../support/emulator";
import type { Json } from "../support/fabric-http";
import { createTestStack, failureOf, pulumiCli, REPO_ROOT, type TestStack } from "../support/pulumi";

const POLICY_PACK = path.join(REPO_ROOT, "policy");

/** Credential values chosen so a leak is easy to grep for. */
const LIVE_TOKEN = "shpat-policy-e2e-live-6d2f";
const TEST_TOKEN = "shpat-policy-e2e-test-81ab";
const LEGACY_TOKEN = "shpat-policy-e2e-legacy-c40e";

function shopify(environment: "live" | "test", token: string, companyGroup = "UK Store"): ConnectorArgs {
    return {
        system: "shopify",
        environment,
        companyGroup,
        authType: "oauth2",
        credentials: { store: "acme.myshopify.com", access_token: token },
    };
}

function netsuite(environment: "live" | "test"): ConnectorArgs {
    return {
        system: "netsuite",
        environment,
        companyGroup: "UK Store",
        authType: "oauth1",
        credentials: {
            account_id: "1234567",
            script_id: "126",
            deploy_id: "1",
            oauth_token_id: `tid-policy-e2e-${environment}`,
            oauth_token_secret: `${TEST_TOKEN}-${environment}`,
            consumer_key: `ck-policy-e2e-${environment}`,
            consumer_secret: `cs-policy-e2e-${environment}`,
        },
    };
}

/**
 * A connector registered the way an older SDK or hand-written code would: a plain resource with
 * the Connector's type token and adapter, which the SDK's in-program uniqueness rule never sees.
 */
class RawConnector extends PatchworksResource {}

function rawConnector(name: string, args: ConnectorArgs): RawConnector {
    return new RawConnector(
        "connector",
        name,
        {
            ...args,
            name,
            credentials: pulumi.secret(args.credentials),
            ...unsetOutputs(CONNECTOR_OUTPUT_ONLY),
        },
        { additionalSecretOutputs: ["credentials"] },
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

    it("fails the preview on two live connectors for one system and group (by its name and by its username), naming both", async () => {
        const { stack } = await newStack(async () => {
            new Connector("shopify-uk-live", shopify("live", LIVE_TOKEN));
            rawConnector("shopify-uk-live-legacy", shopify("live", LEGACY_TOKEN, "uk_store"));
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
            /Connector "shopify-uk-live" is one of 2 connectors in this stack that declare the live shopify connector in company group "UK Store" \(the others: "shopify-uk-live-legacy"\)/,
        );
        assert.match(
            text,
            /Connector "shopify-uk-live-legacy" is one of 2 connectors .* company group "uk_store" \(the others: "shopify-uk-live"\)/,
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
            new Connector("shopify-fr-live", shopify("live", LIVE_TOKEN, "France Store"));
            new Connector("shopify-fr-test", shopify("test", TEST_TOKEN, "France Store"));
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
            /Connector "shopify-uk-test" \(the test shopify connector in company group "UK Store"\) has the same credentials as Connector "shopify-uk-live"/,
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

    it("refuses a service between a live and a test connector at preview, and passes once it uses two live ones", async () => {
        const mixed = async () => {
            const shopifyLive = new Connector("shopify-uk-live", shopify("live", LIVE_TOKEN));
            const netsuiteTest = new Connector("netsuite-uk-test", netsuite("test"));
            new Service("uk-orders", {
                source: { connector: shopifyLive, entity: "Orders" },
                destination: { connector: netsuiteTest, entity: "Orders" },
            });
        };
        const testStack = await newStack(mixed);
        const { stack } = testStack;
        let printed = "";
        const failure = await failureOf(stack.preview({ policyPacks: [POLICY_PACK], onOutput: (t) => (printed += t) }));
        const text = `${failure}\n${printed}`;
        assert.match(
            text,
            /\[mandatory\].*patchworks-service-connectors-same-environment +\(pulumi-nodejs:dynamic\/patchworks:Service: uk-orders\)/,
        );
        assert.match(
            text,
            /Service "uk-orders" mixes environments: its source is Connector "shopify-uk-live", the live shopify connector in company group "UK Store", and its destination is Connector "netsuite-uk-test", the test netsuite connector in company group "UK Store"/,
        );
        for (const secret of [LIVE_TOKEN, TEST_TOKEN, emulator.apiKey]) assert.equal(text.includes(secret), false, `printed ${secret}`);
        assert.deepEqual(
            (await emulator.requests()).filter((r) => r.method !== "GET" && r.path.startsWith("/api/")),
            [],
            "the preview writes nothing",
        );

        // The advice: two live connectors. The pack passes, and up makes the service between them.
        const live = async () => {
            const shopifyLive = new Connector("shopify-uk-live", shopify("live", LIVE_TOKEN));
            const netsuiteLive = new Connector("netsuite-uk-live", netsuite("live"));
            new Service("uk-orders", {
                source: { connector: shopifyLive, entity: "Orders" },
                destination: { connector: netsuiteLive, entity: "Orders" },
            });
        };
        stack.workspace.program = live;
        await stack.up({ policyPacks: [POLICY_PACK], onOutput: () => undefined });
        const [service, ...others] = await emulator.services();
        assert.deepEqual(others, []);
        assert.deepEqual([service.from_environment, service.to_environment], ["live", "live"]);
        assert.ok(
            (await emulator.connectors()).every((c: Json) => c.environment === "live"),
            "no test connector was made",
        );
    });
});
