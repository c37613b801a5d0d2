// Plan-time validation of a Service's inputs: pure, never throws, applies the defaults. Every
// failure names the property path and the fix. A value the engine does not know yet (preview)
// skips exactly the checks that need it, and is never read as true, false, equal or a match.
import { closest, distance } from "fastest-levenshtein";
import { IANAZone } from "luxon";
import { findSystem, type SystemEntry } from "../catalog";
import {
    filterRules,
    filterValueProblem,
    findEntity,
    findFilterOperator,
    findTransform,
    scheduleProblem,
    serviceCatalog,
    supportedEntities,
    transformArgs,
    transformArgsSchema,
    type ArgumentType,
    type EntityRole,
    type TransformFunction,
    type TransformParameter,
} from "../catalog/services";
import type { ServiceFilter, ServiceTrigger, ServiceType, TransformArgs } from "../client/service-wire";
import { describeKey, sameKey } from "../connector/key";
import { ENVIRONMENTS, type Environment } from "../model";
import type { CheckFailure } from "../connector/validate";
import { isUnknown } from "../engine-values";

/** One side of a service: the connector (resolved by the SDK into its key) and the entity. */
export interface ServiceEndpoint {
    connectorId: string;
    system: string;
    environment: Environment;
    companyGroup?: string;
    entity: string;
    /** IANA zone for time filters; defaults to "UTC". */
    timezone: string;
}

export interface ServiceSource extends ServiceEndpoint {
    pageSize?: number;
    maxAttempts?: number;
}

interface ServiceTransformInput {
    function: string;
    args: TransformArgs;
}

export interface ServiceMapping {
    source?: string;
    destination: string;
    transforms: ServiceTransformInput[];
}

export interface ServiceInputs {
    name: string;
    type: ServiceType;
    source: ServiceSource;
    destination: ServiceEndpoint;
    trigger?: ServiceTrigger;
    filters: ServiceFilter[];
    mappings: ServiceMapping[];
    alerts?: { notificationGroup: string };
    notes?: string;
    active: boolean;
    adopt: boolean;
}

export interface ServiceValidationResult {
    /** The inputs with defaults applied; values that are still unknown keep the engine's sentinel. */
    inputs: ServiceInputs;
    failures: CheckFailure[];
}

type Raw = Record<string, unknown>;
type Failures = CheckFailure[];

const SERVICE_TYPES: readonly ServiceType[] = ["standard", "sweeper"];
const limits = serviceCatalog.limits;
const defaults = serviceCatalog.defaults;
const SHOWN = 64;

function own(record: Raw, key: string): unknown {
    return Object.hasOwn(record, key) ? record[key] : undefined;
}

const isObject = (value: unknown): value is Raw => typeof value === "object" && value !== null && !Array.isArray(value);
const absent = (value: unknown): boolean => value === undefined || value === null;
/** A value that is known and is a string; the sentinel is a string too, so test it first. */
const knownString = (value: unknown): value is string => typeof value === "string" && !isUnknown(value);

function describe(value: unknown): string {
    if (value === null) return "null";
    if (Array.isArray(value)) return "an array";
    if (typeof value === "string") return value === "" ? "an empty string" : `"${value.slice(0, SHOWN)}"`;
    return typeof value === "object"
        ? "an object"
        : typeof value === "number" || typeof value === "boolean"
          ? String(value)
          : `a ${typeof value}`;
}

function quoted(values: readonly string[]): string {
    return values.map((v) => `"${v}"`).join(", ");
}

/** The failure text for a missing choice, or one that is not a choice, with a suggestion for a typo. */
function choiceProblem(
    property: string,
    value: unknown,
    choices: readonly string[],
    label: string,
    aliases?: ReadonlyMap<string, string>,
): string {
    if (typeof value !== "string" || value.trim() === "") return `${property} is required. ${label}: ${quoted(choices)}`;
    const candidate = value.trim().toLowerCase().slice(0, SHOWN);
    const best = closest(candidate, choices);
    const suggestion =
        aliases?.get(candidate) ?? (distance(candidate, best) <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined);
    const what = property.slice(property.lastIndexOf(".") + 1);
    return `unknown ${what} "${value.slice(0, SHOWN)}"${suggestion ? `; did you mean "${suggestion}"?` : "."} ${label}: ${quoted(choices)}`;
}

