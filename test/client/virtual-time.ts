// Virtual time for the transport's tests: @sinonjs/fake-timers replaces setTimeout (including
// node:timers/promises, which the production clock sleeps on) and Date, so `systemClock` itself
// runs on a clock the test moves. Waits are then asserted to the millisecond, and a test of a
// 45-second Retry-After takes no real time.
import { install, type Clock as FakeClock } from "@sinonjs/fake-timers";
import type { Attempt, HttpRequest, Transport } from "../../provider/client/http";

/** Virtual time starts here in every test; `elapsed()` counts from it. */
export const START = Date.parse("2025-06-01T12:00:00Z");

export interface VirtualTime {
    readonly clock: FakeClock;
    /** Virtual ms since START. */
    elapsed(): number;
    /** Runs every timer (and the promise chains they release) until none is left; then `promise`'s result. */
    settle<T>(promise: Promise<T>): Promise<T>;
    /** Lets pending promise chains run without moving time. */
    flush(): Promise<void>;
}

/** Mocha hooks: every test of the enclosing suite runs in virtual time from START. */
export function virtualTime(): VirtualTime {
    let installed: FakeClock | undefined;
    const clock = (): FakeClock => {
        if (!installed) throw new Error("virtual time is only installed inside a test");
        return installed;
    };
    beforeEach(() => {
        installed = install({ now: START, toFake: ["setTimeout", "clearTimeout", "Date"] });
    });
    afterEach(() => {
        installed?.uninstall();
        installed = undefined;
    });
    return {
        get clock() {
            return clock();
        },
        elapsed: () => clock().now - START,
        settle: async <T>(promise: Promise<T>): Promise<T> => {
            // Observed at once, so a rejection that comes while timers run is not reported as unhandled.
            const result = promise.then(
                (value) => ({ ok: true as const, value }),
                (error: unknown) => ({ ok: false as const, error }),
            );
            await clock().runAllAsync();
            const settled = await result;
            if (settled.ok) return settled.value;
            throw settled.error;
        },
        flush: async () => {
            await clock().tickAsync(0);
        },
    };
}

/** An answer of the API, as the HTTP layer reports it. */
export function answer(status: number, body?: unknown, retryAfter?: string): Attempt {
    return { kind: "response", status, text: body === undefined ? "" : JSON.stringify(body), retryAfter };
}

/** The connection broke after the request was sent (ECONNRESET, EPIPE). */
export function lostConnection(code = "ECONNRESET"): Attempt {
    return { kind: "network", code, timedOut: false, unsent: false };
}

/** No connection was made (ECONNREFUSED, ENOTFOUND): nothing reached the server. */
export function unsent(code = "ECONNREFUSED"): Attempt {
    return { kind: "network", code, timedOut: false, unsent: true };
}

export function timedOut(): Attempt {
    return { kind: "network", code: "ETIMEDOUT", timedOut: true, unsent: false };
}

interface SentRequest {
    readonly request: HttpRequest;
    /** Virtual ms since START when the request reached the transport. */
    readonly at: number;
}

/** One scripted answer: an attempt, or a function of the request (which may wait in virtual time). */
export type Step = Attempt | ((request: HttpRequest, signal?: AbortSignal) => Attempt | Promise<Attempt>);

export interface ScriptedTransport {
    readonly transport: Transport;
    readonly sent: SentRequest[];
    /** "METHOD path@ms" of every request, for one-line assertions. */
    timeline(): string[];
}

// A request loop that never ends fails the test instead of hanging it.
const MAX_REQUESTS = 200;

/**
 * A transport that answers from a script, in order; `rest` answers once the script is used up.
 * Without `rest`, an unscripted request fails the test.
 */
export function scriptedTransport(steps: Step[], rest?: Step): ScriptedTransport {
    const sent: SentRequest[] = [];
    const queue = [...steps];
    const transport: Transport = async (request, signal) => {
        sent.push({ request, at: Date.now() - START });
        if (sent.length > MAX_REQUESTS) throw new Error(`the client sent more than ${MAX_REQUESTS} requests`);
        const step = queue.shift() ?? rest;
        if (step === undefined) throw new Error(`nothing scripted for request ${sent.length}: ${request.method} ${request.path}`);
        return typeof step === "function" ? step(request, signal) : step;
    };
    return {
        transport,
        sent,
        timeline: () => sent.map(({ request, at }) => `${request.method} ${request.path}@${at}`),
    };
}
