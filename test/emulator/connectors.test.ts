// Connectors as fact sheet 3.1 and 4 describe Fabric's: validation texts, the upsert that revives
// deleted rows and overwrites where the duplicate check misses, credential checks on every create
// and update, the update merge, masking with its gaps, and the soft delete.
import { strict as assert } from "node:assert";
import { DUPLICATE_ENVIRONMENT } from "../../emulator/connectors";
import {
    MASK,
    REFUSED_CREDENTIAL_PREFIX,
    REMOTE_401_MESSAGE,
    REMOTE_401_PREFIX,
    UNREACHABLE_HOST_SUFFIX,
} from "../../emulator/credentials";
import { connectorBody, connectorPath, createConnector, emulatorSuite, systemId, VALID_CREDENTIALS } from "./suite";

describe("emulator: connector create", () => {
    const suite = emulatorSuite();
    const http = () => suite.emulator;

    it("answers 201 with the id <group username>|<row>, the copied extra fields and the whole system and group rows", async () => {
        const answer = await http().request("POST", "/api/v2/connectors", { json: await connectorBody(http(), "Veeqo") });
        assert.equal(answer.status, 201);
        const connector = answer.body.data;
        assert.equal(connector.id, "uk_store|1");
        assert.deepEqual(
            [connector.environment, connector.authorisation_type, connector.connector_name, connector.timeZone, connector.dateFormat],
            ["live", "basic_auth", "Veeqo live", "Europe/London", "c"],
        );
        assert.deepEqual(connector.credentials, {
            token: "*****",
            authorisation_type: "basic_auth",
            connector_name: "Veeqo live",
            timezone: "Europe/London",
            date_format: "c",
        });
        assert.equal(connector.system.factory_name, "Veeqo");
        assert.equal(connector.integration.username, "uk_store");
        assert.equal(connector.status, undefined, "Fabric has no health status");
        const second = await createConnector(http(), "Veeqo", { environment: "test" });
        assert.equal(second.id, "uk_store|2");
    });

    const missing: [string, string, string][] = [
        ["connectorName", "connectorName", "The connector name field is required."],
        ["environment", "environment", "The environment field is required."],
        ["timeZone", "timeZone", "The time zone field is required."],
        ["dateFormat", "dateFormat", "The date format field is required."],
        ["authorisation_type", "authorisation_type", "The authorisation type field is required."],
        ["credentials", "credentials", "The credentials field is required."],
    ];
    for (const [field, errorKey, text] of missing) {
        it(`refuses a create without ${field} with 422 "${text}"`, async () => {
            const body = await connectorBody(http(), "Veeqo");
            delete body[field];
            const answer = await http().request("POST", "/api/v2/connectors", { json: body });
            assert.equal(answer.status, 422);
            assert.equal(answer.body.message, "The given data was invalid.");
            assert.deepEqual(answer.body.errors[errorKey], [text]);
        });
    }

    it("reads a blank string as missing (trimmed, then null) and an environment ending _live as ill-formed", async () => {
        const answer = await http().request("POST", "/api/v2/connectors", {
            json: await connectorBody(http(), "Veeqo", { connectorName: "   ", environment: "uk_live" }),
        });
        assert.deepEqual(answer.body.errors, {
            connectorName: ["The connector name field is required."],
            environment: ["The environment format is invalid."],
        });
    });

    const credentialCases: [string, Record<string, unknown>, string][] = [
        ["Shopify", { store: "acme.example.com", public_app: true, access_token: "x" }, "The store must be a myshopify.com domain."],
        [
            "Shopify",
            { store: "acme.myshopify.com", private_app: true },
            "The api key field is required. The password field is required. The shared secret field is required.",
        ],
        ["Magentotwo", { token: "t", url: "http://shop.example.com" }, "The url format is invalid."],
        [
            "Netsuite",
            { oauth_token_id: "a", oauth_token_secret: "b", account_id: "1", script_id: "abc" },
            "The script id must be an integer.",
        ],
        ["Emarsys", { ...VALID_CREDENTIALS.Emarsys, ftp_port: 2222 }, "The selected ftp port is invalid."],
        ["Veeqo", { other: "x" }, "The token field is required."],
        [
            "Rebound",
            { ...VALID_CREDENTIALS.Rebound, url: "https://returns.example.com" },
            "The URL host must be one of `test.intelligentreturns.net`, `intelligentreturns.net`",
        ],
        [
            "CommerceTools",
            {
                project_key: "p",
                client_id: "c",
                secret: "s",
                scope: "x",
                api_url: "https://api.mars.commercetools.com",
                auth_url: "https://auth.europe-west1.gcp.commercetools.com",
            },
            "The api url format is invalid.",
        ],
    ];
    for (const [system, credentials, text] of credentialCases) {
        it(`joins the driver's messages for ${system} into one errors.credentials string: "${text}"`, async () => {
            const answer = await http().request("POST", "/api/v2/connectors", {
                json: await connectorBody(http(), system, { credentials }),
            });
            assert.equal(answer.status, 422);
            assert.deepEqual(answer.body.errors, { credentials: [text] });
        });
    }

    it("fails with 500 for a system id or group id that does not exist and for a system without a credential driver", async () => {
        for (const overrides of [
            { system_id: 9999 },
            { integration_id: 9999 },
            { system_id: "shopify" },
            { system_id: await systemId(http(), "Lightspeed") },
        ]) {
            const answer = await http().request("POST", "/api/v2/connectors", { json: await connectorBody(http(), "Veeqo", overrides) });
            assert.deepEqual([answer.status, answer.body], [500, { message: "Server Error" }]);
        }
        assert.deepEqual(await http().connectors(), []);
    });

    it('refuses a duplicate (group, system, environment) with 422 errors.environment "Please enter a unique value" where Fabric\'s check works', async () => {
        await createConnector(http(), "Veeqo");
        const answer = await http().request("POST", "/api/v2/connectors", {
            json: await connectorBody(http(), "Veeqo", { connectorName: "Another" }),
        });
        assert.equal(answer.status, 422);
        assert.deepEqual(answer.body.errors, { environment: [DUPLICATE_ENVIRONMENT] });
        assert.equal(DUPLICATE_ENVIRONMENT, "Please enter a unique value");
        const other = await createConnector(http(), "Veeqo", { integration_id: 2 });
        assert.equal(other.id, "france_store|1", "the same key in another group is no duplicate");
    });

    for (const system of ["Magentotwo", "SekoAPI", "Brightpearlv2", "InboundAPI"]) {
        it(`overwrites the live ${system} connector of the same key with 200, keeping its id (the duplicate check compares the display name with the factory name)`, async () => {
            const first = await createConnector(http(), system, { connectorName: "Mine" });
            const answer = await http().request("POST", "/api/v2/connectors", {
                json: await connectorBody(http(), system, { connectorName: "Theirs" }),
            });
            assert.equal(answer.status, 200);
            assert.equal(answer.body.data.id, first.id);
            const listed = await http().connectors();
            assert.deepEqual(
                listed.map((connector) => [connector.id, connector.connector_name]),
                [[first.id, "Theirs"]],
            );
        });
    }

    it("revives a deleted connector of the same key with its old id and answers 200", async () => {
        const first = await createConnector(http(), "Veeqo");
        await createConnector(http(), "Veeqo", { environment: "test" });
        assert.equal((await http().request("DELETE", connectorPath(first.id))).status, 200);
        const answer = await http().request("POST", "/api/v2/connectors", {
            json: await connectorBody(http(), "Veeqo", { connectorName: "Back" }),
        });
        assert.equal(answer.status, 200);
        assert.equal(answer.body.data.id, first.id);
        assert.equal(answer.body.data.connector_name, "Back");
    });
});

