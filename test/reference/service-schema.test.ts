// The Service resource in the committed schema.json, checked against the SDK's declarations and
// against what the provider really does with each property (its check, its diff), not against
// the generator.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import path from "node:path";
import { serviceCatalog } from "../../provider/catalog/services";
import { diffService, REPLACE_PATHS } from "../../provider/service/diff";
import { validateServiceInputs, type ServiceEndpoint, type ServiceSource } from "../../provider/service/validate";
import type { ServiceFilter } from "../../provider/client/service-wire";
import { REPO_ROOT } from "../../scripts/generate-reference";
import type { ObjectTypeSpec, PackageSchema, PropertySpec, TypeSpec } from "../../scripts/reference/schema";
import type {
    ConnectorReference,
    Service,
    ServiceArgs,
    ServiceEndpointArgs,
    ServiceMappingArgs,
    ServiceSourceArgs,
    ServiceTransformArgs,
} from "../../sdk";
import { contractExample, exampleWith, type News } from "../service/fixtures";

const schema = JSON.parse(readFileSync(path.join(REPO_ROOT, "schema.json"), "utf8")) as PackageSchema;
const service = schema.resources["patchworks:index:Service"];

/** Every key of T, spelled out so the compiler fails this test when the SDK gains or loses one. */
type Keys<T> = { [K in keyof Required<T>]: K };
const keys = <T>(spelled: Keys<T>): string[] => Object.values(spelled as Record<string, string>).sort();

const ARG_KEYS = keys<ServiceArgs>({
    name: "name",
    type: "type",
    source: "source",
    destination: "destination",
    trigger: "trigger",
    filters: "filters",
    mappings: "mappings",
    alerts: "alerts",
    notes: "notes",
    active: "active",
    adopt: "adopt",
});
type OutputOnly =
    | "serviceId"
    | "environment"
    | "companyGroup"
    | "sourceSystem"
    | "destinationSystem"
    | "webhookUrl"
    | "createdAt"
    | "updatedAt";
const OUTPUT_ONLY_KEYS: { [K in OutputOnly]: K & keyof Service } = {
    serviceId: "serviceId",
    environment: "environment",
    companyGroup: "companyGroup",
    sourceSystem: "sourceSystem",
    destinationSystem: "destinationSystem",
    webhookUrl: "webhookUrl",
    createdAt: "createdAt",
    updatedAt: "updatedAt",
};

/** The object type a `$ref` names. */
function objectType(ref: string | undefined): ObjectTypeSpec {
    const type = schema.types[(ref ?? "").replace("#/types/", "")];
    assert.ok(type && "properties" in type, `${ref} is an object type of the schema`);
    return type;
}

const propertyNames = (ref: string | undefined): string[] => Object.keys(objectType(ref).properties).sort();

/** Every property path under `properties` with `replaceOnChanges`, following types, arrays and unions. */
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

const failuresAt = (news: Record<string, unknown>, property: string) =>
    validateServiceInputs(news).failures.filter((f) => f.property === property);

