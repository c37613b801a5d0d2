// Plan-time validation of a Service's own inputs: pure, never throws, applies the defaults. Each
// failure names the property path and the fix. A value the engine does not know yet skips only the
// checks that need it and is never read as true, false or a match. What needs the account (the
// template, the source's filter fields, the allowance) is in ./account-check.
import { filterOperatorKeys, findFilterType, serviceCatalog } from "../catalog/services";
import { isUnknown } from "../engine-values";
import { isTimeZone } from "../time-zone";
import {
    groupUsernameOf,
    type CheckFailure,
    type ServiceDestinationInputs,
    type ServiceFilterInput,
    type ServiceInputs,
    type ServiceMappingRow,
    type ServiceSourceInputs,
} from "./types";
import { scheduleProblem } from "./schedule";

type Raw = Record<string, unknown>;

const { limits, defaults } = serviceCatalog;
const isObject = (value: unknown): value is Raw => typeof value === "object" && value !== null && !Array.isArray(value);
const absent = (value: unknown): boolean => value === undefined || value === null;
/** Known and a string: the engine's unknown sentinel is a string too. */
const knownString = (value: unknown): value is string => typeof value === "string" && !isUnknown(value);
const codePoints = (text: string): number => [...text].length;

function describe(value: unknown): string {
    if (value === null || value === undefined) return "nothing";
    if (Array.isArray(value)) return "a list";
    if (typeof value === "string") return value === "" ? "an empty string" : `"${value.slice(0, 64)}"`;
    return typeof value === "object" ? "an object" : String(value);
}

/**
 * Time zone abbreviations PHP's DateTimeZone takes that are not IANA ids of their own. [I] fact
 * sheet 6: Fabric checks `from_options.timezone` by constructing a DateTimeZone; PHP's list of
 * abbreviations is longer, these are the common ones (an IANA id always works).
 */
const PHP_ABBREVIATIONS = new Set(
    "BST CEST CDT EDT MDT PDT PST CST AST ADT AKST AKDT AEST AEDT ACST ACDT AWST NZST NZDT IST JST KST HKT SGT EEST WEST MSK SAST BRT ART".split(
        " ",
    ),
);
// "+01:00", "+0100", "-5": PHP reads an offset as a zone.
const UTC_OFFSET = /^[+-](0?\d|1[0-4])(:?[0-5]\d)?$/;

/** Why Fabric would refuse `zone` as a service time zone, or undefined. */
export function timezoneProblem(zone: string): string | undefined {
    if (isTimeZone(zone) || PHP_ABBREVIATIONS.has(zone.toUpperCase()) || UTC_OFFSET.test(zone)) return undefined;
    return `"${zone.slice(0, 64)}" is not a time zone Patchworks takes: use an IANA id such as "Europe/London" or "UTC", or an offset such as "+01:00"`;
}

/** Why `value` does not fit the filter type `type`, or undefined. [I] fact sheet 3.5: Fabric converts by type. */
export function filterValueProblem(type: string, value: string): string | undefined {
    switch (type.toLowerCase()) {
        case "integer":
            return /^-?\d+$/.test(value) ? undefined : `must be a whole number for type ${type}`;
        case "double":
            return /^-?\d+(\.\d+)?$/.test(value) ? undefined : `must be a number for type ${type}`;
        case "boolean":
            return /^(true|false)$/i.test(value) ? undefined : `must be true or false for type ${type}`;
        case "time":
        case "timestamp":
            // Relative times counted back from now ("-10 minutes", "-2 days"), as the dashboard's placeholder "-1 day".
            return /^[+-]?\s*\d+\s*(second|minute|hour|day|week|month|year)s?$/i.test(value.trim())
                ? undefined
                : `must be a relative time such as "-2 days" or "-10 minutes" for type ${type}`;
        default:
            return undefined;
    }
}

function checkInteger(property: string, value: unknown, min: number, max: number, failures: CheckFailure[]): void {
    if (absent(value) || isUnknown(value)) return;
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
        failures.push({ property, reason: `${property} must be a whole number from ${min} to ${max} (got ${describe(value)})` });
    }
}

