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

export class RequestLog {
    private entries: LoggedRequest[] = [];

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
    }
}
