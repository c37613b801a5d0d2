// Create, refresh, update and delete of connectors through the real client over a fake Fabric
// (./world): what goes on the wire, and what the user reads when Fabric answers with its quirks.
import { strict as assert } from "node:assert";
import {
    createConnector,
    CreatedWithError,
    deleteConnector,
    readConnector,
    updateConnector,
    type LifecycleContext,
} from "../../provider/connector/lifecycle";
import type { ConnectorOutputs } from "../../provider/connector/mapping";
import type { ConnectorInputs } from "../../provider/connector/validate";
import { UserError } from "../../provider/errors";
import { serviceAccount } from "../../provider/service/account";
import { rejectionOf } from "../client/fixtures";
import { SHOPIFY_TOKEN, shopifyChecked } from "../support/connector-inputs";
import { assertNoSecret } from "./secrets";
import { fakeWorld, type World } from "./world";

const STORE = "my-store.myshopify.com";

function contextOf(world: World): LifecycleContext {
    return { account: world.runtime.connectorAccount(), ledger: world.runtime.connectorLedger, diagnose: world.runtime.diagnose };
}

const magento = () =>
    shopifyChecked({
        system: "magento-2",
        authType: "basic_auth",
        credentials: { url: "https://shop.example.com", token: "magento-token-secret-1" },
    });

