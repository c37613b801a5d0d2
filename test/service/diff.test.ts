import { strict as assert } from "node:assert";
import { diffService, REPLACE_PATHS, UPDATE_PATHS } from "../../provider/service/diff";
import { toServiceFields, toServiceOutputs, type ServiceOutputs } from "../../provider/service/mapping";
import { validateServiceInputs, type ServiceInputs } from "../../provider/service/validate";
import { contractExample, exampleWith, remoteFrom, UNKNOWN, type News } from "./fixtures";

const checked = (news: News): ServiceInputs => validateServiceInputs(news).inputs;
const base = checked(contractExample());
/** What the state holds after the example was created. */
const olds: ServiceOutputs = toServiceOutputs(base, remoteFrom(toServiceFields(base)));

describe("diffService", () => {
    // The new inputs are checked inputs, as the engine hands them to diff after check.
    const rows: { title: string; change: (n: News) => void; replacePaths: string[]; updatePaths: string[] }[] = [
        { title: "nothing", change: () => undefined, replacePaths: [], updatePaths: [] },
        { title: "type", change: (n) => (n.type = "sweeper"), replacePaths: ["type"], updatePaths: [] },
        { title: "source connector", change: (n) => (n.source.connectorId = "102"), replacePaths: ["source.connectorId"], updatePaths: [] },
        { title: "source entity", change: (n) => (n.source.entity = "refunds"), replacePaths: ["source.entity"], updatePaths: [] },
        {
            title: "destination connector",
            change: (n) => (n.destination.connectorId = "203"),
            replacePaths: ["destination.connectorId"],
            updatePaths: [],
        },
        {
            title: "destination entity",
            change: (n) => (n.destination.entity = "customers"),
            replacePaths: ["destination.entity"],
            updatePaths: [],
        },
        { title: "name", change: (n) => (n.name = "Renamed"), replacePaths: [], updatePaths: ["name"] },
        { title: "source time zone", change: (n) => (n.source.timezone = "UTC"), replacePaths: [], updatePaths: ["source.timezone"] },
        { title: "page size", change: (n) => (n.source.pageSize = 100), replacePaths: [], updatePaths: ["source.pageSize"] },
        { title: "page size removed", change: (n) => delete n.source.pageSize, replacePaths: [], updatePaths: ["source.pageSize"] },
        { title: "max attempts", change: (n) => (n.source.maxAttempts = 2), replacePaths: [], updatePaths: ["source.maxAttempts"] },
        {
            title: "destination time zone",
            change: (n) => (n.destination.timezone = "Europe/Paris"),
            replacePaths: [],
            updatePaths: ["destination.timezone"],
        },
        {
            title: "source company group",
            change: (n) => (n.source.companyGroup = "fr"),
            replacePaths: [],
            updatePaths: ["source.companyGroup"],
        },
        { title: "schedule", change: (n) => (n.trigger.schedule = "0 * * * *"), replacePaths: [], updatePaths: ["trigger"] },
        { title: "schedule to webhook", change: (n) => (n.trigger = { webhook: true }), replacePaths: [], updatePaths: ["trigger"] },
        {
            title: "trigger removed",
            change: (n) => {
                delete n.trigger;
                n.active = false;
            },
            replacePaths: [],
            updatePaths: ["trigger", "active"],
        },
        { title: "a filter value", change: (n) => (n.filters[0].value = "pending"), replacePaths: [], updatePaths: ["filters"] },
        { title: "filters reordered", change: (n) => n.filters.reverse(), replacePaths: [], updatePaths: ["filters"] },
        { title: "filters removed", change: (n) => delete n.filters, replacePaths: [], updatePaths: ["filters"] },
        {
            title: "a transform argument",
            change: (n) => (n.mappings[1].transforms[0].args.format = "d/m/Y"),
            replacePaths: [],
            updatePaths: ["mappings"],
        },
        {
            title: "a mapping's source",
            change: (n) => (n.mappings[0].source = "contact_email"),
            replacePaths: [],
            updatePaths: ["mappings"],
        },
        { title: "alerts removed", change: (n) => delete n.alerts, replacePaths: [], updatePaths: ["alerts"] },
        { title: "notes", change: (n) => (n.notes = "new"), replacePaths: [], updatePaths: ["notes"] },
        { title: "active", change: (n) => (n.active = false), replacePaths: [], updatePaths: ["active"] },
        { title: "adopt", change: (n) => (n.adopt = true), replacePaths: [], updatePaths: ["adopt"] },
        {
            title: "an entity and the notes",
            change: (n) => {
                n.source.entity = "products";
                n.notes = "n";
            },
            replacePaths: ["source.entity"],
            updatePaths: ["notes"],
        },
        { title: "company group spelled differently", change: (n) => (n.source.companyGroup = " UK "), replacePaths: [], updatePaths: [] },
        {
            title: "arguments in another order",
            change: (n) => (n.mappings[1].transforms[0].args = { format: "Y-m-d" }),
            replacePaths: [],
            updatePaths: [],
        },
        // Unknown values (preview) may turn out to be anything: each counts as a change.
        {
            title: "an unknown source connector",
            change: (n) => (n.source.connectorId = UNKNOWN),
            replacePaths: ["source.connectorId"],
            updatePaths: [],
        },
        {
            title: "an unknown destination entity",
            change: (n) => (n.destination.entity = UNKNOWN),
            replacePaths: ["destination.entity"],
            updatePaths: [],
        },
        { title: "an unknown type", change: (n) => (n.type = UNKNOWN), replacePaths: ["type"], updatePaths: [] },
        {
            title: "a whole unknown source",
            change: (n) => (n.source = UNKNOWN),
            replacePaths: ["source.connectorId", "source.entity"],
            updatePaths: [
                "source.system",
                "source.environment",
                "source.companyGroup",
                "source.timezone",
                "source.pageSize",
                "source.maxAttempts",
            ],
        },
        { title: "unknown filters", change: (n) => (n.filters = UNKNOWN), replacePaths: [], updatePaths: ["filters"] },
        {
            title: "an unknown argument value",
            change: (n) => (n.mappings[1].transforms[0].args.format = UNKNOWN),
            replacePaths: [],
            updatePaths: ["mappings"],
        },
        { title: "an unknown active", change: (n) => (n.active = UNKNOWN), replacePaths: [], updatePaths: ["active"] },
        { title: "an unknown schedule", change: (n) => (n.trigger.schedule = UNKNOWN), replacePaths: [], updatePaths: ["trigger"] },
    ];
    for (const row of rows) {
        it(`${row.title} -> replaces ${JSON.stringify(row.replacePaths)}, updates ${JSON.stringify(row.updatePaths)}`, () => {
            const result = diffService(olds, checked(exampleWith(row.change)));
            assert.deepEqual(result.replacePaths, row.replacePaths);
            assert.deepEqual(result.updatePaths, row.updatePaths);
            const top = (paths: string[]) => [...new Set(paths.map((p) => p.split(".")[0]))];
            assert.deepEqual(result.replaces, top(row.replacePaths));
            assert.deepEqual(result.updates, top(row.updatePaths));
            assert.equal(result.changes, row.replacePaths.length + row.updatePaths.length > 0);
            assert.equal(result.deleteBeforeReplace, false, "the replacement is created first");
        });
    }

    it("names top-level properties for the engine and precise paths for the PATCH", () => {
        const result = diffService(
            olds,
            checked(
                exampleWith((n) => {
                    n.source.entity = "products";
                    n.source.pageSize = 10;
                    n.destination.timezone = "Europe/Paris";
                }),
            ),
        );
        assert.deepEqual(result.replaces, ["source"]);
        assert.deepEqual(result.updates, ["source", "destination"]);
        assert.deepEqual(result.updatePaths, ["source.pageSize", "destination.timezone"]);
    });

    it("treats defaults spelled out and defaults left out as no change", () => {
        const implicit = checked({
            name: "Minimal",
            source: { connectorId: "1", system: "shopify", environment: "live", entity: "orders" },
            destination: { connectorId: "2", system: "netsuite", environment: "live", entity: "orders" },
            mappings: [{ source: "email", destination: "email" }],
        });
        const explicit: ServiceInputs = {
            name: "Minimal",
            type: "standard",
            source: { connectorId: "1", system: "shopify", environment: "live", entity: "orders", timezone: "UTC" },
            destination: { connectorId: "2", system: "netsuite", environment: "live", entity: "orders", timezone: "UTC" },
            filters: [],
            mappings: [{ source: "email", destination: "email", transforms: [] }],
            active: false,
            adopt: false,
        };
        assert.equal(diffService(implicit, explicit).changes, false);
        assert.equal(diffService(explicit, implicit).changes, false);
        // A state written without the defaults (every optional key absent) is no change either.
        const sparse = {
            name: "Minimal",
            source: { ...explicit.source, timezone: undefined },
            destination: explicit.destination,
            mappings: [{ source: "email", destination: "email" }],
        };
        assert.equal(diffService(sparse as unknown as ServiceInputs, explicit).changes, false);
    });

    it("covers every input path exactly once", () => {
        const paths = [...REPLACE_PATHS, ...UPDATE_PATHS];
        assert.equal(new Set(paths).size, paths.length);
        const top = new Set(paths.map((p) => p.split(".")[0]));
        assert.deepEqual([...top].sort(), Object.keys(base).sort());
        for (const side of ["source", "destination"] as const) {
            const fields = Object.keys(base[side]).map((k) => `${side}.${k}`);
            for (const field of fields) assert.ok(paths.includes(field as never), `${field} is diffed`);
        }
    });
});
