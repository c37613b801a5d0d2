// The catalog of what a Patchworks service is made of: entities (and which systems take them in
// which direction), filter operators, transform functions, the trigger format and the limits. The
// facts live in services.json, each with its evidence; this module checks the file's shape once,
// freezes it, and derives the machine checks (value formats, argument schemas, cron fields) from it,
// so a correction is a one-line data edit.
import { DateTime } from "luxon";
import { z } from "zod";
import { systemIds } from "./index";
import data from "./services.json";

const evidence = z.enum(["documented", "inferred"]);
const sources = z.array(z.url());
/** Where a fact comes from. `proxy: "process-flows"`: inferred from the process-flow docs. */
const facts = {
    evidence,
    proxy: z.literal("process-flows").optional(),
    sources,
    notes: z.string().optional(),
};

const entitySchema = z.strictObject({
    id: z.string().regex(/^[a-z_]+$/),
    label: z.string(),
    aliases: z.array(z.string()),
    ...facts,
});

const directionCellSchema = z.strictObject({ id: z.string(), evidence, sources, notes: z.string().optional() });

const directionSchema = z.strictObject({
    /** true: `entities` is the whole list, enforced; false: what is known, and any known entity is accepted. */
    complete: z.boolean(),
    entities: z.array(directionCellSchema),
    notes: z.string(),
});

const systemFactsSchema = z.strictObject({
    servicesPage: z.boolean(),
    source: directionSchema,
    destination: directionSchema,
    /** What the system allows as a source's filters; absent: any filters. */
    filters: z.strictObject({ available: z.boolean(), eachFieldOnce: z.boolean(), ...facts }).optional(),
    notes: z.string(),
    sources,
    processFlowProxy: z.strictObject({ asSource: z.array(z.string()), asDestination: z.array(z.string()), sources }).optional(),
});

const VALUE_FORMAT_IDS = ["text", "non-empty-text", "number-or-date", "relative-period"] as const;
const valueFormatId = z.enum(VALUE_FORMAT_IDS);

const valueFormatSchema = z.strictObject({
    description: z.string(),
    example: z.string(),
    examples: z.array(z.string()).optional(),
    units: z.array(z.string().regex(/^[a-z]+s$/)).optional(),
    evidence: evidence.optional(),
    sources: sources.optional(),
    notes: z.string().optional(),
});

const operatorSchema = z.strictObject({
    id: z.string().regex(/^[a-z_]+$/),
    label: z.string(),
    valueFormat: valueFormatId,
    /** The research's id and label for the operator the public id stands for. */
    research: z.strictObject({ id: z.string(), label: z.string() }),
    fieldTypes: z.array(z.string()),
    ...facts,
    example: z.strictObject({ field: z.string(), operator: z.string(), value: z.string() }),
});

const ARGUMENT_TYPES = [
    "string",
    "character",
    "integer",
    "number",
    "boolean",
    "enum",
    "reference",
    "json-object",
    "php-date-format",
] as const;
const argumentType = z.enum(ARGUMENT_TYPES);

const parameterSchema = z.strictObject({
    name: z.string().regex(/^[A-Za-z]+$/),
    /** "source": a source field, given by the mapping's `source`, never an argument. */
    role: z.enum(["arg", "source"]),
    type: z.union([argumentType, z.literal("field-path-list")]),
    required: z.boolean(),
    allowedValues: z.array(z.string()).optional(),
    minimum: z.number().int().optional(),
    evidence,
    research: z.strictObject({ parameters: z.array(z.string()) }).optional(),
    notes: z.string().optional(),
});

const transformSchema = z.strictObject({
    id: z.string().regex(/^[a-z_]+$/),
    label: z.string(),
    group: z.enum(["date_time", "string", "number", "other"]),
    description: z.string(),
    /** "source": transforms the value it is given; "none": makes a value (needs no source field). */
    valueFrom: z.enum(["source", "none"]),
    /** Counts against the custom-script limit per mapping. */
    customScript: z.boolean(),
    parameters: z.array(parameterSchema),
    ...facts,
});

