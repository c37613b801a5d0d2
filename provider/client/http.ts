// The bottom transport layer: one HTTP exchange, and the only code in the project that uses axios.
// It never throws for an HTTP status or a network failure; it reports how the attempt ended so the
// layers above can decide what to do.
import axios, { type AxiosResponseHeaders, type RawAxiosResponseHeaders } from "axios";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface HttpRequest {
    method: HttpMethod;
    /** Relative to the API base, without the query string. */
    path: string;
    query?: Record<string, string>;
    body?: unknown;
}

export type Attempt =
    | { kind: "response"; status: number; text: string; retryAfter?: string }
    /** `unsent`: no connection was made, so nothing reached the server. */
    | { kind: "network"; code: string; timedOut: boolean; unsent: boolean };

export type Transport = (request: HttpRequest, signal?: AbortSignal) => Promise<Attempt>;

// Failures to establish a connection at all: nothing was sent.
const CONNECT_FAILURES: ReadonlySet<string> = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

/**
 * Bracketed keys stay literal (filter[system]) as the Core API's clients send them; values are
 * percent-encoded.
 */
export function withQuery(path: string, query: Record<string, string> = {}): string {
    const pairs = Object.entries(query).map(([key, value]) => `${key}=${encodeURIComponent(value)}`);
    return pairs.length === 0 ? path : `${path}?${pairs.join("&")}`;
}

function headerValue(headers: RawAxiosResponseHeaders | AxiosResponseHeaders, name: string): string | undefined {
    const value = headers[name];
    return value === undefined || value === null ? undefined : String(value);
}

/** Node reports some connection failures as an AggregateError (one per address tried). */
function errorCode(error: unknown): string {
    const e = error as { code?: unknown; cause?: { code?: unknown }; errors?: { code?: unknown }[] } | undefined;
    const code = e?.code ?? e?.cause?.code ?? e?.errors?.[0]?.code;
    return typeof code === "string" ? code : "EUNKNOWN";
}

export interface HttpOptions {
    baseUrl: string;
    authorization?: string;
    timeoutMs: number;
}

export function httpTransport({ baseUrl, authorization, timeoutMs }: HttpOptions): Transport {
    const http = axios.create({
        timeout: timeoutMs,
        // A redirect could carry the Authorization header somewhere unchecked; the API has no reason to redirect.
        maxRedirects: 0,
        validateStatus: () => true,
        responseType: "text",
        transformResponse: [(data: unknown) => data],
        transitional: { clarifyTimeoutError: true },
        headers: { Accept: "application/json", ...(authorization ? { Authorization: authorization } : {}) },
    });
    return async (request, signal) => {
        // axios's timeout watches an idle socket; this bounds the whole exchange.
        const deadline = AbortSignal.timeout(timeoutMs);
        try {
            const response = await http.request<string>({
                method: request.method,
                url: baseUrl + withQuery(request.path, request.query),
                data: request.body,
                signal: signal ? AbortSignal.any([deadline, signal]) : deadline,
            });
            return {
                kind: "response",
                status: response.status,
                text: typeof response.data === "string" ? response.data : "",
                retryAfter: headerValue(response.headers, "retry-after"),
            };
        } catch (error) {
            if (signal?.aborted) throw signal.reason;
            const timedOut = deadline.aborted || errorCode(error) === "ETIMEDOUT";
            const code = timedOut ? "ETIMEDOUT" : errorCode(error);
            return { kind: "network", code, timedOut, unsent: !timedOut && CONNECT_FAILURES.has(code) };
        }
    };
}
