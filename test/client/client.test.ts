// The client over real HTTP (a scripted server): how it signs in each way, what every request
// carries, and a paginated list read whole.
import assert from "node:assert/strict";
import { ApiError, isCredentialCheckFailure, listAllPages, PatchworksClient } from "../../provider/client";
import { settingsFor, type Settings } from "../../provider/settings";
import { FakeServer, jsonBody, type Answer, type RecordedRequest } from "./fake-server";
import { ACCESS_TOKEN, API_KEY, connectorCreate, get, PASSWORD, rejectionOf, send, SIGN_INS, USERNAME } from "./fixtures";

const SESSION_TOKEN = "session-token-from-login-0001";
const loggedIn: Answer = { status: 200, body: { message: "You have successfully logged in.", token: SESSION_TOKEN } };
const ok: Answer = { status: 200, body: { data: [] } };
const unauthenticated: Answer = { status: 401, body: { message: "Unauthenticated." } };

describe("PatchworksClient over HTTP", () => {
    let server: FakeServer;

    beforeEach(async () => {
        server = await FakeServer.start();
    });
    afterEach(() => server.close());

    function client(settings: Partial<Settings> = {}): PatchworksClient {
        const signIn = "accessToken" in settings || "apiKey" in settings ? {} : SIGN_INS.login;
        return new PatchworksClient(settingsFor({ apiUrl: server.apiUrl, retryBaseMs: 0, maxRetries: 0, ...signIn, ...settings }));
    }

    const logins = () => server.requests.filter((r) => r.path.endsWith("/login"));
    const apiRequests = () => server.requests.filter((r) => !r.path.endsWith("/login"));
    const line = (r: RecordedRequest) => `${r.method} ${r.path} ${r.headers.authorization ?? "-"}`;

    /** Answers logins at /api/login with `login`, the rest from the queue. */
    function loginAnswers(login: Answer = loggedIn): void {
        server.route((r) => (r.path === "/api/login" ? login : undefined));
    }

    describe("signing in", () => {
        const ways: { name: string; settings: Partial<Settings>; wire: string[] }[] = [
            { name: "an access token, as Bearer", settings: SIGN_INS.accessToken, wire: [`GET /connectors Bearer ${ACCESS_TOKEN}`] },
            { name: "an API key, as the raw Authorization", settings: SIGN_INS.apiKey, wire: [`GET /connectors ${API_KEY}`] },
            {
                name: "a username and password, by a login and then the token it returns as Bearer",
                settings: SIGN_INS.login,
                wire: ["POST /api/login -", `GET /connectors Bearer ${SESSION_TOKEN}`],
            },
        ];
        for (const { name, settings, wire } of ways) {
            it(`signs in with ${name}`, async () => {
                loginAnswers();
                server.answerRest(ok);
                await client(settings).request(get("/connectors"));
                assert.deepEqual(server.requests.map(line), wire);
            });
        }

        it("posts the username under both names Patchworks' login routes read, with the password", async () => {
            loginAnswers();
            server.answerRest(ok);
            await client().request(get("/connectors"));
            assert.deepEqual(jsonBody(logins()[0]), { username: USERNAME, email: USERNAME, password: PASSWORD });
            assert.match(String(logins()[0].headers["content-type"]), /^application\/json/);
        });

        for (const status of [404, 405]) {
            it(`tries Fabric's /v1/login when /login answers ${status}`, async () => {
                server.route((r) => {
                    if (r.path === "/api/login") return { status, body: { message: "" } };
                    if (r.path === "/api/v1/login") return loggedIn;
                    return undefined;
                });
                server.answerRest(ok);
                await client().request(get("/connectors"));
                assert.deepEqual(server.requests.map(line), [
                    "POST /api/login -",
                    "POST /api/v1/login -",
                    `GET /connectors Bearer ${SESSION_TOKEN}`,
                ]);
            });
        }

        it("uses a configured loginUrl alone, without the fallback", async () => {
            server.route((r) => (r.path === "/auth/token" ? loggedIn : { status: 404, body: { message: "" } }));
            const error = await rejectionOf(client({ loginUrl: `${server.url}/elsewhere/login` }).request(get("/connectors")));
            assert.equal(
                error.message,
                `signing in to Patchworks at ${server.url}/elsewhere/login failed (404): there is no login route there; ` +
                    "set patchworks:loginUrl (PATCHWORKS_LOGIN_URL) to your Patchworks login URL",
            );
            assert.deepEqual(server.requests.map(line), ["POST /elsewhere/login -"]);
        });

        it("says the password was refused, naming the settings and never the password", async () => {
            loginAnswers({ status: 401, body: { message: "Incorrect email or password." } });
            const c = client();
            const error = await rejectionOf(c.request(get("/connectors")));
            assert.ok(error instanceof ApiError);
            assert.equal(
                error.message,
                `signing in to Patchworks at ${server.url}/api/login failed (401): the password of patchworks:username ` +
                    '(PATCHWORKS_USERNAME) was refused (Patchworks said "Incorrect email or password."); check patchworks:username ' +
                    "(PATCHWORKS_USERNAME) and patchworks:password (PATCHWORKS_PASSWORD)",
            );
            assert.ok(!String(error).includes(PASSWORD) && !error.message.includes(PASSWORD));
            // A refused password is not tried again by later requests of the process.
            await rejectionOf(c.request(get("/services")));
            assert.equal(server.requests.length, 1);
        });

        it("signs in once for many requests, concurrent and later ones", async () => {
            loginAnswers();
            server.answerRest(ok);
            const c = client();
            await Promise.all(Array.from({ length: 5 }, (_, i) => c.request(get(`/connectors/${i}`))));
            await c.request(get("/services"));
            assert.equal(logins().length, 1);
            assert.equal(apiRequests().length, 6);
            assert.ok(apiRequests().every((r) => r.headers.authorization === `Bearer ${SESSION_TOKEN}`));
        });

        it('signs in again once when Patchworks answers 401 "Unauthenticated.", and sends the request again', async () => {
            let issued = 0;
            server.route((r) => (r.path === "/api/login" ? { status: 200, body: { token: `${SESSION_TOKEN}-${++issued}` } } : undefined));
            server.answerNext(unauthenticated, ok);
            const body = await client().request(get("/connectors"));
            assert.deepEqual(body, { data: [] });
            assert.deepEqual(server.requests.map(line), [
                "POST /api/login -",
                `GET /connectors Bearer ${SESSION_TOKEN}-1`,
                "POST /api/login -",
                `GET /connectors Bearer ${SESSION_TOKEN}-2`,
            ]);
        });

        it("does not sign in a second time for one request when the new session is refused too", async () => {
            loginAnswers();
            server.answerRest(unauthenticated);
            const error = await rejectionOf(client().request(get("/connectors")));
            assert.ok(error instanceof ApiError && error.status === 401);
            assert.equal(
                error.message,
                "Patchworks API GET /connectors failed (401): Unauthenticated. Patchworks refused the session even right after " +
                    "signing in as patchworks:username (PATCHWORKS_USERNAME): check that this user may use the API.",
            );
            assert.deepEqual([logins().length, apiRequests().length], [2, 2]);
        });

        it("does not sign in again on a connector write's 401 that is the remote system refusing the credentials", async () => {
            loginAnswers();
            server.answerNext({ status: 401, body: { message: "Client error: 401 Unauthorized from my-store.myshopify.com" } });
            const error = await rejectionOf(client().request(connectorCreate()));
            assert.ok(isCredentialCheckFailure(error), String(error));
            assert.equal(
                error.message,
                "Patchworks API POST /connectors failed (401): Client error: 401 Unauthorized from my-store.myshopify.com",
            );
            assert.deepEqual([logins().length, apiRequests().length], [1, 1]);
        });

        it("names the access token setting when Patchworks refuses the token", async () => {
            server.answerRest(unauthenticated);
            const error = await rejectionOf(client(SIGN_INS.accessToken).request(get("/connectors")));
            assert.equal(
                error.message,
                "Patchworks API GET /connectors failed (401): Unauthenticated. Patchworks did not accept the access token: check " +
                    "patchworks:accessToken (PATCHWORKS_ACCESS_TOKEN) (login tokens expire after 12 hours).",
            );
            assert.equal(server.requests.length, 1, "a configured token is not renewed");
        });
    });

    describe("what every request carries", () => {
        it("sends Accept: application/json on every request, the login included, and Content-Type only with a body", async () => {
            loginAnswers();
            server.answerRest(ok);
            const c = client();
            await c.request(get("/connectors"));
            await c.request(send({ method: "PUT", path: "/connectors/uk_store%7C12", body: { environment: "live" } }));
            await c.request(send({ method: "DELETE", path: "/connectors/uk_store%7C12" }));
            assert.deepEqual(
                server.requests.map((r) => [r.method, r.rawUrl, r.headers.accept, r.headers["content-type"]?.split(";")[0]]),
                [
                    ["POST", "/api/login", "application/json", "application/json"],
                    ["GET", "/api/v2/connectors", "application/json", undefined],
                    ["PUT", "/api/v2/connectors/uk_store%7C12", "application/json", "application/json"],
                    ["DELETE", "/api/v2/connectors/uk_store%7C12", "application/json", undefined],
                ],
            );
            assert.deepEqual(jsonBody(server.requests[2]), { environment: "live" });
        });

        it("puts the query after the path, filter brackets literal and values encoded", async () => {
            server.answerRest(ok);
            await client(SIGN_INS.apiKey).request({
                request: { method: "GET", path: "/integrations", query: { "filter[name]": "R&D north", page: "2" } },
                decode: () => undefined,
            });
            assert.equal(server.requests[0].rawUrl, "/api/v2/integrations?filter[name]=R%26D%20north&page=2");
        });

        it("refuses a path that does not start with /, before sending anything", async () => {
            const error = await rejectionOf(client(SIGN_INS.apiKey).request(get("https://elsewhere.example/steal")));
            assert.match(error.message, /request path must start with "\/"/);
            assert.equal(server.requests.length, 0);
        });
    });

    describe("listAllPages", () => {
        const page = (n: number, last: number, items: unknown[]): Answer => ({
            status: 200,
            body: { data: items, links: {}, meta: { current_page: n, last_page: last, per_page: 2, total: 5 } },
        });

        it("reads every page of a Laravel list in order, each once, keeping the query", async () => {
            server.answerNext(page(1, 3, [1, 2]), page(2, 3, [3, 4]), page(3, 3, [5]));
            const pages: number[] = [];
            const items = await listAllPages(
                client(SIGN_INS.apiKey),
                "/integrations",
                { include: "services" },
                (item) => Number(item) * 10,
                (p) => pages.push(p.items),
            );
            assert.deepEqual(items, [10, 20, 30, 40, 50]);
            assert.deepEqual(pages, [2, 2, 1]);
            assert.deepEqual(
                server.requests.map((r) => r.rawUrl),
                [1, 2, 3].map((n) => `/api/v2/integrations?include=services&page=${n}`),
            );
        });

        it("reads an unpaginated list as its only page", async () => {
            server.answerNext({ status: 200, body: { data: ["a"] } });
            assert.deepEqual(await listAllPages(client(SIGN_INS.apiKey), "/systems", {}, String), ["a"]);
        });

        it("reports an answer that is not a list by what it lacks", async () => {
            server.answerNext({ status: 200, body: { items: [] } });
            const error = await rejectionOf(listAllPages(client(SIGN_INS.apiKey), "/systems", {}, String));
            assert.equal(
                error.message,
                "Patchworks API GET /systems returned 200 with an unexpected page of a list (data: Invalid input: expected array, received undefined)",
            );
        });
    });
});
