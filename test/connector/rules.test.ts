// The pure rules of the Connector: validation, what replaces and what updates in place, what a
// create's 200 means, which services use a connector, and the PUT an in-place change sends.
import { strict as assert } from "node:assert";
import { findAuthType, findSystem } from "../../provider/catalog";
import type { FabricConnector } from "../../provider/client/connectors";
import { judgeCreateAnswer } from "../../provider/connector/account";
import { accountCatalog } from "../../provider/connector/account-catalog";
import { diffConnector } from "../../provider/connector/diff";
import { servicesUsing, type ServiceUse } from "../../provider/connector/in-use";
import { updatePlan, type ConnectorOutputs } from "../../provider/connector/mapping";
import { validateConnectorInputs } from "../../provider/connector/validate";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { SHOPIFY_TOKEN, shopifyChecked, shopifyInputs } from "../support/connector-inputs";

describe("connector validation", () => {
    const failing = [
        { title: "an unknown system", news: { system: "shopfy" }, property: "system", reason: /did you mean "shopify"/ },
        {
            title: "a PHP date format with an unknown token",
            news: { dateFormat: "Y-m-d Q" },
            property: "dateFormat",
            reason: /PHP date\(\) format/,
        },
        { title: "a time zone that is not IANA", news: { timezone: "Mars/Olympus" }, property: "timezone", reason: /IANA time zone/ },
        {
            title: "a flag the provider sets",
            news: { credentials: { store: "a.myshopify.com", access_token: "x-token-1", public_app: "true" } },
            property: "credentials.public_app",
            reason: /set by the provider from authType "oauth2"/,
        },
        {
            title: "Fabric's mask as a value",
            news: { credentials: { store: "a.myshopify.com", access_token: "*****" } },
            property: "credentials.access_token",
            reason: /mask/,
        },
        {
            title: "an OAuth-only system without adopt",
            news: { system: "lightspeed-retail-r-series", authType: undefined, credentials: undefined },
            property: "adopt",
            reason: /Authorise the connector in the Patchworks dashboard/,
        },
        { title: "an auth type the system lacks", news: { authType: "ntlm" }, property: "authType", reason: /"basic_auth".*"oauth2"/ },
    ];
    for (const row of failing) {
        it(`refuses ${row.title}, naming ${row.property}`, () => {
            const { failures } = validateConnectorInputs(shopifyInputs(row.news));
            const failure = failures.find((f) => f.property === row.property);
            assert.ok(failure, JSON.stringify(failures));
            assert.match(failure.reason, row.reason);
        });
    }

    it("defaults the time zone and date format to the system's own in Fabric, else UTC and c", () => {
        const systems = [
            { id: "21", name: "Peoplevox", factoryName: "Peoplevox", timeZone: "Europe/London", dateFormat: "d/m/Y", authTypes: [] },
        ];
        const news = shopifyInputs({
            system: "descartes-peoplevox",
            authType: "basic_auth",
            timezone: undefined,
            credentials: { client_id: "c", username: "u", password: "p-secret-1", url: "https://x.peoplevox.net" },
        });
        const fromAccount = validateConnectorInputs(news, {}, { lookup: accountCatalog(systems) }).inputs;
        assert.deepEqual([fromAccount.timezone, fromAccount.dateFormat], ["Europe/London", "d/m/Y"]);
        const bundled = validateConnectorInputs(news).inputs;
        assert.deepEqual([bundled.timezone, bundled.dateFormat], ["UTC", "c"]);
    });

    it("takes key names and auth types from the account, rules and secrecy from the bundled catalog", () => {
        const systems = [
            {
                id: "7",
                name: "Shopify",
                factoryName: "Shopify",
                authTypes: [
                    { name: "oauth2", formKeys: ["store", "access_token", "shop_locale"] },
                    { name: "api_key", formKeys: ["token"] },
                ],
            },
        ];
        const view = accountCatalog(systems)("shopify");
        const oauth2 = view && findAuthType(view.entry, "oauth2");
        assert.deepEqual(
            oauth2?.fields.find((f) => f.key === "shop_locale")?.secret,
            true,
            "a key only the account names counts as secret",
        );
        assert.ok(view && findAuthType(view.entry, "api_key"), "an auth type only the account offers");
        const { failures } = validateConnectorInputs(
            shopifyInputs({ credentials: { store: "bad-store", access_token: SHOPIFY_TOKEN, shop_locale: "en" } }),
            {},
            { lookup: accountCatalog(systems) },
        );
        assert.deepEqual(
            failures.map((f) => f.property),
            ["credentials.store"],
        );
    });

    it("skips only the checks an unknown value needs", () => {
        const { failures } = validateConnectorInputs(
            shopifyInputs({ credentials: { store: "s.myshopify.com", access_token: unknownValue }, timezone: unknownValue }),
        );
        assert.deepEqual(failures, []);
    });
});

