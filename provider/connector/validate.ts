// Plan-time validation of a Connector's inputs: pure, never throws, never echoes a credential value.
import { DateTime, IANAZone } from "luxon";
import { findAuthType, findSystem, systemIds, validateCredentials, type AuthType, type SystemEntry } from "../catalog";
import { ENVIRONMENTS, type Environment } from "./key";

/** What the engine sends for a value that is not known yet (during preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export const DEFAULT_TIMEZONE = "UTC";
export const DEFAULT_DATE_FORMAT = "yyyy-MM-dd HH:mm:ss";
const MAX_NAME_LENGTH = 255;
const MAX_DATE_FORMAT_LENGTH = 100;

export interface ConnectorInputs {
    system: string;
    environment: Environment;
    companyGroup?: string;
    name: string;
    timezone: string;
    dateFormat: string;
    authType: string;
    credentials: Record<string, string>;
    adopt: boolean;
}

export interface CheckFailure {
    property: string;
    reason: string;
}

export interface ValidationResult {
    /** The inputs with defaults applied; fields that are still unknown keep the sentinel. */
    inputs: ConnectorInputs;
    failures: CheckFailure[];
}

export function isUnknown(value: unknown): boolean {
    return value === UNKNOWN;
}

function own(record: Record<string, unknown>, key: string): unknown {
    return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

function describeType(value: unknown): string {
    if (value === null) return "null";
    if (Array.isArray(value)) return "an array";
    return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/** Classic edit distance, to suggest "shopify" for "shopfy". */
function editDistance(a: string, b: string): number {
    let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) {
            current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        previous = current;
    }
    return previous[b.length];
}

function suggestSystem(id: string): string | undefined {
    const candidate = id.trim().toLowerCase().slice(0, 64);
    let best: { id: string; distance: number } | undefined;
    for (const known of systemIds) {
        const distance = editDistance(candidate, known);
        if (!best || distance < best.distance) best = { id: known, distance };
    }
    return best && best.distance <= Math.max(2, Math.floor(best.id.length / 3)) ? best.id : undefined;
}

function authTypeChoices(system: SystemEntry): string {
    return system.authTypes.map((a) => `"${a.id}" (${a.label})`).join(", ");
}

type Failures = CheckFailure[];

function checkSystem(value: unknown, failures: Failures): SystemEntry | undefined {
    if (typeof value !== "string" || value.trim() === "") {
        failures.push({
            property: "system",
            reason: `system is required and must be a catalog id such as "shopify"; see patchworks.systems for all ${systemIds.length}`,
        });
        return undefined;
    }
    const system = findSystem(value);
    if (!system) {
        const suggestion = suggestSystem(value);
        failures.push({
            property: "system",
            reason:
                `unknown system "${value.slice(0, 64)}"` +
                (suggestion ? `; did you mean "${suggestion}"?` : "") +
                ` See patchworks.systems for the ${systemIds.length} valid ids.`,
        });
    }
    return system;
}

function checkEnvironment(value: unknown, failures: Failures): void {
    if (!ENVIRONMENTS.includes(value as Environment)) {
        failures.push({
            property: "environment",
            reason: `environment must be "live" or "test" (got ${typeof value === "string" ? `"${value.slice(0, 32)}"` : describeType(value)})`,
        });
    }
}

function checkCompanyGroup(value: unknown, failures: Failures): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "string" || value.trim() === "") {
        failures.push({
            property: "companyGroup",
            reason: "companyGroup must be a non-empty string; omit it to use the company's default group",
        });
        return undefined;
    }
    return value.trim();
}

function checkName(value: unknown, failures: Failures): string {
    if (typeof value !== "string" || value.trim() === "") {
        failures.push({
            property: "name",
            reason: "name must be a non-empty string; omit it to use the resource name",
        });
        return "";
    }
    if (value.length > MAX_NAME_LENGTH) {
        failures.push({ property: "name", reason: `name must be at most ${MAX_NAME_LENGTH} characters (got ${value.length})` });
    }
    return value;
}