const ruleSchema = z.strictObject({ rule: z.string(), ...facts });

const cronFieldSchema = z.strictObject({
    name: z.string(),
    min: z.number().int(),
    max: z.number().int(),
    names: z.array(z.string().regex(/^[A-Z]{3}$/)).optional(),
    notes: z.string().optional(),
});

const limitSchema = z.strictObject({ value: z.number().int().positive(), ...facts });
const rangeSchema = z.strictObject({ min: z.number().int().positive(), max: z.number().int().positive(), ...facts });

const catalogSchema = z.strictObject({
    meta: z.strictObject({
        source: z.string(),
        evidence: z.strictObject({ documented: z.string(), inferred: z.string() }),
        notes: z.array(z.string()),
    }),
    entities: z.array(entitySchema),
    systems: z.record(z.string(), systemFactsSchema),
    valueFormats: z.record(valueFormatId, valueFormatSchema),
    filterOperators: z.array(operatorSchema),
    filterOperatorsNotIncluded: z.array(z.strictObject({ name: z.string(), why: z.string(), sources })),
    argumentTypes: z.record(
        argumentType,
        z.strictObject({
            description: z.string(),
            characters: z.string().optional(),
            evidence: evidence.optional(),
            sources: sources.optional(),
            notes: z.string().optional(),
        }),
    ),
    transforms: z.array(transformSchema),
    transformRules: z.array(ruleSchema),
    transformsNotFound: z.array(z.strictObject({ name: z.string(), result: z.string() })),
    trigger: z.strictObject({
        kinds: z.array(z.strictObject({ id: z.enum(["schedule", "webhook"]), evidence, sources, notes: z.string() })),
        schedule: z.strictObject({
            format: z.string(),
            timezone: z.literal("UTC"),
            ...facts,
            fields: z.array(cronFieldSchema).length(5),
            example: z.string(),
        }),
    }),
    limits: z.strictObject({
        customScriptsPerMapping: limitSchema,
        filterValueLength: limitSchema,
        nameLength: limitSchema,
        notesLength: limitSchema,
        fieldPathLength: limitSchema,
        argumentLength: limitSchema,
        pageSize: rangeSchema,
        maxAttempts: rangeSchema,
    }),
    defaults: z.strictObject({
        type: z.strictObject({ value: z.enum(["standard", "sweeper"]), ...facts }),
        timezone: z.strictObject({ value: z.string(), ...facts }),
        active: z.strictObject({ value: z.boolean(), ...facts }),
    }),
    rules: z.array(ruleSchema),
});

type DeepReadonly<T> = T extends (infer E)[]
    ? readonly DeepReadonly<E>[]
    : T extends object
      ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
      : T;

type RawCatalog = z.infer<typeof catalogSchema>;
export type Evidence = z.infer<typeof evidence>;
export type ServiceEntity = DeepReadonly<z.infer<typeof entitySchema>>;
export type SystemServiceFacts = DeepReadonly<z.infer<typeof systemFactsSchema>>;
type ValueFormatId = (typeof VALUE_FORMAT_IDS)[number];
type ValueFormat = DeepReadonly<z.infer<typeof valueFormatSchema>>;
export type FilterOperator = DeepReadonly<z.infer<typeof operatorSchema>>;
export type ArgumentType = (typeof ARGUMENT_TYPES)[number];
export type TransformParameter = DeepReadonly<z.infer<typeof parameterSchema>>;
export type TransformFunction = DeepReadonly<z.infer<typeof transformSchema>>;
type CronField = DeepReadonly<z.infer<typeof cronFieldSchema>>;
export type EntityRole = "source" | "destination";

