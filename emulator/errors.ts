// The API's error shape, `{ message, errors?: { field: [reason] } }`, as one throwable type, so
// route handlers and the store can fail with a status and the server renders it in one place.

export type FieldErrors = Record<string, string[]>;

export class ApiError extends Error {
    constructor(
        readonly statusCode: number,
        message: string,
        readonly errors?: FieldErrors,
    ) {
        super(message);
        this.name = "ApiError";
    }

    body(): { message: string; errors?: FieldErrors } {
        return this.errors ? { message: this.message, errors: this.errors } : { message: this.message };
    }
}

export function notFound(message: string): ApiError {
    return new ApiError(404, message);
}

export function conflict(message: string, errors?: FieldErrors): ApiError {
    return new ApiError(409, message, errors);
}

/** 422 with one entry per failing field; the message summarises so a log line alone is useful. */
export function validationFailed(errors: FieldErrors): ApiError {
    const fields = Object.keys(errors);
    return new ApiError(422, `The given data was invalid: ${fields.join(", ")}`, errors);
}

/** Collects field errors for one 422; a field keeps every reason found for it. */
export class Problems {
    readonly errors: FieldErrors = {};

    add(field: string, reason: string): void {
        this.errors[field] ??= [];
        this.errors[field].push(reason);
    }

    throwIfAny(): void {
        if (Object.keys(this.errors).length > 0) {
            throw validationFailed(this.errors);
        }
    }
}

/** The request body as an object, or a 422 naming `body`. */
export function asObjectBody(body: unknown): Record<string, unknown> {
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
        throw validationFailed({ body: ["the request body must be a JSON object"] });
    }
    return body as Record<string, unknown>;
}
