import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { Connector, systems } from "../../sdk";
import { forgetDeclaredConnectors } from "../../sdk/registry";

interface Registered {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
}

const registered: Registered[] = [];
const API_KEY = "pw-fake-api-key-for-mock-tests";
const ACCESS_TOKEN = "shpat-fake-mock-token-7731";

pulumi.runtime.setAllConfig({ "patchworks:apiKey": API_KEY }, ["patchworks:apiKey"]);
pulumi.runtime.setMocks(
    {
        newResource(args) {
            registered.push({ type: args.type, name: args.name, inputs: args.inputs });
            return { id: `${args.name}-id`, state: { ...args.inputs, connectorId: `${args.name}-id`, status: "operational" } };
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

function shopify(name: string, overrides: Partial<pulumi.Unwrap<ConstructorParameters<typeof Connector>[1]>> = {}) {
    return new Connector(name, {
        system: "shopify",
        environment: "live",
        companyGroup: "uk",
        credentials: { storeUrl: "my-store.myshopify.com", accessToken: ACCESS_TOKEN },
        ...overrides,
    });
}

describe("Connector (mocks)", () => {
    beforeEach(() => {
        forgetDeclaredConnectors();
        registered.length = 0;
    });

    it("registers with the dynamic type token and declared outputs", async () => {
        const connector = shopify("shopify-uk-live");
        assert.equal(await output(connector.connectorId), "shopify-uk-live-id");
        assert.equal(await output(connector.status), "operational");
        assert.equal(await output(connector.name), "shopify-uk-live", "name defaults to the resource name");
        assert.equal(registered[0].type, "pulumi-nodejs:dynamic/patchworks:Connector");
        for (const property of ["companyGroup", "timezone", "dateFormat", "authType", "adopt", "createdAt", "updatedAt"]) {
            assert.ok(pulumi.Output.isInstance((connector as unknown as Record<string, unknown>)[property]), `${property} is an output`);
        }
    });

    it("marks credentials secret even when the program passed plain strings", async () => {
        const connector = shopify("shopify-uk-live");
        assert.equal(await pulumi.isSecret(connector.credentials), true);
        assert.equal(await pulumi.isSecret(connector.name), false);
    });

    it("fails on a second connector with the same key, naming both resources and the key", () => {
        shopify("shopify-uk-live");
        assert.throws(
            () => shopify("shopify-uk-live-again", { companyGroup: " UK " }),
            (error: Error) => {
                assert.ok(error instanceof pulumi.RunError);
                assert.match(error.message, /"shopify-uk-live-again" duplicates Connector "shopify-uk-live"/);
                assert.match(error.message, /live shopify connector in company group "UK"/);
                assert.match(error.message, /its own companyGroup/);
                return true;
            },
        );
    });

    const distinct: [string, Record<string, string | undefined>][] = [
        ["another environment", { environment: "test" }],
        ["another company group", { companyGroup: "fr" }],
        ["the default company group", { companyGroup: undefined }],
        ["another system", { system: "magento-2" }],
    ];
    for (const [title, overrides] of distinct) {
        it(`allows the same system in ${title}`, () => {
            shopify("first");
            assert.doesNotThrow(() => shopify("second", overrides as never));
        });
    }

    it("shares the registry between two copies of the package", () => {
        shopify("shopify-uk-live");
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
                () => new secondCopy.Connector("copy", { system: "shopify", environment: "live", companyGroup: "uk", credentials: {} }),
                /duplicates Connector "shopify-uk-live"/,
            );
        } finally {
            for (const [p, cached] of saved) require.cache[p] = cached;
        }
    });

    it("serializes a small provider that holds no API key and no credential value", async () => {
        process.env.PATCHWORKS_API_KEY = API_KEY;
        try {
            const connector = shopify("shopify-uk-live");
            await output(connector.connectorId);
            const serialized = registered[0].inputs.__provider;
            assert.equal(typeof serialized, "string");
            const text = serialized as string;
            assert.ok(text.length < 4096, `serialized provider is ${text.length} bytes`);
            assert.ok(!text.includes(API_KEY), "API key in the serialized provider");
            assert.ok(!text.includes(ACCESS_TOKEN), "credential in the serialized provider");
            assert.ok(!text.includes("systems.json") && !text.includes("storeUrl"), "catalog carried by value");
        } finally {
            delete process.env.PATCHWORKS_API_KEY;
        }
    });

    it("exports the catalog as patchworks.systems", () => {
        assert.equal(Object.keys(systems).length, 45);
        const token = systems.shopify.authTypes.find((a) => a.id === "token");
        assert.deepEqual(
            token?.fields.map((f) => [f.key, f.secret, f.required]),
            [
                ["storeUrl", false, true],
                ["accessToken", true, true],
            ],
        );
    });
});
