// What a service may be made of, read from the service catalog data the provider also ships
// (provider/catalog/services.json): entities and which systems take them in which direction,
// filter operators and their value formats, transform functions and their parameters, the cron
// fields, limits and defaults. Only the data is shared: the emulator reads the parts it needs
// through its own small typing below, and every rule applied to them is written in emulator/.
import rawServiceCatalog from "../provider/catalog/services.json";

export type EntityRole = "source" | "destination";

interface EntityRecord {
    readonly id: string;
    readonly label: string;
    readonly aliases: readonly string[];
}

interface DirectionRecord {
    /** true: `entities` is every entity the system takes this way; false: only what is known. */
    readonly complete: boolean;
    readonly entities: readonly { readonly id: string }[];
}

interface SystemRecord {
    readonly source: DirectionRecord;
    readonly destination: DirectionRecord;
    /** Absent: a source of this system takes any filters. */
    readonly filters?: { readonly available: boolean; readonly eachFieldOnce: boolean; readonly notes?: string };
}

export interface ValueFormatRecord {
    readonly description: string;
    readonly example: string;
    /** Plural unit names, for relative periods. */
    readonly units?: readonly string[];
}

export interface OperatorRecord {
    readonly id: string;
    readonly label: string;
    readonly valueFormat: string;
}

export interface ParameterRecord {
    readonly name: string;
    /** "source": the mapping's source_field supplies it; never sent in args. */
    readonly role: "arg" | "source";
    readonly type: string;
    readonly required: boolean;
    readonly allowedValues?: readonly string[];
    readonly minimum?: number;
}

export interface TransformRecord {
    readonly id: string;
    readonly label: string;
    /** "source": works on the value it is given; "none": makes a value of its own. */
    readonly valueFrom: "source" | "none";
    readonly customScript: boolean;
    readonly parameters: readonly ParameterRecord[];
}

export interface CronFieldRecord {
    readonly name: string;
    readonly min: number;
    readonly max: number;
    /** Three-letter names for min, min + 1, ... (months from JAN = 1, days from SUN = 0). */
    readonly names?: readonly string[];
}

interface Limit {
    readonly value: number;
}

interface Range {
    readonly min: number;
    readonly max: number;
}

interface ServiceCatalogRecord {
    readonly entities: readonly EntityRecord[];
    readonly systems: Readonly<Record<string, SystemRecord>>;
    readonly valueFormats: Readonly<Record<string, ValueFormatRecord>>;
    readonly filterOperators: readonly OperatorRecord[];
    readonly argumentTypes: Readonly<Record<string, { readonly description: string; readonly characters?: string }>>;
    readonly transforms: readonly TransformRecord[];
    readonly trigger: { readonly schedule: { readonly fields: readonly CronFieldRecord[]; readonly example: string } };
    readonly limits: {
        readonly customScriptsPerMapping: Limit;
        readonly filterValueLength: Limit;
        readonly nameLength: Limit;
        readonly notesLength: Limit;
        readonly fieldPathLength: Limit;
        readonly argumentLength: Limit;
        readonly pageSize: Range;
        readonly maxAttempts: Range;
    };
    readonly defaults: {
        readonly type: { readonly value: string };
        readonly timezone: { readonly value: string };
        readonly active: { readonly value: boolean };
    };
}

const data = rawServiceCatalog as unknown as ServiceCatalogRecord;

const entities = new Map(data.entities.map((entity) => [entity.id, entity]));
const operators = new Map(data.filterOperators.map((operator) => [operator.id, operator]));
const transforms = new Map(data.transforms.map((transform) => [transform.id, transform]));
const systems = new Map(Object.entries(data.systems));

export const entityIds: readonly string[] = data.entities.map((entity) => entity.id);
export const operatorIds: readonly string[] = data.filterOperators.map((operator) => operator.id);
export const transformIds: readonly string[] = data.transforms.map((transform) => transform.id);

export function lookUpEntity(id: string): EntityRecord | undefined {
    return entities.get(id);
}

/** The entity whose alias (any case) this is, to suggest for a near miss such as "order". */
export function entityByAlias(alias: string): EntityRecord | undefined {
    const wanted = alias.trim().toLowerCase();
    return data.entities.find((entity) => entity.aliases.some((a) => a.toLowerCase() === wanted));
}

/** The entities a system takes in one direction when the data lists them all; undefined when open. */
export function closedEntityList(systemId: string, role: EntityRole): readonly string[] | undefined {
    const direction = systems.get(systemId)?.[role];
    return direction?.complete ? direction.entities.map((cell) => cell.id) : undefined;
}

/** How a source of this system takes filters: available at all, and each field at most once. */
export function sourceFilterRules(systemId: string): { readonly available: boolean; readonly eachFieldOnce: boolean } {
    const filters = systems.get(systemId)?.filters;
    return { available: filters?.available ?? true, eachFieldOnce: filters?.eachFieldOnce ?? false };
}

export function lookUpOperator(id: string): OperatorRecord | undefined {
    return operators.get(id);
}

export function valueFormat(id: string): ValueFormatRecord {
    const format = data.valueFormats[id];
    if (!format) throw new Error(`services.json: unknown value format "${id}"`);
    return format;
}

export function lookUpTransform(id: string): TransformRecord | undefined {
    return transforms.get(id);
}

/** The functions that make a value of their own, so a mapping that starts with one needs no source field. */
export const valueMakingTransforms: readonly string[] = data.transforms.filter((t) => t.valueFrom === "none").map((t) => t.id);

export function argumentTypeCharacters(type: string): string {
    return data.argumentTypes[type]?.characters ?? "";
}

export const cronFields: readonly CronFieldRecord[] = data.trigger.schedule.fields;
export const scheduleExample: string = data.trigger.schedule.example;

export const serviceLimits = {
    name: data.limits.nameLength.value,
    notes: data.limits.notesLength.value,
    /** Also a notification group's name (the data says the name limit applies to it). */
    notificationGroup: data.limits.nameLength.value,
    fieldPath: data.limits.fieldPathLength.value,
    filterValue: data.limits.filterValueLength.value,
    argument: data.limits.argumentLength.value,
    customScriptsPerMapping: data.limits.customScriptsPerMapping.value,
    pageSize: data.limits.pageSize,
    maxAttempts: data.limits.maxAttempts,
} as const;

export const serviceDefaults = {
    type: data.defaults.type.value,
    active: data.defaults.active.value,
    timezone: data.defaults.timezone.value,
} as const;

export function allOperators(): readonly OperatorRecord[] {
    return data.filterOperators;
}

export function allTransforms(): readonly TransformRecord[] {
    return data.transforms;
}
