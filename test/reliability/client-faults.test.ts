// The client behaviours the end-to-end fault scenarios rely on, pinned down against a scripted
// server where timing can be controlled: a create whose lost attempt lands late, a rate limit that
// must pause every request and must not use up the retries, and the provider settings that tune it.
import { strict as assert } from "node:assert";
import { ConflictError, RateLimitedError } from "../../provider/client";
import * as provider from "../../provider";
import { FakeServer, type RecordedRequest } from "../client/fake-server";
import { apiConnector, listPage, rejectionOf, shopifyUk, testClient } from "../client/fixtures";

const created = (body: unknown, id: string) => apiConnector({ ...(body as Record<string, unknown>), id });

describe("client under faults", () => {
    let server: FakeServer;

    beforeEach(async () => {
        server = await FakeServer.start();
    });
    afterEach(async () => {
        await server.close();
    });

    describe("a create whose answer was lost", () => {
        it("takes a 409 on the retry for its own success when the lost attempt landed after the look", async () => {
            // The first POST is processed slowly: it commits after the client has timed out and
            // looked (finding nothing), so the retry meets it as a duplicate.
            const committed: Record<string, unknown>[] = [];
            let posts = 0;
            server.answerRest((request: RecordedRequest) => {
                if (request.method === "GET") return { status: 200, body: listPage(committed) };
                if (++posts === 1) {
                    // Commits at 400 ms: after the client gave up (300 ms) and looked.
                    setTimeout(() => committed.push(created(request.body, "sc_slow")), 400);
                    return "hang";
                }
                return { status: 409, body: { message: "a live shopify connector in company group \"uk\" already exists: sc_slow" }, delayMs: 200 };
            });
            // The retry goes out at ~300 ms and its 409 comes back at ~500 ms, within its own time limit.
            const { client, logs } = testClient(server, { timeoutMs: 300 });
            const connector = await client.createConnector(shopifyUk);
            assert.equal(connector.id, "sc_slow");
            assert.equal(committed.length, 1);
            assert.deepEqual(server.requests.map((r) => r.method), ["POST", "GET", "POST", "GET"]);
            assert.ok(logs.some((l) => /an earlier attempt had taken effect/.test(l)), logs.join("\n"));
        });

        it("does not claim a same-key connector that another pipeline made meanwhile", async () => {
            const theirs = apiConnector({ id: "sc_theirs", name: "Shopify UK (the other pipeline)" });
            let posts = 0;
            server.answerRest((request: RecordedRequest) => {
                if (request.method === "GET") return { status: 200, body: listPage(posts > 0 ? [theirs] : []) };
                return ++posts === 1 ? "hang" : { status: 409, body: { message: "already exists: sc_theirs" } };
            });
            const { client } = testClient(server, { timeoutMs: 150 });
            const error = await rejectionOf(client.createConnector(shopifyUk));
            assert.ok(error instanceof ConflictError, String(error));
            assert.match(error.message, /409/);
        });
    });

    describe("a rate limit with Retry-After", () => {
        it("waits as told without using up the retries", async () => {
            const limited = { status: 429, headers: { "retry-after": "1" }, body: { message: "slow down" } };
            server.answerNext(limited, limited, limited, limited, limited, { status: 200, body: { data: apiConnector() } });
            // Retry-After: 1 is capped to 50 ms here, to keep the test short.
            const { client } = testClient(server, { maxRetries: 1, maxRetryDelayMs: 50 });
            assert.equal((await client.getConnector("sc_1")).id, "sc_1");
            assert.equal(server.requests.length, 6, "five 429s and a success, with one retry allowed for failures");
        });

        it("pauses every request of the client, not only the one that was limited", async () => {
            server.answerNext(
                { status: 429, headers: { "retry-after": "1" }, body: { message: "slow down" } },
                { status: 200, body: { data: apiConnector({ id: "sc_a" }) } },
                { status: 200, body: { data: apiConnector({ id: "sc_b" }) } },
            );
            const { client } = testClient(server, { maxRetryDelayMs: 300 });
            const first = client.getConnector("sc_a");
            await new Promise((resolve) => setTimeout(resolve, 50)); // the 429 is back by now
            const second = client.getConnector("sc_b");
            await Promise.all([first, second]);
            const [limited, ...rest] = server.requests;
            for (const request of rest) {
                const waited = request.receivedAt - limited.receivedAt;
                assert.ok(waited >= 290, `${request.path} was sent ${Math.round(waited)} ms after the 429, inside its Retry-After`);
            }
        });

        it("gives up once the waits add up to maxRateLimitWaitMs", async () => {
            server.answerRest({ status: 429, headers: { "retry-after": "1" }, body: { message: "slow down" } });
            const { client } = testClient(server, { maxRetryDelayMs: 50, maxRateLimitWaitMs: 200 });
            const error = await rejectionOf(client.listConnectors());
            assert.ok(error instanceof RateLimitedError, String(error));
            assert.match(error.message, /^Patchworks API GET \/service-connectors failed \(429\) after 5 attempts: slow down$/);
        });
    });

    describe("provider settings that tune the client", () => {
        const inputs = {
            system: "veeqo",
            environment: "live",
            name: "Veeqo",
            credentials: { token: "veeqo-tuning-test-token-2e7f" },
        };

        it("reports an unusable value as one line naming the setting, before any request", async () => {
            provider.configure({
                get: (key) =>
                    ({ "patchworks:apiUrl": server.apiUrl, "patchworks:apiKey": "k-1234", "patchworks:maxRetries": "lots", "patchworks:requestTimeoutMs": "0" })[key],
            });
            const { failures } = await provider.check({}, inputs);
            assert.equal(failures.length, 1);
            assert.match(failures[0].reason, /patchworks:maxRetries \(PATCHWORKS_MAX_RETRIES\) must be a whole number >= 0, got "lots"/);
            assert.match(failures[0].reason, /patchworks:requestTimeoutMs \(PATCHWORKS_REQUEST_TIMEOUT_MS\) must be a whole number >= 1, got "0"/);
            const error = await rejectionOf(provider.create(inputs as never));
            assert.equal(error.stack, "");
            assert.equal(server.requests.length, 0);
        });

        it("applies requestTimeoutMs and maxRetries from stack config", async () => {
            server.answerRest("hang");
            provider.configure({
                get: (key) =>
                    ({ "patchworks:apiUrl": server.apiUrl, "patchworks:apiKey": "k-1234", "patchworks:maxRetries": "1", "patchworks:requestTimeoutMs": "100", "patchworks:retryBaseMs": "1" })[key],
            });
            const { failures } = await provider.check({}, inputs);
            assert.match(failures[0].reason, /failed after 2 attempts: the Patchworks API at .* timed out after 100 ms/);
            assert.equal(server.requests.length, 2);
        });
    });
});
