// The global service catalog: service templates from fabric-service-templates.json (data only),
// the factory-systems they pair, and the filter operators, types and fields of fact sheet 3.4/3.5.
import templateEvidence from "../provider/catalog/evidence/fabric-service-templates.json";
import { type FabricSystem, systemByName } from "./systems";

interface Factory {
    readonly id: number;
    readonly name: string;
}

export interface FactorySystem {
    readonly id: number;
    readonly direction: "pull" | "push";
    readonly system: FabricSystem;
    readonly factory: Factory;
    /** Entities carry the factory's name: the evidence names each side by its factory only. */
    readonly entity: Factory;
}

export interface ServiceTemplate {
    readonly id: number;
    readonly name: string;
    readonly source: FactorySystem;
    readonly destination: FactorySystem;
}

// [?] fact sheet 3.4: the seeded template options are not in the evidence. Every template gets
// these source defaults, chosen as the values Fabric's own create rules require (page_size,
// max_attempts) at the sizes the docs show.
export const TEMPLATE_SOURCE_DEFAULTS = { page_size: 100, max_attempts: 3 } as const;

interface EvidenceTemplate {
    readonly name: string;
    readonly source: { readonly system: string; readonly factory: string };
    readonly destination: { readonly system: string; readonly factory: string };
}

function buildCatalog() {
    const factories = new Map<string, Factory>();
    const factorySystems = new Map<string, FactorySystem>();
    const factoryNamed = (name: string): Factory => {
        let factory = factories.get(name);
        if (!factory) {
            factory = { id: factories.size + 1, name };
            factories.set(name, factory);
        }
        return factory;
    };
    const factorySystem = (side: EvidenceTemplate["source"], direction: "pull" | "push"): FactorySystem => {
        const key = `${side.system}|${side.factory}|${direction}`;
        let found = factorySystems.get(key);
        if (!found) {
            const system = systemByName(side.system);
            if (!system) {
                throw new Error(`fabric-service-templates.json names the system "${side.system}", which fabric-credentials.json lacks`);
            }
            const factory = factoryNamed(side.factory);
            found = { id: factorySystems.size + 1, direction, system, factory, entity: factory };
            factorySystems.set(key, found);
        }
        return found;
    };
    const templates: ServiceTemplate[] = (templateEvidence.templates as EvidenceTemplate[]).map((template, index) => ({
        id: index + 1,
        name: template.name,
        source: factorySystem(template.source, "pull"),
        destination: factorySystem(template.destination, "push"),
    }));
    return { templates, factorySystems: [...factorySystems.values()] };
}

const catalog = buildCatalog();
export const SERVICE_TEMPLATES: readonly ServiceTemplate[] = catalog.templates;
export const FACTORY_SYSTEMS: readonly FactorySystem[] = catalog.factorySystems;

/** `<factory_name>_<direction>_<entity>` lower-cased, spaces as "_" (fact sheet 3.6). */
export function defaultMapName(factorySystem: FactorySystem): string {
    return `${factorySystem.system.factoryName}_${factorySystem.direction}_${factorySystem.entity.name}`.toLowerCase().replace(/ /g, "_");
}

export function factorySystemResource(factorySystem: FactorySystem): Record<string, unknown> {
    return {
        id: factorySystem.id,
        direction: factorySystem.direction,
        default_map_name: defaultMapName(factorySystem),
        integration_id: null,
        display_name: `${factorySystem.system.name} ${factorySystem.entity.name}`,
        factory: factorySystem.factory,
        system: { id: factorySystem.system.id, name: factorySystem.system.name, factory_name: factorySystem.system.factoryName },
        entity: { ...factorySystem.entity, integration_id: null },
    };
}

function templateOptions(template: ServiceTemplate): Record<string, unknown>[] {
    return Object.entries(TEMPLATE_SOURCE_DEFAULTS).map(([key, value], index) => ({
        id: template.id * 10 + index,
        service_option_id: index + 1,
        service_template_id: template.id,
        target: "source",
        value,
        user_configurable: true,
        service_option: { id: index + 1, key },
    }));
}

