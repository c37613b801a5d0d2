// Which failures are worth another attempt, and how long to wait. Pure, so the policy can be
// tested without a server or a clock.

export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE";

/**
 * How an attempt ended, as far as retrying is concerned.
 * - response: the server answered with this status;
 * - unsent: the request provably never reached the server (no connection was made);
 * - lost: it may or may not have reached the server (timeout, reset mid-exchange).
 */
export type AttemptOutcome = { kind: "response"; status: number } | NetworkOutcome;

export type NetworkOutcome = { kind: "unsent"; code: string } | { kind: "lost"; code: string };

/**
 * - retry: repeat the request after a wait;
 * - reconcile: the server may have acted; look before repeating a non-idempotent request;
 * - stop: the outcome is final.
 */
export type RetryDecision = "retry" | "reconcile" | "stop";

// Repeating these with the same body leaves the server in the same state as doing it once.
const IDEMPOTENT: ReadonlySet<HttpMethod> = new Set<HttpMethod>(["GET", "PATCH", "DELETE"]);

// The server says it did not process the request: safe to repeat even a POST.
const NOT_PROCESSED: ReadonlySet<number> = new Set([429, 503]);

// A gateway gave up; the origin may or may not have processed the request.
const GATEWAY_UNCERTAIN: ReadonlySet<number> = new Set([502, 504]);

// Failures to establish a connection at all: nothing was sent.
const CONNECT_FAILURES: ReadonlySet<string> = new Set([
    "ECONNREFUSED",
    "ENOTFOUND",
    "EAI_AGAIN",
    "EHOSTUNREACH",
    "ENETUNREACH",
]);

export function isIdempotent(method: HttpMethod): boolean {
    return IDEMPOTENT.has(method);
}

export function networkOutcome(code: string, timedOut: boolean): NetworkOutcome {
    return !timedOut && CONNECT_FAILURES.has(code) ? { kind: "unsent", code } : { kind: "lost", code };
}

export function decideRetry(method: HttpMethod, outcome: AttemptOutcome): RetryDecision {
    switch (outcome.kind) {
        case "unsent":
            return "retry";
        case "lost":
            return isIdempotent(method) ? "retry" : "reconcile";
        case "response":
            if (NOT_PROCESSED.has(outcome.status)) return "retry";
            if (GATEWAY_UNCERTAIN.has(outcome.status)) return isIdempotent(method) ? "retry" : "reconcile";
            return "stop";
    }
}

/** Retry-After as delta-seconds or an HTTP-date, in ms from now; undefined when absent or unreadable. */
export function parseRetryAfterMs(header: string | undefined, nowMs: number): number | undefined {
    if (header === undefined || header.trim() === "") return undefined;
    const value = header.trim();
    if (/^\d+$/.test(value)) return Number(value) * 1000;
    // An HTTP-date always names its day and month; Date.parse alone would accept "-3" as a year.
    if (!/[A-Za-z]/.test(value)) return undefined;
    const at = Date.parse(value);
    return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

export interface BackoffSettings {
    baseMs: number;
    maxDelayMs: number;
}

/**
 * The wait before retry number `retry` (1 for the first retry). The server's Retry-After wins
 * when given; otherwise exponential backoff with full jitter, so clients that failed together
 * do not retry together. Either way no single wait exceeds maxDelayMs.
 */
export function retryDelayMs(
    retry: number,
    retryAfterMs: number | undefined,
    settings: BackoffSettings,
    random: () => number = Math.random,
): number {
    if (retryAfterMs !== undefined) return Math.min(retryAfterMs, settings.maxDelayMs);
    const ceiling = Math.min(settings.maxDelayMs, settings.baseMs * 2 ** (retry - 1));
    return Math.floor(random() * ceiling);
}
