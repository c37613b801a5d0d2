// Property-based tests of `check`, the first code that touches whatever a program (or a hand-edited
// state, or a broken API) hands the provider: wrong types, huge strings, unicode, prototype-pollution
// keys, objects where strings belong, and API answers that quote every secret they can. For every
// input `check` must not throw, must return normalised inputs or failures that each name a
// property, and must never show a credential value or the API key.
//
// The seed is fixed and printed in the suite's title, so a failure reproduces; set
// PATCHWORKS_PROPERTY_SEED to explore others.
import { strict as assert } from "node:assert";
import { unknownValue } from "@pulumi/pulumi/runtime";
import fc from "fast-check";
import { IANAZone } from "luxon";
import * as provider from "../../provider";
import { findAuthType, findSystem, MASK, systemIds, systems, validateCredentials, type CredentialField } from "../../provider/catalog";
import { PatchworksClient } from "../../provider/client";
import type { Attempt } from "../../provider/client/http";
import { validateConnectorInputs, type CheckFailure } from "../../provider/connector/validate";
import type { Severity } from "../../provider/diagnostics";
import { Runtime, useRuntime } from "../../provider/runtime";
import { resolveSettings, settingsFor } from "../../provider/settings";
import { answer, lostConnection, timedOut, unsent } from "../client/virtual-time";
import { closedPort } from "../client/fake-server";

const SEED = Number(process.env.PATCHWORKS_PROPERTY_SEED ?? 20_250_601);

/** Every credential value generated here carries this, so an echo is a substring search away. */
const MARK = "sekmark";
const API_KEY = "pwk-fuzz-api-key-3c9d51e0a7";

const INPUT_PROPERTIES = ["system", "environment", "companyGroup", "name", "timezone", "dateFormat", "authType", "credentials", "adopt"];
const POLLUTING_KEYS = ["__proto__", "constructor", "prototype", "toString", "valueOf", "hasOwnProperty", "__defineGetter__", "then"];

/** Counts of what was fuzzed, reported at the end of the suite. */
const fuzzed = { validate: 0, validateAccepted: 0, check: 0, checkAgainstHostileApi: 0 };

// ---- values ---------------------------------------------------------------------------------

const marked = fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: 4, maxLength: 12 }).map((hex) => `${MARK}${hex}`);

const unicode = fc.oneof(
    fc.string({ unit: "grapheme", maxLength: 40 }),
    fc.string({ unit: "binary", maxLength: 40 }), // lone surrogates included
    fc.constantFrom("", " ", "\u0000", "\u202e", "Ω≈ç√", "𝕊𝕙𝕠𝕡𝕚𝕗𝕪", "\n\r\t", "💥".repeat(20), "ﷺ", "\ufeffshopify", MASK),
);

/** Up to ~1 MB, built cheaply by repetition. */
const huge = fc
    .tuple(fc.integer({ min: 10_000, max: 1_000_000 }), fc.constantFrom("x", "é", "💥", "yyyy", "%s", "a/b"))
    .map(([n, unit]) => unit.repeat(Math.ceil(n / unit.length)));

/** An object with own keys chosen to pollute prototypes (defined, not assigned, as JSON.parse does). */
function objectFrom(entries: [string, unknown][], nullPrototype: boolean): Record<string, unknown> {
    const target: Record<string, unknown> = nullPrototype ? Object.create(null) : {};
    for (const [key, value] of entries) {
        Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
    }
    return target;
}

const key = fc.oneof(fc.constantFrom(...POLLUTING_KEYS, ...INPUT_PROPERTIES), unicode, fc.string({ maxLength: 12 }));

/** Anything the engine could send, and worse. `leaf` decides what strings look like. */
function hostile(leaf: fc.Arbitrary<string>): fc.Arbitrary<unknown> {
    const { value } = fc.letrec<{ value: unknown }>((tie) => ({
        value: fc.oneof(
            { depthSize: "small", withCrossShrink: true },
            leaf,
            fc.constant(unknownValue),
            fc.constantFrom(null, undefined, true, false, 0, -1, 1e308, Number.NaN, Number.POSITIVE_INFINITY),
            fc.double(),
            fc.array(tie("value"), { maxLength: 4 }),
            fc
                .tuple(fc.array(fc.tuple(key, tie("value")), { maxLength: 4 }), fc.boolean())
                .map(([entries, nullProto]) => objectFrom(entries, nullProto)),
            fc.constant({ polluted: "yes" }).map((p) => objectFrom([["__proto__", p]], false)),
        ),
    }));
    return value;
}

