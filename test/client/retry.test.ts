// The retry layer alone: scripted transports (no HTTP) in virtual time, so every decision and every
// wait is asserted exactly.
import assert from "node:assert/strict";
import fc from "fast-check";
import { systemClock } from "../../provider/client/clock";
import type { Attempt, HttpMethod, HttpRequest } from "../../provider/client/http";
import {
    backoffMs,
    decideRetry,
    mayHaveTakenEffect,
    parseRetryAfterMs,
    sendWithRetries,
    type Outcome,
    type RetryDecision,
    type RetryLimits,
    type RetrySpec,
} from "../../provider/client/retry";
import { checkAsyncProperty, checkProperty, seeded } from "./property";
import {
    answer,
    lostConnection,
    scriptedTransport,
    START,
    timedOut,
    unsent,
    virtualTime,
    type ScriptedTransport,
    type Step,
} from "./virtual-time";

/** The production defaults (provider/settings.ts), spelled out so each expected wait can be read off. */
const LIMITS: RetryLimits = { maxRetries: 5, retryBaseMs: 250, maxBackoffMs: 30_000, maxRateLimitWaitMs: 300_000 };

const GET: HttpRequest = { method: "GET", path: "/connectors/sc_1" };
const POST: HttpRequest = { method: "POST", path: "/connectors", body: { name: "Shopify UK" } };

const ok = answer(200, { data: { id: "sc_1" } });
const created = answer(201, { data: { id: "sc_1" } });

function label(attempt: Attempt): string {
    if (attempt.kind === "response")
        return attempt.retryAfter === undefined ? String(attempt.status) : `${attempt.status} (Retry-After ${attempt.retryAfter})`;
    return attempt.timedOut ? "a timeout" : attempt.unsent ? `an unsent request (${attempt.code})` : `a lost connection (${attempt.code})`;
}