/** The service catalog as the SDK exports it (`patchworks.serviceCatalog`): data only, frozen. */
export interface ServiceCatalog {
    readonly meta: DeepReadonly<RawCatalog["meta"]>;
    readonly entities: Readonly<Record<string, ServiceEntity>>;
    readonly entityIds: readonly string[];
    /** Per system id; a system missing here accepts any known entity in both directions. */
    readonly systems: Readonly<Record<string, SystemServiceFacts>>;
    readonly valueFormats: Readonly<Record<ValueFormatId, ValueFormat>>;
    readonly filterOperators: Readonly<Record<string, FilterOperator>>;
    readonly operatorIds: readonly string[];
    readonly filterOperatorsNotIncluded: DeepReadonly<RawCatalog["filterOperatorsNotIncluded"]>;
    readonly argumentTypes: DeepReadonly<RawCatalog["argumentTypes"]>;
    readonly transforms: Readonly<Record<string, TransformFunction>>;
    readonly transformIds: readonly string[];
    readonly transformRules: DeepReadonly<RawCatalog["transformRules"]>;
    readonly transformsNotFound: DeepReadonly<RawCatalog["transformsNotFound"]>;
    readonly trigger: DeepReadonly<RawCatalog["trigger"]>;
    readonly limits: DeepReadonly<RawCatalog["limits"]>;
    readonly defaults: DeepReadonly<RawCatalog["defaults"]>;
    readonly rules: DeepReadonly<RawCatalog["rules"]>;
}

function deepFreeze<T>(value: T): T {
    if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
        for (const child of Object.values(value)) deepFreeze(child);
        Object.freeze(value);
    }
    return value;
}

function byId<T extends { id: string }>(items: readonly T[], what: string): Record<string, T> {
    const record: Record<string, T> = {};
    for (const item of items) {
        if (Object.hasOwn(record, item.id)) throw new Error(`services.json: duplicate ${what} "${item.id}"`);
        record[item.id] = item;
    }
    return record;
}

/** What zod cannot see: references between the sections and to systems.json. */
function checkConsistency(raw: RawCatalog): void {
    const problems: string[] = [];
    const entityIds = new Set(raw.entities.map((e) => e.id));
    for (const [systemId, system] of Object.entries(raw.systems)) {
        if (!systemIds.includes(systemId)) problems.push(`systems.${systemId} is not a system of systems.json`);
        for (const role of ["source", "destination"] as const) {
            for (const cell of system[role].entities) {
                if (!entityIds.has(cell.id)) problems.push(`systems.${systemId}.${role} names the unknown entity "${cell.id}"`);
            }
        }
    }
    for (const operator of raw.filterOperators) {
        if (operator.example.operator !== operator.id) problems.push(`filterOperators.${operator.id}: its example uses another operator`);
    }
    for (const transform of raw.transforms) {
        for (const parameter of transform.parameters) {
            if ((parameter.role === "source") !== (parameter.type === "field-path-list")) {
                problems.push(`transforms.${transform.id}.${parameter.name}: only source parameters are field-path lists`);
            }
        }
        const readsSource = transform.parameters.some((p) => p.role === "source");
        if (readsSource && transform.valueFrom !== "source")
            problems.push(`transforms.${transform.id} has source fields but valueFrom "none"`);
    }
    if (problems.length > 0) throw new Error(`services.json: ${problems.join("; ")}`);
}

function buildCatalog(): ServiceCatalog {
    const raw = catalogSchema.parse(data);
    checkConsistency(raw);
    const entities = byId(raw.entities, "entity");
    const filterOperators = byId(raw.filterOperators, "filter operator");
    const transforms = byId(raw.transforms, "transform function");
    return deepFreeze({
        meta: raw.meta,
        entities,
        entityIds: raw.entities.map((e) => e.id),
        systems: raw.systems,
        valueFormats: raw.valueFormats,
        filterOperators,
        operatorIds: raw.filterOperators.map((o) => o.id),
        filterOperatorsNotIncluded: raw.filterOperatorsNotIncluded,
        argumentTypes: raw.argumentTypes,
        transforms,
        transformIds: raw.transforms.map((t) => t.id),
        transformRules: raw.transformRules,
        transformsNotFound: raw.transformsNotFound,
        trigger: raw.trigger,
        limits: raw.limits,
        defaults: raw.defaults,
        rules: raw.rules,
    });
}

