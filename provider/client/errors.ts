// The one error the client throws. Its message reads as one line to a Pulumi user and is built
// from redacted text only; no axios object (which holds the request headers) is attached.
import { STATUS_CODES } from "node:http";
import { UserError } from "../errors";

export interface RequestContext {
    method: string;
    /** The API path without the query string. */
    path: string;
    /** How many times the request was sent. */
    attempts: number;
}

export class ApiError extends UserError {
    readonly method: string;
    readonly path: string;
    readonly attempts: number;
    /** The HTTP status of the last answer; undefined when no answer came. */
    readonly status?: number;
    /** `{ field: [reason] }` from a 4xx body; a 409 on delete names the services under `services`. */
    readonly fieldErrors: Record<string, string[]>;
    /** The request may have taken effect although it failed (lost connection, timeout, 5xx). */
    readonly uncertain: boolean;

    constructor(
        message: string,
        context: RequestContext,
        details: { status?: number; fieldErrors?: Record<string, string[]>; uncertain?: boolean } = {},
    ) {
        super(message);
        this.name = "ApiError";
        this.method = context.method;
        this.path = context.path;
        this.attempts = context.attempts;
        this.status = details.status;
        this.fieldErrors = details.fieldErrors ?? {};
        this.uncertain = details.uncertain ?? false;
    }
}

export function isNotFound(error: unknown): error is ApiError {
    return error instanceof ApiError && error.status === 404;
}

/** What a request answers; `undefined` when the record it asks for is not there (404). */
export async function unlessNotFound<T>(request: Promise<T>): Promise<T | undefined> {
    try {
        return await request;
    } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
    }
}

export function isConflict(error: unknown): error is ApiError {
    return error instanceof ApiError && error.status === 409;
}

type Redactor = (text: string) => string;

const CREDENTIALS_HINT = "Check patchworks:apiKey / PATCHWORKS_API_KEY (or patchworks:accessToken / PATCHWORKS_ACCESS_TOKEN)";

const MAX_SERVER_MESSAGE = 500;

function headline(context: RequestContext, status?: number): string {
    const statusPart = status === undefined ? "" : ` (${status})`;
    const attemptsPart = context.attempts > 1 ? ` after ${context.attempts} attempts` : "";
    return `Patchworks API ${context.method} ${context.path} failed${statusPart}${attemptsPart}`;
}

/** Servers send multi-line and HTML-sized messages; a Pulumi diagnostic wants one short line. */
function oneLine(text: string): string {
    const flat = text.replace(/\s+/g, " ").trim();
    return flat.length > MAX_SERVER_MESSAGE ? `${flat.slice(0, MAX_SERVER_MESSAGE)}…` : flat;
}

interface ErrorBody {
    message?: string;
    errors: Record<string, string[]>;
}

/** Reads `{ message, errors?: { field: [reason] } }`, tolerating anything else. */
function parseErrorBody(body: unknown): ErrorBody {
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

/** The error for a non-2xx answer the client will not (or may no longer) retry. */
export function errorFromResponse(context: RequestContext, status: number, body: unknown, redact: Redactor, uncertain: boolean): ApiError {
    const parsed = parseErrorBody(body);
    const fieldErrors = Object.fromEntries(
        Object.entries(parsed.errors).map(([field, reasons]) => [redact(field), reasons.map((r) => oneLine(redact(r)))]),
    );
    const summary = oneLine(redact(parsed.message ?? "")) || STATUS_CODES[status] || "unexpected status";
    const details = Object.entries(fieldErrors)
        .map(([field, reasons]) => `${field}: ${reasons.join(", ")}`)
        .join("; ");
    const detail = details ? `${summary.replace(/\.+$/, "")} — ${details}` : summary;
    let message = redact(`${headline(context, status)}: ${detail}`);
    if (status === 401 || status === 403) message = `${message.replace(/\.+$/, "")}. ${CREDENTIALS_HINT}.`;
    return new ApiError(message, context, { status, fieldErrors, uncertain });
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
    uncertain: boolean,
): ApiError {
    const what = failure.timedOut
        ? `the Patchworks API at ${apiUrl} timed out after ${timeoutMs} ms`
        : failure.unsent
          ? `could not reach the Patchworks API at ${apiUrl} (${failure.code})`
          : `lost the connection to the Patchworks API at ${apiUrl} (${failure.code})`;
    return new ApiError(redact(`${headline(context)}: ${what}`), context, { uncertain });
}

/** A 2xx whose body the client cannot use (not JSON, or missing fields). */
export function unexpectedResponseError(context: RequestContext, status: number, reason: string, redact: Redactor): ApiError {
    return new ApiError(redact(`Patchworks API ${context.method} ${context.path} returned ${status} with ${reason}`), context, {
        status,
    });
}
