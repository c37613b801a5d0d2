// Create, adopt, update, refresh and delete of one connector against the emulator, with one run's
// ledger. Every assertion about Patchworks is read back through the emulator's API, by id.
import { strict as assert } from "node:assert";
import { MASK } from "../../provider/catalog";
import {
    createConnector,
    CreatedWithError,
    deleteConnector,
    readConnector,
    updateConnector,
    type LifecycleContext,
} from "../../provider/connector/lifecycle";
import type { ConnectorOutputs } from "../../provider/connector/mapping";
import { validateConnectorInputs, type ConnectorInputs } from "../../provider/connector/validate";
import { RunCancelled, UserError } from "../../provider/errors";
import { PatchworksClient } from "../../provider/client";
import { SHOPIFY_TOKEN, shopifyChecked, shopifyInputs } from "../support/connector-inputs";
import { assertNoSecret } from "./secrets";
import { rejectionOf } from "../client/fixtures";
import { waitFor } from "../reliability/harness";
import { emulatorWorld } from "./world";

const STORE = "my-store.myshopify.com";
const KEY = { system: "shopify", environment: "live", companyGroup: "uk" };

/** Inputs as check returns them for this change (olds tell which credentials change). */
function checked(news: Record<string, unknown>, olds: Record<string, unknown> = {}): ConnectorInputs {
    const { inputs, failures } = validateConnectorInputs(news, olds);
    assert.deepEqual(failures, []);
    return inputs;
}

const legacy = () =>
    shopifyChecked({
        authType: "legacy",
        credentials: { store: STORE, apiKey: "legacy-app-key", password: "legacy-password-1", sharedSecret: "legacy-shared-1" },
    });

