// The bottom transport layer: one HTTP exchange, and the only code in the project that uses axios.
// It never throws for an HTTP status or a network failure; it reports how the attempt ended so the
// layers above can decide what to do.
import axios, { type AxiosResponseHeaders, type RawAxiosResponseHeaders } from "axios";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface HttpRequest {
    method: HttpMethod;
    /** Relative to the API base, already encoded, without the query string. */
    path: string;
    query?: Record<string, string>;
    body?: unknown;
}

/** What goes on the wire: a request plus its Authorization header, or the login's own URL. */
export interface Exchange extends HttpRequest {
    authorization?: string;
    /** An absolute URL that replaces the API base + path: the login lives outside the API base. */
    url?: string;
}

export type Attempt =
    | {
          kind: "response";
          status: number;
          text: string;
          retryAfter?: string;
          /** X-RateLimit-Limit: requests the API allows a minute, where it says (reported by `doctor`). */
          rateLimitLimit?: number;
          /** X-RateLimit-Remaining: requests left in the API's current minute, where it says. */
          rateLimitRemaining?: number;
          /** X-RateLimit-Reset: when that minute ends, epoch seconds, where it says. */
          rateLimitReset?: number;
      }
    /** `unsent`: no connection was made, so nothing reached the server. */
    | { kind: "network"; code: string; timedOut: boolean; unsent: boolean };

export type Transport = (request: Exchange, signal?: AbortSignal) => Promise<Attempt>;

// Failures to establish a connection at all: nothing was sent.
const CONNECT_FAILURES: ReadonlySet<string> = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

/** Bracketed keys stay literal (filter[name], Laravel's query builder); values are percent-encoded. */
export function withQuery(path: string, query: Record<string, string> = {}): string {
    const pairs = Object.entries(query).map(([key, value]) => `${key}=${encodeURIComponent(value)}`);
    return pairs.length === 0 ? path : `${path}?${pairs.join("&")}`;
}

function headerValue(headers: RawAxiosResponseHeaders | AxiosResponseHeaders, name: string): string | undefined {
    const value = headers[name];
    return value === undefined || value === null ? undefined : String(value);
}

function headerNumber(headers: RawAxiosResponseHeaders | AxiosResponseHeaders, name: string): number | undefined {
    const value = headerValue(headers, name)?.trim();
    return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

/** Node reports some connection failures as an AggregateError (one per address tried). */
function errorCode(error: unknown): string {
    const e = error as { code?: unknown; cause?: { code?: unknown }; errors?: { code?: unknown }[] } | undefined;
    const code = e?.code ?? e?.cause?.code ?? e?.errors?.[0]?.code;
    return typeof code === "string" ? code : "EUNKNOWN";
}

export interface HttpOptions {
    baseUrl: string;
    timeoutMs: number;
}

export function httpTransport({ baseUrl, timeoutMs }: HttpOptions): Transport {
    const http = axios.create({
        timeout: timeoutMs,
        // A redirect could carry the Authorization header somewhere unchecked; the API has no reason to redirect.
        maxRedirects: 0,
        validateStatus: () => true,
        responseType: "text",
        transformResponse: [(data: unknown) => data],
        transitional: { clarifyTimeoutError: true },
    });
    return async (request, signal) => {
        // axios's timeout watches an idle socket; this bounds the whole exchange.
        const deadline = AbortSignal.timeout(timeoutMs);
        const hasBody = request.body !== undefined;
        try {
            const response = await http.request<string>({
                method: request.method,
                url: withQuery(request.url ?? baseUrl + request.path, request.query),
                // Without Accept: application/json Fabric answers an expired token with a redirect, not a 401 (fact sheet 2.3).
                headers: {
                    Accept: "application/json",
                    ...(hasBody ? { "Content-Type": "application/json" } : {}),
                    ...(request.authorization ? { Authorization: request.authorization } : {}),
                },
                data: hasBody ? JSON.stringify(request.body) : undefined,
                signal: signal ? AbortSignal.any([deadline, signal]) : deadline,
            });
            return {
                kind: "response",
                status: response.status,
                text: typeof response.data === "string" ? response.data : "",
                retryAfter: headerValue(response.headers, "retry-after"),
                rateLimitLimit: headerNumber(response.headers, "x-ratelimit-limit"),
                rateLimitRemaining: headerNumber(response.headers, "x-ratelimit-remaining"),
                rateLimitReset: headerNumber(response.headers, "x-ratelimit-reset"),
            };
        } catch (error) {
            if (signal?.aborted) throw signal.reason;
            const timedOut = deadline.aborted || errorCode(error) === "ETIMEDOUT";
            const code = timedOut ? "ETIMEDOUT" : errorCode(error);
            return { kind: "network", code, timedOut, unsent: !timedOut && CONNECT_FAILURES.has(code) };
        }
    };
}
