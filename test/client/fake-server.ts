// A scripted in-process HTTP server: each test dictates exactly how every request is answered
// (status, body, headers, delay, or no answer at all) and then inspects what the client sent.
import http from "node:http";
import type { AddressInfo } from "node:net";

export const API_PREFIX = "/api/v1";

export interface RecordedRequest {
    method: string;
    /** The path below /api/v1, without the query. */
    path: string;
    query: URLSearchParams;
    headers: http.IncomingHttpHeaders;
    body: unknown;
    /** performance.now() when the request arrived. */
    receivedAt: number;
}

export interface Reply {
    status: number;
    body?: unknown;
    headers?: Record<string, string>;
    /** Answer only after this long (the client may have given up by then). */
    delayMs?: number;
}

/** "hang" accepts the request and never answers. */
export type Answer = Reply | "hang";

export type Script = Answer | ((request: RecordedRequest) => Answer);

export class FakeServer {
    readonly requests: RecordedRequest[] = [];
    /** The most requests that were ever being handled at once. */
    maxInFlight = 0;
    private inFlight = 0;
    private readonly queue: Script[] = [];
    private fallback: Script = { status: 500, body: { message: "fake server: nothing scripted for this request" } };
    private readonly timers = new Set<NodeJS.Timeout>();

    private constructor(private readonly server: http.Server) {}

    static async start(): Promise<FakeServer> {
        const server = http.createServer();
        const fake = new FakeServer(server);
        server.on("request", (req, res) => void fake.handle(req, res));
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        return fake;
    }

    get apiUrl(): string {
        const { port } = this.server.address() as AddressInfo;
        return `http://127.0.0.1:${port}${API_PREFIX}`;
    }

    /** Answers the next requests in order, one script each. */
    answerNext(...scripts: Script[]): this {
        this.queue.push(...scripts);
        return this;
    }

    /** Answers every request once the queue is empty. */
    answerRest(script: Script): this {
        this.fallback = script;
        return this;
    }

    requestsFor(method: string, path?: string): RecordedRequest[] {
        return this.requests.filter((r) => r.method === method && (path === undefined || r.path === path));
    }

    async close(): Promise<void> {
        for (const timer of this.timers) clearTimeout(timer);
        this.server.closeAllConnections();
        await new Promise<void>((resolve) => this.server.close(() => resolve()));
    }

    private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
        this.inFlight++;
        this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
        res.on("close", () => this.inFlight--);

        const request = await this.record(req);
        const script = this.queue.shift() ?? this.fallback;
        const answer = typeof script === "function" ? script(request) : script;
        if (answer === "hang") return;

        const send = () => {
            if (res.destroyed) return;
            const text = answer.body === undefined ? "" : JSON.stringify(answer.body);
            res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
            res.end(text);
        };
        if (!answer.delayMs) return send();
        const timer = setTimeout(() => {
            this.timers.delete(timer);
            send();
        }, answer.delayMs);
        this.timers.add(timer);
    }

    private async record(req: http.IncomingMessage): Promise<RecordedRequest> {
        const receivedAt = performance.now();
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        const text = Buffer.concat(chunks).toString("utf8");
        const url = new URL(req.url ?? "/", "http://fake");
        const request: RecordedRequest = {
            method: req.method ?? "GET",
            path: url.pathname.startsWith(API_PREFIX) ? url.pathname.slice(API_PREFIX.length) : url.pathname,
            query: url.searchParams,
            headers: req.headers,
            body: text === "" ? undefined : JSON.parse(text),
            receivedAt,
        };
        this.requests.push(request);
        return request;
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