const anyString = fc.oneof(unicode, huge, fc.string());
const hostileValue = hostile(anyString);
/** Where credentials go, every string carries the mark. */
const hostileCredential = hostile(
    fc.oneof(
        marked,
        marked.map((m) => `${m}\n${m}`),
        huge.map((h) => `${MARK}${h}`),
    ),
);

// ---- valid inputs, from the catalog ---------------------------------------------------------

function validCredential(field: CredentialField, mark: string): string {
    const rule = field.rule ?? "";
    if (rule === "port") return "22";
    if (rule === "guid") return "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
    if (rule === "url" || rule === "https-url") return `https://${mark}.example.com/path`;
    if (rule === "host" || rule === "shopify-store") return `${mark}.example.com`;
    if (rule === "subdomain") return mark;
    if (rule.startsWith("prefix:")) return `${rule.slice("prefix:".length)}${mark}`;
    return mark;
}

const validInputs = fc
    .tuple(
        fc.constantFrom(...systemIds),
        fc.nat(),
        fc.constantFrom("live", "test"),
        marked,
        fc.constantFrom("uk_store", " UK Store ", "europe"),
        fc.constantFrom("UTC", "Europe/London", "America/New_York", undefined),
        fc.constantFrom("Y-m-d H:i:s", "d/m/Y H:i", "c", undefined),
        fc.boolean(),
    )
    .map(([systemId, authIndex, environment, mark, companyGroup, timezone, dateFormat, adopt]) => {
        const system = systems[systemId];
        const authType = system.authTypes[authIndex % system.authTypes.length];
        const credentials = Object.fromEntries(authType.fields.map((f) => [f.key, validCredential(f, mark)]));
        const inputs: Record<string, unknown> = {
            system: systemId,
            environment,
            name: `Connector ${systemId}`,
            authType: authType.id,
            credentials,
            adopt: adopt || system.oauthOnly,
        };
        inputs.companyGroup = companyGroup;
        if (timezone !== undefined) inputs.timezone = timezone;
        if (dateFormat !== undefined) inputs.dateFormat = dateFormat;
        return inputs;
    });

type Mutation =
    | { kind: "set"; property: string; value: unknown }
    | { kind: "delete"; property: string }
    | { kind: "credential"; key: string; value: unknown }
    | { kind: "credentials"; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({
        kind: fc.constant("set" as const),
        property: fc.constantFrom(...INPUT_PROPERTIES.filter((p) => p !== "credentials"), ...POLLUTING_KEYS),
        value: hostileValue,
    }),
    fc.record({ kind: fc.constant("delete" as const), property: fc.constantFrom(...INPUT_PROPERTIES) }),
    fc.record({ kind: fc.constant("credential" as const), key, value: hostileCredential }),
    fc.record({ kind: fc.constant("credentials" as const), value: hostileCredential }),
);

function mutate(base: Record<string, unknown>, mutations: Mutation[]): Record<string, unknown> {
    const entries = new Map(Object.entries(base));
    let credentials: unknown = base.credentials;
    for (const m of mutations) {
        if (m.kind === "set") entries.set(m.property, m.value);
        else if (m.kind === "delete") entries.delete(m.property);
        else if (m.kind === "credentials") credentials = m.value;
        else if (typeof credentials === "object" && credentials !== null && !Array.isArray(credentials)) {
            credentials = objectFrom([...Object.entries(credentials), [m.key, m.value]], false);
        }
    }
    if (entries.has("credentials") || credentials !== base.credentials) entries.set("credentials", credentials);
    return objectFrom([...entries], false);
}

