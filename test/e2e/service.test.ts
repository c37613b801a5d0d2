// Services under the real Pulumi engine: the other half of an integration. Each scenario ends with
// what exists in the emulator, read through its API by id, and a scan of the state at rest and the
// CLI output for every credential of the connectors involved.
import { strict as assert } from "node:assert";
import type { EngineEvent, PulumiFn, Stack } from "@pulumi/pulumi/automation";
import type { RemoteService } from "../../provider/client";
import { Connector, Service, type ConnectorArgs, type ServiceArgs } from "../../sdk";
import { assertNoStackTrace, type SecretBook } from "../reliability/harness";
import { e2eWorld } from "../support/e2e-world";
import { contractServiceSettings } from "../support/contract-service";
import { plannedOperations, type Op } from "./lifecycle-suite";

type ServiceChange = (args: ServiceArgs) => ServiceArgs;

/** One set of credentials per test: a program run that made new ones would rotate them. */
const declared = new WeakMap<SecretBook, { shopify: ConnectorArgs; netsuite: ConnectorArgs }>();

function connectorArgs(book: SecretBook): { shopify: ConnectorArgs; netsuite: ConnectorArgs } {
    let args = declared.get(book);
    if (!args) {
        args = { shopify: newShopifyUk(book), netsuite: newNetsuiteUk(book) };
        declared.set(book, args);
    }
    return args;
}

const shopifyUk = (book: SecretBook): ConnectorArgs => connectorArgs(book).shopify;
const netsuiteUk = (book: SecretBook): ConnectorArgs => connectorArgs(book).netsuite;

function newShopifyUk(book: SecretBook): ConnectorArgs {
    return {
        system: "shopify",
        environment: "live",
        companyGroup: "uk",
        authType: "token",
        credentials: { storeUrl: "acme-uk.myshopify.com", accessToken: book.make("shopify") },
    };
}

function newNetsuiteUk(book: SecretBook): ConnectorArgs {
    return {
        system: "netsuite",
        environment: "live",
        companyGroup: "uk",
        authType: "legacy-oauth1",
        credentials: {
            accountId: "1234567",
            scriptId: "126",
            deployId: "1",
            tokenId: book.make("tid"),
            tokenSecret: book.make("ts"),
            consumerKey: book.make("ck"),
            consumerSecret: book.make("cs"),
        },
    };
}

/** CONTRACT section 5's example, as written there. */
function ordersService(shopify: Connector, netsuite: Connector): ServiceArgs {
    return {
        name: "UK orders to NetSuite",
        type: "standard",
        source: { connector: shopify, entity: "orders", pageSize: 50, maxAttempts: 4, timezone: "Europe/London" },
        destination: { connector: netsuite, entity: "orders" },
        ...contractServiceSettings(),
    };
}

function integration(book: SecretBook, change: ServiceChange = (a) => a) {
    return async () => {
        const shopify = new Connector("shopify-uk-live", shopifyUk(book));
        const netsuite = new Connector("netsuite-uk-live", netsuiteUk(book));
        const orders = new Service("uk-orders-to-netsuite", change(ordersService(shopify, netsuite)));
        return { serviceId: orders.serviceId, shopifyId: shopify.connectorId, netsuiteId: netsuite.connectorId };
    };
}

