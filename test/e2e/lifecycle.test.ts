// The whole product under the real Pulumi engine: preview, up, refresh and destroy of Connector
// programs against the emulator. Each test has its own stack and file backend.
import { strict as assert } from "node:assert";
import type * as pulumi from "@pulumi/pulumi";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import type { PatchworksClient, RemoteConnector } from "../../provider/client";
import { apiClient } from "../support/api";
import { Connector, type ConnectorArgs } from "../../sdk";
import { startEmulator, type LoggedRequest, type RunningEmulator } from "../support/emulator";
import { createTestStack, failureOf, pulumiCli, type TestStack } from "../support/pulumi";
import { assertNoStackTrace } from "../reliability/harness";

interface Declared {
    name: string;
    args: ConnectorArgs;
    opts?: pulumi.CustomResourceOptions;
}

/** Credential values chosen so a leak is easy to grep for. */
const SECRETS = {
    shopifyLive: "shpat-e2e-live-secret-4f1c",
    shopifyTest: "shpat-e2e-test-secret-9a2b",
    veeqoLive: "veeqo-e2e-live-secret-77d0",
    veeqoTest: "veeqo-e2e-test-secret-31e5",
};

function shopify(name: string, environment: "live" | "test", token: string, extra: Partial<ConnectorArgs> = {}): Declared {
    return {
        name,
        args: {
            system: "shopify",
            environment,
            companyGroup: "uk",
            authType: "token",
            credentials: { storeUrl: `acme-${environment}.myshopify.com`, accessToken: token },
            ...extra,
        },
    };
}

function veeqo(name: string, environment: "live" | "test", token: string): Declared {
    return { name, args: { system: "veeqo", environment, credentials: { token } } };
}

const BASELINE: Declared[] = [
    shopify("shopify-uk-live", "live", SECRETS.shopifyLive),
    shopify("shopify-uk-test", "test", SECRETS.shopifyTest),
    veeqo("veeqo-live", "live", SECRETS.veeqoLive),
    veeqo("veeqo-test", "test", SECRETS.veeqoTest),
];

function program(declared: Declared[]): PulumiFn {
    return async () => {
        const ids: Record<string, pulumi.Output<string>> = {};
        for (const d of declared) ids[d.name] = new Connector(d.name, d.args, d.opts).connectorId;
        return ids;
    };
}

const isWrite = (r: LoggedRequest) => r.method !== "GET";

