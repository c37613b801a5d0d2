// The retry layer: which failures are worth another attempt, how long to wait, and how to repeat a
// request that is not idempotent without ever doing it twice. Time comes from an injected clock,
// so the behaviour is tested exactly, in virtual time.
import type { Clock } from "./clock";
import { withQuery, type Attempt, type HttpMethod, type HttpRequest, type Transport } from "./http";
import { ANNOUNCED_WAIT_MS, type Throttle, type WaitListener } from "./throttle";

/**
 * - retry: repeat the request after a wait;
 * - reconcile: the server may have acted; look before repeating a request that is not idempotent;
 * - look: the server may have acted and the request must not be repeated; look once, then stop;
 * - stop: the outcome is final.
 */
export type RetryDecision = "retry" | "reconcile" | "look" | "stop";

// Repeating these with the same body leaves the server in the same state as doing it once.
const IDEMPOTENT: ReadonlySet<HttpMethod> = new Set<HttpMethod>(["GET", "PUT", "PATCH", "DELETE"]);

/** What a request's method alone does not say about repeating it. */
export interface RequestTraits {
    /** A POST whose repeat is harmless (a login: each makes one more token, nothing else). */
    repeatable?: boolean;
    /**
     * Fabric checks credentials with the remote system before writing (connector create and update):
     * an answered attempt is never repeated, since each repeat runs that check again; only a
     * connection that never reached the server is.
     */
    verifiesCredentials?: boolean;
}

// The server says it did not process the request: safe to repeat even a POST.
const NOT_PROCESSED: ReadonlySet<number> = new Set([429, 503]);

// The server or a gateway failed; the request may or may not have been processed.
const MAYBE_PROCESSED: ReadonlySet<number> = new Set([500, 502, 504]);

export function decideRetry(method: HttpMethod, attempt: Attempt, traits: RequestTraits = {}): RetryDecision {
    if (traits.verifiesCredentials) {
        if ((attempt.kind === "network" && attempt.unsent) || (attempt.kind === "response" && attempt.status === 429)) return "retry";
        return mayHaveTakenEffect(attempt) ? "look" : "stop";
    }
    const idempotent = IDEMPOTENT.has(method) || traits.repeatable === true;
    if (attempt.kind === "network") return attempt.unsent || idempotent ? "retry" : "reconcile";
    if (NOT_PROCESSED.has(attempt.status)) return "retry";
    if (MAYBE_PROCESSED.has(attempt.status)) return idempotent ? "retry" : "reconcile";
    return "stop";
}

