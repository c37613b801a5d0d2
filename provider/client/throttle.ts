// A transport layer that caps requests in flight (so a large stack does not trip the API's rate
// limit on its own) and holds every request back while the API has asked the client to wait.
import pLimit from "p-limit";
import type { Clock } from "./clock";
import type { Transport } from "./http";

export interface Throttle {
    transport: Transport;
    /** No request of this client is sent before `time` (ms since the epoch, the clock's). */
    pauseUntil(time: number): void;
}

export function throttle(inner: Transport, maxConcurrency: number, clock: Clock): Throttle {
    const slots = pLimit(maxConcurrency);
    let pausedUntil = 0;
    const unpaused = async (signal?: AbortSignal) => {
        for (let now = clock.now(); now < pausedUntil; now = clock.now()) await clock.sleep(pausedUntil - now, signal);
    };
    return {
        // A slot is held only while a request is in flight or about to be, never while waiting to retry.
        transport: (request, signal) =>
            slots(async () => {
                await unpaused(signal);
                return inner(request, signal);
            }),
        pauseUntil(time) {
            pausedUntil = Math.max(pausedUntil, time);
        },
    };
}