/**
 * Luxon's zone and format checks dominate check's cost in a large stack, and stacks repeat the same
 * few values; remember the answers (bounded, since inputs can be anything).
 */
function memoised<T>(compute: (key: string) => T): (key: string) => T {
    const answers = new Map<string, T>();
    return (key) => {
        if (!answers.has(key)) {
            if (answers.size >= 1000) answers.clear();
            answers.set(key, compute(key));
        }
        return answers.get(key) as T;
    };
}

const isValidZone = memoised((zone) => IANAZone.isValidZone(zone));

function checkTimezone(value: unknown, failures: Failures): string {
    if (value === undefined || value === null) return DEFAULT_TIMEZONE;
    if (typeof value !== "string" || !isValidZone(value)) {
        failures.push({
            property: "timezone",
            reason:
                `timezone must be an IANA time zone such as "Europe/London" or "UTC"` +
                (typeof value === "string" ? ` ("${value.slice(0, 64)}" is not one)` : ` (got ${describeType(value)})`),
        });
        return DEFAULT_TIMEZONE;
    }
    return value;
}

const SAMPLE_INSTANT = DateTime.fromISO("2024-03-09T14:05:07", { zone: "UTC" });
const SAMPLE_UNITS = [
    ["year", 2031],
    ["month", 11],
    ["day", 23],
    ["hour", 3],
    ["minute", 41],
    ["second", 52],
] as const;

/**
 * A format is valid when a timestamp formatted with it parses back with Luxon to the same value in
 * every unit the format shows ("hh" without "a" shows the hour but loses whether it was 2 or 14).
 */
function findDateFormatProblem(format: string): string | undefined {
    // Luxon turns a format into one regular expression; a long enough format makes that throw.
    if (format.length > MAX_DATE_FORMAT_LENGTH) {
        return `it is ${format.length} characters long, more than ${MAX_DATE_FORMAT_LENGTH}`;
    }
    let rendered: string;
    let parsed: DateTime;
    try {
        rendered = SAMPLE_INSTANT.toFormat(format);
        parsed = DateTime.fromFormat(rendered, format, { zone: "UTC" });
    } catch {
        return "Luxon cannot parse a timestamp formatted with it";
    }
    if (!parsed.isValid || parsed.toFormat(format) !== rendered) {
        return "Luxon cannot parse a timestamp formatted with it";
    }
    for (const [unit, other] of SAMPLE_UNITS) {
        const shown = SAMPLE_INSTANT.set({ [unit]: other }).toFormat(format) !== rendered;
        if (shown && parsed.get(unit) !== SAMPLE_INSTANT.get(unit)) {
            return `a timestamp formatted with it parses back with a different ${unit}` + (unit === "hour" ? ' (use HH, or add "a" for AM/PM)' : "");
        }
    }
    return undefined;
}

export const dateFormatProblem = memoised(findDateFormatProblem);

function checkDateFormat(value: unknown, failures: Failures): string {
    if (value === undefined || value === null) return DEFAULT_DATE_FORMAT;
    const problem =
        typeof value !== "string" || value.trim() === "" ? `got ${typeof value === "string" ? "an empty string" : describeType(value)}` : dateFormatProblem(value);
    if (problem) {
        failures.push({
            property: "dateFormat",
            reason: `dateFormat must be a Luxon format that round-trips, such as "${DEFAULT_DATE_FORMAT}" or "dd/MM/yyyy": ${problem}`,
        });
        return DEFAULT_DATE_FORMAT;
    }
    return value as string;
}

function checkAuthType(system: SystemEntry, value: unknown, failures: Failures): AuthType | undefined {
    if (value === undefined || value === null) {
        if (system.authTypes.length === 1) return system.authTypes[0];
        failures.push({
            property: "authType",
            reason: `${system.label} has several authentication types; set authType to one of ${authTypeChoices(system)}`,
        });
        return undefined;
    }
    const authType = typeof value === "string" ? findAuthType(system, value) : undefined;
    if (!authType) {
        failures.push({
            property: "authType",
            reason:
                `${typeof value === "string" ? `"${value.slice(0, 64)}" is not` : `authType must be a string, not ${describeType(value)};`}` +
                ` an authentication type of ${system.label}; use one of ${authTypeChoices(system)}`,
        });
    }
    return authType;
}