/** Fully hostile: any object at all, or a catalog-valid one with a few things broken. */
const news: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
    { weight: 1, arbitrary: validInputs },
    { weight: 4, arbitrary: fc.tuple(validInputs, fc.array(mutation, { minLength: 1, maxLength: 4 })).map(([b, ms]) => mutate(b, ms)) },
    {
        weight: 1,
        arbitrary: fc
            .array(fc.tuple(fc.constantFrom(...INPUT_PROPERTIES, ...POLLUTING_KEYS), hostileValue), { maxLength: 9 })
            .map((entries) =>
                objectFrom(
                    entries.map(([k, v]) => [k, k === "credentials" ? `${MARK}-as-a-string` : v]),
                    false,
                ),
            ),
    },
);

// ---- hostile API answers --------------------------------------------------------------------

/** What an answer quotes: indexes into the secrets of the run (its credential values and the API key). */
type Quote = number[];

type HostileAnswer =
    | { kind: "error"; status: number; quote: Quote }
    | { kind: "raw"; status: number; text: string }
    | { kind: "network"; attempt: Attempt }
    | { kind: "list"; connectors: HostileConnector[] };

interface HostileConnector {
    sameKey: boolean;
    /** The name and id quote secrets (ids stay short, as the API's do). */
    nameQuote: Quote;
    idQuote: Quote;
    authType: "declared" | "other";
    credentialKeys: string[];
    credentialQuote: Quote;
    exact: boolean;
}

const quote = fc.array(fc.nat(), { maxLength: 3 });

const hostileConnector: fc.Arbitrary<HostileConnector> = fc.record({
    sameKey: fc.boolean(),
    nameQuote: quote,
    idQuote: quote,
    authType: fc.constantFrom("declared" as const, "other" as const),
    credentialKeys: fc.array(fc.constantFrom("constructor", "__proto__", "toString", "store", "access_token", "token", "password"), {
        maxLength: 4,
    }),
    credentialQuote: quote,
    exact: fc.boolean(),
});

const hostileAnswer: fc.Arbitrary<HostileAnswer> = fc.oneof(
    fc.record({ kind: fc.constant("error" as const), status: fc.constantFrom(400, 401, 403, 404, 409, 413, 422, 500, 502, 503), quote }),
    fc.record({
        kind: fc.constant("raw" as const),
        status: fc.constantFrom(200, 500),
        text: fc.constantFrom(
            "",
            "{",
            "<html><body>Bad gateway</body></html>",
            "null",
            '{"data":"nope"}',
            '{"data":[{"id":1}]}',
            '{"data":[{"id":"uk_store|1","system":null}]}',
        ),
    }),
    fc.record({ kind: fc.constant("network" as const), attempt: fc.constantFrom(unsent(), lostConnection(), timedOut()) }),
    fc.record({
        kind: fc.constant("list" as const),
        connectors: fc.array(hostileConnector, { maxLength: 3 }),
    }),
);

function quoted(secrets: string[], indexes: Quote): string {
    return indexes.map((i) => secrets[i % secrets.length]).join(" ");
}

/** The groups the hostile API's account has: the ones the valid inputs name, and one whose name quotes a secret. */
function groupsOnTheWire(secrets: string[]): Record<string, unknown>[] {
    return [
        { id: 1, name: "UK Store", username: "uk_store", slug: "uk-store" },
        { id: 2, name: "Europe", username: "europe", slug: "europe" },
        { id: 3, name: `Group ${secrets[1] ?? ""}`, username: "quoted", slug: "quoted" },
    ];
}

