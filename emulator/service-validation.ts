// Validation of service bodies (contract sections 5 and 7), answering 422 with one entry per
// failing field, named by its path in the body: `source.entity`, `trigger.expression`,
// `filters.0.operator`, `mappings.1.transforms.0.args.format`. The rules come from the contract and
// the service catalog data; each reason says what to send instead.
//
// A create fills in what the contract leaves optional (type and active from the data's defaults,
// time zones "UTC", empty filters and mappings, null for the rest) and checks the whole service.
// An update is a partial one: the top-level fields it sends replace the stored ones (`source` and
// `destination` are merged field by field), the connectors, entities and type cannot change, and
// the result is checked as a whole, so rules across fields (an active service needs a trigger, an
// Inbound API source takes no filters) hold after every update.
import { IANAZone } from "luxon";
import { lookUpSystem } from "./catalog";
import type { Connector } from "./connector";
import { cronProblem } from "./cron";
import { asObjectBody, Problems } from "./errors";
import { charCount } from "./limits";
import {
    closedEntityList,
    entityByAlias,
    entityIds,
    lookUpEntity,
    lookUpOperator,
    lookUpTransform,
    operatorIds,
    serviceDefaults,
    serviceLimits,
    sourceFilterRules,
    transformIds,
    valueMakingTransforms,
    type EntityRole,
    type TransformRecord,
} from "./service-catalog";
import { argumentProblem, filterValueProblem } from "./service-values";
import {
    SERVICE_TYPES,
    type Service,
    type ServiceDestination,
    type ServiceFilter,
    type ServiceMapping,
    type ServiceSource,
    type ServiceSpec,
    type ServiceType,
    type StoredTrigger,
} from "./service";

type Body = Record<string, unknown>;

/** How validation finds the connectors a service names. */
export type FindConnector = (id: string) => Connector | undefined;

const FIELDS = ["name", "type", "active", "source", "destination", "trigger", "filters", "mappings", "alerts", "notes"] as const;
const SERVER_FIELDS = ["id", "created_at", "updated_at"];
const SOURCE_FIELDS = ["connector_id", "entity", "page_size", "max_attempts", "timezone"];
const DESTINATION_FIELDS = ["connector_id", "entity", "timezone"];
const FIXED_ENDPOINT_FIELDS = ["connector_id", "entity"] as const;
const CANNOT_CHANGE = "cannot be changed; replace the service";