describe("emulator: credential checks with the remote system", () => {
    const suite = emulatorSuite();
    const http = () => suite.emulator;

    const refusals: [string, Record<string, unknown>, number, string][] = [
        [`a value starting ${REFUSED_CREDENTIAL_PREFIX}`, { token: `${REFUSED_CREDENTIAL_PREFIX}-token` }, 500, "Server Error"],
        [`a remote 401 (a value starting ${REMOTE_401_PREFIX})`, { token: `${REMOTE_401_PREFIX}-token` }, 401, REMOTE_401_MESSAGE],
    ];
    for (const [what, credentials, status, message] of refusals) {
        it(`answers ${status} to ${what} on create and saves nothing`, async () => {
            const answer = await http().request("POST", "/api/v2/connectors", {
                json: await connectorBody(http(), "Veeqo", { credentials }),
            });
            assert.deepEqual([answer.status, answer.body], [status, { message }]);
            assert.notEqual(message, "Unauthenticated.");
            assert.deepEqual(await http().connectors(), []);
        });
    }

    it(`answers 500 when a URL's host ends ${UNREACHABLE_HOST_SUFFIX} (unreachable)`, async () => {
        const answer = await http().request("POST", "/api/v2/connectors", {
            json: await connectorBody(http(), "Magentotwo", { credentials: { token: "t", url: "https://shop.example.invalid/rest" } }),
        });
        assert.deepEqual([answer.status, answer.body], [500, { message: "Server Error" }]);
    });

    it("checks again on every update, even a rename, and changes nothing when the check fails", async () => {
        const connector = await createConnector(http(), "Magentotwo");
        const refused = await http().request("PUT", connectorPath(connector.id), {
            json: { environment: "live", credentials: { url: "https://down.invalid" } },
        });
        assert.equal(refused.status, 500);
        const remote401 = await http().request("PUT", connectorPath(connector.id), {
            json: { environment: "live", credentials: { token: "invalid-401" } },
        });
        assert.equal(remote401.status, 401);
        const [stored] = await http().connectors();
        assert.equal(stored.credentials.url, "https://shop.example.com");
    });
});

