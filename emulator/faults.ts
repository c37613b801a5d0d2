// Injected faults for testing clients against a misbehaving API: added latency, random failures
// and a per-second rate limit, applied to /api/v1 requests only.
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";

export const faultSettingsSchema = z.strictObject({
    latencyMs: z.number().int().min(0).max(60_000).optional(),
    failRate: z.number().min(0).max(1).optional(),
    failStatus: z.number().int().min(400).max(599).optional(),
    rateLimitPerSecond: z.number().int().min(1).optional(),
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
    // A fixed window aligned to the wall-clock second, so "N per second" means what it says.
    private window = { second: 0, count: 0 };

    /** Replaces all faults; `{}` clears them. */
    configure(settings: FaultSettings): void {
        this.settings = settings;
        this.window = { second: 0, count: 0 };
    }

    /** Delays as configured, then decides: a failure to answer with, or undefined to serve. */
    async apply(): Promise<InjectedFailure | undefined> {
        const { latencyMs, failRate, failStatus, rateLimitPerSecond } = this.settings;
        if (latencyMs) {
            await sleep(latencyMs);
        }
        if (rateLimitPerSecond !== undefined) {
            const limited = this.countAgainstLimit(rateLimitPerSecond, Date.now());
            if (limited) {
                return limited;
            }
        }
        if (failRate !== undefined && Math.random() < failRate) {
            return { status: failStatus ?? DEFAULT_FAIL_STATUS, message: "injected fault: the service is unavailable" };
        }
        return undefined;
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
