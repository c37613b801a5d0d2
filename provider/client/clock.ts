// Time as the transport sees it: injected, so retry and rate-limit behaviour is tested in virtual
// time, and every wait can be cut short when the run is cancelled.
import { setTimeout as delay } from "node:timers/promises";

export interface Clock {
    now(): number;
    /** Resolves after `ms`, or rejects at once with the signal's reason when it aborts. */
    sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
    now: () => Date.now(),
    sleep: async (ms, signal) => {
        try {
            await delay(ms, undefined, { signal });
        } catch (error) {
            // Node rejects with its own AbortError; the run's reason (RunCancelled) is what the user should read.
            if (signal?.aborted) throw signal.reason;
            throw error;
        }
    },
};