/** A non-empty string of at most `max` characters. */
function checkText(property: string, value: unknown, max: number, fix: string, failures: Failures): void {
    if (typeof value !== "string" || value.trim() === "") {
        failures.push({ property, reason: `${property} must be a non-empty string (got ${describe(value)}); ${fix}` });
    } else if (value.length > max) {
        failures.push({ property, reason: `${property} must be at most ${max} characters (got ${value.length})` });
    }
}

function checkBoolean(property: string, value: unknown, fallback: boolean, failures: Failures): unknown {
    if (absent(value)) return fallback;
    if (typeof value !== "boolean" && !isUnknown(value)) {
        failures.push({ property, reason: `${property} must be true or false (got ${describe(value)})` });
    }
    return value;
}

// ---- Endpoints -------------------------------------------------------------------------------

/** What the pair checks need to know about one side; undefined where unknown or invalid. */
interface EndpointFacts {
    connectorId?: string;
    system?: SystemEntry;
    environment?: Environment;
    /** undefined: unknown; null: the default group. */
    companyGroup?: string | null;
    value: unknown;
}

const ENTITY_ALIASES: ReadonlyMap<string, string> = new Map(
    serviceCatalog.entityIds.flatMap((id) => serviceCatalog.entities[id].aliases.map((alias) => [alias.toLowerCase(), id] as const)),
);

function checkEntity(role: EntityRole, value: unknown, system: SystemEntry | undefined, failures: Failures): void {
    const property = `${role}.entity`;
    if (isUnknown(value)) return;
    if (typeof value !== "string" || !findEntity(value)) {
        failures.push({ property, reason: choiceProblem(property, value, serviceCatalog.entityIds, "Entities", ENTITY_ALIASES) });
        return;
    }
    const supported = system ? supportedEntities(system.id, role) : undefined;
    if (!system || !supported || supported.includes(value)) return;
    failures.push({
        property,
        reason:
            supported.length === 0
                ? `${system.label} (${system.id}) is never a service ${role}: use it on the other side, with another connector as the ${role}`
                : `${system.label} (${system.id}) does not take "${value}" as a ${role}; it takes ${quoted(supported)}`,
    });
}

function checkTimezone(property: string, value: unknown, failures: Failures): unknown {
    if (absent(value)) return defaults.timezone.value;
    if (isUnknown(value)) return value;
    if (typeof value !== "string" || !IANAZone.isValidZone(value)) {
        failures.push({
            property,
            reason: `${property} must be an IANA time zone such as "Europe/London" or "UTC" (${describe(value)} is not one); omit it for UTC`,
        });
    }
    return value;
}

function checkCount(property: string, value: unknown, range: { min: number; max: number }, failures: Failures): void {
    if (absent(value) || isUnknown(value)) return;
    if (typeof value !== "number" || !Number.isInteger(value) || value < range.min || value > range.max) {
        failures.push({
            property,
            reason: `${property} must be a whole number from ${range.min} to ${range.max} (got ${describe(value)}); omit it for the Patchworks default`,
        });
    }
}

function checkEndpoint(role: EntityRole, value: unknown, failures: Failures): { facts: EndpointFacts; inputs: unknown } {
    if (isUnknown(value)) return { facts: { value }, inputs: value };
    if (!isObject(value)) {
        failures.push({
            property: role,
            reason: `${role} is required: { connector: <a patchworks.Connector or ConnectorReference>, entity: "orders" } (got ${describe(value)})`,
        });
        return { facts: { value }, inputs: value };
    }
    const field = (key: string) => own(value, key);
    const facts: EndpointFacts = { value };

    const connectorId = field("connectorId");
    if (knownString(connectorId) && connectorId.trim() !== "") facts.connectorId = connectorId;
    else if (!isUnknown(connectorId)) {
        failures.push({
            property: `${role}.connectorId`,
            reason: `${role}.connectorId is missing: set ${role}.connector to a patchworks.Connector or a ConnectorReference (what getConnector returns)`,
        });
    }

    const systemId = field("system");
    if (knownString(systemId)) {
        facts.system = findSystem(systemId);
        if (!facts.system) {
            failures.push({
                property: `${role}.system`,
                reason: `${role}.system "${systemId.slice(0, SHOWN)}" is not a system of patchworks.systems`,
            });
        }
    } else if (!isUnknown(systemId)) {
        failures.push({ property: `${role}.system`, reason: `${role}.system is missing: the ${role} connector's system, e.g. "shopify"` });
    }

    const environment = field("environment");
    if (ENVIRONMENTS.includes(environment as Environment)) facts.environment = environment as Environment;
    else if (!isUnknown(environment)) {
        failures.push({
            property: `${role}.environment`,
            reason: `${role}.environment must be "live" or "test" (got ${describe(environment)})`,
        });
    }

    const companyGroup = field("companyGroup");
    if (absent(companyGroup)) facts.companyGroup = null;
    else if (knownString(companyGroup)) facts.companyGroup = companyGroup;
    else if (!isUnknown(companyGroup)) {
        failures.push({ property: `${role}.companyGroup`, reason: `${role}.companyGroup must be a string; omit it for the default group` });
    }

    checkEntity(role, field("entity"), facts.system, failures);
    const timezone = checkTimezone(`${role}.timezone`, field("timezone"), failures);
    if (role === "source") {
        checkCount("source.pageSize", field("pageSize"), limits.pageSize, failures);
        checkCount("source.maxAttempts", field("maxAttempts"), limits.maxAttempts, failures);
    } else {
        for (const key of ["pageSize", "maxAttempts"]) {
            if (!absent(field(key)))
                failures.push({ property: `destination.${key}`, reason: `${key} applies to the source only: move it to source.${key}` });
        }
    }
    return { facts, inputs: { ...value, timezone } };
}

