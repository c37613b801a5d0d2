import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { emulatorSuite, shopifyConnector } from "./http";

const SHOPIFY_TOKEN = "shpat_secret_value";
const MASK = "********";

function without(body: Record<string, unknown>, field: string): Record<string, unknown> {
    const copy = { ...body };
    delete copy[field];
    return copy;
}

describe("emulator: service connectors", () => {
    const suite = emulatorSuite();

    async function create(overrides: Record<string, unknown> = {}) {
        const response = await suite.api.post("/service-connectors", shopifyConnector(overrides));
        assert.equal(response.status, 201, JSON.stringify(response.body));
        return response.body.data;
    }

    async function connectorCount(): Promise<number> {
        return (await suite.api.get("/service-connectors")).body.meta.total;
    }

    describe("create and read", () => {
        it("creates a connector (201) and serves it back by id", async () => {
            const response = await suite.api.post("/service-connectors", shopifyConnector());
            assert.equal(response.status, 201);
            const created = response.body.data;
            assert.match(created.id, /^sc_[0-9a-f]+$/);
            assert.deepEqual(
                { ...created, id: undefined, created_at: undefined, updated_at: undefined },
                {
                    ...shopifyConnector(),
                    credentials: { storeUrl: "my-store.myshopify.com", accessToken: MASK },
                    status: "operational",
                    id: undefined,
                    created_at: undefined,
                    updated_at: undefined,
                },
            );
            assert.match(created.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
            assert.equal(created.updated_at, created.created_at);

            const read = await suite.api.get(`/service-connectors/${created.id}`);
            assert.equal(read.status, 200);
            assert.deepEqual(read.body.data, created);
        });

        it("gives each connector its own id", async () => {
            const live = await create({ environment: "live" });
            const test = await create({ environment: "test" });
            assert.notEqual(live.id, test.id);
        });

        it("stores an omitted or blank company group as the default group (null)", async () => {
            assert.equal((await create({ company_group: undefined })).company_group, null);
            assert.equal((await create({ company_group: "  ", environment: "test" })).company_group, null);
        });

        it("answers 404 with a message for an unknown id", async () => {
            for (const [method, json] of [["GET"], ["PATCH", { name: "x" }], ["DELETE"]] as const) {
                const response = await suite.api.request(method, "/service-connectors/sc_missing", { json });
                assert.equal(response.status, 404, method);
                assert.match(response.body.message, /sc_missing/);
            }
        });
    });

    describe("validation (422, one entry per failing field)", () => {
        const cases: { title: string; body: Record<string, unknown>; field: string; mentions?: RegExp }[] = [
            { title: "an unknown system", body: shopifyConnector({ system: "shopifi" }), field: "system" },
            { title: "a missing system", body: without(shopifyConnector(), "system"), field: "system" },
            {
                title: "an unknown auth type",
                body: shopifyConnector({ auth_type: "oauth" }),
                field: "auth_type",
                mentions: /token, legacy/,
            },
            { title: "a missing auth type", body: without(shopifyConnector(), "auth_type"), field: "auth_type", mentions: /token, legacy/ },
            {
                title: "a missing credential",
                body: shopifyConnector({ credentials: { storeUrl: "my-store.myshopify.com" } }),
                field: "credentials.accessToken",
            },
            {
                title: "an unknown credential key",
                body: shopifyConnector({ credentials: { storeUrl: "my-store.myshopify.com", accessToken: "t", apiVersion: "2024-01" } }),
                field: "credentials.apiVersion",
                mentions: /storeUrl, accessToken/,
            },
            {
                title: "a badly formatted credential",
                body: shopifyConnector({ credentials: { storeUrl: "https://my-store.myshopify.com/", accessToken: "t" } }),
                field: "credentials.storeUrl",
            },
            { title: "credentials that are not an object", body: shopifyConnector({ credentials: "token" }), field: "credentials" },
            {
                title: "a masked placeholder sent as a secret",
                body: shopifyConnector({ credentials: { storeUrl: "my-store.myshopify.com", accessToken: MASK } }),
                field: "credentials.accessToken",
            },
            { title: "a missing name", body: without(shopifyConnector(), "name"), field: "name" },
            { title: "a blank name", body: shopifyConnector({ name: "   " }), field: "name" },
            { title: "an environment other than live or test", body: shopifyConnector({ environment: "prod" }), field: "environment" },
            { title: "an unknown time zone", body: shopifyConnector({ timezone: "Europe/Londn" }), field: "timezone" },
            { title: "a missing time zone", body: without(shopifyConnector(), "timezone"), field: "timezone" },
            { title: "a missing date format", body: without(shopifyConnector(), "date_format"), field: "date_format" },
            { title: "a company group that is not a string", body: shopifyConnector({ company_group: 5 }), field: "company_group" },
            { title: "a server-set field", body: shopifyConnector({ status: "operational" }), field: "status" },
            { title: "an unknown field", body: shopifyConnector({ colour: "red" }), field: "colour" },
        ];
        for (const { title, body, field, mentions } of cases) {
            it(`refuses ${title} (${field})`, async () => {
                const response = await suite.api.post("/service-connectors", body);
                assert.equal(response.status, 422);
                assert.deepEqual(Object.keys(response.body.errors), [field]);
                assert.equal(typeof response.body.message, "string");
                if (mentions) {
                    assert.match(response.body.errors[field].join(" "), mentions);
                }
                assert.equal(await connectorCount(), 0);
            });
        }

        it("reports every failing field at once", async () => {
            const response = await suite.api.post("/service-connectors", { system: "shopify", environment: "prod", auth_type: "token" });
            assert.equal(response.status, 422);
            assert.deepEqual(Object.keys(response.body.errors).sort(), ["credentials", "date_format", "environment", "name", "timezone"]);
        });

        it("never echoes a credential value in an error", async () => {
            const secret = "not-a-ck-prefixed-secret";
            const response = await suite.api.post("/service-connectors", {
                ...shopifyConnector(),
                system: "woocommerce",
                auth_type: "rest-api-keys",
                credentials: { storeUrl: "https://shop.example.com", consumerKey: secret, consumerSecret: "cs_ok" },
            });
            assert.equal(response.status, 422);
            assert.deepEqual(Object.keys(response.body.errors), ["credentials.consumerKey"]);
            assert.ok(!JSON.stringify(response.body).includes(secret));
        });

        it("refuses a body that is not a JSON object", async () => {
            const response = await suite.api.post("/service-connectors", [shopifyConnector()]);
            assert.equal(response.status, 422);
            assert.deepEqual(Object.keys(response.body.errors), ["body"]);
        });
    });

    describe("uniqueness (409): one live and one test connector per system per company group", () => {
        it("refuses a second connector with the same key, naming the existing one", async () => {
            const first = await create();
            const response = await suite.api.post("/service-connectors", shopifyConnector({ name: "Another" }));
            assert.equal(response.status, 409);
            assert.ok(response.body.message.includes(first.id), response.body.message);
            assert.equal(await connectorCount(), 1);
        });

        const sameGroup: { title: string; first: unknown; second: unknown }[] = [
            { title: "differently cased and padded", first: "uk", second: "  UK " },
            { title: "mixed case", first: "Europe", second: "eUROPE" },
            { title: "omitted and null", first: undefined, second: null },
            { title: "null and blank", first: null, second: " " },
            { title: "padded with tabs and newlines", first: "fr", second: "\tFR\n" },
            { title: "numbered, in capitals", first: "group-1", second: "GROUP-1" },
        ];
        for (const { title, first, second } of sameGroup) {
            it(`treats company groups ${title} as the same group`, async () => {
                await create({ company_group: first });
                const response = await suite.api.post("/service-connectors", shopifyConnector({ company_group: second }));
                assert.equal(response.status, 409);
            });
        }

        const differentKey: { title: string; second: Record<string, unknown> }[] = [
            { title: "another environment", second: { environment: "test" } },
            { title: "another company group", second: { company_group: "us" } },
            { title: "the default group", second: { company_group: null } },
            {
                title: "another system",
                second: { system: "veeqo", auth_type: "default", credentials: { token: "veeqo-token" } },
            },
        ];
        for (const { title, second } of differentKey) {
            it(`allows a second connector for ${title}`, async () => {
                await create();
                const response = await suite.api.post("/service-connectors", shopifyConnector(second));
                assert.equal(response.status, 201, JSON.stringify(response.body));
            });
        }
    });

    describe("masking of secret credentials", () => {
        const cases: { system: string; authType: string; credentials: Record<string, string>; secrets: string[] }[] = [
            {
                system: "shopify",
                authType: "token",
                credentials: { storeUrl: "my-store.myshopify.com", accessToken: SHOPIFY_TOKEN },
                secrets: ["accessToken"],
            },
            {
                system: "woocommerce",
                authType: "rest-api-keys",
                credentials: { storeUrl: "https://shop.example.com", consumerKey: "ck_abc", consumerSecret: "cs_def" },
                secrets: ["consumerKey", "consumerSecret"],
            },
            {
                system: "patchworks-sftp",
                authType: "ssh",
                credentials: {
                    host: "sftp.example.com",
                    port: "22",
                    username: "pw",
                    privateKey: "-----BEGIN KEY-----",
                    passphrase: "pass",
                },
                secrets: ["privateKey", "passphrase"],
            },
        ];
        for (const { system, authType, credentials, secrets } of cases) {
            it(`masks ${secrets.join(", ")} of ${system} (${authType}) and returns the rest as given`, async () => {
                const created = await create({ system, auth_type: authType, credentials });
                const expected = Object.fromEntries(
                    Object.entries(credentials).map(([key, value]) => [key, secrets.includes(key) ? MASK : value]),
                );
                const listed = (await suite.api.get("/service-connectors")).body.data[0];
                const read = (await suite.api.get(`/service-connectors/${created.id}`)).body.data;
                const patched = (await suite.api.patch(`/service-connectors/${created.id}`, { credentials })).body.data;
                for (const [where, connector] of Object.entries({ created, listed, read, patched })) {
                    assert.deepEqual(connector.credentials, expected, where);
                }
            });
        }
    });

    describe("status", () => {
        const cases: { title: string; body: Record<string, unknown>; status: string }[] = [
            { title: "valid credentials", body: shopifyConnector(), status: "operational" },
            {
                title: "a secret starting with 'invalid'",
                body: shopifyConnector({ credentials: { storeUrl: "my-store.myshopify.com", accessToken: "invalid-token" } }),
                status: "failed_authentication",
            },
            {
                title: "a non-secret credential starting with 'invalid'",
                body: shopifyConnector({
                    system: "active-ants",
                    auth_type: "basic",
                    credentials: { username: "invalid-user", password: "p" },
                }),
                status: "failed_authentication",
            },
            {
                title: "a store host on .invalid",
                body: shopifyConnector({ credentials: { storeUrl: "my-store.invalid", accessToken: "t" } }),
                status: "unreachable",
            },
            {
                title: "a URL whose host is on .invalid",
                body: shopifyConnector({
                    system: "woocommerce",
                    auth_type: "rest-api-keys",
                    credentials: { storeUrl: "https://shop.example.invalid/wp", consumerKey: "ck_a", consumerSecret: "cs_b" },
                }),
                status: "unreachable",
            },
            {
                title: "a URL with .invalid only in its path",
                body: shopifyConnector({
                    system: "woocommerce",
                    auth_type: "rest-api-keys",
                    credentials: { storeUrl: "https://shop.example.com/x.invalid", consumerKey: "ck_a", consumerSecret: "cs_b" },
                }),
                status: "operational",
            },
            {
                title: "an SFTP host on .invalid",
                body: shopifyConnector({
                    system: "patchworks-sftp",
                    auth_type: "basic",
                    credentials: { host: "sftp.invalid", port: "22", username: "u", password: "p" },
                }),
                status: "unreachable",
            },
            {
                title: "an unreachable host and a rejected token (reachability first)",
                body: shopifyConnector({ credentials: { storeUrl: "my-store.invalid", accessToken: "invalid-token" } }),
                status: "unreachable",
            },
        ];
        for (const { title, body, status } of cases) {
            it(`is ${status} for ${title}`, async () => {
                const response = await suite.api.post("/service-connectors", body);
                assert.equal(response.status, 201, JSON.stringify(response.body));
                assert.equal(response.body.data.status, status);
            });
        }

        it("is recomputed when the credentials change, and only then", async () => {
            const { id } = await create();
            const bad = { storeUrl: "my-store.myshopify.com", accessToken: "invalid-now" };
            assert.equal(
                (await suite.api.patch(`/service-connectors/${id}`, { credentials: bad })).body.data.status,
                "failed_authentication",
            );
            assert.equal(
                (await suite.api.patch(`/service-connectors/${id}`, { name: "Renamed" })).body.data.status,
                "failed_authentication",
            );
            const good = { storeUrl: "my-store.myshopify.com", accessToken: "fixed" };
            assert.equal((await suite.api.patch(`/service-connectors/${id}`, { credentials: good })).body.data.status, "operational");
        });
    });

    describe("update (PATCH)", () => {
        it("changes name, timezone and date format in place and moves updated_at", async () => {
            const created = await create();
            await sleep(5);
            const changes = { name: "Shopify United Kingdom", timezone: "UTC", date_format: "dd/MM/yyyy" };
            const response = await suite.api.patch(`/service-connectors/${created.id}`, changes);
            assert.equal(response.status, 200);
            assert.deepEqual(response.body.data, { ...created, ...changes, updated_at: response.body.data.updated_at });
            assert.ok(response.body.data.updated_at > created.updated_at);
            assert.deepEqual((await suite.api.get(`/service-connectors/${created.id}`)).body.data, response.body.data);
        });

        it("replaces the credentials whole, so a partial set is refused", async () => {
            const created = await create();
            const credentials = { storeUrl: "other-store.myshopify.com", accessToken: "shpat_rotated" };
            const response = await suite.api.patch(`/service-connectors/${created.id}`, { credentials });
            assert.equal(response.status, 200);
            assert.deepEqual(response.body.data.credentials, { storeUrl: "other-store.myshopify.com", accessToken: MASK });
            const partial = await suite.api.patch(`/service-connectors/${created.id}`, { credentials: { accessToken: "x" } });
            assert.equal(partial.status, 422);
            assert.deepEqual(Object.keys(partial.body.errors), ["credentials.storeUrl"]);
        });

        it("leaves updated_at alone when nothing changes", async () => {
            const created = await create();
            await sleep(5);
            const response = await suite.api.patch(`/service-connectors/${created.id}`, { name: created.name });
            assert.equal(response.status, 200);
            assert.equal(response.body.data.updated_at, created.updated_at);
        });

        const refused: { field: string; value: unknown }[] = [
            { field: "system", value: "veeqo" },
            { field: "environment", value: "test" },
            { field: "company_group", value: "us" },
            { field: "auth_type", value: "legacy" },
            { field: "id", value: "sc_other" },
            { field: "status", value: "operational" },
            { field: "created_at", value: "2020-01-01T00:00:00.000Z" },
            { field: "colour", value: "red" },
        ];
        for (const { field, value } of refused) {
            it(`refuses a change of ${field} with 422 and changes nothing`, async () => {
                const created = await create();
                const response = await suite.api.patch(`/service-connectors/${created.id}`, { name: "New name", [field]: value });
                assert.equal(response.status, 422);
                assert.deepEqual(Object.keys(response.body.errors), [field]);
                assert.deepEqual((await suite.api.get(`/service-connectors/${created.id}`)).body.data, created);
            });
        }

        it("validates the fields it may change", async () => {
            const created = await create();
            const response = await suite.api.patch(`/service-connectors/${created.id}`, { name: "", timezone: "Nowhere/Else" });
            assert.equal(response.status, 422);
            assert.deepEqual(Object.keys(response.body.errors).sort(), ["name", "timezone"]);
        });
    });

    describe("delete", () => {
        it("answers 204, then 404 for the same id", async () => {
            const { id } = await create();
            const deleted = await suite.api.delete(`/service-connectors/${id}`);
            assert.equal(deleted.status, 204);
            assert.equal(deleted.body, undefined);
            assert.equal((await suite.api.get(`/service-connectors/${id}`)).status, 404);
            assert.equal((await suite.api.delete(`/service-connectors/${id}`)).status, 404);
            assert.equal(await connectorCount(), 0);
        });

        it("frees the key for a new connector", async () => {
            const { id } = await create();
            await suite.api.delete(`/service-connectors/${id}`);
            await create();
        });

        it("refuses (409) while services use the connector, naming them", async () => {
            const { id } = await create();
            await suite.emulator.markInUse(id, ["Orders to NetSuite", "Stock sync"]);
            const response = await suite.api.delete(`/service-connectors/${id}`);
            assert.equal(response.status, 409);
            assert.equal(response.body.message, `connector ${id} is used by services: Orders to NetSuite, Stock sync`);
            assert.deepEqual(response.body.errors, { services: ["Orders to NetSuite", "Stock sync"] });
            assert.equal((await suite.api.get(`/service-connectors/${id}`)).status, 200);

            await suite.emulator.markInUse(id, []);
            assert.equal((await suite.api.delete(`/service-connectors/${id}`)).status, 204);
        });

        it("refuses to mark an unknown connector as in use", async () => {
            await assert.rejects(suite.emulator.markInUse("sc_missing", ["Orders"]), /404/);
        });
    });
});