/** A connector as GET /connectors returns it (fact sheet 3.1), its fields quoting the secrets as the script says. */
function toWire(c: HostileConnector, input: Record<string, unknown>, secrets: string[]): Record<string, unknown> {
    const declared = (input.credentials ?? {}) as Record<string, unknown>;
    const entries: [string, unknown][] = c.exact ? Object.keys(declared).map((k) => [k, MASK]) : [];
    for (const k of c.credentialKeys) entries.push([k, c.credentialQuote.length > 0 ? quoted(secrets, c.credentialQuote) : MASK]);
    const system = findSystem(input.system as string);
    const group =
        String(input.companyGroup ?? "")
            .trim()
            .toLowerCase() === "europe"
            ? 2
            : 1;
    const username = group === 2 ? "europe" : "uk_store";
    return {
        id: `${username}|${quoted(secrets, c.idQuote) || "1"}`,
        environment: input.environment === "test" ? "test" : "live",
        authorisation_type: c.authType === "declared" ? input.authType : "other-auth",
        connector_name: c.exact ? input.name : `Connector ${quoted(secrets, c.nameQuote)}`,
        timeZone: typeof input.timezone === "string" ? input.timezone : "UTC",
        dateFormat: typeof input.dateFormat === "string" ? input.dateFormat : "c",
        // Defined, not assigned, so a "__proto__" key reaches the wire as JSON.parse would read it.
        credentials: objectFrom(entries, false),
        system:
            c.sameKey && system
                ? { id: 7, name: system.fabricName, factory_name: system.factoryName }
                : { id: 8, name: "Magento 2", factory_name: "Magentotwo" },
        integration: { id: group, name: group === 2 ? "Europe" : "UK Store", username },
    };
}

/** The hostile API: the systems are refused (the bundled catalog serves), the groups listed, the connectors from the script. */
function toAttempt(request: { path: string }, a: HostileAnswer, input: Record<string, unknown>, secrets: string[]): Attempt {
    if (request.path.startsWith("/systems")) return answer(503, { message: `no systems, ${quoted(secrets, [0])}` });
    if (request.path.startsWith("/integrations")) {
        return answer(200, { data: groupsOnTheWire(secrets), meta: { current_page: 1, last_page: 1 } });
    }
    if (a.kind === "network") return a.attempt;
    if (a.kind === "raw") return { kind: "response", status: a.status, text: a.text };
    if (a.kind === "error")
        return answer(a.status, {
            message: `rejected ${quoted(secrets, a.quote)}`,
            errors: { [quoted(secrets, a.quote) || "field"]: [quoted(secrets, a.quote)] },
        });
    return answer(200, { data: a.connectors.map((c) => toWire(c, input, secrets)) });
}

// ---- the properties -------------------------------------------------------------------------

const PROPERTY_PATH = /^(system|environment|companyGroup|name|timezone|dateFormat|authType|adopt|credentials(\..*)?)$/s;

/** A failure of the account check rather than of an input: said in a line of its own. */
// Problems of the whole resource, not of one input: the account cannot be read, or holds its key.
const ACCOUNT_LEVEL = /^(cannot check the account for existing connectors: |a connector with this key exists in the Patchworks account: )/;

function assertWellFormedFailures(failures: unknown, allowAccountLevel: boolean): asserts failures is CheckFailure[] {
    assert.ok(Array.isArray(failures), "failures is an array");
    for (const failure of failures as CheckFailure[]) {
        assert.equal(typeof failure.property, "string");
        assert.equal(typeof failure.reason, "string");
        assert.ok(failure.reason.trim().length > 0, "a failure says what is wrong");
        // The account's advice quotes a connector's id and name; an input's failure quotes at most a short excerpt.
        const limit = allowAccountLevel ? 4_000 : 2_000;
        assert.ok(failure.reason.length <= limit, `a reason of ${failure.reason.length} characters echoes too much`);
        const accountLevel = failure.property === "" && ACCOUNT_LEVEL.test(failure.reason);
        assert.ok(
            PROPERTY_PATH.test(failure.property) || (allowAccountLevel && accountLevel),
            `failure names no property: ${masked(JSON.stringify(failure)).slice(0, 300)}`,
        );
        assertShowsNoSecret(failure.reason, `the failure at ${failure.property || "(the resource)"}`);
    }
}

/** No credential value and no API key; the text shown with them masked, so test output has none either. */
function assertShowsNoSecret(text: string, where: string): void {
    assert.ok(!text.includes(MARK) && !text.includes(API_KEY), `${where} shows a secret: ${masked(text).slice(0, 600)}`);
}

function masked(text: string): string {
    return text
        .replace(new RegExp(`${MARK}[^\\s"',)]*`, "g"), "<credential>")
        .split(API_KEY)
        .join("<api key>");
}

