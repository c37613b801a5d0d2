// Injected faults for testing clients against a misbehaving API: added latency, random failures
// and a per-second rate limit, applied to /api/v1 requests only (optionally to some methods only).
// Latency delays the response, not the work: a request is processed on arrival and answered
// latencyMs later, so a client that gives up first cannot know whether it took effect, which is
// the case a client must get right to never duplicate a create.
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";

export const faultSettingsSchema = z.strictObject({
    latencyMs: z.number().int().min(0).max(60_000).optional(),
    failRate: z.number().min(0).max(1).optional(),
    failStatus: z.number().int().min(400).max(599).optional(),
    rateLimitPerSecond: z.number().int().min(1).optional(),
    /**
     * Fail only the next N matching requests, then serve normally: a server that refuses one
     * request (say a create) and accepts the next (the put-back of what was deleted for it).
     */
    failCount: z.number().int().min(1).optional(),
    /** The HTTP methods the faults apply to; every method when omitted. */
    methods: z
        .array(z.enum(["GET", "POST", "PATCH", "DELETE"]))
        .min(1)
        .optional(),
});

export type FaultSettings = z.infer<typeof faultSettingsSchema>;

const DEFAULT_FAIL_STATUS = 503;

export interface InjectedFailure {
    readonly status: number;
    readonly message: string;
    readonly retryAfterSeconds?: number;
}

export class FaultInjector {
    private settings: FaultSettings = {};
    private failuresLeft: number | undefined;
    // A fixed window aligned to the wall-clock second, so "N per second" means what it says.
    private window = { second: 0, count: 0 };

    /** Replaces all faults; `{}` clears them. */
    configure(settings: FaultSettings): void {
        this.settings = settings;
        this.failuresLeft = settings.failCount;
        this.window = { second: 0, count: 0 };
    }

    /** Decides on arrival: a failure to answer with, or undefined to serve. */
    apply(method: string): InjectedFailure | undefined {
        if (!this.appliesTo(method)) {
            return undefined;
        }
        const { failRate, failStatus, rateLimitPerSecond } = this.settings;
        if (rateLimitPerSecond !== undefined) {
            const limited = this.countAgainstLimit(rateLimitPerSecond, Date.now());
            if (limited) {
                return limited;
            }
        }
        if (this.failuresLeft !== undefined) {
            if (this.failuresLeft === 0) return undefined;
            this.failuresLeft -= 1;
            return { status: failStatus ?? DEFAULT_FAIL_STATUS, message: "injected fault: the request was refused" };
        }
        if (failRate !== undefined && Math.random() < failRate) {
            return { status: failStatus ?? DEFAULT_FAIL_STATUS, message: "injected fault: the service is unavailable" };
        }
        return undefined;
    }

    /** Holds a response back by latencyMs; called once the request has been processed. */
    async delay(method: string): Promise<void> {
        const { latencyMs } = this.settings;
        if (latencyMs && this.appliesTo(method)) {
            await sleep(latencyMs);
        }
    }

    private appliesTo(method: string): boolean {
        const { methods } = this.settings;
        return methods === undefined || (methods as readonly string[]).includes(method.toUpperCase());
    }

    private countAgainstLimit(limit: number, now: number): InjectedFailure | undefined {
        const second = Math.floor(now / 1000);
        if (second !== this.window.second) {
            this.window = { second, count: 0 };
        }
        this.window.count += 1;
        if (this.window.count <= limit) {
            return undefined;
        }
        const retryAfterSeconds = Math.max(1, Math.ceil(((second + 1) * 1000 - now) / 1000));
        return {
            status: 429,
            message: `rate limit of ${limit} requests per second exceeded; retry after ${retryAfterSeconds}s`,
            retryAfterSeconds,
        };
    }
}
