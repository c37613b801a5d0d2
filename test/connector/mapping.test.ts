// Between the resource's inputs/outputs and the API's connector: what a create sends, what a run
// records, what a refresh sees (non-secret credentials from the API, secret ones from the state,
// never the mask), what read hands back as inputs, and what a PATCH carries.
import { strict as assert } from "node:assert";
import { MASK } from "../../provider/catalog";
import type { RemoteConnector } from "../../provider/client";
import {
    inputsOf,
    isSecretCredential,
    mergeCredentials,
    refreshedOutputs,
    toConnectorFields,
    toOutputs,
    toPatch,
    type ConnectorOutputs,
} from "../../provider/connector/mapping";
import { SHOPIFY_TOKEN, shopifyChecked, shopifyRemote } from "../support/connector-inputs";

const STORE = "my-store.myshopify.com";

function stateOf(remote: RemoteConnector = shopifyRemote()): ConnectorOutputs {
    return toOutputs(shopifyChecked(), remote);
}

describe("connector mapping", () => {
    describe("toConnectorFields", () => {
        it("sends every setting check produced", () => {
            assert.deepEqual(toConnectorFields(shopifyChecked()), {
                system: "shopify",
                environment: "live",
                companyGroup: "uk",
                name: "Shopify UK",
                timezone: "UTC",
                dateFormat: "yyyy-MM-dd HH:mm:ss",
                authType: "token",
                credentials: { storeUrl: STORE, accessToken: SHOPIFY_TOKEN },
            });
        });

        it("sends the default group as null", () => {
            assert.equal(toConnectorFields(shopifyChecked({ companyGroup: undefined })).companyGroup, null);
        });
    });

    describe("isSecretCredential", () => {
        const rows: [string, string, string, boolean][] = [
            ["shopify", "token", "accessToken", true],
            ["shopify", "token", "storeUrl", false],
            ["shopify", "legacy", "apiKey", false],
            ["shopify", "token", "apiVersion", true],
            ["shopify", "no-such-auth", "storeUrl", true],
            ["no-such-system", "token", "storeUrl", true],
        ];
        for (const [system, authType, key, secret] of rows) {
            it(`${system}/${authType} ${key}: ${secret ? "secret" : "shown"}${secret && key === "apiVersion" ? " (a key the catalog lacks)" : ""}`, () => {
                assert.equal(isSecretCredential(system, authType, key), secret);
            });
        }
    });

    describe("mergeCredentials: credentials as they are now", () => {
        const known = { storeUrl: STORE, accessToken: SHOPIFY_TOKEN };
        const rows: {
            title: string;
            known: Record<string, string> | undefined;
            remote: Record<string, string>;
            merged: Record<string, string>;
        }[] = [
            { title: "nothing changed", known, remote: { storeUrl: STORE, accessToken: MASK }, merged: known },
            {
                title: "a non-secret field changed in the dashboard",
                known,
                remote: { storeUrl: "moved.myshopify.com", accessToken: MASK },
                merged: { storeUrl: "moved.myshopify.com", accessToken: SHOPIFY_TOKEN },
            },
            {
                title: "a secret field is never the mask",
                known: { storeUrl: STORE },
                remote: { storeUrl: STORE, accessToken: MASK },
                merged: { storeUrl: STORE },
            },
            {
                title: "no state (adopted without credentials)",
                known: undefined,
                remote: { storeUrl: STORE, accessToken: MASK },
                merged: { storeUrl: STORE },
            },
            { title: "a field removed in the dashboard", known, remote: { accessToken: MASK }, merged: { accessToken: SHOPIFY_TOKEN } },
            { title: "a non-secret field masked by the API", known, remote: { storeUrl: MASK, accessToken: MASK }, merged: known },
            // A hostile or broken API: keys an object inherits are no credential of the state.
            {
                title: "keys the API names after Object.prototype",
                known,
                remote: { constructor: MASK, toString: MASK, storeUrl: STORE },
                merged: { storeUrl: STORE },
            },
        ];
        for (const row of rows) {
            it(row.title, () => {
                assert.deepEqual(mergeCredentials(row.known, shopifyRemote({ credentials: row.remote })), row.merged);
            });
        }
    });

    describe("toOutputs: what a run records after a write", () => {
        it("takes the settings from the API's answer and the credentials this run sent", () => {
            const remote = shopifyRemote({ id: "sc_9", name: "Renamed by the API", status: "failed_authentication" });
            assert.deepEqual(toOutputs(shopifyChecked({ credentialsChanged: [] }), remote), {
                system: "shopify",
                environment: "live",
                companyGroup: "uk",
                name: "Renamed by the API",
                timezone: "UTC",
                dateFormat: "yyyy-MM-dd HH:mm:ss",
                authType: "token",
                credentials: { storeUrl: STORE, accessToken: SHOPIFY_TOKEN },
                adopt: false,
                credentialsChanged: [],
                connectorId: "sc_9",
                status: "failed_authentication",
                createdAt: "2025-01-01T00:00:00Z",
                updatedAt: "2025-01-01T00:00:00Z",
            });
        });

        it("shows an adopted connector's own settings and its non-secret credentials when none are declared", () => {
            const remote = shopifyRemote({ name: "Dashboard name", timezone: "America/New_York" });
            const inputs = {
                system: "shopify",
                environment: "live" as const,
                companyGroup: "uk",
                authType: "token",
                adopt: true,
                credentialsChanged: [],
            };
            const outputs = toOutputs(inputs, remote);
            assert.equal(outputs.name, "Dashboard name");
            assert.equal(outputs.timezone, "America/New_York");
            assert.deepEqual(outputs.credentials, { storeUrl: STORE });
        });

        it("leaves the company group out for the default group", () => {
            assert.equal(
                "companyGroup" in toOutputs(shopifyChecked({ companyGroup: undefined }), shopifyRemote({ companyGroup: null })),
                false,
            );
        });
    });

    describe("refreshedOutputs: a refresh", () => {
        it("reads back name, timezone, date format, status and non-secret credentials; names the drifted keys", () => {
            const remote = shopifyRemote({
                name: "Renamed in the dashboard",
                timezone: "Europe/London",
                status: "unreachable",
                credentials: { storeUrl: "moved.myshopify.com", accessToken: MASK },
            });
            const refreshed = refreshedOutputs(stateOf(), remote);
            assert.equal(refreshed.name, "Renamed in the dashboard");
            assert.equal(refreshed.timezone, "Europe/London");
            assert.equal(refreshed.status, "unreachable");
            assert.deepEqual(refreshed.credentials, { storeUrl: "moved.myshopify.com", accessToken: SHOPIFY_TOKEN });
            assert.deepEqual(refreshed.credentialsChanged, ["storeUrl"]);
        });

        it("names no key when nothing drifted, and never writes the mask", () => {
            const refreshed = refreshedOutputs({ ...stateOf(), credentialsChanged: ["accessToken"] }, shopifyRemote());
            assert.deepEqual(refreshed.credentialsChanged, []);
            assert.equal(JSON.stringify(refreshed).includes(MASK), false);
        });

        it("names a key removed in the dashboard", () => {
            assert.deepEqual(refreshedOutputs(stateOf(), shopifyRemote({ credentials: { accessToken: MASK } })).credentialsChanged, [
                "storeUrl",
            ]);
        });
    });

    describe("inputsOf: the inputs a refresh hands back", () => {
        it("are the outputs without the output-only fields, with nothing marked as changed", () => {
            const inputs = inputsOf({ ...stateOf(), credentialsChanged: ["storeUrl"] });
            assert.deepEqual(inputs, { ...shopifyChecked(), credentialsChanged: [] });
        });

        it("leave the company group out for the default group", () => {
            const inputs = inputsOf({ ...stateOf(), companyGroup: undefined });
            assert.equal("companyGroup" in inputs, false);
        });
    });

    describe("toPatch: the PATCH body", () => {
        const news = shopifyChecked({ name: "New", timezone: "Europe/London" });
        const rows: [string, Parameters<typeof toPatch>[1], object][] = [
            ["nothing changed", [], {}],
            ["the name", ["name"], { name: "New" }],
            ["name and timezone", ["name", "timezone"], { name: "New", timezone: "Europe/London" }],
            ["credentials", ["credentials"], { credentials: { storeUrl: STORE, accessToken: SHOPIFY_TOKEN } }],
        ];
        for (const [title, changed, patch] of rows) {
            it(title, () => assert.deepEqual(toPatch(news, changed), patch));
        }

        it("sends nothing for a field an adopted connector leaves out", () => {
            assert.deepEqual(toPatch({ ...news, name: undefined, credentials: undefined }, ["name", "credentials"]), {});
        });
    });
});
