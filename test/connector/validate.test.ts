// Plan-time validation of a Connector's inputs (CONTRACT section 3): one row per kind of failure,
// the defaults, the limits in characters, the keys JavaScript treats specially, adopt's optional
// fields, credentialsChanged, and every combination of one or two inputs that are not known yet.
import { strict as assert } from "node:assert";
import { unknownValue } from "@pulumi/pulumi/runtime";
import { MASK } from "../../provider/catalog";
import {
    DEFAULT_DATE_FORMAT,
    DEFAULT_TIMEZONE,
    LIMITS,
    validateConnectorInputs,
    type CheckFailure,
} from "../../provider/connector/validate";
import { PROGRAM_CHECK_INPUT } from "../../provider/model";
import { SHOPIFY_TOKEN, shopifyInputs } from "../support/connector-inputs";
import { assertNoSecret } from "./secrets";

const STORE = "my-store.myshopify.com";

function failuresOf(news: Record<string, unknown>, olds?: Record<string, unknown>): CheckFailure[] {
    return validateConnectorInputs(news, olds).failures;
}

function properties(failures: CheckFailure[]): string[] {
    return failures.map((f) => f.property);
}

/** `count` copies of a character that takes two UTF-16 units: a person (and the API) counts one each. */
function emoji(count: number): string {
    return "💥".repeat(count);
}

