import assert from "node:assert/strict";
import {
    ConflictError,
    NetworkError,
    NotFoundError,
    PatchworksApiError,
    PatchworksClient,
    RateLimitedError,
    ServerError,
    UnauthorizedError,
    ValidationError,
} from "../../provider/client";
import { closedPort, FakeServer, type Reply } from "./fake-server";
import { connectorToApi } from "../../provider/client/mapping";
import { ACCESS_TOKEN, API_KEY, apiConnector, listPage, rejectionOf, shopifyUk, testClient } from "./fixtures";

describe("PatchworksClient over HTTP", () => {
    let server: FakeServer;

    beforeEach(async () => {
        server = await FakeServer.start();
    });

    afterEach(async () => {
        await server.close();
    });

    describe("requests", () => {
        const authCases: { name: string; apiKey?: string; accessToken?: string; header: string | undefined }[] = [
            { name: "the API key, raw", apiKey: API_KEY, header: API_KEY },
            { name: "the access token as Bearer", accessToken: ACCESS_TOKEN, header: `Bearer ${ACCESS_TOKEN}` },
            { name: "the API key when both are set", apiKey: API_KEY, accessToken: ACCESS_TOKEN, header: API_KEY },
            { name: "no Authorization without either", header: undefined },
        ];
        for (const { name, apiKey, accessToken, header } of authCases) {
            it(`sends ${name}`, async () => {
                server.answerNext({ status: 200, body: { data: apiConnector() } });
                const { client } = testClient(server, { apiKey, accessToken });
                await client.getConnector("sc_1");
                assert.equal(server.requests[0].headers.authorization, header);
                assert.equal(server.requests[0].headers.accept, "application/json");
            });
        }

        it("gets a connector by id under /service-connectors/{id}", async () => {
            server.answerNext({ status: 200, body: { data: apiConnector({ id: "a/b" }) } });
            const { client } = testClient(server);
            const connector = await client.getConnector("a/b");
            assert.equal(connector.id, "a/b");
            assert.equal(server.requests[0].path, "/service-connectors/a%2Fb");
        });

        it("creates with POST and the snake_case body", async () => {
            server.answerNext({ status: 201, body: { data: apiConnector() } });
            const { client } = testClient(server);
            const created = await client.createConnector(shopifyUk);
            assert.equal(created.id, "sc_1");
            const [request] = server.requests;
            assert.equal(request.method, "POST");
            assert.equal(request.path, "/service-connectors");
            // The wire form itself is the mapping suite's to pin down.
            assert.deepEqual(request.body, connectorToApi(shopifyUk));
        });

        it("updates with PATCH and only the changed fields", async () => {
            server.answerNext({ status: 200, body: { data: apiConnector({ name: "Renamed" }) } });
            const { client } = testClient(server);
            const updated = await client.updateConnector("sc_1", { name: "Renamed" });
            assert.equal(updated.name, "Renamed");
            assert.equal(server.requests[0].method, "PATCH");
            assert.deepEqual(server.requests[0].body, { name: "Renamed" });
        });

        const deleteCases: Reply[] = [{ status: 204 }, { status: 200, body: { message: "Deleted" } }, { status: 404 }];
        for (const reply of deleteCases) {
            it(`deletes, treating ${reply.status} as done`, async () => {
                server.answerNext(reply);
                const { client } = testClient(server);
                await client.deleteConnector("sc_1");
                assert.equal(server.requestsFor("DELETE", "/service-connectors/sc_1").length, 1);
            });
        }

        it("lists company groups", async () => {
            server.answerNext({ status: 200, body: { data: [{ id: 1, name: "UK" }, { id: "eu", name: "EU" }] } });
            const { client } = testClient(server);
            assert.deepEqual(await client.listCompanyGroups(), [
                { id: "1", name: "UK" },
                { id: "eu", name: "EU" },
            ]);
            assert.equal(server.requests[0].path, "/company-groups");
        });

        it("reports a 2xx it cannot read without retrying", async () => {
            server.answerRest({ status: 200, body: { data: { id: "sc_1" } } });
            const { client } = testClient(server);
            const error = await rejectionOf(client.getConnector("sc_1"));
            assert.ok(error instanceof PatchworksApiError);
            assert.match(error.message, /^Patchworks API GET \/service-connectors\/sc_1 returned 200 with an unexpected connector/);
            assert.equal(server.requests.length, 1);
        });
    });

    describe("listing", () => {
        it("follows meta.last_page, 250 per page, repeating the filters", async () => {
            server.answerNext(
                { status: 200, body: listPage([apiConnector({ id: "1" })], 1, 3) },
                { status: 200, body: listPage([apiConnector({ id: "2" })], 2, 3) },
                { status: 200, body: listPage([apiConnector({ id: "3" })], 3, 3) },
            );
            const { client } = testClient(server);
            const connectors = await client.listConnectors({ system: "shopify" });
            assert.deepEqual(
                connectors.map((c) => c.id),
                ["1", "2", "3"],
            );
            assert.deepEqual(
                server.requests.map((r) => [r.query.get("page"), r.query.get("per_page"), r.query.get("filter[system]")]),
                [
                    ["1", "250", "shopify"],
                    ["2", "250", "shopify"],
                    ["3", "250", "shopify"],
                ],
            );
        });

        const groupCases: { name: string; companyGroup?: string | null; sent: string | null }[] = [
            { name: "null as an empty filter (the default group)", companyGroup: null, sent: "" },
            { name: "a named group as itself", companyGroup: "uk", sent: "uk" },
            { name: "an omitted group as no filter", sent: null },
        ];
        for (const { name, companyGroup, sent } of groupCases) {
            it(`sends company group ${name}`, async () => {
                server.answerNext({ status: 200, body: listPage([]) });
                const { client } = testClient(server);
                const filter = companyGroup === undefined ? { system: "shopify" } : { system: "shopify", companyGroup };
                await client.listConnectors(filter);
                assert.equal(server.requests[0].query.get("filter[company_group]"), sent);
            });
        }

        it("finds a connector by key, ignoring others the server returns", async () => {
            server.answerRest({
                status: 200,
                body: listPage([apiConnector({ id: "eu", company_group: "eu" }), apiConnector({ id: "uk", company_group: "UK" })]),
            });
            const { client } = testClient(server);
            assert.equal((await client.findConnector(shopifyUk))?.id, "uk");
            assert.equal(await client.findConnector({ ...shopifyUk, environment: "test" }), undefined);
            const query = server.requests[0].query;
            assert.deepEqual(
                [query.get("filter[system]"), query.get("filter[environment]"), query.get("filter[company_group]")],
                ["shopify", "live", "uk"],
            );
        });
    });

    describe("errors that are final", () => {
        const cases: {
            status: number;
            body: unknown;
            type: new (...args: never[]) => PatchworksApiError;
            message: RegExp;
            check?: (error: PatchworksApiError) => void;
        }[] = [
            { status: 400, body: { message: "Bad filter" }, type: PatchworksApiError, message: /failed \(400\): Bad filter$/ },
            {
                status: 401,
                body: { message: "Unauthenticated." },
                type: UnauthorizedError,
                message: /failed \(401\): Unauthenticated\. Check patchworks:apiKey \/ PATCHWORKS_API_KEY/,
            },
            { status: 403, body: {}, type: UnauthorizedError, message: /failed \(403\): Forbidden\. Check patchworks:apiKey/ },
            { status: 404, body: { message: "Connector not found." }, type: NotFoundError, message: /failed \(404\): Connector not found\.$/ },
            {
                status: 409,
                body: { message: "The connector is used by services.", errors: { services: ["Orders sync", "Stock sync"] } },
                type: ConflictError,
                message: /failed \(409\): The connector is used by services — services: Orders sync, Stock sync$/,
                check: (e) => assert.deepEqual((e as ConflictError).services, ["Orders sync", "Stock sync"]),
            },
            {
                status: 422,
                body: { message: "The given data was invalid.", errors: { timezone: ["must be an IANA zone"], name: ["is required"] } },
                type: ValidationError,
                message: /failed \(422\): The given data was invalid — timezone: must be an IANA zone; name: is required$/,
                check: (e) =>
                    assert.deepEqual((e as ValidationError).fieldErrors, { timezone: ["must be an IANA zone"], name: ["is required"] }),
            },
            { status: 500, body: { message: "Server Error" }, type: ServerError, message: /failed \(500\): Server Error$/ },
        ];
        for (const { status, body, type, message, check } of cases) {
            it(`${status} -> ${type.name}, sent once`, async () => {
                server.answerRest({ status, body });
                const { client } = testClient(server);
                const error = await rejectionOf(client.updateConnector("sc_1", { name: "x" }));
                assert.equal(error.constructor, type);
                const apiError = error as PatchworksApiError;
                assert.match(apiError.message, /^Patchworks API PATCH \/service-connectors\/sc_1 failed/);
                assert.match(apiError.message, message);
                assert.deepEqual([apiError.status, apiError.method, apiError.path], [status, "PATCH", "/service-connectors/sc_1"]);
                check?.(apiError);
                assert.equal(server.requests.length, 1);
            });
        }

        it("makes a failed 4xx on create final too, with no lookup", async () => {
            server.answerRest({ status: 409, body: { message: "A connector already exists for shopify/live/uk." } });
            const { client } = testClient(server);
            const error = await rejectionOf(client.createConnector(shopifyUk));
            assert.ok(error instanceof ConflictError);
            assert.equal(
                error.message,
                "Patchworks API POST /service-connectors failed (409): A connector already exists for shopify/live/uk.",
            );
            assert.equal(server.requests.length, 1);
        });
    });

    describe("retries", () => {
        it("waits as long as Retry-After says after a 429", async () => {
            server.answerNext({ status: 429, headers: { "retry-after": "1" } }, { status: 200, body: { data: apiConnector() } });
            const { client } = testClient(server);
            await client.getConnector("sc_1");
            const [first, second] = server.requests;
            const waited = second.receivedAt - first.receivedAt;
            assert.ok(waited >= 950 && waited < 1500, `waited ${waited} ms`);
        });

        it("caps a long Retry-After at maxRetryDelayMs", async () => {
            server.answerNext({ status: 503, headers: { "retry-after": "30" } }, { status: 200, body: { data: apiConnector() } });
            const { client } = testClient(server, { maxRetryDelayMs: 200 });
            await client.getConnector("sc_1");
            const waited = server.requests[1].receivedAt - server.requests[0].receivedAt;
            assert.ok(waited >= 180 && waited < 700, `waited ${waited} ms`);
        });

        for (const status of [429, 502, 503, 504]) {
            it(`retries a GET after ${status}`, async () => {
                server.answerNext({ status, body: { message: "busy" } }, { status: 200, body: { data: apiConnector() } });
                const { client } = testClient(server);
                assert.equal((await client.getConnector("sc_1")).id, "sc_1");
                assert.equal(server.requests.length, 2);
            });
        }

        it("retries a PATCH with the same body and a DELETE", async () => {
            server.answerNext(
                { status: 503 },
                { status: 200, body: { data: apiConnector() } },
                { status: 502 },
                { status: 204 },
            );
            const { client } = testClient(server);
            await client.updateConnector("sc_1", { timezone: "UTC", credentials: { accessToken: "new-token" } });
            await client.deleteConnector("sc_1");
            const patches = server.requestsFor("PATCH");
            assert.equal(patches.length, 2);
            assert.deepEqual(patches[0].body, patches[1].body);
            assert.equal(server.requestsFor("DELETE").length, 2);
        });

        it("retries a GET that timed out", async () => {
            server.answerNext("hang", { status: 200, body: { data: apiConnector() } });
            const { client } = testClient(server, { timeoutMs: 150 });
            assert.equal((await client.getConnector("sc_1")).id, "sc_1");
            assert.equal(server.requests.length, 2);
        });

        const exhausted: { status: number; type: new (...args: never[]) => PatchworksApiError }[] = [
            { status: 503, type: ServerError },
            { status: 429, type: RateLimitedError },
        ];
        for (const { status, type } of exhausted) {
            it(`gives up on ${status} after maxRetries, saying how many attempts`, async () => {
                server.answerRest({ status, body: { message: "Try later" } });
                const { client } = testClient(server, { maxRetries: 2 });
                const error = await rejectionOf(client.listConnectors());
                assert.ok(error instanceof type);
                assert.equal(
                    error.message,
                    `Patchworks API GET /service-connectors failed (${status}) after 3 attempts: Try later`,
                );
                assert.equal((error as PatchworksApiError).attempts, 3);
                assert.equal(server.requests.length, 3);
            });
        }

        it("names the API URL when nothing listens there", async () => {
            const apiUrl = `http://127.0.0.1:${await closedPort()}/api/v1`;
            const client = new PatchworksClient({ apiUrl, apiKey: API_KEY, maxRetries: 1, retryBaseMs: 1 });
            const error = await rejectionOf(client.getConnector("sc_1"));
            assert.ok(error instanceof NetworkError);
            assert.equal(
                error.message,
                `Patchworks API GET /service-connectors/sc_1 failed after 2 attempts: could not reach the Patchworks API at ${apiUrl} (ECONNREFUSED)`,
            );
            assert.equal(error.code, "ECONNREFUSED");
        });

        it("reports a timeout with its duration", async () => {
            server.answerRest("hang");
            const { client } = testClient(server, { timeoutMs: 150, maxRetries: 0 });
            const error = await rejectionOf(client.getConnector("sc_1"));
            assert.ok(error instanceof NetworkError);
            assert.ok(error.timedOut);
            assert.equal(
                error.message,
                `Patchworks API GET /service-connectors/sc_1 failed: the Patchworks API at ${server.apiUrl} timed out after 150 ms`,
            );
        });
    });

    describe("concurrency", () => {
        it("keeps at most maxConcurrency requests in flight", async () => {
            server.answerRest({ status: 200, body: { data: apiConnector() }, delayMs: 40 });
            const { client } = testClient(server, { maxConcurrency: 3 });
            const results = await Promise.all(Array.from({ length: 20 }, (_, i) => client.getConnector(`sc_${i}`)));
            assert.equal(results.length, 20);
            assert.equal(server.requests.length, 20);
            assert.equal(server.maxInFlight, 3);
        });

        it("frees its slot while waiting to retry", async () => {
            server.answerRest((request) =>
                request.path === "/service-connectors/slow" && server.requestsFor("GET", request.path).length === 1
                    ? { status: 503, headers: { "retry-after": "1" } }
                    : { status: 200, body: { data: apiConnector({ id: request.path.split("/").pop() }) } },
            );
            const { client } = testClient(server, { maxConcurrency: 1, maxRetryDelayMs: 300 });
            const finished: string[] = [];
            const slow = client.getConnector("slow").then((c) => finished.push(c.id));
            await new Promise((resolve) => setTimeout(resolve, 50));
            const fast = client.getConnector("fast").then((c) => finished.push(c.id));
            await Promise.all([slow, fast]);
            assert.deepEqual(finished, ["fast", "slow"]);
        });
    });
});
