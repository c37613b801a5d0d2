// Laravel's `throttle:60,1` as Fabric applies it to every API route (fact sheet 2.5): a fixed
// 60-second window from the first hit, counted per user (all of a user's tokens and programs
// share it) or, before anyone is signed in, per client address. Every answer carries
// X-RateLimit-Limit / X-RateLimit-Remaining; only with --rate-limit is the limit enforced.

/** Fabric's limit, reported in the headers even when the emulator does not enforce one. */
export const FABRIC_REQUESTS_PER_MINUTE = 60;
const WINDOW_MS = 60_000;

export interface ThrottleVerdict {
    readonly headers: Record<string, string>;
    /** Set when the request is over the limit: answer 429 "Too Many Attempts.". */
    readonly retryAfterSeconds?: number;
}

export class Throttle {
    private windows = new Map<string, { startedAt: number; count: number }>();

    /** `enforcedLimit`: --rate-limit, or undefined to only report. */
    constructor(
        private readonly enforcedLimit: number | undefined,
        private readonly now: () => number,
    ) {}

    hit(key: string): ThrottleVerdict {
        const limit = this.enforcedLimit ?? FABRIC_REQUESTS_PER_MINUTE;
        const now = this.now();
        let window = this.windows.get(key);
        if (!window || now - window.startedAt >= WINDOW_MS) {
            window = { startedAt: now, count: 0 };
            this.windows.set(key, window);
        }
        const resetsAt = window.startedAt + WINDOW_MS;
        if (this.enforcedLimit !== undefined && window.count >= limit) {
            const retryAfterSeconds = Math.max(1, Math.ceil((resetsAt - now) / 1000));
            return {
                retryAfterSeconds,
                headers: {
                    "x-ratelimit-limit": String(limit),
                    "x-ratelimit-remaining": "0",
                    "retry-after": String(retryAfterSeconds),
                    "x-ratelimit-reset": String(Math.ceil(resetsAt / 1000)),
                },
            };
        }
        window.count += 1;
        return { headers: { "x-ratelimit-limit": String(limit), "x-ratelimit-remaining": String(Math.max(0, limit - window.count)) } };
    }

    clear(): void {
        this.windows.clear();
    }
}