export function templateResource(template: ServiceTemplate): Record<string, unknown> {
    return {
        id: template.id,
        name: template.name,
        integration_id: null,
        enabled: true,
        source_factory_system: factorySystemResource(template.source),
        destination_factory_system: factorySystemResource(template.destination),
        service_template_options: templateOptions(template),
    };
}

// ---- Filters (fact sheet 3.5) ----

export interface FilterOperator {
    readonly id: number;
    readonly name: string;
    readonly key: string;
}

/** The seeded operators, in the seed's order (keys are not unique). */
export const FILTER_OPERATORS: readonly FilterOperator[] = (
    [
        ["Equals", "="],
        ["Not Equals", "!="],
        ["Less Than", "<"],
        ["Before", "<"],
        ["Less Than or Equal", "<="],
        ["Greater Than", ">"],
        ["After", ">"],
        ["Greater Than or Equal", ">="],
        ["Starts With", "=>"],
        ["Any Of", "="],
        ["None Of", "!="],
        ["Not Greater Than", "!>"],
        ["Not Greater Than Or Equal To", "!>="],
        ["Not Less Than", "!<"],
        ["Not Less Than Or Equal To", "!<="],
        ["Not After", "!>"],
        ["Not Before", "!<"],
        ["On Or After", ">="],
        ["On Or Before", "<="],
        ["Not On Or After", "!>="],
        ["Not On Or Before", "!<="],
    ] as const
).map(([name, key], index) => ({ id: index + 1, name, key }));

export interface FilterType {
    readonly id: number;
    readonly key: string;
    readonly name: string;
    readonly placeholder: string | null;
    readonly operators: readonly FilterOperator[];
}

const operatorsNamed = (...names: string[]) => FILTER_OPERATORS.filter((operator) => names.includes(operator.name));
const EQUALITY = operatorsNamed("Equals", "Not Equals");
const NUMERIC = operatorsNamed("Equals", "Not Equals", "Less Than", "Greater Than", "Less Than or Equal", "Greater Than or Equal");
const TIMES = operatorsNamed("Equals", "Not Equals", "Before", "After");

export const FILTER_TYPES: readonly FilterType[] = (
    [
        ["string", "String", null, EQUALITY],
        ["integer", "Integer", null, NUMERIC],
        ["double", "Double", null, NUMERIC],
        ["boolean", "Boolean", null, EQUALITY],
        ["array", "Array", null, EQUALITY],
        ["csv", "CSV", null, EQUALITY],
        ["NULL", "Null", null, EQUALITY],
        ["TIME", "Time", "-1 day", TIMES],
        ["TIMESTAMP", "Timestamp", "-1 day", TIMES],
        ["netsuite_string", "NetSuite String", null, FILTER_OPERATORS],
        ["netsuite_boolean", "NetSuite Boolean", null, FILTER_OPERATORS],
        ["netsuite_numeric", "NetSuite Numeric", null, FILTER_OPERATORS],
        ["netsuite_time", "NetSuite Time", "-1 day", FILTER_OPERATORS],
        ["netsuite_timestamp", "NetSuite Timestamp", "-1 day", FILTER_OPERATORS],
    ] as const
).map(([key, name, placeholder, operators], index) => ({ id: index + 1, key, name, placeholder, operators }));

export function filterTypeByKey(key: string): FilterType | undefined {
    return FILTER_TYPES.find((type) => type.key.toLowerCase() === key.toLowerCase());
}

export interface FilterField {
    readonly id: number;
    readonly name: string;
    readonly key: string;
    readonly factorySystem: FactorySystem;
    readonly default: boolean;
    readonly defaultValue: string | null;
    readonly defaultType: FilterType;
    readonly defaultOperator: FilterOperator;
    readonly types: readonly FilterType[];
}

interface FieldSeed {
    readonly key: string;
    readonly name: string;
    readonly type: string;
    readonly default?: { readonly value: string; readonly operator: string };
}

