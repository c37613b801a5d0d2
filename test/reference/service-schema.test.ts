// The Service resource in the generated schema, checked against the SDK's declarations and against
// what the provider does with each property (its diff's replace paths, its limits and defaults).
import { strict as assert } from "node:assert";
import { serviceCatalog } from "../../provider/catalog/services";
import { REPLACE_PATHS, UPDATE_PATHS } from "../../provider/service/diff";
import { SERVICE_OUTPUT_ONLY } from "../../provider/service/types";
import { generateReference } from "../../scripts/generate-reference";
import type { ObjectTypeSpec, PackageSchema, PropertySpec, TypeSpec } from "../../scripts/reference/schema";
import type { ServiceArgs, ServiceDestinationArgs, ServiceFilterArgs, ServiceSourceArgs } from "../../sdk";

const schema = JSON.parse(generateReference()["schema.json"]) as PackageSchema;
const service = schema.resources["patchworks:index:Service"];

/** Every key of T, spelled out so the compiler fails this test when the SDK gains or loses one. */
type Keys<T> = { [K in keyof Required<T>]: K };
const keys = <T>(spelled: Keys<T>): string[] => Object.values(spelled as Record<string, string>).sort();

const ARG_KEYS = keys<ServiceArgs>({
    name: "name",
    source: "source",
    destination: "destination",
    schedule: "schedule",
    filters: "filters",
    mappings: "mappings",
    active: "active",
    adopt: "adopt",
});

function objectType(ref: string | undefined): ObjectTypeSpec {
    const type = schema.types[(ref ?? "").replace("#/types/", "")];
    assert.ok(type && "properties" in type, `${ref} is an object type of the schema`);
    return type;
}

const propertyNames = (ref: string | undefined): string[] => Object.keys(objectType(ref).properties).sort();

/** Every property path with `replaceOnChanges`, following types, arrays and unions. */
function replacePaths(properties: Record<string, PropertySpec>, at = ""): string[] {
    const found: string[] = [];
    const visit = (spec: TypeSpec, where: string) => {
        if (spec.$ref?.startsWith("#/types/")) {
            const type = schema.types[spec.$ref.replace("#/types/", "")];
            if ("properties" in type) found.push(...replacePaths(type.properties, where));
        }
        if (spec.items) visit(spec.items, `${where}[]`);
        for (const member of spec.oneOf ?? []) visit(member, where);
    };
    for (const [name, spec] of Object.entries(properties)) {
        const where = at ? `${at}.${name}` : name;
        if (spec.replaceOnChanges) found.push(where);
        visit(spec, where);
    }
    return found.sort();
}

describe("schema: the Service resource", () => {
    it("has every ServiceArgs property as an input, source and destination required", () => {
        assert.deepEqual(Object.keys(service.inputProperties).sort(), ARG_KEYS);
        assert.deepEqual([...service.requiredInputs].sort(), ["destination", "source"]);
        assert.match(service.description, /replaces the service/);
    });

    it("has every input plus the output-only properties as outputs", () => {
        assert.deepEqual(Object.keys(service.properties).sort(), [...ARG_KEYS, ...SERVICE_OUTPUT_ONLY].sort());
    });

    it("describes the source, destination and filters with the SDK's fields", () => {
        const input = service.inputProperties;
        assert.deepEqual(
            propertyNames(input.source.$ref),
            keys<ServiceSourceArgs>({
                connector: "connector",
                entity: "entity",
                pageSize: "pageSize",
                maxAttempts: "maxAttempts",
                timezone: "timezone",
            }),
        );
        assert.deepEqual(
            propertyNames(input.destination.$ref),
            keys<ServiceDestinationArgs>({ connector: "connector", entity: "entity", options: "options" }),
        );
        assert.deepEqual(
            propertyNames(input.filters.items?.$ref),
            keys<ServiceFilterArgs>({ field: "field", operator: "operator", type: "type", value: "value" }),
        );
    });

    it("marks for replacement exactly what the provider's diff replaces", () => {
        const inputs = replacePaths(service.inputProperties);
        for (const path of REPLACE_PATHS) {
            const [side, key] = path.split(".");
            const expected = key === "connectorId" ? `${side}.connector` : path;
            assert.ok(inputs.includes(expected), `${expected} replaces (${inputs.join(", ")})`);
        }
        for (const path of UPDATE_PATHS) {
            assert.ok(!inputs.includes(path), `${path} updates in place`);
        }
    });

    it("carries the limits and defaults of the bundled catalog", () => {
        const source = objectType(service.inputProperties.source.$ref).properties;
        assert.equal(source.pageSize.type, "integer");
        assert.match(source.pageSize.description, new RegExp(`${serviceCatalog.limits.pageSizeMin}.${serviceCatalog.limits.pageSizeMax}`));
        assert.equal(service.inputProperties.schedule.default, "off");
        assert.equal(service.inputProperties.active.default, false);
    });
});
