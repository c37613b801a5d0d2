// The HTTP layer against a real socket: what goes on the wire, and how each way an exchange can end
// is reported. Nothing here waits on a race: a request that must time out is never answered.
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { PatchworksClient } from "../../provider/client";
import { httpTransport, type Attempt, type HttpOptions } from "../../provider/client/http";
import { settingsFor, type Settings } from "../../provider/settings";
import { closedPort, FakeServer } from "./fake-server";
import { API_KEY, get, rejectionOf } from "./fixtures";

describe("HTTP layer", () => {
    let server: FakeServer;

    beforeEach(async () => {
        server = await FakeServer.start();
    });

    afterEach(async () => {
        await server.close();
    });

    function transport(options: Partial<HttpOptions> = {}) {
        return httpTransport({ baseUrl: server.apiUrl, timeoutMs: 10_000, ...options });
    }

    /** A client over real HTTP to the fake server, with no waits between retries. */
    function client(settings: Partial<Settings> = {}): PatchworksClient {
        return new PatchworksClient(settingsFor({ apiUrl: server.apiUrl, apiKey: API_KEY, retryBaseMs: 0, maxRetries: 0, ...settings }));
    }

    describe("what it sends", () => {
        it("sends the Authorization it is given, Accept: application/json, and a body as JSON", async () => {
            server.answerNext({ status: 201, body: { data: {} } });
            await transport()({ method: "POST", path: "/connectors", body: { connectorName: "Shopify UK" }, authorization: API_KEY });
            const [request] = server.requests;
            assert.deepEqual([request.method, request.rawUrl], ["POST", "/api/v2/connectors"]);
            assert.equal(request.headers.authorization, API_KEY);
            assert.equal(request.headers.accept, "application/json");
            assert.match(String(request.headers["content-type"]), /^application\/json/);
            assert.deepEqual(JSON.parse(request.text), { connectorName: "Shopify UK" });
        });

        it("names itself, and asks for a compressed answer it can undo", async () => {
            server.answerNext({ status: 200, body: {} });
            await transport()({ method: "GET", path: "/connectors" });
            assert.equal(server.requests[0].headers["user-agent"], "pulumi-patchworks");
            assert.equal(server.requests[0].headers["accept-encoding"], "gzip, br");
        });

        it("goes through the proxy the environment names, and not for a host NO_PROXY lists", async () => {
            const proxy = await FakeServer.start();
            try {
                proxy.answerRest({ status: 200, body: { via: "proxy" } });
                server.answerRest({ status: 200, body: { via: "direct" } });
                const through = await transport({ proxyEnv: { HTTP_PROXY: proxy.url } })({ method: "GET", path: "/connectors" });
                assert.equal(through.kind === "response" && JSON.parse(through.text).via, "proxy");
                // A forward proxy is sent the whole URL.
                assert.deepEqual(
                    proxy.requests.map((r) => r.rawUrl),
                    [`${server.apiUrl}/connectors`],
                );
                const bypassed = await transport({ proxyEnv: { HTTP_PROXY: proxy.url, NO_PROXY: "127.0.0.1" } })({
                    method: "GET",
                    path: "/connectors",
                });
                assert.equal(bypassed.kind === "response" && JSON.parse(bypassed.text).via, "direct");
                assert.equal(proxy.requests.length, 1);
            } finally {
                await proxy.close();
            }
        });

        it("asks the proxy HTTPS_PROXY names for a tunnel to an https API", async () => {
            // Fabric is https: the proxy is asked to CONNECT, and the client never resolves the host itself.
            const proxy = http.createServer();
            const tunnels: string[] = [];
            proxy.on("connect", (request: http.IncomingMessage, socket: { destroy(): void }) => {
                tunnels.push(request.url ?? "");
                socket.destroy();
            });
            await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
            try {
                const { port } = proxy.address() as AddressInfo;
                const attempt = await transport({
                    baseUrl: "https://patchworks.invalid/fabric/api/v2",
                    proxyEnv: { HTTPS_PROXY: `http://127.0.0.1:${port}` },
                })({ method: "GET", path: "/connectors" });
                assert.deepEqual(tunnels, ["patchworks.invalid:443"]);
                assert.equal(attempt.kind, "network", "the proxy closed the tunnel");
            } finally {
                await new Promise<void>((resolve) => proxy.close(() => resolve()));
            }
        });

        it("sends no Authorization when it is given none (a login)", async () => {
            server.answerNext({ status: 200, body: {} });
            await transport()({ method: "POST", path: `${server.url}/api/login`, url: `${server.url}/api/login`, body: {} });
            assert.deepEqual([server.requests[0].rawUrl, server.requests[0].headers.authorization], ["/api/login", undefined]);
        });

        it("sends an id's encoded | as it is given", async () => {
            server.answerNext({ status: 200, body: {} });
            await transport()({ method: "GET", path: "/connectors/uk_store%7C12" });
            assert.equal(server.requests[0].rawUrl, "/api/v2/connectors/uk_store%7C12");
        });
    });

    describe("how an exchange ends", () => {
        it("reports any status with the body as sent and the Retry-After header", async () => {
            const page = "<html><body>Service Unavailable</body></html>";
            server.answerNext({ status: 503, raw: page, headers: { "retry-after": "120" } });
            const attempt = await transport()({ method: "GET", path: "/connectors" });
            assert.deepEqual(attempt, {
                kind: "response",
                status: 503,
                text: page,
                retryAfter: "120",
                rateLimitLimit: undefined,
                rateLimitRemaining: undefined,
                rateLimitReset: undefined,
            });
        });

        const body = JSON.stringify({ data: [{ id: "uk_store|12", connectorName: "Shopify UK – live" }] });
        for (const { encoding, raw } of [
            { encoding: "gzip", raw: gzipSync(body) },
            { encoding: "br", raw: brotliCompressSync(body) },
            { encoding: "identity", raw: Buffer.from(body) },
        ]) {
            it(`reads a ${encoding} answer as the JSON it holds`, async () => {
                server.answerNext({ status: 200, raw, headers: { "content-encoding": encoding, "content-type": "application/json" } });
                const attempt = await transport()({ method: "GET", path: "/connectors" });
                assert.equal(attempt.kind === "response" && attempt.text, body);
            });
        }

        it("reads an answer that does not decompress as empty, keeping its status", async () => {
            server.answerNext({ status: 201, raw: Buffer.from("not gzip at all"), headers: { "content-encoding": "gzip" } });
            const attempt = await transport()({ method: "POST", path: "/connectors", body: {} });
            assert.deepEqual(attempt.kind === "response" && [attempt.status, attempt.text], [201, ""]);
        });

        it("reports Fabric's rate-limit headers", async () => {
            server.answerNext({
                status: 429,
                body: { message: "Too Many Attempts." },
                headers: {
                    "retry-after": "41",
                    "x-ratelimit-limit": "60",
                    "x-ratelimit-remaining": "0",
                    "x-ratelimit-reset": "1750000000",
                },
            });
            const attempt = await transport()({ method: "GET", path: "/connectors" });
            assert.deepEqual(attempt, {
                kind: "response",
                status: 429,
                text: JSON.stringify({ message: "Too Many Attempts." }),
                retryAfter: "41",
                rateLimitLimit: 60,
                rateLimitRemaining: 0,
                rateLimitReset: 1_750_000_000,
            });
        });

        for (const { status, method } of [
            { status: 302, method: "GET" as const },
            { status: 307, method: "POST" as const },
            { status: 308, method: "PATCH" as const },
        ]) {
            it(`does not follow a ${status} on ${method}, so the Authorization header goes nowhere else`, async () => {
                const elsewhere = await FakeServer.start();
                try {
                    server.answerNext({ status, headers: { location: `${elsewhere.apiUrl}/connectors` } });
                    const attempt = await transport()({
                        method,
                        path: "/connectors",
                        body: method === "GET" ? undefined : { name: "x" },
                    });
                    assert.equal(attempt.kind === "response" && attempt.status, status);
                    assert.equal(elsewhere.requests.length, 0);
                } finally {
                    await elsewhere.close();
                }
            });
        }

        const failures: { name: string; arrange: () => Promise<Partial<HttpOptions>>; expected: (a: Attempt) => void }[] = [
            {
                name: "a request never answered times out, possibly sent",
                arrange: async () => {
                    server.answerRest("hang");
                    return { timeoutMs: 50 };
                },
                expected: (a) => assert.deepEqual(a, { kind: "network", code: "ETIMEDOUT", timedOut: true, unsent: false }),
            },
            {
                name: "an answer that stops halfway times out, sent",
                arrange: async () => {
                    server.answerRest("stall");
                    return { timeoutMs: 50 };
                },
                expected: (a) => assert.deepEqual(a, { kind: "network", code: "ETIMEDOUT", timedOut: true, unsent: false }),
            },
            {
                name: "a connection dropped after the request was read is lost, possibly sent",
                arrange: async () => {
                    server.answerRest("reset");
                    return {};
                },
                expected: (a) => assert.deepEqual(a, { kind: "network", code: "ECONNRESET", timedOut: false, unsent: false }),
            },
            {
                name: "a refused connection is unsent",
                arrange: async () => ({ baseUrl: `http://127.0.0.1:${await closedPort()}/api/v2` }),
                expected: (a) => assert.deepEqual(a, { kind: "network", code: "ECONNREFUSED", timedOut: false, unsent: true }),
            },
            {
                // .invalid never resolves (RFC 2606); a resolver may say so as ENOTFOUND or EAI_AGAIN.
                name: "an unknown host is unsent",
                arrange: async () => ({ baseUrl: "http://patchworks.invalid/api/v2" }),
                expected: (a) => {
                    assert.ok(a.kind === "network" && ["ENOTFOUND", "EAI_AGAIN"].includes(a.code), JSON.stringify(a));
                    assert.deepEqual([a.timedOut, a.unsent], [false, true]);
                },
            },
        ];
        for (const { name, arrange, expected } of failures) {
            it(name, async () => {
                const options = await arrange();
                expected(await transport(options)({ method: "GET", path: "/connectors" }));
            });
        }

        it("rejects with the signal's reason when the run is cancelled mid-request", async () => {
            server.answerRest("hang");
            const cancelled = new AbortController();
            const reason = new Error("the Pulumi run was cancelled");
            const pending = transport()({ method: "GET", path: "/connectors" }, cancelled.signal);
            while (server.requests.length === 0) await new Promise((resolve) => setImmediate(resolve));
            cancelled.abort(reason);
            assert.equal(await rejectionOf(pending), reason);
        });
    });

    describe("through the client", () => {
        it("reports a request that is never answered with the configured time limit", async () => {
            server.answerRest("hang");
            const error = await rejectionOf(client({ requestTimeoutMs: 50 }).request(get("/connectors/sc_1")));
            assert.equal(
                error.message,
                `Patchworks API GET /connectors/sc_1 failed: the Patchworks API at ${server.apiUrl} timed out after 50 ms`,
            );
        });

        it("names the API URL when nothing listens there", async () => {
            const apiUrl = `http://127.0.0.1:${await closedPort()}/api/v2`;
            const error = await rejectionOf(client({ apiUrl, maxRetries: 1 }).request(get("/connectors/sc_1")));
            assert.equal(
                error.message,
                `Patchworks API GET /connectors/sc_1 failed after 2 attempts: could not reach the Patchworks API at ${apiUrl} (ECONNREFUSED)`,
            );
        });

        it("reports a 200 that is an HTML page as a body that is not JSON", async () => {
            server.answerRest({ status: 200, raw: "<html><body>Down for maintenance</body></html>" });
            const error = await rejectionOf(client().request(get("/connectors/sc_1")));
            assert.equal(error.message, "Patchworks API GET /connectors/sc_1 returned 200 with a body that is not JSON");
        });

        it("reports a redirect as the failure it is", async () => {
            server.answerRest({ status: 302, headers: { location: "https://elsewhere.example/login" } });
            const error = await rejectionOf(client().request(get("/connectors/sc_1")));
            assert.equal(error.message, "Patchworks API GET /connectors/sc_1 failed (302): Found");
        });
    });
});