describe("emulator: connector read, update and delete", () => {
    const suite = emulatorSuite();
    const http = () => suite.emulator;

    it("finds a connector by its id with | sent as %7C, and answers 404 or 500 as Fabric's route binding does", async () => {
        const connector = await createConnector(http(), "Veeqo");
        assert.equal((await http().request("GET", "/api/v2/connectors/uk_store%7C1")).body.data.id, connector.id);
        const cases: [string, number, string][] = [
            ["/api/v2/connectors/nobody%7C1", 404, "No query results for model [App\\Models\\Fabric\\Integration]."],
            ["/api/v2/connectors/uk_store%7C99", 404, "No query results for model [App\\Models\\Tapestry\\Connector] 99"],
            ["/api/v2/connectors/uk_store", 500, "Server Error"],
        ];
        for (const [path, status, message] of cases) {
            const answer = await http().request("GET", path);
            assert.deepEqual([answer.status, answer.body], [status, { message }], path);
        }
    });

    it("merges posted credentials into the stored ones, requires environment, and lets it change without any uniqueness check", async () => {
        const connector = await createConnector(http(), "Magentotwo");
        const noEnvironment = await http().request("PUT", connectorPath(connector.id), { json: { connectorName: "Renamed" } });
        assert.deepEqual(noEnvironment.body.errors, { environment: ["The environment field is required."] });
        const answer = await http().request("PUT", connectorPath(connector.id), {
            json: { environment: "test", connectorName: "Renamed", credentials: { url: "https://new.example.com" } },
        });
        assert.equal(answer.status, 200);
        const updated = answer.body.data;
        assert.deepEqual([updated.id, updated.environment, updated.connector_name], [connector.id, "test", "Renamed"]);
        assert.deepEqual(updated.credentials, { ...connector.credentials, url: "https://new.example.com", connector_name: "Renamed" });
        const withMask = await http().request("PUT", connectorPath(connector.id), {
            json: { environment: "test", credentials: { token: "*****" } },
        });
        assert.equal(withMask.status, 200, "a posted mask overwrites the real secret, as in Fabric");
    });

    const updateRules: [string, Record<string, unknown>, string][] = [
        ["Veeqo", { token: null }, "The token field must have a value."],
        ["SekoAPI", { token: "new" }, "The url field is required."],
        ["SapB1", { api_password: "new" }, "The api url field is required. The api user field is required. The sap db field is required."],
        ["Magentotwo", { url: "http://plain.example.com" }, "The url format is invalid."],
    ];
    for (const [system, credentials, text] of updateRules) {
        it(`applies ${system}'s update rules: "${text}"`, async () => {
            const connector = await createConnector(http(), system, { authorisation_type: "basic_auth" });
            const answer = await http().request("PUT", connectorPath(connector.id), { json: { environment: "live", credentials } });
            assert.equal(answer.status, 422);
            assert.deepEqual(answer.body.errors, { credentials: [text] });
        });
    }

    it("masks secrets with ***** on read, with Fabric's gaps: Shopify's access_token outside oauth2, Emarsys' secrets", async () => {
        const oauth = await createConnector(http(), "Shopify");
        assert.equal(oauth.credentials.access_token, MASK);
        assert.equal(MASK, "*****");
        const custom = await createConnector(http(), "Shopify", { environment: "test", authorisation_type: "none" });
        assert.equal(custom.credentials.access_token, VALID_CREDENTIALS.Shopify.access_token);
        const emarsys = await createConnector(http(), "Emarsys");
        assert.equal(emarsys.credentials.api_secret, VALID_CREDENTIALS.Emarsys.api_secret);
        assert.equal(emarsys.credentials.ftp_connection.password, VALID_CREDENTIALS.Emarsys.ftp_password);
        const netsuite = await createConnector(http(), "Netsuite", { authorisation_type: "oauth1" });
        assert.deepEqual([netsuite.credentials.oauth_token_id, netsuite.credentials.account_id], ["*****", "123456"]);
    });

    it("soft-deletes with 200 {status:200,...} whatever services use it, after which the connector is gone from reads", async () => {
        const connector = await createConnector(http(), "Veeqo");
        const answer = await http().request("DELETE", connectorPath(connector.id));
        assert.deepEqual([answer.status, answer.body], [200, { status: 200, message: "Connector deleted successfully." }]);
        assert.deepEqual(await http().connectors(), []);
        assert.equal((await http().request("GET", connectorPath(connector.id))).status, 404);
        assert.equal((await http().request("DELETE", connectorPath(connector.id))).status, 404);
    });

    it("lists every connector of every group in one unpaginated answer", async () => {
        for (let group = 1; group <= 20; group++) await createConnector(http(), "Veeqo", { integration_id: group });
        const answer = await http().request("GET", "/api/v2/connectors?page=2");
        assert.equal(answer.body.data.length, 20);
        assert.equal(answer.body.meta, undefined);
    });
});

