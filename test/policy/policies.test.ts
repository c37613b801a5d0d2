import { strict as assert } from "node:assert";
import { Secret } from "@pulumi/policy";
import {
    oneConnectorPerKey,
    policies,
    SERVICE_TYPE,
    serviceConnectorsSameEnvironment,
    testConnectorNotOnLiveCredentials,
} from "../../policy/policies";
import { resource, UNKNOWN_OBJECT, UNKNOWN_STRING, violations } from "./fake";

const LIVE_TOKEN = "shpat-live-token-never-printed-5e1a";
const TEST_TOKEN = "shpat-test-token-never-printed-07c3";

function shopify(name: string, environment: string, companyGroup: unknown, credentials?: unknown) {
    return resource(name, {
        system: "shopify",
        environment,
        ...(companyGroup === undefined ? {} : { companyGroup }),
        authType: "oauth2",
        ...(credentials === undefined ? {} : { credentials }),
        connectorId: UNKNOWN_STRING,
    });
}

const creds = (token: string, store = "acme.myshopify.com") => ({ store, access_token: token });

describe("policy pack: one live and one test connector per system per company group (mandatory)", () => {
    it("is a mandatory stack policy", () => {
        assert.equal(oneConnectorPerKey.enforcementLevel, "mandatory");
        assert.equal(typeof oneConnectorPerKey.validateStack, "function");
    });

    it("accepts live and test per system and group, and the same system in other groups", async () => {
        const found = await violations(oneConnectorPerKey, [
            shopify("uk-live", "live", "uk"),
            shopify("uk-test", "test", "uk"),
            shopify("fr-live", "live", "fr"),
            shopify("default-live", "live", undefined),
            resource("veeqo-live", { system: "veeqo", environment: "live" }),
        ]);
        assert.deepEqual(found, []);
    });

    it("reports every connector that shares a key, naming the others and the key", async () => {
        const a = shopify("shopify-uk-live", "live", "uk");
        const b = shopify("shopify-uk-live-2", "live", " UK ");
        const c = shopify("shopify-uk-live-3", "live", "Uk");
        const found = await violations(oneConnectorPerKey, [a, shopify("shopify-uk-test", "test", "uk"), b, c]);
        assert.deepEqual(
            found.map((v) => v.urn),
            [a.urn, b.urn, c.urn],
        );
        assert.match(found[0].message, /Connector "shopify-uk-live" is one of 3 connectors/);
        assert.match(found[0].message, /live shopify connector in company group "uk"/);
        assert.match(found[0].message, /the others: "shopify-uk-live-2", "shopify-uk-live-3"/);
        assert.match(found[1].message, /company group "UK"/);
        assert.match(found[1].message, /the others: "shopify-uk-live", "shopify-uk-live-3"/);
    });

    it("treats an omitted, null, empty or blank group as the account's only group", async () => {
        const found = await violations(oneConnectorPerKey, [
            shopify("omitted", "test", undefined),
            shopify("null", "test", null),
            shopify("empty", "test", ""),
            shopify("blank", "test", "   "),
        ]);
        assert.equal(found.length, 4);
        for (const v of found) assert.match(v.message, /test shopify connector in the account's company group/);
    });

    it("takes a group's name and its username for one group, as Patchworks derives the username", async () => {
        const found = await violations(oneConnectorPerKey, [
            shopify("by-name", "live", "UK Store"),
            shopify("by-username", "live", "uk_store"),
            shopify("other-group", "live", "UK Stores"),
        ]);
        assert.deepEqual(
            found.map((v) => v.urn?.split("::").pop()),
            ["by-name", "by-username"],
        );
    });

    it("reports several duplicated keys independently", async () => {
        const found = await violations(oneConnectorPerKey, [
            shopify("a", "live", "uk"),
            shopify("b", "live", "uk"),
            shopify("c", "test", "fr"),
            shopify("d", "test", "FR"),
        ]);
        assert.deepEqual(
            found.map((v) => v.urn?.split("::").pop()),
            ["a", "b", "c", "d"],
        );
    });

    it("ignores resources of other types, even with the same properties", async () => {
        const props = { system: "shopify", environment: "live", companyGroup: "uk" };
        const other = resource("raw", props, "pulumi-nodejs:dynamic:Resource");
        assert.deepEqual(await violations(oneConnectorPerKey, [shopify("a", "live", "uk"), other]), []);
    });

    it("skips a connector whose key is not known yet during preview", async () => {
        const found = await violations(oneConnectorPerKey, [
            shopify("known", "live", "uk"),
            shopify("group-unknown", "live", UNKNOWN_STRING),
            resource("system-unknown", { system: UNKNOWN_STRING, environment: "live", companyGroup: "uk" }),
        ]);
        assert.deepEqual(found, []);
    });

    it("reads the key through secret wrappers", async () => {
        const found = await violations(oneConnectorPerKey, [shopify("a", "live", new Secret("uk")), shopify("b", "live", "uk")]);
        assert.equal(found.length, 2);
    });
});

describe("policy pack: a test connector on the live connector's credentials (advisory)", () => {
    it("is an advisory stack policy", () => {
        assert.equal(testConnectorNotOnLiveCredentials.enforcementLevel, "advisory");
        assert.deepEqual(policies, [oneConnectorPerKey, testConnectorNotOnLiveCredentials, serviceConnectorsSameEnvironment]);
    });

    it("reports the test connector, names both resources and prints no credential value", async () => {
        const live = shopify("shopify-uk-live", "live", "uk", creds(LIVE_TOKEN));
        const test = shopify("shopify-uk-test", "test", "UK", creds(LIVE_TOKEN));
        const found = await violations(testConnectorNotOnLiveCredentials, [live, test]);
        assert.equal(found.length, 1);
        assert.equal(found[0].urn, test.urn);
        assert.match(found[0].message, /Connector "shopify-uk-test" \(the test shopify connector in company group "UK"\)/);
        assert.match(found[0].message, /same credentials as Connector "shopify-uk-live"/);
        assert.match(found[0].message, /\(access_token, store\)/);
        assert.match(found[0].message, /points at production/);
        assert.equal(found[0].message.includes(LIVE_TOKEN), false);
        assert.equal(found[0].message.includes("acme.myshopify.com"), false);
    });

    it("finds the live connector of the group by its name or its username", async () => {
        const live = shopify("shopify-uk-live", "live", "uk_store", creds(LIVE_TOKEN));
        const test = shopify("shopify-uk-test", "test", "UK Store", creds(LIVE_TOKEN));
        const found = await violations(testConnectorNotOnLiveCredentials, [live, test]);
        assert.deepEqual(
            found.map((v) => v.urn),
            [test.urn],
        );
    });

    it("accepts test credentials that differ in any field, in their fields, or in group or system", async () => {
        const live = shopify("live", "live", "uk", creds(LIVE_TOKEN));
        const cases = [
            shopify("token", "test", "uk", creds(TEST_TOKEN)),
            shopify("store", "test", "uk", creds(LIVE_TOKEN, "acme-staging.myshopify.com")),
            shopify("extra", "test", "uk", { ...creds(LIVE_TOKEN), public_app: true }),
            shopify("fewer", "test", "uk", { access_token: LIVE_TOKEN }),
            shopify("group", "test", "fr", creds(LIVE_TOKEN)),
            resource("system", { system: "veeqo", environment: "test", companyGroup: "uk", credentials: creds(LIVE_TOKEN) }),
        ];
        for (const test of cases) {
            assert.deepEqual(await violations(testConnectorNotOnLiveCredentials, [live, test]), [], test.name);
        }
    });

    it("ignores live connectors sharing credentials with each other, and connectors without credentials", async () => {
        const found = await violations(testConnectorNotOnLiveCredentials, [
            shopify("uk", "live", "uk", creds(LIVE_TOKEN)),
            shopify("fr", "live", "fr", creds(LIVE_TOKEN)),
            shopify("uk-test", "test", "uk"),
            shopify("adopted-live", "live", "de", {}),
            shopify("adopted-test", "test", "de", {}),
        ]);
        assert.deepEqual(found, []);
    });

    it("compares values inside Secret wrappers and raw secret envelopes without printing them", async () => {
        const envelope = (value: string) => ({
            "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
            value,
        });
        const live = shopify("live", "live", undefined, new Secret(creds(LIVE_TOKEN)));
        const test = shopify("test", "test", undefined, {
            store: envelope("acme.myshopify.com"),
            access_token: new Secret(LIVE_TOKEN),
        });
        const found = await violations(testConnectorNotOnLiveCredentials, [live, test]);
        assert.equal(found.length, 1);
        assert.match(found[0].message, /the account's company group/);
        assert.equal(found[0].message.includes(LIVE_TOKEN), false);

        const other = shopify("other", "test", undefined, {
            store: envelope("acme.myshopify.com"),
            access_token: new Secret(TEST_TOKEN),
        });
        assert.deepEqual(await violations(testConnectorNotOnLiveCredentials, [live, other]), []);
    });

    it("does not decide while credentials are unknown, and does not fail the preview", async () => {
        const live = shopify("live", "live", "uk", creds(LIVE_TOKEN));
        const cases = [shopify("all-unknown", "test", "uk", UNKNOWN_OBJECT), shopify("token-unknown", "test", "uk", creds(UNKNOWN_STRING))];
        for (const test of cases) {
            assert.deepEqual(await violations(testConnectorNotOnLiveCredentials, [live, test]), [], test.name);
        }
        // A known difference decides even when another field is unknown.
        const differs = shopify("differs", "test", "uk", creds(UNKNOWN_STRING, "acme-staging.myshopify.com"));
        assert.deepEqual(await violations(testConnectorNotOnLiveCredentials, [live, differs]), []);
    });

    it("checks against every live connector of the key when there are several", async () => {
        const found = await violations(testConnectorNotOnLiveCredentials, [
            shopify("live-a", "live", "uk", creds(LIVE_TOKEN)),
            shopify("live-b", "live", "uk", creds(LIVE_TOKEN)),
            shopify("test", "test", "uk", creds(LIVE_TOKEN)),
        ]);
        assert.deepEqual(
            found.map((v) => /as Connector "([^"]+)"/.exec(v.message)?.[1]),
            ["live-a", "live-b"],
        );
    });
});

describe("policy pack: a service's connectors in one environment (mandatory)", () => {
    const connector = (name: string, system: string, environment: string, connectorId: unknown) =>
        resource(name, { system, environment, companyGroup: "uk", connectorId });
    const shopifyLive = connector("shopify-uk-live", "shopify", "live", "uk|1");
    const shopifyTest = connector("shopify-uk-test", "shopify", "test", "uk|2");
    const netsuiteLive = connector("netsuite-uk-live", "netsuite", "live", "uk|3");
    const netsuiteTest = connector("netsuite-uk-test", "netsuite", "test", "uk|4");

    /** A Service's props as the SDK registers them: each endpoint its connector's id and key. */
    const endpoint = (connectorId: unknown, system: string, environment: string) => ({
        connectorId,
        system,
        environment,
        companyGroup: "uk",
        entity: "Orders",
    });
    const service = (name: string, source: Record<string, unknown>, destination: Record<string, unknown>, dependencies = {}) =>
        resource(name, { name, source, destination }, SERVICE_TYPE, dependencies);
    const stack = [shopifyLive, shopifyTest, netsuiteLive, netsuiteTest];

    it("is a mandatory stack policy of the pack", () => {
        assert.equal(serviceConnectorsSameEnvironment.enforcementLevel, "mandatory");
        assert.ok(policies.includes(serviceConnectorsSameEnvironment));
    });

    it("accepts a service on two live connectors and one on two test connectors", async () => {
        const found = await violations(serviceConnectorsSameEnvironment, [
            ...stack,
            service("live", endpoint("uk|1", "shopify", "live"), endpoint("uk|3", "netsuite", "live")),
            service("test", endpoint("uk|2", "shopify", "test"), endpoint("uk|4", "netsuite", "test")),
        ]);
        assert.deepEqual(found, []);
    });

    const reported = [
        {
            title: "a live source into a test destination",
            service: service("orders", endpoint("uk|1", "shopify", "live"), endpoint("uk|4", "netsuite", "test")),
            message:
                /Service "orders" mixes environments: its source is Connector "shopify-uk-live", the live shopify connector in company group "uk", and its destination is Connector "netsuite-uk-test", the test netsuite connector in company group "uk"\./,
        },
        {
            title: "a test source into a live destination",
            service: service("orders", endpoint("uk|2", "shopify", "test"), endpoint("uk|3", "netsuite", "live")),
            message: /its source is Connector "shopify-uk-test", .*its destination is Connector "netsuite-uk-live"/,
        },
        {
            title: "a stack connector whose endpoint misstates its environment",
            service: service("orders", endpoint("uk|2", "shopify", "live"), endpoint("uk|3", "netsuite", "live")),
            message: /its source is Connector "shopify-uk-test", the test shopify connector/,
        },
        {
            title: "a test destination managed outside the stack (as getConnector gives it)",
            service: service("orders", endpoint("uk|1", "shopify", "live"), endpoint("uk|99", "netsuite", "test")),
            message: /its destination is connector uk\|99, a test netsuite connector managed outside this stack/,
        },
    ];
    for (const row of reported) {
        it(`reports ${row.title}, on the service, with the fix`, async () => {
            const found = await violations(serviceConnectorsSameEnvironment, [...stack, row.service]);
            assert.equal(found.length, 1);
            assert.equal(found[0].urn, row.service.urn);
            assert.match(found[0].message, row.message);
            assert.match(
                found[0].message,
                /A service must not move records between live and test systems: use two \w+ connectors or two \w+ connectors/,
            );
        });
    }

    it("resolves a connector not created yet (preview) through the one Connector its endpoint depends on", async () => {
        const newTest = connector("shopify-uk-test", "shopify", "test", UNKNOWN_STRING);
        const newLive = connector("netsuite-uk-live", "netsuite", "live", UNKNOWN_STRING);
        const mixed = service("orders", endpoint(UNKNOWN_STRING, "shopify", "live"), endpoint(UNKNOWN_STRING, "netsuite", "live"), {
            source: [newTest],
            destination: [newLive],
        });
        const found = await violations(serviceConnectorsSameEnvironment, [newTest, newLive, mixed]);
        assert.equal(found.length, 1);
        assert.match(found[0].message, /its source is Connector "shopify-uk-test"/);
    });

    it("does not guess while an endpoint's environment is not known", async () => {
        const cases = [
            service("environment-unknown", endpoint(UNKNOWN_STRING, "shopify", UNKNOWN_STRING), endpoint("uk|4", "netsuite", "test")),
            service("unknown-endpoint", UNKNOWN_OBJECT as unknown as Record<string, unknown>, endpoint("uk|4", "netsuite", "test")),
        ];
        for (const row of cases) {
            assert.deepEqual(await violations(serviceConnectorsSameEnvironment, [...stack, row]), [], row.name);
        }
    });

    it("ignores resources of other types with a service's properties", async () => {
        const raw = resource(
            "raw",
            { source: endpoint("uk|1", "shopify", "live"), destination: endpoint("uk|4", "netsuite", "test") },
            "pulumi-nodejs:dynamic:Resource",
        );
        assert.deepEqual(await violations(serviceConnectorsSameEnvironment, [...stack, raw]), []);
    });
});
