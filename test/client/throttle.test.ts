// The throttle layer: a cap on requests in flight and a pause every request honours, in virtual
// time, over transports whose answers the test releases one by one.
import assert from "node:assert/strict";
import { systemClock } from "../../provider/client/clock";
import type { Attempt, HttpRequest, Transport } from "../../provider/client/http";
import { throttle } from "../../provider/client/throttle";
import { settingsFor } from "../../provider/settings";
import { apiConnector, scriptedClient } from "./fixtures";
import { answer, scriptedTransport, START, virtualTime } from "./virtual-time";

/** A transport that holds every request until the test answers it; counts what is in flight. */
function heldTransport() {
    const held: { request: HttpRequest; release: (attempt: Attempt) => void }[] = [];
    const state = { inFlight: 0, maxInFlight: 0, started: 0 };
    const transport: Transport = (request) =>
        new Promise<Attempt>((resolve) => {
            state.started++;
            state.inFlight++;
            state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
            held.push({
                request,
                release: (attempt) => {
                    state.inFlight--;
                    resolve(attempt);
                },
            });
        });
    return { transport, held, state };
}

function get(id: string): HttpRequest {
    return { method: "GET", path: `/service-connectors/${id}` };
}

const ok = answer(200, { data: apiConnector() });

describe("throttle layer", () => {
    const time = virtualTime();

    describe("requests in flight", () => {
        it("keeps at most maxConcurrency in flight, starting the next as one finishes", async () => {
            const inner = heldTransport();
            const limited = throttle(inner.transport, 3, systemClock);
            const results = Array.from({ length: 10 }, (_, i) => limited.transport(get(`sc_${i}`)));
            await time.flush();
            assert.equal(inner.state.started, 3);
            inner.held[0].release(ok);
            await time.flush();
            assert.equal(inner.state.started, 4);
            // Answer everything, in whatever order it arrives.
            for (let answered = 1; answered < 10; answered++) {
                inner.held[answered].release(ok);
                await time.flush();
            }
            assert.equal((await Promise.all(results)).length, 10);
            assert.equal(inner.state.maxInFlight, 3);
            assert.deepEqual(
                inner.held.map((h) => h.request.path),
                Array.from({ length: 10 }, (_, i) => `/service-connectors/sc_${i}`),
                "in the order they were asked for",
            );
        });

        it("caps a client at 8 by default", async () => {
            assert.equal(settingsFor({ apiUrl: "https://patchworks.test/api/v1" }).maxConcurrency, 8);
            const inner = heldTransport();
            const { client } = scriptedClient(inner);
            const reads = Array.from({ length: 20 }, (_, i) => client.getConnector(`sc_${i}`));
            await time.flush();
            assert.equal(inner.state.started, 8);
            for (let answered = 0; answered < 20; answered++) {
                inner.held[answered].release(ok);
                await time.flush();
            }
            assert.equal((await Promise.all(reads)).length, 20);
            assert.equal(inner.state.maxInFlight, 8);
        });

        it("does not hold a slot while a request waits to retry", async () => {
            // One slot: the other request goes out during the first one's backoff, not after it.
            const script = scriptedTransport([answer(503), ok, ok]);
            const { client } = scriptedClient(script, { maxConcurrency: 1 });
            await time.settle(Promise.all([client.getConnector("retried"), client.getConnector("other")]));
            assert.deepEqual(script.timeline(), [
                "GET /service-connectors/retried@0",
                "GET /service-connectors/other@0",
                "GET /service-connectors/retried@125",
            ]);
        });
    });

    describe("a pause", () => {
        function pausedThrottle() {
            const script = scriptedTransport([], ok);
            const limited = throttle(script.transport, 8, systemClock);
            return { script, limited };
        }

        it("holds every request until its time, then sends them all", async () => {
            const { script, limited } = pausedThrottle();
            limited.pauseUntil(START + 5000);
            const first = limited.transport(get("a"));
            await time.clock.tickAsync(2000);
            const second = limited.transport(get("b"));
            await time.settle(Promise.all([first, second]));
            assert.deepEqual(script.timeline(), ["GET /service-connectors/a@5000", "GET /service-connectors/b@5000"]);
        });

        it("lets requests through at once after it has passed", async () => {
            const { script, limited } = pausedThrottle();
            limited.pauseUntil(START + 5000);
            await time.clock.tickAsync(6000);
            await time.settle(limited.transport(get("a")));
            assert.deepEqual(script.timeline(), ["GET /service-connectors/a@6000"]);
        });

        it("is extended by a later pause and never shortened by an earlier one", async () => {
            const { script, limited } = pausedThrottle();
            limited.pauseUntil(START + 5000);
            limited.pauseUntil(START + 3000);
            const waiting = limited.transport(get("a"));
            await time.clock.tickAsync(1000);
            limited.pauseUntil(START + 9000);
            await time.settle(waiting);
            assert.deepEqual(script.timeline(), ["GET /service-connectors/a@9000"]);
        });

        it("stops waiting at once when the request's signal aborts", async () => {
            const { script, limited } = pausedThrottle();
            limited.pauseUntil(START + 60_000);
            const cancelled = new AbortController();
            const reason = new Error("the Pulumi run was cancelled");
            const waiting = limited.transport(get("a"), cancelled.signal).then(
                () => "sent",
                (error: unknown) => error,
            );
            await time.clock.tickAsync(1000);
            cancelled.abort(reason);
            await time.flush();
            assert.equal(await waiting, reason);
            assert.equal(time.elapsed(), 1000);
            assert.deepEqual(script.sent, []);
        });
    });
});
