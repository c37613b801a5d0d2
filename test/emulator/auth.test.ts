// Sign-in, tokens, API keys, roles and the rate limit, as fact sheet section 2 describes Fabric.
import { strict as assert } from "node:assert";
import { DEFAULT_USER, LOGIN_FAILED, LOGIN_OK } from "../../emulator/access";
import { FABRIC_REQUESTS_PER_MINUTE } from "../../emulator/throttle";
import { TEST_API_KEY } from "../support/emulator";
import { fabricHttp } from "../support/fabric-http";
import { connectorPath, createConnector, emulatorSuite } from "./suite";

const ADMIN = { email: "admin@acme.test", password: "admin-password", role: "client-admin" as const };
const CLERK = { email: "clerk@acme.test", password: "clerk-password", role: "client-user" as const };
const HOUR_MS = 3_600_000;

describe("emulator: sign-in", () => {
    const suite = emulatorSuite({ users: [ADMIN, CLERK], tokenTtlSeconds: 60 });

    for (const [route, field] of [
        ["/api/login", "username"],
        ["/api/v1/login", "email"],
    ] as const) {
        it(`logs in at ${route} with the body field ${field} and answers {message, token}`, async () => {
            const answer = await suite.emulator.request("POST", route, {
                json: { [field]: ADMIN.email, password: ADMIN.password },
                auth: { as: "none" },
            });
            assert.equal(answer.status, 200);
            assert.equal(answer.body.message, LOGIN_OK);
            assert.equal(LOGIN_OK, "You have successfully logged in.");
            assert.equal(typeof answer.body.token, "string");
            const groups = await suite.emulator.request("GET", "/api/v2/integrations", {
                auth: { as: "header", value: `Bearer ${answer.body.token}` },
            });
            assert.equal(groups.status, 200);
        });

        it(`refuses a wrong password, an unknown user and the other route's field at ${route} with 401`, async () => {
            const other = field === "email" ? "username" : "email";
            for (const body of [
                { [field]: ADMIN.email, password: "wrong" },
                { [field]: "nobody@acme.test", password: ADMIN.password },
                { [other]: ADMIN.email, password: ADMIN.password },
            ]) {
                const answer = await suite.emulator.request("POST", route, { json: body, auth: { as: "none" } });
                assert.deepEqual([answer.status, answer.body], [401, { message: LOGIN_FAILED }]);
            }
        });
    }

    it("issues a token whose JWT exp claim says when it expires, and refuses it after that with 401 Unauthenticated.", async () => {
        const token = await suite.emulator.token();
        const claims = JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString());
        assert.equal(claims.exp - claims.iat, 60);
        const bearer = { as: "header", value: `Bearer ${token}` } as const;
        assert.equal((await suite.emulator.request("GET", "/api/v2/connectors", { auth: bearer })).status, 200);
        suite.advance(61_000);
        const expired = await suite.emulator.request("GET", "/api/v2/connectors", { auth: bearer });
        assert.deepEqual([expired.status, expired.body], [401, { message: "Unauthenticated." }]);
        suite.emulator.forgetToken();
    });

    it("ends a token at POST /api/logout", async () => {
        const token = await suite.emulator.token();
        const bearer = { as: "header", value: `Bearer ${token}` } as const;
        const answer = await suite.emulator.request("POST", "/api/logout", { auth: bearer });
        assert.deepEqual([answer.status, answer.body], [200, { message: "You have successfully logged out." }]);
        assert.equal((await suite.emulator.request("GET", "/api/v2/connectors", { auth: bearer })).status, 401);
        suite.emulator.forgetToken();
    });

    it("answers 401 Unauthenticated. without a header, with an unknown token, or with a wrong API key", async () => {
        for (const auth of [
            { as: "none" },
            { as: "header", value: "Bearer not-a-token" },
            { as: "header", value: "dev-key-wrong" },
        ] as const) {
            const answer = await suite.emulator.request("GET", "/api/v2/connectors", { auth });
            assert.deepEqual([answer.status, answer.body], [401, { message: "Unauthenticated." }]);
        }
    });

    it("lets a client user create connectors but not delete them or manage groups (403 This action is unauthorized.)", async () => {
        const clerk = fabricHttp(suite.emulator.url, CLERK);
        const connector = await createConnector(clerk, "Veeqo");
        const denied = [
            await clerk.request("DELETE", connectorPath(connector.id)),
            await clerk.request("POST", "/api/v2/integrations", { json: { name: "New Group", username: "new_group" } }),
            await clerk.request("PUT", "/api/v2/integrations/1", { json: { name: "Renamed Store" } }),
            await clerk.request("DELETE", "/api/v2/integrations/1"),
        ];
        for (const answer of denied) assert.deepEqual([answer.status, answer.body], [403, { message: "This action is unauthorized." }]);
        assert.equal((await suite.emulator.request("DELETE", connectorPath(connector.id))).status, 200, "the client admin may delete it");
    });

    it("checks a group's fields before the role, as Fabric's group requests authorise after validation", async () => {
        const clerk = fabricHttp(suite.emulator.url, CLERK);
        const answer = await clerk.request("POST", "/api/v2/integrations", { json: { name: "x" } });
        assert.equal(answer.status, 422);
    });
});