describe("connector diff", () => {
    const olds = { ...shopifyChecked(), connectorId: "uk_store|1", companyGroupId: "1", systemId: "7" };
    const rows: { title: string; news: Record<string, unknown>; replaces: string[]; patches: string[]; sameGroup?: boolean }[] = [
        {
            title: "system",
            news: { system: "veeqo", authType: "basic_auth", credentials: { token: "t-1-secret" } },
            replaces: ["system"],
            patches: ["credentials", "authType"],
        },
        { title: "environment", news: { environment: "test" }, replaces: ["environment"], patches: [] },
        { title: "companyGroup to another group", news: { companyGroup: "france_store" }, replaces: ["companyGroup"], patches: [] },
        {
            title: "companyGroup spelled otherwise for the same group",
            news: { companyGroup: "UK Store" },
            replaces: [],
            patches: [],
            sameGroup: true,
        },
        { title: "companyGroup in another case", news: { companyGroup: "UK_STORE" }, replaces: [], patches: [] },
        { title: "name", news: { name: "B" }, replaces: [], patches: ["name"] },
        { title: "timezone", news: { timezone: "Europe/Paris" }, replaces: [], patches: ["timezone"] },
        { title: "dateFormat", news: { dateFormat: "Y-m-d" }, replaces: [], patches: ["dateFormat"] },
        {
            title: "credentials",
            news: { credentials: { store: "my-store.myshopify.com", access_token: "rotated-1" } },
            replaces: [],
            patches: ["credentials"],
        },
        {
            title: "authType",
            news: {
                authType: "basic_auth",
                credentials: { store: "my-store.myshopify.com", api_key: "k-1", password: "p-1", shared_secret: "s-1" },
            },
            replaces: [],
            patches: ["credentials", "authType"],
        },
    ];
    for (const row of rows) {
        it(`${row.title}: ${row.replaces.length > 0 ? "replaces, created first" : row.patches.length > 0 ? "updates in place" : "changes nothing"}`, () => {
            const result = diffConnector(olds, shopifyChecked(row.news), { sameGroup: row.sameGroup });
            assert.deepEqual([result.replaces, result.patches, result.deleteBeforeReplace], [row.replaces, row.patches, false]);
        });
    }
});

function connector(id: string, group = "1"): FabricConnector {
    return {
        id,
        environment: "live",
        name: id,
        timezone: "UTC",
        dateFormat: "c",
        authType: "basic_auth",
        credentials: {},
        system: { id: "12", factoryName: "Magentotwo", name: "Magento 2" },
        group: { id: group, username: "uk_store", name: "UK Store" },
    };
}

describe("what a create's answer means", () => {
    const live = [connector("uk_store|3"), connector("uk_store|7"), connector("fr|9", "2")];
    const rows = [
        { title: "201", answer: { connector: connector("uk_store|8"), reusedRow: false }, missed: true, kind: "created" },
        {
            title: "200 for a row live in the last read",
            answer: { connector: connector("uk_store|7"), reusedRow: true },
            missed: true,
            kind: "overwrote",
        },
        {
            title: "200 for a row older than the group's newest live one",
            answer: { connector: connector("uk_store|5"), reusedRow: true },
            missed: true,
            kind: "revived",
        },
        {
            title: "200 for a newer row of a system Fabric misses",
            answer: { connector: connector("uk_store|8"), reusedRow: true },
            missed: true,
            kind: "unsure",
        },
        {
            title: "200 for a newer row of a system Fabric checks",
            answer: { connector: connector("uk_store|8"), reusedRow: true },
            missed: false,
            kind: "revived",
        },
    ];
    for (const row of rows) {
        it(`${row.title}: ${row.kind}`, () => assert.equal(judgeCreateAnswer(row.answer, live, row.missed).kind, row.kind));
    }
});