function checkPair(source: EndpointFacts, destination: EndpointFacts, failures: Failures): void {
    const keyOf = (side: EndpointFacts) =>
        side.system && side.environment && side.companyGroup !== undefined
            ? { system: side.system.id, environment: side.environment, companyGroup: side.companyGroup }
            : undefined;
    const sourceKey = keyOf(source);
    const destinationKey = keyOf(destination);
    // Two ids decide; without them, the key does (one connector per system, environment and group).
    const same =
        source.connectorId !== undefined && destination.connectorId !== undefined
            ? source.connectorId === destination.connectorId
            : sourceKey !== undefined && destinationKey !== undefined && sameKey(sourceKey, destinationKey);
    if (same) {
        failures.push({
            property: "destination.connectorId",
            reason:
                `source and destination are the same connector (${sourceKey ? describeKey(sourceKey) : `id ${source.connectorId}`}); ` +
                `a service moves data between two different connectors: set destination.connector to another one`,
        });
    }
    if (source.environment && destination.environment && source.environment !== destination.environment) {
        failures.push({
            property: "destination.environment",
            reason:
                `the source connector is ${source.environment} and the destination connector is ${destination.environment}; ` +
                `a service uses two connectors of one environment (a test service uses two test connectors): ` +
                `set destination.connector to a ${source.environment} connector`,
        });
    }
}

// ---- Trigger ---------------------------------------------------------------------------------

const TRIGGER_KEYS = ["schedule", "webhook"];
const TRIGGER_FORMS = `{ schedule: "${serviceCatalog.trigger.schedule.example}" } (5-field cron, UTC) or { webhook: true }`;

function checkTrigger(value: unknown, failures: Failures): void {
    if (absent(value) || isUnknown(value)) return;
    if (!isObject(value)) {
        failures.push({ property: "trigger", reason: `trigger must be ${TRIGGER_FORMS}; omit it for a service without a trigger` });
        return;
    }
    for (const key of Object.keys(value).filter((k) => !TRIGGER_KEYS.includes(k))) {
        failures.push({
            property: `trigger.${key}`,
            reason: `unknown trigger property "${key.slice(0, SHOWN)}": a trigger is ${TRIGGER_FORMS}`,
        });
    }
    const schedule = own(value, "schedule");
    const webhook = own(value, "webhook");
    if (!absent(schedule) && !absent(webhook)) {
        failures.push({ property: "trigger", reason: "set either trigger.schedule or trigger.webhook, not both" });
        return;
    }
    if (absent(schedule) && absent(webhook)) {
        failures.push({ property: "trigger", reason: `trigger must be ${TRIGGER_FORMS}; omit it for a service without a trigger` });
        return;
    }
    if (!absent(schedule) && !isUnknown(schedule)) {
        const problem = typeof schedule === "string" ? scheduleProblem(schedule) : `got ${describe(schedule)}`;
        if (problem) {
            failures.push({
                property: "trigger.schedule",
                reason: `trigger.schedule must be a 5-field cron expression in UTC such as "${serviceCatalog.trigger.schedule.example}": ${problem}`,
            });
        }
    }
    if (!absent(webhook) && !isUnknown(webhook) && webhook !== true) {
        failures.push({
            property: "trigger.webhook",
            reason: `trigger.webhook must be true (got ${describe(webhook)}); omit trigger for a service without one`,
        });
    }
}