describe("emulator: API keys and the default user", () => {
    const suite = emulatorSuite({ apiKey: "raw-key-123" });

    it("signs a raw API key in as the first user, logs it as `key`, and refuses it behind Bearer", async () => {
        const raw = await suite.emulator.request("DELETE", "/api/v2/integrations/1", { auth: { as: "header", value: "raw-key-123" } });
        assert.equal(raw.status, 200, "the default user is a client admin");
        const bearer = await suite.emulator.request("GET", "/api/v2/connectors", { auth: { as: "header", value: "Bearer raw-key-123" } });
        assert.equal(bearer.status, 401);
        const log = await suite.emulator.requests();
        assert.deepEqual(
            log.map((entry) => entry.auth),
            ["key", "bearer"],
        );
    });

    it("has one default client admin whose sign-in is the exported DEFAULT_USER", async () => {
        const answer = await suite.emulator.request("POST", "/api/v1/login", {
            json: { email: DEFAULT_USER.email, password: DEFAULT_USER.password },
            auth: { as: "none" },
        });
        assert.equal(answer.status, 200);
        assert.equal(DEFAULT_USER.role, "client-admin");
    });
});

describe("emulator: rate limit", () => {
    const suite = emulatorSuite({ rateLimit: 3 });

    it("answers 429 Too Many Attempts. with Retry-After once a user spends the minute's requests, and serves again after the window", async () => {
        await suite.emulator.token();
        const answers = [];
        for (let i = 0; i < 4; i++) answers.push(await suite.emulator.request("GET", "/api/v2/connectors"));
        assert.deepEqual(
            answers.map((answer) => [answer.status, answer.headers.get("x-ratelimit-remaining")]),
            [
                [200, "2"],
                [200, "1"],
                [200, "0"],
                [429, "0"],
            ],
        );
        const limited = answers[3];
        assert.deepEqual(limited.body, { message: "Too Many Attempts." });
        assert.equal(limited.headers.get("x-ratelimit-limit"), "3");
        const retryAfter = Number(limited.headers.get("retry-after"));
        assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
        suite.advance(retryAfter * 1000);
        assert.equal((await suite.emulator.request("GET", "/api/v2/connectors")).status, 200);
    });

    it("counts every token and key of one user together, and does not count a request that fails sign-in", async () => {
        const first = await suite.emulator.token();
        suite.emulator.forgetToken();
        const second = await suite.emulator.token();
        for (let i = 0; i < 5; i++)
            assert.equal((await suite.emulator.request("GET", "/api/v2/connectors", { auth: { as: "none" } })).status, 401);
        await suite.emulator.request("GET", "/api/v2/connectors", { auth: { as: "header", value: `Bearer ${first}` } });
        await suite.emulator.request("GET", "/api/v2/connectors", { auth: { as: "header", value: `Bearer ${second}` } });
        await suite.emulator.request("GET", "/api/v2/connectors", { auth: { as: "header", value: TEST_API_KEY } });
        const fourth = await suite.emulator.request("GET", "/api/v2/connectors", { auth: { as: "header", value: `Bearer ${first}` } });
        assert.equal(fourth.status, 429);
        const log = await suite.emulator.requests();
        assert.ok(
            log.some((entry) => entry.status === 429),
            "429 answers are in the request log",
        );
    });
});

describe("emulator: rate-limit headers without --rate-limit", () => {
    const suite = emulatorSuite();

    it("reports Fabric's 60 a minute on every answer but never refuses", async () => {
        await suite.emulator.token();
        let last: Awaited<ReturnType<typeof suite.emulator.request>> | undefined;
        for (let i = 0; i < 70; i++) last = await suite.emulator.request("GET", "/api/v2/connectors");
        assert.equal(last?.status, 200);
        assert.equal(last?.headers.get("x-ratelimit-limit"), String(FABRIC_REQUESTS_PER_MINUTE));
        assert.equal(FABRIC_REQUESTS_PER_MINUTE, 60);
        assert.equal(last?.headers.get("x-ratelimit-remaining"), "0");
        suite.advance(HOUR_MS);
        const fresh = await suite.emulator.request("GET", "/api/v2/connectors");
        assert.equal(fresh.headers.get("x-ratelimit-remaining"), "59");
    });
});