function checkEndpoint(side: "source" | "destination", raw: unknown, failures: CheckFailure[]): Raw {
    if (!isObject(raw)) {
        failures.push({ property: side, reason: `${side} is required: { connector, entity }` });
        return {};
    }
    for (const key of ["connectorId", "system", "environment", "companyGroupId"]) {
        const value = raw[key];
        if (!isUnknown(value) && (typeof value !== "string" || value.trim() === "")) {
            failures.push({
                property: `${side}.connector`,
                reason: `${side}.connector must be a patchworks.Connector or what patchworks.getConnector returns (its ${key} is missing)`,
            });
            break;
        }
    }
    const entity = raw.entity;
    if (!isUnknown(entity) && (typeof entity !== "string" || entity.trim() === "")) {
        failures.push({
            property: `${side}.entity`,
            reason: `${side}.entity is required: Patchworks' entity (factory) name such as "Orders", "Products" or "Stocklevels"`,
        });
    }
    return raw;
}

function checkSource(raw: Raw, failures: CheckFailure[]): ServiceSourceInputs {
    checkInteger("source.pageSize", raw.pageSize, limits.pageSizeMin, limits.pageSizeMax, failures);
    checkInteger("source.maxAttempts", raw.maxAttempts, limits.maxAttemptsMin, limits.maxAttemptsMax, failures);
    const timezone = raw.timezone;
    if (knownString(timezone)) {
        const problem = timezoneProblem(timezone);
        if (problem) failures.push({ property: "source.timezone", reason: `source.timezone: ${problem}` });
    } else if (!absent(timezone) && !isUnknown(timezone)) {
        failures.push({ property: "source.timezone", reason: `source.timezone must be a string such as "Europe/London"` });
    }
    return raw as unknown as ServiceSourceInputs;
}

function checkDestination(raw: Raw, failures: CheckFailure[]): ServiceDestinationInputs {
    const options = raw.options;
    if (!absent(options) && !isUnknown(options) && !isObject(options)) {
        failures.push({ property: "destination.options", reason: "destination.options must be an object (Patchworks' to_options)" });
    }
    if (isObject(options) && knownString(options.timezone)) {
        const problem = timezoneProblem(options.timezone);
        if (problem) failures.push({ property: "destination.options.timezone", reason: `destination.options.timezone: ${problem}` });
    }
    return raw as unknown as ServiceDestinationInputs;
}

function checkFilter(index: number, raw: unknown, failures: CheckFailure[]): void {
    const at = `filters[${index}]`;
    if (isUnknown(raw)) return;
    if (!isObject(raw)) {
        failures.push({ property: at, reason: `${at} must be { field, operator, value, type? }` });
        return;
    }
    const { field, operator, type, value } = raw;
    if (!isUnknown(field) && (typeof field !== "string" || field.trim() === "")) {
        failures.push({
            property: `${at}.field`,
            reason: `${at}.field is required: the source's filter field key, e.g. "financial_status"`,
        });
    }
    if (!isUnknown(operator) && (typeof operator !== "string" || !filterOperatorKeys.includes(operator))) {
        failures.push({
            property: `${at}.operator`,
            reason: `${at}.operator ${describe(operator)} is not a Patchworks operator key; use one of ${filterOperatorKeys.map((k) => `"${k}"`).join(", ")}`,
        });
    }
    if (!absent(value) && !isUnknown(value) && !["string", "number", "boolean"].includes(typeof value)) {
        failures.push({ property: `${at}.value`, reason: `${at}.value must be a string, number or boolean` });
    } else if (absent(value)) {
        failures.push({ property: `${at}.value`, reason: `${at}.value is required` });
    }
    if (absent(type) || isUnknown(type)) return;
    const entry = typeof type === "string" ? findFilterType(type) : undefined;
    if (!entry) {
        const keys = serviceCatalog.filterTypes.map((t) => `"${t.key}"`).join(", ");
        failures.push({
            property: `${at}.type`,
            reason: `${at}.type ${describe(type)} is not a Patchworks filter type; use one of ${keys}`,
        });
        return;
    }
    if (knownString(operator) && filterOperatorKeys.includes(operator) && !entry.operators.includes(operator)) {
        failures.push({
            property: `${at}.operator`,
            reason: `${at}.operator "${operator}" does not apply to type ${entry.key}; use one of ${entry.operators.map((k) => `"${k}"`).join(", ")}`,
        });
    }
    if (!absent(value) && !isUnknown(value)) {
        const problem = filterValueProblem(entry.key, String(value));
        if (problem) failures.push({ property: `${at}.value`, reason: `${at}.value ${describe(value)} ${problem}` });
    }
}

