// The SDK's Connector under Pulumi's mocks: what it registers (type token, inputs, secrets), what a
// program reads back, the name default, and the in-program rules (one connector per key, keys
// JavaScript treats specially). No provider method runs under mocks; where the SDK hands the
// provider a verdict, the test passes the registered inputs to the provider's check itself.
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime";
import { validateConnectorInputs } from "../../provider/connector/validate";
import { PROGRAM_CHECK_INPUT } from "../../provider/model";
import { CompanyGroup, Connector, systems, type ConnectorArgs } from "../../sdk";
import { storedAdapter } from "../../provider/dynamic";

interface Registered {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
}

const registered: Registered[] = [];
const API_KEY = "pw-fake-api-key-for-mock-tests";
const ACCESS_TOKEN = "shpat-fake-mock-token-7731";

/**
 * What the provider would return for a resource: its inputs with the defaults and the output-only
 * fields. An output keyed like a secret input stays secret, as the engine re-marks it.
 */
function providerOutputs(name: string, inputs: Record<string, unknown>): Record<string, unknown> {
    return {
        timezone: "UTC",
        dateFormat: "c",
        authType: "oauth2",
        adopt: false,
        credentialsChanged: [],
        ...inputs,
        connectorId: `${name}-id`,
        companyGroupId: "3",
        systemId: "7",
    };
}

function isSecretEnvelope(value: unknown): value is { value: unknown } {
    return typeof value === "object" && value !== null && (value as Record<string, unknown>)[specialSigKey] === specialSecretSig;
}

/** The inputs as the provider receives them (plaintext: the dynamic provider does not accept secrets). */
function unwrapSecrets(inputs: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, isSecretEnvelope(v) ? v.value : v]));
}

pulumi.runtime.setAllConfig({ "patchworks:apiKey": API_KEY }, ["patchworks:apiKey"]);
pulumi.runtime.setMocks(
    {
        newResource(args) {
            registered.push({ type: args.type, name: args.name, inputs: args.inputs });
            if (args.type === "test:index:Source") return { id: `${args.name}-id`, state: {} };
            if (args.type.endsWith(":CompanyGroup")) {
                return { id: `${args.name}-group-id`, state: { ...args.inputs, companyGroupId: `${args.name}-group-id`, slug: args.name } };
            }
            return { id: `${args.name}-id`, state: providerOutputs(args.name, args.inputs) };
        },
        call: (args) => args.inputs,
    },
    "patchworks-test",
    "dev",
    true,
);

function output<T>(value: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => value.apply(resolve));
}

/** The inputs of the resource registered under this name, once the SDK has sent them. */
async function inputsOf(connector: Connector, name: string): Promise<Record<string, unknown>> {
    await output(connector.urn);
    const found = registered.find((r) => r.name === name);
    assert.ok(found, `${name} was registered`);
    return found.inputs;
}

// The registry of declared keys lives as long as the program: every test declares its own keys.
let groups = 0;
function freshGroup(): string {
    return `sdk-group-${++groups}`;
}

function shopify(name: string, overrides: Partial<ConnectorArgs> = {}): Connector {
    return new Connector(name, {
        system: "shopify",
        environment: "live",
        companyGroup: freshGroup(),
        authType: "oauth2",
        credentials: { store: "my-store.myshopify.com", access_token: ACCESS_TOKEN },
        ...overrides,
    });
}

/** A resource whose output is unknown at preview, as another resource's output often is. */
class Source extends pulumi.CustomResource {
    declare public readonly group: pulumi.Output<string>;
    constructor(name: string) {
        super("test:index:Source", name, { group: undefined });
    }
}

