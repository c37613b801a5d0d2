// A transport layer that keeps the client within Patchworks' pace: a cap on requests in flight, at
// most `requestsPerMinute` requests in any minute, and a hold on every request while the API has
// asked the client to wait (429 Retry-After, X-RateLimit-Remaining 0).
import pLimit from "p-limit";
import type { Clock } from "./clock";
import type { Attempt, Transport } from "./http";

/**
 * [?] fact sheet 2.5: Fabric counts 60 requests per user in a fixed minute that starts at the
 * first hit, and a client cannot see where that minute started. Holding each request's place until
 * a minute after its answer arrived stays within any such window, whenever it began; chosen
 * because a 429 costs a wait of up to a minute for every program of the user.
 */
export const RATE_WINDOW_MS = 60_000;

/** Shorter waits are not worth a status line. */
export const ANNOUNCED_WAIT_MS = 2_000;

/** Told when the client is about to wait longer than ANNOUNCED_WAIT_MS, and why. */
export type WaitListener = (ms: number, reason: string) => void;

export interface Throttle {
    transport: Transport;
    /** No request of this client is sent before `time` (ms since the epoch, the clock's). */
    pauseUntil(time: number, reason: string): void;
}

export interface ThrottleOptions {
    maxConcurrency: number;
    requestsPerMinute: number;
    clock: Clock;
    onWait?: WaitListener;
}

/** Calls the listener once per wait, not once per request that waits for the same moment. */
function waitAnnouncer(clock: Clock, onWait: WaitListener | undefined): (until: number, reason: string) => void {
    let announcedUntil = 0;
    return (until, reason) => {
        const ms = until - clock.now();
        if (!onWait || ms <= ANNOUNCED_WAIT_MS || until <= announcedUntil) return;
        announcedUntil = until;
        onWait(ms, reason);
    };
}

/** When the API says this minute's requests are spent, the moment a new minute certainly began. */
function exhaustedUntil(attempt: Attempt, answeredAt: number): number | undefined {
    if (attempt.kind !== "response" || attempt.rateLimitRemaining !== 0) return undefined;
    const reset = attempt.rateLimitReset === undefined ? undefined : attempt.rateLimitReset * 1000;
    return reset !== undefined && reset > answeredAt ? reset : answeredAt + RATE_WINDOW_MS;
}

export function throttle(inner: Transport, options: ThrottleOptions): Throttle {
    const { clock, requestsPerMinute } = options;
    const slots = pLimit(options.maxConcurrency);
    const announce = waitAnnouncer(clock, options.onWait);
    const paceReason = `Patchworks allows ${requestsPerMinute} request${requestsPerMinute === 1 ? "" : "s"} a minute (patchworks:requestsPerMinute)`;
    let pausedUntil = 0;
    /** For each request of the last minute: when its place frees up (Infinity while it is in flight). */
    const places: { freesAt: number }[] = [];
    /**
     * What the API's last answer said is left of the user's minute (X-RateLimit-Remaining). Another
     * program of the user, or this user's previous command, may have spent the rest: never more
     * requests in flight than that, so a run that starts late in a busy minute meets no 429.
     */
    let remaining: number | undefined;
    let inFlight = 0;
    let answered: () => void = () => undefined;
    let nextAnswer = new Promise<void>((resolve) => {
        answered = resolve;
    });
    const noteAnswer = (attempt: Attempt | undefined) => {
        if (attempt?.kind === "response" && attempt.rateLimitRemaining !== undefined) remaining = attempt.rateLimitRemaining;
        const wake = answered;
        nextAnswer = new Promise<void>((resolve) => {
            answered = resolve;
        });
        wake();
    };

    /** Waits for a free place in the minute and takes it; requests take places in the order they ask. */
    let queue: Promise<void> = Promise.resolve();
    const takePlace = (signal?: AbortSignal): Promise<{ freesAt: number }> => {
        const taken = queue.then(async () => {
            for (;;) {
                const now = clock.now();
                if (now < pausedUntil) {
                    await clock.sleep(pausedUntil - now, signal);
                    continue;
                }
                // A pause for a spent minute is over: the next answer says what the new one holds.
                if (remaining === 0) remaining = undefined;
                if (remaining !== undefined && inFlight > 0 && inFlight >= remaining) {
                    await nextAnswer;
                    continue;
                }
                for (let i = places.length - 1; i >= 0; i--) if (places[i].freesAt <= now) places.splice(i, 1);
                if (places.length < requestsPerMinute) {
                    const place = { freesAt: Number.POSITIVE_INFINITY };
                    places.push(place);
                    // Counted here, in the queue's turn, so the next request in the queue sees it.
                    inFlight++;
                    return place;
                }
                const next = Math.min(...places.map((p) => p.freesAt));
                // Every place is held by a request in flight: its answer frees one a minute later.
                const until = Number.isFinite(next) ? next : now + RATE_WINDOW_MS;
                announce(until, paceReason);
                await clock.sleep(Math.max(1, Math.min(until, now + RATE_WINDOW_MS) - now), signal);
            }
        });
        // A cancelled wait must not stop the requests queued behind it.
        queue = taken.then(
            () => undefined,
            () => undefined,
        );
        return taken;
    };

    return {
        // A slot is held only while a request is in flight or about to be, never while waiting to retry.
        transport: (request, signal) =>
            slots(async () => {
                const place = await takePlace(signal);
                let attempt: Attempt | undefined;
                try {
                    attempt = await inner(request, signal);
                    return attempt;
                } finally {
                    inFlight--;
                    const answeredAt = clock.now();
                    place.freesAt = answeredAt + RATE_WINDOW_MS;
                    const until = attempt && exhaustedUntil(attempt, answeredAt);
                    if (until !== undefined) {
                        pausedUntil = Math.max(pausedUntil, until);
                        announce(until, "Patchworks says this user's requests for the minute are used up");
                    }
                    noteAnswer(attempt);
                }
            }),
        pauseUntil(time, reason) {
            pausedUntil = Math.max(pausedUntil, time);
            announce(time, reason);
        },
    };
}