describe("emulator: credentials Fabric stores in another shape", () => {
    const suite = emulatorSuite();
    const http = () => suite.emulator;

    const readBacks: [string, string, Record<string, unknown>][] = [
        ["Peoplevox", "ntlm", { url: "https://qac.peoplevox.net/" }],
        ["Rebound", "basic_auth", { url: "https://test.intelligentreturns.net" }],
        ["Dynamics Nav", "ntlm", { url: "https://nav.example.com", server_instance: "prefix", password: MASK }],
        ["Netsuite", "oauth1", { uses_oauth: true, account_id: "123456" }],
    ];
    for (const [system, authorisationType, expected] of readBacks) {
        it(`reads ${system}'s credentials back as Fabric reshapes them: ${JSON.stringify(expected)}`, async () => {
            const connector = await createConnector(http(), system, { authorisation_type: authorisationType });
            for (const [key, value] of Object.entries(expected)) assert.deepEqual(connector.credentials[key], value, key);
            assert.equal(connector.credentials.test, undefined);
        });
    }

    it("keeps Emarsys' ftp keys nested on read, so a PUT that does not resend ftp_host fails with 422 Missing required attribute", async () => {
        const connector = await createConnector(http(), "Emarsys");
        assert.equal(connector.credentials.ftp_host, undefined);
        assert.deepEqual(connector.credentials.ftp_connection, {
            host: "ftp.example.com",
            port: 22,
            username: "acme",
            password: "ftp-secret",
            passive: 1,
        });
        const rename = await http().request("PUT", connectorPath(connector.id), {
            json: { environment: "live", connectorName: "Renamed" },
        });
        assert.deepEqual([rename.status, rename.body], [422, { message: "Missing required attribute `ftp_host`." }]);
        const { username: _username, api_secret: _secret, ...ftp } = VALID_CREDENTIALS.Emarsys;
        const resent = await http().request("PUT", connectorPath(connector.id), {
            json: { environment: "live", connectorName: "Renamed", credentials: ftp },
        });
        assert.equal(resent.status, 200);
    });

    it("drifts a Peoplevox url that an update does not resend, as Fabric's merge of the read form does", async () => {
        const connector = await createConnector(http(), "Peoplevox", { authorisation_type: "basic_auth" });
        const renamed = await http().request("PUT", connectorPath(connector.id), {
            json: { environment: "live", connectorName: "Renamed" },
        });
        assert.equal(renamed.body.data.credentials.url, "https://qac.peoplevox.net//");
    });
});
