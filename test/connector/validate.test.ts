import { strict as assert } from "node:assert";
import {
    DEFAULT_DATE_FORMAT,
    DEFAULT_TIMEZONE,
    UNKNOWN,
    validateConnectorInputs,
} from "../../provider/connector/validate";

const SHOPIFY_TOKEN = "shpat-fake-token-for-tests-0001";

function shopify(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        system: "shopify",
        environment: "live",
        name: "Shopify UK",
        authType: "token",
        credentials: { storeUrl: "my-store.myshopify.com", accessToken: SHOPIFY_TOKEN },
        ...overrides,
    };
}

describe("validateConnectorInputs", () => {
    it("applies the documented defaults and the only auth type", () => {
        const { inputs, failures } = validateConnectorInputs({
            system: "veeqo",
            environment: "test",
            name: "Veeqo",
            credentials: { token: "veeqo-fake-token" },
        });
        assert.deepEqual(failures, []);
        assert.equal(inputs.timezone, DEFAULT_TIMEZONE);
        assert.equal(inputs.dateFormat, DEFAULT_DATE_FORMAT);
        assert.equal(inputs.authType, "default");
        assert.equal(inputs.adopt, false);
        assert.equal("companyGroup" in inputs, false);
    });

    it("keeps explicit values, trimming the company group", () => {
        const { inputs, failures } = validateConnectorInputs(
            shopify({ companyGroup: "  UK ", timezone: "Europe/London", dateFormat: "dd/MM/yyyy HH:mm" }),
        );
        assert.deepEqual(failures, []);
        assert.equal(inputs.companyGroup, "UK");
        assert.equal(inputs.timezone, "Europe/London");
        assert.equal(inputs.dateFormat, "dd/MM/yyyy HH:mm");
    });

    it("accepts a numeric port and stores it as a string", () => {
        const { inputs, failures } = validateConnectorInputs({
            system: "seko",
            environment: "live",
            name: "SEKO files",
            authType: "ftp",
            credentials: { host: "ftp.example.com", port: 22, username: "u", password: "fake-password" },
        });
        assert.deepEqual(failures, []);
        assert.equal(inputs.credentials.port, "22");
    });

    // One row per kind of check failure of CONTRACT section 3: the property path users see, and
    // words of the fix the message must contain.
    const badInputs: { title: string; news: Record<string, unknown>; property: string; mentions: RegExp[] }[] = [
        { title: "unknown system", news: shopify({ system: "shopfy" }), property: "system", mentions: [/unknown system "shopfy"/, /did you mean "shopify"/] },
        { title: "missing system", news: shopify({ system: undefined }), property: "system", mentions: [/required/, /patchworks\.systems/] },
        { title: "bad environment", news: shopify({ environment: "prod" }), property: "environment", mentions: [/"live" or "test"/] },
        { title: "unknown auth type", news: shopify({ authType: "oauth" }), property: "authType", mentions: [/"oauth" is not/, /"token"/, /"legacy"/] },
        { title: "missing auth type with several choices", news: shopify({ authType: undefined }), property: "authType", mentions: [/several authentication types/, /"token"/, /"legacy"/] },
        {
            title: "missing credential",
            news: shopify({ credentials: { storeUrl: "my-store.myshopify.com" } }),
            property: "credentials.accessToken",
            mentions: [/accessToken\) is required/],
        },
        {
            title: "unknown credential key",
            news: shopify({ credentials: { storeUrl: "my-store.myshopify.com", accessToken: SHOPIFY_TOKEN, apiKey: "x" } }),
            property: "credentials.apiKey",
            mentions: [/unknown credential field "apiKey"/, /valid keys: storeUrl, accessToken/],
        },
        {
            title: "ill-formed credential",
            news: shopify({ credentials: { storeUrl: "https://my-store.myshopify.com/", accessToken: SHOPIFY_TOKEN } }),
            property: "credentials.storeUrl",
            mentions: [/without http:\/\/ or a trailing '\/'/],
        },
        {
            title: "ill-formed port",
            news: { system: "bleckmann-sftp", environment: "live", name: "B", credentials: { host: "sftp.example.com", port: "70000", username: "u", password: "fake-pw" } },
            property: "credentials.port",
            mentions: [/1 to 65535/],
        },
        {
            title: "plain http where https is required",
            news: { system: "magento-2", environment: "live", name: "M", credentials: { baseUrl: "http://shop.example.com", accessToken: "fake-magento" } },
            property: "credentials.baseUrl",
            mentions: [/https:\/\//],
        },
        { title: "credentials missing entirely", news: shopify({ credentials: undefined }), property: "credentials", mentions: [/storeUrl, accessToken/] },
        { title: "invalid timezone", news: shopify({ timezone: "Europe/Londn" }), property: "timezone", mentions: [/IANA time zone/, /Europe\/London/] },
        { title: "date format that does not parse", news: shopify({ dateFormat: "qqqq" }), property: "dateFormat", mentions: [/round-trips/, /yyyy-MM-dd HH:mm:ss/] },
        { title: "date format that loses the hour", news: shopify({ dateFormat: "yyyy-MM-dd hh:mm" }), property: "dateFormat", mentions: [/different hour/, /use HH/] },
        { title: "empty name", news: shopify({ name: "   " }), property: "name", mentions: [/non-empty/] },
        { title: "blank company group", news: shopify({ companyGroup: " " }), property: "companyGroup", mentions: [/omit it/] },
        {
            title: "interactive OAuth system without adopt",
            news: { system: "netsuite", environment: "live", name: "NetSuite", authType: "suitetalk-oauth" },
            property: "adopt",
            mentions: [/interactive OAuth redirect/, /Patchworks dashboard/, /adopt: true/],
        },
        { title: "adopt that is not a boolean", news: shopify({ adopt: "yes" }), property: "adopt", mentions: [/true or false/] },
    ];

    for (const row of badInputs) {
        it(`reports ${row.title} at ${row.property}`, () => {
            const { failures } = validateConnectorInputs(row.news);
            const failure = failures.find((f) => f.property === row.property);
            assert.ok(failure, `expected a failure at ${row.property}, got ${JSON.stringify(failures)}`);
            for (const mention of row.mentions) assert.match(failure.reason, mention);
        });
    }

    it("never echoes a credential value in a failure", () => {
        const secret = "shpat-do-not-print-me-0042";
        const { failures } = validateConnectorInputs(
            shopify({ credentials: { storeUrl: `https://${secret}/`, accessToken: secret, extra: secret } }),
        );
        assert.ok(failures.length >= 2);
        for (const failure of failures) assert.doesNotMatch(failure.reason, /do-not-print-me/);
    });

    it("skips values that are unknown during preview", () => {
        const { failures, inputs } = validateConnectorInputs(
            shopify({ companyGroup: UNKNOWN, name: UNKNOWN, credentials: { storeUrl: "my-store.myshopify.com", accessToken: UNKNOWN } }),
        );
        assert.deepEqual(failures, []);
        assert.equal(inputs.companyGroup, UNKNOWN);
        assert.equal(inputs.credentials.accessToken, UNKNOWN);
    });

    it("still reports a missing credential when the others are unknown", () => {
        const { failures } = validateConnectorInputs(shopify({ credentials: { storeUrl: UNKNOWN } }));
        assert.deepEqual(failures.map((f) => f.property), ["credentials.accessToken"]);
    });

    it("lets an adopted OAuth connector omit credentials", () => {
        const { failures } = validateConnectorInputs({
            system: "lightspeed-retail-r-series",
            environment: "live",
            name: "Lightspeed",
            adopt: true,
        });
        assert.deepEqual(failures, []);
    });
});

describe("validateConnectorInputs output", () => {
    it("leaves out properties that are absent, since the engine cannot carry undefined", () => {
        const { inputs } = validateConnectorInputs({ system: "shopify", environment: "live", name: "S" });
        assert.equal(Object.values(inputs).includes(undefined as never), false);
        assert.equal("authType" in inputs, false);
    });
});
