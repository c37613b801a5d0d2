// What a Pulumi user reads when a request fails: one ApiError, one line, with the status, Laravel's
// message and field errors, and advice where there is one. Scripted transports, virtual time.
import assert from "node:assert/strict";
import { ApiError, isConflict, isCredentialCheckFailure, isNotFound, type PatchworksClient } from "../../provider/client";
import type { Attempt } from "../../provider/client/http";
import { UnexpectedResponseError } from "../../provider/client/decode";
import { UserError } from "../../provider/errors";
import { connectorCreate, get, rejectionOf, SCRIPTED_API_URL, scriptedClient, send } from "./fixtures";
import { answer, lostConnection, scriptedTransport, timedOut, unsent, virtualTime } from "./virtual-time";

const API_KEY_HINT =
    "Patchworks did not accept the API key in patchworks:apiKey (PATCHWORKS_API_KEY): check it, or sign in with patchworks:username " +
    "(PATCHWORKS_USERNAME) and patchworks:password (PATCHWORKS_PASSWORD) (whether Fabric takes API keys is unconfirmed; " +
    "`pulumi-patchworks doctor` says).";
const FORBIDDEN_HINT =
    "The Patchworks user you sign in as (patchworks:apiKey (PATCHWORKS_API_KEY)) is not allowed this; some changes need a client admin.";