describe("connector lifecycle (fake Fabric)", () => {
    let world: World;
    let context: LifecycleContext;
    beforeEach(() => {
        world = fakeWorld();
        context = contextOf(world);
    });

    describe("create", () => {
        it("posts Fabric's fields with numeric ids and the auth type's flags, and outputs Fabric's ids as strings", async () => {
            const outputs = await createConnector(context, shopifyChecked());
            const post = world.fabric.requests.find((r) => r.method === "POST");
            assert.deepEqual(post?.body, {
                connectorName: "Shopify UK",
                environment: "live",
                timeZone: "UTC",
                dateFormat: "c",
                authorisation_type: "oauth2",
                system_id: 7,
                integration_id: 1,
                credentials: { store: STORE, access_token: SHOPIFY_TOKEN, public_app: true },
            });
            assert.deepEqual(
                [outputs.connectorId, outputs.companyGroupId, outputs.systemId, outputs.name],
                ["uk_store|1", "1", "7", "Shopify UK"],
            );
            assert.equal("status" in outputs || "createdAt" in outputs, false);
        });

        it("sends no POST for a key a connector of the account holds, naming it and adopt", async () => {
            const id = world.fabric.addConnector({
                username: "uk_store",
                factoryName: "Shopify",
                environment: "live",
                name: "Other pipeline",
            });
            const error = await rejectionOf(createConnector(context, shopifyChecked()));
            assert.ok(error instanceof UserError);
            assert.match(error.message, new RegExp(`${id.replace("|", "\\|")} \\("Other pipeline"\\)`));
            assert.match(error.message, /Set adopt: true/);
            assert.equal(world.fabric.sent().filter((r) => r.startsWith("POST")).length, 0);
        });

        it("reads the account again right before the POST for a system whose duplicate check Fabric misses", async () => {
            await createConnector(context, magento());
            assert.deepEqual(
                world.fabric.sent().filter((r) => r.includes("/connectors")),
                ["GET /connectors", "POST /connectors"],
            );
            const plain = fakeWorld();
            await createConnector(contextOf(plain), shopifyChecked());
            await plain.runtime.connectors.get();
            assert.equal(plain.fabric.sent().filter((r) => r === "GET /connectors").length, 1, "one read for a system Fabric checks");
        });

        it("warns, naming the row, when a 200 for a system Fabric misses may be an overwrite of a connector made since the re-read", async () => {
            // Another program creates the same key between the provider's re-read and its POST.
            world.fabric.onRequest = (request) => {
                if (request.method !== "POST") return;
                world.fabric.onRequest = undefined;
                world.fabric.addConnector({ username: "uk_store", factoryName: "Magentotwo", environment: "live", name: "Their Magento" });
            };
            const outputs = await createConnector(context, magento());
            assert.equal(outputs.connectorId, "uk_store|1");
            const warning = world.diagnostics.find((d) => d.severity === "warning");
            assert.match(
                warning?.message ?? "",
                /reusing row uk_store\|1 .*most likely it revived a connector deleted earlier; if another program created this key .* Patchworks overwrote that connector/,
            );
        });

        // The engine may start the second create while the first is under way, or after it answered.
        for (const [when, createBoth] of [
            [
                "at once",
                (second: ConnectorInputs) => Promise.allSettled([createConnector(context, magento()), createConnector(context, second)]),
            ],
            [
                "after the first answered",
                async (second: ConnectorInputs) => {
                    const first = await Promise.allSettled([createConnector(context, magento())]);
                    return [...first, ...(await Promise.allSettled([createConnector(context, second)]))];
                },
            ],
        ] as const) {
            it(`refuses a second create of one key in a run, whatever spelling of the group each Connector uses (${when})`, async () => {
                const [first, second] = await createBoth({ ...magento(), name: "Magento again", companyGroup: "UK Store" });
                assert.equal(first.status, "fulfilled");
                const message = second.status === "rejected" ? String(second.reason.message) : "";
                assert.match(message, /another Connector of this stack \("Shopify UK"\) creates the live magento-2 connector/);
                assert.doesNotMatch(message, /adopt/, "adopting the run's own connector would manage it twice");
                assert.equal(world.fabric.sent().filter((r) => r.startsWith("POST")).length, 1);
            });
        }

        it("takes a create whose answer was lost for what it made, without a second POST", async () => {
            world.fabric.onRequest = (request) => {
                if (request.method !== "POST") return;
                world.fabric.onRequest = undefined;
                // Fabric makes the connector, and the answer never arrives.
                world.fabric.addConnector({
                    username: "uk_store",
                    factoryName: "Shopify",
                    environment: "live",
                    name: "Shopify UK",
                    authType: "oauth2",
                });
                world.fabric.scripted.set("POST /connectors", [{ kind: "network", code: "ECONNRESET", timedOut: false, unsent: false }]);
            };
            const outputs = await createConnector(contextOf(fakeWorldRetrying(world)), shopifyChecked());
            assert.equal(outputs.connectorId, "uk_store|1");
        });

        it("takes a 200 for a deleted connector's key as a revival with its old id, and says so", async () => {
            const id = world.fabric.addConnector({ username: "uk_store", factoryName: "Shopify", environment: "live", deleted: true });
            const outputs = await createConnector(context, shopifyChecked());
            assert.equal(outputs.connectorId, id);
            assert.match(world.diagnostics.map((d) => d.message).join("\n"), /revived its deleted .* as uk_store\|1/);
        });

        it("reports a failed credential check once, without a retry, after looking whether anything was made", async () => {
            const error = await rejectionOf(
                createConnector(context, shopifyChecked({ credentials: { store: STORE, access_token: "invalid-token-1" } })),
            );
            assert.ok(error instanceof UserError && !(error instanceof CreatedWithError));
            assert.match(
                error.message,
                /^creating connector "Shopify UK" \(Shopify[^)]*\) failed: its credentials did not pass Patchworks' check with Shopify[^,]*, or Patchworks failed/,
            );
            assert.match(error.message, /Nothing was created\.$/);
            assert.equal(error.message.split("\n").length, 1);
            assert.deepEqual(world.fabric.sent(), [
                "GET /systems?include=systemAuthorisationTypes.authorisationType",
                "GET /integrations?page=1",
                "GET /connectors",
                "POST /connectors",
                "GET /connectors",
            ]);
            assertNoSecret(error.message, ["invalid-token-1"], "the error");
        });

        it("fails naming the groups when companyGroup is omitted and the account has several", async () => {
            const error = await rejectionOf(createConnector(context, shopifyChecked({ companyGroup: undefined })));
            assert.match(
                error.message,
                /companyGroup is omitted, but the Patchworks account has 2 company groups: "UK Store" \(username uk_store\), "France Store" \(username france_store\); set companyGroup/,
            );
        });

        it("resolves a group by name or username, trimmed and case-insensitive", async () => {
            const outputs = await createConnector(context, shopifyChecked({ companyGroup: "  france STORE " }));
            assert.equal(outputs.companyGroupId, "2");
            assert.equal(outputs.companyGroup, "france STORE", "as declared, trimmed");
        });
    });

    describe("adopt", () => {
        it("takes the connector over, changing only what the program declares, its non-secret credentials in the outputs", async () => {
            const id = world.fabric.addConnector({
                username: "uk_store",
                factoryName: "Shopify",
                environment: "live",
                name: "Made in the dashboard",
                authType: "oauth2",
                credentials: { store: "dash.myshopify.com", access_token: "dashboard-token-1", public_app: true },
            });
            const outputs = await createConnector(
                context,
                shopifyChecked({ adopt: true, name: "Shopify UK", timezone: undefined, credentials: undefined }),
            );
            assert.deepEqual(world.fabric.requests.find((r) => r.method === "PUT")?.body, {
                environment: "live",
                connectorName: "Shopify UK",
            });
            assert.equal(outputs.connectorId, id);
            assert.deepEqual(outputs.credentials, { store: "dash.myshopify.com" });
            assert.equal(world.fabric.sent().filter((r) => r.startsWith("POST")).length, 0);
            assert.ok(world.runtime.connectorLedger.wasAdopted(id), "no other resource's delete removes it in this run");
        });

        it("fails when there is nothing to adopt", async () => {
            const error = await rejectionOf(createConnector(context, shopifyChecked({ adopt: true })));
            assert.match(
                error.message,
                /^adopt is true, but the Patchworks account has no live shopify connector in company group "uk_store" to take over/,
            );
        });
    });

    describe("refresh", () => {
        async function created(world: World): Promise<ConnectorOutputs> {
            return createConnector(contextOf(world), shopifyChecked());
        }

        it("serves every connector of the process from one GET /connectors", async () => {
            const a = await created(world);
            const b = await createConnector(context, shopifyChecked({ companyGroup: "france_store" }));
            const refresh = fakeWorld();
            refresh.fabric.rows = world.fabric.rows;
            refresh.fabric.groups = world.fabric.groups;
            const rc = contextOf(refresh);
            await readConnector(rc, a.connectorId, a);
            await readConnector(rc, b.connectorId, b);
            assert.equal(refresh.fabric.sent().filter((r) => r === "GET /connectors").length, 1);
        });

        it("reports drift in name, timezone and non-secret keys, and keeps secrets from the state even when Fabric shows them in clear", async () => {
            const state = await created(world);
            const row = world.fabric.rows[0];
            Object.assign(row, { name: "Renamed in dashboard", timeZone: "Europe/Paris" });
            row.credentials = { ...row.credentials, store: "other.myshopify.com", access_token: "rotated-in-dashboard-9" };
            world.fabric.maskingGaps = true;
            const refreshed = await readConnector(contextOf(fakeWorldSharing(world)), state.connectorId, state);
            assert.ok(refreshed);
            assert.deepEqual([refreshed.name, refreshed.timezone], ["Renamed in dashboard", "Europe/Paris"]);
            assert.deepEqual(refreshed.credentials, { store: "other.myshopify.com", access_token: SHOPIFY_TOKEN });
            assert.deepEqual(refreshed.credentialsChanged, ["store"]);
            assertNoSecret(JSON.stringify(refreshed), ["rotated-in-dashboard-9"], "the refreshed outputs");
        });

        it("does not take Fabric's reshaping of a value for drift (Peoplevox's url)", async () => {
            const peoplevox = shopifyChecked({
                system: "descartes-peoplevox",
                authType: "basic_auth",
                credentials: { client_id: "CL-99", username: "ops", password: "pvx-password-1", url: "https://acme.peoplevox.net" },
            });
            const state = await createConnector(context, peoplevox);
            world.fabric.rows[0].credentials.url = "https://acme.peoplevox.net/";
            const refreshed = await readConnector(contextOf(fakeWorldSharing(world)), state.connectorId, state);
            assert.deepEqual(refreshed?.credentialsChanged, []);
            assert.equal(refreshed?.credentials?.url, "https://acme.peoplevox.net");
        });

        it("drops a connector that is gone", async () => {
            const state = await created(world);
            world.fabric.rows[0].deleted = true;
            assert.equal(await readConnector(contextOf(fakeWorldSharing(world)), state.connectorId, state), undefined);
        });
    });

    describe("update", () => {
        it("sends environment and only what changed", async () => {
            const olds = await createConnector(context, shopifyChecked());
            await updateConnector(context, olds.connectorId, olds, shopifyChecked({ name: "Shopify UK (main)" }));
            const put = world.fabric.requests.find((r) => r.method === "PUT");
            assert.equal(put?.path, "/connectors/uk_store%7C1");
            assert.deepEqual(put?.body, { environment: "live", connectorName: "Shopify UK (main)" });
        });

        it("sends only the credential keys that change, plus those the system's update needs again, never a mask", async () => {
            const credentials = { client_id: "acme", username: "ops", password: "pvx-password-1", url: "https://acme.peoplevox.net" };
            const checked = (c: Record<string, string>) =>
                shopifyChecked({ system: "descartes-peoplevox", authType: "basic_auth", credentials: c });
            const olds = await createConnector(context, checked(credentials));
            await updateConnector(context, olds.connectorId, olds, checked({ ...credentials, password: "pvx-password-2" }));
            const put = world.fabric.requests.find((r) => r.method === "PUT");
            assert.deepEqual(put?.body, {
                environment: "live",
                credentials: { password: "pvx-password-2", url: "https://acme.peoplevox.net" },
            });
        });

        it("switches the auth type in place with the new type's flags on and the other's off", async () => {
            const olds = await createConnector(
                context,
                shopifyChecked({
                    authType: "basic_auth",
                    credentials: { store: STORE, api_key: "k-1-secret", password: "p-1-secret", shared_secret: "s-1-secret" },
                }),
            );
            const outputs = await updateConnector(context, olds.connectorId, olds, shopifyChecked());
            const put = world.fabric.requests.find((r) => r.method === "PUT");
            assert.deepEqual(put?.body, {
                environment: "live",
                authorisation_type: "oauth2",
                credentials: { private_app: false, public_app: true, store: STORE, access_token: SHOPIFY_TOKEN },
            });
            assert.equal(outputs.connectorId, olds.connectorId, "the id and the services that use it stay");
        });

        it("reports a failed credential check as one line, the connector unchanged", async () => {
            const olds = await createConnector(context, shopifyChecked());
            const error = await rejectionOf(
                updateConnector(
                    context,
                    olds.connectorId,
                    olds,
                    shopifyChecked({ credentials: { store: STORE, access_token: "invalid-2" } }),
                ),
            );
            assert.match(
                error.message,
                /^updating connector "Shopify UK" .*did not pass Patchworks' check with Shopify.* The connector is unchanged\.$/,
            );
        });
    });

    describe("delete", () => {
        it("refuses while a service of the group uses the connector, naming it, before any DELETE", async () => {
            const state = await createConnector(context, shopifyChecked());
            world.fabric.addService();
            world.fabric.addService({ id: 41, description: "Test orders", from_environment: "test", to_environment: "test" });
            world.fabric.addService({ id: 42, description: "France orders", username: "france_store" });
            const error = await rejectionOf(deleteConnector(context, state.connectorId, state));
            assert.match(error.message, /services of its company group use it: 40 \("UK orders"\)\./);
            assert.deepEqual(
                world.fabric.requests.filter((r) => r.method === "GET" && r.path.startsWith("/services")).map((r) => r.path),
                ["/services?perPage=100&include=serviceTemplate&page=1"],
            );
            assert.equal(world.fabric.sent().filter((r) => r.startsWith("DELETE")).length, 0);
        });

        it("asks which services use many connectors with one read of the account's services; a service the run deleted frees its connectors", async () => {
            const live = await createConnector(context, shopifyChecked());
            const test = await createConnector(context, shopifyChecked({ environment: "test" }));
            world.fabric.addService();
            const refused = await rejectionOf(deleteConnector(context, live.connectorId, live));
            assert.match(refused.message, /40 \("UK orders"\)/);
            await deleteConnector(context, test.connectorId, test);
            // The stack's own service goes first in a destroy (it depends on the connector), in this process.
            world.fabric.services.length = 0;
            serviceAccount(world.runtime.api()).noteDeleted("40");
            await deleteConnector(context, live.connectorId, live);
            assert.equal(world.fabric.sent().filter((r) => r.startsWith("GET /services")).length, 1);
            assert.equal(world.fabric.sent().filter((r) => r.startsWith("DELETE")).length, 2);
        });

        it("deletes an unused connector, and counts a 404 as deleted", async () => {
            const state = await createConnector(context, shopifyChecked());
            await deleteConnector(context, state.connectorId, state);
            await deleteConnector(context, state.connectorId, state);
            assert.deepEqual(
                world.fabric.sent().filter((r) => r.startsWith("DELETE")),
                ["DELETE /connectors/uk_store%7C1", "DELETE /connectors/uk_store%7C1"],
            );
        });

        it("fails when Fabric's 200 says the delete failed", async () => {
            const state = await createConnector(context, shopifyChecked());
            world.fabric.scripted.set("DELETE /connectors/uk_store%7C1", [
                { kind: "response", status: 200, text: JSON.stringify({ status: 500, message: "Failed to delete connector." }) },
            ]);
            const error = await rejectionOf(deleteConnector(context, state.connectorId, state));
            assert.match(
                error.message,
                /answered that the delete of connector uk_store\|1 .* failed \("Failed to delete connector\."\); it still exists/,
            );
        });
    });
});

/** The same account, with a client that may retry (and so reconcile) once. */
function fakeWorldRetrying(world: World): World {
    return fakeWorld({ maxRetries: 1 }, world.fabric);
}

/** Another provider process (a refresh) over the same account. */
function fakeWorldSharing(world: World): World {
    const other = fakeWorld();
    other.fabric.rows = world.fabric.rows;
    other.fabric.groups = world.fabric.groups;
    other.fabric.services = world.fabric.services;
    other.fabric.maskingGaps = world.fabric.maskingGaps;
    return other;
}