/** Whether an attempt that failed this way may still have taken effect. */
export function mayHaveTakenEffect(attempt: Attempt): boolean {
    if (attempt.kind === "network") return !attempt.unsent;
    return MAYBE_PROCESSED.has(attempt.status);
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

export interface RetryLimits {
    maxRetries: number;
    retryBaseMs: number;
    /** Cap on one backoff step; a server's Retry-After is never cut to it. */
    maxBackoffMs: number;
    /** Total time one request waits as 429 Retry-After headers say; not counted as retries. */
    maxRateLimitWaitMs: number;
}

/**
 * The wait before retry number `retry` (1 for the first) when the server names none: exponential
 * backoff with full jitter, so clients that failed together do not retry together.
 */
export function backoffMs(retry: number, limits: RetryLimits, random: () => number): number {
    const ceiling = Math.min(limits.maxBackoffMs, limits.retryBaseMs * 2 ** (retry - 1));
    return Math.floor(random() * ceiling);
}

export interface RetryContext {
    transport: Transport;
    throttle: Pick<Throttle, "pauseUntil">;
    /** Told before a wait longer than ANNOUNCED_WAIT_MS that is not the API's rate limit (the throttle tells those). */
    onWait?: WaitListener;
    clock: Clock;
    random: () => number;
    limits: RetryLimits;
    /** One line per attempt and decision; the caller redacts. */
    log: (line: string) => void;
    signal?: AbortSignal;
}

/** How a request ended: its last answer, or the value a reconcile found the request had produced. */
export type Outcome<T> =
    | { kind: "answered"; attempt: Answer; attempts: number }
    | { kind: "reconciled"; value: T; attempts: number }
    | {
          kind: "failed";
          attempt: Attempt;
          attempts: number;
          /** The request may have taken effect: no look after the last attempt proved otherwise. */
          uncertain: boolean;
          /** Why the client gave up waiting for a 429, when that is why. */
          rateLimitNote?: string;
      };

export interface RetrySpec<T> extends RequestTraits {
    request: HttpRequest;
    /**
     * For a request that is not idempotent: finds what an attempt of unknown outcome may have
     * produced, so the request is repeated only when it provably did not take effect.
     */
    reconcile?: () => Promise<T | undefined>;
}

type Answer = Extract<Attempt, { kind: "response" }>;

function isSuccess(attempt: Attempt): boolean {
    return attempt.kind === "response" && attempt.status >= 200 && attempt.status < 300;
}

function describe(attempt: Attempt): string {
    return attempt.kind === "response" ? String(attempt.status) : attempt.code;
}

/** Sends a request, retrying as the outcome allows; never throws for an HTTP or network failure. */
export async function sendWithRetries<T>(spec: RetrySpec<T>, context: RetryContext): Promise<Outcome<T>> {
    const { request } = spec;
    const { clock, limits, log, signal } = context;
    const target = `${request.method} ${withQuery(request.path, request.query)}`;
    // Set once an attempt may have taken effect unseen, until a look proves it did not.
    let uncertain = false;
    // Set once any attempt may have taken effect: a look can miss one that lands after it, so a
    // later conflict may still be that attempt's own doing.
    let mayHaveLanded = false;
    // Attempts that used up the retry budget, as opposed to waiting as the API asked.
    let failures = 0;
    let rateLimitWaitedMs = 0;
    for (let attempts = 1; ; attempts++) {
        const started = clock.now();
        const attempt = await context.transport(request, signal);
        log(`${target} -> ${describe(attempt)} in ${clock.now() - started} ms (attempt ${attempts})`);
        if (isSuccess(attempt)) return { kind: "answered", attempt: attempt as Answer, attempts };

        // A conflict after an attempt that may have landed may be that attempt's own doing.
        if (attempt.kind === "response" && attempt.status === 409 && mayHaveLanded && spec.reconcile) {
            const found = await lookSafely(spec.reconcile);
            if (found.value !== undefined) {
                log(`${target}: an earlier attempt had taken effect; not repeating it`);
                return { kind: "reconciled", value: found.value, attempts };
            }
            if (found.looked) uncertain = false;
        }

        const decision = decideRetry(request.method, attempt, spec);
        const retryAfterMs = attempt.kind === "response" ? parseRetryAfterMs(attempt.retryAfter, clock.now()) : undefined;
        // A 429 with Retry-After says the request was not processed and when to come back: waiting as
        // told is not a failure, so it spends a time budget of its own, not the retries. A stack larger
        // than the rate limit then still goes through, at the pace the API sets.
        const rateLimited = attempt.kind === "response" && attempt.status === 429 && (retryAfterMs ?? 0) > 0;
        if (!rateLimited) failures++;
        if (mayHaveTakenEffect(attempt)) uncertain = mayHaveLanded = true;

        const waitMs = retryAfterMs ?? backoffMs(failures, limits, context.random);
        // Any wait the server names spends the waiting budget, so no Retry-After can hold a run for a day.
        const waitWithinBudget = retryAfterMs === undefined || retryAfterMs <= limits.maxRateLimitWaitMs - rateLimitWaitedMs;
        const budgetLeft = waitWithinBudget && (rateLimited || failures <= limits.maxRetries);
        const cannotLook = decision === "reconcile" && !spec.reconcile;
        if (decision === "stop" || decision === "look" || cannotLook || !budgetLeft) {
            const rateLimitNote =
                (decision === "retry" || decision === "reconcile") && !waitWithinBudget
                    ? `the API asked to wait ${Math.ceil(waitMs / 1000)} s more, beyond the ` +
                      `${Math.round(limits.maxRateLimitWaitMs / 1000)} s this provider waits for one request; run again later`
                    : undefined;
            if ((decision === "reconcile" || decision === "look") && spec.reconcile) {
                // Out of retries, or not to be repeated, but a look still tells whether this attempt took effect.
                const found = await lookSafely(spec.reconcile);
                if (found.value !== undefined) return { kind: "reconciled", value: found.value, attempts };
                if (found.looked) uncertain = false;
            }
            return { kind: "failed", attempt, attempts, uncertain, rateLimitNote };
        }

        if (retryAfterMs !== undefined) rateLimitWaitedMs += waitMs;
        // The limit is the account's, not this request's: every request of this client waits.
        if (rateLimited) context.throttle.pauseUntil(clock.now() + waitMs, `Patchworks answered ${target} with 429 Too Many Attempts`);
        else if (waitMs > ANNOUNCED_WAIT_MS) context.onWait?.(waitMs, `retrying ${target} after ${describe(attempt)}`);
        const next = decision === "reconcile" ? "checking whether it took effect" : rateLimited ? "rate-limited; retrying" : "retrying";
        log(`${target}: ${next} in ${waitMs} ms (attempt ${attempts}, ${failures} of ${limits.maxRetries} retries used)`);
        await clock.sleep(waitMs, signal);

        if (decision === "reconcile" && spec.reconcile) {
            const found = await lookSafely(spec.reconcile);
            if (found.value !== undefined) {
                log(`${target}: attempt ${attempts} had taken effect; not repeating it`);
                return { kind: "reconciled", value: found.value, attempts };
            }
            if (!found.looked) return { kind: "failed", attempt, attempts, uncertain: true };
            uncertain = false;
            log(`${target}: attempt ${attempts} had not taken effect; retrying`);
        }
    }

    /** A look that fails leaves the outcome unknown; it must not replace the request's own failure. */
    async function lookSafely(reconcile: () => Promise<T | undefined>): Promise<{ looked: boolean; value?: T }> {
        try {
            return { looked: true, value: await reconcile() };
        } catch (error) {
            if (signal?.aborted) throw error;
            log(`${target}: could not check whether it took effect`);
            return { looked: false };
        }
    }
}
