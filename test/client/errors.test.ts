// What a Pulumi user reads when a request fails: one ApiError, one line, with the status, the
// server's field errors, and advice where there is one. Scripted transports, virtual time.
import assert from "node:assert/strict";
import { ApiError, isConflict, isNotFound, type PatchworksClient } from "../../provider/client";
import type { Attempt } from "../../provider/client/http";
import { UserError } from "../../provider/errors";
import { apiConnector, rejectionOf, SCRIPTED_API_URL, scriptedClient, shopifyUk } from "./fixtures";
import { answer, lostConnection, scriptedTransport, timedOut, unsent, virtualTime } from "./virtual-time";

const CREDENTIALS_HINT = "Check patchworks:apiKey / PATCHWORKS_API_KEY (or patchworks:accessToken / PATCHWORKS_ACCESS_TOKEN).";

describe("client errors", () => {
    const time = virtualTime();

    async function failure(attempts: Attempt[], call: (client: PatchworksClient) => Promise<unknown>, maxRetries = 0): Promise<ApiError> {
        const script = scriptedTransport(attempts);
        const { client } = scriptedClient(script, { maxRetries });
        const error = await rejectionOf(time.settle(call(client)));
        assert.ok(error instanceof ApiError, `not an ApiError: ${error}`);
        return error;
    }

    const patch = (client: PatchworksClient) => client.updateConnector("sc_1", { name: "Renamed" });
    const headline = "Patchworks API PATCH /service-connectors/sc_1 failed";

    describe("an answer that is final", () => {
        const cases: { status: number; body: unknown; message: string; fieldErrors?: Record<string, string[]> }[] = [
            { status: 400, body: { message: "Bad filter" }, message: `${headline} (400): Bad filter` },
            { status: 401, body: { message: "Unauthenticated." }, message: `${headline} (401): Unauthenticated. ${CREDENTIALS_HINT}` },
            { status: 403, body: {}, message: `${headline} (403): Forbidden. ${CREDENTIALS_HINT}` },
            { status: 404, body: { message: "Connector not found." }, message: `${headline} (404): Connector not found.` },
            {
                status: 409,
                body: { message: "The connector is used by services.", errors: { services: ["Orders sync", "Stock sync"] } },
                message: `${headline} (409): The connector is used by services — services: Orders sync, Stock sync`,
                fieldErrors: { services: ["Orders sync", "Stock sync"] },
            },
            {
                status: 422,
                body: {
                    message: "The given data was invalid.",
                    errors: { timezone: ["must be an IANA zone"], name: ["is required", "is too long"] },
                },
                message: `${headline} (422): The given data was invalid — timezone: must be an IANA zone; name: is required, is too long`,
                fieldErrors: { timezone: ["must be an IANA zone"], name: ["is required", "is too long"] },
            },
            {
                status: 422,
                body: { errors: { name: "is required", date_format: [42, "is not a format"] } },
                message: `${headline} (422): Unprocessable Entity — name: is required; date_format: is not a format`,
                fieldErrors: { name: ["is required"], date_format: ["is not a format"] },
            },
            { status: 418, body: "not an object", message: `${headline} (418): I'm a Teapot` },
            { status: 499, body: {}, message: `${headline} (499): unexpected status` },
        ];
        for (const { status, body, message, fieldErrors = {} } of cases) {
            it(`${status} ${JSON.stringify(body)}`, async () => {
                const error = await failure([answer(status, body)], patch);
                assert.equal(error.message, message);
                assert.deepEqual(error.fieldErrors, fieldErrors);
                assert.deepEqual(
                    [error.status, error.method, error.path, error.attempts, error.uncertain],
                    [status, "PATCH", "/service-connectors/sc_1", 1, false],
                );
            });
        }

        it("is a UserError that prints as its message alone, without a stack", async () => {
            const error = await failure([answer(404, { message: "gone" })], patch);
            assert.ok(error instanceof UserError);
            assert.equal(error.stack, "");
            assert.equal(String(error), error.message);
        });

        it("tells a 404 and a 409 apart", async () => {
            const notFound = await failure([answer(404)], patch);
            const conflict = await failure([answer(409)], (client) => client.createConnector(shopifyUk));
            assert.deepEqual([isNotFound(notFound), isConflict(notFound)], [true, false]);
            assert.deepEqual([isNotFound(conflict), isConflict(conflict)], [false, true]);
        });

        it("reads a server's multi-line message and reasons as one line", async () => {
            const body = { message: "Validation\nfailed:\r\n\tsee below", errors: { name: ["is\nrequired"] } };
            const error = await failure([answer(422, body)], patch);
            assert.equal(error.message, `${headline} (422): Validation failed: see below — name: is required`);
        });

        it("cuts a server's message to 500 characters", async () => {
            const error = await failure([answer(500, { message: "x".repeat(2000) })], patch);
            assert.equal(error.message, `${headline} (500): ${"x".repeat(500)}…`);
        });

        it("names a status whose body is not JSON (an HTML error page) by its reason phrase, without the page", async () => {
            const html: Attempt = { kind: "response", status: 502, text: "<html><body><h1>502 Bad Gateway</h1>\n</body></html>" };
            const error = await failure([html, html], patch, 1);
            assert.equal(error.message, `${headline} (502) after 2 attempts: Bad Gateway`);
        });
    });

    describe("after retries", () => {
        it("says how many attempts were made and reports the last answer", async () => {
            const error = await failure(
                [answer(503, { message: "first" }), answer(503, { message: "Try later" }), answer(500, { message: "Server Error" })],
                patch,
                2,
            );
            assert.equal(error.message, `${headline} (500) after 3 attempts: Server Error`);
            assert.equal(error.attempts, 3);
            assert.equal(error.uncertain, true, "a 500 may have been applied");
        });

        it("says how long a 429 asked to wait when that is beyond what the provider waits", async () => {
            const error = await failure([answer(429, { message: "Too many requests." }, "301")], patch, 5);
            assert.equal(
                error.message,
                `${headline} (429): Too many requests; the API asked to wait 301 s more, beyond the 300 s this provider waits for one request; run again later`,
            );
            assert.equal(error.status, 429);
        });

        it("says how long a 503 asked to wait when that is beyond what the provider waits", async () => {
            // Today the client sleeps the day out and then succeeds: a `pulumi up` that hangs silently.
            const error = await failure(
                [answer(503, { message: "Down for maintenance." }, "86400"), answer(200, { data: apiConnector() })],
                patch,
                5,
            );
            assert.equal(
                error.message,
                `${headline} (503): Down for maintenance; the API asked to wait 86400 s more, beyond the 300 s this provider waits for one request; run again later`,
            );
        });

        it("keeps uncertain and the field errors when a 429 beyond the budget follows an attempt that may have landed", async () => {
            const error = await failure(
                [answer(500), answer(429, { message: "Slow down", errors: { plan: ["allows 60 requests a minute"] } }, "400")],
                patch,
                5,
            );
            assert.equal(error.uncertain, true, "the 500 may have applied the PATCH");
            assert.deepEqual(error.fieldErrors, { plan: ["allows 60 requests a minute"] });
        });
    });

    describe("no answer", () => {
        const cases: { name: string; attempt: Attempt; what: string; uncertain: boolean }[] = [
            {
                name: "a timeout",
                attempt: timedOut(),
                what: `the Patchworks API at ${SCRIPTED_API_URL} timed out after 30000 ms`,
                uncertain: true,
            },
            {
                name: "a refused connection",
                attempt: unsent("ECONNREFUSED"),
                what: `could not reach the Patchworks API at ${SCRIPTED_API_URL} (ECONNREFUSED)`,
                uncertain: false,
            },
            {
                name: "an unknown host",
                attempt: unsent("ENOTFOUND"),
                what: `could not reach the Patchworks API at ${SCRIPTED_API_URL} (ENOTFOUND)`,
                uncertain: false,
            },
            {
                name: "a lost connection",
                attempt: lostConnection("ECONNRESET"),
                what: `lost the connection to the Patchworks API at ${SCRIPTED_API_URL} (ECONNRESET)`,
                uncertain: true,
            },
        ];
        for (const { name, attempt, what, uncertain } of cases) {
            it(`words ${name} as: ${what}`, async () => {
                const error = await failure([attempt, attempt], (client) => client.getConnector("sc_1"), 1);
                assert.equal(error.message, `Patchworks API GET /service-connectors/sc_1 failed after 2 attempts: ${what}`);
                assert.deepEqual([error.status, error.uncertain], [undefined, uncertain]);
            });
        }
    });

    describe("a 2xx the client cannot use", () => {
        const cases: { name: string; attempt: Attempt; message: RegExp }[] = [
            {
                name: "a body that is not JSON",
                attempt: { kind: "response", status: 200, text: "<html>maintenance</html>" },
                message: /^Patchworks API GET \/service-connectors\/sc_1 returned 200 with a body that is not JSON$/,
            },
            {
                name: "a connector missing fields",
                attempt: answer(200, { data: { id: "sc_1" } }),
                message:
                    /^Patchworks API GET \/service-connectors\/sc_1 returned 200 with an unexpected connector \(name: .*; status: .*\)$/,
            },
            {
                name: "an empty body",
                attempt: answer(200),
                message: /^Patchworks API GET \/service-connectors\/sc_1 returned 200 with an unexpected connector \(\(root\): /,
            },
        ];
        for (const { name, attempt, message } of cases) {
            it(`reports ${name} at once, without retrying`, async () => {
                const script = scriptedTransport([attempt], attempt);
                const { client } = scriptedClient(script);
                const error = await rejectionOf(time.settle(client.getConnector("sc_1")));
                assert.ok(error instanceof ApiError);
                assert.match(error.message, message);
                assert.equal(error.status, 200);
                assert.equal(script.sent.length, 1);
            });
        }
    });
});