describe("retry layer", () => {
    describe("decideRetry: each outcome for each method", () => {
        const rows: { attempt: Attempt; idempotent: RetryDecision; post: RetryDecision }[] = [
            { attempt: unsent("ECONNREFUSED"), idempotent: "retry", post: "retry" },
            { attempt: unsent("ENOTFOUND"), idempotent: "retry", post: "retry" },
            { attempt: lostConnection("ECONNRESET"), idempotent: "retry", post: "reconcile" },
            { attempt: lostConnection("EPIPE"), idempotent: "retry", post: "reconcile" },
            { attempt: timedOut(), idempotent: "retry", post: "reconcile" },
            ...[429, 503].map((status) => ({ attempt: answer(status), idempotent: "retry" as const, post: "retry" as const })),
            ...[500, 502, 504].map((status) => ({ attempt: answer(status), idempotent: "retry" as const, post: "reconcile" as const })),
            ...[400, 401, 403, 404, 409, 422].map((status) => ({
                attempt: answer(status),
                idempotent: "stop" as const,
                post: "stop" as const,
            })),
        ];
        for (const { attempt, idempotent, post } of rows) {
            for (const method of ["GET", "PUT", "PATCH", "DELETE", "POST"] as HttpMethod[]) {
                const expected = method === "POST" ? post : idempotent;
                it(`${method} after ${label(attempt)} -> ${expected}`, () => assert.equal(decideRetry(method, attempt), expected));
            }
            it(`a repeatable POST (a login) after ${label(attempt)} -> ${idempotent}`, () =>
                assert.equal(decideRetry("POST", attempt, { repeatable: true }), idempotent));
        }
    });

    describe("decideRetry for a request that verifies credentials (connector create and update)", () => {
        // Retried only when the check certainly did not run: nothing sent, or the rate limit refused it first.
        const rows: [Attempt, RetryDecision][] = [
            [unsent("ECONNREFUSED"), "retry"],
            [answer(429), "retry"],
            [lostConnection(), "look"],
            [timedOut(), "look"],
            [answer(500), "look"],
            [answer(502), "look"],
            [answer(504), "look"],
            [answer(503), "stop"],
            [answer(401), "stop"],
            [answer(422), "stop"],
        ];
        for (const [attempt, expected] of rows) {
            for (const method of ["POST", "PUT"] as HttpMethod[]) {
                it(`${method} after ${label(attempt)} -> ${expected}`, () =>
                    assert.equal(decideRetry(method, attempt, { verifiesCredentials: true }), expected));
            }
        }
    });

    describe("mayHaveTakenEffect", () => {
        const rows: [Attempt, boolean][] = [
            [unsent("ECONNREFUSED"), false],
            [lostConnection(), true],
            [timedOut(), true],
            [answer(500), true],
            [answer(502), true],
            [answer(504), true],
            [answer(503), false],
            [answer(429), false],
            [answer(409), false],
            [answer(422), false],
        ];
        for (const [attempt, expected] of rows) {
            it(`${label(attempt)}: ${expected ? "may have" : "has not"} taken effect`, () =>
                assert.equal(mayHaveTakenEffect(attempt), expected));
        }
    });

    describe("parseRetryAfterMs", () => {
        const rows: [string | undefined, number | undefined][] = [
            [undefined, undefined],
            ["", undefined],
            ["  ", undefined],
            ["0", 0],
            ["1", 1000],
            [" 7 ", 7000],
            ["45", 45_000],
            [new Date(START + 45_000).toUTCString(), 45_000],
            [new Date(START + 2 * 3600_000).toUTCString(), 7_200_000],
            [new Date(START - 60_000).toUTCString(), 0],
            ["soon", undefined],
            ["-3", undefined],
            ["1.5", undefined],
        ];
        for (const [header, expected] of rows) {
            it(`${JSON.stringify(header)} -> ${expected}`, () => assert.equal(parseRetryAfterMs(header, START), expected));
        }
    });

    describe("backoffMs", () => {
        // [retry, random, expected]: ceilings 250, 500, 1000, ... doubling until the 30 s cap.
        const rows: [number, number, number][] = [
            [1, 0, 0],
            [1, 0.5, 125],
            [2, 0.5, 250],
            [3, 0.5, 500],
            [3, 0.999, 999],
            [7, 0.5, 8000],
            [8, 0.5, 15_000],
            [8, 0.999_99, 29_999],
            [40, 0.5, 15_000],
            [2000, 0.5, 15_000],
        ];
        for (const [retry, random, expected] of rows) {
            it(`retry ${retry} with random ${random} waits ${expected} ms`, () =>
                assert.equal(
                    backoffMs(retry, LIMITS, () => random),
                    expected,
                ));
        }

        it(seeded("is a whole number of ms in [0, min(maxBackoffMs, retryBaseMs * 2^(retry-1)))"), () => {
            checkProperty(
                fc.property(
                    fc.integer({ min: 1, max: 80 }),
                    fc.integer({ min: 0, max: 10_000 }),
                    fc.integer({ min: 1, max: 120_000 }),
                    fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
                    (retry, retryBaseMs, maxBackoffMs, random) => {
                        const wait = backoffMs(retry, { ...LIMITS, retryBaseMs, maxBackoffMs }, () => random);
                        const ceiling = Math.min(maxBackoffMs, retryBaseMs * 2 ** (retry - 1));
                        return Number.isInteger(wait) && wait >= 0 && (wait < ceiling || wait === 0);
                    },
                ),
            );
        });
    });

    describe("sendWithRetries", () => {
        const time = virtualTime();

        interface Run<T> {
            outcome: Outcome<T>;
            script: ScriptedTransport;
            /** Virtual ms since START of each pause the layer asked the throttle for. */
            pauses: number[];
            logs: string[];
        }

        async function run<T = { id: string }>(
            request: HttpRequest,
            steps: Step[],
            options: {
                limits?: Partial<RetryLimits>;
                random?: () => number;
                reconcile?: RetrySpec<T>["reconcile"];
                rest?: Step;
                verifiesCredentials?: boolean;
            } = {},
        ): Promise<Run<T>> {
            const script = scriptedTransport(steps, options.rest);
            const pauses: number[] = [];
            const logs: string[] = [];
            const outcome = await time.settle(
                sendWithRetries<T>(
                    { request, reconcile: options.reconcile, verifiesCredentials: options.verifiesCredentials },
                    {
                        transport: script.transport,
                        throttle: { pauseUntil: (until) => pauses.push(until - START) },
                        clock: systemClock,
                        random: options.random ?? (() => 0.5),
                        limits: { ...LIMITS, ...options.limits },
                        log: (line) => logs.push(line),
                    },
                ),
            );
            return { outcome, script, pauses, logs };
        }

        /** Virtual ms between consecutive requests. */
        function waits(script: ScriptedTransport): number[] {
            return script.sent.slice(1).map((s, i) => s.at - script.sent[i].at);
        }

        /** Records when it was asked, in virtual ms since START, and answers from a list. */
        function reconciler<T>(...answers: (T | undefined | Error)[]) {
            const calls: number[] = [];
            const reconcile = async (): Promise<T | undefined> => {
                calls.push(Date.now() - START);
                const next = answers.length > 1 ? answers.shift() : answers[0];
                if (next instanceof Error) throw next;
                return next;
            };
            return { reconcile, calls };
        }

        describe("waits", () => {
            it("backs off with jitter from the injected random, the ceiling doubling from retryBaseMs", async () => {
                const randoms = [0.5, 0.1, 0.9];
                const { outcome, script } = await run(GET, [answer(503), answer(503), answer(503), ok], {
                    random: () => randoms.shift() ?? 0,
                });
                assert.equal(outcome.kind, "answered");
                // floor(0.5 * 250), floor(0.1 * 500), floor(0.9 * 1000)
                assert.deepEqual(waits(script), [125, 50, 900]);
            });

            it("caps each backoff step at maxBackoffMs", async () => {
                const { outcome, script } = await run(GET, Array(7).fill(answer(502)).concat(ok), {
                    limits: { maxRetries: 7, retryBaseMs: 1000 },
                });
                assert.equal(outcome.kind, "answered");
                // Half of 1, 2, 4, 8, 16 s, then of the 30 s cap (not of 32 and 64 s).
                assert.deepEqual(waits(script), [500, 1000, 2000, 4000, 8000, 15_000, 15_000]);
            });

            const honoured: { status: number; header: string; request: HttpRequest }[] = [
                { status: 429, header: "45", request: GET },
                { status: 503, header: "45", request: GET },
                { status: 429, header: new Date(START + 45_000).toUTCString(), request: GET },
                { status: 503, header: new Date(START + 45_000).toUTCString(), request: GET },
                { status: 500, header: "45", request: GET },
                { status: 429, header: "45", request: POST },
                { status: 503, header: "45", request: POST },
            ];
            for (const { status, header, request } of honoured) {
                it(`waits exactly as a ${status}'s Retry-After "${header}" says on ${request.method}, beyond the 30 s backoff cap`, async () => {
                    const { outcome, script } = await run(request, [
                        answer(status, { message: "later" }, header),
                        request === POST ? created : ok,
                    ]);
                    assert.equal(outcome.kind, "answered");
                    assert.deepEqual(waits(script), [45_000]);
                });
            }

            it("backs off as usual when Retry-After is unreadable", async () => {
                const { script } = await run(GET, [answer(503, undefined, "soon"), ok]);
                assert.deepEqual(waits(script), [125]);
            });

            it("asks the throttle to pause every request until a 429's Retry-After has passed", async () => {
                const { pauses, script } = await run(GET, [answer(429, undefined, "45"), ok]);
                assert.deepEqual(pauses, [45_000]);
                assert.deepEqual(waits(script), [45_000]);
            });

            it("logs each attempt and each decision", async () => {
                const { logs } = await run(GET, [answer(503), ok]);
                assert.deepEqual(logs, [
                    "GET /connectors/sc_1 -> 503 in 0 ms (attempt 1)",
                    "GET /connectors/sc_1: retrying in 125 ms (attempt 1, 1 of 5 retries used)",
                    "GET /connectors/sc_1 -> 200 in 0 ms (attempt 2)",
                ]);
            });
        });

        describe("budgets", () => {
            it("does not count a 429 with Retry-After against maxRetries", async () => {
                const limited = answer(429, { message: "slow down" }, "1");
                const { outcome, script } = await run(GET, [limited, limited, limited, limited, limited, ok], {
                    limits: { maxRetries: 1 },
                });
                assert.equal(outcome.kind, "answered");
                assert.equal(outcome.attempts, 6);
                assert.deepEqual(waits(script), [1000, 1000, 1000, 1000, 1000]);
            });

            it("counts a 429 without Retry-After against maxRetries", async () => {
                const { outcome, script } = await run(GET, [], { limits: { maxRetries: 2 }, rest: answer(429) });
                assert.equal(outcome.kind, "failed");
                assert.equal(outcome.attempts, 3);
                assert.deepEqual(waits(script), [125, 250]);
            });

            it("keeps the two budgets apart: 429 waits with Retry-After between counted failures", async () => {
                const limited = answer(429, undefined, "1");
                const { outcome } = await run(GET, [answer(503), limited, limited, answer(503)], { limits: { maxRetries: 1 } });
                assert.equal(outcome.kind, "failed");
                assert.equal(outcome.attempts, 4);
            });

            it("fails at once when a Retry-After is beyond the rate-limit budget, saying how long the API asked", async () => {
                const { outcome, script } = await run(GET, [answer(429, { message: "slow down" }, "301")]);
                assert.equal(outcome.kind, "failed");
                assert.equal(time.elapsed(), 0, "no time was spent waiting");
                assert.equal(script.sent.length, 1);
                assert.equal(
                    outcome.rateLimitNote,
                    "the API asked to wait 301 s more, beyond the 300 s this provider waits for one request; run again later",
                );
            });

            it("adds up the Retry-After waits of one request against the budget", async () => {
                const { outcome, script } = await run(GET, [answer(429, undefined, "200"), answer(429, undefined, "150")]);
                assert.equal(outcome.kind, "failed");
                assert.equal(outcome.attempts, 2);
                assert.deepEqual(waits(script), [200_000]);
                assert.equal(time.elapsed(), 200_000);
                assert.match(outcome.rateLimitNote ?? "", /^the API asked to wait 150 s more, beyond the 300 s/);
            });

            it("waits a Retry-After equal to what is left of the budget", async () => {
                const { outcome, script } = await run(GET, [answer(429, undefined, "300"), ok]);
                assert.equal(outcome.kind, "answered");
                assert.deepEqual(waits(script), [300_000]);
            });

            // A server whose clock is behind sends an HTTP-date already past: Retry-After means "now".
            for (const header of ["0", new Date(START - 60_000).toUTCString()]) {
                it(`stops after maxRetries when every 429 says Retry-After "${header}"`, async () => {
                    const { outcome } = await run(GET, [], { limits: { maxRetries: 2 }, rest: answer(429, undefined, header) });
                    assert.equal(outcome.kind, "failed");
                    assert.equal(outcome.attempts, 3);
                });
            }

            it("does not wait longer than the rate-limit budget for a 503's Retry-After either", async () => {
                // Patchworks under maintenance for a day: waiting it out, five times over, is a hung `pulumi up`.
                const { outcome, script } = await run(GET, [answer(503, { message: "maintenance" }, "86400"), ok]);
                assert.equal(outcome.kind, "failed", `the request was retried after ${waits(script)} ms`);
                assert.equal(time.elapsed(), 0);
            });

            it("gives up after maxRetries with the last attempt's failure", async () => {
                const { outcome, script } = await run(
                    GET,
                    [answer(503, { message: "first" }), answer(502, { message: "second" }), answer(500, { message: "last" })],
                    {
                        limits: { maxRetries: 2 },
                    },
                );
                assert.equal(outcome.kind, "failed");
                assert.deepEqual(outcome.attempt, answer(500, { message: "last" }));
                assert.equal(outcome.attempts, 3);
                assert.equal(outcome.uncertain, true, "a 500 may have been processed");
                assert.equal(script.sent.length, 3);
            });

            it("sends once with maxRetries 0", async () => {
                const { outcome, script } = await run(GET, [answer(503)], { limits: { maxRetries: 0 } });
                assert.equal(outcome.kind, "failed");
                assert.equal(script.sent.length, 1);
            });

            it("reports nothing uncertain when no attempt ever reached the server", async () => {
                const { outcome } = await run(GET, [], { limits: { maxRetries: 2 }, rest: unsent() });
                assert.equal(outcome.kind, "failed");
                assert.deepEqual([outcome.attempts, outcome.uncertain], [3, false]);
            });
        });

        describe("a POST of unknown outcome", () => {
            const connector = { id: "sc_1" };

            for (const attempt of [lostConnection(), timedOut(), answer(500), answer(502), answer(504)]) {
                it(`looks after ${label(attempt)}, after the backoff wait, and returns what the POST made without posting again`, async () => {
                    const look = reconciler(connector);
                    const { outcome, script } = await run(POST, [attempt], { reconcile: look.reconcile });
                    assert.deepEqual(outcome, { kind: "reconciled", value: connector, attempts: 1 });
                    assert.equal(script.sent.length, 1);
                    assert.deepEqual(look.calls, [125]);
                });
            }

            it("posts again when the look finds nothing", async () => {
                const look = reconciler(undefined);
                const { outcome, script } = await run(POST, [timedOut(), created], { reconcile: look.reconcile });
                assert.equal(outcome.kind, "answered");
                assert.equal(outcome.attempts, 2);
                assert.deepEqual(script.timeline(), ["POST /connectors@0", "POST /connectors@125"]);
                assert.deepEqual(look.calls, [125]);
            });

            it("fails with the POST's own failure, uncertain, when the look itself fails", async () => {
                const look = reconciler(new Error("Patchworks API GET /connectors failed (503) after 6 attempts"));
                const { outcome, script } = await run(POST, [answer(502, { message: "bad gateway" })], { reconcile: look.reconcile });
                assert.equal(outcome.kind, "failed");
                assert.deepEqual(outcome.attempt, answer(502, { message: "bad gateway" }));
                assert.equal(outcome.uncertain, true);
                assert.equal(script.sent.length, 1, "not posted again while its first attempt may have landed");
            });

            it("takes a 409 after an uncertain attempt for its own success when the look finds it", async () => {
                // The first POST landed after the look: the retry meets it as a duplicate.
                const look = reconciler(undefined, connector);
                const { outcome, script, logs } = await run(POST, [timedOut(), answer(409, { message: "already exists" })], {
                    reconcile: look.reconcile,
                });
                assert.deepEqual(outcome, { kind: "reconciled", value: connector, attempts: 2 });
                assert.equal(script.sent.length, 2);
                assert.deepEqual(look.calls, [125, 125]);
                assert.ok(logs.includes("POST /connectors: an earlier attempt had taken effect; not repeating it"), logs.join("\n"));
            });

            it("reports a 409 after an uncertain attempt as final and certain when the look finds nothing of its own", async () => {
                const look = reconciler(undefined);
                const { outcome } = await run(POST, [lostConnection(), answer(409)], { reconcile: look.reconcile });
                assert.equal(outcome.kind, "failed");
                assert.deepEqual([outcome.attempt.kind === "response" && outcome.attempt.status, outcome.uncertain], [409, false]);
                assert.equal(look.calls.length, 2);
            });

            it("does not look after a 409 that no uncertain attempt preceded", async () => {
                const look = reconciler(connector);
                const { outcome } = await run(POST, [answer(409)], { reconcile: look.reconcile });
                assert.equal(outcome.kind, "failed");
                assert.deepEqual(look.calls, []);
            });

            for (const attempt of [answer(429), answer(503), answer(429, undefined, "2"), unsent()]) {
                it(`posts again after ${label(attempt)} without looking: nothing was processed`, async () => {
                    const look = reconciler(connector);
                    const { outcome, script } = await run(POST, [attempt, created], { reconcile: look.reconcile });
                    assert.equal(outcome.kind, "answered");
                    assert.equal(script.sent.length, 2);
                    assert.deepEqual(look.calls, []);
                });
            }

            for (const status of [400, 401, 403, 404, 422]) {
                it(`stops at a ${status} without looking`, async () => {
                    const look = reconciler(connector);
                    const { outcome } = await run(POST, [answer(status)], { reconcile: look.reconcile });
                    assert.equal(outcome.kind, "failed");
                    assert.equal(outcome.uncertain, false);
                    assert.deepEqual(look.calls, []);
                });
            }

            it("fails at once, uncertain, when the caller gave no way to look", async () => {
                const { outcome, script } = await run(POST, [lostConnection()]);
                assert.equal(outcome.kind, "failed");
                assert.equal(outcome.uncertain, true);
                assert.equal(script.sent.length, 1);
                assert.equal(time.elapsed(), 0);
            });

            const lastLook: {
                name: string;
                found: { id: string } | undefined | Error;
                kind: Outcome<unknown>["kind"];
                uncertain?: boolean;
            }[] = [
                { name: "returns what it finds", found: connector, kind: "reconciled" },
                { name: "fails, certain, when it finds nothing", found: undefined, kind: "failed", uncertain: false },
                { name: "fails, uncertain, when the look fails", found: new Error("unreachable"), kind: "failed", uncertain: true },
            ];
            for (const { name, found, kind, uncertain } of lastLook) {
                it(`still looks when out of retries, and ${name}`, async () => {
                    const look = reconciler(found);
                    const { outcome } = await run(POST, [timedOut()], { limits: { maxRetries: 0 }, reconcile: look.reconcile });
                    assert.equal(outcome.kind, kind);
                    if (outcome.kind === "failed") assert.equal(outcome.uncertain, uncertain);
                    assert.deepEqual(look.calls, [0], "looked at once: there is no retry to wait for");
                });
            }

            // The server is modelled: each POST attempt has a fate, a connector exists at most once
            // (a second create is a 409), and the look sees what exists.
            const fates = [
                "created",
                "created, answer lost",
                "created, then 500",
                "lost before processing",
                "502",
                "503",
                "429",
                "unsent",
            ] as const;
            it(
                seeded("ends in success exactly when the connector was created, and never fails uncertain when every look works"),
                async () => {
                    await checkAsyncProperty(
                        fc.asyncProperty(
                            fc.array(fc.constantFrom(...fates), { maxLength: 8 }),
                            fc.integer({ min: 0, max: 4 }),
                            async (script, maxRetries) => {
                                let exists = false;
                                const post = (): Attempt => {
                                    if (exists) return answer(409, { message: "already exists" });
                                    const fate = script.shift() ?? "created";
                                    if (fate.startsWith("created")) exists = true;
                                    if (fate === "created") return created;
                                    if (fate === "created, answer lost" || fate === "lost before processing") return lostConnection();
                                    if (fate === "created, then 500") return answer(500);
                                    if (fate === "unsent") return unsent();
                                    return answer(Number(fate));
                                };
                                const { outcome } = await run(POST, [], {
                                    limits: { maxRetries },
                                    rest: post,
                                    reconcile: async () => (exists ? connector : undefined),
                                });
                                assert.equal(outcome.kind !== "failed", exists, `outcome ${JSON.stringify(outcome)}`);
                                if (outcome.kind === "failed") assert.equal(outcome.uncertain, false);
                            },
                        ),
                    );
                },
            );
        });

        describe("a request that verifies credentials", () => {
            const connector = { id: "uk_store|12" };

            for (const status of [500, 502, 503, 504]) {
                it(`is not sent again after a ${status}, whatever retries are left`, async () => {
                    const { outcome, script } = await run(POST, [answer(status)], { verifiesCredentials: true, rest: created });
                    assert.equal(outcome.kind, "failed");
                    assert.equal(script.sent.length, 1);
                    assert.equal(time.elapsed(), 0);
                });
            }

            it("looks once after a 500, and returns what the write made", async () => {
                const look = reconciler(connector);
                const { outcome, script } = await run(POST, [answer(500)], { verifiesCredentials: true, reconcile: look.reconcile });
                assert.deepEqual(outcome, { kind: "reconciled", value: connector, attempts: 1 });
                assert.deepEqual([script.sent.length, look.calls], [1, [0]]);
            });

            it("fails certain after a 500 when the look finds nothing", async () => {
                const look = reconciler<{ id: string }>(undefined);
                const { outcome } = await run(POST, [answer(500)], { verifiesCredentials: true, reconcile: look.reconcile });
                assert.ok(outcome.kind === "failed" && outcome.uncertain === false);
            });

            it("fails uncertain after a 500 when it cannot look", async () => {
                const { outcome } = await run(POST, [answer(500)], { verifiesCredentials: true });
                assert.ok(outcome.kind === "failed" && outcome.uncertain === true);
            });

            it("is sent again when the connection was never made, and after a 429's wait", async () => {
                const { outcome, script } = await run(POST, [unsent(), answer(429, {}, "3"), created], { verifiesCredentials: true });
                assert.equal(outcome.kind, "answered");
                assert.deepEqual(script.timeline(), ["POST /connectors@0", "POST /connectors@125", "POST /connectors@3125"]);
            });
        });

        describe("an idempotent request", () => {
            const retryable = fc.constantFrom<Attempt>(
                answer(500),
                answer(502),
                answer(503),
                answer(504),
                answer(429),
                lostConnection(),
                timedOut(),
                unsent(),
            );
            it(seeded("is sent until it succeeds or maxRetries is used up, waiting exactly the backoff between"), async () => {
                await checkAsyncProperty(
                    fc.asyncProperty(
                        fc.array(retryable, { maxLength: 8 }),
                        fc.integer({ min: 0, max: 6 }),
                        async (failures, maxRetries) => {
                            const started = time.elapsed();
                            const { outcome, script } = await run({ method: "PATCH", path: "/connectors/sc_1" }, [...failures, ok], {
                                limits: { maxRetries },
                            });
                            const expectedAttempts = Math.min(failures.length, maxRetries) + 1;
                            assert.equal(outcome.kind, failures.length <= maxRetries ? "answered" : "failed");
                            assert.equal(script.sent.length, expectedAttempts);
                            const expectedWaits = Array.from({ length: expectedAttempts - 1 }, (_, i) =>
                                backoffMs(i + 1, LIMITS, () => 0.5),
                            );
                            assert.deepEqual(waits(script), expectedWaits);
                            assert.equal(
                                time.elapsed() - started,
                                expectedWaits.reduce((a, b) => a + b, 0),
                            );
                        },
                    ),
                );
            });
        });

        describe("cancellation", () => {
            it("stops a wait at once when the signal aborts", async () => {
                const script = scriptedTransport([answer(429, undefined, "45")], ok);
                const cancelled = new AbortController();
                const reason = new Error("the Pulumi run was cancelled");
                const pending = sendWithRetries(
                    { request: GET },
                    {
                        transport: script.transport,
                        throttle: { pauseUntil: () => undefined },
                        clock: systemClock,
                        random: () => 0.5,
                        limits: LIMITS,
                        log: () => undefined,
                        signal: cancelled.signal,
                    },
                );
                const settled = pending.then(
                    () => "resolved",
                    (error: unknown) => error,
                );
                await time.clock.tickAsync(1000);
                cancelled.abort(reason);
                await time.flush();
                assert.equal(await settled, reason);
                assert.equal(time.elapsed(), 1000);
                assert.equal(script.sent.length, 1);
                assert.equal(time.clock.countTimers(), 0, "no timer is left waiting");
            });
        });
    });
});