function checkInteractive(system: SystemEntry, authType: AuthType, adopt: boolean, failures: Failures): void {
    if (authType.interactive && !adopt) {
        failures.push({
            property: "adopt",
            reason:
                `${system.label} (${authType.id}) is authorised through an interactive OAuth redirect, which a Pulumi ` +
                `run cannot complete. Authorise the connector in the Patchworks dashboard, then declare it with adopt: true ` +
                `so Pulumi takes it over.`,
        });
    }
}

function checkCredentials(system: SystemEntry, authType: AuthType, value: unknown, failures: Failures): Record<string, string> {
    if (isUnknown(value)) return value as unknown as Record<string, string>;
    if ((value === undefined || value === null) && (authType.fields.length === 0 || authType.interactive)) return {};
    const result = validateCredentials(system, authType, value ?? undefined);
    if (result.ok) return result.value;
    const given = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
    for (const issue of result.issues) {
        // A value that is not known yet cannot be checked; its presence already was. A field the
        // auth type does not have is wrong whatever its value turns out to be.
        const known = authType.fields.some((f) => f.key === issue.key);
        if (known && isUnknown(own(given, issue.key as string))) continue;
        failures.push({ property: issue.key === undefined ? "credentials" : `credentials.${issue.key}`, reason: issue.message });
    }
    return given as Record<string, string>;
}

function checkAdopt(value: unknown, failures: Failures): boolean {
    if (value === undefined || value === null) return false;
    if (typeof value !== "boolean") {
        failures.push({ property: "adopt", reason: `adopt must be true or false (got ${describeType(value)})` });
        return false;
    }
    return value;
}

/**
 * Applies defaults and validates every input of a Connector. Unknown values (preview) are passed
 * through untouched and not reported.
 */
export function validateConnectorInputs(news: Record<string, unknown>): ValidationResult {
    const failures: CheckFailure[] = [];
    const raw = (key: string) => own(news, key);
    const skip = (key: string) => isUnknown(raw(key));

    const system = skip("system") ? undefined : checkSystem(raw("system"), failures);
    if (!skip("environment")) checkEnvironment(raw("environment"), failures);
    const companyGroup = skip("companyGroup") ? (raw("companyGroup") as string) : checkCompanyGroup(raw("companyGroup"), failures);
    const name = skip("name") ? (raw("name") as string) : checkName(raw("name"), failures);
    const timezone = skip("timezone") ? (raw("timezone") as string) : checkTimezone(raw("timezone"), failures);
    const dateFormat = skip("dateFormat") ? (raw("dateFormat") as string) : checkDateFormat(raw("dateFormat"), failures);
    const adopt = skip("adopt") ? false : checkAdopt(raw("adopt"), failures);

    let authTypeId = raw("authType") as string;
    let credentials = raw("credentials") as Record<string, string>;
    if (system && !skip("authType")) {
        const authType = checkAuthType(system, raw("authType"), failures);
        if (authType) {
            authTypeId = authType.id;
            if (!skip("adopt")) checkInteractive(system, authType, adopt, failures);
            credentials = checkCredentials(system, authType, raw("credentials"), failures);
        }
    }

    const inputs: ConnectorInputs = {
        system: raw("system") as string,
        environment: raw("environment") as Environment,
        name,
        timezone,
        dateFormat,
        authType: authTypeId,
        credentials,
        adopt: skip("adopt") ? (raw("adopt") as boolean) : adopt,
    };
    if (companyGroup !== undefined) inputs.companyGroup = companyGroup;
    // The engine's wire format has no `undefined`: a property that is absent is left out.
    for (const key of Object.keys(inputs) as (keyof ConnectorInputs)[]) {
        if (inputs[key] === undefined) delete inputs[key];
    }
    return { inputs, failures };
}
