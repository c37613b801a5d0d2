// Injected faults for testing clients against a misbehaving API: latency, failures (random, or
// the next N), and a per-second rate limit, for some methods and path prefixes (from the server's
// root) only. Latency delays the answer, not the work: a request is processed on arrival and
// answered latencyMs later, so a client that gives up first cannot know whether it took effect.
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";

export const faultSettingsSchema = z.strictObject({
    latencyMs: z.number().int().min(0).max(600_000).optional(),
    failRate: z.number().min(0).max(1).optional(),
    failStatus: z.number().int().min(400).max(599).optional(),
    /** Fail only the next N matching requests, then serve normally. */
    failCount: z.number().int().min(1).optional(),
    rateLimitPerSecond: z.number().int().min(1).optional(),
    methods: z
        .array(z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]))
        .min(1)
        .optional(),
    /** Path prefixes from the server's root (`/api/v2/connectors`); every API path when omitted. */
    paths: z.array(z.string().startsWith("/")).min(1).optional(),
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
    apply(method: string, path: string): InjectedFailure | undefined {
        if (!this.appliesTo(method, path)) {
            return undefined;
        }
        const { failRate, failStatus, rateLimitPerSecond } = this.settings;
        if (rateLimitPerSecond !== undefined) {
            const limited = this.countAgainstLimit(rateLimitPerSecond, Date.now());
            if (limited) return limited;
        }
        const status = failStatus ?? DEFAULT_FAIL_STATUS;
        if (this.failuresLeft !== undefined) {
            if (this.failuresLeft === 0) return undefined;
            this.failuresLeft -= 1;
            return { status, message: "Injected fault." };
        }
        if (failRate !== undefined && Math.random() < failRate) {
            return { status, message: "Injected fault." };
        }
        return undefined;
    }

    /** Holds an answer back by latencyMs; called once the request has been processed. */
    async delay(method: string, path: string): Promise<void> {
        const { latencyMs } = this.settings;
        if (latencyMs && this.appliesTo(method, path)) {
            await sleep(latencyMs);
        }
    }

    private appliesTo(method: string, path: string): boolean {
        const { methods, paths } = this.settings;
        const methodMatches = methods === undefined || (methods as readonly string[]).includes(method.toUpperCase());
        const pathMatches = paths === undefined || paths.some((prefix) => path.startsWith(prefix));
        return methodMatches && pathMatches;
    }

    private countAgainstLimit(limit: number, now: number): InjectedFailure | undefined {
        const second = Math.floor(now / 1000);
        if (second !== this.window.second) {
            this.window = { second, count: 0 };
        }
        this.window.count += 1;
        if (this.window.count <= limit) return undefined;
        return { status: 429, message: "Too Many Attempts.", retryAfterSeconds: 1 };
    }
}
