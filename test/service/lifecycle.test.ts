// A service's steps against a fake of Fabric's routes: what a create sends and in which order, the
// shared documents it writes back, the activation of a replacement only after the old service is
// gone, and what a half-failed step leaves and says.
import { strict as assert } from "node:assert";
import { ServiceAccount } from "../../provider/service/account";
import { encodeMappings } from "../../provider/service/documents";
import {
    createService,
    deleteService,
    readService,
    ServiceCreatedWithError,
    updateService,
    type ServiceContext,
} from "../../provider/service/lifecycle";
import type { ServiceInputs, ServiceOutputs } from "../../provider/service/types";
import { apiError, exampleInputs, fakeClient, serviceWire, templateWire, type Sent } from "./fixtures";

interface FakeFabric {
    services: Map<string, Record<string, unknown>>;
    documents: Map<string, string>;
    fail: Partial<Record<string, number>>;
}

/** Fabric as the fact sheet describes it, as far as a service's steps reach. */
function fabric(seed: Record<string, unknown>[] = []) {
    const state: FakeFabric = { services: new Map(seed.map((s) => [String(s.id), s])), documents: new Map(), fail: {} };
    let next = 41;
    const failIf = (key: string) => {
        const status = state.fail[key];
        if (status) throw apiError(status, `injected ${key}`, state.fail[`${key} uncertain`] !== undefined);
    };
    const byId = (path: string) => {
        const service = state.services.get(path.split("/")[2]);
        if (!service) throw apiError(404, "No query results for model [App\\Models\\Tapestry\\Service]");
        return service;
    };
    const routes: Record<string, (sent: Sent) => { status?: number; body?: unknown }> = {
        "GET /service-templates": () => ({ body: { data: [templateWire(4)] } }),
        "POST /integrations/7/services": (sent) => {
            failIf("POST");
            const lost = state.fail["POST lost"];
            const body = sent.body as Record<string, unknown>;
            const id = String(next++);
            // Fabric starts services inactive, fills the template's default filters and resets both documents.
            const created = serviceWire({
                id: Number(id),
                status: false,
                description: body.description,
                schedule: body.schedule,
                from_options: { ...(body.from_options as object), filters: { "created_at_min >": "TIME: -10 minutes" } },
                to_options: body.to_options ?? {},
            });
            state.services.set(id, created);
            state.documents.set("uk_store_shopify_pull_orders", "{}");
            state.documents.set("uk_store_netsuite_push_orders", "{}");
            if (lost) throw apiError(lost, "the answer was lost", true);
            return { status: 201, body: { data: created } };
        },
        "GET /services": () => ({ body: { data: [...state.services.values()], meta: { last_page: 1 } } }),
        "POST /mappings": (sent) => {
            failIf("POST /mappings");
            const body = sent.body as { mapping_name: string; content: string };
            // "mangle": a store that keeps something else than it was sent.
            state.documents.set(`uk_store_${body.mapping_name}`, state.fail.mangle ? "[]" : body.content);
            return { body: { data: {} } };
        },
    };
    const client = fakeClient(
        new Proxy(routes, {
            get(target, key: string) {
                if (key in target) return target[key];
                const [method, path] = key.split(" ");
                if (path.startsWith("/mappings/")) {
                    return () => {
                        const content = state.documents.get(path.slice("/mappings/".length));
                        if (content === undefined) throw apiError(404);
                        return { body: { data: { content } } };
                    };
                }
                if (!path.startsWith("/services/")) return undefined;
                return (sent: Sent) => {
                    failIf(`${method} ${path}`);
                    const service = byId(path);
                    if (method === "GET") return { body: { data: service } };
                    if (method === "DELETE") {
                        state.services.delete(String(service.id));
                        return { body: { message: "Service deleted successfully." } };
                    }
                    const body = sent.body as Record<string, unknown>;
                    if (body.description !== undefined) service.description = body.description;
                    if (body.schedule !== undefined) service.schedule = body.schedule;
                    if (body.status !== undefined) service.status = body.status;
                    if (body.to_options !== undefined) service.to_options = body.to_options;
                    if (body.from_options !== undefined) {
                        const filters = (body.from_options as { filters: { id: string; value: string; type: { id: string } | null }[] })
                            .filters;
                        const stored = Object.fromEntries(filters.map((f) => [f.id, f.type?.id === "TIME" ? `TIME: ${f.value}` : f.value]));
                        service.from_options = { ...(service.from_options as object), filters: stored };
                    }
                    return { body: { data: service } };
                };
            },
            has: () => true,
        }),
    );
    const notes: string[] = [];
    const context: ServiceContext = {
        client,
        account: new ServiceAccount(client),
        diagnose: async (_severity, message) => {
            notes.push(message);
        },
    };
    const writes = () => client.sent.filter((s) => s.method !== "GET").map((s) => `${s.method} ${s.path}`);
    /** A later command's context: Pulumi runs a new provider process, which reads the account afresh. */
    const nextCommand = (): ServiceContext => ({ ...context, account: new ServiceAccount(client) });
    return { state, client, context, notes, writes, nextCommand };
}

