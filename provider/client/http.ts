// The bottom transport layer: one HTTP exchange, and the only code in the project that opens a
// connection to the API. It never throws for an HTTP status or a network failure; it reports how
// the attempt ended so the layers above can decide what to do. Node's own http and https, not a
// library: the provider process has them loaded already, where axios (used before) cost each
// provider process 6.5 MiB of memory and 73 modules, for the one exchange this module makes.
import http from "node:http";
import https from "node:https";
import zlib from "node:zlib";

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

function headerValue(headers: http.IncomingHttpHeaders, name: string): string | undefined {
    const value = headers[name];
    return value === undefined ? undefined : Array.isArray(value) ? value.join(", ") : value;
}

function headerNumber(headers: http.IncomingHttpHeaders, name: string): number | undefined {
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
    /** Where HTTP_PROXY, HTTPS_PROXY and NO_PROXY are read; the process environment unless a test says otherwise. */
    proxyEnv?: NodeJS.ProcessEnv;
}

interface Answer {
    status: number;
    headers: http.IncomingHttpHeaders;
    body: Buffer;
}

/** The compressions the transport asks for, and how each is undone. */
const DECOMPRESS: Readonly<Record<string, (body: Buffer) => Buffer>> = {
    gzip: (body) => zlib.gunzipSync(body),
    br: (body) => zlib.brotliDecompressSync(body),
};
const ACCEPT_ENCODING = Object.keys(DECOMPRESS).join(", ");

/** The body as text; one that cannot be decompressed reads as empty, so the layers above report a body that is not JSON. */
function bodyText({ headers, body }: Answer): string {
    const encoding = headerValue(headers, "content-encoding")?.trim().toLowerCase();
    const decompress = encoding ? DECOMPRESS[encoding] : undefined;
    if (!decompress || body.length === 0) return body.toString("utf8");
    try {
        return decompress(body).toString("utf8");
    } catch {
        return "";
    }
}

/** One request and its whole answer; rejects with the socket's or the signal's error. */
function exchange(url: URL, agent: http.Agent, request: Exchange, signal: AbortSignal): Promise<Answer> {
    return new Promise((resolve, reject) => {
        const body = request.body === undefined ? undefined : JSON.stringify(request.body);
        const send = url.protocol === "https:" ? https.request : http.request;
        const outgoing = send(
            url,
            {
                method: request.method,
                agent,
                signal,
                // Without Accept: application/json Fabric answers an expired token with a redirect, not a 401 (fact sheet 2.3).
                headers: {
                    Accept: "application/json",
                    "Accept-Encoding": ACCEPT_ENCODING,
                    "User-Agent": "pulumi-patchworks",
                    ...(body === undefined ? {} : { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) }),
                    ...(request.authorization ? { Authorization: request.authorization } : {}),
                },
            },
            // Redirects are not followed: one could carry the Authorization header somewhere unchecked.
            (incoming) => {
                const chunks: Buffer[] = [];
                incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
                incoming.on("end", () =>
                    resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: Buffer.concat(chunks) }),
                );
                incoming.on("error", reject);
            },
        );
        outgoing.on("error", reject);
        outgoing.end(body);
    });
}

export function httpTransport({ baseUrl, timeoutMs, proxyEnv = process.env }: HttpOptions): Transport {
    // Connections kept alive between requests, and the environment's proxy honoured as axios did
    // (`proxyEnv`: Node 22.21 and 24.5 on; older versions ignore it).
    const options = { keepAlive: true, proxyEnv } as http.AgentOptions;
    const agents: Record<string, http.Agent> = { "http:": new http.Agent(options), "https:": new https.Agent(options) };
    return async (request, signal) => {
        // Bounds the whole exchange, from the connection to the last byte of the answer.
        const deadline = AbortSignal.timeout(timeoutMs);
        try {
            const url = new URL(withQuery(request.url ?? baseUrl + request.path, request.query));
            const answer = await exchange(url, agents[url.protocol], request, signal ? AbortSignal.any([deadline, signal]) : deadline);
            return {
                kind: "response",
                status: answer.status,
                text: bodyText(answer),
                retryAfter: headerValue(answer.headers, "retry-after"),
                rateLimitLimit: headerNumber(answer.headers, "x-ratelimit-limit"),
                rateLimitRemaining: headerNumber(answer.headers, "x-ratelimit-remaining"),
                rateLimitReset: headerNumber(answer.headers, "x-ratelimit-reset"),
            };
        } catch (error) {
            if (signal?.aborted) throw signal.reason;
            const timedOut = deadline.aborted || errorCode(error) === "ETIMEDOUT";
            const code = timedOut ? "ETIMEDOUT" : errorCode(error);
            return { kind: "network", code, timedOut, unsent: !timedOut && CONNECT_FAILURES.has(code) };
        }
    };
}
