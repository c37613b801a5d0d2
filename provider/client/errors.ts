// The errors the client throws. Each message reads as one line to a Pulumi user, and every one is
// built from redacted text only; no axios object (which holds the request headers) is attached.
import { STATUS_CODES } from "node:http";

/** Thrown before any request when the client's options are unusable or unsafe. */
export class ClientConfigError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "ClientConfigError";
    }
}

export interface RequestContext {
    method: string;
    /** The API path without the query string. */
    path: string;
    /** How many times the request was sent. */
    attempts: number;
}

export class PatchworksApiError extends Error {
    readonly status?: number;
    readonly method: string;
    readonly path: string;
    readonly attempts: number;

    constructor(message: string, context: RequestContext, status?: number) {
        super(message);
        this.name = new.target.name;
        this.method = context.method;
        this.path = context.path;
        this.attempts = context.attempts;
        this.status = status;
    }
}

export class UnauthorizedError extends PatchworksApiError {}

export class NotFoundError extends PatchworksApiError {}

export class ConflictError extends PatchworksApiError {
    /** The services that still use the connector, when the API names them. */
    readonly services?: string[];

    constructor(message: string, context: RequestContext, status: number, services?: string[]) {
        super(message, context, status);
        this.services = services;
    }
}

export class ValidationError extends PatchworksApiError {
    readonly fieldErrors: Record<string, string[]>;

    constructor(message: string, context: RequestContext, status: number, fieldErrors: Record<string, string[]>) {
        super(message, context, status);
        this.fieldErrors = fieldErrors;
    }
}

export class RateLimitedError extends PatchworksApiError {}

export class ServerError extends PatchworksApiError {}

export class NetworkError extends PatchworksApiError {
    /** The system error code, e.g. ECONNREFUSED or ETIMEDOUT. */
    readonly code: string;
    readonly timedOut: boolean;

    constructor(message: string, context: RequestContext, code: string, timedOut: boolean) {
        super(message, context);
        this.code = code;
        this.timedOut = timedOut;
    }
}

type Redactor = (text: string) => string;

const CREDENTIALS_HINT =
    "Check patchworks:apiKey / PATCHWORKS_API_KEY (or patchworks:accessToken / PATCHWORKS_ACCESS_TOKEN)";

const MAX_SERVER_MESSAGE = 500;

function headline(context: RequestContext, status?: number): string {
    const statusPart = status === undefined ? "" : ` (${status})`;
    const attemptsPart = context.attempts > 1 ? ` after ${context.attempts} attempts` : "";
    return `Patchworks API ${context.method} ${context.path} failed${statusPart}${attemptsPart}`;
}

/** Servers send multi-line and HTML-sized messages; a Pulumi diagnostic wants one short line. */
export function oneLine(text: string): string {
    const flat = text.replace(/\s+/g, " ").trim();
    return flat.length > MAX_SERVER_MESSAGE ? `${flat.slice(0, MAX_SERVER_MESSAGE)}…` : flat;
}

export interface ApiErrorBody {
    message?: string;
    errors: Record<string, string[]>;
}

/** Reads `{ message, errors?: { field: [reason] } }`, tolerating anything else. */
export function parseErrorBody(body: unknown): ApiErrorBody {
    if (typeof body !== "object" || body === null) return { errors: {} };
    const { message, errors } = body as { message?: unknown; errors?: unknown };
    const fieldErrors: Record<string, string[]> = {};
    if (typeof errors === "object" && errors !== null) {
        for (const [field, reasons] of Object.entries(errors)) {
            const list = Array.isArray(reasons) ? reasons : [reasons];
            fieldErrors[field] = list.filter((r): r is string => typeof r === "string");
        }
    }
    return { message: typeof message === "string" ? message : undefined, errors: fieldErrors };
}

function redactFieldErrors(errors: Record<string, string[]>, redact: Redactor): Record<string, string[]> {
    return Object.fromEntries(
        Object.entries(errors).map(([field, reasons]) => [redact(field), reasons.map((r) => oneLine(redact(r)))]),
    );
}

function formatFieldErrors(errors: Record<string, string[]>): string {
    return Object.entries(errors)
        .map(([field, reasons]) => `${field}: ${reasons.join(", ")}`)
        .join("; ");
}

function withoutTrailingPeriod(text: string): string {
    return text.replace(/\.+$/, "");
}

/** The error for a non-2xx response the client will not (or may no longer) retry. */
export function errorFromResponse(
    context: RequestContext,
    status: number,
    body: unknown,
    redact: Redactor,
): PatchworksApiError {
    const parsed = parseErrorBody(body);
    const fieldErrors = redactFieldErrors(parsed.errors, redact);
    const summary = oneLine(redact(parsed.message ?? "")) || STATUS_CODES[status] || "unexpected status";
    const details = formatFieldErrors(fieldErrors);
    const detail = details ? `${withoutTrailingPeriod(summary)} — ${details}` : summary;
    const message = redact(`${headline(context, status)}: ${detail}`);

    if (status === 401 || status === 403) {
        return new UnauthorizedError(`${withoutTrailingPeriod(message)}. ${CREDENTIALS_HINT}.`, context, status);
    }
    if (status === 404) return new NotFoundError(message, context, status);
    if (status === 409) return new ConflictError(message, context, status, fieldErrors.services);
    if (status === 422) return new ValidationError(message, context, status, fieldErrors);
    if (status === 429) return new RateLimitedError(message, context, status);
    if (status >= 500) return new ServerError(message, context, status);
    return new PatchworksApiError(message, context, status);
}

export interface NetworkFailure {
    code: string;
    timedOut: boolean;
    /** True when no connection was made, so nothing reached the server. */
    unsent: boolean;
}

export function networkError(
    context: RequestContext,
    apiUrl: string,
    failure: NetworkFailure,
    timeoutMs: number,
    redact: Redactor,
): NetworkError {
    const what = failure.timedOut
        ? `the Patchworks API at ${apiUrl} timed out after ${timeoutMs} ms`
        : failure.unsent
          ? `could not reach the Patchworks API at ${apiUrl} (${failure.code})`
          : `lost the connection to the Patchworks API at ${apiUrl} (${failure.code})`;
    return new NetworkError(redact(`${headline(context)}: ${what}`), context, failure.code, failure.timedOut);
}

/** A 2xx whose body the client cannot use (not JSON, or missing fields). */
export function unexpectedResponseError(
    context: RequestContext,
    status: number,
    reason: string,
    redact: Redactor,
): PatchworksApiError {
    const message = `Patchworks API ${context.method} ${context.path} returned ${status} with ${reason}`;
    return new PatchworksApiError(redact(message), context, status);
}