describe("services that use a connector", () => {
    const service = (id: string, overrides: Partial<ServiceUse>): ServiceUse => ({
        id,
        name: id,
        groupUsername: "uk_store",
        fromFactory: "Shopify\\Pull\\Orders",
        toFactory: "Netsuite\\Push\\Orders",
        sourceEnvironment: "live",
        destinationEnvironment: "live",
        ...overrides,
    });
    const services = [
        service("source", {}),
        service("destination", { fromFactory: "Peoplevox\\Pull\\Stock", toFactory: "Shopify\\Push\\Stock" }),
        service("other-group", { groupUsername: "france_store" }),
        service("other-environment", { sourceEnvironment: "test", destinationEnvironment: "test" }),
        service("prefix-only", { fromFactory: "ShopifyPlus\\Pull\\Orders", toFactory: "Nowhere" }),
        service("environment-on-the-other-side", {
            fromFactory: "Veeqo\\Pull\\Orders",
            sourceEnvironment: "live",
            toFactory: "Shopify\\Push\\Orders",
            destinationEnvironment: "test",
        }),
    ];
    it("are those of the group whose from/to factory starts with the system's factory name and whose environment on that side matches", () => {
        assert.deepEqual(
            servicesUsing(services, { username: "uk_store", factoryName: "Shopify", environment: "live" }).map((s) => s.id),
            ["source", "destination"],
        );
    });
});

describe("the PUT of an in-place change", () => {
    const shopify = findSystem("shopify");
    const sap = findSystem("sap-business-one");
    const sapCredentials = { api_url: "https://sap.example.com", api_user: "u", api_password: "sap-secret-1", sap_db: "DB" };
    const sapOlds = {
        ...shopifyChecked({ system: "sap-business-one", authType: "basic_auth", credentials: sapCredentials }),
        connectorId: "uk_store|1",
        companyGroupId: "1",
        systemId: "30",
    } as ConnectorOutputs;

    it("resends the keys a system's update needs again, from the state, on a rename", () => {
        if (!sap) return assert.fail("the catalog lacks sap-business-one");
        const plan = updatePlan(sap, sap.authTypes[0], sapOlds, { ...sapOlds, name: "New" }, ["name"]);
        assert.deepEqual(plan.update, { environment: "live", name: "New", credentials: sapCredentials });
    });

    it("never sends a masked value, and says which resend keys the stack lacks", () => {
        if (!sap) return assert.fail("the catalog lacks sap-business-one");
        const adopted = { ...sapOlds, credentials: { ...sapCredentials, api_password: "*****" } };
        const plan = updatePlan(sap, sap.authTypes[0], adopted, { ...adopted, name: "New" }, ["name"]);
        assert.deepEqual(plan.missingResend, ["api_password"]);
        assert.equal(JSON.stringify(plan.update).includes("*****"), false);
    });

    it("names the stored keys an auth type change leaves behind", () => {
        if (!shopify) return assert.fail("the catalog lacks shopify");
        const olds = {
            ...shopifyChecked({
                authType: "basic_auth",
                credentials: { store: "s.myshopify.com", api_key: "k-1", password: "p-1", shared_secret: "s-1" },
            }),
            connectorId: "uk_store|1",
            companyGroupId: "1",
            systemId: "7",
        } as ConnectorOutputs;
        const oauth2 = findAuthType(shopify, "oauth2");
        if (!oauth2) return assert.fail("shopify lacks oauth2");
        const plan = updatePlan(shopify, oauth2, olds, shopifyChecked(), ["authType", "credentials"]);
        assert.deepEqual(plan.staysBehind, ["api_key", "password", "shared_secret"]);
    });
});