export const serviceCatalog: ServiceCatalog = buildCatalog();

const own = (record: object, key: string): boolean => Object.hasOwn(record, key);

export function findEntity(id: string): ServiceEntity | undefined {
    return own(serviceCatalog.entities, id) ? serviceCatalog.entities[id] : undefined;
}

export function findFilterOperator(id: string): FilterOperator | undefined {
    return own(serviceCatalog.filterOperators, id) ? serviceCatalog.filterOperators[id] : undefined;
}

export function findTransform(id: string): TransformFunction | undefined {
    return own(serviceCatalog.transforms, id) ? serviceCatalog.transforms[id] : undefined;
}

function systemServiceFacts(systemId: string): SystemServiceFacts | undefined {
    return own(serviceCatalog.systems, systemId) ? serviceCatalog.systems[systemId] : undefined;
}

/**
 * The entities a system takes in one direction when the catalog knows the whole list, or
 * undefined when any known entity is accepted (the list is open, or the system is not covered).
 */
export function supportedEntities(systemId: string, role: EntityRole): readonly string[] | undefined {
    const direction = systemServiceFacts(systemId)?.[role];
    return direction?.complete ? direction.entities.map((cell) => cell.id) : undefined;
}

/** A source system's filter rules: whether it takes filters, and whether each field at most once. */
export function filterRules(systemId: string): { available: boolean; eachFieldOnce: boolean } {
    const rules = systemServiceFacts(systemId)?.filters;
    return { available: rules?.available ?? true, eachFieldOnce: rules?.eachFieldOnce ?? false };
}

/** The function's arguments: its parameters except the source fields. */
export function transformArgs(transform: TransformFunction): readonly TransformParameter[] {
    return transform.parameters.filter((p) => p.role === "arg");
}

// ---- Value formats of filter values. Each is a predicate; the catalog's description is the fix.

const periodFormat = serviceCatalog.valueFormats["relative-period"];
const PERIOD_UNITS = (periodFormat.units ?? []).map((plural) => plural.slice(0, -1)).join("|");
const PERIOD = new RegExp(`^[1-9][0-9]{0,5} (?:${PERIOD_UNITS})s?$`);
const DECIMAL = /^-?\d+(?:\.\d+)?$/;
const ISO_DATE_START = /^\d{4}-\d{2}-\d{2}/;

const VALUE_FORMAT_TESTS: Record<ValueFormatId, (value: string) => boolean> = {
    text: () => true,
    "non-empty-text": (value) => value.trim() !== "",
    "number-or-date": (value) => DECIMAL.test(value) || (ISO_DATE_START.test(value) && DateTime.fromISO(value).isValid),
    "relative-period": (value) => PERIOD.test(value),
};

/** Why a filter value does not have the operator's format, phrased to follow "value must be", or undefined. */
export function filterValueProblem(operator: FilterOperator, value: string): string | undefined {
    const limit = serviceCatalog.limits.filterValueLength.value;
    if (value.length > limit) return `at most ${limit} characters (got ${value.length})`;
    const format = serviceCatalog.valueFormats[operator.valueFormat];
    return VALUE_FORMAT_TESTS[operator.valueFormat](value) ? undefined : `${format.description}, such as "${format.example}"`;
}

// ---- PHP date() formats (format_date's `format`).

const PHP_FORMAT_CHARACTERS = new Set(serviceCatalog.argumentTypes["php-date-format"].characters ?? "");

