// The lookups (CONTRACT section 6) called as a program calls them, against the emulator: settings
// from stack config (set as the engine sets it) or the environment, results without credentials,
// and every failure one line that names the call and what to do.
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import type { PatchworksClient, RemoteConnector } from "../../provider/client";
import { MISSING_CREDENTIALS } from "../../provider/settings";
import {
    getCompanyGroups,
    getCompanyGroupsOutput,
    getConnector,
    getConnectorOutput,
    getConnectors,
    getConnectorsOutput,
    type AccountConnector,
    type ConnectorReference,
} from "../../sdk";
import { apiClient } from "../support/api";
import { startEmulator, type RunningEmulator } from "../support/emulator";
import { closedPort } from "../client/fake-server";

const SHOPIFY_TOKEN = "shpat-lookup-secret-9d1c";
const NETSUITE_SECRET = "netsuite-lookup-secret-77ab";

/** Connectors "made in the dashboard": through the API, not through Pulumi. */
async function dashboardAccount(api: PatchworksClient): Promise<Record<string, RemoteConnector>> {
    const base = { timezone: "Europe/London", dateFormat: "dd/MM/yyyy HH:mm" };
    const shopifyUkLive = await api.createConnector({
        ...base,
        system: "shopify",
        environment: "live",
        companyGroup: "uk",
        name: "Shopify UK",
        authType: "token",
        credentials: { storeUrl: "acme-uk.myshopify.com", accessToken: SHOPIFY_TOKEN },
    });
    const shopifyTest = await api.createConnector({
        ...base,
        system: "shopify",
        environment: "test",
        companyGroup: null,
        name: "Shopify staging",
        authType: "token",
        credentials: { storeUrl: "acme-staging.myshopify.com", accessToken: SHOPIFY_TOKEN },
    });
    const netsuiteLive = await api.createConnector({
        timezone: "UTC",
        dateFormat: "yyyy-MM-dd HH:mm:ss",
        system: "netsuite",
        environment: "live",
        companyGroup: null,
        name: "NetSuite",
        authType: "legacy-oauth1",
        credentials: {
            accountId: "1234567",
            scriptId: "126",
            deployId: "1",
            tokenId: NETSUITE_SECRET,
            tokenSecret: NETSUITE_SECRET,
            consumerKey: NETSUITE_SECRET,
            consumerSecret: NETSUITE_SECRET,
        },
    });
    return { shopifyUkLive, shopifyTest, netsuiteLive };
}

/** What a lookup returns: all the API has of the connector but its credentials, no companyGroup for the default group. */
function described(remote: RemoteConnector): AccountConnector {
    const { id, credentials: _credentials, companyGroup, ...rest } = remote;
    return companyGroup === null ? { connectorId: id, ...rest } : { connectorId: id, ...rest, companyGroup };
}

function resolved<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve, reject) => {
        output.apply((value) => resolve(value));
        // A rejected lookup rejects the output's promise; surface it to the test.
        (output as unknown as { promise(): Promise<T> }).promise().catch(reject);
    });
}

/** What a failed lookup throws: a RunError (the CLI prints its message alone) of one line. */
async function failure(operation: Promise<unknown>): Promise<string> {
    try {
        await operation;
    } catch (error) {
        assert.ok(pulumi.RunError.isInstance(error), `a RunError, not ${String(error)}`);
        const message = (error as Error).message;
        assert.equal(message.split("\n").length, 1, message);
        return message;
    }
    throw new Error("expected the lookup to fail");
}

const SETTING_VARIABLES = ["PATCHWORKS_API_URL", "PATCHWORKS_API_KEY", "PATCHWORKS_ACCESS_TOKEN", "PATCHWORKS_MAX_RETRIES"];

