// Errors meant for the person running Pulumi, and what becomes of the ones that are not.

/**
 * One line that says what happened and what to do. The dynamic-provider host prints
 * `${error}: ${error.stack}` for failures of check, diff, read and delete; a user-facing error has
 * no stack worth showing, so both render as the message alone.
 */
export class UserError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UserError";
        this.stack = "";
    }

    override toString(): string {
        return this.message;
    }
}

/** Why every wait and request of a cancelled run stops: a request it cuts short may have taken effect. */
export class RunCancelled extends UserError {
    constructor() {
        super("the Pulumi run was cancelled");
        this.name = "RunCancelled";
    }
}

export function messageOf(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
}

/**
 * A failure nobody planned for is a bug of this package: say so, and keep the stack that finds it.
 * `redact` removes every secret the process has seen from the message and the stack.
 */
export function asUnexpected(error: unknown, redact: (text: string) => string): Error {
    const wrapped = new Error(redact(`pulumi-patchworks internal error (please report it with this message): ${messageOf(error)}`));
    const stack = error instanceof Error ? error.stack : undefined;
    wrapped.stack = stack ? redact(stack) : wrapped.message;
    return wrapped;
}