/** Why a string is not a usable PHP date() format, or undefined. */
function phpDateFormatProblem(format: string): string | undefined {
    let formatCharacters = 0;
    for (let i = 0; i < format.length; i++) {
        const character = format[i];
        if (character === "\\") {
            if (i === format.length - 1) return 'it ends with a lone backslash (write "\\\\" for a literal backslash)';
            i++;
        } else if (PHP_FORMAT_CHARACTERS.has(character)) {
            if (format[i + 1] === character) {
                return `"${character}${character}" repeats a format character: PHP takes one character per part ("Y-m-d H:i:s", not "yyyy-MM-dd HH:mm:ss")`;
            }
            formatCharacters++;
        } else if (/[A-Za-z]/.test(character)) {
            return `"${character}" is not a PHP date format character (escape a literal letter as "\\${character}")`;
        }
    }
    return formatCharacters === 0 ? "it has no PHP date format character such as Y, m or d" : undefined;
}

// ---- Transform arguments: one strict zod schema per function, derived from its parameters.
// Messages follow the argument's name ("format must be ...") and never repeat the value.

function quoteList(values: readonly string[]): string {
    return values.map((v) => `"${v}"`).join(", ");
}

function argumentSchema(parameter: TransformParameter): z.ZodType {
    const maxLength = serviceCatalog.limits.argumentLength.value;
    const text = (expected: string) =>
        z.string({ error: `must be ${expected}` }).max(maxLength, { error: `must be at most ${maxLength} characters` });
    switch (parameter.type) {
        case "string":
            return text("text");
        case "character":
            return z
                .string({ error: "must be one character" })
                .refine((v) => [...v].length === 1, { error: "must be exactly one character" });
        case "integer":
        case "number": {
            const whole = parameter.type === "integer";
            const minimum = parameter.minimum;
            const expected = `${whole ? "a whole number" : "a number"}${minimum === undefined ? "" : ` from ${minimum}`} (a number, not a string)`;
            return z
                .number({ error: `must be ${expected}` })
                .refine((v) => Number.isFinite(v) && (!whole || Number.isInteger(v)) && (minimum === undefined || v >= minimum), {
                    error: `must be ${expected}`,
                });
        }
        case "boolean":
            return z.boolean({ error: "must be true or false (a boolean, not a string)" });
        case "enum": {
            const allowed = parameter.allowedValues;
            if (allowed && allowed.length > 0)
                return z.enum(allowed as [string, ...string[]], { error: `must be one of ${quoteList(allowed)}` });
            return text("non-empty text").refine((v) => v.trim() !== "", { error: "must not be empty" });
        }
        case "reference":
            return z.custom<string | number>(
                (v) =>
                    (typeof v === "string" && v.trim() !== "" && v.length <= maxLength) ||
                    (typeof v === "number" && Number.isInteger(v) && v > 0),
                { error: "must be the id of a Patchworks object: non-empty text or a positive whole number" },
            );
        case "json-object":
            return text("a JSON object written as a string").refine(isJsonObjectOfText, {
                error: `must be a JSON object of text values written as a string, such as '{"threshold":"5"}'`,
            });
        case "php-date-format":
            return text('a PHP date format such as "Y-m-d"').superRefine((value, context) => {
                const problem = phpDateFormatProblem(value);
                if (problem)
                    context.addIssue({ code: "custom", message: `must be a PHP date() format such as "Y-m-d" or "d/m/Y H:i": ${problem}` });
            });
        case "field-path-list":
            throw new Error(`services.json: ${parameter.name} is a source field, not an argument`);
    }
}

function isJsonObjectOfText(value: string): boolean {
    try {
        const parsed: unknown = JSON.parse(value);
        return (
            typeof parsed === "object" &&
            parsed !== null &&
            !Array.isArray(parsed) &&
            Object.values(parsed).every((v) => typeof v === "string")
        );
    } catch {
        return false;
    }
}

const argsSchemas = new Map<string, z.ZodType<Record<string, unknown>>>();