function isObject(value: unknown): value is Body {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function has(body: Body, key: string): boolean {
    return Object.hasOwn(body, key);
}

function quoted(values: readonly string[]): string {
    return values.map((v) => `"${v}"`).join(", ");
}

/** Refuses the keys of an object that are not among `allowed`, each under its own path. */
function checkKeys(path: string, value: Body, allowed: readonly string[], problems: Problems, serverFields: readonly string[] = []): void {
    for (const key of Object.keys(value)) {
        const at = path === "" ? key : `${path}.${key}`;
        if (serverFields.includes(key)) {
            problems.add(at, `${at} is set by the server and cannot be sent`);
        } else if (!allowed.includes(key)) {
            problems.add(at, `${at} is not a known field; the fields are: ${allowed.join(", ")}`);
        }
    }
}

/** A string of at most `max` characters; non-blank unless `blankAllowed`. */
function checkText(path: string, value: unknown, max: number, problems: Problems, hint: string, blankAllowed = false): value is string {
    if (value === undefined) {
        problems.add(path, `${path} is required: ${hint}`);
    } else if (typeof value !== "string" || (!blankAllowed && value.trim() === "")) {
        problems.add(path, `${path} must be a ${blankAllowed ? "" : "non-blank "}string: ${hint}`);
    } else if (charCount(value) > max) {
        problems.add(path, `${path} must be at most ${max} characters`);
    } else {
        return true;
    }
    return false;
}

function checkTimezone(path: string, value: unknown, problems: Problems): void {
    if (typeof value !== "string" || !IANAZone.isValidZone(value)) {
        problems.add(path, `${path} must be an IANA time zone such as Europe/London or UTC (used by time filters)`);
    }
}

/** null (the API's default) or a whole number within the data's range. */
function checkOptionalCount(path: string, value: unknown, range: { min: number; max: number }, problems: Problems): void {
    if (value !== null && !(typeof value === "number" && Number.isInteger(value) && value >= range.min && value <= range.max)) {
        problems.add(path, `${path} must be a whole number from ${range.min} to ${range.max}, or null for the default`);
    }
}

function systemLabel(connector: Connector): string {
    return lookUpSystem(connector.system)?.label ?? connector.system;
}

function checkEntity(path: string, value: unknown, role: EntityRole, connector: Connector | undefined, problems: Problems): void {
    if (typeof value !== "string" || !lookUpEntity(value)) {
        const alias = typeof value === "string" ? entityByAlias(value) : undefined;
        const suggestion = alias ? `did you mean "${alias.id}"? ` : "";
        problems.add(path, `${path} must be a known entity: ${suggestion}the entities are ${quoted(entityIds)}`);
        return;
    }
    const supported = connector && closedEntityList(connector.system, role);
    if (supported && supported.length === 0) {
        problems.add(path, `${systemLabel(connector)} cannot be the ${role} of a service: it takes no entity as a ${role}`);
    } else if (supported && !supported.includes(value)) {
        problems.add(path, `${systemLabel(connector)} takes only ${quoted(supported)} as a ${role}; "${value}" is not one of them`);
    }
}

/** Checks source or destination; returns its connector when it exists. */
function checkEndpoint(role: EntityRole, value: unknown, findConnector: FindConnector, problems: Problems): Connector | undefined {
    const allowed = role === "source" ? SOURCE_FIELDS : DESTINATION_FIELDS;
    if (!isObject(value)) {
        problems.add(role, `${role} must be an object with ${allowed.join(", ")}`);
        return undefined;
    }
    checkKeys(role, value, allowed, problems);
    let connector: Connector | undefined;
    const idPath = `${role}.connector_id`;
    if (checkText(idPath, value.connector_id, serviceLimits.fieldPath, problems, "the id of a service connector")) {
        connector = findConnector(value.connector_id as string);
        if (!connector) {
            const id = value.connector_id as string;
            problems.add(idPath, `the ${role} connector ${id} does not exist; GET /service-connectors lists the connectors`);
        }
    }
    checkEntity(`${role}.entity`, value.entity, role, connector, problems);
    checkTimezone(`${role}.timezone`, value.timezone, problems);
    if (role === "source") {
        checkOptionalCount("source.page_size", value.page_size, serviceLimits.pageSize, problems);
        checkOptionalCount("source.max_attempts", value.max_attempts, serviceLimits.maxAttempts, problems);
    }
    return connector;
}

function checkConnectorPair(source: Connector | undefined, destination: Connector | undefined, problems: Problems): void {
    if (!source || !destination) {
        return;
    }
    if (source.id === destination.id) {
        problems.add(
            "destination.connector_id",
            `connector ${destination.id} is the source connector too; a service moves data between two different connectors`,
        );
    } else if (source.environment !== destination.environment) {
        problems.add(
            "destination.connector_id",
            `connector ${destination.id} is a ${destination.environment} connector and ` +
                `the source connector ${source.id} is ${source.environment}; ` +
                "a service's connectors are of one environment (a test service uses two test connectors)",
        );
    }
}

/** `ownWebhookUrl`: the service's URL, which an update may send back unchanged. */
function checkTrigger(value: unknown, ownWebhookUrl: string | undefined, problems: Problems): void {
    if (value === null) {
        return;
    }
    const kinds = 'a schedule { "type": "schedule", "expression": "*/15 * * * *" }, a webhook { "type": "webhook" }, or null';
    if (!isObject(value)) {
        problems.add("trigger", `trigger must be ${kinds}`);
    } else if (value.type === "schedule") {
        checkKeys("trigger", value, ["type", "expression"], problems);
        if (typeof value.expression !== "string") {
            problems.add("trigger.expression", 'trigger.expression is required: a 5-field cron expression (UTC), e.g. "*/15 * * * *"');
        } else {
            const problem = cronProblem(value.expression);
            if (problem) problems.add("trigger.expression", problem);
        }
    } else if (value.type === "webhook") {
        checkKeys("trigger", value, ["type", "url"], problems);
        if (has(value, "url") && value.url !== ownWebhookUrl) {
            problems.add("trigger.url", 'trigger.url is set by the server: send { "type": "webhook" } and read the URL from the response');
        }
    } else {
        problems.add("trigger.type", `trigger.type must be "schedule" or "webhook"; a trigger is ${kinds}`);
    }
}

function checkFilter(path: string, filter: unknown, problems: Problems): void {
    if (!isObject(filter)) {
        problems.add(path, `${path} must be an object { field, operator, value }`);
        return;
    }
    checkKeys(path, filter, ["field", "operator", "value"], problems);
    checkText(`${path}.field`, filter.field, serviceLimits.fieldPath, problems, "the source field to filter on, e.g. financial_status");
    const operator = typeof filter.operator === "string" ? lookUpOperator(filter.operator) : undefined;
    if (!operator) {
        problems.add(`${path}.operator`, `${path}.operator must be one of ${quoted(operatorIds)}`);
    }
    if (typeof filter.value !== "string") {
        problems.add(`${path}.value`, `${path}.value must be a string${operator ? ` (${operator.label})` : ""}`);
    } else if (operator) {
        const problem = filterValueProblem(operator, filter.value);
        if (problem) problems.add(`${path}.value`, `the value of a "${operator.id}" filter must be ${problem}`);
    }
}

function checkFilters(value: unknown, source: Connector | undefined, problems: Problems): void {
    if (!Array.isArray(value)) {
        problems.add("filters", "filters must be a list of { field, operator, value }; [] for none");
        return;
    }
    const rules = source ? sourceFilterRules(source.system) : { available: true, eachFieldOnce: false };
    if (source && !rules.available && value.length > 0) {
        const label = systemLabel(source);
        problems.add("filters", `${label} takes no filters as a source: send filters: [] and filter the data before it is sent`);
        return;
    }
    const firstUse = new Map<string, number>();
    value.forEach((filter, i) => {
        checkFilter(`filters.${i}`, filter, problems);
        const field = isObject(filter) ? filter.field : undefined;
        if (typeof field !== "string" || !rules.eachFieldOnce || !source) return;
        const earlier = firstUse.get(field);
        if (earlier === undefined) {
            firstUse.set(field, i);
        } else {
            const label = systemLabel(source);
            problems.add(`filters.${i}.field`, `${label} takes each filter field once; filters.${earlier} filters "${field}" already`);
        }
    });
}

function describeArguments(transform: TransformRecord): string {
    const args = transform.parameters.filter((p) => p.role === "arg").map((p) => (p.required ? p.name : `${p.name} (optional)`));
    return args.length > 0 ? `its arguments are: ${args.join(", ")}` : "it takes no arguments";
}

function checkArgs(path: string, value: unknown, transform: TransformRecord, problems: Problems): void {
    if (value === undefined) {
        value = {};
    }
    if (!isObject(value)) {
        problems.add(path, `${path} must be an object of ${transform.id}'s arguments; ${describeArguments(transform)}`);
        return;
    }
    for (const name of Object.keys(value)) {
        const parameter = transform.parameters.find((p) => p.name === name);
        if (parameter?.role === "source") {
            problems.add(`${path}.${name}`, `${name} is not an argument: the mapping's source_field gives ${transform.id} its input`);
        } else if (!parameter) {
            problems.add(`${path}.${name}`, `${name} is not an argument of ${transform.id}; ${describeArguments(transform)}`);
        }
    }
    for (const parameter of transform.parameters.filter((p) => p.role === "arg")) {
        const at = `${path}.${parameter.name}`;
        if (!has(value, parameter.name)) {
            if (parameter.required) problems.add(at, `${parameter.name} is required for ${transform.id}; ${describeArguments(transform)}`);
            continue;
        }
        const problem = argumentProblem(parameter, value[parameter.name]);
        if (problem) problems.add(at, `${parameter.name} must be ${problem}`);
    }
}

/** Checks a mapping's transforms; returns the known functions, in order (undefined where unknown). */
function checkTransforms(path: string, value: unknown, problems: Problems): (TransformRecord | undefined)[] {
    if (value === undefined) {
        return [];
    }
    if (!Array.isArray(value)) {
        problems.add(path, `${path} must be a list of { function, args }; [] for none`);
        return [];
    }
    const functions = value.map((transform, j) => {
        const at = `${path}.${j}`;
        if (!isObject(transform)) {
            problems.add(at, `${at} must be an object { function, args }`);
            return undefined;
        }
        checkKeys(at, transform, ["function", "args"], problems);
        const known = typeof transform.function === "string" ? lookUpTransform(transform.function) : undefined;
        if (!known) {
            problems.add(`${at}.function`, `${at}.function must be one of ${quoted(transformIds)}`);
            return undefined;
        }
        checkArgs(`${at}.args`, transform.args, known, problems);
        return known;
    });
    const scripts = functions.filter((f) => f?.customScript).length;
    if (scripts > serviceLimits.customScriptsPerMapping) {
        const names = quoted(transformIds.filter((id) => lookUpTransform(id)?.customScript));
        const limit = serviceLimits.customScriptsPerMapping;
        problems.add(path, `${path} has ${scripts} custom-script transforms (${names}); a mapping may have at most ${limit}`);
    }
    return functions;
}

/** `destinations`: each destination field so far, with the index of the mapping that sets it. */
function checkMapping(index: number, mapping: unknown, destinations: Map<string, number>, problems: Problems): void {
    const path = `mappings.${index}`;
    if (!isObject(mapping)) {
        problems.add(path, `${path} must be an object { source_field, destination_field, transforms }`);
        return;
    }
    checkKeys(path, mapping, ["source_field", "destination_field", "transforms"], problems);
    const destination = mapping.destination_field;
    const destinationPath = `${path}.destination_field`;
    if (checkText(destinationPath, destination, serviceLimits.fieldPath, problems, "the destination field to set, e.g. customer.email")) {
        const earlier = destinations.get(destination);
        if (earlier === undefined) {
            destinations.set(destination, index);
        } else {
            const reason = `mappings.${earlier} sets "${destination}" already; a destination field takes one value`;
            problems.add(destinationPath, reason);
        }
    }
    const functions = checkTransforms(`${path}.transforms`, mapping.transforms, problems);
    const sourceField = mapping.source_field ?? null;
    if (sourceField !== null) {
        checkText(`${path}.source_field`, sourceField, serviceLimits.fieldPath, problems, "the source field to read, or null");
    } else if (functions.length === 0 || functions[0]?.valueFrom === "source") {
        const first = functions[0] ? `${functions[0].id} transforms a source value` : "there is no transform to make the value";
        problems.add(
            `${path}.source_field`,
            `${path}.source_field is required here (${first}): name the source field, ` +
                `or start the transforms with one that makes a value (${quoted(valueMakingTransforms)})`,
        );
    }
}

function checkMappings(value: unknown, problems: Problems): void {
    if (!Array.isArray(value)) {
        problems.add("mappings", "mappings must be a list of { source_field, destination_field, transforms }; [] for none");
        return;
    }
    const destinations = new Map<string, number>();
    value.forEach((mapping, i) => {
        checkMapping(i, mapping, destinations, problems);
    });
}

function checkAlerts(value: unknown, problems: Problems): void {
    if (value === null) {
        return;
    }
    if (!isObject(value)) {
        problems.add("alerts", 'alerts must be { "notification_group": "<name>" } for sync-failure emails, or null for none');
        return;
    }
    checkKeys("alerts", value, ["notification_group"], problems);
    const hint = "the notification group to email on sync failures";
    checkText("alerts.notification_group", value.notification_group, serviceLimits.notificationGroup, problems, hint);
}

/** Checks a whole service (after defaults, or after merging an update) and returns it as stored. */
function checkService(candidate: Body, findConnector: FindConnector, ownWebhookUrl: string | undefined, problems: Problems): ServiceSpec {
    checkText("name", candidate.name, serviceLimits.name, problems, "e.g. UK orders to NetSuite");
    if (!SERVICE_TYPES.includes(candidate.type as ServiceType)) {
        problems.add("type", `type must be one of ${quoted(SERVICE_TYPES)}`);
    }
    if (typeof candidate.active !== "boolean") {
        problems.add("active", "active must be true or false");
    }
    const source = checkEndpoint("source", candidate.source, findConnector, problems);
    const destination = checkEndpoint("destination", candidate.destination, findConnector, problems);
    checkConnectorPair(source, destination, problems);
    checkTrigger(candidate.trigger, ownWebhookUrl, problems);
    checkFilters(candidate.filters, source, problems);
    checkMappings(candidate.mappings, problems);
    checkAlerts(candidate.alerts, problems);
    if (candidate.notes !== null) {
        checkText("notes", candidate.notes, serviceLimits.notes, problems, "free text, or null", true);
    }
    if (candidate.active === true && candidate.trigger === null) {
        problems.add("active", "an active service needs a trigger: send a schedule or webhook trigger, or active: false");
    }
    problems.throwIfAny();
    return storedSpec(candidate);
}

/** A webhook trigger is stored without a URL: the service's own is shown on the way out. */
function triggerToStore(trigger: StoredTrigger | null): StoredTrigger | null {
    if (trigger === null) {
        return null;
    }
    return trigger.type === "schedule" ? { type: "schedule", expression: trigger.expression } : { type: "webhook" };
}

/** The checked candidate in the stored shape: known fields only, in the contract's order. */
function storedSpec(candidate: Body): ServiceSpec {
    const source = candidate.source as ServiceSource;
    const destination = candidate.destination as ServiceDestination;
    return {
        name: candidate.name as string,
        type: candidate.type as ServiceType,
        active: candidate.active as boolean,
        source: {
            connector_id: source.connector_id,
            entity: source.entity,
            page_size: source.page_size,
            max_attempts: source.max_attempts,
            timezone: source.timezone,
        },
        destination: { connector_id: destination.connector_id, entity: destination.entity, timezone: destination.timezone },
        trigger: triggerToStore(candidate.trigger as StoredTrigger | null),
        filters: (candidate.filters as ServiceFilter[]).map(({ field, operator, value }) => ({ field, operator, value })),
        mappings: (candidate.mappings as Body[]).map((mapping) => ({
            source_field: (mapping.source_field as string | null | undefined) ?? null,
            destination_field: mapping.destination_field as string,
            transforms: ((mapping.transforms as Body[] | undefined) ?? []).map((transform) => ({
                function: transform.function as string,
                args: { ...((transform.args as ServiceMapping["transforms"][number]["args"] | undefined) ?? {}) },
            })),
        })),
        alerts: candidate.alerts === null ? null : { notification_group: (candidate.alerts as Body).notification_group as string },
        notes: candidate.notes as string | null,
    };
}

/** An endpoint with its omitted optional fields filled in; anything but an object is left to the check. */
function endpointWithDefaults(value: unknown, role: EntityRole): unknown {
    if (!isObject(value)) {
        return value;
    }
    const optional = role === "source" ? { page_size: null, max_attempts: null } : {};
    return { timezone: serviceDefaults.timezone, ...optional, ...value };
}

export function parseNewService(rawBody: unknown, findConnector: FindConnector): ServiceSpec {
    const body = asObjectBody(rawBody);
    const problems = new Problems();
    checkKeys("", body, FIELDS, problems, SERVER_FIELDS);
    const candidate: Body = {
        type: serviceDefaults.type,
        active: serviceDefaults.active,
        trigger: null,
        filters: [],
        mappings: [],
        alerts: null,
        notes: null,
        ...body,
        source: endpointWithDefaults(body.source, "source"),
        destination: endpointWithDefaults(body.destination, "destination"),
    };
    return checkService(candidate, findConnector, undefined, problems);
}

/**
 * The service after a partial update. The connectors, entities and type may be sent only with the
 * values they have: changing any of them makes another service (contract section 5).
 */
export function parseServiceChanges(rawBody: unknown, existing: Service, findConnector: FindConnector): ServiceSpec {
    const body = asObjectBody(rawBody);
    const problems = new Problems();
    checkKeys("", body, FIELDS, problems, SERVER_FIELDS);
    const candidate: Body = { ...existing };
    for (const field of FIELDS) {
        if (has(body, field)) candidate[field] = body[field];
    }
    if (has(body, "type") && body.type !== existing.type) {
        problems.add("type", `type ${CANNOT_CHANGE}`);
        candidate.type = existing.type;
    }
    for (const role of ["source", "destination"] as const) {
        const sent = body[role];
        if (!isObject(sent)) continue;
        const merged: Body = { ...existing[role], ...sent };
        for (const field of FIXED_ENDPOINT_FIELDS) {
            if (has(sent, field) && sent[field] !== existing[role][field]) {
                problems.add(`${role}.${field}`, `${role}.${field} ${CANNOT_CHANGE}`);
                merged[field] = existing[role][field];
            }
        }
        candidate[role] = merged;
    }
    return checkService(candidate, findConnector, existing.webhook_url, problems);
}
