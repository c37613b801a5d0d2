// The one error the client throws. Its message reads as one line to a Pulumi user and is built
// from redacted text only; no request object (which holds the request headers) is attached.
import { STATUS_CODES } from "node:http";
import { UserError } from "../errors";

export interface RequestContext {
    method: string;
    /** The API path without the query string. */
    path: string;
    /** How many times the request was sent. */
    attempts: number;
    /** A connector create or update, which Patchworks answers after checking credentials with the remote system. */
    verifiesCredentials?: boolean;
}

export class ApiError extends UserError {
    readonly method: string;
    readonly path: string;
    readonly attempts: number;
    readonly verifiesCredentials: boolean;
    /** The HTTP status of the last answer; undefined when no answer came. */
    readonly status?: number;
    /** Laravel's `errors`: `{ field: [reason] }`, redacted. */
    readonly fieldErrors: Record<string, string[]>;
    /** Laravel's top-level `message`, redacted and on one line; undefined when the body had none. */
    readonly serverMessage?: string;
    /** The request may have taken effect although it failed (lost connection, timeout, 5xx). */
    readonly uncertain: boolean;

    constructor(message: string, context: RequestContext, details: ErrorDetails = {}) {
        super(message);
        this.name = "ApiError";
        this.method = context.method;
        this.path = context.path;
        this.attempts = context.attempts;
        this.verifiesCredentials = context.verifiesCredentials ?? false;
        this.status = details.status;
        this.fieldErrors = details.fieldErrors ?? {};
        this.serverMessage = details.serverMessage;
        this.uncertain = details.uncertain ?? false;
    }
}

export interface ErrorDetails {
    status?: number;
    fieldErrors?: Record<string, string[]>;
    serverMessage?: string;
    uncertain?: boolean;
}

/** Fabric's answer to a missing, bad, expired or revoked token (fact sheet 2.3). */
const UNAUTHENTICATED = "Unauthenticated.";

/** Whether an answer says the session's token is not (or no longer) accepted: the one 401 a new login cures. */
export function isUnauthenticated(status: number, serverMessage: string | undefined): boolean {
    return status === 401 && serverMessage === UNAUTHENTICATED;
}

/**
 * Fabric's own refusals (fact sheet 2.3, 3.0), as opposed to a remote system's 401/403 that a
 * connector's credential check passes on. Compared without the final full stop.
 */
const FABRIC_REFUSALS = [
    UNAUTHENTICATED,
    "This action is unauthorized.",
    "You are not authorised to create a connector.",
    "Invalid scope(s) provided.",
    "Your account is not associated with a company.",
    "User does not have the correct role",
].map((text) => text.replace(/\.$/, ""));

/** An empty message counts as Fabric's own: a remote system's refusal always comes with its text. */
function isFabricRefusal(serverMessage: string | undefined): boolean {
    const message = (serverMessage ?? "").replace(/\.$/, "");
    return message === "" || FABRIC_REFUSALS.includes(message);
}

/**
 * Whether a connector create or update failed because the credentials did not pass Patchworks'
 * check with the remote system (fact sheet 3.1): a 500 (how Fabric's "Invalid credentials" most
 * likely surfaces, or Patchworks failed: the caller names both), a 422 without field errors (the
 * checker's own aborts: "Invalid credentials", "Missing required attribute `url`."; validation
 * always names fields), or a 401/403 that is not one of Fabric's own refusals.
 */
export function isCredentialCheckFailure(error: unknown): error is ApiError {
    if (!(error instanceof ApiError) || !error.verifiesCredentials || error.status === undefined) return false;
    if (error.status === 500) return true;
    if (error.status === 422) return Object.keys(error.fieldErrors).length === 0;
    return (error.status === 401 || error.status === 403) && !isFabricRefusal(error.serverMessage);
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

/** What to tell a user whose request Patchworks refused; the client knows the configured sign-in. */
export interface RefusalHints {
    /** After a 401 "Unauthenticated." the client could not cure. */
    unauthenticated: string;
    /** After a 403 from Patchworks itself. */
    forbidden: string;
}

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

/** Fabric answers an unknown route or a missing record with an empty message (fact sheet 3.0). */
function statusText(status: number): string {
    return status === 404 ? "not found" : STATUS_CODES[status] || "unexpected status";
}

/** The hint a refusal deserves: none for a remote system's refusal relayed by a credential check. */
function refusalHint(context: RequestContext, status: number, serverMessage: string | undefined, hints: RefusalHints): string | undefined {
    const fromFabric = !context.verifiesCredentials || isFabricRefusal(serverMessage);
    if (status === 401 && fromFabric) return hints.unauthenticated;
    if (status === 403 && fromFabric) return hints.forbidden;
    return undefined;
}

/** The error for a non-2xx answer the client will not (or may no longer) retry. */
export function errorFromResponse(
    context: RequestContext,
    status: number,
    body: unknown,
    redact: Redactor,
    uncertain: boolean,
    hints: RefusalHints,
): ApiError {
    const parsed = parseErrorBody(body);
    const fieldErrors = Object.fromEntries(
        Object.entries(parsed.errors).map(([field, reasons]) => [redact(field), reasons.map((r) => oneLine(redact(r)))]),
    );
    const serverMessage = parsed.message === undefined ? undefined : oneLine(redact(parsed.message));
    const summary = serverMessage || statusText(status);
    const details = Object.entries(fieldErrors)
        .map(([field, reasons]) => `${field}: ${reasons.join(", ")}`)
        .join("; ");
    const detail = details ? `${summary.replace(/\.+$/, "")} — ${details}` : summary;
    let message = redact(`${headline(context, status)}: ${detail}`);
    const hint = refusalHint(context, status, serverMessage, hints);
    if (hint) message = `${message.replace(/\.+$/, "")}. ${hint}`;
    return new ApiError(message, context, { status, fieldErrors, serverMessage, uncertain });
}

export interface NetworkFailure {
    code: string;
    timedOut: boolean;
    /** True when no connection was made, so nothing reached the server. */
    unsent: boolean;
}

/** How a request that got no answer ended, for a message about `where`. */
export function noAnswerText(where: string, failure: NetworkFailure, timeoutMs: number): string {
    if (failure.timedOut) return `${where} timed out after ${timeoutMs} ms`;
    return failure.unsent ? `could not reach ${where} (${failure.code})` : `lost the connection to ${where} (${failure.code})`;
}

export function networkError(
    context: RequestContext,
    apiUrl: string,
    failure: NetworkFailure,
    timeoutMs: number,
    redact: Redactor,
    uncertain: boolean,
): ApiError {
    const what = noAnswerText(`the Patchworks API at ${apiUrl}`, failure, timeoutMs);
    return new ApiError(redact(`${headline(context)}: ${what}`), context, { uncertain });
}

/** A 2xx whose body the client cannot use (not JSON, or missing fields). */
export function unexpectedResponseError(context: RequestContext, status: number, reason: string, redact: Redactor): ApiError {
    return new ApiError(redact(`Patchworks API ${context.method} ${context.path} returned ${status} with ${reason}`), context, {
        status,
    });
}
