// Property-based tests of `check`, the first code that touches whatever a program (or a hand-edited
// state) hands the provider: wrong types, huge strings, unicode, prototype-pollution keys, objects
// where strings belong. For every input it must not throw, must return either normalised inputs or
// failures that each name a property, and must never echo a credential value.
import { strict as assert } from "node:assert";
import http from "node:http";
import type { AddressInfo } from "node:net";
import fc from "fast-check";
import { IANAZone } from "luxon";
import * as provider from "../../provider";
import { findAuthType, findSystem, systemIds, systems, validateCredentials, type CredentialField } from "../../provider/catalog";
import { dateFormatProblem, UNKNOWN, validateConnectorInputs, type CheckFailure } from "../../provider/connector/validate";

/** Every credential value generated here carries this, so an echo is a substring search away. */
const MARK = "sekmark";
const API_KEY = "pwk-fuzz-api-key-3c9d51e0a7";

const INPUT_PROPERTIES = ["system", "environment", "companyGroup", "name", "timezone", "dateFormat", "authType", "credentials", "adopt"];
const POLLUTING_KEYS = ["__proto__", "constructor", "prototype", "toString", "valueOf", "hasOwnProperty", "__defineGetter__", "then"];

/** Counts of what was fuzzed, reported at the end of the suite. */
const fuzzed = { validate: 0, validateAccepted: 0, check: 0, checkAgainstHostileApi: 0 };

// ---- values ---------------------------------------------------------------------------------

const marked = fc
    .string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: 4, maxLength: 12 })
    .map((hex) => `${MARK}${hex}`);

const unicode = fc.oneof(
    fc.string({ unit: "grapheme", maxLength: 40 }),
    fc.string({ unit: "binary", maxLength: 40 }), // lone surrogates included
    fc.constantFrom("", " ", "\u0000", "\u202e", "Ω≈ç√", "𝕊𝕙𝕠𝕡𝕚𝕗𝕪", "\n\r\t", "💥".repeat(20), "ﷺ", "\ufeffshopify"),
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
            fc.constant(UNKNOWN),
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
const hostileCredential = hostile(fc.oneof(marked, marked.map((m) => `${m}\n${m}`), huge.map((h) => `${MARK}${h}`)));

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
        fc.option(fc.constantFrom("uk", " EU ", "group-1"), { nil: undefined }),
        fc.constantFrom("UTC", "Europe/London", "America/New_York", undefined),
        fc.constantFrom("yyyy-MM-dd HH:mm:ss", "dd/MM/yyyy HH:mm", undefined),
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
            adopt: adopt || authType.interactive,
        };
        if (companyGroup !== undefined) inputs.companyGroup = companyGroup;
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
    fc.record({ kind: fc.constant("set" as const), property: fc.constantFrom(...INPUT_PROPERTIES.filter((p) => p !== "credentials"), ...POLLUTING_KEYS), value: hostileValue }),
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
            .map((entries) => objectFrom(entries.map(([k, v]) => [k, k === "credentials" ? `${MARK}-as-a-string` : v]), false)),
    },
);

// ---- the properties -------------------------------------------------------------------------

const PROPERTY_PATH = /^(system|environment|companyGroup|name|timezone|dateFormat|authType|adopt|credentials(\..*)?)$/s;

function assertWellFormedFailures(failures: unknown, allowAccountLevel: boolean): asserts failures is CheckFailure[] {
    assert.ok(Array.isArray(failures), "failures is an array");
    for (const failure of failures as CheckFailure[]) {
        assert.equal(typeof failure.property, "string");
        assert.equal(typeof failure.reason, "string");
        assert.ok(failure.reason.trim().length > 0, "a failure says what is wrong");
        assert.ok(failure.reason.length <= 2_000, `a reason of ${failure.reason.length} characters echoes too much`);
        const accountLevel = failure.property === "" && /^cannot check the account for existing connectors: /.test(failure.reason);
        assert.ok(PROPERTY_PATH.test(failure.property) || (allowAccountLevel && accountLevel), `failure names no property: ${JSON.stringify(failure).slice(0, 300)}`);
        assert.ok(!failure.reason.includes(MARK), `a reason echoes a credential value: ${failure.reason.slice(0, 300)}`);
        assert.ok(!failure.reason.includes(API_KEY), "a reason echoes the API key");
    }
}

