// The one settings resolver: stack config, then PATCHWORKS_* environment variables, then defaults;
// each unusable value reported as one line that names the key and its variable.
import assert from "node:assert/strict";
import {
    CLIENT_LIMITS,
    DEFAULT_API_URL,
    environmentVariable,
    isLoopbackHost,
    resolveSettings,
    SECRET_SETTINGS,
    SETTING_DEFAULTS,
    settingsFor,
    type Settings,
} from "../provider/settings";

const TOKEN = "token-for-tests-0001";
const SIGN_IN_KEYS = ["accessToken", "username", "password", "apiKey"];

/** Settings from stack config and environment; signed in with an access token unless the test configures a sign-in. */
function resolve(config: Record<string, string> = {}, env: Record<string, string> = {}) {
    const signsIn = SIGN_IN_KEYS.some((key) => config[`patchworks:${key}`]?.trim() || env[environmentVariable(key)]?.trim());
    const withSignIn: Record<string, string> = signsIn ? config : { ...config, "patchworks:accessToken": TOKEN };
    return resolveSettings((key) => withSignIn[key], env);
}

function insecureProblem(key = "apiUrl", host = "patchworks.internal:8787"): string {
    return (
        `refusing to send Patchworks credentials over plain http:// to ${host}: the sign-in and connector ` +
        `secrets would cross the network unencrypted. Use an https:// patchworks:${key}, or set patchworks:allowInsecureHttp ` +
        "to true if this network path is trusted"
    );
}
const INSECURE_PROBLEM = insecureProblem();

