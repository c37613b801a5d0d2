import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { emulatorSuite, shopifyConnector } from "./http";

// The emulator's body limit is 64 KiB (emulator/limits.ts); limits.test.ts covers it exactly.
const ONE_MEGABYTE = 1024 * 1024;

/** Waits for the start of the next wall-clock second, so a burst lands in one rate window. */
async function untilNextSecond(): Promise<void> {
    await sleep(1000 - (Date.now() % 1000) + 20);
}

describe("emulator: faults, request log, reset and request bodies", () => {
    const suite = emulatorSuite();

    describe("faults", () => {
        it("answers 503 to every request with failRate 1, and serves again once cleared", async () => {
            await suite.emulator.setFaults({ failRate: 1 });
            const statuses = await Promise.all([1, 2, 3, 4, 5].map(() => suite.api.get("/service-connectors")));
            assert.deepEqual(
                statuses.map((r) => r.status),
                [503, 503, 503, 503, 503],
            );
            assert.equal(typeof statuses[0].body.message, "string");
            assert.equal((await suite.api.post("/service-connectors", shopifyConnector())).status, 503);

            await suite.emulator.setFaults({});
            assert.equal((await suite.api.get("/service-connectors")).status, 200);
            assert.equal((await suite.api.get("/service-connectors")).body.meta.total, 0, "a failed create changes nothing");
        });

        it("answers failStatus instead of 503 when given", async () => {
            await suite.emulator.setFaults({ failRate: 1, failStatus: 502 });
            assert.equal((await suite.api.get("/company-groups")).status, 502);
        });

        it("never fails the admin hooks", async () => {
            await suite.emulator.setFaults({ failRate: 1, latencyMs: 300 });
            const started = Date.now();
            await suite.emulator.requests();
            assert.ok(Date.now() - started < 300, "admin requests are not delayed");
        });

        it("adds latencyMs to every API request", async () => {
            await suite.emulator.setFaults({ latencyMs: 150 });
            const started = Date.now();
            assert.equal((await suite.api.get("/company-groups")).status, 200);
            assert.ok(Date.now() - started >= 145, `took ${Date.now() - started} ms`);
        });

        it("answers 429 with Retry-After beyond rateLimitPerSecond, and serves again after it", async () => {
            await suite.emulator.setFaults({ rateLimitPerSecond: 3 });
            await untilNextSecond();
            const responses = await Promise.all([1, 2, 3, 4, 5, 6].map(() => suite.api.get("/company-groups")));
            const limited = responses.filter((r) => r.status === 429);
            assert.equal(responses.filter((r) => r.status === 200).length, 3);
            assert.equal(limited.length, 3);
            for (const response of limited) {
                const retryAfter = response.headers.get("retry-after");
                assert.match(retryAfter ?? "", /^[1-9]\d*$/, "Retry-After is a whole number of seconds >= 1");
                assert.match(response.body.message, /rate limit/);
            }
            await sleep(Number(limited[0].headers.get("retry-after")) * 1000);
            assert.equal((await suite.api.get("/company-groups")).status, 200);
        });

        const invalid: Record<string, unknown>[] = [
            { failRate: 2 },
            { latencyMs: -1 },
            { failStatus: 200 },
            { rateLimitPerSecond: 0 },
            { slow: true },
        ];
        for (const body of invalid) {
            it(`refuses the fault setting ${JSON.stringify(body)} with 400`, async () => {
                await assert.rejects(suite.emulator.setFaults(body), /answered 400/);
            });
        }
    });

    describe("request log", () => {
        it("records method, path with query and status of each API request, and nothing else", async () => {
            await suite.api.get("/service-connectors?filter[system]=shopify&page=1");
            await suite.api.post("/service-connectors", shopifyConnector());
            await suite.api.request("GET", "/company-groups", { omitAuth: true });
            await suite.emulator.requests(); // an admin call: must not appear in the log

            const log = await suite.emulator.requests();
            assert.deepEqual(
                log.map(({ method, path, status }) => ({ method, path, status })),
                [
                    { method: "GET", path: "/api/v1/service-connectors?filter[system]=shopify&page=1", status: 200 },
                    { method: "POST", path: "/api/v1/service-connectors", status: 201 },
                    { method: "GET", path: "/api/v1/company-groups", status: 401 },
                ],
            );
            for (const entry of log) {
                assert.deepEqual(Object.keys(entry).sort(), ["at", "method", "path", "status"]);
                assert.ok(!Number.isNaN(Date.parse(entry.at)));
            }
            const text = JSON.stringify(log);
            assert.ok(!text.includes(suite.emulator.apiKey) && !text.includes("shpat_"), "no header or body in the log");
        });

        it("records injected failures with their status", async () => {
            await suite.emulator.setFaults({ failRate: 1 });
            await suite.api.get("/company-groups");
            assert.deepEqual(
                (await suite.emulator.requests()).map((e) => e.status),
                [503],
            );
        });
    });

    describe("reset", () => {
        it("clears connectors, usage, faults and the request log", async () => {
            const created = (await suite.api.post("/service-connectors", shopifyConnector())).body.data;
            await suite.emulator.markInUse(created.id, ["Orders"]);
            await suite.emulator.setFaults({ failRate: 1 });

            await suite.emulator.reset();

            assert.deepEqual(await suite.emulator.requests(), []);
            const listed = await suite.api.get("/service-connectors");
            assert.equal(listed.status, 200, "faults are cleared");
            assert.equal(listed.body.meta.total, 0);
            assert.equal((await suite.api.get(`/service-connectors/${created.id}`)).status, 404);
            await assert.rejects(suite.emulator.markInUse(created.id, ["Orders"]), /404/, "its usage went with it");
        });
    });

    describe("request bodies", () => {
        it("answers malformed JSON with 400 and keeps serving", async () => {
            const response = await suite.api.request("POST", "/service-connectors", { rawBody: '{"name": "Shop' });
            assert.equal(response.status, 400);
            assert.equal(typeof response.body.message, "string");
            assert.equal((await suite.api.post("/service-connectors", shopifyConnector())).status, 201);
        });

        it("answers a body over 1 MB with 413 and keeps serving", async () => {
            const oversized = JSON.stringify({ ...shopifyConnector(), name: "x".repeat(ONE_MEGABYTE) });
            const response = await suite.api.request("POST", "/service-connectors", { rawBody: oversized });
            assert.equal(response.status, 413);
            assert.equal(typeof response.body.message, "string");
            assert.equal((await suite.api.post("/service-connectors", shopifyConnector())).status, 201);
        });

        it("accepts only JSON bodies (415 otherwise)", async () => {
            const response = await suite.api.request("POST", "/service-connectors", {
                rawBody: "name=Shop",
                headers: { "content-type": "application/x-www-form-urlencoded" },
            });
            assert.equal(response.status, 415);
        });

        it("treats an empty JSON body as no body, as on a DELETE from a client that always sets Content-Type", async () => {
            const { id } = (await suite.api.post("/service-connectors", shopifyConnector())).body.data;
            const response = await suite.api.request("DELETE", `/service-connectors/${id}`, { rawBody: "" });
            assert.equal(response.status, 204);
        });
    });
});