/** With no failures, every field is in its final, normalised form (unknowns left alone), and checking it again changes nothing. */
function assertNormalised(inputs: Record<string, unknown>, given: Record<string, unknown>): void {
    const unknown = (k: string) => Object.hasOwn(given, k) && given[k] === unknownValue;
    // An adopted connector (or one whose adopt is not known yet) may leave these to Patchworks.
    const mayBeAbsent = (k: string) => inputs.adopt !== false && !(k in inputs);
    if (!unknown("system")) assert.ok(typeof inputs.system === "string" && findSystem(inputs.system), "system is a catalog id");
    if (!unknown("environment")) assert.ok(inputs.environment === "live" || inputs.environment === "test");
    if (!unknown("name") && !mayBeAbsent("name"))
        assert.ok(typeof inputs.name === "string" && inputs.name.trim() !== "" && [...inputs.name].length <= 255);
    if (!unknown("timezone") && !mayBeAbsent("timezone"))
        assert.ok(typeof inputs.timezone === "string" && IANAZone.isValidZone(inputs.timezone));
    if (!unknown("dateFormat") && !mayBeAbsent("dateFormat")) assert.equal(typeof inputs.dateFormat, "string");
    if (!unknown("adopt")) assert.equal(typeof inputs.adopt, "boolean");
    if (!unknown("companyGroup") && "companyGroup" in inputs) {
        assert.ok(
            typeof inputs.companyGroup === "string" && inputs.companyGroup === inputs.companyGroup.trim() && inputs.companyGroup !== "",
        );
    }
    const again = validateConnectorInputs(inputs);
    assert.deepEqual(again.failures, [], "checked inputs check again");
    assert.deepEqual(again.inputs, inputs, "checking checked inputs changes nothing");
    if (["system", "authType", "credentials"].some(unknown) || mayBeAbsent("credentials")) return;
    const system = findSystem(inputs.system as string);
    const authType = system && findAuthType(system, inputs.authType as string);
    assert.ok(authType, "authType is one of the system's");
    const credentials = inputs.credentials as Record<string, unknown>;
    assert.ok(typeof credentials === "object" && credentials !== null && !Array.isArray(credentials), "credentials is an object");
    for (const k of Object.keys(credentials))
        assert.ok(
            authType.fields.some((f) => f.key === k),
            `credentials.${k} is a field of ${authType.id}`,
        );
    const values = Object.entries(credentials).filter(([, v]) => v !== unknownValue);
    if (values.length === Object.keys(credentials).length && !(system.oauthOnly && values.length === 0)) {
        assert.deepEqual(validateCredentials(system, authType, credentials, "strict").failures, [], "credentials pass the catalog");
    }
}

function assertNoPollution(): void {
    const probe = {} as Record<string, unknown>;
    assert.equal(probe.polluted, undefined, "Object.prototype was polluted");
    assert.deepEqual(Object.keys(Object.prototype), []);
}

/** fc.assert with the fixed seed, the report cut short and masked: a counterexample may hold a megabyte, and credentials. */
async function holds<Ts extends [unknown, ...unknown[]]>(
    property: fc.IProperty<Ts> | fc.IAsyncProperty<Ts>,
    numRuns: number,
): Promise<void> {
    try {
        await fc.assert(property as fc.IAsyncProperty<Ts>, { numRuns, seed: SEED });
    } catch (error) {
        const message = masked(String((error as Error).message));
        const cause = (error as { cause?: Error }).cause;
        throw new Error(
            `${message.slice(0, 3_000)}${message.length > 3_000 ? " [...]" : ""}\ncaused by: ${masked(String(cause?.stack ?? cause)).slice(0, 1_500)}`,
        );
    }
}

function runtimeFor(config: Record<string, string>, client?: PatchworksClient): { notes: { severity: Severity; message: string }[] } {
    const notes: { severity: Severity; message: string }[] = [];
    const resolved = resolveSettings((k) => config[k], {});
    const rt = new Runtime(resolved, { client, diagnose: async (severity, message) => void notes.push({ severity, message }) });
    // The client a runtime makes itself shares its secrets, the API key first; a client handed in has its own.
    if (client) rt.secrets.add([resolved.settings.apiKey]);
    useRuntime(rt);
    return { notes };
}