describe("client errors", () => {
    const time = virtualTime();

    async function failure(attempts: Attempt[], call: (client: PatchworksClient) => Promise<unknown>, maxRetries = 0): Promise<ApiError> {
        const script = scriptedTransport(attempts);
        const { client } = scriptedClient(script, { maxRetries });
        const error = await rejectionOf(time.settle(call(client)));
        assert.ok(error instanceof ApiError, `not an ApiError: ${error}`);
        return error;
    }

    const patch = (client: PatchworksClient) =>
        client.request(send({ method: "PUT", path: "/connectors/uk_store%7C12", body: { connectorName: "Renamed" } }));
    const headline = "Patchworks API PUT /connectors/uk_store%7C12 failed";

    describe("an answer that is final", () => {
        const cases: { status: number; body: unknown; message: string; fieldErrors?: Record<string, string[]>; serverMessage?: string }[] =
            [
                {
                    status: 400,
                    body: { message: "Requested filter(s) `colour` are not allowed. Allowed filter(s) are `active`." },
                    message: `${headline} (400): Requested filter(s) \`colour\` are not allowed. Allowed filter(s) are \`active\`.`,
                    serverMessage: "Requested filter(s) `colour` are not allowed. Allowed filter(s) are `active`.",
                },
                {
                    status: 401,
                    body: { message: "Unauthenticated." },
                    message: `${headline} (401): Unauthenticated. ${API_KEY_HINT}`,
                    serverMessage: "Unauthenticated.",
                },
                {
                    status: 403,
                    body: { message: "This action is unauthorized." },
                    message: `${headline} (403): This action is unauthorized. ${FORBIDDEN_HINT}`,
                    serverMessage: "This action is unauthorized.",
                },
                { status: 404, body: { message: "" }, message: `${headline} (404): not found`, serverMessage: "" },
                {
                    status: 404,
                    body: { message: "No query results for model [App\\Models\\Tapestry\\Connector] 12" },
                    message: `${headline} (404): No query results for model [App\\Models\\Tapestry\\Connector] 12`,
                    serverMessage: "No query results for model [App\\Models\\Tapestry\\Connector] 12",
                },
                { status: 405, body: { message: "" }, message: `${headline} (405): Method Not Allowed`, serverMessage: "" },
                {
                    status: 422,
                    body: {
                        message: "The given data was invalid.",
                        errors: {
                            environment: ["Please enter a unique value"],
                            credentials: ["The client id field is required. The username field is required."],
                        },
                    },
                    message:
                        `${headline} (422): The given data was invalid — environment: Please enter a unique value; ` +
                        "credentials: The client id field is required. The username field is required.",
                    fieldErrors: {
                        environment: ["Please enter a unique value"],
                        credentials: ["The client id field is required. The username field is required."],
                    },
                    serverMessage: "The given data was invalid.",
                },
                {
                    status: 422,
                    body: { message: "Invalid credentials" },
                    message: `${headline} (422): Invalid credentials`,
                    serverMessage: "Invalid credentials",
                },
                {
                    status: 422,
                    body: { errors: { name: "is required", date_format: [42, "is not a format"] } },
                    message: `${headline} (422): Unprocessable Entity — name: is required; date_format: is not a format`,
                    fieldErrors: { name: ["is required"], date_format: ["is not a format"] },
                },
                {
                    status: 500,
                    body: { message: "Server Error" },
                    message: `${headline} (500): Server Error`,
                    serverMessage: "Server Error",
                },
                { status: 418, body: "not an object", message: `${headline} (418): I'm a Teapot` },
                { status: 499, body: {}, message: `${headline} (499): unexpected status` },
            ];
        for (const { status, body, message, fieldErrors = {}, serverMessage } of cases) {
            it(`${status} ${JSON.stringify(body)}`, async () => {
                const error = await failure([answer(status, body)], patch);
                assert.equal(error.message, message);
                assert.deepEqual(error.fieldErrors, fieldErrors);
                assert.equal(error.serverMessage, serverMessage);
                assert.deepEqual(
                    [error.status, error.method, error.path, error.attempts, error.uncertain],
                    [status, "PUT", "/connectors/uk_store%7C12", 1, status === 500],
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
            const conflict = await failure([answer(409)], (client) =>
                client.request(send({ method: "POST", path: "/integrations", body: {} })),
            );
            assert.deepEqual([isNotFound(notFound), isConflict(notFound)], [true, false]);
            assert.deepEqual([isNotFound(conflict), isConflict(conflict)], [false, true]);
        });

        it("reads a server's multi-line message and reasons as one line", async () => {
            const body = { message: "Validation\nfailed:\r\n\tsee below", errors: { name: ["is\nrequired"] } };
            const error = await failure([answer(422, body)], patch);
            assert.equal(error.message, `${headline} (422): Validation failed: see below — name: is required`);
        });

        it("cuts a server's message to 500 characters", async () => {
            const error = await failure([answer(400, { message: "x".repeat(2000) })], patch);
            assert.equal(error.message, `${headline} (400): ${"x".repeat(500)}…`);
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
            const error = await failure([answer(503, { message: "Down for maintenance." }, "86400"), answer(200, { data: [] })], patch, 5);
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
            assert.equal(error.uncertain, true, "the 500 may have applied the PUT");
            assert.deepEqual(error.fieldErrors, { plan: ["allows 60 requests a minute"] });
        });
    });

    describe("no answer", () => {
        const cases: { name: string; attempt: Attempt; what: string; uncertain: boolean }[] = [
            {
                name: "a timeout",
                attempt: timedOut(),
                what: `the Patchworks API at ${SCRIPTED_API_URL} timed out after 180000 ms`,
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
                const error = await failure([attempt, attempt], (client) => client.request(get("/connectors")), 1);
                assert.equal(error.message, `Patchworks API GET /connectors failed after 2 attempts: ${what}`);
                assert.deepEqual([error.status, error.uncertain], [undefined, uncertain]);
            });
        }
    });

    describe("a 2xx the client cannot use", () => {
        const decodeList = (body: unknown) => {
            if (!Array.isArray((body as { data?: unknown })?.data))
                throw new UnexpectedResponseError("an unexpected list (data: not an array)");
            return body;
        };
        const cases: { name: string; attempt: Attempt; message: string }[] = [
            {
                name: "a body that is not JSON",
                attempt: { kind: "response", status: 200, text: "<html>maintenance</html>" },
                message: "Patchworks API GET /connectors returned 200 with a body that is not JSON",
            },
            {
                name: "a body the wire module cannot read",
                attempt: answer(200, { data: { id: "uk_store|12" } }),
                message: "Patchworks API GET /connectors returned 200 with an unexpected list (data: not an array)",
            },
        ];
        for (const { name, attempt, message } of cases) {
            it(`reports ${name} at once, without retrying`, async () => {
                const script = scriptedTransport([attempt], attempt);
                const { client } = scriptedClient(script);
                const error = await rejectionOf(
                    time.settle(client.request({ request: { method: "GET", path: "/connectors" }, decode: decodeList })),
                );
                assert.ok(error instanceof ApiError);
                assert.equal(error.message, message);
                assert.equal(error.status, 200);
                assert.equal(script.sent.length, 1);
            });
        }
    });

    describe("isCredentialCheckFailure", () => {
        // [status, body, from a connector write, expected]
        const rows: [number, unknown, boolean, boolean][] = [
            [500, { message: "Server Error" }, true, true],
            [422, { message: "Invalid credentials" }, true, true],
            [422, { message: "Missing required attribute `url`." }, true, true],
            [422, { message: "The given data was invalid.", errors: { credentials: ["The store field is required."] } }, true, false],
            [401, { message: "Client error: `GET https://my-store.myshopify.com/admin` resulted in a `401 Unauthorized`" }, true, true],
            [403, { message: "[API] Invalid API key or access token" }, true, true],
            [401, { message: "Unauthenticated." }, true, false],
            [403, { message: "This action is unauthorized." }, true, false],
            [403, { message: "You are not authorised to create a connector." }, true, false],
            [404, { message: "No query results for model [App\\Models\\Fabric\\Integration]." }, true, false],
            [500, { message: "Server Error" }, false, false],
            [401, { message: "Some remote text" }, false, false],
        ];
        for (const [status, body, verifies, expected] of rows) {
            it(`${status} ${JSON.stringify(body)}${verifies ? " to a connector write" : " to another request"} -> ${expected}`, async () => {
                const request = verifies ? connectorCreate() : send({ method: "POST", path: "/integrations", body: {} });
                const error = await failure([answer(status, body)], (client) => client.request(request));
                assert.equal(isCredentialCheckFailure(error), expected);
            });
        }

        it("is false for anything but an ApiError", () => {
            assert.equal(isCredentialCheckFailure(new Error("Invalid credentials")), false);
        });

        it("does not add sign-in advice to the remote system's 401, which is about the connector's credentials", async () => {
            const error = await failure([answer(401, { message: "Unauthorized" })], (client) => client.request(connectorCreate()));
            assert.equal(error.message, "Patchworks API POST /connectors failed (401): Unauthorized");
        });
    });
});
