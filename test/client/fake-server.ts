// A scripted in-process HTTP server for the HTTP layer's own tests: what a real socket does that
// neither the emulator nor a scripted transport can (redirects, raw bodies, a request that is never
// answered, a connection dropped mid-request), and what the client put on the wire.
import http from "node:http";
import type { AddressInfo } from "node:net";

/** Where the fake serves the API, as the emulator does; the login routes are beside it (/api/login, /api/v1/login). */
const API_PREFIX = "/api/v2";

export interface RecordedRequest {
    method: string;
    /** The request target exactly as sent, query included, before any decoding. */
    rawUrl: string;
    /** The path below /api/v2, without the query; other paths (the logins) from the root. */
    path: string;
    headers: http.IncomingHttpHeaders;
    /** The body as sent. */
    text: string;
}

/** The parsed JSON body of a recorded request. */
export function jsonBody(request: RecordedRequest): unknown {
    return JSON.parse(request.text);
}

interface Reply {
    status: number;
    /** Serialised as JSON unless `raw` is given. */
    body?: unknown;
    /** Sent as is (bytes: a compressed body, with its content-encoding header). */
    raw?: string | Buffer;
    headers?: Record<string, string>;
}

/**
 * "hang" accepts the request and never answers; "stall" sends a 200's headers and the start of a
 * body, then nothing more; "reset" drops the connection once the request is read.
 */
export type Answer = Reply | "hang" | "stall" | "reset";

export class FakeServer {
    readonly requests: RecordedRequest[] = [];
    private readonly queue: Answer[] = [];
    private fallback: Answer = { status: 500, body: { message: "fake server: nothing scripted for this request" } };
    private router?: (request: RecordedRequest) => Answer | undefined;

    private constructor(private readonly server: http.Server) {}

    static async start(): Promise<FakeServer> {
        const server = http.createServer();
        const fake = new FakeServer(server);
        server.on("request", (req, res) => void fake.handle(req, res));
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        return fake;
    }

    get url(): string {
        const { port } = this.server.address() as AddressInfo;
        return `http://127.0.0.1:${port}`;
    }

    get apiUrl(): string {
        return `${this.url}${API_PREFIX}`;
    }

    /** Answers the next requests in order, one answer each. */
    answerNext(...answers: Answer[]): this {
        this.queue.push(...answers);
        return this;
    }

    /** Answers the requests it returns an answer for, before the queue (a route, such as the login). */
    route(router: (request: RecordedRequest) => Answer | undefined): this {
        this.router = router;
        return this;
    }

    /** Answers every request once the queue is empty. */
    answerRest(answer: Answer): this {
        this.fallback = answer;
        return this;
    }

    async close(): Promise<void> {
        this.server.closeAllConnections();
        await new Promise<void>((resolve) => this.server.close(() => resolve()));
    }

    private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        const rawUrl = req.url ?? "/";
        const pathname = rawUrl.split("?")[0];
        const recorded: RecordedRequest = {
            method: req.method ?? "GET",
            rawUrl,
            path: pathname.startsWith(API_PREFIX) ? pathname.slice(API_PREFIX.length) : pathname,
            headers: req.headers,
            text: Buffer.concat(chunks).toString("utf8"),
        };
        this.requests.push(recorded);
        const answer = this.router?.(recorded) ?? this.queue.shift() ?? this.fallback;
        if (answer === "hang") return;
        if (answer === "stall") {
            res.writeHead(200, { "content-type": "application/json" });
            res.write('{"data":[');
            return;
        }
        if (answer === "reset") {
            req.socket.destroy();
            return;
        }
        const text = answer.raw ?? (answer.body === undefined ? "" : JSON.stringify(answer.body));
        res.writeHead(answer.status, { "content-type": answer.raw === undefined ? "application/json" : "text/html", ...answer.headers });
        res.end(text);
    }
}

/** A port on 127.0.0.1 that nothing listens on, so connecting to it is refused. */
export async function closedPort(): Promise<number> {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
}