describe(`check under hostile input (fast-check, seed ${SEED})`, function () {
    this.timeout(120_000);

    after(() => {
        const total = fuzzed.validate + fuzzed.check + fuzzed.checkAgainstHostileApi;
        console.log(`      fuzzed ${total} inputs: ${JSON.stringify(fuzzed)}`);
    });

    it("validateConnectorInputs never throws, normalises or names a property, and never echoes a credential", async () => {
        await holds(
            fc.property(news, (input) => {
                fuzzed.validate++;
                const { inputs, failures } = validateConnectorInputs(input);
                assertWellFormedFailures(failures, false);
                assert.doesNotThrow(() => JSON.stringify(inputs), "the inputs go back to the engine as a struct");
                if (failures.length === 0) {
                    fuzzed.validateAccepted++;
                    assertNormalised(inputs as unknown as Record<string, unknown>, input);
                }
                assertNoPollution();
            }),
            10_000,
        );
        assert.ok(fuzzed.validateAccepted > 200, `enough inputs were valid to test normalisation (${fuzzed.validateAccepted})`);
    });

    it("provider check, with the API unreachable, never throws and never echoes a credential", async () => {
        const apiUrl = `http://127.0.0.1:${await closedPort()}/api/v2`;
        const { notes } = runtimeFor({
            "patchworks:apiUrl": apiUrl,
            "patchworks:apiKey": API_KEY,
            "patchworks:maxRetries": "0",
            "patchworks:retryBaseMs": "0",
            // No pace: the property makes thousands of attempts against a closed port.
            "patchworks:requestsPerMinute": "1000000",
        });
        await holds(
            // Olds come from the state: normally checked inputs, but a hand-edited state can hold anything.
            fc.asyncProperty(fc.oneof(hostileValue, news), news, async (olds, input) => {
                fuzzed.check++;
                const oldsObject =
                    typeof olds === "object" && olds !== null && !Array.isArray(olds) ? (olds as Record<string, unknown>) : {};
                const { inputs, failures } = await provider.connector.check(oldsObject, input);
                assertWellFormedFailures(failures, true);
                assert.doesNotThrow(() => JSON.stringify(inputs));
                for (const failure of failures.filter((f) => f.property === "")) {
                    assert.ok(
                        failure.reason.includes(`could not reach the Patchworks API at ${apiUrl} (ECONNREFUSED)`),
                        masked(failure.reason),
                    );
                }
                assertNoPollution();
            }),
            2_000,
        );
        assert.deepEqual(notes, [], "nothing to note when the account cannot be read");
    });

    it("provider check against an API whose every answer quotes the secrets never shows them", async () => {
        let verdicts = 0;
        await holds(
            fc.asyncProperty(validInputs, fc.array(hostileAnswer, { minLength: 1, maxLength: 4 }), async (input, answers) => {
                fuzzed.checkAgainstHostileApi++;
                const secrets = [API_KEY, ...Object.values(input.credentials as Record<string, string>)];
                const script = [...answers];
                const client = new PatchworksClient(
                    settingsFor({ apiUrl: "https://patchworks.test/api/v2", apiKey: API_KEY, maxRetries: 1, retryBaseMs: 0 }),
                    {
                        // Once the script is used up, the API refuses.
                        transport: async (request) => {
                            if (!request.path.startsWith("/connectors")) return toAttempt(request, answers[0], input, secrets);
                            const next = script.shift();
                            return next ? toAttempt(request, next, input, secrets) : answer(400, { message: `no more, ${API_KEY}` });
                        },
                        random: () => 0.5,
                    },
                );
                const { notes } = runtimeFor(
                    { "patchworks:apiUrl": "https://patchworks.test/api/v2", "patchworks:apiKey": API_KEY },
                    client,
                );
                const { failures } = await provider.connector.check({}, input);
                assertWellFormedFailures(failures, true);
                for (const note of notes) assertShowsNoSecret(note.message, `the ${note.severity}`);
                // Whatever the account stage said: a verdict on the key, the company group, or the API's own failure.
                verdicts += failures.filter((f) => ["adopt", "authType", "companyGroup", ""].includes(f.property)).length + notes.length;
                assertNoPollution();
            }),
            500,
        );
        assert.ok(verdicts > 50, `the hostile API's connectors reached the verdicts (${verdicts})`);
    });
});