/** The strict schema of one function's `args`: its arguments, the required ones required. */
export function transformArgsSchema(transform: TransformFunction): z.ZodType<Record<string, unknown>> {
    let schema = argsSchemas.get(transform.id);
    if (!schema) {
        const shape: Record<string, z.ZodType> = {};
        for (const parameter of transformArgs(transform)) {
            shape[parameter.name] = parameter.required ? argumentSchema(parameter) : argumentSchema(parameter).optional();
        }
        schema = z.strictObject(shape) as unknown as z.ZodType<Record<string, unknown>>;
        argsSchemas.set(transform.id, schema);
    }
    return schema;
}

// ---- Schedules: 5-field cron, each field in the catalog's range.

const CRON_FIELDS = serviceCatalog.trigger.schedule.fields;
const MAX_SCHEDULE_LENGTH = 200;

function rangeText(field: CronField): string {
    const names = field.names ? ` or ${field.names[0]}-${field.names[field.names.length - 1]}` : "";
    return `${field.min}-${field.max}${names}`;
}

/** A field's number for a token ("5", "MAR", "sun"), or undefined when it is out of range. */
function cronValue(token: string, field: CronField): number | undefined {
    if (/^\d{1,2}$/.test(token)) {
        const n = Number(token);
        return n >= field.min && n <= field.max ? n : undefined;
    }
    // Month names count from 1 (JAN), day names from 0 (SUN): the field's own minimum.
    const index = field.names?.indexOf(token.toUpperCase()) ?? -1;
    return index === -1 ? undefined : field.min + index;
}

function cronFieldProblem(text: string, field: CronField): string | undefined {
    for (const item of text.split(",")) {
        if (item === "") return "has an empty list item";
        const [range, step, ...extra] = item.split("/");
        if (extra.length > 0) return `has more than one "/" in "${item}"`;
        // The API refuses a step longer than the field's range (*/61 in the minutes), so the preview does.
        if (step !== undefined && !(/^\d{1,2}$/.test(step) && Number(step) >= 1 && Number(step) <= field.max))
            return `has the step "/${step}": a step is a whole number from 1 to ${field.max}`;
        if (range === "*") continue;
        const [low, high, ...more] = range.split("-");
        if (more.length > 0) return `has the range "${range}" with more than one "-"`;
        const from = cronValue(low, field);
        if (from === undefined) return `has "${low}", outside ${rangeText(field)}`;
        if (high === undefined) continue;
        const to = cronValue(high, field);
        if (to === undefined) return `has "${high}", outside ${rangeText(field)}`;
        if (to < from) return `has the range "${range}", which runs backwards`;
    }
    return undefined;
}

/** Why a schedule is not a 5-field cron expression the catalog accepts, or undefined. */
export function scheduleProblem(expression: string): string | undefined {
    const trimmed = expression.trim();
    if (trimmed.length > MAX_SCHEDULE_LENGTH) return `it is ${trimmed.length} characters long, more than ${MAX_SCHEDULE_LENGTH}`;
    if (trimmed.startsWith("@")) return `"${trimmed.slice(0, 20)}" is a macro: write the 5 fields, e.g. "0 * * * *" for every hour`;
    const parts = trimmed === "" ? [] : trimmed.split(/\s+/);
    if (parts.length !== CRON_FIELDS.length) {
        return (
            `it has ${parts.length} field${parts.length === 1 ? "" : "s"}; a schedule has 5 (minute hour day-of-month month ` +
            `day-of-week), e.g. "${serviceCatalog.trigger.schedule.example}"; 6- and 7-field forms with seconds or years are not supported`
        );
    }
    for (let i = 0; i < CRON_FIELDS.length; i++) {
        const problem = cronFieldProblem(parts[i], CRON_FIELDS[i]);
        if (problem) return `the ${CRON_FIELDS[i].name} field ${problem}`;
    }
    return undefined;
}
