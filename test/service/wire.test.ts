import { strict as assert } from "node:assert";
import { UnexpectedResponseError } from "../../provider/client/mapping";
import {
    serviceFilterToQuery,
    serviceFromApi,
    servicePatchToApi,
    serviceToApi,
    type RemoteService,
} from "../../provider/client/service-wire";
import { contractServiceBody } from "../support/contract-service";
import { EXAMPLE_FIELDS } from "./fixtures";

const fields = EXAMPLE_FIELDS;

const apiBody = contractServiceBody("101", "202");

const stored = { ...apiBody, id: 9001, created_at: "2025-03-01T10:00:00Z", updated_at: "2025-03-02T11:00:00Z" };

describe("service wire format", () => {
    it("writes every field in snake_case", () => {
        assert.deepEqual(serviceToApi(fields), apiBody);
    });

    it("keeps the JSON type of every argument", () => {
        const args = { text: "1", number: 1.5, flag: false };
        const remote = serviceFromApi({
            ...stored,
            mappings: [{ source_field: "a", destination_field: "b", transforms: [{ function: "f", args }] }],
        });
        assert.deepEqual(remote.mappings[0].transforms[0].args, args);
        assert.deepEqual(serviceToApi(remote).mappings[0].transforms[0].args, args);
    });

    it("asks for a webhook without a URL: the API chooses it", () => {
        assert.deepEqual(serviceToApi({ ...fields, trigger: { webhook: true } }).trigger, { type: "webhook" });
        assert.equal(serviceToApi({ ...fields, trigger: null }).trigger, null);
    });

    it("reads every field in camelCase, numeric ids as strings", () => {
        const expected: RemoteService = {
            ...fields,
            id: "9001",
            webhookUrl: null,
            createdAt: "2025-03-01T10:00:00Z",
            updatedAt: "2025-03-02T11:00:00Z",
        };
        assert.deepEqual(serviceFromApi(stored), expected);
        assert.deepEqual(serviceFromApi({ data: stored }), expected, "inside the Core API's data envelope");
        const numeric = serviceFromApi({
            ...stored,
            source: { ...stored.source, connector_id: 101 },
            destination: { ...stored.destination, connector_id: 202 },
        });
        assert.equal(numeric.source.connectorId, "101");
        assert.equal(numeric.destination.connectorId, "202");
    });

    it("round-trips domain -> API -> domain", () => {
        for (const variant of [
            fields,
            { ...fields, trigger: null, alerts: null, notes: null, source: { ...fields.source, pageSize: null, maxAttempts: null } },
        ]) {
            const remote = serviceFromApi({ ...serviceToApi(variant), id: "s-1", created_at: "t1", updated_at: "t2" });
            assert.deepEqual(remote, { ...variant, id: "s-1", webhookUrl: null, createdAt: "t1", updatedAt: "t2" });
        }
    });

    it("reads a webhook trigger and its URL", () => {
        const remote = serviceFromApi({ ...stored, trigger: { type: "webhook", url: "https://webhooks.example/s/9001" } });
        assert.deepEqual(remote.trigger, { webhook: true });
        assert.equal(remote.webhookUrl, "https://webhooks.example/s/9001");
    });

    it("reads absent optional fields as null and absent args as none", () => {
        const { trigger, alerts, notes, ...rest } = stored;
        assert.ok(trigger && alerts && notes);
        const bare = {
            ...rest,
            source: { connector_id: "101", entity: "orders", timezone: "UTC" },
            mappings: [{ destination_field: "x", transforms: [{ function: "cast_to_string" }] }],
        };
        const remote = serviceFromApi(bare);
        assert.equal(remote.trigger, null);
        assert.equal(remote.alerts, null);
        assert.equal(remote.notes, null);
        assert.equal(remote.source.pageSize, null);
        assert.equal(remote.source.maxAttempts, null);
        assert.deepEqual(remote.mappings, [
            { sourceField: null, destinationField: "x", transforms: [{ function: "cast_to_string", args: {} }] },
        ]);
    });

    const badBodies: { title: string; body: unknown; mentions: RegExp }[] = [
        { title: "not an object", body: "ok", mentions: /\(root\)/ },
        { title: "no name", body: { ...stored, name: undefined }, mentions: /name/ },
        { title: "an unknown type", body: { ...stored, type: "batch" }, mentions: /type/ },
        { title: "a page size as text", body: { ...stored, source: { ...stored.source, page_size: "50" } }, mentions: /source\.page_size/ },
        { title: "an unknown trigger type", body: { ...stored, trigger: { type: "cron", expression: "* * * * *" } }, mentions: /trigger/ },
        { title: "a webhook without URL", body: { ...stored, trigger: { type: "webhook" } }, mentions: /trigger\.url/ },
        {
            title: "an object as an argument",
            body: { ...stored, mappings: [{ ...apiBody.mappings[0], transforms: [{ function: "f", args: { a: {} } }] }] },
            mentions: /mappings\.0\.transforms\.0\.args\.a/,
        },
        { title: "no timestamps", body: { ...apiBody, id: 1 }, mentions: /created_at/ },
    ];
    for (const row of badBodies) {
        it(`refuses a body with ${row.title}, naming the field`, () => {
            assert.throws(
                () => serviceFromApi(row.body),
                (error: unknown) =>
                    error instanceof UnexpectedResponseError &&
                    /^an unexpected service \(/.test(error.message) &&
                    row.mentions.test(error.message),
            );
        });
    }

    it("patches only the fields it is given, each whole", () => {
        assert.deepEqual(servicePatchToApi({}), {});
        assert.deepEqual(servicePatchToApi({ name: "N", active: false }), { name: "N", active: false });
        assert.deepEqual(servicePatchToApi({ source: fields.source }), { source: apiBody.source });
        assert.deepEqual(servicePatchToApi({ trigger: null, alerts: null, notes: null }), { trigger: null, alerts: null, notes: null });
        assert.deepEqual(servicePatchToApi({ trigger: { webhook: true }, mappings: fields.mappings, filters: [] }), {
            trigger: { type: "webhook" },
            mappings: apiBody.mappings,
            filters: [],
        });
        assert.deepEqual(servicePatchToApi({ destination: fields.destination, alerts: fields.alerts, notes: "n" }), {
            destination: apiBody.destination,
            alerts: apiBody.alerts,
            notes: "n",
        });
    });

    it("copies arguments rather than sharing them", () => {
        const body = serviceToApi(fields);
        body.mappings[1].transforms[0].args.format = "changed";
        assert.equal(fields.mappings[1].transforms[0].args.format, "Y-m-d");
    });

    it("lists the services of one connector with filter[connector]", () => {
        assert.deepEqual(serviceFilterToQuery({ connectorId: "101" }), { "filter[connector]": "101" });
        assert.deepEqual(serviceFilterToQuery({}), {});
    });
});