const declaredRows = exampleInputs().mappings ?? [];

describe("service lifecycle", () => {
    it("creates: POST, the declared mappings (read back), then the declared filters and the activation in one PUT", async () => {
        const f = fabric();
        const outs = await createService(f.context, exampleInputs());
        assert.deepEqual(f.writes(), ["POST /integrations/7/services", "POST /mappings", "PUT /services/41"]);
        const [post, mapping, rest] = f.client.sent.filter((s) => s.method !== "GET");
        assert.deepEqual((post.body as { from_options: unknown }).from_options, {
            page_size: 50,
            max_attempts: 4,
            timezone: "Europe/London",
        });
        assert.equal((post.body as { service_template_id: unknown }).service_template_id, 4);
        assert.deepEqual(Object.keys(rest.body as object).sort(), ["from_options", "status"]);
        assert.equal((rest.body as { status: unknown }).status, true);
        assert.deepEqual(mapping.body, { integration_id: 7, mapping_name: "netsuite_push_orders", content: encodeMappings(declaredRows) });
        assert.ok(
            f.client.sent.some((s) => s.method === "GET" && s.path === "/mappings/uk_store_netsuite_push_orders"),
            "read back",
        );
        assert.equal(outs.serviceId, "41");
        assert.equal(outs.active, true);
        assert.equal(outs.templateId, "4");
        assert.equal(outs.companyGroup, "uk_store");
        assert.deepEqual(outs.filters, exampleInputs().filters);
        assert.deepEqual(outs.mappings, declaredRows);
    });

    it("uses the template's defaults for page size and attempts when the program leaves them out", async () => {
        const f = fabric();
        await createService(
            f.context,
            exampleInputs((i) => {
                delete i.source.pageSize;
                delete i.source.maxAttempts;
            }),
        );
        const post = f.client.sent.find((s) => s.method === "POST");
        assert.ok(post);
        assert.deepEqual((post.body as { from_options: unknown }).from_options, {
            page_size: 25,
            max_attempts: 2,
            timezone: "Europe/London",
        });
    });

    it("a service that declares no mappings never writes a document, and an inactive one sends no status", async () => {
        const f = fabric();
        const outs = await createService(
            f.context,
            exampleInputs((i) => {
                delete i.mappings;
                i.active = false;
            }),
        );
        assert.deepEqual(f.writes(), ["POST /integrations/7/services", "PUT /services/41"]);
        assert.equal("mappings" in outs, false);
    });

    it("writes back a document the create reset that another service of the stack declares", async () => {
        const f = fabric();
        f.context.account.declarations.declare("uk_store_netsuite_push_orders", { name: "Magento orders", serviceId: "9" }, declaredRows);
        await createService(
            f.context,
            exampleInputs((i) => {
                delete i.mappings;
                i.active = false;
            }),
        );
        assert.equal(f.state.documents.get("uk_store_netsuite_push_orders"), encodeMappings(declaredRows));
        assert.equal(
            f.state.documents.get("uk_store_shopify_pull_orders"),
            "{}",
            "a document no stack service declares is left as Fabric made it",
        );
    });

    it("a replacement of an active service stays inactive until the old one's delete, which then activates it", async () => {
        const old = serviceWire({ id: 40, status: true });
        const f = fabric([old]);
        const inputs = exampleInputs();
        f.context.account.activations.noteReplacement("40", inputs);
        const outs = await createService(f.context, inputs);
        assert.equal(f.state.services.get("41")?.status, false, "created inactive");
        assert.equal(outs.active, true, "the state records what the old one's delete step does, so the next preview shows no change");
        assert.ok(!f.client.sent.some((s) => (s.body as { status?: unknown } | undefined)?.status === true), "not activated by the create");
        assert.match(f.notes.join("\n"), /stays inactive until service 40, which it replaces, is deleted in this run/);
        await deleteService(f.context, "40", { ...outs, serviceId: "40" } as ServiceOutputs);
        assert.deepEqual(f.writes().slice(-2), ["DELETE /services/40", "PUT /services/41"]);
        assert.equal(f.state.services.get("41")?.status, true);
    });

    it("when the old service cannot be deleted, its replacement stays inactive and the error says so", async () => {
        const f = fabric([serviceWire({ id: 40, status: true })]);
        const inputs = exampleInputs();
        f.context.account.activations.noteReplacement("40", inputs);
        await createService(f.context, inputs);
        f.state.fail["DELETE /services/40"] = 500;
        await assert.rejects(
            deleteService(f.context, "40", { name: "UK orders to NetSuite" } as ServiceOutputs),
            /^service 40 \("UK orders to NetSuite"\) could not be deleted \(.*\), so its replacement 41 \("UK orders to NetSuite"\) stays inactive \(both would run otherwise\)/,
        );
        assert.equal(f.state.services.get("41")?.status, false);
    });

    it("a step after the POST that fails leaves the service in the state and says what exists and what `pulumi up` does next", async () => {
        const f = fabric();
        f.state.fail["POST /mappings"] = 500;
        const error = await createService(f.context, exampleInputs()).then(
            () => assert.fail("the create should fail"),
            (e: unknown) => e,
        );
        assert.ok(error instanceof ServiceCreatedWithError);
        assert.equal(error.id, "41");
        assert.match(
            error.message,
            /^service "UK orders to NetSuite": created service 41 \("UK orders to NetSuite"\) \(inactive\); then .*injected POST \/mappings.*the next `pulumi up` sets the rest/,
        );
        assert.equal(error.properties.active, false);
    });

    it("a POST whose answer is lost finds the service it made, not an older one of the same name", async () => {
        const f = fabric([serviceWire({ id: 12, status: false })]);
        f.state.fail["POST lost"] = 502;
        const outs = await createService(
            f.context,
            exampleInputs((i) => (i.active = false)),
        );
        assert.equal(outs.serviceId, "41");
        assert.equal([...f.state.services.keys()].length, 2, "no second POST");
    });

    it("a lost POST with nothing to find says what may exist and how to adopt it", async () => {
        const f = fabric();
        f.state.fail.POST = 504;
        f.state.fail["POST uncertain"] = 1;
        await assert.rejects(
            createService(f.context, exampleInputs()),
            /^the create of service "UK orders to NetSuite" may have taken effect, but Patchworks did not confirm it: .*Look for it in the dashboard \(company group uk_store\): if it is there, declare it with adopt: true/,
        );
    });

    it("a document that does not read back as written fails the step, naming the document", async () => {
        const f = fabric();
        f.state.fail.mangle = 1;
        await assert.rejects(
            createService(f.context, exampleInputs()),
            /then mapping document uk_store_netsuite_push_orders does not hold the declared mappings after writing them/,
        );
    });

    it("fails a create whose template the account lacks, listing where the entity can go, before any write", async () => {
        const f = fabric();
        await assert.rejects(
            createService(
                f.context,
                exampleInputs((i) => (i.destination.entity = "Refunds")),
            ),
            /no service template from Shopify Orders to Netsuite Refunds; Orders from that source can go to: Netsuite Orders/,
        );
        assert.deepEqual(f.writes(), []);
    });

    describe("update", () => {
        async function created(f: ReturnType<typeof fabric>, change?: (i: ServiceInputs) => void) {
            const outs = await createService(f.context, exampleInputs(change));
            f.client.sent.length = 0;
            return outs;
        }

        it("sends only what changed and leaves status out", async () => {
            const f = fabric();
            const olds = await created(f);
            const outs = await updateService(
                f.context,
                "41",
                olds,
                exampleInputs((i) => (i.name = "Renamed")),
            );
            assert.deepEqual(f.writes(), ["PUT /services/41"]);
            assert.deepEqual(f.client.sent.find((s) => s.method === "PUT")?.body, { description: "Renamed" });
            assert.equal(outs.name, "Renamed");
        });

        it("sends status alone, and only when active changes", async () => {
            const f = fabric();
            const olds = await created(f);
            await updateService(
                f.context,
                "41",
                olds,
                exampleInputs((i) => (i.active = false)),
            );
            assert.deepEqual(
                f.client.sent.filter((s) => s.method === "PUT").map((s) => s.body),
                [{ status: false }],
            );
        });

        it("replaces the destination options whole and writes changed mappings", async () => {
            const f = fabric();
            const olds = await created(f);
            const rows = [{ source: "id", destination: "externalid" }];
            const outs = await updateService(
                f.context,
                "41",
                olds,
                exampleInputs((i) => {
                    i.destination.options = { origin: "pos" };
                    i.mappings = rows;
                }),
            );
            assert.deepEqual(f.client.sent.find((s) => s.method === "PUT")?.body, { to_options: { origin: "pos" } });
            assert.equal(f.state.documents.get("uk_store_netsuite_push_orders"), encodeMappings(rows));
            assert.deepEqual(outs.mappings, rows);
        });

        it("a service deleted in the dashboard says to refresh", async () => {
            const f = fabric();
            const olds = await created(f);
            f.state.services.clear();
            await assert.rejects(
                updateService(
                    f.context,
                    "41",
                    olds,
                    exampleInputs((i) => (i.name = "Renamed")),
                ),
                /no longer exists in Patchworks .*`pulumi refresh`/,
            );
        });
    });

    describe("read and delete", () => {
        it("refresh shows drift in what Fabric returns and in the managed document; a deleted service leaves the state", async () => {
            const f = fabric();
            const olds = await createService(f.context, exampleInputs());
            const service = f.state.services.get("41") as Record<string, unknown>;
            service.description = "Renamed in the dashboard";
            service.schedule = "off";
            f.state.documents.set("uk_store_netsuite_push_orders", '{"edited": true}');
            const read = await readService(f.nextCommand(), "41", olds);
            assert.equal(read?.name, "Renamed in the dashboard");
            assert.equal(read?.schedule, "off");
            assert.equal(read?.mappings, undefined, "a document the stack did not write is drift");
            f.state.services.clear();
            assert.equal(await readService(f.nextCommand(), "41", olds), undefined);
        });

        it("refreshes many services with one read of the list and one of their shared document; one missing from the list is asked for by id", async () => {
            const f = fabric();
            const first = await createService(f.context, exampleInputs());
            const second = await createService(
                f.context,
                exampleInputs((i) => (i.name = "UK orders again")),
            );
            const refresh = f.nextCommand();
            const reads = f.client.sent.length;
            assert.equal((await readService(refresh, first.serviceId, first))?.name, first.name);
            assert.equal((await readService(refresh, second.serviceId, second))?.name, second.name);
            assert.deepEqual(
                f.client.sent.slice(reads).map((s) => `${s.method} ${s.path}`),
                ["GET /services", "GET /mappings/uk_store_netsuite_push_orders"],
            );
            // Listed or not, a service Fabric still finds by id stays in the state.
            const unlisted = f.nextCommand();
            unlisted.account.services = async () => [];
            assert.equal((await readService(unlisted, first.serviceId, first))?.serviceId, first.serviceId);
            assert.equal(f.client.sent.at(-2)?.path, `/services/${first.serviceId}`);
        });

        it("a delete of a service already gone (404) succeeds", async () => {
            const f = fabric();
            await deleteService(f.context, "99", { name: "gone" } as ServiceOutputs);
            assert.deepEqual(f.writes(), ["DELETE /services/99"]);
        });
    });

    describe("adopt", () => {
        it("takes over the one service of the group with the template, environments and name, and changes only what differs", async () => {
            const f = fabric([
                serviceWire({
                    id: 30,
                    status: true,
                    schedule: "off",
                    to_options: {},
                    from_options: {
                        page_size: 50,
                        max_attempts: 4,
                        filters: { "financial_status =": "paid", "created_at_min >": "TIME: -2 days" },
                    },
                }),
            ]);
            const outs = await createService(
                f.context,
                exampleInputs((i) => {
                    i.adopt = true;
                    delete i.mappings;
                }),
            );
            assert.equal(outs.serviceId, "30");
            assert.deepEqual(
                f.client.sent.filter((s) => s.method === "PUT").map((s) => s.body),
                [{ schedule: "*/15 * * * *" }],
            );
            assert.ok(f.context.account.adopted.has("30"));
        });

        it("fails clearly when there is no such service", async () => {
            const f = fabric();
            await assert.rejects(
                createService(
                    f.context,
                    exampleInputs((i) => (i.adopt = true)),
                ),
                /adopt is true, but the account has no service named "UK orders to NetSuite"/,
            );
        });
    });
});