describe("validateConnectorInputs", () => {
    describe("defaults", () => {
        it("applies the documented defaults, the only auth type, and no company group", () => {
            const { inputs, failures } = validateConnectorInputs({
                system: "veeqo",
                environment: "test",
                name: "Veeqo",
                credentials: { token: "veeqo-fake" },
            });
            assert.deepEqual(failures, []);
            assert.deepEqual(inputs, {
                system: "veeqo",
                environment: "test",
                name: "Veeqo",
                timezone: DEFAULT_TIMEZONE,
                dateFormat: DEFAULT_DATE_FORMAT,
                authType: "default",
                credentials: { token: "veeqo-fake" },
                adopt: false,
                credentialsChanged: [],
            });
            assert.equal(DEFAULT_TIMEZONE, "UTC");
            assert.equal(DEFAULT_DATE_FORMAT, "yyyy-MM-dd HH:mm:ss");
        });

        it("keeps explicit values and trims the company group", () => {
            const { inputs, failures } = validateConnectorInputs(
                shopifyInputs({ companyGroup: "  UK ", timezone: "Europe/London", dateFormat: "dd/MM/yyyy HH:mm" }),
            );
            assert.deepEqual(failures, []);
            assert.equal(inputs.companyGroup, "UK");
            assert.equal(inputs.timezone, "Europe/London");
            assert.equal(inputs.dateFormat, "dd/MM/yyyy HH:mm");
        });

        it("accepts a numeric port and hands it back as a string", () => {
            const { inputs, failures } = validateConnectorInputs({
                system: "seko",
                environment: "live",
                name: "SEKO files",
                authType: "ftp",
                credentials: { host: "ftp.example.com", port: 22, username: "u", password: "fake-password" },
            });
            assert.deepEqual(failures, []);
            assert.equal(inputs.credentials?.port, "22");
        });

        it("leaves out what is absent, since the engine's wire format has no undefined", () => {
            const { inputs } = validateConnectorInputs({ system: "shopify", environment: "live", name: "S" });
            assert.equal(Object.values(inputs).includes(undefined as never), false);
            assert.equal("authType" in inputs, false);
            assert.equal("companyGroup" in inputs, false);
        });

        it("drops what is not an input (the serialized provider, the program's verdict)", () => {
            const { inputs } = validateConnectorInputs(shopifyInputs({ __provider: "exports.handler = ...", [PROGRAM_CHECK_INPUT]: "" }));
            assert.equal("__provider" in inputs, false);
            assert.equal(PROGRAM_CHECK_INPUT in inputs, false);
        });
    });

    // One row per kind of check failure of CONTRACT section 3: the property path a user sees, and
    // words of the fix the message must contain.
    const failureKinds: { kind: string; news: Record<string, unknown>; property: string; mentions: RegExp[] }[] = [
        {
            kind: "unknown system",
            news: shopifyInputs({ system: "shopfy" }),
            property: "system",
            mentions: [/unknown system "shopfy"/, /did you mean "shopify"\?/, /patchworks\.systems/],
        },
        {
            kind: "missing system",
            news: shopifyInputs({ system: undefined }),
            property: "system",
            mentions: [/system is required/, /patchworks\.systems/],
        },
        {
            kind: "environment other than live/test",
            news: shopifyInputs({ environment: "prod" }),
            property: "environment",
            mentions: [/"live" or "test"/, /got "prod"/],
        },
        {
            kind: "missing environment",
            news: shopifyInputs({ environment: undefined }),
            property: "environment",
            mentions: [/environment must be "live" or "test"/],
        },
        {
            kind: "unknown auth type",
            news: shopifyInputs({ authType: "oauth" }),
            property: "authType",
            mentions: [/"oauth" is not an authentication type of Shopify/, /"token"/, /"legacy"/],
        },
        {
            kind: "auth type that is not a string",
            news: shopifyInputs({ authType: 7 }),
            property: "authType",
            mentions: [/must be a string/, /"token"/],
        },
        {
            kind: "missing auth type with several choices",
            news: shopifyInputs({ authType: undefined }),
            property: "authType",
            mentions: [/several authentication types/, /set authType to one of "token" \(.*\), "legacy"/],
        },
        {
            kind: "missing credential field",
            news: shopifyInputs({ credentials: { storeUrl: STORE } }),
            property: "credentials.accessToken",
            mentions: [/\(accessToken\) is required for Shopify/],
        },
        {
            kind: "unknown credential field",
            news: shopifyInputs({ credentials: { storeUrl: STORE, accessToken: SHOPIFY_TOKEN, apiVersion: "x" } }),
            property: "credentials.apiVersion",
            mentions: [/unknown credential field "apiVersion"/, /valid keys: storeUrl, accessToken/],
        },
        {
            kind: "ill-formed credential (store URL with a scheme)",
            news: shopifyInputs({ credentials: { storeUrl: `https://${STORE}/`, accessToken: SHOPIFY_TOKEN } }),
            property: "credentials.storeUrl",
            mentions: [/without http:\/\/ or a trailing '\/'/],
        },
        {
            kind: "ill-formed credential (port out of range)",
            news: {
                system: "bleckmann-sftp",
                environment: "live",
                name: "B",
                credentials: { host: "sftp.example.com", port: "70000", username: "u", password: "fake-pw" },
            },
            property: "credentials.port",
            mentions: [/1 to 65535/],
        },
        {
            kind: "ill-formed credential (plain http where https is required)",
            news: {
                system: "magento-2",
                environment: "live",
                name: "M",
                credentials: { baseUrl: "http://shop.example.com", accessToken: "fake-magento" },
            },
            property: "credentials.baseUrl",
            mentions: [/https:\/\//],
        },
        {
            kind: "empty credential value",
            news: shopifyInputs({ credentials: { storeUrl: STORE, accessToken: "  " } }),
            property: "credentials.accessToken",
            mentions: [/must not be empty/],
        },
        {
            kind: "credential value that is not a string",
            news: shopifyInputs({ credentials: { storeUrl: STORE, accessToken: 42 } }),
            property: "credentials.accessToken",
            mentions: [/must be a string/],
        },
        {
            kind: "the API's mask as a credential value",
            news: shopifyInputs({ credentials: { storeUrl: STORE, accessToken: MASK } }),
            property: "credentials.accessToken",
            mentions: [/mask "\*{8}"/, /set the real one/],
        },
        {
            kind: "credentials missing entirely",
            news: shopifyInputs({ credentials: undefined }),
            property: "credentials",
            mentions: [/object with the keys: storeUrl, accessToken/],
        },
        {
            kind: "credentials that are not an object",
            news: shopifyInputs({ credentials: ["a"] }),
            property: "credentials",
            mentions: [/object of strings \(got an array\)/],
        },
        {
            kind: "invalid IANA timezone",
            news: shopifyInputs({ timezone: "Europe/Londn" }),
            property: "timezone",
            mentions: [/IANA time zone such as "Europe\/London"/, /"Europe\/Londn" is not one/],
        },
        {
            kind: "timezone that is not a string",
            news: shopifyInputs({ timezone: 1 }),
            property: "timezone",
            mentions: [/IANA time zone/, /got a number/],
        },
        {
            kind: "date format that does not parse",
            news: shopifyInputs({ dateFormat: "qqqq" }),
            property: "dateFormat",
            mentions: [/round-trips/, /"yyyy-MM-dd HH:mm:ss"/],
        },
        {
            kind: "date format that loses the hour",
            news: shopifyInputs({ dateFormat: "yyyy-MM-dd hh:mm" }),
            property: "dateFormat",
            mentions: [/different hour/, /use HH, or add "a"/],
        },
        {
            kind: "empty date format",
            news: shopifyInputs({ dateFormat: " " }),
            property: "dateFormat",
            mentions: [/round-trips/, /an empty string/],
        },
        {
            kind: "empty name",
            news: shopifyInputs({ name: "   " }),
            property: "name",
            mentions: [/non-empty string/, /omit it to use the resource name/],
        },
        {
            kind: "missing name (a provider called without the SDK)",
            news: shopifyInputs({ name: undefined }),
            property: "name",
            mentions: [/name is required/],
        },
        {
            kind: "blank company group",
            news: shopifyInputs({ companyGroup: " " }),
            property: "companyGroup",
            mentions: [/non-empty string/, /omit it to use the company's default group/],
        },
        {
            kind: "interactive OAuth system without adopt",
            news: { system: "netsuite", environment: "live", name: "NetSuite", authType: "suitetalk-oauth" },
            property: "adopt",
            mentions: [/interactive OAuth redirect/, /Authorise the connector in the Patchworks dashboard/, /adopt: true/],
        },
        {
            kind: "adopt that is not a boolean",
            news: shopifyInputs({ adopt: "yes" }),
            property: "adopt",
            mentions: [/adopt must be true or false \(got a string\)/],
        },
        {
            kind: "the SDK's verdict on the program (a duplicate known at deploy time)",
            news: shopifyInputs({ [PROGRAM_CHECK_INPUT]: 'Connector "b" duplicates Connector "a"' }),
            property: "",
            mentions: [/^Connector "b" duplicates Connector "a"$/],
        },
    ];

    describe("one failure per kind, at its property, saying what to do", () => {
        for (const row of failureKinds) {
            it(`${row.kind}: ${row.property || "(the resource)"}`, () => {
                const failures = failuresOf(row.news);
                assert.deepEqual(properties(failures), [row.property], JSON.stringify(failures));
                for (const mention of row.mentions) assert.match(failures[0].reason, mention);
            });
        }

        it("never echoes a credential value in a failure", () => {
            const secret = "shpat-do-not-print-me-0042";
            const failures = failuresOf(
                shopifyInputs({ credentials: { storeUrl: `https://${secret}/`, accessToken: secret, extra: secret, constructor: secret } }),
            );
            assert.deepEqual(properties(failures).sort(), ["credentials.constructor", "credentials.extra", "credentials.storeUrl"]);
            for (const failure of failures) assertNoSecret(failure.reason, [secret], `the failure at ${failure.property}`);
        });

        it("reports every problem at once, not the first only", () => {
            const failures = failuresOf(
                shopifyInputs({ environment: "prod", timezone: "Mars/Base", name: "", credentials: { storeUrl: STORE } }),
            );
            assert.deepEqual(properties(failures), ["environment", "name", "timezone", "credentials.accessToken"]);
        });
    });

    describe("limits, in characters as the API counts them", () => {
        const netsuiteLegacy = (value: string) => ({
            system: "netsuite",
            environment: "live",
            name: "NetSuite",
            authType: "legacy-oauth1",
            credentials: Object.fromEntries(
                ["tokenId", "tokenSecret", "accountId", "scriptId", "deployId", "consumerKey", "consumerSecret"].map((k) => [k, value]),
            ),
        });
        const rows: { title: string; news: Record<string, unknown>; failures: [string, RegExp][] }[] = [
            { title: `a name of ${LIMITS.name} emoji`, news: shopifyInputs({ name: emoji(LIMITS.name) }), failures: [] },
            {
                title: `a name of ${LIMITS.name + 1} characters`,
                news: shopifyInputs({ name: emoji(LIMITS.name + 1) }),
                failures: [["name", /at most 255 characters \(got 256\)/]],
            },
            {
                title: `a company group of ${LIMITS.companyGroup} emoji, padded with blanks`,
                news: shopifyInputs({ companyGroup: `  ${emoji(LIMITS.companyGroup)}  ` }),
                failures: [],
            },
            {
                title: `a company group of ${LIMITS.companyGroup + 1} characters`,
                news: shopifyInputs({ companyGroup: "g".repeat(LIMITS.companyGroup + 1) }),
                failures: [["companyGroup", /at most 255 characters \(got 256\)/]],
            },
            {
                title: `a credential value of ${LIMITS.credentialValue} emoji`,
                news: shopifyInputs({ credentials: { storeUrl: STORE, accessToken: emoji(LIMITS.credentialValue) } }),
                failures: [],
            },
            {
                title: `a credential value of ${LIMITS.credentialValue + 1} characters`,
                news: shopifyInputs({ credentials: { storeUrl: STORE, accessToken: "t".repeat(LIMITS.credentialValue + 1) } }),
                failures: [["credentials.accessToken", /at most 4096 characters \(got 4097\)/]],
            },
            {
                title: "credentials within each field's limit but over 64 KiB together",
                news: netsuiteLegacy(emoji(LIMITS.credentialValue)),
                failures: [["credentials", /at most 65536 bytes as JSON all together \(got \d{6}\)/]],
            },
            {
                title: "seven credential values of 4096 ASCII characters (28 KiB)",
                news: netsuiteLegacy("v".repeat(LIMITS.credentialValue)),
                failures: [],
            },
            {
                title: `a date format of ${LIMITS.dateFormat + 1} characters`,
                news: shopifyInputs({ dateFormat: `yyyy-MM-dd '${"x".repeat(LIMITS.dateFormat)}'` }),
                failures: [["dateFormat", /more than 100/]],
            },
            // 71 characters (131 UTF-16 units) is within the limit of 100 characters.
            {
                title: "a date format of 71 characters, 60 of them emoji",
                news: shopifyInputs({ dateFormat: `yyyy-MM-dd ${emoji(60)}` }),
                failures: [],
            },
        ];
        for (const row of rows) {
            it(`${row.failures.length === 0 ? "accepts" : "refuses"} ${row.title}`, () => {
                const failures = failuresOf(row.news);
                assert.deepEqual(
                    properties(failures),
                    row.failures.map(([property]) => property),
                    JSON.stringify(failures).slice(0, 500),
                );
                row.failures.forEach(([, reason], i) => {
                    assert.match(failures[i].reason, reason);
                });
            });
        }
    });

    describe("keys JavaScript treats specially are refused by name", () => {
        const rows: [string, Record<string, unknown>][] = [
            ["__proto__ (as JSON.parse makes it)", JSON.parse(`{"storeUrl":"${STORE}","accessToken":"t","__proto__":"x"}`)],
            ["constructor", { storeUrl: STORE, accessToken: "t", constructor: "x" }],
            ["prototype", { storeUrl: STORE, accessToken: "t", prototype: "x" }],
        ];
        for (const [key, credentials] of rows) {
            it(`credentials.${key.split(" ")[0]}`, () => {
                const name = key.split(" ")[0];
                const failures = failuresOf(shopifyInputs({ credentials }));
                assert.deepEqual(properties(failures), [`credentials.${name}`]);
                assert.match(failures[0].reason, new RegExp(`"${name}" cannot be a credential key; remove it`));
            });
        }

        it("also while the auth type is unknown", () => {
            const failures = failuresOf(shopifyInputs({ authType: unknownValue, credentials: { storeUrl: STORE, constructor: "x" } }));
            assert.deepEqual(properties(failures), ["credentials.constructor"]);
        });

        it("leaves Object.prototype untouched", () => {
            validateConnectorInputs(shopifyInputs({ credentials: JSON.parse('{"__proto__":{"polluted":"yes"}}') }));
            assert.equal(({} as Record<string, unknown>).polluted, undefined);
        });
    });

    describe("adopt: what the program leaves out, Patchworks keeps", () => {
        it("leaves omitted name, timezone, dateFormat and credentials absent, not defaulted", () => {
            const { inputs, failures } = validateConnectorInputs({
                system: "shopify",
                environment: "live",
                authType: "token",
                adopt: true,
            });
            assert.deepEqual(failures, []);
            assert.deepEqual(inputs, { system: "shopify", environment: "live", authType: "token", adopt: true, credentialsChanged: [] });
        });

        it("keeps what the program declares", () => {
            const { inputs, failures } = validateConnectorInputs(shopifyInputs({ adopt: true, timezone: "Europe/London" }));
            assert.deepEqual(failures, []);
            assert.equal(inputs.name, "Shopify UK");
            assert.equal(inputs.timezone, "Europe/London");
            assert.equal("dateFormat" in inputs, false);
            assert.deepEqual(inputs.credentials, { storeUrl: STORE, accessToken: SHOPIFY_TOKEN });
        });

        it("still validates what is declared", () => {
            const failures = failuresOf(shopifyInputs({ adopt: true, name: "", timezone: "Nowhere", credentials: { storeUrl: STORE } }));
            assert.deepEqual(properties(failures), ["name", "timezone", "credentials.accessToken"]);
        });

        it("takes over an interactive OAuth connector, which has no credentials to declare", () => {
            const failures = failuresOf({ system: "lightspeed-retail-r-series", environment: "live", adopt: true });
            assert.deepEqual(failures, []);
        });
    });

    describe("credentialsChanged: the keys a change sets anew, never their values", () => {
        const seko = (credentials: Record<string, string>) => ({
            system: "seko",
            environment: "live",
            name: "SEKO",
            authType: "api",
            credentials,
        });
        const sekoBase = { apiUrl: "https://api.seko.example", apiKey: "seko-key-1" };
        const rows: { title: string; olds: Record<string, unknown>; news: Record<string, unknown>; changed: unknown }[] = [
            { title: "a new resource (no olds)", olds: {}, news: shopifyInputs(), changed: [] },
            { title: "nothing changed", olds: shopifyInputs(), news: shopifyInputs(), changed: [] },
            {
                title: "a rotated value",
                olds: shopifyInputs(),
                news: shopifyInputs({ credentials: { storeUrl: STORE, accessToken: "shpat-rotated" } }),
                changed: ["accessToken"],
            },
            { title: "an added key", olds: seko(sekoBase), news: seko({ ...sekoBase, dcCode: "DC1" }), changed: ["dcCode"] },
            { title: "a removed key", olds: seko({ ...sekoBase, dcCode: "DC1" }), news: seko(sekoBase), changed: ["dcCode"] },
            {
                title: "several changes, sorted",
                olds: seko({ ...sekoBase, dcCode: "DC1" }),
                news: seko({ apiUrl: "https://other.seko.example", apiKey: "seko-key-2" }),
                changed: ["apiKey", "apiUrl", "dcCode"],
            },
            {
                title: "a value not known yet",
                olds: shopifyInputs(),
                news: shopifyInputs({ credentials: { storeUrl: STORE, accessToken: unknownValue } }),
                changed: ["accessToken"],
            },
            {
                title: "credentials not known yet",
                olds: shopifyInputs(),
                news: shopifyInputs({ credentials: unknownValue }),
                changed: unknownValue,
            },
            {
                title: "credentials left out by an adopting connector",
                olds: shopifyInputs(),
                news: shopifyInputs({ adopt: true, credentials: undefined }),
                changed: [],
            },
        ];
        for (const row of rows) {
            it(`${row.title}: ${JSON.stringify(row.changed)}`, () => {
                const { inputs, failures } = validateConnectorInputs(row.news, row.olds);
                assert.deepEqual(failures, []);
                assert.deepEqual(inputs.credentialsChanged, row.changed);
                const text = JSON.stringify(inputs.credentialsChanged);
                assertNoSecret(text, ["seko-key", "https://", SHOPIFY_TOKEN, "shpat-rotated"], "credentialsChanged");
            });
        }

        it("ignores a credentialsChanged the program or a state passed in", () => {
            const { inputs } = validateConnectorInputs(shopifyInputs({ credentialsChanged: ["forged"] }), shopifyInputs());
            assert.deepEqual(inputs.credentialsChanged, []);
        });
    });
});

// ---- unknown inputs ------------------------------------------------------------------------------

/** One input as the unknown-combination table sees it. */
interface InputCase {
    input: string;
    /** The property path at which its wrong value is reported. */
    property: string;
    /** Makes this input unknown. */
    unknown: (news: Record<string, unknown>) => void;
    /** Whether the returned inputs carry the sentinel for it. */
    passedThrough: (inputs: Record<string, unknown>) => boolean;
    /** Gives this input a wrong value that its own check reports. */
    wrong: (news: Record<string, unknown>) => void;
    /** The inputs the check of that wrong value needs to know. */
    needs: string[];
}

const credentialsOf = (news: Record<string, unknown>) => news.credentials as Record<string, unknown>;

const INPUT_CASES: InputCase[] = [
    {
        input: "system",
        property: "system",
        unknown: (n) => (n.system = unknownValue),
        passedThrough: (i) => i.system === unknownValue,
        wrong: (n) => (n.system = "shopfy"),
        needs: [],
    },
    {
        input: "environment",
        property: "environment",
        unknown: (n) => (n.environment = unknownValue),
        passedThrough: (i) => i.environment === unknownValue,
        wrong: (n) => (n.environment = "prod"),
        needs: [],
    },
    {
        input: "companyGroup",
        property: "companyGroup",
        unknown: (n) => (n.companyGroup = unknownValue),
        passedThrough: (i) => i.companyGroup === unknownValue,
        wrong: (n) => (n.companyGroup = "  "),
        needs: [],
    },
    {
        input: "name",
        property: "name",
        unknown: (n) => (n.name = unknownValue),
        passedThrough: (i) => i.name === unknownValue,
        wrong: (n) => (n.name = " "),
        needs: [],
    },
    {
        input: "timezone",
        property: "timezone",
        unknown: (n) => (n.timezone = unknownValue),
        passedThrough: (i) => i.timezone === unknownValue,
        wrong: (n) => (n.timezone = "Europe/Londn"),
        needs: [],
    },
    {
        input: "dateFormat",
        property: "dateFormat",
        unknown: (n) => (n.dateFormat = unknownValue),
        passedThrough: (i) => i.dateFormat === unknownValue,
        wrong: (n) => (n.dateFormat = "yyyy-MM-dd hh:mm"),
        needs: [],
    },
    {
        input: "authType",
        property: "authType",
        unknown: (n) => (n.authType = unknownValue),
        passedThrough: (i) => i.authType === unknownValue,
        wrong: (n) => (n.authType = "oauth"),
        needs: ["system"],
    },
    {
        input: "credentials",
        property: "credentials.apiVersion",
        unknown: (n) => (n.credentials = unknownValue),
        passedThrough: (i) => i.credentials === unknownValue,
        // A key no auth type of the system has: wrong whether or not the auth type is known.
        wrong: (n) => (credentialsOf(n).apiVersion = "2024-01"),
        needs: ["system"],
    },
    {
        input: "credentials.accessToken",
        property: "credentials.accessToken",
        unknown: (n) => {
            if (typeof n.credentials === "object") credentialsOf(n).accessToken = unknownValue;
        },
        passedThrough: (i) => typeof i.credentials !== "object" || (i.credentials as Record<string, unknown>).accessToken === unknownValue,
        wrong: (n) => (credentialsOf(n).accessToken = MASK),
        needs: ["system", "authType", "credentials"],
    },
    {
        input: "adopt",
        property: "adopt",
        unknown: (n) => (n.adopt = unknownValue),
        passedThrough: (i) => i.adopt === unknownValue,
        wrong: (n) => (n.adopt = "yes"),
        needs: [],
    },
];

/** Every input set explicitly, so each can be made unknown. */
function completeInputs(): Record<string, unknown> {
    return shopifyInputs({
        timezone: "Europe/London",
        dateFormat: "dd/MM/yyyy HH:mm",
        adopt: false,
        credentials: { storeUrl: STORE, accessToken: SHOPIFY_TOKEN },
    });
}

function withUnknown(unknowns: InputCase[], change?: InputCase): Record<string, unknown> {
    const news = completeInputs();
    change?.wrong(news);
    // The credential value first: unknown credentials as a whole replace it.
    for (const c of [...unknowns].sort((a, b) => b.input.length - a.input.length)) c.unknown(news);
    return news;
}

function combinations(): InputCase[][] {
    const rows: InputCase[][] = INPUT_CASES.map((c) => [c]);
    INPUT_CASES.forEach((a, i) => {
        for (const b of INPUT_CASES.slice(i + 1)) rows.push([a, b]);
    });
    return rows;
}

describe("validateConnectorInputs with inputs not known yet (preview)", () => {
    for (const unknowns of combinations()) {
        const names = unknowns.map((c) => c.input);
        it(`${names.join(" + ")} unknown: the rest still validated, nothing unknown reported, the sentinel passed through`, () => {
            const { inputs, failures } = validateConnectorInputs(withUnknown(unknowns));
            assert.deepEqual(failures, [], "nothing is reported when every known input is right");
            for (const c of unknowns)
                assert.ok(c.passedThrough(inputs as unknown as Record<string, unknown>), `${c.input} keeps the unknown sentinel`);

            for (const other of INPUT_CASES.filter((c) => !names.includes(c.input))) {
                const checkable = other.needs.every((n) => !names.includes(n));
                const reported = properties(validateConnectorInputs(withUnknown(unknowns, other)).failures);
                assert.deepEqual(
                    reported,
                    checkable ? [other.property] : [],
                    `a wrong ${other.input} with ${names.join(" + ")} unknown ${checkable ? "is still reported, alone" : "cannot be checked yet"}`,
                );
            }
        });
    }

    describe("an unknown adopt is neither true nor false", () => {
        it("no interactive-OAuth failure (that needs adopt false)", () => {
            assert.deepEqual(
                failuresOf({ system: "netsuite", environment: "live", name: "NetSuite", authType: "suitetalk-oauth", adopt: unknownValue }),
                [],
            );
        });

        it("no missing-name or missing-credentials failure, and no defaults it might not want", () => {
            const { inputs, failures } = validateConnectorInputs({
                system: "shopify",
                environment: "live",
                authType: "token",
                adopt: unknownValue,
            });
            assert.deepEqual(failures, []);
            assert.deepEqual(inputs, {
                system: "shopify",
                environment: "live",
                authType: "token",
                adopt: unknownValue,
                credentialsChanged: [],
            });
        });

        it("declared values are still checked", () => {
            assert.deepEqual(
                properties(failuresOf(shopifyInputs({ adopt: unknownValue, timezone: "Nowhere", credentials: { storeUrl: STORE } }))),
                ["timezone", "credentials.accessToken"],
            );
        });
    });

    it("a program verdict not known yet is no failure", () => {
        assert.deepEqual(failuresOf(shopifyInputs({ [PROGRAM_CHECK_INPUT]: unknownValue })), []);
    });

    it("a credential key the auth type lacks is wrong whatever its value turns out to be", () => {
        assert.deepEqual(
            properties(failuresOf(shopifyInputs({ credentials: { storeUrl: STORE, accessToken: "t", apiVersion: unknownValue } }))),
            ["credentials.apiVersion"],
        );
    });

    it("a missing credential is still reported when the others are unknown", () => {
        assert.deepEqual(properties(failuresOf(shopifyInputs({ credentials: { storeUrl: unknownValue } }))), ["credentials.accessToken"]);
    });
});