describe("end to end (real Pulumi CLI)", function () {
    this.timeout(180_000);

    let emulator: RunningEmulator;
    let api: PatchworksClient;
    let stacks: TestStack[] = [];

    before(async function () {
        this.timeout(30 * 60_000); // a cold build of the CLI from Go modules, once per machine
        await pulumiCli();
        emulator = await startEmulator();
        api = apiClient(emulator);
    });
    after(async () => emulator?.stop());
    beforeEach(() => emulator.reset());
    afterEach(() => {
        for (const s of stacks) s.dispose();
        stacks = [];
    });

    async function newStack(declared: Declared[]): Promise<TestStack> {
        const testStack = await createTestStack({ emulator, program: program(declared) });
        stacks.push(testStack);
        return testStack;
    }

    function setProgram(testStack: TestStack, declared: Declared[]): void {
        testStack.stack.workspace.program = program(declared);
    }

    async function connectors(): Promise<RemoteConnector[]> {
        return api.listConnectors();
    }

    it("creates live and test connectors for two systems, then a second up changes nothing", async () => {
        const { stack } = await newStack(BASELINE);
        const result = await stack.up();
        assert.equal(result.summary.resourceChanges?.create, 5); // 4 connectors + the stack
        const remote = await connectors();
        assert.deepEqual(remote.map((c) => `${c.system}/${c.environment}/${c.companyGroup ?? "-"}/${c.name}/${c.timezone}`).sort(), [
            "shopify/live/uk/shopify-uk-live/UTC",
            "shopify/test/uk/shopify-uk-test/UTC",
            "veeqo/live/-/veeqo-live/UTC",
            "veeqo/test/-/veeqo-test/UTC",
        ]);
        assert.equal(result.outputs["shopify-uk-live"].value, remote.find((c) => c.name === "shopify-uk-live")?.id);

        const writesBefore = (await emulator.requests()).filter(isWrite).length;
        const again = await stack.up();
        assert.deepEqual(again.summary.resourceChanges, { same: 5 });
        assert.equal((await emulator.requests()).filter(isWrite).length, writesBefore, "a no-op up writes nothing");
    });

    it("fails preview on a second live connector for the same system and group, before any write", async () => {
        const { stack } = await newStack([...BASELINE, shopify("shopify-uk-live-2", "live", "shpat-e2e-dup", { companyGroup: " UK " })]);
        const message = await failureOf(stack.preview());
        assert.match(message, /Connector "shopify-uk-live-2" duplicates Connector "shopify-uk-live"/);
        assert.match(message, /live shopify connector in company group "UK"/);
        assert.equal((await emulator.requests()).filter(isWrite).length, 0);
    });

    it("checks a key known only at deploy time as soon as it resolves, before creating the duplicate", async () => {
        const { stack } = await newStack([]);
        stack.workspace.program = async () => {
            const first = new Connector("veeqo-live", veeqo("veeqo-live", "live", SECRETS.veeqoLive).args);
            // The group is an output of the first connector: unknown during the preview of a new stack.
            new Connector("veeqo-live-copy", {
                ...veeqo("veeqo-live-copy", "live", SECRETS.veeqoTest).args,
                companyGroup: first.companyGroup.apply((group) => group ?? ""),
            });
        };
        await stack.preview();
        const message = await failureOf(stack.up());
        assert.match(message, /Connector "veeqo-live-copy" duplicates Connector "veeqo-live"/);
        assert.doesNotMatch(message, /error serializing property/, "one line, not a serialization error");
        assertNoStackTrace(message);
        assert.deepEqual(
            (await connectors()).map((c) => c.name),
            ["veeqo-live"],
        );
    });

    it("still validates every known input when a key part or adopt is only known at deploy time", async () => {
        const { stack } = await newStack([]);
        stack.workspace.program = async () => {
            const first = new Connector("veeqo-live", veeqo("veeqo-live", "live", SECRETS.veeqoLive).args);
            // companyGroup and adopt come from another resource's outputs: unknown at preview.
            new Connector("shopify-eu-live", {
                system: "shopify",
                environment: "live",
                authType: "token",
                companyGroup: first.connectorId.apply(() => "uk"),
                credentials: { storeUrl: "acme-eu.myshopify.com" },
            });
            new Connector("veeqo-test", {
                ...veeqo("veeqo-test", "test", SECRETS.veeqoTest).args,
                adopt: first.connectorId.apply(() => false),
            });
        };
        const message = await failureOf(stack.preview());
        assert.match(message, /resource 'shopify-eu-live': property credentials\.accessToken/, "the missing token is found at preview");
        assert.doesNotMatch(message, /adopt is true/, "an unknown adopt is not read as true");
        assert.doesNotMatch(message, /resource 'veeqo-test'/);
        assertNoStackTrace(message);
        assert.deepEqual((await emulator.requests()).filter(isWrite), []);
    });

    it("refuses to take over an existing connector unless adopt is set, then adopts it", async () => {
        const existing = await api.createConnector({
            system: "veeqo",
            environment: "live",
            companyGroup: null,
            name: "Veeqo (made in the dashboard)",
            timezone: "UTC",
            dateFormat: "yyyy-MM-dd HH:mm:ss",
            authType: "default",
            credentials: { token: "veeqo-dashboard-token" },
        });
        const testStack = await newStack([veeqo("veeqo-live", "live", SECRETS.veeqoLive)]);
        const message = await failureOf(testStack.stack.preview());
        assert.match(message, new RegExp(`${existing.id} \\("Veeqo \\(made in the dashboard\\)"\\)`));
        assert.match(message, /adopt: true/);

        const adopted = veeqo("veeqo-live", "live", SECRETS.veeqoLive);
        adopted.args.adopt = true;
        setProgram(testStack, [adopted]);
        const result = await testStack.stack.up();
        assert.equal(result.outputs["veeqo-live"].value, existing.id);
        const [remote] = await connectors();
        assert.equal(remote.name, "Veeqo (made in the dashboard)", "adopt keeps the name the program leaves out");
    });

    it("keeps credentials and the API key out of the state and the CLI output", async () => {
        const testStack = await newStack(BASELINE);
        let printed = "";
        await testStack.stack.up({ onOutput: (text) => (printed += text) });
        await testStack.stack.preview({ diff: true, onOutput: (text) => (printed += text) });
        const state = await testStack.exportState();
        assert.ok(state.includes("__provider"), "the serialized provider is in the state");
        for (const secret of [...Object.values(SECRETS), emulator.apiKey]) {
            assert.equal(state.includes(secret), false, `state holds ${secret}`);
            assert.equal(printed.includes(secret), false, `CLI printed ${secret}`);
        }
        assert.match(state, /4dabf18193072939515e22adb298388d/, "credentials are stored as secrets");
    });

    it("brings drift into the state on refresh and drops a connector deleted out of band", async () => {
        const testStack = await newStack(BASELINE);
        const { outputs } = await testStack.stack.up();
        await api.updateConnector(outputs["shopify-uk-test"].value, { name: "Renamed in the dashboard" });
        await api.deleteConnector(outputs["veeqo-test"].value);

        const refresh = await testStack.stack.refresh();
        assert.equal(refresh.summary.resourceChanges?.update, 1);
        assert.equal(refresh.summary.resourceChanges?.delete, 1);
        const state = await testStack.exportState();
        assert.match(state, /Renamed in the dashboard/);

        const preview = await testStack.stack.preview();
        assert.deepEqual(preview.changeSummary, { create: 1, same: 3, update: 1 });
    });

    it("sees a non-secret credential changed in the dashboard on refresh, without reading a secret back", async () => {
        const testStack = await newStack(BASELINE);
        const { outputs } = await testStack.stack.up();
        const id = outputs["shopify-uk-live"].value;
        await api.updateConnector(id, { credentials: { storeUrl: "moved-store.myshopify.com", accessToken: SECRETS.shopifyLive } });

        const refresh = await testStack.stack.refresh();
        assert.equal(refresh.summary.resourceChanges?.update, 1, "the refresh sees the drift");
        const { deployment } = await testStack.stack.exportStack();
        const stored = (deployment.resources as { id?: string; outputs?: { credentials?: unknown } }[]).find((r) => r.id === id);
        const credentials = JSON.stringify(stored?.outputs?.credentials);
        assert.match(credentials, /moved-store\.myshopify\.com/, "the non-secret field comes from the API");
        assert.match(credentials, new RegExp(SECRETS.shopifyLive), "the secret one from the state, never the mask");
        assert.doesNotMatch(credentials, /\*\*\*\*/);

        const drift = await failureOf(testStack.stack.preview({ expectNoChanges: true, diff: true }));
        assert.match(drift, /~ pulumi-nodejs:dynamic\/patchworks:Connector: \(update\)/);
        assert.match(drift, /~ credentialsChanged: \[\s*\+\s*\[0\]: "storeUrl"/, "the preview names the drifted key, not its value");
        await testStack.stack.up();
        const [back] = (await connectors()).filter((c) => c.id === id);
        assert.equal(back.credentials.storeUrl, "acme-live.myshopify.com", "up puts the declared value back");
    });

    it("destroys everything, and refuses to delete a connector in use while losing nothing else", async () => {
        const testStack = await newStack(BASELINE);
        const { outputs } = await testStack.stack.up();
        const inUse = outputs["shopify-uk-live"].value;
        await emulator.markInUse(inUse, ["Orders to NetSuite", "Stock sync"]);

        const message = await failureOf(testStack.stack.destroy());
        assert.match(message, /still used by services: Orders to NetSuite, Stock sync/);
        assert.deepEqual(
            (await connectors()).map((c) => c.id),
            [inUse],
        );
        assert.match(await testStack.exportState(), new RegExp(inUse), "the refused connector stays in the state");

        await emulator.markInUse(inUse, []);
        await testStack.stack.destroy();
        assert.deepEqual(await connectors(), []);
    });
});
