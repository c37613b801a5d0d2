// The sizes the emulated API refuses (emulator/limits.ts): a field over its limit is a 422 naming
// the field; a whole body over 64 KiB (1 MiB for a service) is a 413 before anything is read.
import assert from "node:assert/strict";
import { connectorBodies, emulatorSuite, serviceBody, shopifyConnector } from "./http";

const BODY_MAX_BYTES = 64 * 1024;
const SERVICE_BODY_MAX_BYTES = 1024 * 1024;

function shopifyToken(token: string): Record<string, string> {
    return { storeUrl: "my-store.myshopify.com", accessToken: token };
}

// Seven fields, the most any auth type has, each as long as a credential may be.
const LARGEST_CREDENTIALS = Object.fromEntries(
    ["tokenId", "tokenSecret", "accountId", "scriptId", "deployId", "consumerKey", "consumerSecret"].map((key) => [
        key,
        key[0].repeat(4096),
    ]),
);

describe("emulator: size limits", () => {
    const suite = emulatorSuite();

    const atLimit: { title: string; body: Record<string, unknown> }[] = [
        { title: "a name of 255 characters", body: shopifyConnector({ name: "n".repeat(255) }) },
        { title: "a name of 255 characters outside the BMP (510 UTF-16 units)", body: shopifyConnector({ name: "😀".repeat(255) }) },
        { title: "a date format of 255 characters", body: shopifyConnector({ date_format: "y".repeat(255) }) },
        { title: "a credential of 4096 characters", body: shopifyConnector({ credentials: shopifyToken("t".repeat(4096)) }) },
        {
            title: "the largest valid body: seven credentials of 4096 characters",
            body: shopifyConnector({
                system: "netsuite",
                auth_type: "legacy-oauth1",
                name: "n".repeat(255),
                credentials: LARGEST_CREDENTIALS,
            }),
        },
    ];
    for (const { title, body } of atLimit) {
        it(`accepts ${title}`, async () => {
            const response = await suite.api.post("/service-connectors", body);
            assert.equal(response.status, 201, JSON.stringify(response.body).slice(0, 500));
        });
    }

    const overLimit: { title: string; body: Record<string, unknown>; field: string; limit: number }[] = [
        { title: "a name of 256 characters", body: shopifyConnector({ name: "n".repeat(256) }), field: "name", limit: 255 },
        {
            title: "a company group of 256 characters",
            body: shopifyConnector({ company_group: "g".repeat(256) }),
            field: "company_group",
            limit: 255,
        },
        {
            title: "a date format of 256 characters",
            body: shopifyConnector({ date_format: "y".repeat(256) }),
            field: "date_format",
            limit: 255,
        },
        {
            title: "a credential of 4097 characters",
            body: shopifyConnector({ credentials: shopifyToken("t".repeat(4097)) }),
            field: "credentials.accessToken",
            limit: 4096,
        },
    ];
    for (const { title, body, field, limit } of overLimit) {
        it(`refuses ${title} with 422 naming ${field}`, async () => {
            const response = await suite.api.post("/service-connectors", body);
            assert.equal(response.status, 422);
            assert.deepEqual(Object.keys(response.body.errors), [field]);
            assert.match(response.body.errors[field].join(" "), new RegExp(`at most ${limit} characters`));
        });
    }

    it("applies the same limits to an update", async () => {
        const { id } = (await suite.api.post("/service-connectors", shopifyConnector())).body.data;
        const response = await suite.api.patch(`/service-connectors/${id}`, {
            name: "n".repeat(256),
            credentials: shopifyToken("t".repeat(4097)),
        });
        assert.equal(response.status, 422);
        assert.deepEqual(Object.keys(response.body.errors).sort(), ["credentials.accessToken", "name"]);
    });

    it(`refuses a body over ${BODY_MAX_BYTES} bytes with 413, saying the limit`, async () => {
        const credentials = { ...LARGEST_CREDENTIALS, tokenSecret: "s".repeat(BODY_MAX_BYTES) };
        const body = JSON.stringify(shopifyConnector({ system: "netsuite", auth_type: "legacy-oauth1", credentials }));
        const response = await suite.api.request("POST", "/service-connectors", { rawBody: body });
        assert.equal(response.status, 413);
        assert.match(response.body.message, new RegExp(`larger than ${BODY_MAX_BYTES} bytes`));
        assert.equal((await suite.api.get("/service-connectors")).body.meta.total, 0);
    });

    describe("service bodies", () => {
        /** A service with `count` mappings, each with a transform: about 150 bytes a mapping. */
        async function serviceWithMappings(count: number): Promise<string> {
            const source = (await suite.api.post("/service-connectors", connectorBodies.shopify())).body.data.id;
            const destination = (await suite.api.post("/service-connectors", connectorBodies.netsuite())).body.data.id;
            const mappings = Array.from({ length: count }, (_, i) => ({
                source_field: `line_items.${i}.sku`,
                destination_field: `item.${i}.external_id`,
                transforms: [{ function: "prefix", args: { prefix: "SKU-" } }],
            }));
            return JSON.stringify(serviceBody(source, destination, { mappings }));
        }

        it(`accepts a service over ${BODY_MAX_BYTES} bytes: a large integration's mappings`, async () => {
            const body = await serviceWithMappings(2000);
            assert.ok(Buffer.byteLength(body) > BODY_MAX_BYTES && Buffer.byteLength(body) < SERVICE_BODY_MAX_BYTES);
            const response = await suite.api.request("POST", "/services", { rawBody: body });
            assert.equal(response.status, 201, JSON.stringify(response.body).slice(0, 300));
            assert.equal(response.body.data.mappings.length, 2000);
        });

        it(`refuses a service over ${SERVICE_BODY_MAX_BYTES} bytes with 413, saying the limit`, async () => {
            const body = await serviceWithMappings(12_000);
            assert.ok(Buffer.byteLength(body) > SERVICE_BODY_MAX_BYTES);
            const response = await suite.api.request("POST", "/services", { rawBody: body });
            assert.equal(response.status, 413);
            assert.match(response.body.message, new RegExp(`larger than ${SERVICE_BODY_MAX_BYTES} bytes`));
            assert.equal((await suite.api.get("/services")).body.meta.total, 0);
        });
    });
});
