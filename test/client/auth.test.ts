// Sign-in over time: a login's token is reused until five minutes before it expires (its JWT `exp`,
// else the answer's `expires_in`, else 12 hours), then renewed; logins wait for the pace like any
// request. Scripted transports in virtual time.
import assert from "node:assert/strict";
import { ASSUMED_TOKEN_LIFETIME_MS, jwtExpiry, loginUrls, RENEW_EARLY_MS } from "../../provider/client/auth";
import type { Exchange } from "../../provider/client/http";
import { get, jwt, rejectionOf, SCRIPTED_LOGIN_URL, scriptedClient, SIGN_INS } from "./fixtures";
import { answer, scriptedTransport, START, unsent, virtualTime } from "./virtual-time";

describe("sign-in", () => {
    describe("loginUrls", () => {
        const rows: { apiUrl: string; loginUrl?: string; expected: string[] }[] = [
            {
                apiUrl: "https://app.wearepatchworks.com/fabric/api/v2",
                expected: ["https://app.wearepatchworks.com/fabric/api/login", "https://app.wearepatchworks.com/fabric/api/v1/login"],
            },
            { apiUrl: "http://127.0.0.1:8787/api/v2", expected: ["http://127.0.0.1:8787/api/login", "http://127.0.0.1:8787/api/v1/login"] },
            { apiUrl: "https://svc-fabric.pwks.co", expected: ["https://svc-fabric.pwks.co/login", "https://svc-fabric.pwks.co/v1/login"] },
            { apiUrl: "https://x.example/api/v2", loginUrl: "https://sso.example/login", expected: ["https://sso.example/login"] },
        ];
        for (const { apiUrl, loginUrl, expected } of rows) {
            it(`${apiUrl}${loginUrl ? ` with loginUrl ${loginUrl}` : ""} -> ${expected.join(", then ")}`, () =>
                assert.deepEqual(loginUrls({ apiUrl, loginUrl }), expected));
        }
    });

    describe("jwtExpiry", () => {
        const rows: [string, string, number | undefined][] = [
            ["a JWT with exp", jwt({ exp: 1_750_000_000 }), 1_750_000_000_000],
            ["a JWT without exp", jwt({ sub: "1" }), undefined],
            ["a JWT whose exp is not a number", jwt({ exp: "soon" }), undefined],
            ["a token without dots", "not-a-jwt", undefined],
            ["three parts that are not JSON", "a.b.c", undefined],
        ];
        for (const [name, token, expected] of rows) {
            it(`${name} -> ${expected}`, () => assert.equal(jwtExpiry(token), expected));
        }
    });

    describe("a login's session over time", () => {
        const time = virtualTime();

        /** A transport that answers logins with the next token of `tokens` and API requests with 200. */
        function account(tokens: (() => Record<string, unknown>)[]) {
            const authorizations: string[] = [];
            const script = scriptedTransport([], (request: Exchange) => {
                if (request.url === SCRIPTED_LOGIN_URL) {
                    const next = tokens.shift();
                    if (!next) throw new Error("more logins than the test expected");
                    return answer(200, next());
                }
                authorizations.push(request.authorization ?? "-");
                return answer(200, { data: [] });
            });
            const { client } = scriptedClient(script, SIGN_INS.login);
            const logins = () => script.timeline().filter((l) => l.startsWith(`POST ${SCRIPTED_LOGIN_URL}`));
            return { client, script, authorizations, logins };
        }

        const cases: { name: string; token: (n: number) => Record<string, unknown>; lifetimeMs: number }[] = [
            {
                name: "a JWT, until 5 minutes before its exp",
                token: (n) => ({ token: jwt({ exp: (START + 3600_000) / 1000, n }) }),
                lifetimeMs: 3600_000,
            },
            {
                name: "a token with expires_in (the docs' route)",
                token: (n) => ({ token: `opaque-${n}`, expires_in: 86_400 }),
                lifetimeMs: 86_400_000,
            },
            { name: "an opaque token, for 12 hours", token: (n) => ({ token: `opaque-${n}` }), lifetimeMs: ASSUMED_TOKEN_LIFETIME_MS },
        ];
        for (const { name, token, lifetimeMs } of cases) {
            it(`reuses ${name}, then signs in again`, async () => {
                const { client, authorizations, logins } = account([() => token(1), () => ({ token: "renewed-token" })]);
                await time.settle(client.request(get("/connectors")));
                await time.clock.tickAsync(lifetimeMs - RENEW_EARLY_MS - 1);
                await time.settle(client.request(get("/connectors")));
                assert.equal(logins().length, 1, "still valid a millisecond before the renewal time");
                await time.clock.tickAsync(1);
                await time.settle(client.request(get("/connectors")));
                assert.equal(logins().length, 2);
                assert.deepEqual(authorizations.slice(1), [authorizations[0], "Bearer renewed-token"]);
                assert.notEqual(authorizations[0], "Bearer renewed-token");
            });
        }

        const short: { name: string; token: Record<string, unknown>; reuseMs: number }[] = [
            { name: "a 4-minute token half-way", token: { token: "short", expires_in: 240 }, reuseMs: 120_000 },
            {
                name: "a token already expired by this machine's clock for a minute",
                token: { token: jwt({ exp: (START - 3600_000) / 1000 }) },
                reuseMs: 60_000,
            },
        ];
        for (const { name, token, reuseMs } of short) {
            it(`renews ${name}, never sooner than a minute`, async () => {
                const { client, logins } = account([() => token, () => ({ token: "renewed-token" })]);
                await time.settle(client.request(get("/connectors")));
                await time.clock.tickAsync(reuseMs - 1);
                await time.settle(client.request(get("/connectors")));
                assert.equal(logins().length, 1);
                await time.clock.tickAsync(1);
                await time.settle(client.request(get("/connectors")));
                assert.equal(logins().length, 2);
            });
        }

        it("waits as a login's 429 Retry-After says, then signs in (the login limit is about 10 a minute)", async () => {
            const script = scriptedTransport(
                [answer(429, { message: "Too Many Attempts." }, "20"), answer(200, { token: "t" })],
                answer(200, {}),
            );
            const { client } = scriptedClient(script, SIGN_INS.login);
            await time.settle(client.request(get("/connectors")));
            assert.deepEqual(script.timeline(), [
                `POST ${SCRIPTED_LOGIN_URL}@0`,
                `POST ${SCRIPTED_LOGIN_URL}@20000`,
                "GET /connectors@20000",
            ]);
        });

        it("retries a login whose connection was never made, and names the login URL when it never gets through", async () => {
            const script = scriptedTransport([], unsent());
            const { client } = scriptedClient(script, { ...SIGN_INS.login, maxRetries: 1 });
            const error = await rejectionOf(time.settle(client.request(get("/connectors"))));
            assert.equal(
                error.message,
                `signing in to Patchworks at ${SCRIPTED_LOGIN_URL} failed after 2 attempts: could not reach it (ECONNREFUSED)`,
            );
        });

        it("counts logins against the pace", async () => {
            const script = scriptedTransport([answer(200, { token: "t" })], answer(200, {}));
            const { client } = scriptedClient(script, { ...SIGN_INS.login, requestsPerMinute: 2 });
            await time.settle(Promise.all([client.request(get("/a")), client.request(get("/b"))]));
            assert.deepEqual(script.timeline(), [`POST ${SCRIPTED_LOGIN_URL}@0`, "GET /a@0", "GET /b@60000"]);
        });
    });
});