// [?] fact sheet 3.5: the evidence names a few seeded fields (Shopify orders financial_status,
// fulfillment_status, created_at_min; NetSuite lastmodifieddate, mainline); the rest of the seed
// is unknown. Every pulled entity gets an `updated_at_min` time field so each template has one.
const FIELD_SEEDS: Record<string, readonly FieldSeed[]> = {
    "Shopify|Orders": [
        { key: "financial_status", name: "Financial Status", type: "string", default: { value: "paid", operator: "Equals" } },
        { key: "fulfillment_status", name: "Fulfillment Status", type: "string" },
        { key: "created_at_min", name: "Created At", type: "TIME", default: { value: "-10 minutes", operator: "After" } },
    ],
    "Netsuite|*": [
        { key: "lastmodifieddate", name: "Last Modified Date", type: "netsuite_time" },
        { key: "mainline", name: "Main Line", type: "netsuite_boolean" },
    ],
    "*": [{ key: "updated_at_min", name: "Updated At", type: "TIME" }],
};

function buildFilterFields(): FilterField[] {
    const fields: FilterField[] = [];
    for (const factorySystem of FACTORY_SYSTEMS.filter((candidate) => candidate.direction === "pull")) {
        const system = factorySystem.system.factoryName;
        const seeds = [
            ...(FIELD_SEEDS[`${system}|${factorySystem.entity.name}`] ?? []),
            ...(FIELD_SEEDS[`${system}|*`] ?? []),
            ...(FIELD_SEEDS["*"] ?? []),
        ];
        for (const seed of seeds) {
            const type = filterTypeByKey(seed.type) as FilterType;
            const operator = seed.default
                ? (FILTER_OPERATORS.find((candidate) => candidate.name === seed.default?.operator) as FilterOperator)
                : type.operators[0];
            fields.push({
                id: fields.length + 1,
                name: seed.name,
                key: seed.key,
                factorySystem,
                default: seed.default !== undefined,
                defaultValue: seed.default?.value ?? null,
                defaultType: type,
                defaultOperator: operator,
                types: [type],
            });
        }
    }
    return fields;
}

export const FILTER_FIELDS: readonly FilterField[] = buildFilterFields();

export function filterTypeResource(type: FilterType): Record<string, unknown> {
    return { id: type.id, name: type.name, placeholder: type.placeholder, key: type.key, filter_operators: type.operators };
}

export function filterFieldResource(field: FilterField): Record<string, unknown> {
    return {
        id: field.id,
        name: field.name,
        key: field.key,
        factory_system_id: field.factorySystem.id,
        default: field.default,
        default_value: field.defaultValue,
        default_type_id: field.defaultType.id,
        default_operator_id: field.defaultOperator.id,
        factory_system: factorySystemResource(field.factorySystem),
        filter_types: field.types.map(filterTypeResource),
        filter_operators: field.types.flatMap((type) => type.operators),
        default_type: filterTypeResource(field.defaultType),
        default_operator: field.defaultOperator,
    };
}

/** The stored value of a typed filter value: TIME/TIMESTAMP carry their prefix (fact sheet 3.5). */
export function storedFilterValue(type: FilterType, value: unknown): unknown {
    const text = typeof value === "string" ? value : String(value);
    switch (type.key) {
        case "integer":
            return Number.parseInt(text, 10);
        case "double":
            return Number.parseFloat(text);
        case "boolean":
            return text === "true";
        case "array":
            return text.split(",");
        case "csv":
            return text
                .split(",")
                .map((item) => item.trim())
                .join(",");
        case "TIME":
        case "TIMESTAMP":
            return `${type.key}: ${text}`;
        default:
            return value;
    }
}

/** The template's default filters in stored form: `{"<field key> <operator key>": value}`. */
export function defaultFilters(source: FactorySystem): Record<string, unknown> {
    return Object.fromEntries(
        FILTER_FIELDS.filter((field) => field.factorySystem.id === source.id && field.default).map((field) => [
            `${field.key} ${field.defaultOperator.key}`,
            storedFilterValue(field.defaultType, field.defaultValue),
        ]),
    );
}
