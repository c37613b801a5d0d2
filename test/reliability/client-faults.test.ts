// The client behaviours the end-to-end fault scenarios rely on, pinned down where time is under
// the test's control: a write whose answer was lost and a rate limit that pauses the whole client
// (scripted transports, virtual time), and the settings that tune the client, read as the provider
// reads them (stack config, then environment) and seen on the wire of a scripted server.
import { strict as assert } from "node:assert";
import { setTimeout as delay } from "node:timers/promises";
import { ApiError, isCredentialCheckFailure, PatchworksClient } from "../../provider/client";
import { resolveSettings } from "../../provider/settings";
import { FakeServer } from "../client/fake-server";
import { connectorCreate, get, rejectionOf, scriptedClient, send } from "../client/fixtures";
import { answer, scriptedTransport, timedOut, virtualTime } from "../client/virtual-time";

describe("client under faults", () => {
    describe("in virtual time", () => {
        const time = virtualTime();

        describe("a write whose answer was lost", () => {
            /** An account where a write can land later than its answer says. */
            function slowAccount() {
                const account: { rows: { id: string }[]; looks: number[] } = { rows: [], looks: [] };
                const find = async () => {
                    account.looks.push(time.elapsed());
                    return account.rows[0];
                };
                return { account, find };
            }

            it("looks for a connector create that timed out instead of posting it again (a repeat reruns the credential check)", async () => {
                const { account, find } = slowAccount();
                const script = scriptedTransport([
                    async () => {
                        await delay(180_000);
                        account.rows.push({ id: "uk_store|12" });
                        return timedOut();
                    },
                ]);
                const { client } = scriptedClient(script);
                const created = await time.settle(client.request(connectorCreate({ reconcile: find })));
                assert.deepEqual(created, { id: "uk_store|12" });
                assert.deepEqual(script.timeline(), ["POST /connectors@0"]);
                assert.deepEqual(account.looks, [180_000]);
            });

            it("fails a connector create that timed out and did not land, certain, without posting again", async () => {
                const { account, find } = slowAccount();
                const script = scriptedTransport([timedOut()]);
                const { client } = scriptedClient(script);
                const error = await rejectionOf(time.settle(client.request(connectorCreate({ reconcile: find }))));
                assert.ok(error instanceof ApiError && error.uncertain === false, String(error));
                assert.equal(script.sent.length, 1);
                assert.equal(account.looks.length, 1);
            });

            it("reports a 500 to a connector create as a credential-check failure after looking once", async () => {
                const { account, find } = slowAccount();
                const script = scriptedTransport([answer(500, { message: "Server Error" })]);
                const { client } = scriptedClient(script, { maxRetries: 5 });
                const error = await rejectionOf(time.settle(client.request(connectorCreate({ reconcile: find }))));
                assert.ok(isCredentialCheckFailure(error), String(error));
                assert.equal((error as ApiError).uncertain, false, "the look found nothing");
                assert.deepEqual([script.sent.length, account.looks], [1, [0]]);
            });

            it("posts another write again once the look shows the lost attempt did not land", async () => {
                const { account, find } = slowAccount();
                const script = scriptedTransport([timedOut(), answer(201, { data: { id: 7 } })]);
                const { client } = scriptedClient(script);
                const body = await time.settle(
                    client.request(
                        send({ method: "POST", path: "/integrations/1/services", body: { description: "x" } }, { reconcile: find }),
                    ),
                );
                assert.deepEqual(body, { data: { id: 7 } });
                assert.deepEqual(script.timeline(), ["POST /integrations/1/services@0", "POST /integrations/1/services@125"]);
                assert.deepEqual(account.looks, [125]);
            });
        });

        describe("a rate limit with Retry-After", () => {
            const limited = answer(429, { message: "Too Many Attempts." }, "45");

            it("pauses every request of the client until the Retry-After has passed, not only the one limited", async () => {
                const script = scriptedTransport([limited], answer(200, { data: [] }));
                const { client } = scriptedClient(script);
                const first = client.request(get("/connectors"));
                await time.clock.tickAsync(1000);
                const second = client.request(get("/integrations"));
                await time.settle(Promise.all([first, second]));
                assert.deepEqual(script.timeline().sort(), ["GET /connectors@0", "GET /connectors@45000", "GET /integrations@45000"]);
            });

            it("gives up once the waits add up to the budget, saying how long the API asked and how long the provider waits", async () => {
                const script = scriptedTransport([], answer(429, { message: "Too Many Attempts." }, "120"));
                const { client } = scriptedClient(script);
                const error = await rejectionOf(time.settle(client.request(get("/connectors"))));
                assert.equal(
                    error.message,
                    "Patchworks API GET /connectors failed (429) after 3 attempts: Too Many Attempts; " +
                        "the API asked to wait 120 s more, beyond the 300 s this provider waits for one request; run again later",
                );
                assert.equal(time.elapsed(), 240_000);
            });

            it("stops waiting at once when the run is cancelled", async () => {
                const cancelled = new AbortController();
                const reason = new Error("the Pulumi run was cancelled");
                const script = scriptedTransport([limited], answer(200, {}));
                const { client } = scriptedClient(script, {}, { signal: cancelled.signal });
                const read = client.request(get("/connectors")).then(
                    () => "read",
                    (error: unknown) => error,
                );
                await time.clock.tickAsync(1000);
                cancelled.abort(reason);
                await time.flush();
                assert.equal(await read, reason);
                assert.equal(script.sent.length, 1);
                assert.equal(time.clock.countTimers(), 0);
            });
        });
    });

    describe("settings that tune the client", () => {
        let server: FakeServer;

        beforeEach(async () => {
            server = await FakeServer.start();
        });
        afterEach(() => server.close());

        /** A client as the provider builds one: settings from stack config, then the environment. */
        function clientFrom(config: Record<string, string>, env: Record<string, string> = {}): PatchworksClient {
            const all: Record<string, string> = { "patchworks:apiUrl": server.apiUrl, "patchworks:apiKey": "pk_faults_0001", ...config };
            const { settings, problem } = resolveSettings((key) => all[key], env);
            assert.equal(problem, undefined);
            return new PatchworksClient(settings);
        }

        it("applies maxRetries and retryBaseMs from stack config", async () => {
            server.answerRest({ status: 503, body: { message: "Service Unavailable" } });
            const error = await rejectionOf(
                clientFrom({ "patchworks:maxRetries": "2", "patchworks:retryBaseMs": "0" }).request(get("/connectors")),
            );
            assert.equal(error.message, "Patchworks API GET /connectors failed (503) after 3 attempts: Service Unavailable");
            assert.equal(server.requests.length, 3);
        });

        it("applies requestTimeoutMs from the environment", async () => {
            server.answerRest("hang");
            const error = await rejectionOf(
                clientFrom({ "patchworks:maxRetries": "0" }, { PATCHWORKS_REQUEST_TIMEOUT_MS: "100" }).request(get("/connectors")),
            );
            assert.equal(
                error.message,
                `Patchworks API GET /connectors failed: the Patchworks API at ${server.apiUrl} timed out after 100 ms`,
            );
        });

        it("applies requestsPerMinute from stack config: a 1-a-minute client holds its second request, and says why", async () => {
            server.answerRest({ status: 200, body: { data: [] } });
            const all: Record<string, string> = {
                "patchworks:apiUrl": server.apiUrl,
                "patchworks:apiKey": "k",
                "patchworks:requestsPerMinute": "1",
            };
            const cancelled = new AbortController();
            const waits: string[] = [];
            const client = new PatchworksClient(resolveSettings((key) => all[key], {}).settings, {
                signal: cancelled.signal,
                onWait: (ms, reason) => {
                    waits.push(`${Math.round(ms / 1000)} s: ${reason}`);
                    cancelled.abort(new Error("the test stops the wait"));
                },
            });
            await client.request(get("/connectors"));
            const error = await rejectionOf(client.request(get("/integrations")));
            assert.equal(error.message, "the test stops the wait");
            assert.equal(server.requests.length, 1);
            assert.deepEqual(waits, ["60 s: Patchworks allows 1 request a minute (patchworks:requestsPerMinute)"]);
        });
    });
});