describe("settings", () => {
    it("defaults every setting", () => {
        const expected: Settings = {
            apiUrl: DEFAULT_API_URL,
            accessToken: TOKEN,
            username: undefined,
            password: undefined,
            loginUrl: undefined,
            apiKey: undefined,
            requestsPerMinute: 60,
            allowInsecureHttp: false,
            maxRetries: 5,
            requestTimeoutMs: 180_000,
            retryBaseMs: 250,
            maxBackoffMs: 30_000,
            maxRateLimitWaitMs: 300_000,
            maxConcurrency: 8,
            logRequests: false,
            adoptMatching: false,
            catalogValidation: "strict",
        };
        assert.deepEqual(resolve(), { settings: expected });
        assert.equal(DEFAULT_API_URL, "https://app.wearepatchworks.com/fabric/api/v2");
        assert.deepEqual(CLIENT_LIMITS, { maxBackoffMs: 30_000, maxRateLimitWaitMs: 300_000, maxConcurrency: 8 });
        const { maxBackoffMs, maxRateLimitWaitMs, maxConcurrency, ...configurable } = { ...expected, accessToken: undefined };
        assert.deepEqual(SETTING_DEFAULTS, configurable);
        assert.deepEqual([maxBackoffMs, maxRateLimitWaitMs, maxConcurrency], [30_000, 300_000, 8]);
    });

    // Every configurable setting: its variable, a value from stack config and another from the
    // environment, each as it reads.
    const sources: { key: keyof typeof SETTING_DEFAULTS; variable: string; config: [string, unknown]; env: [string, unknown] }[] = [
        {
            key: "apiUrl",
            variable: "PATCHWORKS_API_URL",
            config: ["https://stack.example.com/fabric/api/v2", "https://stack.example.com/fabric/api/v2"],
            env: ["https://env.example.com/api/v2", "https://env.example.com/api/v2"],
        },
        {
            key: "username",
            variable: "PATCHWORKS_USERNAME",
            config: ["ops@stack.example", "ops@stack.example"],
            env: ["ops@env.example", "ops@env.example"],
        },
        { key: "password", variable: "PATCHWORKS_PASSWORD", config: ["stack pass", "stack pass"], env: ["env pass", "env pass"] },
        {
            key: "loginUrl",
            variable: "PATCHWORKS_LOGIN_URL",
            config: ["https://stack.example.com/api/login", "https://stack.example.com/api/login"],
            env: ["https://env.example.com/api/v1/login/", "https://env.example.com/api/v1/login"],
        },
        { key: "requestsPerMinute", variable: "PATCHWORKS_REQUESTS_PER_MINUTE", config: ["600", 600], env: ["1", 1] },
        {
            key: "apiKey",
            variable: "PATCHWORKS_API_KEY",
            config: ["key-from-stack", "key-from-stack"],
            env: ["key-from-env", "key-from-env"],
        },
        {
            key: "accessToken",
            variable: "PATCHWORKS_ACCESS_TOKEN",
            config: ["token-stack", "token-stack"],
            env: ["token-env", "token-env"],
        },
        { key: "allowInsecureHttp", variable: "PATCHWORKS_ALLOW_INSECURE_HTTP", config: ["true", true], env: ["0", false] },
        { key: "maxRetries", variable: "PATCHWORKS_MAX_RETRIES", config: ["0", 0], env: ["9", 9] },
        { key: "requestTimeoutMs", variable: "PATCHWORKS_REQUEST_TIMEOUT_MS", config: ["1", 1], env: ["120000", 120_000] },
        { key: "retryBaseMs", variable: "PATCHWORKS_RETRY_BASE_MS", config: ["0", 0], env: ["1000", 1000] },
        { key: "logRequests", variable: "PATCHWORKS_LOG_REQUESTS", config: ["TRUE", true], env: ["1", true] },
        { key: "catalogValidation", variable: "PATCHWORKS_CATALOG_VALIDATION", config: ["warn", "warn"], env: ["OFF", "off"] },
        { key: "adoptMatching", variable: "PATCHWORKS_ADOPT_MATCHING", config: ["1", true], env: ["true", true] },
    ];
    describe("sources", () => {
        for (const { key, variable, config, env } of sources) {
            describe(key, () => {
                const configKey = `patchworks:${key}`;
                it(`falls back to ${variable}`, () => {
                    assert.equal(environmentVariable(key), variable);
                    const { settings, problem } = resolve({}, { [variable]: env[0] });
                    assert.doesNotMatch(problem ?? "", /must be/);
                    assert.equal(settings[key], env[1]);
                });

                it(`takes ${configKey} before ${variable}`, () => {
                    const { settings, problem } = resolve({ [configKey]: config[0] }, { [variable]: env[0] });
                    assert.doesNotMatch(problem ?? "", /must be/);
                    assert.equal(settings[key], config[1]);
                });

                it(`reads a blank ${configKey} as unset, and a blank ${variable} too`, () => {
                    assert.equal(resolve({ [configKey]: "  " }, { [variable]: env[0] }).settings[key], env[1]);
                    assert.deepEqual(resolve({ [configKey]: "" }, { [variable]: " \t" }), resolve());
                });
            });
        }

        it("trims the values it reads", () => {
            const { settings } = resolve({ "patchworks:apiKey": "  key-with-spaces \n", "patchworks:maxRetries": " 7 " });
            assert.deepEqual([settings.apiKey, settings.maxRetries], ["key-with-spaces", 7]);
        });

        it("ignores environment variables of other names", () => {
            assert.deepEqual(resolve({}, { PATCHWORKS_MAXRETRIES: "9", patchworks_max_retries: "9", MAX_RETRIES: "9" }), resolve());
        });
    });

    describe("unusable values", () => {
        const numeric: { key: string; variable: string; minimum: number; bad: string[]; good: [string, number][] }[] = [
            {
                key: "maxRetries",
                variable: "PATCHWORKS_MAX_RETRIES",
                minimum: 0,
                bad: ["lots", "-1", "1.5", "1e3", "0x10", "1234567890", "5 retries"],
                good: [
                    ["0", 0],
                    ["007", 7],
                    ["123456789", 123_456_789],
                ],
            },
            {
                key: "requestTimeoutMs",
                variable: "PATCHWORKS_REQUEST_TIMEOUT_MS",
                minimum: 1,
                bad: ["0", "30s", "-5", "2.5"],
                good: [
                    ["1", 1],
                    ["30000", 30_000],
                ],
            },
            {
                key: "requestsPerMinute",
                variable: "PATCHWORKS_REQUESTS_PER_MINUTE",
                minimum: 1,
                bad: ["0", "sixty", "-60", "1.5"],
                good: [
                    ["1", 1],
                    ["60", 60],
                    ["6000", 6000],
                ],
            },
            {
                key: "retryBaseMs",
                variable: "PATCHWORKS_RETRY_BASE_MS",
                minimum: 0,
                bad: ["fast", "-250", "250ms"],
                good: [
                    ["0", 0],
                    ["250", 250],
                ],
            },
        ];
        for (const { key, variable, minimum, bad, good } of numeric) {
            for (const value of bad) {
                it(`refuses ${key} ${JSON.stringify(value)}, naming the key and ${variable}, from either source`, () => {
                    const message = `patchworks:${key} (${variable}) must be a whole number >= ${minimum}, got "${value}"`;
                    const fromConfig = resolve({ [`patchworks:${key}`]: value });
                    const fromEnv = resolve({}, { [variable]: value });
                    assert.equal(fromConfig.problem, message);
                    assert.equal(fromEnv.problem, message);
                });
            }
            for (const [value, expected] of good) {
                it(`reads ${key} ${JSON.stringify(value)} as ${expected}`, () => {
                    const { settings, problem } = resolve({ [`patchworks:${key}`]: value });
                    assert.equal(problem, undefined);
                    assert.equal(settings[key as keyof Settings], expected);
                });
            }
        }

        const others: { config: Record<string, string>; env?: Record<string, string>; problem: string }[] = [
            {
                config: { "patchworks:allowInsecureHttp": "yes" },
                problem: 'patchworks:allowInsecureHttp (PATCHWORKS_ALLOW_INSECURE_HTTP) must be true or false, got "yes"',
            },
            {
                config: {},
                env: { PATCHWORKS_LOG_REQUESTS: "on" },
                problem: 'patchworks:logRequests (PATCHWORKS_LOG_REQUESTS) must be true or false, got "on"',
            },
            {
                config: { "patchworks:adoptMatching": "2" },
                problem: 'patchworks:adoptMatching (PATCHWORKS_ADOPT_MATCHING) must be true or false, got "2"',
            },
            {
                config: { "patchworks:catalogValidation": "fail" },
                problem: 'patchworks:catalogValidation (PATCHWORKS_CATALOG_VALIDATION) must be "strict", "warn" or "off", got "fail"',
            },
            {
                config: { "patchworks:maxRetries": "x".repeat(100) },
                problem: `patchworks:maxRetries (PATCHWORKS_MAX_RETRIES) must be a whole number >= 0, got "${"x".repeat(32)}"`,
            },
        ];
        for (const { config, env, problem } of others) {
            it(problem, () => assert.equal(resolve(config, env).problem, problem));
        }

        it("reports every unusable value in one line, and uses the default for each", () => {
            const { settings, problem } = resolve({ "patchworks:maxRetries": "lots" }, { PATCHWORKS_REQUEST_TIMEOUT_MS: "0" });
            assert.equal(
                problem,
                'patchworks:maxRetries (PATCHWORKS_MAX_RETRIES) must be a whole number >= 0, got "lots"; ' +
                    'patchworks:requestTimeoutMs (PATCHWORKS_REQUEST_TIMEOUT_MS) must be a whole number >= 1, got "0"',
            );
            assert.deepEqual([settings.maxRetries, settings.requestTimeoutMs], [5, 180_000]);
        });

        it("does not fall back to the environment past an unusable stack config value", () => {
            const { settings, problem } = resolve({ "patchworks:maxRetries": "lots" }, { PATCHWORKS_MAX_RETRIES: "2" });
            assert.match(problem ?? "", /got "lots"/);
            assert.equal(settings.maxRetries, 5);
        });

        describe("catalogValidation", () => {
            for (const value of ["strict", "warn", "off", "Warn", "STRICT"]) {
                it(`reads ${JSON.stringify(value)}`, () => {
                    const { settings, problem } = resolve({ "patchworks:catalogValidation": value });
                    assert.deepEqual([settings.catalogValidation, problem], [value.toLowerCase(), undefined]);
                });
            }
        });
    });

    describe("sign-in: exactly one of token, username + password, key", () => {
        const NONE =
            "no Patchworks sign-in: set exactly one of patchworks:accessToken (PATCHWORKS_ACCESS_TOKEN), patchworks:username " +
            "(PATCHWORKS_USERNAME) with patchworks:password (PATCHWORKS_PASSWORD), or patchworks:apiKey (PATCHWORKS_API_KEY); " +
            "secrets with `pulumi config set --secret patchworks:<key> <value>`";
        const LOGIN = "patchworks:username (PATCHWORKS_USERNAME) with patchworks:password (PATCHWORKS_PASSWORD)";
        const several = (...names: string[]) =>
            `several Patchworks sign-ins are configured: ${names.join(", ")}; keep exactly one and unset the others`;
        const rows: { name: string; config?: Record<string, string>; env?: Record<string, string>; problem?: string }[] = [
            { name: "none", problem: NONE },
            { name: "an access token", config: { "patchworks:accessToken": "t" } },
            { name: "a username and password", config: { "patchworks:username": "u" }, env: { PATCHWORKS_PASSWORD: "p" } },
            { name: "an API key", env: { PATCHWORKS_API_KEY: "k" } },
            {
                name: "a token and a key",
                config: { "patchworks:accessToken": "t" },
                env: { PATCHWORKS_API_KEY: "k" },
                problem: several("patchworks:accessToken (PATCHWORKS_ACCESS_TOKEN)", "patchworks:apiKey (PATCHWORKS_API_KEY)"),
            },
            {
                name: "a login and a token",
                config: { "patchworks:username": "u", "patchworks:password": "p", "patchworks:accessToken": "t" },
                problem: several("patchworks:accessToken (PATCHWORKS_ACCESS_TOKEN)", LOGIN),
            },
            {
                name: "all three",
                env: { PATCHWORKS_USERNAME: "u", PATCHWORKS_PASSWORD: "p", PATCHWORKS_ACCESS_TOKEN: "t", PATCHWORKS_API_KEY: "k" },
                problem: several("patchworks:accessToken (PATCHWORKS_ACCESS_TOKEN)", LOGIN, "patchworks:apiKey (PATCHWORKS_API_KEY)"),
            },
            {
                name: "a username without a password",
                config: { "patchworks:username": "u" },
                problem:
                    "patchworks:username (PATCHWORKS_USERNAME) is set without patchworks:password (PATCHWORKS_PASSWORD): set the " +
                    "password with `pulumi config set --secret patchworks:password <value>`",
            },
            {
                name: "a password without a username",
                env: { PATCHWORKS_PASSWORD: "p" },
                problem:
                    "patchworks:password (PATCHWORKS_PASSWORD) is set without patchworks:username (PATCHWORKS_USERNAME): set the " +
                    "user name Patchworks knows you by",
            },
        ];
        for (const { name, config = {}, env = {}, problem } of rows) {
            it(`${problem ? "refuses" : "accepts"} ${name}`, () => {
                const resolved = resolveSettings((key) => config[key], env);
                assert.equal(resolved.problem, problem);
            });
        }

        it("never quotes a secret setting's value back", () => {
            const { problem } = resolveSettings(
                (key) => ({ "patchworks:password": "hunter2-password", "patchworks:apiKey": "key-0123456789" })[key],
                { PATCHWORKS_ACCESS_TOKEN: "token-0123456789" },
            );
            assert.ok(problem);
            for (const secret of ["hunter2-password", "key-0123456789", "token-0123456789"]) assert.ok(!problem.includes(secret));
        });

        it("names the password, token and key as the secret settings", () => {
            assert.deepEqual([...SECRET_SETTINGS].sort(), ["accessToken", "apiKey", "password"]);
        });
    });

    describe("apiUrl", () => {
        const loopback: [string, boolean][] = [
            ["127.0.0.1", true],
            ["127.10.20.30", true],
            ["127.255.255.255", true],
            ["localhost", true],
            ["LOCALHOST", true],
            ["[::1]", true],
            ["::1", true],
            ["128.0.0.1", false],
            ["10.0.0.5", false],
            ["0.0.0.0", false],
            ["app.wearepatchworks.com", false],
            ["localhost.example.com", false],
            ["mylocalhost", false],
            ["127.0.0.1.nip.io", false],
            ["[::ffff:7f00:1]", false],
        ];
        for (const [host, expected] of loopback) {
            it(`${host} is ${expected ? "" : "not "}a loopback host`, () => assert.equal(isLoopbackHost(host), expected));
        }

        const urls: { apiUrl: string; allowInsecureHttp?: string; problem?: string }[] = [
            { apiUrl: "https://app.wearepatchworks.com/fabric/api/v2" },
            { apiUrl: "https://10.0.0.5/api/v2" },
            { apiUrl: "http://127.0.0.1:8787/api/v2" },
            { apiUrl: "http://localhost:8787/api/v2" },
            { apiUrl: "http://[::1]:8787/api/v2" },
            { apiUrl: "http://patchworks.internal:8787/api/v2", problem: INSECURE_PROBLEM },
            { apiUrl: "http://patchworks.internal:8787/api/v2", allowInsecureHttp: "true" },
            { apiUrl: "http://user:hunter2-secret@patchworks.internal:8787/api/v2", problem: INSECURE_PROBLEM },
            { apiUrl: "/api/v2", problem: 'patchworks:apiUrl "/api/v2" is not an absolute URL' },
            {
                apiUrl: "app.wearepatchworks.com/fabric/api/v2",
                problem: 'patchworks:apiUrl "app.wearepatchworks.com/fabric/api/v2" is not an absolute URL',
            },
            { apiUrl: "ftp://example.com/api", problem: "patchworks:apiUrl must be an http:// or https:// URL, not ftp://" },
        ];
        for (const { apiUrl, allowInsecureHttp, problem } of urls) {
            const label = `${apiUrl}${allowInsecureHttp ? " with allowInsecureHttp" : ""}`;
            it(`${problem ? "refuses" : "accepts"} ${label}`, () => {
                const config: Record<string, string> = { "patchworks:apiUrl": apiUrl };
                if (allowInsecureHttp) config["patchworks:allowInsecureHttp"] = allowInsecureHttp;
                assert.equal(resolve(config).problem, problem);
            });
        }

        it("allows insecure http through PATCHWORKS_ALLOW_INSECURE_HTTP too", () => {
            const resolved = resolve(
                { "patchworks:apiUrl": "http://patchworks.internal:8787/api/v2" },
                { PATCHWORKS_ALLOW_INSECURE_HTTP: "true" },
            );
            assert.equal(resolved.problem, undefined);
        });

        it("refuses a plain-http loginUrl to a remote host too: the password goes there", () => {
            assert.equal(
                resolve({ "patchworks:loginUrl": "http://sso.internal/login" }).problem,
                insecureProblem("loginUrl", "sso.internal"),
            );
            assert.equal(resolve({ "patchworks:loginUrl": "http://127.0.0.1:8787/api/login" }).problem, undefined);
        });

        const normalised: [string, string][] = [
            ["https://app.wearepatchworks.com/fabric/api/v2/", "https://app.wearepatchworks.com/fabric/api/v2"],
            ["https://app.wearepatchworks.com/fabric/api/v2///", "https://app.wearepatchworks.com/fabric/api/v2"],
            ["https://app.wearepatchworks.com", "https://app.wearepatchworks.com"],
            ["https://user:secret@app.wearepatchworks.com/fabric/api/v2", "https://app.wearepatchworks.com/fabric/api/v2"],
            ["https://app.wearepatchworks.com/fabric/api/v2?token=secret#part", "https://app.wearepatchworks.com/fabric/api/v2"],
            ["HTTPS://App.WeArePatchworks.com:443/fabric/api/v2", "https://app.wearepatchworks.com/fabric/api/v2"],
            ["http://127.0.0.1:8787/api/v2/", "http://127.0.0.1:8787/api/v2"],
        ];
        for (const [given, used] of normalised) {
            it(`uses ${given} as ${used}`, () => assert.equal(resolve({ "patchworks:apiUrl": given }).settings.apiUrl, used));
        }
    });

    describe("settingsFor", () => {
        it("is the defaults with the given overrides, the apiUrl normalised", () => {
            const settings = settingsFor({ apiUrl: "http://127.0.0.1:8787/api/v2/", apiKey: "k", maxRetries: 1 });
            const defaults = resolveSettings(() => undefined, {}).settings;
            assert.deepEqual(settings, { ...defaults, apiUrl: "http://127.0.0.1:8787/api/v2", apiKey: "k", maxRetries: 1 });
        });

        it("refuses insecure http unless allowed", () => {
            assert.throws(() => settingsFor({ apiUrl: "http://patchworks.internal:8787/api/v2", apiKey: "k" }), {
                message: INSECURE_PROBLEM,
            });
            assert.equal(
                settingsFor({ apiUrl: "http://patchworks.internal:8787/api/v2", apiKey: "k", allowInsecureHttp: true }).allowInsecureHttp,
                true,
            );
        });

        it("refuses settings without exactly one sign-in", () => {
            assert.throws(() => settingsFor({ apiUrl: "https://x.example/api/v2" }), /^Error: no Patchworks sign-in/);
            assert.throws(
                () => settingsFor({ apiUrl: "https://x.example/api/v2", apiKey: "k", accessToken: "t" }),
                /several Patchworks sign-ins/,
            );
        });
    });
});
