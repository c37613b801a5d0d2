// Fabric's connector, group and system bodies both ways (fact sheet 3.1, 3.2, 3.8, 3.9): pure mapping.
import { strict as assert } from "node:assert";
import { groupCreateToWire, groupUpdateToWire, parentsFromTree } from "../../provider/client/company-groups";
import {
    connectorFromWire,
    connectorPath,
    connectorsOfGroup,
    createAnswerFromWire,
    createToWire,
    deleteAnswerFromWire,
    updateToWire,
} from "../../provider/client/connectors";
import { formKeysOf, systemFromWire } from "../../provider/client/systems";

const wire = (overrides: Record<string, unknown> = {}) => ({
    id: "uk_store|12",
    environment: "live",
    authorisation_type: "oauth2",
    connector_name: "Shopify UK",
    timeZone: "Europe/London",
    dateFormat: "c",
    credentials: {
        store: "s.myshopify.com",
        access_token: "*****",
        authorisation_type: "oauth2",
        connector_name: "Shopify UK",
        timezone: "Europe/London",
        date_format: "c",
    },
    system: { id: 7, name: "Shopify", factory_name: "Shopify", status: "active" },
    integration: { id: 3, name: "UK Store", username: "uk_store", _lft: 1 },
    ...overrides,
});

describe("connector wire mapping", () => {
    it("reads Fabric's fields, drops the four settings Fabric copies into the credentials, and keeps ids as strings", () => {
        assert.deepEqual(connectorFromWire(wire()), {
            id: "uk_store|12",
            environment: "live",
            name: "Shopify UK",
            timezone: "Europe/London",
            dateFormat: "c",
            authType: "oauth2",
            credentials: { store: "s.myshopify.com", access_token: "*****" },
            system: { id: "7", factoryName: "Shopify", name: "Shopify" },
            group: { id: "3", username: "uk_store", name: "UK Store" },
        });
    });

    const reads = [
        { title: "PHP's empty array as no credentials", overrides: { credentials: [] }, field: "credentials", expected: {} },
        { title: "a missing auth type as Fabric's none", overrides: { authorisation_type: null }, field: "authType", expected: "none" },
    ];
    for (const row of reads) {
        it(`reads ${row.title}`, () => {
            assert.deepEqual((connectorFromWire(wire(row.overrides)) as unknown as Record<string, unknown>)[row.field], row.expected);
        });
    }

    it("writes a create with Fabric's names and numeric system and group ids", () => {
        assert.deepEqual(
            createToWire({
                name: "N",
                environment: "test",
                timezone: "UTC",
                dateFormat: "c",
                authType: "basic_auth",
                systemId: "12",
                groupId: "3",
                credentials: { url: "https://x", token: "t" },
            }),
            {
                connectorName: "N",
                environment: "test",
                timeZone: "UTC",
                dateFormat: "c",
                authorisation_type: "basic_auth",
                system_id: 12,
                integration_id: 3,
                credentials: { url: "https://x", token: "t" },
            },
        );
    });

    const updates = [
        { title: "environment alone", update: { environment: "live" }, expected: { environment: "live" } },
        { title: "a rename", update: { environment: "live", name: "B" }, expected: { environment: "live", connectorName: "B" } },
        {
            title: "an auth type change with credentials",
            update: { environment: "live", authType: "oauth2", credentials: { public_app: true } },
            expected: { environment: "live", authorisation_type: "oauth2", credentials: { public_app: true } },
        },
        { title: "no empty credentials object", update: { environment: "live", credentials: {} }, expected: { environment: "live" } },
    ];
    for (const row of updates) {
        it(`writes an update: ${row.title}`, () => assert.deepEqual(updateToWire(row.update), row.expected));
    }

    it("decodes only the connectors of one company group from an undecoded list, whatever the type of Fabric's id", () => {
        const items = [
            wire(),
            wire({ id: "fr_store|1", integration: { id: 4, name: "FR", username: "fr_store" }, credentials: "not decoded" }),
            wire({ id: "uk_store|13", integration: { id: "3", name: "UK Store", username: "uk_store" } }),
        ];
        assert.deepEqual(
            connectorsOfGroup({ items }, "3").map((c) => c.id),
            ["uk_store|12", "uk_store|13"],
        );
        assert.throws(() => connectorsOfGroup({ items: [{ id: "no group" }] }, "3"), /unexpected connector/);
    });

    it("sends the | of a connector id as %7C", () => assert.equal(connectorPath("uk_store|12"), "/connectors/uk_store%7C12"));

    const answers = [
        { status: 201, reusedRow: false },
        { status: 200, reusedRow: true },
    ];
    for (const row of answers) {
        it(`reads a create answered ${row.status} as reusedRow ${row.reusedRow}`, () => {
            assert.equal(createAnswerFromWire({ data: wire() }, row.status).reusedRow, row.reusedRow);
        });
    }

    const deletes = [
        { body: { status: 200, message: "Connector deleted successfully." }, expected: { kind: "deleted" } },
        {
            body: { status: 500, message: "Failed to delete connector." },
            expected: { kind: "failed", message: "Failed to delete connector." },
        },
        { body: undefined, expected: { kind: "deleted" } },
    ];
    for (const row of deletes) {
        it(`reads a delete answered ${JSON.stringify(row.body)}`, () => assert.deepEqual(deleteAnswerFromWire(row.body), row.expected));
    }
});

describe("company group and system wire mapping", () => {
    it("finds each group's parent in the tree, since the list does not return parent_id", () => {
        const parents = parentsFromTree({
            data: [
                { id: 1, name: "Europe", children: [{ id: 2, name: "UK", children: [{ id: 4, name: "London", children: [] }] }] },
                { id: 3, name: "US", children: null },
            ],
        });
        assert.deepEqual(
            [...parents],
            [
                ["1", null],
                ["2", "1"],
                ["4", "2"],
                ["3", null],
            ],
        );
    });

    it("writes a group create with a numeric parent, and an update with only what changes", () => {
        assert.deepEqual(groupCreateToWire({ name: "UK Store", username: "uk_store", parentId: "1" }), {
            name: "UK Store",
            username: "uk_store",
            parent_id: 1,
        });
        assert.deepEqual(groupUpdateToWire({ parentId: null }), { parent_id: null });
        assert.deepEqual(groupUpdateToWire({ name: "UK Shop" }), { name: "UK Shop" });
    });

    const schemas = [
        {
            title: "a JSON-encoded string",
            schema: JSON.stringify({ attributes: [{ value: "store" }, { value: "access_token" }] }),
            keys: ["store", "access_token"],
        },
        { title: "an object", schema: { attributes: [{ value: "url" }] }, keys: ["url"] },
        { title: "null", schema: null, keys: [] },
        { title: "broken JSON", schema: "{", keys: [] },
    ];
    for (const row of schemas) {
        it(`reads the form keys of a credentials_schema given as ${row.title}`, () => assert.deepEqual(formKeysOf(row.schema), row.keys));
    }

    it("reads a system with its auth types and defaults", () => {
        assert.deepEqual(
            systemFromWire({
                id: 7,
                name: "Shopify",
                factory_name: "Shopify",
                date_format: "c",
                time_zone: null,
                system_authorisation_types: [{ credentials_schema: null, authorisation_type: { id: 2, name: "oauth2" } }],
            }),
            { id: "7", name: "Shopify", factoryName: "Shopify", dateFormat: "c", authTypes: [{ name: "oauth2", formKeys: [] }] },
        );
    });
});