describe("end to end: services", function () {
    this.timeout(240_000);

    const world = e2eWorld();
    const { scan, output, newStack } = world;

    async function plans(stack: Stack, program: PulumiFn): Promise<Record<string, Op>> {
        stack.workspace.program = program;
        const events: EngineEvent[] = [];
        await scan.transcript.run(stack.preview({ ...output(), onEvent: (e) => events.push(e) }));
        return plannedOperations(events);
    }

    async function up(stack: Stack, program: PulumiFn) {
        stack.workspace.program = program;
        return scan.transcript.run(stack.up(output()));
    }

    async function services(): Promise<RemoteService[]> {
        return world.api.listServices();
    }

    it("creates the contract's example as written, and a second preview changes nothing", async () => {
        const program = integration(scan.book);
        const testStack = await newStack(program);
        const { outputs } = await up(testStack.stack, program);
        const [remote] = await services();
        assert.equal(remote.id, outputs.serviceId.value);
        assert.equal(remote.source.connectorId, outputs.shopifyId.value);
        assert.equal(remote.destination.connectorId, outputs.netsuiteId.value);
        assert.deepEqual(remote.trigger, { schedule: "*/15 * * * *" });
        assert.deepEqual(
            remote.mappings.map((m) => m.destinationField),
            ["customer.email", "tran_date", "subsidiary"],
        );
        assert.equal(remote.active, true);
        const again = await scan.transcript.run(testStack.stack.preview(output()));
        assert.deepEqual(again.changeSummary, { same: 4 });
    });

    it("updates in place with a PATCH of the changed fields only, and replaces (create first) on an entity change", async () => {
        const program = integration(scan.book);
        const testStack = await newStack(program);
        await up(testStack.stack, program);
        const [original] = await services();

        const paused = integration(scan.book, (a) => ({ ...a, active: false, notes: "Paused for the migration" }));
        assert.deepEqual(await plans(testStack.stack, paused), {
            "shopify-uk-live": "same",
            "netsuite-uk-live": "same",
            "uk-orders-to-netsuite": "update",
        });
        const mark = (await world.emulator.requests()).length;
        await up(testStack.stack, paused);
        const writes = (await world.emulator.requests()).slice(mark).filter((r) => r.method !== "GET");
        assert.deepEqual(
            writes.map((r) => `${r.method} ${r.path}`),
            [`PATCH /api/v1/services/${original.id}`],
        );
        const [updated] = await services();
        assert.equal(updated.id, original.id);
        assert.equal(updated.active, false);
        assert.equal(updated.notes, "Paused for the migration");

        const refunds = integration(scan.book, (a) => ({
            ...a,
            active: false,
            source: { ...a.source, entity: "refunds" },
            destination: { ...a.destination, entity: "refunds" },
        }));
        assert.equal(
            (await plans(testStack.stack, refunds))["uk-orders-to-netsuite"],
            "create-replace",
            "replaced, the new one created first",
        );
        await up(testStack.stack, refunds);
        const now = await services();
        assert.equal(now.length, 1);
        assert.notEqual(now[0].id, original.id);
        assert.equal(now[0].source.entity, "refunds");
    });

    it("brings an out-of-band change into the state on refresh, corrects it on up, and recreates a service deleted out of band", async () => {
        const program = integration(scan.book);
        const testStack = await newStack(program);
        await up(testStack.stack, program);
        const [original] = await services();
        await world.api.updateService(original.id, { notes: "edited in the dashboard", active: false });
        const refreshed = await scan.transcript.run(testStack.stack.refresh(output()));
        assert.equal(refreshed.summary.resourceChanges?.update, 1);
        assert.match(await testStack.exportState(), /edited in the dashboard/);
        assert.deepEqual(await plans(testStack.stack, program), {
            "shopify-uk-live": "same",
            "netsuite-uk-live": "same",
            "uk-orders-to-netsuite": "update",
        });
        await up(testStack.stack, program);
        const [corrected] = await services();
        assert.equal(corrected.notes, "Owned by the platform team");
        assert.equal(corrected.active, true);

        await world.api.deleteService(original.id);
        const dropped = await scan.transcript.run(testStack.stack.refresh(output()));
        assert.equal(dropped.summary.resourceChanges?.delete, 1);
        assert.deepEqual(await plans(testStack.stack, program), {
            "shopify-uk-live": "same",
            "netsuite-uk-live": "same",
            "uk-orders-to-netsuite": "create",
        });
        await up(testStack.stack, program);
        assert.equal((await services()).length, 1);
    });

    it("adopts a dashboard service between connectors it manages, and keeps it on a rename with adopt", async () => {
        const connectorsOnly = async () => {
            const shopify = new Connector("shopify-uk-live", shopifyUk(scan.book));
            const netsuite = new Connector("netsuite-uk-live", netsuiteUk(scan.book));
            return { shopifyId: shopify.connectorId, netsuiteId: netsuite.connectorId };
        };
        const testStack = await newStack(connectorsOnly);
        const { outputs } = await up(testStack.stack, connectorsOnly);
        const dashboard = await world.api.createService({
            name: "UK orders to NetSuite",
            type: "standard",
            active: false,
            source: { connectorId: outputs.shopifyId.value, entity: "orders", pageSize: null, maxAttempts: null, timezone: "UTC" },
            destination: { connectorId: outputs.netsuiteId.value, entity: "orders", timezone: "UTC" },
            trigger: { schedule: "0 * * * *" },
            filters: [],
            mappings: [{ sourceField: "email", destinationField: "customer.email", transforms: [] }],
            alerts: null,
            notes: null,
        });
        const adopting = integration(scan.book, (a) => ({ ...a, adopt: true }));
        testStack.stack.workspace.program = adopting;
        const previewed = await scan.transcript.run(testStack.stack.preview(output()));
        assert.match(
            `${previewed.stdout}\n${previewed.stderr}`,
            new RegExp(`adopting service ${dashboard.id} \\("UK orders to NetSuite"\\): changes`),
        );
        await up(testStack.stack, adopting);
        const [adopted] = await services();
        assert.equal(adopted.id, dashboard.id, "the dashboard's service is taken over, not duplicated");
        assert.deepEqual(adopted.trigger, { schedule: "*/15 * * * *" }, "and brought to the declared state");
        const again = await scan.transcript.run(testStack.stack.preview(output()));
        assert.deepEqual(again.changeSummary, { same: 4 });
    });

    it("fails preview naming the path and the fix for a bad service, before any write", async () => {
        const program = integration(scan.book, (a) => ({
            ...a,
            trigger: { schedule: "*/15 * * *" },
            mappings: [{ source: "created_at", destination: "tran_date", transforms: [{ function: "format_date", args: {} }] }],
        }));
        const testStack = await newStack(program);
        const message = await scan.transcript.failure(testStack.stack.preview(output()));
        assert.match(message, /trigger\.schedule/);
        assert.match(message, /mappings\[0\]\.transforms\[0\]\.args\.format/);
        assertNoStackTrace(message);
        assert.deepEqual(
            (await world.emulator.requests()).filter((r) => r.method !== "GET"),
            [],
        );
    });

    it("destroys services before their connectors, and a connector used by a service made outside the stack is refused by name", async () => {
        const program = integration(scan.book);
        const testStack = await newStack(program);
        const { outputs } = await up(testStack.stack, program);
        // Someone builds a second service on the same Shopify connector in the dashboard.
        const outside = await world.api.createService({
            name: "Stock sync (dashboard)",
            type: "standard",
            active: false,
            source: { connectorId: outputs.shopifyId.value, entity: "products", pageSize: null, maxAttempts: null, timezone: "UTC" },
            destination: { connectorId: outputs.netsuiteId.value, entity: "products", timezone: "UTC" },
            trigger: null,
            filters: [],
            mappings: [],
            alerts: null,
            notes: null,
        });
        const message = await scan.transcript.failure(testStack.stack.destroy(output()));
        assert.match(message, /cannot delete connector \S+ \("shopify-uk-live"\): it is still used by services: Stock sync \(dashboard\)/);
        assertNoStackTrace(message);
        assert.deepEqual(
            (await services()).map((s) => s.id),
            [outside.id],
            "the stack's own service went first",
        );
        const remaining = (await world.api.listConnectors()).map((c) => c.id).sort();
        assert.deepEqual(remaining, [outputs.netsuiteId.value, outputs.shopifyId.value].sort(), "both connectors are kept while in use");

        // The message's advice: remove it from those services first.
        await world.api.deleteService(outside.id);
        await scan.transcript.run(testStack.stack.destroy(output()));
        assert.deepEqual(await world.api.listConnectors(), []);
        assert.deepEqual(await services(), []);
    });

    it("refers to a connector managed elsewhere by a ConnectorReference", async () => {
        const elsewhere = await world.api.createConnector({
            system: "netsuite",
            environment: "live",
            companyGroup: "uk",
            name: "NetSuite (another stack)",
            timezone: "UTC",
            dateFormat: "yyyy-MM-dd HH:mm:ss",
            authType: "legacy-oauth1",
            credentials: (netsuiteUk(scan.book).credentials ?? {}) as Record<string, string>,
        });
        const program = async () => {
            const shopify = new Connector("shopify-uk-live", shopifyUk(scan.book));
            const netsuite = { connectorId: elsewhere.id, system: "netsuite", environment: "live" as const, companyGroup: "uk" };
            const args = ordersService(shopify, shopify);
            const orders = new Service("uk-orders", { ...args, destination: { connector: netsuite, entity: "orders" } });
            return { serviceId: orders.serviceId };
        };
        const testStack = await newStack(program);
        await up(testStack.stack, program);
        const [remote] = await services();
        assert.equal(remote.destination.connectorId, elsewhere.id);

        // A reference that misstates its connector fails at preview, naming what it really is.
        const wrong = async () => {
            const shopify = new Connector("shopify-uk-live", shopifyUk(scan.book));
            const netsuite = { connectorId: elsewhere.id, system: "netsuite", environment: "live" as const, companyGroup: "fr" };
            new Service("uk-orders-2", { ...ordersService(shopify, shopify), destination: { connector: netsuite, entity: "orders" } });
        };
        testStack.stack.workspace.program = wrong;
        const message = await scan.transcript.failure(testStack.stack.preview(output()));
        assert.match(
            message,
            new RegExp(
                `connector ${elsewhere.id} \\("NetSuite \\(another stack\\)"\\) is the live netsuite connector in company group "uk", not the live netsuite connector in company group "fr"`,
            ),
        );
    });
});
