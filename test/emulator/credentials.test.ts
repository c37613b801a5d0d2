// The credential rules of the emulated API, one table per concern: each `rule` of the catalog data
// (as shared/patchworks/catalog.md describes it), the shape of a credentials object, masking and
// the simulated health status.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmulator } from "../support/emulator";
import { apiClient, emulatorSuite, shopifyConnector } from "./http";

const MASK = "********";

/** A valid connector body for another system: the Shopify fixture with its system parts replaced. */
function connectorOf(system: string, authType: string, credentials: unknown): Record<string, unknown> {
    return shopifyConnector({ system, auth_type: authType, credentials });
}

interface RuleCase {
    readonly rule: string;
    readonly system: string;
    readonly authType: string;
    /** Valid credentials; `field` is replaced by each value under test. */
    readonly valid: Record<string, unknown>;
    readonly field: string;
    readonly accepted: readonly unknown[];
    readonly refused: readonly unknown[];
}

const RULE_CASES: readonly RuleCase[] = [
    {
        rule: "url",
        system: "cybertill",
        authType: "unknown",
        valid: { apiUrl: "https://cybertill.example.com", username: "u", password: "p" },
        field: "apiUrl",
        accepted: ["http://cybertill.example.com", "https://api.example.com:8443/v1", "HTTPS://API.EXAMPLE.COM", "http://MyServer:7048"],
        refused: [
            "cybertill.example.com",
            "ftp://files.example.com",
            " https://x.example.com",
            "https://x.example.com ",
            "https://",
            "https:/x.example.com",
            "https://x.example.com /v1",
        ],
    },
    {
        rule: "https-url",
        system: "bleckmann-api",
        authType: "unknown",
        valid: { apiUrl: "https://api.example.com", apiKey: "k" },
        field: "apiUrl",
        accepted: ["https://api.example.com", "https://api.example.com/v2/", "https://10.0.0.5:8443"],
        refused: ["http://api.example.com", "api.example.com", "https:// api.example.com", "https//api.example.com"],
    },
    {
        rule: "host",
        system: "bleckmann-sftp",
        authType: "basic",
        valid: { host: "sftp.example.com", port: "22", username: "u", password: "p" },
        field: "host",
        accepted: ["sftp.example.com", "sftp", "10.0.0.5", "eu-west-1.sftpcloud.io"],
        refused: [
            "sftp://sftp.example.com",
            "sftp.example.com:22",
            "sftp.example.com/in",
            "-sftp.example.com",
            "sftp_1.example.com",
            "sftp.example.com.",
            `${"a".repeat(64)}.example.com`,
            " sftp.example.com",
        ],
    },
    {
        rule: "port",
        system: "bleckmann-sftp",
        authType: "basic",
        valid: { host: "sftp.example.com", port: "22", username: "u", password: "p" },
        field: "port",
        accepted: ["22", 22, "1", 65535],
        refused: ["0", "65536", 65536, 22.5, "22 ", "ssh", -1, true, null],
    },
    {
        rule: "shopify-store",
        system: "shopify",
        authType: "token",
        valid: { storeUrl: "my-store.myshopify.com", accessToken: "t" },
        field: "storeUrl",
        accepted: ["my-store.myshopify.com", "shop.example.co.uk"],
        refused: [
            "https://my-store.myshopify.com",
            "my-store.myshopify.com/",
            "my-store",
            "my store.myshopify.com",
            "my-store.myshopify.com/admin",
        ],
    },
    {
        rule: "subdomain",
        system: "vend",
        authType: "default",
        valid: { domainPrefix: "acme", personalToken: "t" },
        field: "domainPrefix",
        accepted: ["acme", "acme-uk", "ACME2"],
        refused: ["acme.vendhq.com", "https://acme", "-acme", "acme_uk", "acme-"],
    },
    {
        rule: "guid",
        system: "global-e",
        authType: "merchant-guid",
        valid: { apiUrl: "https://connect.bglobale.com", merchantGuid: "3f2504e0-4f89-11d3-9a0c-0305e82c3301" },
        field: "merchantGuid",
        accepted: ["3f2504e0-4f89-11d3-9a0c-0305e82c3301", "3F2504E0-4F89-11D3-9A0C-0305E82C3301"],
        refused: [
            "3f2504e04f8911d39a0c0305e82c3301",
            "{3f2504e0-4f89-11d3-9a0c-0305e82c3301}",
            "3f2504e0-4f89-11d3-9a0c-0305e82c330",
            "3f2504e0-4f89-11d3-9a0c-0305e82c330g",
        ],
    },
    {
        rule: "prefix:ck_",
        system: "woocommerce",
        authType: "rest-api-keys",
        valid: { storeUrl: "https://shop.example.com", consumerKey: "ck_abc", consumerSecret: "cs_def" },
        field: "consumerKey",
        accepted: ["ck_abc", "ck_0123456789abcdef"],
        refused: ["cs_abc", "ck_", "CK_abc", "abc"],
    },
];