// ---- Filters ---------------------------------------------------------------------------------

function checkFilter(path: string, filter: unknown, failures: Failures): void {
    if (isUnknown(filter)) return;
    if (!isObject(filter)) {
        failures.push({ property: path, reason: `${path} must be { field, operator, value } (got ${describe(filter)})` });
        return;
    }
    const field = own(filter, "field");
    if (!isUnknown(field)) checkText(`${path}.field`, field, limits.fieldPathLength.value, "name the source field to filter on", failures);

    const operatorId = own(filter, "operator");
    if (isUnknown(operatorId)) return;
    const operator = typeof operatorId === "string" ? findFilterOperator(operatorId) : undefined;
    if (!operator) {
        const property = `${path}.operator`;
        failures.push({ property, reason: choiceProblem(property, operatorId, serviceCatalog.operatorIds, "Operators") });
        return;
    }
    const value = own(filter, "value");
    if (isUnknown(value)) return;
    const problem = typeof value === "string" ? filterValueProblem(operator, value) : undefined;
    if (typeof value !== "string" || problem) {
        const expected = problem ?? `a string (got ${describe(value)})`;
        failures.push({ property: `${path}.value`, reason: `the value of a "${operator.id}" filter must be ${expected}` });
    }
}

function checkFilters(value: unknown, source: EndpointFacts, failures: Failures): unknown {
    if (absent(value)) return [];
    if (isUnknown(value)) return value;
    if (!Array.isArray(value)) {
        failures.push({ property: "filters", reason: `filters must be a list of { field, operator, value } (got ${describe(value)})` });
        return value;
    }
    value.forEach((filter, i) => {
        checkFilter(`filters[${i}]`, filter, failures);
    });
    if (!source.system) return value;
    const rules = filterRules(source.system.id);
    const system = `${source.system.label} (${source.system.id})`;
    if (value.length > 0 && !rules.available) {
        failures.push({
            property: "filters",
            reason: `filters are not available when the source is ${system}: remove them, and filter the data before it is sent to Patchworks`,
        });
    }
    if (rules.eachFieldOnce) {
        forEachRepeat(
            value.map((filter) => (isObject(filter) ? own(filter, "field") : undefined)),
            (first, i, field) =>
                failures.push({
                    property: `filters[${i}].field`,
                    reason: `filters[${first}] and filters[${i}] both filter on "${field.slice(0, SHOWN)}", and ${system} takes each filter field once: keep one`,
                }),
        );
    }
    return value;
}

/** Calls `repeat` for each known, non-empty string that an earlier item already had. */
function forEachRepeat(values: readonly unknown[], repeat: (first: number, index: number, value: string) => void): void {
    const firstIndex = new Map<string, number>();
    values.forEach((value, i) => {
        if (!knownString(value) || value.trim() === "") return;
        const first = firstIndex.get(value);
        if (first === undefined) firstIndex.set(value, i);
        else repeat(first, i, value);
    });
}

// ---- Mappings --------------------------------------------------------------------------------

const VALUE_MAKERS = serviceCatalog.transformIds.filter((id) => serviceCatalog.transforms[id].valueFrom === "none");

function argumentList(transform: TransformFunction): string {
    const args = transformArgs(transform).map((p) => (p.required ? p.name : `${p.name} (optional)`));
    return args.length === 0 ? "none" : args.join(", ");
}

/** What an argument takes, for a missing one: its allowed values, or its type's description. */
function describeArgument(parameter: TransformParameter): string {
    const allowed = parameter.allowedValues;
    if (allowed && allowed.length > 0) return `one of ${quoted(allowed)}`;
    return serviceCatalog.argumentTypes[parameter.type as ArgumentType].description;
}

