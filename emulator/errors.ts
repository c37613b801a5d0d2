// Fabric's error answers (fact sheet 3.0): Laravel 6 bodies `{ message }`, and for validation
// `{ message: "The given data was invalid.", errors: { field: [text] } }`. One throwable type so
// every route fails the same way and the server renders it in one place.

export type FieldErrors = Record<string, string[]>;

export class FabricError extends Error {
    constructor(
        readonly status: number,
        message: string,
        readonly errors?: FieldErrors,
    ) {
        super(message);
        this.name = "FabricError";
    }

    body(): { message: string; errors?: FieldErrors } {
        return this.errors ? { message: this.message, errors: this.errors } : { message: this.message };
    }
}

export const INVALID_DATA = "The given data was invalid.";

export function unauthenticated(): FabricError {
    return new FabricError(401, "Unauthenticated.");
}

/** A policy's plain denial (fact sheet 2.7). */
export function unauthorized(): FabricError {
    return new FabricError(403, "This action is unauthorized.");
}

/** Any uncaught exception with debug off (fact sheet 3.0). */
export function serverError(): FabricError {
    return new FabricError(500, "Server Error");
}

/** Route-model binding's 404: `No query results for model [App\Models\...] 12`, or ending "." without an id. */
export function modelNotFound(model: string, id?: string | number): FabricError {
    return new FabricError(404, `No query results for model [${model}]${id === undefined ? "." : ` ${id}`}`);
}

export const MODELS = {
    integration: "App\\Models\\Fabric\\Integration",
    connector: "App\\Models\\Tapestry\\Connector",
    service: "App\\Models\\Tapestry\\Service",
    system: "App\\Models\\Fabric\\System",
    serviceTemplate: "App\\Models\\Fabric\\ServiceTemplate",
} as const;

/** Collects Laravel validation messages; `check()` throws the 422 when any were added. */
export class Validation {
    readonly errors: FieldErrors = {};

    add(field: string, message: string): void {
        this.errors[field] ??= [];
        this.errors[field].push(message);
    }

    has(field: string): boolean {
        return this.errors[field] !== undefined;
    }

    check(): void {
        if (Object.keys(this.errors).length > 0) {
            throw new FabricError(422, INVALID_DATA, this.errors);
        }
    }
}
