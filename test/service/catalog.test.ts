// The service catalog's data: what CONTRACT section 5 relies on is there, references between
// the sections hold, and what the SDK exports cannot be changed by a program.
import { strict as assert } from "node:assert";
import { systemIds } from "../../provider/catalog";
import {
    filterRules,
    filterValueProblem,
    findTransform,
    scheduleProblem,
    serviceCatalog as catalog,
    supportedEntities,
    transformArgs,
    transformArgsSchema,
} from "../../provider/catalog/services";

describe("service catalog", () => {
    it("holds the research's entities, operators and transform functions", () => {
        assert.deepEqual([...catalog.entityIds].sort(), [
            "catalog_pricing",
            "companies_contacts",
            "custom",
            "customers",
            "fulfilments",
            "locations",
            "orders",
            "payments",
            "products",
            "refunds",
            "returns",
            "shipments",
            "stock",
        ]);
        assert.deepEqual(
            [...catalog.operatorIds],
            ["equals", "not_equals", "contains", "greater_than", "less_than", "within_last", "at_least_ahead"],
        );
        assert.equal(catalog.transformIds.length, 20);
    });

    it("has what CONTRACT section 5's example uses", () => {
        const format = transformArgs(findTransform("format_date")!);
        assert.deepEqual(
            format.map((p) => [p.name, p.type, p.required]),
            [["format", "php-date-format", true]],
        );
        assert.deepEqual(
            transformArgs(findTransform("custom_string")!).map((p) => p.name),
            ["customString"],
        );
        assert.equal(findTransform("custom_string")!.valueFrom, "none");
        assert.equal(catalog.filterOperators.within_last.research.id, "time_period_relative_to_now");
        assert.equal(filterValueProblem(catalog.filterOperators.within_last, "2 days"), undefined);
        assert.equal(filterValueProblem(catalog.filterOperators.equals, "paid"), undefined);
        assert.equal(scheduleProblem("*/15 * * * *"), undefined);
        assert.equal(catalog.limits.customScriptsPerMapping.value, 15);
    });

    it("names only systems of systems.json and entities of its own list", () => {
        for (const [systemId, facts] of Object.entries(catalog.systems)) {
            assert.ok(systemIds.includes(systemId), systemId);
            for (const cell of [...facts.source.entities, ...facts.destination.entities])
                assert.ok(catalog.entityIds.includes(cell.id), `${systemId}: ${cell.id}`);
        }
    });

    it("enforces a direction only where the list is complete", () => {
        assert.deepEqual(supportedEntities("inbound-api", "source"), ["orders", "products", "custom"]);
        assert.deepEqual(supportedEntities("inbound-api", "destination"), []);
        assert.equal(supportedEntities("netsuite", "destination"), undefined, "documented entities, open list");
        assert.equal(supportedEntities("active-ants", "source"), undefined, "not covered: any known entity");
        assert.deepEqual(filterRules("inbound-api"), { available: false, eachFieldOnce: false });
        assert.deepEqual(filterRules("netsuite"), { available: true, eachFieldOnce: true });
        assert.deepEqual(filterRules("shopify"), { available: true, eachFieldOnce: false });
    });

    it("keeps every operator's example in its own value format", () => {
        for (const id of catalog.operatorIds) {
            const operator = catalog.filterOperators[id];
            assert.equal(filterValueProblem(operator, operator.example.value), undefined, id);
            const format = catalog.valueFormats[operator.valueFormat];
            for (const example of format.examples ?? [format.example])
                assert.equal(filterValueProblem(operator, example), undefined, `${id}: ${example}`);
        }
    });

    it("never makes a source field an argument, and lists allowed values or says they are unknown", () => {
        for (const id of catalog.transformIds) {
            const transform = catalog.transforms[id];
            assert.ok(
                transformArgs(transform).every((p) => p.role === "arg"),
                id,
            );
            const sourceField = transform.parameters.find((p) => p.role === "source");
            if (sourceField) {
                assert.equal(transform.valueFrom, "source", `${id} reads its source`);
                assert.equal(
                    transformArgsSchema(transform).safeParse({ [sourceField.name]: "x" }).success,
                    false,
                    `${id} refuses ${sourceField.name} in args`,
                );
            }
            for (const p of transformArgs(transform).filter((p) => p.type === "enum")) {
                assert.ok(
                    (p.allowedValues?.length ?? 0) > 0 || /any non-empty text/.test(p.notes ?? ""),
                    `${id}.${p.name} says what it accepts`,
                );
            }
        }
    });

    it("keeps evidence and sources on every entry", () => {
        const entries = [
            ...catalog.entityIds.map((id) => catalog.entities[id]),
            ...catalog.operatorIds.map((id) => catalog.filterOperators[id]),
            ...catalog.transformIds.map((id) => catalog.transforms[id]),
        ];
        for (const entry of entries) {
            assert.ok(["documented", "inferred"].includes(entry.evidence), entry.id);
            if (entry.evidence === "documented" || entry.proxy) assert.ok(entry.sources.length > 0, `${entry.id} names its sources`);
        }
    });

    it("cannot be changed by a program", () => {
        assert.ok(Object.isFrozen(catalog));
        assert.ok(Object.isFrozen(catalog.transforms.format_date.parameters[0]));
        assert.ok(Object.isFrozen(catalog.systems["inbound-api"].source.entities));
        assert.throws(() => {
            (catalog.limits.customScriptsPerMapping as { value: number }).value = 99;
        }, TypeError);
    });
});
