// How many requests each step of a Pulumi run sends, as N grows (issue 20): the provider's methods
// called as the engine calls them, one runtime per provider process, against the emulator (started
// with Fabric's 60 requests a minute) over `inject`, in virtual time. A step reads the account a
// constant number of times whatever N, and writes once per resource; at the default pace the
// emulator never answers 429.
import { strict as assert } from "node:assert";
import * as connector from "../../provider/connector/provider";
import type { ConnectorOutputs } from "../../provider/connector/mapping";
import type { Attempt, Exchange } from "../../provider/client/http";
import { Runtime, useRuntime } from "../../provider/runtime";
import * as service from "../../provider/service/provider";
import type { ServiceOutputs } from "../../provider/service/types";
import { settingsFor } from "../../provider/settings";
import { createEmulator, type Emulator } from "../../emulator/server";
import { virtualTime } from "../client/virtual-time";
import { contractServiceSettings } from "../support/contract-service";
import { serviceWorkload, serviceWorkloadCompanyGroups, TIMEZONES, workload, workloadCompanyGroups } from "../../bench/workload";

const API_KEY = "requests-per-step-key";
// Never on a socket (inject), so any base does; https keeps the settings free of allowInsecureHttp.
const BASE = "https://emulator.test";
const GROUPS = [...new Set([...workloadCompanyGroups(80), ...serviceWorkloadCompanyGroups(8)])];

/** What reached the emulator: "METHOD /path" without the query, and every 429 it answered. */
class Traffic {
    readonly sent: string[] = [];
    tooMany = 0;

    constructor(private readonly emulator: Emulator) {}

    readonly transport = async (request: Exchange): Promise<Attempt> => {
        const url = request.url ?? `${BASE}/api/v2${request.path}`;
        const query = new URLSearchParams(request.query ?? {}).toString();
        const answer = await this.emulator.app.inject({
            method: request.method,
            url: `${new URL(url).pathname}${query ? `?${query}` : ""}`,
            headers: {
                accept: "application/json",
                ...(request.authorization ? { authorization: request.authorization } : {}),
                ...(request.body === undefined ? {} : { "content-type": "application/json" }),
            },
            payload: request.body === undefined ? undefined : JSON.stringify(request.body),
        });
        this.sent.push(`${request.method} ${new URL(url).pathname.replace(/^\/api\/v2/, "")}`);
        if (answer.statusCode === 429) this.tooMany++;
        const header = (name: string) => answer.headers[name] as string | undefined;
        return {
            kind: "response",
            status: answer.statusCode,
            text: answer.payload,
            retryAfter: header("retry-after"),
            rateLimitRemaining: header("x-ratelimit-remaining") === undefined ? undefined : Number(header("x-ratelimit-remaining")),
            rateLimitReset: header("x-ratelimit-reset") === undefined ? undefined : Number(header("x-ratelimit-reset")),
        };
    };

    /** Requests since `from`, counted by "METHOD /collection" (ids and the rest of the path dropped). */
    countsSince(from: number): Record<string, number> {
        const counts: Record<string, number> = {};
        for (const line of this.sent.slice(from)) {
            const [method, path] = line.split(" ");
            const collection = path.split("/").slice(0, 2).join("/");
            const key = `${method} ${collection}`;
            counts[key] = (counts[key] ?? 0) + 1;
        }
        return counts;
    }
}

/** The benchmark's N connectors (Veeqo, Shopify, Magento 2, live and test, per group) as the engine hands them to check. */
function connectorArgs(n: number, timezone: string = TIMEZONES.before): Record<string, unknown>[] {
    return workload(n, timezone).map((d) => ({ name: d.name, ...d.args }));
}

/** Magento 2 connectors among them: Fabric's duplicate check misses that system, so each create reads the connectors first. */
function magentoCount(n: number): number {
    return connectorArgs(n).filter((a) => a.system === "magento-2").length;
}

interface Stack {
    connectors: Map<string, ConnectorOutputs>;
    services: Map<string, ServiceOutputs>;
}