function checkArgs(path: string, transform: TransformFunction, args: unknown, failures: Failures): unknown {
    if (absent(args)) args = {};
    if (isUnknown(args)) return args;
    if (!isObject(args)) {
        failures.push({
            property: `${path}.args`,
            reason: `${path}.args must be an object of ${transform.id}'s arguments: ${argumentList(transform)}`,
        });
        return args;
    }
    const given = args;
    const result = transformArgsSchema(transform).safeParse(given);
    if (result.success) return given;
    for (const issue of result.error.issues) {
        if (issue.code === "unrecognized_keys") {
            for (const key of issue.keys) {
                const parameter = transform.parameters.find((p) => p.name === key);
                failures.push({
                    property: `${path}.args.${key}`,
                    reason:
                        parameter?.role === "source"
                            ? `${key} is not an argument of ${transform.id}: the mapping's source gives the field it reads`
                            : `unknown argument "${key.slice(0, SHOWN)}" for ${transform.id}; its arguments: ${argumentList(transform)}`,
                });
            }
            continue;
        }
        const key = String(issue.path[0]);
        const value = own(given, key);
        if (isUnknown(value)) continue;
        const parameter = transformArgs(transform).find((p) => p.name === key);
        failures.push({
            property: `${path}.args.${key}`,
            reason:
                value === undefined && parameter
                    ? `${transform.id} needs args.${key}: ${describeArgument(parameter)}`
                    : `args.${key} of ${transform.id} ${issue.message}`,
        });
    }
    return given;
}

/** Checks one transform; returns its function when known, for the mapping-level rules. */
function checkTransform(path: string, transform: unknown, failures: Failures): { fn?: TransformFunction; inputs: unknown } {
    if (isUnknown(transform)) return { inputs: transform };
    if (!isObject(transform)) {
        failures.push({ property: path, reason: `${path} must be { function, args } (got ${describe(transform)})` });
        return { inputs: transform };
    }
    const name = own(transform, "function");
    if (isUnknown(name)) return { inputs: { ...transform, args: own(transform, "args") ?? {} } };
    const fn = typeof name === "string" ? findTransform(name) : undefined;
    if (!fn) {
        const property = `${path}.function`;
        failures.push({ property, reason: choiceProblem(property, name, serviceCatalog.transformIds, "Functions") });
        return { inputs: transform };
    }
    const args = checkArgs(path, fn, own(transform, "args"), failures);
    return { fn, inputs: { ...transform, args } };
}

function checkMapping(path: string, mapping: unknown, failures: Failures): unknown {
    if (isUnknown(mapping)) return mapping;
    if (!isObject(mapping)) {
        failures.push({ property: path, reason: `${path} must be { source?, destination, transforms? } (got ${describe(mapping)})` });
        return mapping;
    }
    const destination = own(mapping, "destination");
    if (!isUnknown(destination))
        checkText(`${path}.destination`, destination, limits.fieldPathLength.value, "name the destination field", failures);
    const source = own(mapping, "source");
    const hasSource = !absent(source);
    if (hasSource && !isUnknown(source))
        checkText(`${path}.source`, source, limits.fieldPathLength.value, "name the source field, or omit it", failures);

    let transforms = own(mapping, "transforms");
    if (absent(transforms)) transforms = [];
    if (isUnknown(transforms)) return { ...mapping, transforms };
    if (!Array.isArray(transforms)) {
        failures.push({ property: `${path}.transforms`, reason: `${path}.transforms must be a list of { function, args }` });
        return mapping;
    }
    const checked = transforms.map((t, j) => checkTransform(`${path}.transforms[${j}]`, t, failures));

    // The first transform reads the mapping's source unless it makes its value itself.
    const first = transforms.length === 0 ? undefined : checked[0];
    const sourceReader = first?.fn?.valueFrom === "source" ? first.fn : undefined;
    if (!hasSource && (transforms.length === 0 || sourceReader)) {
        failures.push({
            property: `${path}.source`,
            reason:
                sourceReader === undefined
                    ? `${path} has neither a source nor a transform: set ${path}.source to the field to copy, or start its transforms with one that makes a value (${VALUE_MAKERS.join(", ")})`
                    : `${sourceReader.id} transforms the mapping's source field: set ${path}.source to the field it reads`,
        });
    }

    const maxScripts = limits.customScriptsPerMapping.value;
    const scripts = checked.filter((t) => t.fn?.customScript).length;
    if (scripts > maxScripts) {
        failures.push({
            property: `${path}.transforms`,
            reason: `${path} has ${scripts} custom-script transforms; Patchworks allows at most ${maxScripts} in one mapping: move some of the logic into one script`,
        });
    }
    return { ...mapping, transforms: checked.map((t) => t.inputs) };
}

