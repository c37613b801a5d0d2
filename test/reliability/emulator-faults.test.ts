// The emulator hooks the reliability scenarios are built on: latency that delays the answer but not
// the work (a client that gives up cannot know whether its request took effect), faults limited to
// some methods, and the most requests it served at once. The rest of the fault hooks are covered by
// test/emulator/faults.test.ts (including the 413 and 400 answers to oversized and malformed bodies).
import { strict as assert } from "node:assert";
import { startEmulator, type RunningEmulator } from "../support/emulator";

const connector = {
    name: "Veeqo",
    system: "veeqo",
    environment: "live",
    company_group: null,
    timezone: "UTC",
    date_format: "yyyy-MM-dd HH:mm:ss",
    auth_type: "default",
    credentials: { token: "veeqo-emulator-faults-token" },
};

describe("emulator hooks for fault scenarios", () => {
    let emulator: RunningEmulator;

    before(async () => {
        emulator = await startEmulator();
    });
    beforeEach(() => emulator.reset());
    after(() => emulator.stop());

    const api = (path: string, init: RequestInit = {}) =>
        fetch(`${emulator.apiUrl}${path}`, {
            ...init,
            headers: { authorization: emulator.apiKey, "content-type": "application/json", ...(init.headers ?? {}) },
        });
    const count = async () => ((await (await api("/service-connectors")).json()) as { meta: { total: number } }).meta.total;

    it("does the work of a slow request even when the client has given up on the answer", async () => {
        await emulator.setFaults({ latencyMs: 600, methods: ["POST"] });
        await assert.rejects(
            api("/service-connectors", { method: "POST", body: JSON.stringify(connector), signal: AbortSignal.timeout(100) }),
            /TimeoutError|aborted/,
        );
        assert.equal(await count(), 1, "the POST took effect although its answer never arrived");
    });

    it("applies faults only to the listed methods", async () => {
        await emulator.setFaults({ failRate: 1, methods: ["POST"] });
        assert.equal((await api("/service-connectors")).status, 200);
        assert.equal((await api("/service-connectors", { method: "POST", body: JSON.stringify(connector) })).status, 503);
        await assert.rejects(emulator.setFaults({ methods: ["PUT"] } as never), /answered 400/);
        await assert.rejects(emulator.setFaults({ methods: [] } as never), /answered 400/);
    });

    it("reports the most API requests in flight at once since the last reset", async () => {
        await emulator.setFaults({ latencyMs: 200 });
        await Promise.all(Array.from({ length: 5 }, () => api("/company-groups")));
        const log = (await (await fetch(`${emulator.url}/__admin/requests`)).json()) as { meta: { inFlight: number; maxInFlight: number } };
        assert.deepEqual(log.meta, { inFlight: 0, maxInFlight: 5 });
        await emulator.reset();
        const after = (await (await fetch(`${emulator.url}/__admin/requests`)).json()) as { meta: { maxInFlight: number } };
        assert.equal(after.meta.maxInFlight, 0);
    });
});
