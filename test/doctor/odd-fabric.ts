// A Fabric that answers differently from the evidence: a server in front of the emulator that
// passes each request on and rewrites the answers a test names (another shape, another status,
// other headers). Everything else is the emulator's own answer.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Json } from "../support/fabric-http";

export interface Answer {
    status: number;
    body: Json;
    headers: Record<string, string>;
}

/** Rewrites the emulator's answer; keyed by method and path without the query ("GET /api/v2/systems"). */
export type Rewrite = (answer: Answer) => Answer;

export interface OddFabric {
    /** The server's root; the API is under /api/v2 as on the emulator. */
    url: string;
    stop(): Promise<void>;
}

export async function startOddFabric(emulatorUrl: string, rewrites: Record<string, Rewrite>): Promise<OddFabric> {
    const server = http.createServer((request, response) => {
        let body = "";
        request.on("data", (chunk: Buffer) => (body += chunk.toString()));
        request.on("end", async () => {
            const url = new URL(request.url ?? "/", "http://localhost");
            const headers: Record<string, string> = {};
            for (const name of ["authorization", "accept", "content-type"]) {
                const value = request.headers[name];
                if (typeof value === "string") headers[name] = value;
            }
            const upstream = await fetch(`${emulatorUrl}${request.url}`, {
                method: request.method,
                headers,
                body: body === "" ? undefined : body,
            });
            const text = await upstream.text();
            let answer: Answer = {
                status: upstream.status,
                body: text === "" ? undefined : JSON.parse(text),
                headers: Object.fromEntries(
                    [...upstream.headers.entries()].filter(([name]) => name.startsWith("x-ratelimit") || name === "retry-after"),
                ),
            };
            const rewrite = rewrites[`${request.method} ${url.pathname}`];
            if (rewrite) answer = rewrite(answer);
            response.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
            response.end(answer.body === undefined ? "" : JSON.stringify(answer.body));
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return {
        url: `http://127.0.0.1:${port}`,
        stop: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
    };
}