describe("requests per step, as N grows (emulator at 60 requests a minute, virtual time)", () => {
    const time = virtualTime();
    let emulator: Emulator;
    let traffic: Traffic;

    beforeEach(() => {
        emulator = createEmulator({ apiKey: API_KEY, companyGroups: GROUPS, rateLimit: 60, now: () => Date.now() });
        traffic = new Traffic(emulator);
    });
    afterEach(() => emulator.close());

    /** A new provider process, as Pulumi starts one per command (two for `up`: preview, then update). */
    function newProcess(): void {
        useRuntime(
            new Runtime(
                { settings: settingsFor({ apiUrl: `${BASE}/api/v2`, apiKey: API_KEY }) },
                { transport: traffic.transport, diagnose: async () => undefined },
            ),
        );
    }

    /**
     * Runs `operation` to its end, moving virtual time on while it waits: the emulator answers over
     * `inject` on real turns of the event loop, so the pace's timers appear between answers.
     */
    async function drive<T>(operation: Promise<T>): Promise<T> {
        let settled = false;
        const observed = operation.finally(() => {
            settled = true;
        });
        observed.catch(() => undefined);
        while (!settled) {
            await time.clock.tickAsync(250);
            await new Promise((resolve) => setImmediate(resolve));
        }
        return observed;
    }

    /** One step in its own process: what it sent, counted. */
    async function step(run: () => Promise<unknown>): Promise<Record<string, number>> {
        newProcess();
        const from = traffic.sent.length;
        await drive(run());
        return traffic.countsSince(from);
    }

    /** The engine's calls, all at once as its parallelism allows (the provider's pace is what limits them). */
    async function checkAll(olds: Record<string, unknown>[], news: Record<string, unknown>[]) {
        const checked = await Promise.all(news.map((args, i) => connector.check(olds[i] ?? {}, args)));
        for (const { failures } of checked) assert.deepEqual(failures, []);
        return checked.map((c) => c.inputs);
    }

    async function lifecycle(n: number) {
        const args = connectorArgs(n);
        const stack: Stack = { connectors: new Map(), services: new Map() };
        const counts: Record<string, Record<string, number>> = {};

        counts["preview, new stack"] = await step(() => checkAll([], args));
        counts["up, create all"] = await step(async () => {
            const inputs = await checkAll([], args);
            const made = await Promise.all(inputs.map((i) => connector.create(i)));
            for (const { id, outs } of made) stack.connectors.set(id, outs);
        });
        const olds = () => [...stack.connectors.values()];
        counts["preview, nothing changed"] = await step(async () => {
            // The engine hands check the inputs of the state as the old ones: the program's previous declaration.
            const inputs = await checkAll(args, args);
            const diffs = await Promise.all(inputs.map((news, i) => connector.diff(olds()[i], news)));
            assert.ok(diffs.every((d) => d.changes === false));
        });
        counts.refresh = await step(async () => {
            const read = await Promise.all(olds().map((o) => connector.read(o.connectorId, o)));
            assert.ok(read.every((r) => r.id !== ""));
        });
        const retimed = connectorArgs(n, TIMEZONES.after);
        counts["up, change timezone on every connector"] = await step(async () => {
            const inputs = await checkAll(args, retimed);
            const updated = await Promise.all(inputs.map((news, i) => connector.update(olds()[i].connectorId, olds()[i], news)));
            for (const { outs } of updated) stack.connectors.set(outs.connectorId, outs);
        });
        counts.destroy = await step(() => Promise.all(olds().map((o) => connector.remove(o.connectorId, o))));
        return counts;
    }

    it("connectors: reads per step the same at N = 8 and N = 32, one write per connector, no 429", async () => {
        const small = await lifecycle(8);
        emulator = createEmulator({ apiKey: API_KEY, companyGroups: GROUPS, rateLimit: 60, now: () => Date.now() });
        traffic = new Traffic(emulator);
        const large = await lifecycle(32);
        const expectedReads: Record<string, Record<string, number>> = {
            "preview, new stack": { "GET /systems": 1, "GET /integrations": 1, "GET /connectors": 1 },
            // Nothing to create, so no look at the account's connectors.
            "preview, nothing changed": { "GET /systems": 1, "GET /integrations": 1 },
            refresh: { "GET /systems": 1, "GET /connectors": 1 },
            // A PUT answers with the connector: nothing to look up first.
            "up, change timezone on every connector": { "GET /systems": 1, "GET /integrations": 1 },
            destroy: { "GET /services": 1 },
        };
        const expectedWrites = (n: number): Record<string, Record<string, number>> => ({
            "preview, new stack": {},
            "up, create all": { "POST /connectors": n },
            "preview, nothing changed": {},
            refresh: {},
            "up, change timezone on every connector": { "PUT /connectors": n },
            destroy: { "DELETE /connectors": n },
        });
        for (const [n, counts] of [
            [8, small],
            [32, large],
        ] as const) {
            // A Magento 2 create looks at the connectors right before its POST (Fabric's duplicate
            // check misses that system); creates that ask while one such read waits share it.
            const creating = counts["up, create all"]["GET /connectors"];
            assert.ok(
                creating >= 2 && creating < 1 + magentoCount(n),
                `${creating} reads of the connectors for ${magentoCount(n)} Magento 2 creates at N = ${n}`,
            );
            const reads: Record<string, Record<string, number>> = {
                ...expectedReads,
                "up, create all": { "GET /systems": 1, "GET /integrations": 1, "GET /connectors": creating },
            };
            for (const [label, sent] of Object.entries(counts)) {
                assert.deepEqual(readsOf(sent), reads[label], `reads of "${label}" at N = ${n}`);
                assert.deepEqual(writesOf(sent), expectedWrites(n)[label], `writes of "${label}" at N = ${n}`);
            }
        }
        assert.equal(traffic.tooMany, 0, "the emulator answered 429");
    });

    it("paces a create larger than a minute's budget without a 429: its writes over 60 a minute, in virtual time", async () => {
        const args = connectorArgs(80);
        const started = Date.now();
        const sent = await step(async () => {
            const inputs = await checkAll([], args);
            await Promise.all(inputs.map((i) => connector.create(i)));
        });
        const requests = Object.values(sent).reduce((a, b) => a + b, 0);
        assert.equal(sent["POST /connectors"], 80);
        assert.equal(traffic.tooMany, 0, "the emulator answered 429");
        // 83 requests at 60 a minute: the 61st waits for the first minute to pass, and no longer than one more.
        const elapsed = Date.now() - started;
        assert.ok(elapsed >= 60_000 && elapsed < 2 * 60_000 + 5_000, `${requests} requests took ${elapsed} ms of virtual time`);
    });

    it("services: a create is a POST, the documents and one PUT; a refresh of many is one list; a destroy reads services once", async () => {
        const declared = serviceWorkload(8);
        const stack: Stack = { connectors: new Map(), services: new Map() };
        const connectors: ConnectorOutputs[] = [];
        await step(async () => {
            const inputs = await checkAll(
                [],
                declared.connectors.map((d) => ({ name: d.name, ...d.args })),
            );
            for (const { outs } of await Promise.all(inputs.map((i) => connector.create(i)))) connectors.push(outs);
        });
        // As the benchmark's program declares them (bench/workload.ts serviceProgram).
        const serviceArgs = declared.services.map((s) => ({
            ...contractServiceSettings(),
            name: s.name,
            source: { ...endpoint(connectors[s.source]), entity: s.sourceEntity },
            destination: { ...endpoint(connectors[s.destination]), entity: s.destinationEntity },
        }));
        const created = await step(async () => {
            const checked = await Promise.all(serviceArgs.map((a) => service.check({}, a)));
            for (const { failures } of checked) assert.deepEqual(failures, []);
            for (const { id, outs } of await Promise.all(checked.map((c) => service.create(c.inputs)))) stack.services.set(id, outs);
        });
        assert.equal(created["POST /integrations"], declared.services.length, "one create each");
        assert.equal(created["PUT /services"], declared.services.length, "filters and activation in one PUT each");
        const refreshed = await step(() => Promise.all([...stack.services.values()].map((s) => service.read(s.serviceId, s))));
        assert.deepEqual(readsOf(refreshed)["GET /services"], 1);
        const destroyed = await step(async () => {
            await Promise.all([...stack.services.values()].map((s) => service.remove(s.serviceId, s)));
            await Promise.all(connectors.map((c) => connector.remove(c.connectorId, c)));
        });
        assert.deepEqual(destroyed, {
            "DELETE /services": declared.services.length,
            "GET /services": 1,
            "DELETE /connectors": connectors.length,
        });
        assert.equal(traffic.tooMany, 0, "the emulator answered 429");
    });
});

function writesOf(counts: Record<string, number>): Record<string, number> {
    return Object.fromEntries(Object.entries(counts).filter(([key]) => !key.startsWith("GET")));
}

function readsOf(counts: Record<string, number>): Record<string, number> {
    return Object.fromEntries(Object.entries(counts).filter(([key]) => key.startsWith("GET")));
}

/** A service endpoint as the SDK builds it from a connector resource. */
function endpoint(c: ConnectorOutputs) {
    return {
        connectorId: c.connectorId,
        system: c.system,
        environment: c.environment,
        companyGroup: c.companyGroup,
        companyGroupId: c.companyGroupId,
        systemId: c.systemId,
    };
}