function checkMappings(value: unknown, failures: Failures): unknown {
    if (absent(value)) return [];
    if (isUnknown(value)) return value;
    if (!Array.isArray(value)) {
        failures.push({
            property: "mappings",
            reason: `mappings must be a list of { source?, destination, transforms? } (got ${describe(value)})`,
        });
        return value;
    }
    const checked = value.map((mapping, i) => checkMapping(`mappings[${i}]`, mapping, failures));
    forEachRepeat(
        value.map((mapping) => (isObject(mapping) ? own(mapping, "destination") : undefined)),
        (first, i, destination) =>
            failures.push({
                property: `mappings[${i}].destination`,
                reason: `mappings[${first}] and mappings[${i}] both map to "${destination.slice(0, SHOWN)}"; a destination field takes one mapping: merge them or remove one`,
            }),
    );
    return checked;
}

// ---- The rest --------------------------------------------------------------------------------

function checkAlerts(value: unknown, failures: Failures): void {
    if (absent(value) || isUnknown(value)) return;
    if (!isObject(value)) {
        failures.push({
            property: "alerts",
            reason: `alerts must be { notificationGroup: "<name>" } (got ${describe(value)}); omit it for no alerts`,
        });
        return;
    }
    const group = own(value, "notificationGroup");
    if (!isUnknown(group)) {
        checkText(
            "alerts.notificationGroup",
            group,
            limits.nameLength.value,
            "name the notification group (Settings > Notification groups) that receives sync-failure emails",
            failures,
        );
    }
}

function checkNotes(value: unknown, failures: Failures): void {
    if (absent(value) || isUnknown(value)) return;
    const max = limits.notesLength.value;
    if (typeof value !== "string" || value.length > max) {
        failures.push({
            property: "notes",
            reason: `notes must be a string of at most ${max} characters (got ${typeof value === "string" ? `${value.length}` : describe(value)})`,
        });
    }
}

function checkActiveHasTrigger(active: unknown, trigger: unknown, failures: Failures): void {
    if (active === true && absent(trigger)) {
        failures.push({
            property: "active",
            reason: `an active service needs a trigger: set trigger to ${TRIGGER_FORMS}, or set active: false`,
        });
    }
}

/** The engine's wire format has no `undefined`: an absent property is left out, at every depth. */
function withoutUndefined(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(withoutUndefined);
    if (!isObject(value)) return value;
    return Object.fromEntries(
        Object.entries(value)
            .filter(([, v]) => v !== undefined)
            .map(([k, v]) => [k, withoutUndefined(v)]),
    );
}

/** Applies the defaults and validates every input of a Service. */
export function validateServiceInputs(news: Raw): ServiceValidationResult {
    const failures: Failures = [];
    const raw = (key: string) => own(news, key);

    const name = raw("name");
    if (!isUnknown(name)) checkText("name", name, limits.nameLength.value, "omit it to use the resource name", failures);

    const type = absent(raw("type")) ? defaults.type.value : raw("type");
    if (!isUnknown(type) && !SERVICE_TYPES.includes(type as ServiceType)) {
        failures.push({
            property: "type",
            reason: `type must be ${quoted(SERVICE_TYPES)} (got ${describe(type)}); omit it for "${defaults.type.value}"`,
        });
    }

    const source = checkEndpoint("source", raw("source"), failures);
    const destination = checkEndpoint("destination", raw("destination"), failures);
    checkPair(source.facts, destination.facts, failures);

    checkTrigger(raw("trigger"), failures);
    const filters = checkFilters(raw("filters"), source.facts, failures);
    const mappings = checkMappings(raw("mappings"), failures);
    checkAlerts(raw("alerts"), failures);
    checkNotes(raw("notes"), failures);
    const active = checkBoolean("active", raw("active"), defaults.active.value, failures);
    const adopt = checkBoolean("adopt", raw("adopt"), false, failures);
    checkActiveHasTrigger(active, raw("trigger"), failures);

    const inputs = withoutUndefined({
        name,
        type,
        source: source.inputs,
        destination: destination.inputs,
        trigger: absent(raw("trigger")) ? undefined : raw("trigger"),
        filters,
        mappings,
        alerts: absent(raw("alerts")) ? undefined : raw("alerts"),
        notes: absent(raw("notes")) ? undefined : raw("notes"),
        active,
        adopt,
    }) as ServiceInputs;
    return { inputs, failures };
}
