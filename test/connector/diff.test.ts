import { strict as assert } from "node:assert";
import { diffConnector } from "../../provider/connector/diff";
import { UNKNOWN, validateConnectorInputs, type ConnectorInputs } from "../../provider/connector/validate";

const base: ConnectorInputs = validateConnectorInputs({
    system: "shopify",
    environment: "live",
    companyGroup: "uk",
    name: "Shopify UK",
    authType: "token",
    credentials: { storeUrl: "my-store.myshopify.com", accessToken: "fake-token-1" },
}).inputs;

describe("diffConnector", () => {
    const rows: { change: Partial<ConnectorInputs>; replaces: string[]; updates: string[] }[] = [
        { change: {}, replaces: [], updates: [] },
        { change: { system: "magento-2" }, replaces: ["system"], updates: [] },
        { change: { environment: "test" }, replaces: ["environment"], updates: [] },
        { change: { companyGroup: "fr" }, replaces: ["companyGroup"], updates: [] },
        { change: { companyGroup: undefined }, replaces: ["companyGroup"], updates: [] },
        { change: { authType: "legacy" }, replaces: ["authType"], updates: [] },
        { change: { name: "Shopify United Kingdom" }, replaces: [], updates: ["name"] },
        { change: { timezone: "Europe/London" }, replaces: [], updates: ["timezone"] },
        { change: { dateFormat: "dd/MM/yyyy HH:mm" }, replaces: [], updates: ["dateFormat"] },
        { change: { credentials: { storeUrl: "my-store.myshopify.com", accessToken: "fake-token-2" } }, replaces: [], updates: ["credentials"] },
        { change: { companyGroup: " UK " }, replaces: [], updates: [] },
        { change: { credentials: { accessToken: "fake-token-1", storeUrl: "my-store.myshopify.com" } }, replaces: [], updates: [] },
        { change: { companyGroup: UNKNOWN }, replaces: ["companyGroup"], updates: [] },
        { change: { credentials: { storeUrl: "my-store.myshopify.com", accessToken: UNKNOWN } }, replaces: [], updates: ["credentials"] },
        { change: { name: "N", environment: "test" }, replaces: ["environment"], updates: ["name"] },
    ];
    for (const row of rows) {
        it(`${JSON.stringify(row.change)} → replaces ${JSON.stringify(row.replaces)}, updates ${JSON.stringify(row.updates)}`, () => {
            const result = diffConnector(base, { ...base, ...row.change });
            assert.deepEqual(result.replaces, row.replaces);
            assert.deepEqual(result.updates, row.updates);
            assert.equal(result.changes, row.replaces.length + row.updates.length > 0);
            assert.equal(result.deleteBeforeReplace, row.replaces.length > 0);
        });
    }

    it("treats an explicit default as no change", () => {
        const implicit = validateConnectorInputs({ ...base, timezone: undefined, dateFormat: undefined }).inputs;
        const explicit = validateConnectorInputs({ ...base, timezone: "UTC", dateFormat: "yyyy-MM-dd HH:mm:ss" }).inputs;
        assert.equal(diffConnector(implicit, explicit).changes, false);
    });
});