describe("Connector (mocks)", () => {
    beforeEach(() => {
        registered.length = 0;
    });

    it("registers as pulumi-nodejs:dynamic/patchworks:Connector with the declared inputs only", async () => {
        const group = freshGroup();
        const connector = shopify("shopify-registered", { companyGroup: group });
        const inputs = await inputsOf(connector, "shopify-registered");
        assert.equal(registered.find((r) => r.name === "shopify-registered")?.type, "pulumi-nodejs:dynamic/patchworks:Connector");
        assert.deepEqual(Object.keys(inputs).sort(), [
            "__provider",
            "authType",
            "companyGroup",
            "credentials",
            "environment",
            "name",
            "system",
        ]);
        assert.deepEqual(
            [inputs.system, inputs.environment, inputs.companyGroup, inputs.name],
            ["shopify", "live", group, "shopify-registered"],
        );
    });

    it("gives the program every output the provider returns", async () => {
        const group = freshGroup();
        const connector = shopify("shopify-outputs", { companyGroup: group });
        const expected = unwrapSecrets(providerOutputs("shopify-outputs", await inputsOf(connector, "shopify-outputs")));
        const outputs: Record<string, pulumi.Output<unknown>> = {
            system: connector.system,
            environment: connector.environment,
            companyGroup: connector.companyGroup,
            name: connector.name,
            timezone: connector.timezone,
            dateFormat: connector.dateFormat,
            authType: connector.authType,
            credentials: connector.credentials,
            adopt: connector.adopt,
            credentialsChanged: connector.credentialsChanged,
            connectorId: connector.connectorId,
            companyGroupId: connector.companyGroupId,
            systemId: connector.systemId,
        };
        for (const [property, value] of Object.entries(outputs)) {
            assert.deepEqual(await output(value), expected[property], property);
        }
        assert.equal(await output(connector.connectorId), "shopify-outputs-id");
    });

    it("keeps credentials secret, in the inputs and the outputs, though the program passed plain strings", async () => {
        const connector = shopify("shopify-secret");
        const inputs = await inputsOf(connector, "shopify-secret");
        assert.ok(isSecretEnvelope(inputs.credentials), "the credentials input is a secret");
        assert.equal(isSecretEnvelope(inputs.system) || isSecretEnvelope(inputs.name), false);
        assert.equal(await pulumi.isSecret(connector.credentials), true);
        assert.equal(await pulumi.isSecret(connector.name), false);
    });

    describe("name", () => {
        const RESOURCE = "the resource name";
        const rows: { title: string; args: () => Partial<ConnectorArgs>; name: string | undefined }[] = [
            { title: "defaults to the resource name", args: () => ({}), name: RESOURCE },
            { title: "is the declared one", args: () => ({ name: "Shopify UK" }), name: "Shopify UK" },
            { title: "is left out with adopt: true (the connector keeps its own)", args: () => ({ adopt: true }), name: undefined },
            { title: "is left out with an adopt that resolves to true", args: () => ({ adopt: pulumi.output(true) }), name: undefined },
            { title: "defaults to the resource name with adopt: false", args: () => ({ adopt: false }), name: RESOURCE },
            {
                title: "defaults to the resource name with an adopt that resolves to false",
                args: () => ({ adopt: pulumi.output(false) }),
                name: RESOURCE,
            },
            { title: "is the declared one with adopt: true", args: () => ({ adopt: true, name: "Declared" }), name: "Declared" },
        ];
        rows.forEach((row, i) => {
            it(row.title, async () => {
                const resourceName = `connector-named-${i}`;
                const connector = shopify(resourceName, row.args());
                const inputs = await inputsOf(connector, resourceName);
                const name = row.name === RESOURCE ? resourceName : row.name;
                assert.equal(inputs.name, name);
                assert.equal("name" in inputs, name !== undefined);
            });
        });
    });

    describe("one live and one test connector per system per company group", () => {
        it("a duplicate known when the program runs fails it at once, naming both resources and the key", () => {
            const group = freshGroup();
            shopify("shopify-first", { companyGroup: group });
            assert.throws(
                () => shopify("shopify-again", { companyGroup: ` ${group.toUpperCase()} ` }),
                (error: Error) => {
                    assert.ok(error instanceof pulumi.RunError, "a RunError prints as one line, without a stack");
                    assert.equal(
                        error.message,
                        `Connector "shopify-again" duplicates Connector "shopify-first": both declare the live shopify connector in company group "${group.toUpperCase()}", ` +
                            "and Patchworks allows one live and one test connector per system per company group. " +
                            "To run several live shopify connectors, give each its own companyGroup.",
                    );
                    return true;
                },
            );
        });

        it("the default company group is one group, however it is spelled", () => {
            new Connector("default-first", { system: "veeqo", environment: "test", credentials: { token: "t" } });
            assert.throws(
                () =>
                    new Connector("default-again", {
                        system: "veeqo",
                        environment: "test",
                        companyGroup: "  ",
                        credentials: { token: "t" },
                    }),
                /the test veeqo connector in the account's company group/,
            );
        });

        const distinct: [string, (group: string) => Partial<ConnectorArgs>][] = [
            ["another environment", () => ({ environment: "test" })],
            ["another company group", () => ({ companyGroup: freshGroup() })],
            ["another system", () => ({ system: "magento-2" })],
        ];
        for (const [title, change] of distinct) {
            it(`allows the same system in ${title}`, () => {
                const group = freshGroup();
                shopify(`${title} first`, { companyGroup: group });
                assert.doesNotThrow(() => shopify(`${title} second`, { companyGroup: group, ...change(group) }));
            });
        }

        it("a duplicate known only at deploy time fails that resource's check, and leaves system plain and known", async () => {
            const group = freshGroup();
            shopify("deploy-first", { companyGroup: group });
            const second = shopify("deploy-second", { companyGroup: pulumi.output(group.toUpperCase()) });
            const inputs = await inputsOf(second, "deploy-second");
            assert.equal(inputs.system, "shopify", "not unknown, not secret: every other input is still validated at preview");
            assert.match(
                String(inputs[PROGRAM_CHECK_INPUT]),
                /^Connector "deploy-second" duplicates Connector "deploy-first": both declare the live shopify connector/,
            );
            // What the user sees: the provider's check fails the resource with the verdict, as one line.
            const { failures } = validateConnectorInputs(unwrapSecrets(inputs));
            assert.deepEqual(failures, [{ property: "", reason: inputs[PROGRAM_CHECK_INPUT] }]);
        });

        it("a key not known at preview leaves the verdict to the deploy, and every other input as it is", async () => {
            const source = new Source("group-source");
            const connector = shopify("unknown-key", { companyGroup: source.group });
            const inputs = await inputsOf(connector, "unknown-key");
            assert.equal(inputs.system, "shopify");
            assert.equal(inputs.environment, "live");
            assert.ok(isSecretEnvelope(inputs.credentials));
            assert.equal(pulumi.isUnknown(inputs.companyGroup), true, "the group comes from the other resource");
            assert.equal(pulumi.isUnknown(inputs[PROGRAM_CHECK_INPUT]), true, "the verdict waits for the key");
        });

        it("sends no verdict when there is nothing to say", async () => {
            const connector = shopify("no-verdict", { companyGroup: pulumi.output(freshGroup()) });
            const inputs = await inputsOf(connector, "no-verdict");
            assert.equal(PROGRAM_CHECK_INPUT in inputs, false);
        });

        it("does not register the verdict's property when the key is known in the program and unique", () => {
            // The SDK gives every registered key an Output on the resource (four promises with a
            // stack trace each): a Connector whose key is plain and unique registers none for it.
            const connector = shopify("plain-unique", { companyGroup: freshGroup() });
            assert.equal(Object.hasOwn(connector, PROGRAM_CHECK_INPUT), false);
            const pending = shopify("pending-key", { companyGroup: pulumi.output(freshGroup()) });
            assert.equal(Object.hasOwn(pending, PROGRAM_CHECK_INPUT), true, "a key known later keeps the verdict's place");
        });

        it("shares the registry between two copies of the package", () => {
            const group = freshGroup();
            shopify("first-copy", { companyGroup: group });
            // A second copy: the same files loaded afresh, as when two versions sit in node_modules.
            const packageRoot = require.resolve("../../sdk").replace(/sdk[\\/]index\.js$/, "");
            const saved = Object.keys(require.cache)
                .filter((p) => p.startsWith(packageRoot) && !p.includes("node_modules") && !p.includes(`${packageRoot}test`))
                .map((p) => [p, require.cache[p]] as const);
            for (const [p] of saved) delete require.cache[p];
            try {
                const secondCopy = require("../../sdk") as typeof import("../../sdk");
                assert.notEqual(secondCopy.Connector, Connector);
                assert.throws(
                    () =>
                        new secondCopy.Connector("second-copy", {
                            system: "shopify",
                            environment: "live",
                            companyGroup: group,
                            credentials: {},
                        }),
                    /"second-copy" duplicates Connector "first-copy"/,
                );
            } finally {
                for (const [p, cached] of saved) require.cache[p] = cached;
            }
        });
    });

    describe("credential keys JavaScript treats specially are refused by name", () => {
        const rows: [string, Record<string, string>][] = [
            // What a program gets from JSON.parse of a config value: an own __proto__ key the engine would drop.
            ["__proto__", JSON.parse('{"store":"my-store.myshopify.com","access_token":"t","__proto__":"x"}')],
            ["constructor", { store: "my-store.myshopify.com", access_token: "t", constructor: "x" } as Record<string, string>],
            ["prototype", { store: "my-store.myshopify.com", access_token: "t", prototype: "x" }],
        ];
        for (const [key, credentials] of rows) {
            it(`credentials.${key}, when the program runs`, () => {
                assert.throws(
                    () => shopify(`special-${key}`, { credentials }),
                    (error: Error) => {
                        assert.ok(error instanceof pulumi.RunError);
                        assert.equal(
                            error.message,
                            `Connector "special-${key}": credentials.${key}: "${key}" cannot be a credential key; remove it (see patchworks.systems for the valid keys)`,
                        );
                        return true;
                    },
                );
            });
        }

        it("credentials.constructor known only at deploy time reaches the provider, whose check refuses it by name", async () => {
            const connector = shopify("special-later", {
                credentials: pulumi
                    .output("x")
                    .apply(() => ({ store: "my-store.myshopify.com", access_token: "t", constructor: "x" }) as Record<string, string>),
            });
            const inputs = unwrapSecrets(await inputsOf(connector, "special-later"));
            assert.equal((inputs.credentials as Record<string, unknown>).constructor, "x", "the key is passed on as it is");
            const { failures } = validateConnectorInputs(inputs);
            assert.ok(
                failures.some((f) => f.property === "credentials.constructor" && /"constructor" cannot be a credential key/.test(f.reason)),
            );
        });
    });

    it("stores a small provider that holds no API key and no credential value", async () => {
        process.env.PATCHWORKS_API_KEY = API_KEY;
        try {
            const connector = shopify("shopify-serialized");
            const serialized = (await inputsOf(connector, "shopify-serialized")).__provider;
            assert.equal(typeof serialized, "string");
            const text = serialized as string;
            assert.equal(text, storedAdapter("connector"), "the adapter text test/upgrade keeps");
            assert.ok(text.length < 1024, `stored adapter is ${text.length} bytes`);
            assert.equal(text.includes(API_KEY), false, "API key in the stored adapter");
            assert.equal(text.includes(ACCESS_TOKEN), false, "credential in the stored adapter");
            assert.ok(!text.includes("systems.json") && !text.includes("myshopify"), "catalog carried by value");
        } finally {
            delete process.env.PATCHWORKS_API_KEY;
        }
    });

    it("exports the catalog as patchworks.systems, with Patchworks' own keys", () => {
        const oauth2 = systems.shopify.authTypes.find((a) => a.id === "oauth2");
        assert.deepEqual(
            oauth2?.fields.filter((f) => f.required).map((f) => [f.key, f.secret]),
            [
                ["store", false],
                ["access_token", true],
            ],
        );
    });

    it("registers a CompanyGroup as pulumi-nodejs:dynamic/patchworks:CompanyGroup, a child with its parent's id", async () => {
        const parent = new CompanyGroup("europe", { name: "Europe" });
        const child = new CompanyGroup("uk", { name: "UK Store", parent });
        await output(child.urn);
        const found = registered.find((r) => r.name === "uk");
        assert.equal(found?.type, "pulumi-nodejs:dynamic/patchworks:CompanyGroup");
        assert.deepEqual(Object.keys(found?.inputs ?? {}).sort(), ["__provider", "name", "parent"]);
        assert.equal(found?.inputs.parent, "europe-group-id");
        assert.equal(await output(parent.companyGroupId), "europe-group-id");
    });
});
