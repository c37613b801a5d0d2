// Services under the real Pulumi engine, on Fabric v2 (CONTRACT section 7). Each scenario runs the
// CLI, then reads what exists in the emulator over plain HTTP (never through the provider's
// client); the state at rest and the CLI output are scanned for every credential afterwards.
import { strict as assert } from "node:assert";
import type { PulumiFn, Stack } from "@pulumi/pulumi/automation";
import { Connector, type ConnectorArgs, getConnectorOutput, Service, type ServiceArgs } from "../../sdk";
import { DEFAULT_USER } from "../../emulator/access";
import { API_KEY, assertNoStackTrace, type SecretBook } from "../reliability/harness";
import { CONTRACT_SOURCE, contractServiceSettings } from "../support/contract-service";
import { e2eWorld } from "../support/e2e-world";
import { startEmulator } from "../support/emulator";
import { type FabricHttp, fabricHttp, type Json, type LoggedRequest } from "../support/fabric-http";

const SERVICE_NAME = "UK orders to NetSuite";

/** One set of credentials per test: a program run that made new ones would rotate them. */
const declared = new WeakMap<SecretBook, Record<"shopifyUk" | "netsuiteUk" | "netsuiteFr", ConnectorArgs>>();

function netsuite(book: SecretBook, companyGroup: string): ConnectorArgs {
    return {
        system: "netsuite",
        authType: "oauth1",
        environment: "live",
        companyGroup,
        credentials: {
            account_id: "1234567",
            script_id: "126",
            deploy_id: "1",
            oauth_token_id: book.make("tid"),
            oauth_token_secret: book.make("ts"),
            consumer_key: book.make("ck"),
            consumer_secret: book.make("cs"),
        },
    };
}

function connectorArgs(book: SecretBook) {
    let args = declared.get(book);
    if (!args) {
        args = {
            shopifyUk: {
                system: "shopify",
                authType: "oauth2",
                environment: "live",
                companyGroup: "UK Store",
                credentials: { store: "acme-uk.myshopify.com", access_token: book.make("shopify") },
            },
            netsuiteUk: netsuite(book, "UK Store"),
            netsuiteFr: netsuite(book, "France Store"),
        };
        declared.set(book, args);
    }
    return args;
}

interface Endpoints {
    shopify: Connector;
    netsuite: Connector;
}

/** CONTRACT section 7's example, as written there. */
function ordersService({ shopify, netsuite }: Endpoints): ServiceArgs {
    return {
        name: SERVICE_NAME,
        source: { connector: shopify, ...CONTRACT_SOURCE },
        destination: { connector: netsuite, entity: "Orders" },
        ...contractServiceSettings(),
    };
}

/** The UK Shopify and NetSuite connectors, and the services `declare` makes with them; exports each service's id. */
function integration(book: SecretBook, declare: (endpoints: Endpoints) => Record<string, ServiceArgs>, netsuiteGroup: "uk" | "fr" = "uk") {
    return async () => {
        const args = connectorArgs(book);
        const shopify = new Connector("shopify-uk-live", args.shopifyUk);
        const netsuiteArgs = netsuiteGroup === "uk" ? args.netsuiteUk : args.netsuiteFr;
        const netsuite = new Connector(`netsuite-${netsuiteGroup}-live`, netsuiteArgs);
        const services = Object.entries(declare({ shopify, netsuite })).map(([name, service]) => new Service(name, service));
        return Object.fromEntries(services.map((service, i) => [`service${i}`, service.serviceId]));
    };
}

const contract = (book: SecretBook, change: (args: ServiceArgs) => ServiceArgs = (a) => a) =>
    integration(book, (endpoints) => ({ "uk-orders-to-netsuite": change(ordersService(endpoints)) }));

/** What the declared mappings look like in Fabric's document (the provider's encoding, documents.ts). */
const DECLARED_DOCUMENT_ROWS = [
    { source: "email", destination: "customer.email", transforms: [] },
    { source: "created_at", destination: "tran_date", transforms: [{ function: "format_date", args: { format: "Y-m-d" } }] },
];

const line = (r: LoggedRequest) => `${r.method} ${r.path}`;

/** The writes to services and mapping documents, and the reads of documents, in order. */
const serviceTraffic = (requests: readonly LoggedRequest[]) =>
    requests
        .filter((r) => /\/api\/v2\/(services|mappings|integrations\/\d+\/services)/.test(r.path))
        .filter((r) => r.method !== "GET" || r.path.startsWith("/api/v2/mappings/"))
        .map(line);