function checkMappings(raw: unknown, failures: CheckFailure[]): void {
    if (absent(raw) || isUnknown(raw)) return;
    if (!Array.isArray(raw)) {
        failures.push({ property: "mappings", reason: "mappings must be a list of { source?, destination, transforms? }" });
        return;
    }
    const seen = new Map<string, number>();
    raw.forEach((row: unknown, i) => {
        const at = `mappings[${i}]`;
        if (isUnknown(row)) return;
        if (!isObject(row) || (!isUnknown(row.destination) && (typeof row.destination !== "string" || row.destination === ""))) {
            failures.push({ property: `${at}.destination`, reason: `${at}.destination is required: the destination field` });
            return;
        }
        if (knownString(row.destination)) {
            const first = seen.get(row.destination);
            if (first !== undefined) {
                failures.push({
                    property: `${at}.destination`,
                    reason: `${at}.destination "${row.destination}" is also mappings[${first}]'s; a destination field takes one mapping`,
                });
            }
            seen.set(row.destination, i);
        }
        const transforms = row.transforms;
        if (!absent(transforms) && !isUnknown(transforms) && !Array.isArray(transforms)) {
            failures.push({ property: `${at}.transforms`, reason: `${at}.transforms must be a list of { function, args? }` });
        }
    });
}

function checkBoolean(property: string, value: unknown, fallback: boolean, failures: CheckFailure[]): boolean {
    if (absent(value)) return fallback;
    if (typeof value !== "boolean" && !isUnknown(value)) failures.push({ property, reason: `${property} must be true or false` });
    return value as boolean;
}

/** Both connectors must be of one company group: Fabric finds them by (group, system, environment). */
function groupProblem(source: Raw, destination: Raw): CheckFailure | undefined {
    const [a, b] = [source.connectorId, destination.connectorId];
    if (!knownString(a) || !knownString(b)) return undefined;
    const [from, to] = [groupUsernameOf(a), groupUsernameOf(b)];
    if (from === to) return undefined;
    return {
        property: "destination.connector",
        reason:
            `the source connector ${a} is in company group "${from}" and the destination connector ${b} in "${to}"; ` +
            "a Patchworks service runs inside one group: use two connectors of the same group",
    };
}

export interface ServiceValidation {
    inputs: ServiceInputs;
    failures: CheckFailure[];
}

/** `news` as the engine sends it; the result's inputs carry the defaults. */
export function validateServiceInputs(news: Raw): ServiceValidation {
    const failures: CheckFailure[] = [];
    const name = news.name;
    if (!isUnknown(name)) {
        if (typeof name !== "string" || codePoints(name.trim()) < limits.nameMin || codePoints(name) > limits.nameMax) {
            failures.push({
                property: "name",
                reason: `name must be ${limits.nameMin}-${limits.nameMax} characters (Patchworks' service name; got ${typeof name === "string" ? `${codePoints(name)} characters` : describe(name)})`,
            });
        }
    }
    const source = checkSource(checkEndpoint("source", news.source, failures), failures);
    const destination = checkDestination(checkEndpoint("destination", news.destination, failures), failures);
    const group = groupProblem(source as unknown as Raw, destination as unknown as Raw);
    if (group) failures.push(group);
    const schedule = absent(news.schedule) ? defaults.schedule : news.schedule;
    if (!isUnknown(schedule)) {
        const problem = typeof schedule === "string" ? scheduleProblem(schedule) : "must be a string";
        if (problem) {
            failures.push({
                property: "schedule",
                reason: `schedule ${describe(schedule)}: ${problem}. Use a cron expression such as "*/15 * * * *", "@daily", "event" or "off"`,
            });
        }
    }
    const filters = absent(news.filters) ? [] : news.filters;
    if (Array.isArray(filters)) {
        for (const [i, filter] of filters.entries()) checkFilter(i, filter, failures);
    } else if (!isUnknown(filters))
        failures.push({ property: "filters", reason: "filters must be a list of { field, operator, value, type? }" });
    checkMappings(news.mappings, failures);
    const inputs: ServiceInputs = {
        name: name as string,
        source,
        destination,
        schedule: schedule as string,
        filters: filters as ServiceFilterInput[],
        active: checkBoolean("active", news.active, defaults.active, failures),
        adopt: checkBoolean("adopt", news.adopt, false, failures),
    };
    if (!absent(news.mappings)) inputs.mappings = news.mappings as ServiceMappingRow[];
    return { inputs, failures };
}
