// The client behaviours the end-to-end fault scenarios rely on, pinned down where time is under
// the test's control: a create whose lost attempt lands late and a rate limit that pauses the whole
// client (scripted transports, virtual time), and the provider settings that tune the client
// (through configure and check, against the emulator).
import { strict as assert } from "node:assert";
import { setTimeout as delay } from "node:timers/promises";
import { type ApiError, isConflict, type RemoteConnector } from "../../provider/client";
import { connectorFromApi } from "../../provider/client/mapping";
import * as connector from "../../provider/connector/provider";
import { configure } from "../../provider/runtime";
import { rejectionOf, scriptedClient, shopifyUk, apiConnector } from "../client/fixtures";
import { answer, scriptedTransport, timedOut, virtualTime } from "../client/virtual-time";
import { startEmulator, type RunningEmulator } from "../support/emulator";
import { shopifyInputs } from "../support/connector-inputs";

describe("client under faults", () => {
    describe("in virtual time", () => {
        const time = virtualTime();

        describe("a create whose answer was lost", () => {
            /** An account where a create can land later than its answer says. */
            function slowAccount() {
                const account: { connectors: RemoteConnector[]; looks: number[] } = { connectors: [], looks: [] };
                const find = (id?: string) => async () => {
                    account.looks.push(time.elapsed());
                    return account.connectors.find((c) => id === undefined || c.id === id);
                };
                const land = (id: string, name = shopifyUk.name) => account.connectors.push(connectorFromApi(apiConnector({ id, name })));
                return { account, find, land };
            }

            it("takes a 409 on the retry for its own success when the lost attempt landed after the look", async () => {
                const { account, find, land } = slowAccount();
                const script = scriptedTransport([
                    // Processed slowly: it commits at 30.2 s, after the client gave up at 30 s and looked at 30.125 s.
                    async () => {
                        void delay(30_200).then(() => land("sc_slow"));
                        await delay(30_000);
                        return timedOut();
                    },
                    // The retry is processed after that commit, so it meets it as a duplicate.
                    async () => {
                        await delay(200);
                        return answer(409, { message: 'a live shopify connector in company group "uk" already exists: sc_slow' });
                    },
                ]);
                const { client, logs } = scriptedClient(script);
                const created = await time.settle(client.createConnector(shopifyUk, find()));
                assert.equal(created.id, "sc_slow");
                assert.equal(account.connectors.length, 1);
                assert.deepEqual(script.timeline(), ["POST /service-connectors@0", "POST /service-connectors@30125"]);
                assert.deepEqual(account.looks, [30_125, 30_325]);
                assert.ok(
                    logs.includes("POST /service-connectors: an earlier attempt had taken effect; not repeating it"),
                    logs.join("\n"),
                );
            });

            it("does not claim a same-key connector that another pipeline made meanwhile", async () => {
                const { account, find, land } = slowAccount();
                const script = scriptedTransport([
                    async () => {
                        await delay(30_000);
                        land("sc_theirs", "Shopify UK (the other pipeline)");
                        return timedOut();
                    },
                    answer(409, { message: "already exists: sc_theirs" }),
                ]);
                const { client } = scriptedClient(script);
                // The caller's look knows its own: a connector it did not make is not the answer.
                const error = await rejectionOf(time.settle(client.createConnector(shopifyUk, find("sc_ours"))));
                assert.ok(isConflict(error), String(error));
                assert.equal((error as ApiError).uncertain, false);
                assert.equal(account.connectors.length, 1);
                assert.equal(script.sent.length, 2);
            });
        });

        describe("a rate limit with Retry-After", () => {
            const limited = answer(429, { message: "slow down" }, "45");
            const ok = (id: string) => answer(200, { data: apiConnector({ id }) });

            it("pauses every request of the client until the Retry-After has passed, not only the one limited", async () => {
                const script = scriptedTransport([limited], (request) => ok(request.path.split("/").pop() ?? ""));
                const { client } = scriptedClient(script);
                const first = client.getConnector("sc_a");
                await time.clock.tickAsync(1000);
                const second = client.getConnector("sc_b");
                const read = await time.settle(Promise.all([first, second]));
                assert.deepEqual(
                    read.map((c) => c.id),
                    ["sc_a", "sc_b"],
                );
                assert.deepEqual(script.timeline().sort(), [
                    "GET /service-connectors/sc_a@0",
                    "GET /service-connectors/sc_a@45000",
                    "GET /service-connectors/sc_b@45000",
                ]);
            });

            it("gives up once the waits add up to the budget, saying how long the API asked and how long the provider waits", async () => {
                const script = scriptedTransport([], answer(429, { message: "slow down" }, "120"));
                const { client } = scriptedClient(script);
                const error = await rejectionOf(time.settle(client.listConnectors()));
                assert.equal(
                    error.message,
                    "Patchworks API GET /service-connectors failed (429) after 3 attempts: slow down; " +
                        "the API asked to wait 120 s more, beyond the 300 s this provider waits for one request; run again later",
                );
                assert.equal(time.elapsed(), 240_000);
            });

            it("stops waiting at once when the run is cancelled", async () => {
                const cancelled = new AbortController();
                const reason = new Error("the Pulumi run was cancelled");
                const script = scriptedTransport([limited], ok("sc_a"));
                const { client } = scriptedClient(script, {}, { signal: cancelled.signal });
                const read = client.getConnector("sc_a").then(
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

    describe("provider settings that tune the client", () => {
        let emulator: RunningEmulator;
        const saved = { ...process.env };

        before(async () => {
            emulator = await startEmulator();
        });
        after(() => emulator.stop());
        beforeEach(async () => {
            await emulator.reset();
            for (const name of Object.keys(process.env)) if (name.startsWith("PATCHWORKS_")) delete process.env[name];
        });
        afterEach(() => {
            for (const name of Object.keys(process.env)) if (name.startsWith("PATCHWORKS_")) delete process.env[name];
            Object.assign(process.env, saved);
        });

        function configureWith(values: Record<string, string>): void {
            const config: Record<string, string> = {
                "patchworks:apiUrl": emulator.apiUrl,
                "patchworks:apiKey": emulator.apiKey,
                ...values,
            };
            configure({ get: (key) => config[key] });
        }

        async function accountFailure(): Promise<string> {
            const { failures } = await connector.check({}, shopifyInputs());
            assert.equal(failures.length, 1, JSON.stringify(failures));
            assert.equal(failures[0].property, "");
            return failures[0].reason;
        }

        it("reports unusable values as one line naming each setting, before any request", async () => {
            configureWith({ "patchworks:maxRetries": "lots", "patchworks:requestTimeoutMs": "0" });
            const problem =
                'patchworks:maxRetries (PATCHWORKS_MAX_RETRIES) must be a whole number >= 0, got "lots"; ' +
                'patchworks:requestTimeoutMs (PATCHWORKS_REQUEST_TIMEOUT_MS) must be a whole number >= 1, got "0"';
            assert.equal(await accountFailure(), `cannot check the account for existing connectors: ${problem}`);
            const { inputs } = await connector.check({}, shopifyInputs());
            const error = await rejectionOf(connector.create(inputs));
            assert.equal(error.message, problem);
            assert.equal(error.stack, "");
            assert.deepEqual(await emulator.requests(), []);
        });

        it("applies maxRetries and retryBaseMs from stack config", async () => {
            await emulator.setFaults({ failRate: 1, failStatus: 503, methods: ["GET"] });
            configureWith({ "patchworks:maxRetries": "2", "patchworks:retryBaseMs": "0" });
            assert.equal(
                await accountFailure(),
                "cannot check the account for existing connectors: Patchworks API GET /service-connectors failed (503) after 3 attempts: " +
                    "injected fault: the service is unavailable",
            );
            assert.deepEqual(
                (await emulator.requests())
                    .filter((r) => r.path.startsWith("/api/v1/service-connectors"))
                    .map((r) => `${r.method} ${r.status}`),
                ["GET 503", "GET 503", "GET 503"],
            );
        });

        it("applies requestTimeoutMs from stack config", async () => {
            // The emulator answers 3 s late; the client's limit is 0.1 s, so it times out whatever the machine's load.
            await emulator.setFaults({ latencyMs: 3000, methods: ["GET"] });
            configureWith({ "patchworks:maxRetries": "0", "patchworks:requestTimeoutMs": "100" });
            assert.equal(
                await accountFailure(),
                `cannot check the account for existing connectors: Patchworks API GET /service-connectors failed: ` +
                    `the Patchworks API at ${emulator.apiUrl} timed out after 100 ms`,
            );
        });
    });
});
