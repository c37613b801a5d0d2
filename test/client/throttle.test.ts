// The throttle layer: a cap on requests in flight, the pace of requestsPerMinute, and the pauses the
// API asks for, in virtual time, over transports whose answers the test releases one by one.
import assert from "node:assert/strict";
import { systemClock } from "../../provider/client/clock";
import type { Attempt, HttpRequest, Transport } from "../../provider/client/http";
import { RATE_WINDOW_MS, throttle, type ThrottleOptions } from "../../provider/client/throttle";
import { get as getSpec, rejectionOf, scriptedClient } from "./fixtures";
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
    return { method: "GET", path: `/connectors/${id}` };
}

const ok: Extract<Attempt, { kind: "response" }> = { kind: "response", status: 200, text: JSON.stringify({ data: [] }) };

/** Options with no pace to speak of, unless a test sets one. */
function options(overrides: Partial<ThrottleOptions> = {}): ThrottleOptions {
    return { maxConcurrency: 8, requestsPerMinute: 10_000, clock: systemClock, ...overrides };
}

describe("throttle layer", () => {
    const time = virtualTime();

    describe("requests in flight", () => {
        it("keeps at most maxConcurrency in flight, starting the next as one finishes", async () => {
            const inner = heldTransport();
            const limited = throttle(inner.transport, options({ maxConcurrency: 3 }));
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
                Array.from({ length: 10 }, (_, i) => `/connectors/sc_${i}`),
                "in the order they were asked for",
            );
        });

        it("caps a client at 8 by default", async () => {
            const inner = heldTransport();
            const { client } = scriptedClient(inner);
            const reads = Array.from({ length: 20 }, (_, i) => client.request(getSpec(`/connectors/sc_${i}`)));
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
            await time.settle(Promise.all([client.request(getSpec("/connectors/retried")), client.request(getSpec("/connectors/other"))]));
            assert.deepEqual(script.timeline(), ["GET /connectors/retried@0", "GET /connectors/other@0", "GET /connectors/retried@125"]);
        });
    });

    describe("a pause", () => {
        function pausedThrottle() {
            const script = scriptedTransport([], ok);
            const limited = throttle(script.transport, options());
            return { script, limited };
        }

        it("holds every request until its time, then sends them all", async () => {
            const { script, limited } = pausedThrottle();
            limited.pauseUntil(START + 5000, "test");
            const first = limited.transport(get("a"));
            await time.clock.tickAsync(2000);
            const second = limited.transport(get("b"));
            await time.settle(Promise.all([first, second]));
            assert.deepEqual(script.timeline(), ["GET /connectors/a@5000", "GET /connectors/b@5000"]);
        });

        it("lets requests through at once after it has passed", async () => {
            const { script, limited } = pausedThrottle();
            limited.pauseUntil(START + 5000, "test");
            await time.clock.tickAsync(6000);
            await time.settle(limited.transport(get("a")));
            assert.deepEqual(script.timeline(), ["GET /connectors/a@6000"]);
        });

        it("is extended by a later pause and never shortened by an earlier one", async () => {
            const { script, limited } = pausedThrottle();
            limited.pauseUntil(START + 5000, "test");
            limited.pauseUntil(START + 3000, "test");
            const waiting = limited.transport(get("a"));
            await time.clock.tickAsync(1000);
            limited.pauseUntil(START + 9000, "test");
            await time.settle(waiting);
            assert.deepEqual(script.timeline(), ["GET /connectors/a@9000"]);
        });

        it("stops waiting at once when the request's signal aborts", async () => {
            const { script, limited } = pausedThrottle();
            limited.pauseUntil(START + 60_000, "test");
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

    describe("the pace", () => {
        it("sends the 61st request of a minute only when the minute has passed since the first answer", async () => {
            const script = scriptedTransport([], ok);
            const { client } = scriptedClient(script);
            await time.settle(Promise.all(Array.from({ length: 61 }, (_, i) => client.request(getSpec(`/connectors/${i}`)))));
            const at = script.sent.map((s) => s.at);
            assert.deepEqual(at.slice(0, 60), Array(60).fill(0));
            assert.equal(at[60], RATE_WINDOW_MS);
        });

        it("holds a request's place from when it is sent until a minute after its answer", async () => {
            // Answered after 10 s: its place frees at 70 s, not at 60 s.
            let first = true;
            const script = scriptedTransport([], async () => {
                if (first) {
                    first = false;
                    await new Promise((resolve) => setTimeout(resolve, 10_000));
                }
                return ok;
            });
            const { client } = scriptedClient(script, { requestsPerMinute: 1 });
            await time.settle(Promise.all([client.request(getSpec("/a")), client.request(getSpec("/b"))]));
            assert.deepEqual(script.timeline(), ["GET /a@0", "GET /b@70000"]);
        });

        it("keeps any pace it is given: 3 a minute", async () => {
            const script = scriptedTransport([], ok);
            const { client } = scriptedClient(script, { requestsPerMinute: 3 });
            await time.settle(Promise.all(Array.from({ length: 7 }, (_, i) => client.request(getSpec(`/${i}`)))));
            assert.deepEqual(
                script.sent.map((s) => s.at),
                [0, 0, 0, 60_000, 60_000, 60_000, 120_000],
            );
        });

        const exhausted: { name: string; attempt: Attempt; next: number }[] = [
            { name: "without X-RateLimit-Reset, a minute after that answer", attempt: { ...ok, rateLimitRemaining: 0 }, next: 60_000 },
            {
                name: "until X-RateLimit-Reset when it says",
                attempt: { ...ok, rateLimitRemaining: 0, rateLimitReset: (START + 12_000) / 1000 },
                next: 12_000,
            },
        ];
        for (const { name, attempt, next } of exhausted) {
            it(`waits when Patchworks says X-RateLimit-Remaining: 0, ${name}`, async () => {
                const script = scriptedTransport([attempt], ok);
                const { client } = scriptedClient(script);
                await time.settle(client.request(getSpec("/a")));
                await time.settle(client.request(getSpec("/b")));
                assert.deepEqual(script.timeline(), ["GET /a@0", `GET /b@${next}`]);
            });
        }

        it("does not wait while X-RateLimit-Remaining is above 0", async () => {
            const script = scriptedTransport([{ ...ok, rateLimitRemaining: 1 }], ok);
            const { client } = scriptedClient(script);
            await time.settle(client.request(getSpec("/a")));
            await time.settle(client.request(getSpec("/b")));
            assert.deepEqual(script.timeline(), ["GET /a@0", "GET /b@0"]);
        });

        it("keeps no more requests in flight than the API's last answer says are left of the minute", async () => {
            const { transport, held, state } = heldTransport();
            const layer = throttle(transport, options());
            const first = layer.transport(get("first"));
            await time.flush();
            // Another program of the user spent most of the minute: 2 left.
            held[0].release({ ...ok, rateLimitRemaining: 2 });
            await first;
            const rest = ["a", "b", "c", "d"].map((id) => layer.transport(get(id)));
            await time.flush();
            assert.equal(state.inFlight, 2, "two sent, two held back");
            held[1].release({ ...ok, rateLimitRemaining: 1 });
            await time.flush();
            assert.equal(state.inFlight, 1, "the answer says one is left, and one is already in flight");
            held[2].release({ ...ok, rateLimitRemaining: 0 });
            await time.flush();
            assert.equal(state.started, 3, "the minute is spent: nothing more until it has passed");
            await time.clock.tickAsync(RATE_WINDOW_MS);
            assert.equal(state.started, 5, "the new minute takes the last two");
            for (const h of held.slice(3)) h.release(ok);
            await Promise.all(rest);
        });

        it("honours a 429's Retry-After without spending a retry", async () => {
            const script = scriptedTransport([answer(429, { message: "Too Many Attempts." }, "45")], ok);
            const { client } = scriptedClient(script, { maxRetries: 0 });
            assert.deepEqual(await time.settle(client.request(getSpec("/a"))), { data: [] });
            assert.deepEqual(script.timeline(), ["GET /a@0", "GET /a@45000"]);
        });

        it("tells the listener once per wait longer than 2 s, with how long and why", async () => {
            const waits: string[] = [];
            const script = scriptedTransport([], ok);
            const { client } = scriptedClient(script, { requestsPerMinute: 2 }, { onWait: (ms, reason) => waits.push(`${ms} ${reason}`) });
            await time.settle(Promise.all(Array.from({ length: 4 }, (_, i) => client.request(getSpec(`/${i}`)))));
            assert.deepEqual(waits, ["60000 Patchworks allows 2 requests a minute (patchworks:requestsPerMinute)"]);
        });

        it("does not announce a short wait", async () => {
            const waits: number[] = [];
            const script = scriptedTransport([answer(429, {}, "2")], ok);
            const { client } = scriptedClient(script, {}, { onWait: (ms) => waits.push(ms) });
            await time.settle(client.request(getSpec("/a")));
            assert.deepEqual(waits, []);
        });

        it("announces a 429's wait", async () => {
            const waits: string[] = [];
            const script = scriptedTransport([answer(429, {}, "41")], ok);
            const { client } = scriptedClient(script, {}, { onWait: (ms, reason) => waits.push(`${ms} ${reason}`) });
            await time.settle(client.request(getSpec("/a")));
            assert.deepEqual(waits, ["41000 Patchworks answered GET /a with 429 Too Many Attempts"]);
        });

        it("stops waiting for the pace at once when the run is cancelled", async () => {
            const cancelled = new AbortController();
            const reason = new Error("the Pulumi run was cancelled");
            const script = scriptedTransport([], ok);
            const { client } = scriptedClient(script, { requestsPerMinute: 1 }, { signal: cancelled.signal });
            await time.settle(client.request(getSpec("/a")));
            const waiting = rejectionOf(client.request(getSpec("/b")));
            await time.clock.tickAsync(1000);
            cancelled.abort(reason);
            assert.equal(await waiting, reason);
            assert.deepEqual(script.timeline(), ["GET /a@0"]);
        });
    });
});
