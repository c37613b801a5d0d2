// The log of /api/v1 requests that tests read through GET /__admin/requests. It holds the method,
// path (with query) and status only: never a body or a header, so no secret can end up in it.

export interface LoggedRequest {
    readonly method: string;
    readonly path: string;
    readonly status: number;
    /** When the response was sent, ISO 8601 UTC. */
    readonly at: string;
}

// Enough for any test; the bound keeps a long-running emulator's memory flat.
const MAX_ENTRIES = 10_000;

/** How many /api/v1 requests were being served at once: now, and at most since the last clear. */
export interface InFlight {
    readonly inFlight: number;
    readonly maxInFlight: number;
}

export class RequestLog {
    private entries: LoggedRequest[] = [];
    private inFlight = 0;
    private maxInFlight = 0;

    begin(): void {
        this.inFlight += 1;
        this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    }

    end(): void {
        this.inFlight = Math.max(0, this.inFlight - 1);
    }

    concurrency(): InFlight {
        return { inFlight: this.inFlight, maxInFlight: this.maxInFlight };
    }

    record(entry: LoggedRequest): void {
        this.entries.push(entry);
        if (this.entries.length > MAX_ENTRIES) {
            this.entries.splice(0, this.entries.length - MAX_ENTRIES);
        }
    }

    list(): readonly LoggedRequest[] {
        return [...this.entries];
    }

    clear(): void {
        this.entries = [];
        this.maxInFlight = this.inFlight;
    }
}
