import assert from "node:assert/strict";
import {
    type AttemptOutcome,
    decideRetry,
    type HttpMethod,
    networkOutcome,
    parseRetryAfterMs,
    type RetryDecision,
    retryDelayMs,
} from "../../provider/client/retry-policy";

describe("retry policy", () => {
    describe("decideRetry", () => {
        const response = (status: number): AttemptOutcome => ({ kind: "response", status });
        const cases: [HttpMethod, AttemptOutcome, RetryDecision][] = [
            ["GET", response(429), "retry"],
            ["GET", response(502), "retry"],
            ["GET", response(503), "retry"],
            ["GET", response(504), "retry"],
            ["PATCH", response(503), "retry"],
            ["DELETE", response(504), "retry"],
            ["GET", { kind: "lost", code: "ETIMEDOUT" }, "retry"],
            ["GET", { kind: "unsent", code: "ECONNREFUSED" }, "retry"],
            ["GET", response(500), "stop"],
            ["GET", response(400), "stop"],
            ["GET", response(401), "stop"],
            ["GET", response(403), "stop"],
            ["GET", response(404), "stop"],
            ["DELETE", response(409), "stop"],
            ["PATCH", response(422), "stop"],
            ["POST", response(429), "retry"],
            ["POST", response(503), "retry"],
            ["POST", { kind: "unsent", code: "ECONNREFUSED" }, "retry"],
            ["POST", response(502), "reconcile"],
            ["POST", response(504), "reconcile"],
            ["POST", { kind: "lost", code: "ETIMEDOUT" }, "reconcile"],
            ["POST", { kind: "lost", code: "ECONNRESET" }, "reconcile"],
            ["POST", response(409), "stop"],
            ["POST", response(422), "stop"],
            ["POST", response(500), "stop"],
        ];
        for (const [method, outcome, expected] of cases) {
            const label = outcome.kind === "response" ? String(outcome.status) : `${outcome.kind} ${outcome.code}`;
            it(`${method} after ${label} -> ${expected}`, () => {
                assert.equal(decideRetry(method, outcome), expected);
            });
        }
    });

    describe("networkOutcome", () => {
        const cases: [string, boolean, AttemptOutcome["kind"]][] = [
            ["ECONNREFUSED", false, "unsent"],
            ["ENOTFOUND", false, "unsent"],
            ["EAI_AGAIN", false, "unsent"],
            ["ECONNRESET", false, "lost"],
            ["EPIPE", false, "lost"],
            ["ETIMEDOUT", true, "lost"],
            // A deadline that fires while still connecting is still reported as possibly sent.
            ["ECONNREFUSED", true, "lost"],
        ];
        for (const [code, timedOut, kind] of cases) {
            it(`${code}${timedOut ? " (timed out)" : ""} is ${kind}`, () => {
                assert.equal(networkOutcome(code, timedOut).kind, kind);
            });
        }
    });

    describe("parseRetryAfterMs", () => {
        const now = Date.parse("2025-06-01T12:00:00Z");
        const cases: [string | undefined, number | undefined][] = [
            [undefined, undefined],
            ["", undefined],
            ["0", 0],
            ["1", 1000],
            [" 7 ", 7000],
            ["Sun, 01 Jun 2025 12:00:05 GMT", 5000],
            ["Sun, 01 Jun 2025 11:59:00 GMT", 0],
            ["soon", undefined],
            ["-3", undefined],
        ];
        for (const [header, expected] of cases) {
            it(`${JSON.stringify(header)} -> ${expected}`, () => {
                assert.equal(parseRetryAfterMs(header, now), expected);
            });
        }
    });

    describe("retryDelayMs", () => {
        const settings = { baseMs: 100, maxDelayMs: 1000 };

        it("spreads waits over [0, base * 2^(retry-1)) with full jitter", () => {
            assert.equal(retryDelayMs(1, undefined, settings, () => 0), 0);
            assert.equal(retryDelayMs(1, undefined, settings, () => 0.5), 50);
            assert.equal(retryDelayMs(2, undefined, settings, () => 0.5), 100);
            assert.equal(retryDelayMs(3, undefined, settings, () => 0.999), 399);
        });

        it("never waits longer than maxDelayMs", () => {
            assert.equal(retryDelayMs(10, undefined, settings, () => 0.999), 999);
            assert.equal(retryDelayMs(1, 60_000, settings), 1000);
        });

        it("uses Retry-After as given, without jitter", () => {
            assert.equal(retryDelayMs(4, 300, settings, () => 0), 300);
        });
    });
});
