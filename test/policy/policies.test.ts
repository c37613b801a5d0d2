import { strict as assert } from "node:assert";
import { Secret } from "@pulumi/policy";
import {
    oneConnectorPerKey,
    policies,
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
        authType: "token",
        ...(credentials === undefined ? {} : { credentials }),
        connectorId: UNKNOWN_STRING,
    });
}

const creds = (token: string, storeUrl = "acme.myshopify.com") => ({ storeUrl, accessToken: token });

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

    it("treats an omitted, null, empty or blank group as the default group", async () => {
        const found = await violations(oneConnectorPerKey, [
            shopify("omitted", "test", undefined),
            shopify("null", "test", null),
            shopify("empty", "test", ""),
            shopify("blank", "test", "   "),
        ]);
        assert.equal(found.length, 4);
        for (const v of found) assert.match(v.message, /test shopify connector in the default company group/);
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
        const found = await violations(oneConnectorPerKey, [
            shopify("a", "live", new Secret("uk")),
            shopify("b", "live", "uk"),
        ]);
        assert.equal(found.length, 2);
    });
});

describe("policy pack: a test connector on the live connector's credentials (advisory)", () => {
    it("is an advisory stack policy", () => {
        assert.equal(testConnectorNotOnLiveCredentials.enforcementLevel, "advisory");
        assert.deepEqual(policies, [oneConnectorPerKey, testConnectorNotOnLiveCredentials]);
    });

    it("reports the test connector, names both resources and prints no credential value", async () => {
        const live = shopify("shopify-uk-live", "live", "uk", creds(LIVE_TOKEN));
        const test = shopify("shopify-uk-test", "test", "UK", creds(LIVE_TOKEN));
        const found = await violations(testConnectorNotOnLiveCredentials, [live, test]);
        assert.equal(found.length, 1);
        assert.equal(found[0].urn, test.urn);
        assert.match(found[0].message, /Connector "shopify-uk-test" \(the test shopify connector in company group "UK"\)/);
        assert.match(found[0].message, /same credentials as Connector "shopify-uk-live"/);
        assert.match(found[0].message, /\(accessToken, storeUrl\)/);
        assert.match(found[0].message, /points at production/);
        assert.equal(found[0].message.includes(LIVE_TOKEN), false);
        assert.equal(found[0].message.includes("acme.myshopify.com"), false);
    });

    it("accepts test credentials that differ in any field, in their fields, or in group or system", async () => {
        const live = shopify("live", "live", "uk", creds(LIVE_TOKEN));
        const cases = [
            shopify("token", "test", "uk", creds(TEST_TOKEN)),
            shopify("store", "test", "uk", creds(LIVE_TOKEN, "acme-staging.myshopify.com")),
            shopify("extra", "test", "uk", { ...creds(LIVE_TOKEN), apiVersion: "2024-01" }),
            shopify("fewer", "test", "uk", { accessToken: LIVE_TOKEN }),
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
            storeUrl: envelope("acme.myshopify.com"),
            accessToken: new Secret(LIVE_TOKEN),
        });
        const found = await violations(testConnectorNotOnLiveCredentials, [live, test]);
        assert.equal(found.length, 1);
        assert.match(found[0].message, /the default company group/);
        assert.equal(found[0].message.includes(LIVE_TOKEN), false);

        const other = shopify("other", "test", undefined, {
            storeUrl: envelope("acme.myshopify.com"),
            accessToken: new Secret(TEST_TOKEN),
        });
        assert.deepEqual(await violations(testConnectorNotOnLiveCredentials, [live, other]), []);
    });

    it("does not decide while credentials are unknown, and does not fail the preview", async () => {
        const live = shopify("live", "live", "uk", creds(LIVE_TOKEN));
        const cases = [
            shopify("all-unknown", "test", "uk", UNKNOWN_OBJECT),
            shopify("token-unknown", "test", "uk", creds(UNKNOWN_STRING)),
        ];
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
