import assert from "node:assert/strict";
import {
    companyGroupFromApiBody,
    connectorFilterToQuery,
    connectorFromApi,
    connectorToApi,
    pageFromApi,
    patchToApi,
    UnexpectedResponseError,
} from "../../provider/client/mapping";
import type { ConnectorKey, ConnectorPatch, RemoteConnector } from "../../provider/client";
import { shopifyBody } from "../support/connector-inputs";
import { apiConnector, SHOPIFY_TOKEN, shopifyUk } from "./fixtures";

describe("mapping", () => {
    it("writes every connector field in snake_case", () => {
        assert.deepEqual(connectorToApi(shopifyUk), shopifyBody(SHOPIFY_TOKEN));
    });

    it("reads every connector field in camelCase", () => {
        const expected: RemoteConnector = {
            id: "sc_1",
            name: "Shopify UK",
            system: "shopify",
            environment: "live",
            companyGroup: "uk",
            timezone: "Europe/London",
            dateFormat: "yyyy-MM-dd HH:mm:ss",
            authType: "token",
            credentials: { storeUrl: "my-store.myshopify.com", accessToken: "********" },
            status: "operational",
            createdAt: "2025-01-01T00:00:00Z",
            updatedAt: "2025-01-01T00:00:00Z",
        };
        assert.deepEqual(connectorFromApi(apiConnector()), expected);
    });

    it("round-trips domain -> API -> domain", () => {
        const remote = {
            ...connectorToApi(shopifyUk),
            id: "sc_9",
            status: "unreachable",
            created_at: "2025-02-03T04:05:06Z",
            updated_at: "2025-02-03T04:05:07Z",
        };
        assert.deepEqual(connectorFromApi(remote), {
            ...shopifyUk,
            id: "sc_9",
            status: "unreachable",
            createdAt: "2025-02-03T04:05:06Z",
            updatedAt: "2025-02-03T04:05:07Z",
        });
    });

    const readCases: { name: string; body: unknown; check: (c: RemoteConnector) => void }[] = [
        { name: "unwraps a {data} envelope", body: { data: apiConnector({ id: "sc_7" }) }, check: (c) => assert.equal(c.id, "sc_7") },
        { name: "turns a numeric id into a string", body: apiConnector({ id: 42 }), check: (c) => assert.equal(c.id, "42") },
        {
            name: "reads a null company group as the default",
            body: apiConnector({ company_group: null }),
            check: (c) => assert.equal(c.companyGroup, null),
        },
        {
            name: "reads an empty company group as the default",
            body: apiConnector({ company_group: "" }),
            check: (c) => assert.equal(c.companyGroup, null),
        },
        {
            name: "turns numeric credential values into strings",
            body: apiConnector({ credentials: { port: 22 } }),
            check: (c) => assert.deepEqual(c.credentials, { port: "22" }),
        },
    ];
    for (const { name, body, check } of readCases) {
        it(name, () => check(connectorFromApi(body)));
    }

    it("rejects a connector of the wrong shape, naming the field and not the value", () => {
        assert.throws(
            () => connectorFromApi(apiConnector({ status: "sk_live_secret_status" })),
            (error: Error) =>
                error instanceof UnexpectedResponseError && /status/.test(error.message) && !error.message.includes("sk_live"),
        );
    });

    const patchCases: { patch: ConnectorPatch; expected: Record<string, unknown> }[] = [
        { patch: {}, expected: {} },
        { patch: { name: "New" }, expected: { name: "New" } },
        { patch: { dateFormat: "dd/MM/yyyy", timezone: "UTC" }, expected: { date_format: "dd/MM/yyyy", timezone: "UTC" } },
        { patch: { credentials: { apiKey: "k" } }, expected: { credentials: { apiKey: "k" } } },
    ];
    for (const { patch, expected } of patchCases) {
        it(`patches only the given fields: ${JSON.stringify(patch)}`, () => assert.deepEqual(patchToApi(patch), expected));
    }

    const filterCases: { filter: Partial<ConnectorKey>; expected: Record<string, string> }[] = [
        { filter: {}, expected: {} },
        { filter: { system: "shopify" }, expected: { "filter[system]": "shopify" } },
        {
            filter: { system: "shopify", environment: "test", companyGroup: "uk" },
            expected: { "filter[system]": "shopify", "filter[environment]": "test", "filter[company_group]": "uk" },
        },
        { filter: { companyGroup: null }, expected: { "filter[company_group]": "" } },
        { filter: { companyGroup: undefined }, expected: {} },
    ];
    for (const { filter, expected } of filterCases) {
        it(`filters ${JSON.stringify(filter)} as ${JSON.stringify(expected)}`, () =>
            assert.deepEqual(connectorFilterToQuery(filter), expected));
    }

    it("reads a list page with and without meta", () => {
        assert.deepEqual(pageFromApi({ data: [1, 2], meta: { current_page: 1, last_page: 3, total: 5 } }), {
            items: [1, 2],
            lastPage: 3,
        });
        assert.deepEqual(pageFromApi({ data: [] }), { items: [], lastPage: 1 });
        assert.throws(() => pageFromApi({ items: [] }), UnexpectedResponseError);
    });

    it("reads a company group with a numeric id", () => {
        assert.deepEqual(companyGroupFromApiBody({ id: 3, name: "UK" }), { id: "3", name: "UK" });
    });
});
