// The log of API requests tests read through GET /__admin/requests: method, path from the server's
// root with its query, status, time and the authentication scheme used. Never a header value or a
// body, so no secret can end up in it.
import type { AuthScheme } from "./access";

export interface LoggedRequest {
    readonly method: string;
    readonly path: string;
    readonly status: number;
    /** When the answer was sent, ISO 8601 UTC. */
    readonly at: string;
    readonly auth: AuthScheme;
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
