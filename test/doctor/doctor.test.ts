// `pulumi-patchworks doctor`: against the emulator every check holds and the exit code is 0;
// against a Fabric that answers differently in many ways each difference is its own `differs`
// line naming what differs and what to do. It sends no write, and prints no secret.
import { strict as assert } from "node:assert";
import { main } from "../../scripts/commands/main";
import { type RunningEmulator, startEmulator } from "../support/emulator";
import type { Json } from "../support/fabric-http";
import { type Answer, type OddFabric, type Rewrite, startOddFabric } from "./odd-fabric";

interface Run {
    code: number;
    lines: string[];
}

async function doctor(env: Record<string, string>): Promise<Run> {
    const lines: string[] = [];
    const code = await main(["doctor"], env, { say: (line) => lines.push(line), progress: (line) => lines.push(line) });
    return { code, lines };
}

const VERDICT = /^(ok|differs|cannot check) \S/;
const withBody = (answer: Answer, change: (body: Json) => Json): Answer => ({ ...answer, body: change(answer.body) });

describe("doctor", function () {
    this.timeout(60_000);
    let emulator: RunningEmulator;
    const USER = { email: "ops@acme.example", password: "doctor-password-77" };
    before(async () => {
        emulator = await startEmulator({ users: [USER] });
    });
    after(async () => emulator?.stop());
    beforeEach(() => emulator.reset());

    const keyEnv = () => ({ PATCHWORKS_API_URL: emulator.apiUrl, PATCHWORKS_API_KEY: emulator.apiKey });
    const writes = async () => (await emulator.requests()).filter((r) => r.method !== "GET" && !r.path.endsWith("/login"));

    describe("against the emulator", () => {
        it("finds every check holding, one line each, exit 0, and sends only GETs", async () => {
            const run = await doctor(keyEnv());
            assert.equal(run.code, 0, run.lines.join("\n"));
            for (const line of run.lines) assert.match(line, /^ok /);
            const checked = run.lines.map((line) => line.split(":")[0]);
            assert.deepEqual(checked, [
                "ok settings",
                "ok sign-in",
                "ok GET /connectors",
                "ok GET /integrations",
                "ok GET /integrations?to_tree=1",
                "ok GET /systems?include=systemAuthorisationTypes.authorisationType",
                "ok GET /service-templates",
                "ok GET /services?perPage=1",
                "ok GET /filter-fields?filter[factory_system_id]=1",
                "ok GET /company-subscriptions",
                "ok rate-limit headers",
                "ok catalog",
            ]);
            assert.match(run.lines[1], /the API key is accepted; the evidence does not show Fabric taking API keys, this account does/);
            assert.match(run.lines[10], /X-RateLimit-Limit 60/);
            assert.deepEqual(await writes(), []);
            assert.equal((await emulator.requests()).filter((r) => r.method !== "GET").length, 0);
        });

        it("signs in with username and password through the login route, and says which one answered", async () => {
            const run = await doctor({
                PATCHWORKS_API_URL: emulator.apiUrl,
                PATCHWORKS_USERNAME: USER.email,
                PATCHWORKS_PASSWORD: USER.password,
            });
            assert.equal(run.code, 0, run.lines.join("\n"));
            assert.match(
                run.lines[1],
                /^ok sign-in: the login with username and password is accepted \(http:\/\/127\.0\.0\.1:\d+\/api\/login answered 200\)$/,
            );
            assert.deepEqual(await writes(), [], "the login is the only POST");
            assert.ok(!run.lines.join("\n").includes(USER.password));
        });

        const refused: [string, Record<string, string>, RegExp][] = [
            [
                "a wrong API key",
                { PATCHWORKS_API_KEY: "not-the-key-5150" },
                /^differs sign-in: the API key is refused \(401\): .*; set patchworks:apiKey \(PATCHWORKS_API_KEY\) to a valid value \(the evidence does not show Fabric taking API keys: sign in with patchworks:accessToken/,
            ],
            [
                "a wrong token",
                { PATCHWORKS_ACCESS_TOKEN: "not-a-token-5150" },
                /^differs sign-in: the access token is refused \(401\): .*; set patchworks:accessToken \(PATCHWORKS_ACCESS_TOKEN\) to a valid value$/,
            ],
            [
                "a wrong password",
                { PATCHWORKS_USERNAME: "ops@acme.example", PATCHWORKS_PASSWORD: "not-the-password-5150" },
                /^differs sign-in: the login with username and password is refused \(401\)/,
            ],
        ];
        for (const [what, signIn, expected] of refused) {
            it(`says ${what} differs, checks nothing further, exit 1, and never prints it`, async () => {
                const run = await doctor({ PATCHWORKS_API_URL: emulator.apiUrl, ...signIn });
                assert.equal(run.code, 1);
                assert.match(run.lines[1], expected);
                assert.match(run.lines[2], /^cannot check routes, answers, rate-limit headers and catalog: the sign-in did not succeed$/);
                assert.equal(run.lines.length, 3);
                assert.ok(!run.lines.join("\n").includes("5150"), "the secret is not printed");
            });
        }

        it("says a settings problem differs, naming the setting, before sending anything", async () => {
            const run = await doctor({ PATCHWORKS_API_URL: emulator.apiUrl, PATCHWORKS_API_KEY: "k", PATCHWORKS_ACCESS_TOKEN: "t" });
            assert.equal(run.code, 1);
            assert.deepEqual(run.lines.length, 1);
            assert.match(run.lines[0], /^differs settings: several Patchworks sign-ins are configured/);
            assert.deepEqual(await emulator.requests(), []);
        });

        it("cannot check anything when the API does not answer, and says why", async () => {
            const run = await doctor({
                PATCHWORKS_API_URL: "http://127.0.0.1:1/api/v2",
                PATCHWORKS_API_KEY: "k",
                PATCHWORKS_MAX_RETRIES: "0",
            });
            assert.match(
                run.lines[1],
                /^cannot check sign-in: no answer to use: .*could not reach the Patchworks API at http:\/\/127\.0\.0\.1:1\/api\/v2/,
            );
        });
    });

    describe("against a Fabric that answers differently", () => {
        let odd: OddFabric;
        const SECRET_KEY = () => emulator.apiKey;
        const start = async (rewrites: Record<string, Rewrite>) => {
            odd = await startOddFabric(emulator.url, rewrites);
            return doctor({ PATCHWORKS_API_URL: `${odd.url}/api/v2`, PATCHWORKS_API_KEY: SECRET_KEY() });
        };
        afterEach(async () => odd?.stop());

        const noRateLimitHeaders: Rewrite = (answer) => ({ ...answer, headers: {} });
        const rewrites: Record<string, Rewrite> = {
            // A connector without its system's factory name.
            "GET /api/v2/connectors": (answer) =>
                noRateLimitHeaders(
                    withBody(answer, () => ({
                        data: [
                            {
                                id: "uk_store|1",
                                environment: "live",
                                system: { id: 5, name: "Shopify" },
                                integration: { id: 1, username: "uk_store" },
                            },
                        ],
                    })),
                ),
            // Shopify's oauth2 form has a key the evidence lacks; the account has a system the evidence lacks.
            "GET /api/v2/systems": (answer) =>
                noRateLimitHeaders(
                    withBody(answer, (body) => {
                        const shopify = body.data.find((s: Json) => s.factory_name === "Shopify");
                        const oauth2 = shopify.system_authorisation_types.find((t: Json) => t.authorisation_type?.name === "oauth2");
                        const form = JSON.parse(oauth2.credentials_schema);
                        form.attributes.push({ type: "text", label: "Shop domain", value: "shop_domain" });
                        oauth2.credentials_schema = JSON.stringify(form);
                        body.data.push({ id: 999, name: "Fenwick Retail", factory_name: "FenwickRetail", system_authorisation_types: [] });
                        return body;
                    }),
                ),
            "GET /api/v2/service-templates": () => ({ status: 404, body: { message: "Not Found" }, headers: {} }),
            "GET /api/v2/company-subscriptions": (answer) => noRateLimitHeaders(withBody(answer, () => ({ data: [] }))),
            "GET /api/v2/integrations": noRateLimitHeaders,
            "GET /api/v2/services": noRateLimitHeaders,
        };

        it("names each difference on its own line, exit 1, with no write and no secret", async () => {
            const run = await start(rewrites);
            assert.equal(run.code, 1, run.lines.join("\n"));
            for (const line of run.lines) assert.match(line, VERDICT);
            const line = (start: string) =>
                run.lines.find((l) => l.startsWith(start)) ?? assert.fail(`no line starting ${start}:\n${run.lines.join("\n")}`);
            assert.match(
                line("differs GET /connectors:"),
                /its answer is not what the provider decodes \(.*system\.factory_name.*\); .*report it/,
            );
            assert.match(
                line("differs GET /service-templates:"),
                /it answered 404 .*; the provider reads it to find each Service's template: report it/,
            );
            assert.match(line("cannot check GET /filter-fields:"), /no service template/);
            assert.match(
                line("differs GET /company-subscriptions:"),
                /lacks summary\.usage\.active_services and summary\.allowance\.services/,
            );
            assert.match(
                line("ok rate-limit headers:"),
                /none sent; X-RateLimit-Limit and X-RateLimit-Remaining not sent \(not required: the client keeps to patchworks:requestsPerMinute \(PATCHWORKS_REQUESTS_PER_MINUTE\) = 60 alone\)/,
            );
            assert.match(
                line('differs system "Shopify"'),
                /auth type "oauth2": the account's credential form has the key "shop_domain", the evidence does not; .*report it/,
            );
            assert.match(
                line('differs system "Fenwick Retail"'),
                /\(Fabric factory "FenwickRetail", id 999\): the account offers it, the evidence does not .*no Connector can declare it/,
            );
            assert.ok(
                run.lines.some((l) => l.startsWith("ok GET /integrations:")),
                "the routes that answer as expected still say ok",
            );
            assert.deepEqual(await writes(), []);
            assert.ok(!run.lines.join("\n").includes(SECRET_KEY()));
        });

        it("says a lower rate limit than the client's pace differs, with the setting to change", async () => {
            const run = await start({
                "GET /api/v2/connectors": (answer) => ({
                    ...answer,
                    headers: { "x-ratelimit-limit": "30", "x-ratelimit-remaining": "29" },
                }),
            });
            assert.equal(run.code, 1);
            assert.ok(
                run.lines.includes(
                    "differs rate-limit headers: Fabric allows 30 requests a minute (X-RateLimit-Limit), the client spends up to patchworks:requestsPerMinute (PATCHWORKS_REQUESTS_PER_MINUTE) = 60: set it to 30",
                ),
                run.lines.join("\n"),
            );
        });

        it("says an auth type the account lacks differs, and one the evidence lacks", async () => {
            const run = await start({
                "GET /api/v2/systems": (answer) =>
                    withBody(answer, (body) => {
                        const veeqo = body.data.find((s: Json) => s.factory_name === "Veeqo");
                        veeqo.system_authorisation_types = [
                            { id: 998, credentials_schema: null, authorisation_type: { id: 2, name: "oauth2" } },
                        ];
                        return body;
                    }),
            });
            assert.ok(
                run.lines.some((l) =>
                    /^differs system "Veeqo" .*, auth type "oauth2": the account offers it, the evidence does not; the bundled catalog's "veeqo"/.test(
                        l,
                    ),
                ),
                run.lines.join("\n"),
            );
            assert.ok(
                run.lines.some((l) =>
                    /^differs system "Veeqo" .*: the evidence has the auth type "basic_auth", the account does not offer it/.test(l),
                ),
                run.lines.join("\n"),
            );
        });

        it("says which systems without a seeded row the account does not offer, without calling that a difference", async () => {
            const run = await start({
                "GET /api/v2/systems": (answer) =>
                    withBody(answer, (body) => ({ data: body.data.filter((s: Json) => s.factory_name !== "Cybertill") })),
            });
            assert.equal(run.code, 0, run.lines.join("\n"));
            assert.ok(
                run.lines.includes(
                    'ok system with Fabric factory "Cybertill": the account does not offer it, which the evidence allows (it has no seeded system row); Connectors of "cybertill" cannot be created in this account',
                ),
                run.lines.join("\n"),
            );
        });

        it("says a system the evidence has and the account lacks differs", async () => {
            const run = await start({
                "GET /api/v2/systems": (answer) =>
                    withBody(answer, (body) => ({ data: body.data.filter((s: Json) => s.factory_name !== "Netsuite") })),
            });
            assert.ok(
                run.lines.some((l) =>
                    /^differs system with Fabric factory "Netsuite": the evidence has it, the account does not offer it/.test(l),
                ),
                run.lines.join("\n"),
            );
        });
    });
});
