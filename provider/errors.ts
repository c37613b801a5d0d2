// Errors meant for the person running Pulumi: one line that says what happened and what to do.

/**
 * The dynamic-provider host prints `${error}: ${error.stack}` for failures of diff, read and
 * delete; a user-facing error has no stack worth showing, so both render as the message alone.
 */
export class ConnectorError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "ConnectorError";
        this.stack = "";
    }

    override toString(): string {
        return this.message;
    }
}

export function messageOf(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
}