describe("connector lifecycle (emulator)", () => {
    const world = emulatorWorld();
    let context: LifecycleContext;
    beforeEach(() => {
        context = world.context();
    });

    async function methods(): Promise<string[]> {
        return (await world.emulator.requests()).map((r) => `${r.method} ${r.path.replace(/\?.*/, "")}`);
    }

    describe("create", () => {
        it("creates the connector as declared and records the real credentials, not the mask", async () => {
            const outputs = await createConnector(context, shopifyChecked());
            const remote = await world.api.getConnector(outputs.connectorId);
            assert.deepEqual(
                [remote.name, remote.companyGroup, remote.timezone, remote.authType, remote.credentials],
                ["Shopify UK", "uk", "UTC", "token", { storeUrl: STORE, accessToken: MASK }],
            );
            assert.deepEqual(outputs.credentials, { storeUrl: STORE, accessToken: SHOPIFY_TOKEN });
            assert.equal(outputs.status, "operational");
            assert.match(outputs.createdAt, /^\d{4}-\d\d-\d\dT[\d:.]+Z$/);
            assert.deepEqual(world.diagnostics, [], "an operational connector is worth no note");
        });

        it("refuses a key taken since the preview, naming the connector that took it and adopt", async () => {
            const rival = await world.dashboard({ name: "Other pipeline" });
            const error = await rejectionOf(createConnector(context, shopifyChecked()));
            assert.ok(error instanceof UserError);
            assert.match(
                error.message,
                new RegExp(`a connector with this key exists in the Patchworks account: ${rival.id} \\("Other pipeline"\\)`),
            );
            assert.match(error.message, /set adopt: true on this Connector to take \S+ over/);
            assert.deepEqual(
                (await world.api.listConnectors()).map((c) => c.id),
                [rival.id],
            );
        });

        it("takes a create whose answer was lost for what it created, without a second POST", async () => {
            context = world.context({ requestTimeoutMs: "250" });
            // The emulator creates on arrival and answers 3 s later: the client gives up first.
            await world.emulator.setFaults({ latencyMs: 3_000, methods: ["POST"] });
            const outputs = await createConnector(context, shopifyChecked());
            await world.emulator.setFaults({});
            const existing = await world.api.listConnectors();
            assert.deepEqual(
                existing.map((c) => c.id),
                [outputs.connectorId],
            );
            assert.deepEqual(outputs.credentials, { storeUrl: STORE, accessToken: SHOPIFY_TOKEN });
        });

        it("says a create that Patchworks did not confirm may exist, how to check and how to take it over", async () => {
            context = world.context({ requestTimeoutMs: "250", maxRetries: "0" });
            await world.emulator.setFaults({ latencyMs: 3_000, methods: ["POST", "GET"] });
            const error = await rejectionOf(createConnector(context, shopifyChecked()));
            await world.emulator.setFaults({});
            assert.ok(error instanceof UserError);
            assert.match(
                error.message,
                /^the create of the live shopify connector in company group "uk" may have taken effect, but Patchworks did not confirm it: /,
            );
            assert.match(error.message, /POST \/service-connectors/);
            assert.match(
                error.message,
                /Run `pulumi preview` \(once the API answers, if it is down\): if the connector was created it names it, and `PATCHWORKS_ADOPT_MATCHING=true pulumi up` takes it over; otherwise `pulumi up` creates it\./,
            );
            // The advice is true: it was created.
            assert.equal((await world.api.listConnectors()).length, 1);
        });

        it("says a create cut short by a cancelled run may exist, and the advice finds it", async () => {
            const cancelled = new AbortController();
            const { settings } = world.settings({});
            context = { ...world.context(), api: new PatchworksClient(settings, { signal: cancelled.signal }) };
            // Patchworks stores the connector on arrival and answers later; the run is cancelled in between.
            await world.emulator.setFaults({ latencyMs: 3_000, methods: ["POST"] });
            const pending = rejectionOf(createConnector(context, shopifyChecked()));
            await waitFor("Patchworks to store the connector", async () => (await world.api.listConnectors()).length === 1);
            cancelled.abort(new RunCancelled());
            const error = await pending;
            await world.emulator.setFaults({});
            assert.ok(error instanceof UserError);
            assert.match(error.message, /may have taken effect, but Patchworks did not confirm it: the Pulumi run was cancelled\./);
            assert.match(error.message, /`PATCHWORKS_ADOPT_MATCHING=true pulumi up` takes it over/);
            assert.equal((await world.api.listConnectors()).length, 1, "it was created, as the advice allows");
        });

        it("fails with the API's reason and creates nothing when nothing was deleted for it", async () => {
            await world.emulator.setFaults({ failCount: 1, failStatus: 422, methods: ["POST"] });
            const error = await rejectionOf(createConnector(context, shopifyChecked()));
            assert.ok(error instanceof UserError && !(error instanceof CreatedWithError));
            assert.match(error.message, /POST \/service-connectors failed \(422\): injected fault/);
            assert.deepEqual(await world.api.listConnectors(), []);
        });

        it("says so when the connector deleted to make room cannot be put back either", async () => {
            const original = await createConnector(context, shopifyChecked());
            await deleteConnector(context, original.connectorId, original);
            await world.emulator.setFaults({ failCount: 2, failStatus: 422, methods: ["POST"] });
            const error = await rejectionOf(createConnector(context, legacy()));
            assert.ok(error instanceof UserError && !(error instanceof CreatedWithError));
            assert.match(
                error.message,
                new RegExp(`The previous connector ${original.connectorId} \\("Shopify UK"\\) had been deleted to make room for it`),
            );
            assert.match(
                error.message,
                /putting it back failed too: .*\(422\).* Run `pulumi up` again to create the connector as declared\./,
            );
            assert.deepEqual(await world.api.listConnectors(), []);
        });

        it("restores a deleted connector once only", async () => {
            const original = await createConnector(context, shopifyChecked());
            await deleteConnector(context, original.connectorId, original);
            await world.emulator.setFaults({ failCount: 1, failStatus: 422, methods: ["POST"] });
            assert.ok((await rejectionOf(createConnector(context, legacy()))) instanceof CreatedWithError);
            assert.equal(context.ledger.takeDeleted(KEY), undefined);
        });
    });

    describe("adopt", () => {
        const rows: { title: string; declared: Record<string, unknown>; patched: boolean; after: Record<string, unknown> }[] = [
            {
                title: "writes only the fields the program declares",
                declared: { timezone: "Europe/London" },
                patched: true,
                after: {
                    name: "Made in the dashboard",
                    timezone: "Europe/London",
                    dateFormat: "dd/MM/yyyy HH:mm",
                    storeUrl: "dashboard-store.myshopify.com",
                },
            },
            {
                title: "writes nothing when nothing is declared",
                declared: {},
                patched: false,
                after: {
                    name: "Made in the dashboard",
                    timezone: "America/New_York",
                    dateFormat: "dd/MM/yyyy HH:mm",
                    storeUrl: "dashboard-store.myshopify.com",
                },
            },
            {
                title: "sets declared credentials and name",
                declared: { name: "Shopify UK", credentials: { storeUrl: STORE, accessToken: SHOPIFY_TOKEN } },
                patched: true,
                after: { name: "Shopify UK", timezone: "America/New_York", dateFormat: "dd/MM/yyyy HH:mm", storeUrl: STORE },
            },
        ];
        for (const row of rows) {
            it(row.title, async () => {
                const existing = await world.dashboard();
                const inputs = checked({
                    system: "shopify",
                    environment: "live",
                    companyGroup: "uk",
                    authType: "token",
                    adopt: true,
                    ...row.declared,
                });
                const outputs = await createConnector(context, inputs);
                assert.equal(outputs.connectorId, existing.id);
                const remote = await world.api.getConnector(existing.id);
                assert.deepEqual(
                    { name: remote.name, timezone: remote.timezone, dateFormat: remote.dateFormat, storeUrl: remote.credentials.storeUrl },
                    row.after,
                );
                assert.deepEqual(
                    { name: outputs.name, timezone: outputs.timezone, dateFormat: outputs.dateFormat },
                    { name: remote.name, timezone: remote.timezone, dateFormat: remote.dateFormat },
                );
                assert.equal(JSON.stringify(outputs.credentials).includes(MASK), false, "outputs never hold the mask");
                assert.equal((await methods()).filter((m) => m.startsWith("PATCH")).length, row.patched ? 1 : 0);
                assert.equal((await methods()).filter((m) => m.startsWith("POST")).length, 1, "only the dashboard's create");
                assert.equal(context.ledger.wasAdopted(existing.id), true);
            });
        }

        it("takes over an OAuth-authorised connector, which has no credentials to declare", async () => {
            const existing = await world.dashboard({
                system: "netsuite",
                companyGroup: null,
                name: "NetSuite (authorised by Jane)",
                authType: "suitetalk-oauth",
                credentials: {},
            });
            const outputs = await createConnector(
                context,
                checked({ system: "netsuite", environment: "live", authType: "suitetalk-oauth", adopt: true }),
            );
            assert.equal(outputs.connectorId, existing.id);
            assert.equal((await world.api.getConnector(existing.id)).name, "NetSuite (authorised by Jane)");
            assert.deepEqual(outputs.credentials, {});
        });

        const refusals: { title: string; setup: () => Promise<unknown>; message: RegExp }[] = [
            {
                title: "nothing to take over",
                setup: () => world.dashboard({ companyGroup: "fr" }),
                message:
                    /^adopt is true, but the Patchworks account has no live shopify connector in company group "uk" to take over; create it in the dashboard first, or remove adopt/,
            },
            {
                title: "another authType",
                setup: () =>
                    world.dashboard({
                        authType: "legacy",
                        credentials: { store: STORE, apiKey: "k", password: "p-1", sharedSecret: "s-1" },
                    }),
                message:
                    /^cannot adopt connector \S+ \("Made in the dashboard"\): it uses authType "legacy", not "token"; declare authType: "legacy"$/,
            },
        ];
        for (const refusal of refusals) {
            it(`refuses, changing nothing: ${refusal.title}`, async () => {
                await refusal.setup();
                const before = await world.api.listConnectors();
                const error = await rejectionOf(createConnector(context, shopifyChecked({ adopt: true })));
                assert.ok(error instanceof UserError);
                assert.match(error.message, refusal.message);
                assert.deepEqual(await world.api.listConnectors(), before);
            });
        }
    });

    describe("update", () => {
        it("patches only what changed", async () => {
            const olds = await createConnector(context, shopifyChecked());
            const news = checked(shopifyInputs({ timezone: "Europe/London" }), olds as never);
            const outputs = await updateConnector(context, olds.connectorId, olds, news);
            assert.deepEqual(
                (await methods()).filter((m) => !m.startsWith("POST")),
                [`PATCH /api/v1/service-connectors/${olds.connectorId}`],
            );
            assert.equal((await world.api.getConnector(olds.connectorId)).timezone, "Europe/London");
            assert.equal(outputs.timezone, "Europe/London");
        });

        it("sends nothing for a change that is the state's only (adopt), and reads the connector", async () => {
            const olds = await createConnector(context, shopifyChecked());
            const outputs = await updateConnector(context, olds.connectorId, olds, checked(shopifyInputs({ adopt: true }), olds as never));
            assert.equal(outputs.adopt, true);
            assert.deepEqual(
                (await methods()).filter((m) => !m.startsWith("POST")),
                [`GET /api/v1/service-connectors/${olds.connectorId}`],
            );
        });

        it("keeps the state's credentials when an adopted connector stops declaring them", async () => {
            const olds = { ...(await createConnector(context, shopifyChecked())), adopt: true };
            const news = checked(
                { system: "shopify", environment: "live", companyGroup: "uk", authType: "token", adopt: true },
                olds as never,
            );
            const outputs = await updateConnector(context, olds.connectorId, olds, news);
            assert.deepEqual(outputs.credentials, { storeUrl: STORE, accessToken: SHOPIFY_TOKEN });
            assert.equal(outputs.name, "Shopify UK");
        });

        it("says what to run when the connector was deleted outside Pulumi", async () => {
            const olds = await createConnector(context, shopifyChecked());
            await world.api.deleteConnector(olds.connectorId);
            const error = await rejectionOf(
                updateConnector(context, olds.connectorId, olds, checked(shopifyInputs({ name: "New" }), olds as never)),
            );
            assert.ok(error instanceof UserError);
            assert.equal(
                error.message,
                `connector ${olds.connectorId} ("Shopify UK") no longer exists in Patchworks (deleted outside Pulumi); run \`pulumi refresh\` to drop it from the state, then \`pulumi up\` to create it again`,
            );
        });
    });

    describe("refresh (readConnector)", () => {
        it("sees drift in settings and non-secret credentials; keeps secret ones from the state, never the mask", async () => {
            const state = await createConnector(context, shopifyChecked());
            await world.api.updateConnector(state.connectorId, {
                name: "Renamed in the dashboard",
                dateFormat: "dd/MM/yyyy",
                credentials: { storeUrl: "moved.myshopify.com", accessToken: "shpat-set-in-the-dashboard" },
            });
            const refreshed = (await readConnector(context.api, state.connectorId, state)) as ConnectorOutputs;
            assert.equal(refreshed.name, "Renamed in the dashboard");
            assert.equal(refreshed.dateFormat, "dd/MM/yyyy");
            assert.deepEqual(refreshed.credentials, { storeUrl: "moved.myshopify.com", accessToken: SHOPIFY_TOKEN });
            assert.deepEqual(refreshed.credentialsChanged, ["storeUrl"]);
        });

        it("reports a connector deleted out of band as gone", async () => {
            const state = await createConnector(context, shopifyChecked());
            await world.api.deleteConnector(state.connectorId);
            assert.equal(await readConnector(context.api, state.connectorId, state), undefined);
        });
    });

    describe("delete", () => {
        it("deletes, and a connector already gone counts as deleted", async () => {
            const state = await createConnector(context, shopifyChecked());
            await deleteConnector(context, state.connectorId, state);
            assert.deepEqual(await world.api.listConnectors(), []);
            await deleteConnector(world.context(), state.connectorId, state);
        });

        it("keeps a connector that another Connector adopted in this run, saying so", async () => {
            const existing = await world.dashboard();
            await createConnector(context, shopifyChecked({ adopt: true }));
            // The old resource of a rename without aliases, or of a slot hand-over, deletes the same id.
            await deleteConnector(context, existing.id, {
                ...shopifyChecked(),
                connectorId: existing.id,
                status: "operational",
                createdAt: "",
                updatedAt: "",
                name: "Shopify UK (old)",
            });
            assert.equal((await world.api.getConnector(existing.id)).id, existing.id);
            assert.deepEqual(world.diagnostics, [
                {
                    severity: "info",
                    message: `kept connector ${existing.id} ("Shopify UK (old)"): another Connector of this stack adopted it in this run`,
                },
            ]);
            assert.equal(
                (await methods()).some((m) => m.startsWith("DELETE")),
                false,
            );
        });

        it("refuses a connector in use, naming the services, and keeps it", async () => {
            const state = await createConnector(context, shopifyChecked());
            await world.emulator.markInUse(state.connectorId, ["Orders to NetSuite", "Stock sync"]);
            const error = await rejectionOf(deleteConnector(context, state.connectorId, state));
            assert.ok(error instanceof UserError);
            assert.equal(
                error.message,
                `cannot delete connector ${state.connectorId} ("Shopify UK"): it is still used by services: Orders to NetSuite, Stock sync. ` +
                    "Remove it from those services first (delete or re-point the Service resources, or in the Patchworks dashboard), " +
                    "or keep the connector with the resource option retainOnDelete: true.",
            );
            assert.equal((await world.api.getConnector(state.connectorId)).id, state.connectorId);
            assert.equal(context.ledger.takeDeleted(KEY), undefined, "a refused delete leaves nothing to restore");
        });
    });

    describe("verifyCredentials after a write that sent credentials", () => {
        const BAD_TOKEN = "invalid-token-for-tests-7731";
        const BAD_HOST = "my-store.invalid";
        const AUTH_ADVICE =
            /^connector \S+ \("Shopify UK"\) is failed_authentication: its credentials did not authenticate: rotate them \(set the current values and run `pulumi up`\)/;
        const HOST_ADVICE =
            /^connector \S+ \("Shopify UK"\) is unreachable: Patchworks cannot reach the system: check the store URL or host in its credentials/;
        const credentials = {
            badToken: { storeUrl: STORE, accessToken: BAD_TOKEN },
            badHost: { storeUrl: BAD_HOST, accessToken: SHOPIFY_TOKEN },
            good: { storeUrl: STORE, accessToken: SHOPIFY_TOKEN },
        };

        type Operation = "create" | "update" | "adopt";
        /** Runs the operation with these credentials; an update starts from a working connector. */
        async function run(operation: Operation, sent: Record<string, string>, ctx: LifecycleContext): Promise<ConnectorOutputs> {
            if (operation === "create") return createConnector(ctx, shopifyChecked({ credentials: sent }));
            if (operation === "adopt") {
                await world.dashboard({ name: "Shopify UK" });
                return createConnector(ctx, shopifyChecked({ adopt: true, credentials: sent }));
            }
            const olds = await createConnector(world.context({ verifyCredentials: "off" }), shopifyChecked());
            return updateConnector(ctx, olds.connectorId, olds, checked(shopifyInputs({ credentials: sent }), olds as never));
        }

        const rows: { verify: string; operation: Operation; sent: Record<string, string>; expect: "nothing" | RegExp; fails?: boolean }[] =
            [
                { verify: "warn", operation: "create", sent: credentials.badToken, expect: AUTH_ADVICE },
                { verify: "warn", operation: "create", sent: credentials.badHost, expect: HOST_ADVICE },
                { verify: "warn", operation: "create", sent: credentials.good, expect: "nothing" },
                { verify: "warn", operation: "update", sent: credentials.badToken, expect: AUTH_ADVICE },
                { verify: "warn", operation: "adopt", sent: credentials.badHost, expect: HOST_ADVICE },
                { verify: "fail", operation: "create", sent: credentials.badToken, expect: AUTH_ADVICE, fails: true },
                { verify: "fail", operation: "update", sent: credentials.badHost, expect: HOST_ADVICE, fails: true },
                { verify: "fail", operation: "create", sent: credentials.good, expect: "nothing" },
                { verify: "off", operation: "create", sent: credentials.badToken, expect: "nothing" },
                { verify: "off", operation: "adopt", sent: credentials.badHost, expect: "nothing" },
            ];
        for (const row of rows) {
            const what =
                row.sent === credentials.good
                    ? "working credentials"
                    : row.sent === credentials.badToken
                      ? "a token that fails"
                      : "an unreachable host";
            const outcome = row.expect === "nothing" ? "says nothing" : row.fails ? "fails the step, keeping the connector" : "warns once";
            it(`${row.verify}: ${row.operation} with ${what} ${outcome}`, async () => {
                const ctx = world.context({ verifyCredentials: row.verify });
                if (row.fails) {
                    const error = await rejectionOf(run(row.operation, row.sent, ctx));
                    assert.ok(error instanceof CreatedWithError, String(error));
                    assert.match(error.message, row.expect as RegExp);
                    assert.doesNotMatch(error.message, /makes this an error/);
                    assert.equal(error.properties.connectorId, error.id);
                    assert.deepEqual(error.reasons, [error.message]);
                    assert.deepEqual(
                        (await world.api.listConnectors()).map((c) => c.id),
                        [error.id],
                        "the connector exists and is recorded",
                    );
                    assert.deepEqual(world.diagnostics, []);
                    return;
                }
                const outputs = await run(row.operation, row.sent, ctx);
                if (row.expect === "nothing") {
                    assert.deepEqual(world.diagnostics, []);
                    return;
                }
                assert.equal(world.diagnostics.length, 1, JSON.stringify(world.diagnostics));
                const [{ severity, message }] = world.diagnostics;
                assert.equal(severity, "warning");
                assert.match(message, row.expect);
                assert.ok(message.includes(outputs.connectorId));
                assert.match(message, /\(patchworks:verifyCredentials=fail makes this an error\)$/);
                assertNoSecret(message, [BAD_TOKEN, BAD_HOST, SHOPIFY_TOKEN, STORE], "the warning");
            });
        }

        it("says nothing after a write that sent no credentials, whatever the status", async () => {
            const olds = await createConnector(
                world.context({ verifyCredentials: "off" }),
                shopifyChecked({ credentials: credentials.badToken }),
            );
            await updateConnector(
                context,
                olds.connectorId,
                olds,
                checked(shopifyInputs({ name: "Renamed", credentials: credentials.badToken }), olds as never),
            );
            await world.dashboard({ companyGroup: "fr", credentials: credentials.badToken });
            await createConnector(
                context,
                checked({ system: "shopify", environment: "live", companyGroup: "fr", authType: "token", adopt: true }),
            );
            assert.deepEqual(world.diagnostics, []);
        });
    });
});