describe("lookups (emulator)", () => {
    let emulator: RunningEmulator;
    let api: PatchworksClient;
    let account: Record<string, RemoteConnector>;
    const savedConfig = pulumi.runtime.allConfig();
    const savedEnv = Object.fromEntries(SETTING_VARIABLES.map((name) => [name, process.env[name]]));

    function useConfig(config: Record<string, string>): void {
        pulumi.runtime.setAllConfig(
            config,
            ["patchworks:apiKey", "patchworks:accessToken"].filter((key) => key in config),
        );
    }

    function useEnvironment(env: Record<string, string | undefined>): void {
        for (const name of SETTING_VARIABLES) {
            if (env[name] === undefined) delete process.env[name];
            else process.env[name] = env[name];
        }
    }

    before(async () => {
        emulator = await startEmulator();
        api = apiClient(emulator);
    });
    after(async () => {
        pulumi.runtime.setAllConfig(savedConfig, ["patchworks:apiKey"]);
        useEnvironment(savedEnv);
        await emulator.stop();
    });
    beforeEach(async () => {
        await emulator.reset();
        account = await dashboardAccount(api);
        useEnvironment({});
        useConfig({ "patchworks:apiUrl": emulator.apiUrl, "patchworks:apiKey": emulator.apiKey });
    });

    describe("getConnector", () => {
        const found: { title: string; args: Parameters<typeof getConnector>[0]; expect: string }[] = [
            {
                title: "a connector of a company group",
                args: { system: "shopify", environment: "live", companyGroup: "uk" },
                expect: "shopifyUkLive",
            },
            {
                title: "its group trimmed, in any case",
                args: { system: "shopify", environment: "live", companyGroup: "  UK " },
                expect: "shopifyUkLive",
            },
            { title: "a connector of the default group", args: { system: "shopify", environment: "test" }, expect: "shopifyTest" },
            {
                title: "a blank group as the default group",
                args: { system: "netsuite", environment: "live", companyGroup: " " },
                expect: "netsuiteLive",
            },
        ];
        for (const { title, args, expect } of found) {
            it(`finds ${title}, without its credentials`, async () => {
                const connector = await getConnector(args);
                assert.deepEqual(connector, described(account[expect]));
                assert.ok(!("credentials" in connector));
                assert.ok(!JSON.stringify(connector).includes(SHOPIFY_TOKEN) && !JSON.stringify(connector).includes(NETSUITE_SECRET));
            });
        }

        it("returns what a Service takes as a ConnectorReference", async () => {
            const reference: ConnectorReference = await getConnector({ system: "netsuite", environment: "live" });
            assert.deepEqual(
                {
                    connectorId: reference.connectorId,
                    system: reference.system,
                    environment: reference.environment,
                    companyGroup: reference.companyGroup,
                },
                { connectorId: account.netsuiteLive.id, system: "netsuite", environment: "live", companyGroup: undefined },
            );
        });

        it("fails naming the key and listing the system's connectors when the account has none with that key", async () => {
            const message = await failure(getConnector({ system: "shopify", environment: "live", companyGroup: "fr" }));
            const { shopifyUkLive, shopifyTest } = account;
            assert.equal(
                message,
                `patchworks.getConnector({ system: "shopify", environment: "live", companyGroup: "fr" }): ` +
                    `no live shopify connector in company group "fr" in the Patchworks account ` +
                    `(connectors of shopify: live in company group "uk": ${shopifyUkLive.id} ("Shopify UK"); ` +
                    `test in the default company group: ${shopifyTest.id} ("Shopify staging")). ` +
                    `Create or authorise it in the Patchworks dashboard, or correct system, environment or companyGroup.`,
            );
        });

        it("says when the company group is not one of the profile's", async () => {
            const message = await failure(getConnector({ system: "shopify", environment: "live", companyGroup: "mars" }));
            assert.match(message, /no live shopify connector in company group "mars" in the Patchworks account/);
            assert.match(message, /companyGroup "mars" is not a company group of this Patchworks account \(its groups are: uk, fr, de/);
        });

        it("says when nothing of the system exists, and when the system is not in the catalog", async () => {
            assert.match(await failure(getConnector({ system: "veeqo", environment: "live" })), /\(connectors of veeqo: none\)/);
            assert.match(
                await failure(getConnector({ system: "shopfiy", environment: "live" })),
                /"shopfiy" is not a system id of patchworks\.systems/,
            );
        });

        const badArgs: { title: string; args: unknown; reason: RegExp }[] = [
            { title: "no system", args: { environment: "live" }, reason: /system must be a non-empty string such as "shopify"$/ },
            {
                title: "an environment that is neither live nor test",
                args: { system: "shopify", environment: "prod" },
                reason: /environment must be "live" or "test" \(got "prod"\)$/,
            },
            {
                title: "a company group that is not a string",
                args: { system: "shopify", environment: "live", companyGroup: 7 },
                reason: /companyGroup must be a string/,
            },
        ];
        for (const { title, args, reason } of badArgs) {
            it(`refuses ${title} before calling the API`, async () => {
                const before = (await emulator.requests()).length;
                assert.match(await failure(getConnector(args as Parameters<typeof getConnector>[0])), reason);
                assert.equal((await emulator.requests()).length, before);
            });
        }
    });

    describe("getConnectors", () => {
        const filters: { title: string; args?: Parameters<typeof getConnectors>[0]; expect: string[] }[] = [
            { title: "every connector without a filter", expect: ["shopifyUkLive", "shopifyTest", "netsuiteLive"] },
            { title: "a system's", args: { system: "shopify" }, expect: ["shopifyUkLive", "shopifyTest"] },
            { title: "an environment's", args: { environment: "live" }, expect: ["shopifyUkLive", "netsuiteLive"] },
            { title: "a company group's, trimmed and in any case", args: { companyGroup: " Uk" }, expect: ["shopifyUkLive"] },
            { title: "none when nothing matches", args: { system: "netsuite", environment: "test" }, expect: [] },
        ];
        for (const { title, args, expect } of filters) {
            it(`lists ${title}, without credentials`, async () => {
                const connectors = await getConnectors(args);
                const byId = (list: AccountConnector[]) => [...list].sort((a, b) => a.connectorId.localeCompare(b.connectorId));
                assert.deepEqual(byId(connectors), byId(expect.map((name) => described(account[name]))));
            });
        }
    });

    it("getCompanyGroups lists the profile's groups as { id, name }", async () => {
        const groups = await getCompanyGroups();
        assert.deepEqual(groups, await api.listCompanyGroups());
        assert.deepEqual(
            groups.slice(0, 3).map((g) => g.name),
            ["uk", "fr", "de"],
        );
    });

    describe("the ...Output forms", () => {
        it("getConnectorOutput takes outputs as arguments and is a reference whose properties are outputs", async () => {
            const connector = getConnectorOutput({
                system: pulumi.output("shopify"),
                environment: "live",
                companyGroup: pulumi.output("uk"),
            });
            assert.deepEqual(await resolved(connector), described(account.shopifyUkLive));
            assert.equal(await resolved(pulumi.output(connector.connectorId)), account.shopifyUkLive.id);
            assert.equal(await resolved(pulumi.output(connector.system)), "shopify");
        });

        it("getConnectorsOutput and getCompanyGroupsOutput resolve to what the plain forms return", async () => {
            assert.deepEqual(await resolved(getConnectorsOutput({ environment: pulumi.output("test" as const) })), [
                described(account.shopifyTest),
            ]);
            assert.deepEqual(await resolved(getCompanyGroupsOutput()), await getCompanyGroups());
        });

        it("rejects with the same one line", async () => {
            assert.match(
                await failure(resolved(getConnectorOutput({ system: "veeqo", environment: "test" }))),
                /^patchworks\.getConnector\(.*no test veeqo connector/,
            );
        });
    });

    describe("settings", () => {
        it("falls back to the PATCHWORKS_* environment without stack config", async () => {
            useConfig({});
            useEnvironment({ PATCHWORKS_API_URL: emulator.apiUrl, PATCHWORKS_API_KEY: emulator.apiKey });
            assert.equal((await getConnector({ system: "netsuite", environment: "live" })).connectorId, account.netsuiteLive.id);
        });

        it("takes stack config before the environment", async () => {
            useEnvironment({
                PATCHWORKS_API_URL: `http://127.0.0.1:${await closedPort()}/api/v1`,
                PATCHWORKS_API_KEY: "pw-env-key-not-used",
            });
            assert.equal((await getConnectors()).length, 3);
        });

        it("fails with the provider's advice when there is no API key", async () => {
            useConfig({ "patchworks:apiUrl": emulator.apiUrl });
            assert.equal(await failure(getCompanyGroups()), `patchworks.getCompanyGroups(): ${MISSING_CREDENTIALS}`);
        });

        it("fails saying the API is unreachable, naming its URL", async () => {
            const apiUrl = `http://127.0.0.1:${await closedPort()}/api/v1`;
            useConfig({ "patchworks:apiUrl": apiUrl, "patchworks:apiKey": emulator.apiKey, "patchworks:maxRetries": "0" });
            const message = await failure(getConnector({ system: "shopify", environment: "live", companyGroup: "uk" }));
            assert.match(
                message,
                new RegExp(
                    `^patchworks\\.getConnector\\(.*could not reach the Patchworks API at ${apiUrl.replace(/[.]/g, "\\.")} \\(ECONNREFUSED\\)$`,
                ),
            );
        });

        it("never shows the API key, even when the API refuses it", async () => {
            const wrongKey = "pw-wrong-key-5f0e1d";
            useConfig({ "patchworks:apiUrl": emulator.apiUrl, "patchworks:apiKey": wrongKey });
            const message = await failure(getConnectors());
            assert.match(message, /\(401\).*Check patchworks:apiKey/);
            assert.ok(!message.includes(wrongKey), message);
        });

        it("refuses an unusable setting in one line naming it", async () => {
            useConfig({ "patchworks:apiUrl": emulator.apiUrl, "patchworks:apiKey": emulator.apiKey, "patchworks:maxRetries": "lots" });
            assert.equal(
                await failure(getCompanyGroups()),
                'patchworks.getCompanyGroups(): patchworks:maxRetries (PATCHWORKS_MAX_RETRIES) must be a whole number >= 0, got "lots"',
            );
        });
    });
});