describe("schema.json: the Service resource", () => {
    it("has every ServiceArgs property as an input, source and destination required, each described", () => {
        assert.deepEqual(Object.keys(service.inputProperties).sort(), ARG_KEYS);
        assert.deepEqual([...service.requiredInputs].sort(), ["destination", "source"]);
        for (const [name, property] of Object.entries({ ...service.inputProperties, ...service.properties })) {
            assert.ok(property.description.length > 10, `${name} has a description`);
        }
        assert.match(service.description, /replaces the service, creating the replacement first/);
    });

    it("has every input plus the output-only properties as outputs", () => {
        assert.deepEqual(Object.keys(service.properties).sort(), [...ARG_KEYS, ...Object.values(OUTPUT_ONLY_KEYS)].sort());
        for (const name of ["serviceId", "environment", "sourceSystem", "destinationSystem", "createdAt", "updatedAt"]) {
            assert.ok(service.required.includes(name), `${name} is always set`);
        }
        for (const name of ["companyGroup", "webhookUrl", "trigger", "alerts", "notes"])
            assert.ok(!service.required.includes(name), `${name} may be unset`);
        assert.equal(service.properties.environment.$ref, "#/types/patchworks:index:Environment");
    });

    it("describes each endpoint, filter, mapping and transform as an object type with the SDK's fields", () => {
        const input = service.inputProperties;
        assert.deepEqual(
            propertyNames(input.source.$ref),
            keys<ServiceSourceArgs>({
                connector: "connector",
                entity: "entity",
                timezone: "timezone",
                pageSize: "pageSize",
                maxAttempts: "maxAttempts",
            }),
        );
        assert.deepEqual(
            propertyNames(input.destination.$ref),
            keys<ServiceEndpointArgs>({ connector: "connector", entity: "entity", timezone: "timezone" }),
        );
        assert.deepEqual(
            propertyNames(input.filters.items?.$ref),
            keys<ServiceFilter>({ field: "field", operator: "operator", value: "value" }),
        );
        const mapping = input.mappings.items?.$ref;
        assert.deepEqual(
            propertyNames(mapping),
            keys<ServiceMappingArgs>({ source: "source", destination: "destination", transforms: "transforms" }),
        );
        const transform = objectType(mapping).properties.transforms.items?.$ref;
        assert.deepEqual(propertyNames(transform), keys<ServiceTransformArgs>({ function: "function", args: "args" }));
        assert.deepEqual(objectType(transform).properties.args.additionalProperties, {
            oneOf: [{ type: "string" }, { type: "number" }, { type: "boolean" }],
        });
        assert.deepEqual(propertyNames(input.alerts.$ref), ["notificationGroup"]);
        // Inputs and outputs share each type the SDK declares alike.
        for (const name of ["filters", "mappings", "alerts", "trigger"] as const) {
            assert.deepEqual(service.properties[name], input[name], name);
        }
    });

    it("takes a Connector resource or a ConnectorReference as each endpoint's connector", () => {
        for (const side of ["source", "destination"] as const) {
            const connector = objectType(service.inputProperties[side].$ref).properties.connector;
            assert.deepEqual(connector.oneOf, [
                { $ref: "#/resources/patchworks:index:Connector" },
                { $ref: "#/types/patchworks:index:ConnectorReference" },
            ]);
            assert.match(connector.description, /a reference to one managed elsewhere/);
        }
        const reference = objectType("#/types/patchworks:index:ConnectorReference");
        assert.deepEqual(
            Object.keys(reference.properties).sort(),
            keys<ConnectorReference>({
                connectorId: "connectorId",
                system: "system",
                environment: "environment",
                companyGroup: "companyGroup",
            }),
        );
        assert.deepEqual(reference.required, ["connectorId", "system", "environment"]);
    });

    it("gives the outputs source and destination the shape the provider's check resolves them to", () => {
        const { inputs, failures } = validateServiceInputs(contractExample());
        assert.deepEqual(failures, []);
        for (const side of ["source", "destination"] as const) {
            const type = objectType(service.properties[side].$ref);
            const resolved: ServiceSource | ServiceEndpoint = inputs[side];
            for (const key of Object.keys(resolved)) assert.ok(type.properties[key], `${side}.${key} is in the schema`);
            for (const key of type.required)
                assert.notEqual((resolved as unknown as Record<string, unknown>)[key], undefined, `${side}.${key} is always set`);
        }
        assert.deepEqual(propertyNames(service.properties.source.$ref), [
            "companyGroup",
            "connectorId",
            "entity",
            "environment",
            "maxAttempts",
            "pageSize",
            "system",
            "timezone",
        ]);
    });

    it("replaces on exactly the paths the provider's diff replaces on, and on the connector and entity inputs", () => {
        assert.deepEqual(replacePaths(service.properties), [...REPLACE_PATHS].sort());
        assert.deepEqual(replacePaths(service.inputProperties), [
            "destination.connector",
            "destination.connector.connectorId",
            "destination.entity",
            "source.connector",
            "source.connector.connectorId",
            "source.entity",
            "type",
        ]);
        // And the diff agrees: each flagged output path replaces, and every other field does not.
        const { inputs } = validateServiceInputs(contractExample());
        const changed = (change: (n: News) => void) => diffService(inputs, validateServiceInputs(exampleWith(change)).inputs);
        assert.deepEqual(changed((n) => (n.source.entity = "refunds")).replacePaths, ["source.entity"]);
        assert.deepEqual(changed((n) => (n.destination.connectorId = "999")).replacePaths, ["destination.connectorId"]);
        assert.deepEqual(changed((n) => (n.source.pageSize = 100)).replacePaths, []);
        assert.deepEqual(changed((n) => (n.trigger = { webhook: true })).replacePaths, []);
    });

    it("states the defaults the provider's check applies", () => {
        const { inputs } = validateServiceInputs({
            name: "Minimal",
            source: { connectorId: "1", system: "shopify", environment: "live", entity: "orders" },
            destination: { connectorId: "2", system: "netsuite", environment: "live", entity: "orders" },
        });
        assert.equal(service.inputProperties.type.default, inputs.type);
        assert.equal(service.inputProperties.active.default, inputs.active);
        assert.equal(service.inputProperties.adopt.default, inputs.adopt);
        assert.equal(objectType(service.inputProperties.source.$ref).properties.timezone.default, inputs.source.timezone);
        assert.equal(objectType(service.inputProperties.destination.$ref).properties.timezone.default, inputs.destination.timezone);
        assert.equal(inputs.type, serviceCatalog.defaults.type.value);
    });

    it("types pageSize and maxAttempts as whole numbers in the range the provider accepts", () => {
        const source = objectType(service.inputProperties.source.$ref).properties;
        for (const key of ["pageSize", "maxAttempts"] as const) {
            assert.equal(source[key].type, "integer");
            const [, min, max] = /A whole number from (\d+) to (\d+)\./.exec(source[key].description) ?? [];
            const at = (value: number) =>
                failuresAt(
                    exampleWith((n) => (n.source[key] = value)),
                    `source.${key}`,
                ).length;
            assert.deepEqual(
                [at(Number(min)), at(Number(max)), at(Number(max) + 1), at(Number(min) - 1), at(Number(min) + 0.5)],
                [0, 0, 1, 1, 1],
                key,
            );
        }
    });

    it("has the ServiceType enum the provider accepts, and an exclusive trigger", () => {
        const serviceType = schema.types["patchworks:index:ServiceType"];
        assert.ok("enum" in serviceType);
        for (const { value } of serviceType.enum)
            assert.deepEqual(
                failuresAt(
                    exampleWith((n) => (n.type = value)),
                    "type",
                ),
                [],
                value,
            );
        assert.equal(
            failuresAt(
                exampleWith((n) => (n.type = "batch")),
                "type",
            ).length,
            1,
        );

        const trigger = objectType(service.inputProperties.trigger.$ref);
        assert.deepEqual(Object.keys(trigger.properties).sort(), ["schedule", "webhook"]);
        assert.deepEqual(trigger.required, []);
        assert.match(trigger.description, /Set exactly one of `schedule`, `webhook`\./);
        assert.equal(
            failuresAt(
                exampleWith((n) => (n.trigger = { schedule: "0 * * * *", webhook: true })),
                "trigger",
            ).length,
            1,
        );
    });

    it("keeps nothing of a service secret", () => {
        const secrets = Object.entries({ ...service.inputProperties, ...service.properties }).filter(([, p]) => p.secret);
        assert.deepEqual(secrets, []);
    });
});
