// The provider's implementation (what the dynamic adapter calls) against the emulator: the whole
// lifecycle a Pulumi user drives with up, refresh and destroy.
import { strict as assert } from "node:assert";
import type { PatchworksClient } from "../../provider/client";
import { apiClient } from "../support/api";
import type { ConnectorOutputs } from "../../provider/connector/mapping";
import type { ConnectorInputs } from "../../provider/connector/validate";
import * as provider from "../../provider";
import { SHOPIFY_TOKEN as TOKEN, shopifyInputs } from "../support/connector-inputs";
import { startEmulator, type RunningEmulator } from "../support/emulator";

describe("provider lifecycle (emulator)", () => {
    let emulator: RunningEmulator;
    let api: PatchworksClient;

    before(async () => {
        emulator = await startEmulator();
        api = apiClient(emulator);
    });
    after(() => emulator.stop());
    beforeEach(async () => {
        await emulator.reset();
        provider.configure({ get: (key) => ({ "patchworks:apiUrl": emulator.apiUrl, "patchworks:apiKey": emulator.apiKey })[key] });
    });

    async function checked(news: Record<string, unknown>, olds: Record<string, unknown> = {}): Promise<ConnectorInputs> {
        const { inputs, failures } = await provider.check(olds, news);
        assert.deepEqual(failures, []);
        return inputs;
    }

    it("creates, reads, updates in place, notices drift and deletes", async () => {
        const inputs = await checked(shopifyInputs());
        const { id, outs } = await provider.create(inputs);
        assert.equal(outs.connectorId, id);
        assert.equal(outs.status, "operational");
        assert.equal(outs.credentials.accessToken, TOKEN, "state keeps the real credential, not the mask");
        assert.match(outs.createdAt, /^\d{4}-\d\d-\d\dT.*Z$/);

        const remote = await api.getConnector(id);
        assert.equal(remote.credentials.accessToken, "********");
        assert.equal(remote.companyGroup, "uk");

        const moved = await checked(shopifyInputs({ timezone: "Europe/London", name: "Shopify United Kingdom" }), inputs as never);
        const diff = await provider.diff(outs, moved);
        assert.deepEqual(diff, { changes: true, replaces: [], deleteBeforeReplace: false });
        const updated = (await provider.update(id, outs, moved)).outs;
        assert.equal(updated.timezone, "Europe/London");
        assert.equal((await api.getConnector(id)).name, "Shopify United Kingdom");

        await api.updateConnector(id, { name: "Renamed in the dashboard" });
        const refreshed = await provider.read(id, updated);
        assert.equal(refreshed.id, id);
        assert.equal(refreshed.props?.name, "Renamed in the dashboard");
        assert.equal(refreshed.props?.credentials.accessToken, TOKEN, "refresh never writes the mask into state");
        assert.deepEqual((await provider.diff(refreshed.props as ConnectorOutputs, moved)).changes, true);

        await provider.remove(id, updated);
        assert.equal((await api.listConnectors()).length, 0);
        await provider.remove(id, updated); // a second delete finds nothing, which counts as deleted
    });

    it("drops a connector deleted out of band on refresh", async () => {
        const { id, outs } = await provider.create(await checked(shopifyInputs()));
        await api.deleteConnector(id);
        assert.deepEqual(await provider.read(id, outs), { id: "" });
    });

    it("fails check for a connector the account already has, naming it and adopt", async () => {
        const existing = await api.createConnector({
            system: "shopify",
            environment: "live",
            companyGroup: "UK",
            name: "Made in the dashboard",
            timezone: "UTC",
            dateFormat: "yyyy-MM-dd HH:mm:ss",
            authType: "token",
            credentials: { storeUrl: "my-store.myshopify.com", accessToken: TOKEN },
        });
        const { failures } = await provider.check({}, shopifyInputs());
        assert.equal(failures.length, 1);
        assert.equal(failures[0].property, "adopt");
        assert.match(failures[0].reason, new RegExp(`${existing.id} \\("Made in the dashboard"\\)`));
        assert.match(failures[0].reason, /adopt: true/);

        // The same key in prior inputs means this stack manages it: no failure.
        assert.deepEqual((await provider.check(shopifyInputs(), shopifyInputs({ name: "x" }))).failures, []);
    });

    it("makes one list call per provider process for every check", async () => {
        for (const environment of ["live", "test"]) {
            for (const companyGroup of ["uk", "fr", "de"]) await checked(shopifyInputs({ environment, companyGroup }));
        }
        const lists = (await emulator.requests()).filter((r) => r.method === "GET" && r.path.startsWith("/api/v1/service-connectors"));
        assert.equal(lists.length, 1);
    });

    it("adopts an existing connector, bringing it to the declared state", async () => {
        const existing = await api.createConnector({
            system: "shopify",
            environment: "live",
            companyGroup: "uk",
            name: "Made in the dashboard",
            timezone: "UTC",
            dateFormat: "yyyy-MM-dd HH:mm:ss",
            authType: "token",
            credentials: { storeUrl: "old-store.myshopify.com", accessToken: "fake-old-token" },
        });
        const inputs = await checked(shopifyInputs({ adopt: true, timezone: "Europe/London" }));
        const { id, outs } = await provider.create(inputs);
        assert.equal(id, existing.id);
        const remote = await api.getConnector(id);
        assert.equal(remote.name, "Shopify UK");
        assert.equal(remote.timezone, "Europe/London");
        assert.equal(remote.credentials.storeUrl, "my-store.myshopify.com");
        assert.equal(outs.adopt, true);
        assert.equal((await api.listConnectors()).length, 1);
    });

    it("fails check when adopt finds nothing to take over", async () => {
        const { failures } = await provider.check({}, shopifyInputs({ adopt: true }));
        assert.deepEqual(failures.map((f) => f.property), ["adopt"]);
        assert.match(failures[0].reason, /no live shopify connector in company group "uk" to take over/);
    });

    it("adopts an OAuth-authorised connector without touching its credentials", async () => {
        // Authorised in the dashboard: the emulator accepts a connector without credential fields.
        const existing = await api.createConnector({
            system: "netsuite",
            environment: "live",
            companyGroup: null,
            name: "NetSuite (authorised in dashboard)",
            timezone: "UTC",
            dateFormat: "yyyy-MM-dd HH:mm:ss",
            authType: "suitetalk-oauth",
            credentials: {},
        });
        const inputs = await checked({ system: "netsuite", environment: "live", name: "NetSuite", authType: "suitetalk-oauth", adopt: true });
        const { id } = await provider.create(inputs);
        assert.equal(id, existing.id);
        assert.equal((await api.getConnector(id)).name, "NetSuite");
    });

    it("names the existing connector when another pipeline created it between check and create", async () => {
        const inputs = await checked(shopifyInputs());
        const rival = await api.createConnector({ ...inputs, companyGroup: "uk", name: "Other pipeline" });
        await assert.rejects(provider.create(inputs), (error: Error) => {
            assert.match(error.message, new RegExp(`${rival.id} \\("Other pipeline"\\)`));
            assert.match(error.message, /adopt: true/);
            assert.equal(error.stack, "", "shown to the user without a stack trace");
            return true;
        });
        assert.equal((await api.listConnectors()).length, 1);
    });

    it("refuses to delete a connector in use, naming the services, and keeps it", async () => {
        const { id, outs } = await provider.create(await checked(shopifyInputs()));
        await emulator.markInUse(id, ["Orders to NetSuite", "Stock sync"]);
        await assert.rejects(provider.remove(id, outs), /still used by services: Orders to NetSuite, Stock sync/);
        assert.equal((await api.getConnector(id)).id, id);
    });

    it("says in one line that the API cannot be reached, without a stack", async () => {
        provider.configure({ get: (key) => ({ "patchworks:apiUrl": "http://127.0.0.1:9/api/v1", "patchworks:apiKey": "k" })[key] });
        const { failures } = await provider.check({}, shopifyInputs());
        assert.equal(failures.length, 1);
        assert.match(failures[0].reason, /cannot check the account.*http:\/\/127\.0\.0\.1:9\/api\/v1/);
        assert.doesNotMatch(failures[0].reason, /\n|at .*\.js/);
    });

    it("asks for an API key when none is configured", async () => {
        const saved = { ...process.env };
        delete process.env.PATCHWORKS_API_KEY;
        delete process.env.PATCHWORKS_ACCESS_TOKEN;
        try {
            provider.configure({ get: () => undefined });
            const { failures } = await provider.check({}, shopifyInputs());
            assert.match(failures[0].reason, /pulumi config set --secret patchworks:apiKey/);
        } finally {
            Object.assign(process.env, saved);
        }
    });
});