async function groupId(api: FabricHttp, name: string): Promise<number> {
    const group = (await api.integrations()).find((g: Json) => g.name === name);
    assert.ok(group, `the emulator has company group "${name}"`);
    return group.id;
}

/** Makes the Shopify Orders to NetSuite Orders service the way the dashboard does; resolves to it as Fabric answers. */
async function dashboardService(api: FabricHttp, name: string, fromOptions: Record<string, unknown> = {}): Promise<Json> {
    const templates = (await api.request("GET", "/api/v2/service-templates")).body.data as Json[];
    const template = templates.find(
        (t) => t.source_factory_system.display_name === "Shopify Orders" && t.destination_factory_system.display_name === "NetSuite Orders",
    );
    assert.ok(template, "the emulator has the Shopify Orders to NetSuite Orders template");
    const made = await api.request("POST", `/api/v2/integrations/${await groupId(api, "UK Store")}/services`, {
        json: {
            description: name,
            schedule: "0 * * * *",
            from_environment: "live",
            to_environment: "live",
            service_template_id: template.id,
            from_options: { page_size: CONTRACT_SOURCE.pageSize, max_attempts: CONTRACT_SOURCE.maxAttempts, ...fromOptions },
        },
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    return made.body.data;
}

async function put(api: FabricHttp, id: string | number, json: unknown): Promise<void> {
    const answer = await api.request("PUT", `/api/v2/services/${id}`, { json });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
}

describe("end to end: services", function () {
    this.timeout(240_000);

    const world = e2eWorld();
    const { scan, output, newStack } = world;

    async function up(stack: Stack, program: PulumiFn) {
        stack.workspace.program = program;
        return scan.transcript.run(stack.up(output()));
    }

    async function preview(stack: Stack, program: PulumiFn) {
        stack.workspace.program = program;
        return scan.transcript.run(stack.preview(output()));
    }

    async function previewFailure(stack: Stack, program: PulumiFn): Promise<string> {
        stack.workspace.program = program;
        const message = await scan.transcript.failure(stack.preview(output()));
        assertNoStackTrace(message);
        return message;
    }

    /** A preview with --expect-no-changes: fails the test if anything would change. */
    async function noChanges(stack: Stack) {
        const result = await scan.transcript.run(stack.preview({ ...output(), expectNoChanges: true, diff: true }));
        assert.deepEqual(
            Object.keys(result.changeSummary).filter((op) => op !== "same"),
            [],
        );
    }

    const services = () => world.api.services();
    const writesSince = async (mark: number) => (await world.api.requests()).slice(mark).filter((r) => r.method !== "GET");

    it("creates the contract's example: a POST, the mapping document written and read back, then the filters in list form and the activation in one PUT", async () => {
        const program = contract(scan.book);
        const testStack = await newStack(program);
        const mark = (await world.api.requests()).length;
        const { outputs } = await up(testStack.stack, program);
        const [remote] = await services();
        assert.equal(String(remote.id), outputs.service0.value);
        const document = `uk_store_${remote.to_mapping}`;
        const ukId = await groupId(world.api, "UK Store");
        assert.deepEqual(serviceTraffic((await world.api.requests()).slice(mark)), [
            `POST /api/v2/integrations/${ukId}/services`,
            "POST /api/v2/mappings",
            `GET /api/v2/mappings/${document}`,
            `PUT /api/v2/services/${remote.id}`,
        ]);
        assert.equal(remote.description, SERVICE_NAME);
        assert.equal(remote.schedule, "*/15 * * * *");
        assert.equal(remote.status, true);
        assert.deepEqual([remote.from_environment, remote.to_environment], ["live", "live"]);
        assert.equal(remote.from_options.page_size, 50);
        assert.equal(remote.from_options.max_attempts, 4);
        assert.equal(remote.from_options.timezone, "Europe/London");
        // Validated (list form) and stored in Fabric's object form, not the template's defaults.
        assert.deepEqual(remote.from_options.filters, { "financial_status =": "paid", "created_at_min >": "TIME: -2 days" });
        assert.deepEqual(
            remote.filters.map((f: Json) => [f.id, f.value]),
            [
                ["financial_status =", "paid"],
                ["created_at_min >", "-2 days"],
            ],
        );
        assert.ok(remote.source_connector, "Fabric finds the source connector by group, system and environment");
        assert.ok(remote.destination_connector, "and the destination connector");
        assert.deepEqual(JSON.parse((await world.api.mapping(document)).content), DECLARED_DOCUMENT_ROWS);

        // The filters read back as declared: the next preview changes nothing.
        await noChanges(testStack.stack);
    });

    it("replaces an active service on a pageSize change, created first and activated only after the old one's DELETE", async () => {
        // A watcher of its own: Fabric paces each user, and the provider slows down for what the
        // watcher's polling spends of its user's minute (X-RateLimit-Remaining).
        const watcherUser = { email: "watcher@example.com", password: "watcher-password-e2e", role: "client-user" as const };
        const own = await startEmulator({ apiKey: API_KEY, users: [DEFAULT_USER, watcherUser] });
        try {
            const watcher = fabricHttp(own.url, watcherUser);
            const program = contract(scan.book);
            const testStack = await newStack(program, {}, own);
            await up(testStack.stack, program);
            const [old] = await watcher.services();

            const bigger = contract(scan.book, (a) => ({ ...a, source: { ...a.source, pageSize: 100 } }));
            const planned = await preview(testStack.stack, bigger);
            assert.deepEqual(planned.changeSummary, { same: 3, replace: 1 });

            const mark = (await own.requests()).length;
            let mostActive = 0;
            let watching = true;
            const watch = (async () => {
                while (watching) {
                    const active = (await watcher.services()).filter((s: Json) => s.status === true).length;
                    mostActive = Math.max(mostActive, active);
                    await new Promise((resolve) => setTimeout(resolve, 50));
                }
            })();
            try {
                await up(testStack.stack, bigger);
            } finally {
                watching = false;
                await watch;
            }
            const [replacement, ...others] = await watcher.services();
            assert.deepEqual(others, []);
            assert.notEqual(replacement.id, old.id);
            assert.equal(replacement.from_options.page_size, 100);
            assert.equal(replacement.status, true);
            assert.equal(mostActive, 1, "never two active copies");

            const writes = (await own.requests())
                .slice(mark)
                .filter((r) => r.method !== "GET")
                .map(line);
            const created = writes.indexOf(`POST /api/v2/integrations/${replacement.integration_id}/services`);
            const deleted = writes.indexOf(`DELETE /api/v2/services/${old.id}`);
            const activated = writes.lastIndexOf(`PUT /api/v2/services/${replacement.id}`);
            assert.ok(created >= 0 && created < deleted, `created first: ${writes.join(", ")}`);
            assert.ok(deleted < activated, `activated after the old one's DELETE: ${writes.join(", ")}`);
            await noChanges(testStack.stack);
        } finally {
            await own.stop();
        }
    });

    it("fails the preview naming both services that share a mapping document but declare different mappings", async () => {
        const program = integration(scan.book, (endpoints) => ({
            "uk-orders": ordersService(endpoints),
            "uk-orders-backup": {
                ...ordersService(endpoints),
                name: "UK orders backup",
                active: false,
                mappings: [{ source: "email", destination: "email" }],
            },
        }));
        const testStack = await newStack(program);
        const message = await previewFailure(testStack.stack, program);
        assert.match(
            message,
            /services "UK orders backup" and "UK orders to NetSuite" share Patchworks' mapping document uk_store_\S+|services "UK orders to NetSuite" and "UK orders backup" share/,
        );
        assert.match(message, /declare the same mappings in both, or leave them out of one/);
        assert.deepEqual(await writesSince(0), []);

        // The advice: declare the same mappings in both. Then both are made and the document holds them.
        const same = integration(scan.book, (endpoints) => ({
            "uk-orders": ordersService(endpoints),
            "uk-orders-backup": { ...ordersService(endpoints), name: "UK orders backup", active: false },
        }));
        const mark = (await world.api.requests()).length;
        await up(testStack.stack, same);
        const made = await services();
        assert.deepEqual(made.map((s: Json) => s.description).sort(), ["UK orders backup", SERVICE_NAME]);
        const [document] = new Set(made.map((s: Json) => `uk_store_${s.to_mapping}`));
        const traffic = serviceTraffic((await world.api.requests()).slice(mark));
        const lastCreate = Math.max(...traffic.map((t, i) => (/^POST \/api\/v2\/integrations\/\d+\/services$/.test(t) ? i : -1)));
        assert.ok(
            traffic.lastIndexOf("POST /api/v2/mappings") > lastCreate,
            `the shared document is written back after the second create reset it: ${traffic.join(", ")}`,
        );
        assert.deepEqual(JSON.parse((await world.api.mapping(document as string)).content), DECLARED_DOCUMENT_ROWS);
        await noChanges(testStack.stack);
    });

    it("fails the preview with the numbers at the active-service limit, and a rename of an inactive service there sends no status", async () => {
        const limited = await startEmulator({ apiKey: API_KEY, activeServiceLimit: 1 });
        try {
            const api = fabricHttp(limited.url);
            const running = await dashboardService(api, "Running elsewhere");
            await put(api, running.id, { status: true });

            const program = contract(scan.book);
            const testStack = await newStack(program, {}, limited);
            const message = await previewFailure(testStack.stack, program);
            assert.match(message, /active: the subscription allows 1 active services, 1 are active, so Patchworks refuses another/);
            assert.match(message, /set active to false, deactivate a service, or upgrade the subscription/);

            // The advice: set active to false. The service is made, inactive.
            const inactive = contract(scan.book, (a) => ({ ...a, active: false }));
            await up(testStack.stack, inactive);
            const mine = (await api.services()).find((s: Json) => s.description === SERVICE_NAME);
            assert.equal(mine.status, false);

            // Fabric refuses even `status: false` on an inactive service at the limit: a rename must leave it out.
            const renamed = contract(scan.book, (a) => ({ ...a, active: false, name: "UK orders (paused)" }));
            await up(testStack.stack, renamed);
            const after = await api.services();
            assert.deepEqual(after.map((s: Json) => [s.description, s.status]).sort(), [
                ["Running elsewhere", true],
                ["UK orders (paused)", false],
            ]);
            assert.equal(after.find((s: Json) => s.description === "UK orders (paused)").id, mine.id, "renamed in place");
        } finally {
            await limited.stop();
        }
    });

    it("adopts a service made in the dashboard, sets what the program declares, and the next preview changes nothing", async () => {
        const connectorsOnly = integration(scan.book, () => ({}));
        const testStack = await newStack(connectorsOnly);
        await up(testStack.stack, connectorsOnly);
        const dashboard = await dashboardService(world.api, SERVICE_NAME, { timezone: CONTRACT_SOURCE.timezone });

        const adopting = contract(scan.book, (a) => ({ ...a, adopt: true }));
        const planned = await preview(testStack.stack, adopting);
        assert.deepEqual(planned.changeSummary, { same: 3, create: 1 });
        await up(testStack.stack, adopting);
        const [adopted, ...others] = await services();
        assert.deepEqual(others, [], "taken over, not duplicated");
        assert.equal(adopted.id, dashboard.id);
        assert.equal(adopted.schedule, "*/15 * * * *");
        assert.equal(adopted.status, true);
        assert.deepEqual(adopted.from_options.filters, { "financial_status =": "paid", "created_at_min >": "TIME: -2 days" });
        assert.deepEqual(JSON.parse((await world.api.mapping(`uk_store_${adopted.to_mapping}`)).content), DECLARED_DOCUMENT_ROWS);
        await noChanges(testStack.stack);
    });

    it("refresh shows a dashboard edit as drift and drops a service deleted in the dashboard; up follows the advice", async () => {
        const program = contract(scan.book);
        const testStack = await newStack(program);
        await up(testStack.stack, program);
        const [original] = await services();

        await put(world.api, original.id, { schedule: "0 * * * *" });
        const refreshed = await scan.transcript.run(testStack.stack.refresh(output()));
        assert.equal(refreshed.summary.resourceChanges?.update, 1);
        assert.deepEqual((await preview(testStack.stack, program)).changeSummary, { same: 3, update: 1 });
        await up(testStack.stack, program);
        assert.equal((await services())[0].schedule, "*/15 * * * *", "corrected to the declared schedule");

        const answer = await world.api.request("DELETE", `/api/v2/services/${original.id}`);
        assert.equal(answer.status, 200);
        // An update of a service deleted outside Pulumi says what to do.
        const renamed = contract(scan.book, (a) => ({ ...a, name: "UK orders to NetSuite (v2)" }));
        testStack.stack.workspace.program = renamed;
        const message = await scan.transcript.failure(testStack.stack.up(output()));
        assert.match(
            message,
            /no longer exists in Patchworks \(deleted outside Pulumi\); run `pulumi refresh` to drop it from the state, then `pulumi up` to create it again/,
        );
        assertNoStackTrace(message);

        const dropped = await scan.transcript.run(testStack.stack.refresh(output()));
        assert.equal(dropped.summary.resourceChanges?.delete, 1);
        await up(testStack.stack, renamed);
        const [again, ...others] = await services();
        assert.deepEqual(others, []);
        assert.equal(again.description, "UK orders to NetSuite (v2)");
        assert.equal(again.status, true);
        await noChanges(testStack.stack);
    });

    it("destroys the stack's service before its connectors, keeps a connector a dashboard service uses, and finishes once that one is gone", async () => {
        const program = contract(scan.book);
        const testStack = await newStack(program);
        await up(testStack.stack, program);
        const outside = await dashboardService(world.api, "Orders (dashboard)");
        const before = (await world.api.connectors()).map((c: Json) => c.id).sort();

        const message = await scan.transcript.failure(testStack.stack.destroy(output()));
        assert.match(
            message,
            /cannot delete connector uk_store\|\d+ \("[^"]+"\): services of its company group use it: .*Orders \(dashboard\)/,
        );
        assert.match(message, /Delete or change those services first/);
        assertNoStackTrace(message);
        assert.deepEqual(
            (await services()).map((s: Json) => s.id),
            [outside.id],
            "the stack's own service went first",
        );
        assert.deepEqual((await world.api.connectors()).map((c: Json) => c.id).sort(), before, "both connectors are kept while in use");

        // The advice: delete that service first. Then the destroy finishes.
        const answer = await world.api.request("DELETE", `/api/v2/services/${outside.id}`);
        assert.equal(answer.status, 200);
        await scan.transcript.run(testStack.stack.destroy(output()));
        assert.deepEqual(await world.api.connectors(), []);
        assert.deepEqual(await services(), []);
    });

    it("builds a service on a connector another stack manages, found with getConnectorOutput", async () => {
        const elsewhere = async () => {
            const netsuite = new Connector("netsuite-uk-live", connectorArgs(scan.book).netsuiteUk);
            return { netsuiteId: netsuite.connectorId };
        };
        const other = await newStack(elsewhere);
        const { outputs: made } = await up(other.stack, elsewhere);

        const program = async () => {
            const shopify = new Connector("shopify-uk-live", connectorArgs(scan.book).shopifyUk);
            const netsuite = getConnectorOutput({ system: "netsuite", environment: "live", companyGroup: "UK Store" });
            const orders = new Service("uk-orders-to-netsuite", {
                ...ordersService({ shopify, netsuite: shopify }),
                destination: { connector: netsuite, entity: "Orders" },
            });
            return { serviceId: orders.serviceId };
        };
        const testStack = await newStack(program);
        await up(testStack.stack, program);
        const [service] = await services();
        assert.equal(service.destination_connector?.id, made.netsuiteId.value, "Fabric finds the other stack's connector");
        assert.equal(service.status, true);
        await noChanges(testStack.stack);
    });

    it("fails the preview for an entity the source cannot send to the destination, listing where it can go", async () => {
        const program = contract(scan.book, (a) => ({ ...a, destination: { ...a.destination, entity: "Invoices" } }));
        const testStack = await newStack(program);
        const message = await previewFailure(testStack.stack, program);
        assert.match(message, /destination\.entity: Patchworks has no service template from .*Orders.* to .*Invoices/);
        assert.match(message, /Orders from that source can go to: .*Netsuite Orders/);
        assert.deepEqual(await writesSince(0), []);
    });

    it("fails the preview when the two connectors are in different company groups", async () => {
        const program = integration(scan.book, (endpoints) => ({ "uk-orders-to-netsuite": ordersService(endpoints) }), "fr");
        const testStack = await newStack(program);
        const message = await previewFailure(testStack.stack, program);
        assert.match(message, /the source connector is in company group "uk_store" and the destination connector in "france_store"/);
        assert.match(message, /a Patchworks service runs inside one group: use two connectors of the same group/);
        assert.deepEqual(await writesSince(0), []);
    });
});