/** With no failures, every field is in its final, normalised form (unknowns left alone). */
function assertNormalised(inputs: Record<string, unknown>, given: Record<string, unknown>): void {
    const unknown = (k: string) => Object.prototype.hasOwnProperty.call(given, k) && given[k] === UNKNOWN;
    if (!unknown("system")) assert.ok(typeof inputs.system === "string" && findSystem(inputs.system), "system is a catalog id");
    if (!unknown("environment")) assert.ok(inputs.environment === "live" || inputs.environment === "test");
    if (!unknown("name")) assert.ok(typeof inputs.name === "string" && inputs.name.trim() !== "" && inputs.name.length <= 255);
    if (!unknown("timezone")) assert.ok(typeof inputs.timezone === "string" && IANAZone.isValidZone(inputs.timezone));
    if (!unknown("dateFormat")) assert.ok(typeof inputs.dateFormat === "string" && dateFormatProblem(inputs.dateFormat) === undefined);
    if (!unknown("adopt")) assert.equal(typeof inputs.adopt, "boolean");
    if (!unknown("companyGroup") && "companyGroup" in inputs) {
        assert.ok(typeof inputs.companyGroup === "string" && inputs.companyGroup === inputs.companyGroup.trim() && inputs.companyGroup !== "");
    }
    if (["system", "authType", "credentials"].some(unknown)) return;
    const system = findSystem(inputs.system as string);
    const authType = system && findAuthType(system, inputs.authType as string);
    assert.ok(authType, "authType is one of the system's");
    const credentials = inputs.credentials as Record<string, unknown>;
    assert.ok(typeof credentials === "object" && credentials !== null && !Array.isArray(credentials), "credentials is an object");
    for (const k of Object.keys(credentials)) assert.ok(authType.fields.some((f) => f.key === k), `credentials.${k} is a field of ${authType.id}`);
    const values = Object.entries(credentials).filter(([, v]) => v !== UNKNOWN);
    if (values.length === Object.keys(credentials).length && !(authType.interactive && values.length === 0)) {
        assert.ok(validateCredentials(system, authType, credentials).ok, "credentials pass the catalog");
    }
}

function assertNoPollution(): void {
    const probe = {} as Record<string, unknown>;
    assert.equal(probe.polluted, undefined, "Object.prototype was polluted");
    assert.deepEqual(Object.keys(Object.prototype), []);
}

function closedPort(): Promise<number> {
    return new Promise((resolve) => {
        const server = http.createServer();
        server.listen(0, "127.0.0.1", () => {
            const { port } = server.address() as AddressInfo;
            server.close(() => resolve(port));
        });
    });
}

/** fc.assert, with the report cut short: a counterexample may hold a megabyte of text. */
async function holds<Ts extends [unknown, ...unknown[]]>(property: fc.IProperty<Ts> | fc.IAsyncProperty<Ts>, numRuns: number): Promise<void> {
    try {
        await fc.assert(property as fc.IAsyncProperty<Ts>, { numRuns });
    } catch (error) {
        const message = String((error as Error).message);
        const cause = (error as { cause?: Error }).cause;
        throw new Error(`${message.slice(0, 3_000)}${message.length > 3_000 ? " [...]" : ""}\ncaused by: ${String(cause?.stack ?? cause).slice(0, 1_500)}`);
    }
}

describe("check under hostile input (fast-check)", function () {
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
        const apiUrl = `http://127.0.0.1:${await closedPort()}/api/v1`;
        provider.configure({
            get: (k) => ({ "patchworks:apiUrl": apiUrl, "patchworks:apiKey": API_KEY, "patchworks:maxRetries": "0" })[k],
        });
        await holds(
            // Olds come from the state: normally checked inputs, but a hand-edited state can hold anything.
            fc.asyncProperty(fc.oneof(hostileValue, news), news, async (olds, input) => {
                fuzzed.check++;
                const oldsObject = typeof olds === "object" && olds !== null && !Array.isArray(olds) ? (olds as Record<string, unknown>) : {};
                const { inputs, failures } = await provider.check(oldsObject, input);
                assertWellFormedFailures(failures, true);
                assert.doesNotThrow(() => JSON.stringify(inputs));
                for (const failure of failures.filter((f) => f.property === "")) {
                    assert.ok(failure.reason.includes(`could not reach the Patchworks API at ${apiUrl} (ECONNREFUSED)`), failure.reason);
                }
                assertNoPollution();
            }),
            2_000,
        );
    });

    it("provider check against an API that echoes the request and its Authorization header never shows them", async () => {
        // A hostile or broken server: every answer quotes the request back, key included.
        const server = http.createServer((req, res) => {
            const status = [500, 422, 400, 200][Math.floor(Math.random() * 4)];
            const echo = `${req.method} ${req.url} with ${req.headers.authorization}`;
            res.writeHead(status, { "content-type": "application/json" });
            res.end(
                status === 200
                    ? JSON.stringify({ data: [{ id: echo, name: echo }] }) // not a connector: unusable
                    : JSON.stringify({ message: `rejected ${echo}`, errors: { [echo]: [echo] } }),
            );
        });
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
        try {
            provider.configure({
                get: (k) =>
                    ({ "patchworks:apiUrl": apiUrl, "patchworks:apiKey": API_KEY, "patchworks:maxRetries": "0" })[k],
            });
            let accountFailures = 0;
            await holds(
                fc.asyncProperty(validInputs, async (input) => {
                    fuzzed.checkAgainstHostileApi++;
                    const { failures } = await provider.check({}, input);
                    assertWellFormedFailures(failures, true);
                    accountFailures += failures.filter((f) => f.property === "").length;
                }),
                500,
            );
            assert.ok(accountFailures > 100, `the hostile API's answers reached the messages (${accountFailures})`);
        } finally {
            await new Promise((resolve) => server.close(resolve));
        }
    });
});