describe("emulator: credential rules", () => {
    const suite = emulatorSuite();

    async function post(body: unknown) {
        return suite.api.post("/service-connectors", body);
    }

    describe("each rule of the catalog data", () => {
        for (const { rule, system, authType, valid, field, accepted, refused } of RULE_CASES) {
            for (const value of accepted) {
                it(`${rule}: accepts ${JSON.stringify(value)} as ${system} ${field}`, async () => {
                    const response = await post(connectorOf(system, authType, { ...valid, [field]: value }));
                    assert.equal(response.status, 201, JSON.stringify(response.body));
                    const shown = response.body.data.credentials[field];
                    assert.ok(shown === MASK || shown === String(value), `stored as sent (a port number as its digits), got ${shown}`);
                });
            }
            for (const value of refused) {
                it(`${rule}: refuses ${JSON.stringify(value)} as ${system} ${field}, naming credentials.${field}`, async () => {
                    const response = await post(connectorOf(system, authType, { ...valid, [field]: value }));
                    assert.equal(response.status, 422, JSON.stringify(response.body));
                    assert.deepEqual(Object.keys(response.body.errors), [`credentials.${field}`]);
                });
            }
            it(`${rule}: never echoes the refused value`, async () => {
                // Fails every rule; distinct from any text the catalog's hints contain.
                const marker = "Leaked marker/42 value";
                const response = await post(connectorOf(system, authType, { ...valid, [field]: marker }));
                assert.equal(response.status, 422);
                assert.ok(!JSON.stringify(response.body).includes("marker"), JSON.stringify(response.body));
            });
        }
    });

    describe("the credentials object", () => {
        const shopify = { storeUrl: "my-store.myshopify.com", accessToken: "shpat_x" };
        const sftp = { host: "sftp.example.com", port: "22", username: "u", password: "p" };
        const cases: { title: string; body: Record<string, unknown>; errors: Record<string, RegExp> }[] = [
            {
                title: "a missing required field, with its label and format",
                body: connectorOf("shopify", "token", { accessToken: "t" }),
                errors: {
                    "credentials.storeUrl": /Store URL \(storeUrl\) is required for Shopify \/ Shopify\+ \(token\): .*myshopify\.com/,
                },
            },
            {
                title: "an unknown key, listing the valid keys",
                body: connectorOf("shopify", "token", { ...shopify, apiVersion: "2024-01" }),
                errors: {
                    "credentials.apiVersion":
                        /"apiVersion" is not a credential of Shopify \/ Shopify\+ \(token\); the keys are: storeUrl, accessToken$/,
                },
            },
            {
                title: "optional keys marked as such in the list",
                body: connectorOf("patchworks-sftp", "basic", { ...sftp, folder: "/in" }),
                errors: { "credentials.folder": /root \(optional\), path \(optional\)/ },
            },
            {
                title: "every problem at once",
                body: connectorOf("shopify", "token", { storeUrl: "https://x.myshopify.com", extra: "e" }),
                errors: {
                    "credentials.storeUrl": /must be/,
                    "credentials.extra": /not a credential/,
                    "credentials.accessToken": /required/,
                },
            },
            {
                title: "a value that is not a string",
                body: connectorOf("shopify", "token", { ...shopify, accessToken: 12345 }),
                errors: { "credentials.accessToken": /must be a string/ },
            },
            {
                title: "a null value",
                body: connectorOf("shopify", "token", { ...shopify, accessToken: null }),
                errors: { "credentials.accessToken": /must be a string/ },
            },
            {
                title: "a blank required value",
                body: connectorOf("shopify", "token", { ...shopify, accessToken: "   " }),
                errors: { "credentials.accessToken": /must not be blank/ },
            },
            {
                title: "a blank optional value",
                body: connectorOf("patchworks-sftp", "basic", { ...sftp, root: "" }),
                errors: { "credentials.root": /leave it out/ },
            },
            {
                title: "the key 'constructor'",
                body: connectorOf("shopify", "token", { ...shopify, constructor: "x" }),
                errors: { "credentials.constructor": /not a credential/ },
            },
            {
                title: "a key on an auth type authorised in the dashboard",
                body: connectorOf("netsuite", "suitetalk-oauth", { token: "t" }),
                errors: { "credentials.token": /authorised in the dashboard/ },
            },
            {
                title: "credentials that are an array",
                body: connectorOf("shopify", "token", ["my-store.myshopify.com"]),
                errors: { credentials: /object with the keys: storeUrl, accessToken/ },
            },
            {
                title: "missing credentials",
                body: { ...connectorOf("shopify", "token", undefined) },
                errors: { credentials: /object/ },
            },
        ];
        for (const { title, body, errors } of cases) {
            it(`refuses ${title}`, async () => {
                const response = await post(body);
                assert.equal(response.status, 422, JSON.stringify(response.body));
                assert.deepEqual(Object.keys(response.body.errors).sort(), Object.keys(errors).sort());
                for (const [field, reason] of Object.entries(errors)) {
                    assert.match(response.body.errors[field].join(" "), reason, field);
                }
            });
        }

        it("refuses the key '__proto__' by name rather than dropping it", async () => {
            const raw = JSON.stringify(connectorOf("shopify", "token", { ...shopify, PROTO: "x" })).replace('"PROTO"', '"__proto__"');
            const response = await suite.api.request("POST", "/service-connectors", { rawBody: raw });
            assert.equal(response.status, 422, JSON.stringify(response.body));
            assert.deepEqual(Object.keys(response.body.errors), ["credentials.__proto__"]);
        });

        it("accepts optional fields left out, and an auth type without fields with {}", async () => {
            assert.equal((await post(connectorOf("patchworks-sftp", "basic", sftp))).status, 201);
            assert.equal((await post(connectorOf("netsuite", "suitetalk-oauth", {}))).status, 201);
        });

        it("stores a port sent as a number as its digits", async () => {
            const response = await post(connectorOf("patchworks-sftp", "basic", { ...sftp, port: 2222 }));
            assert.equal(response.status, 201);
            const read = await suite.api.get(`/service-connectors/${response.body.data.id}`);
            assert.equal(read.body.data.credentials.port, "2222");
        });
    });

    describe("masking", () => {
        const cases: { system: string; authType: string; credentials: Record<string, string>; visible: string[] }[] = [
            {
                system: "global-e",
                authType: "jwt",
                credentials: {
                    apiUrl: "https://api.global-e.com",
                    merchantGuid: "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
                    username: "u",
                    password: "p",
                },
                visible: ["apiUrl", "username"],
            },
            {
                system: "netsuite",
                authType: "legacy-oauth1",
                credentials: {
                    tokenId: "ti",
                    tokenSecret: "ts",
                    accountId: "123_SB1",
                    scriptId: "10",
                    deployId: "1",
                    consumerKey: "ck",
                    consumerSecret: "cs",
                },
                visible: ["accountId", "scriptId", "deployId"],
            },
            { system: "veeqo", authType: "default", credentials: { token: "veeqo-token" }, visible: [] },
        ];
        for (const { system, authType, credentials, visible } of cases) {
            it(`shows only ${visible.join(", ") || "nothing"} of ${system} (${authType}) in the clear`, async () => {
                const response = await post(connectorOf(system, authType, credentials));
                assert.equal(response.status, 201, JSON.stringify(response.body));
                const expected = Object.fromEntries(Object.entries(credentials).map(([k, v]) => [k, visible.includes(k) ? v : MASK]));
                assert.deepEqual(response.body.data.credentials, expected);
            });
        }

        it("masks a stored credential key the catalog does not know", async () => {
            // Only a catalog change after the connector was stored can leave such a key: made by
            // hand in a state file here.
            const dataDir = mkdtempSync(path.join(os.tmpdir(), "patchworks-emulator-mask-"));
            const stamp = "2024-01-01T00:00:00.000Z";
            const connector = {
                id: "sc_0123456789abcdef",
                ...connectorOf("shopify", "token", {
                    storeUrl: "my-store.myshopify.com",
                    accessToken: "shpat_x",
                    legacyKey: "in-the-clear",
                }),
                status: "operational",
                created_at: stamp,
                updated_at: stamp,
            };
            writeFileSync(path.join(dataDir, "state.json"), JSON.stringify({ connectors: [connector], usage: {} }));
            const emulator = await startEmulator({ dataDir });
            try {
                const read = await apiClient(emulator).get(`/service-connectors/${connector.id}`);
                assert.equal(read.status, 200, JSON.stringify(read.body));
                assert.deepEqual(read.body.data.credentials, { storeUrl: "my-store.myshopify.com", accessToken: MASK, legacyKey: MASK });
            } finally {
                await emulator.stop();
                rmSync(dataDir, { recursive: true, force: true });
            }
        });
    });

    describe("status", () => {
        const cases: { title: string; body: Record<string, unknown>; status: string }[] = [
            {
                title: "a URL host on .invalid written in capitals with a trailing dot",
                body: connectorOf("bleckmann-api", "unknown", { apiUrl: "https://API.Example.INVALID./v1", apiKey: "k" }),
                status: "unreachable",
            },
            {
                title: "a host that is only 'invalid'",
                body: connectorOf("bleckmann-sftp", "basic", { host: "invalid", port: 22, username: "u", password: "p" }),
                status: "unreachable",
            },
            {
                title: "a host on a domain that merely contains 'invalid'",
                body: connectorOf("bleckmann-sftp", "basic", { host: "sftp.invalid-domain.com", port: 22, username: "u", password: "p" }),
                status: "operational",
            },
            {
                title: "a host starting with 'invalid' on a real domain (a value starting with 'invalid')",
                body: connectorOf("bleckmann-sftp", "basic", { host: "invalid.example.com", port: 22, username: "u", password: "p" }),
                status: "failed_authentication",
            },
            {
                title: "'invalid' inside a value, not at its start",
                body: connectorOf("veeqo", "default", { token: "token-invalid" }),
                status: "operational",
            },
            {
                title: "a subdomain field (not a location) spelled 'invalid-shop'",
                body: connectorOf("vend", "default", { domainPrefix: "invalid-shop", personalToken: "t" }),
                status: "failed_authentication",
            },
        ];
        for (const { title, body, status } of cases) {
            it(`is ${status} for ${title}`, async () => {
                const response = await post(body);
                assert.equal(response.status, 201, JSON.stringify(response.body));
                assert.equal(response.body.data.status, status);
            });
        }
    });
});
