// The bundled catalog of Patchworks systems (CONTRACT §4, §5). The facts live in systems.json, built by
// scripts/reference/systems-catalog.ts from Fabric's credential rules (evidence/fabric-credentials.json,
// fact sheet §4) and the docs' view of the systems (evidence/docs-systems.json); every entry, field and
// format check carries its evidence. Everything here derives from that data.
import { closest, distance } from "fastest-levenshtein";
import data from "./systems.json";

/** "fabric": Fabric's own rules (fact sheet [E]); "docs": Patchworks' docs; "inferred": our best guess. */
export type Evidence = "fabric" | "docs" | "inferred";
export type CatalogValidation = "strict" | "warn" | "off";

/** A machine-checkable format of a credential value. */
export type FormatRule =
    | { readonly kind: "https-url" | "http-url" | "url" | "host" | "port" | "integer" | "numeric" | "alpha-num" | "host-port-path" }
    | { readonly kind: "subdomain" | "guid" }
    | { readonly kind: "suffix"; readonly suffix: string }
    | { readonly kind: "prefix"; readonly prefix: string }
    | { readonly kind: "one-of"; readonly values: readonly string[] }
    | { readonly kind: "contains-one-of"; readonly values: readonly string[] }
    | { readonly kind: "https-host"; readonly hosts: readonly string[] };

/** A format rule with the evidence it rests on. */
export type FormatCheck = FormatRule & { readonly evidence: Evidence };

export interface CredentialField {
    /** Patchworks' key, e.g. "access_token". */
    readonly key: string;
    readonly label: string;
    readonly secret: boolean;
    readonly required: boolean;
    /** The format rule in words. */
    readonly rule?: string;
    readonly evidence: Evidence;
    /** Fabric returns "*****" for it; a secret that is not masked comes back in clear. */
    readonly maskedOnRead: boolean;
    readonly checks: readonly FormatCheck[];
}

export interface AuthType {
    /** Patchworks' authorisation type: "oauth2", "basic_auth", "oauth1", "ntlm", "none", ... */
    readonly id: string;
    readonly label: string;
    readonly fields: readonly CredentialField[];
    /** Credential keys the provider sets from the auth type, e.g. Shopify's {public_app: true}. */
    readonly flags: Readonly<Record<string, string | boolean>>;
    /** Keys an update that carries credentials must send again (fact sheet 4.3). */
    readonly updateResendKeys: readonly string[];
    /** Groups of keys of which at least one must be set (SFTP: password or public_key). */
    readonly requireOneOf: readonly (readonly string[])[];
    readonly evidence: Evidence;
}

export interface SystemEntry {
    /** Our catalog id, e.g. "magento-2". */
    readonly id: string;
    readonly label: string;
    /** Fabric's factory name, e.g. "Magentotwo": one Fabric system per catalog id. */
    readonly factoryName: string;
    /** Fabric's display name, e.g. "Magento 2". */
    readonly fabricName: string;
    /** Fabric has a credential driver for it (2023 evidence): without one, POST /connectors cannot create it. */
    readonly fabricDriver: boolean;
    /** Fabric's own duplicate check never fires for it, and a second POST overwrites (fact sheet 3.1). */
    readonly duplicateCheckMissed: boolean;
    /** Only the dashboard's OAuth flow can create it: adopt it. */
    readonly oauthOnly: boolean;
    readonly defaultTimezone?: string;
    readonly defaultDateFormat?: string;
    readonly authTypes: readonly AuthType[];
    readonly evidence: Evidence;
    readonly notes?: string;
}

function deepFreeze<T>(value: T): T {
    if (typeof value === "object" && value !== null) {
        for (const inner of Object.values(value)) deepFreeze(inner);
        Object.freeze(value);
    }
    return value;
}

/**
 * Every system, keyed by its catalog id (e.g. "shopify"). Its shape is checked where systems.json is
 * written and tested (scripts/reference/systems-schema.ts), not here: a schema checked at every load
 * cost each provider process start-up time and peak memory (the schema's build and a copy of the
 * catalog), to check a file that cannot change after the release is built.
 */
export const systems: Readonly<Record<string, SystemEntry>> = deepFreeze(
    Object.fromEntries((data as unknown as SystemEntry[]).map((system) => [system.id, system])),
);

export const systemIds: readonly string[] = Object.freeze(Object.keys(systems).sort());

export function findSystem(id: string): SystemEntry | undefined {
    return Object.hasOwn(systems, id) ? systems[id] : undefined;
}

export function findAuthType(system: SystemEntry, authTypeId: string): AuthType | undefined {
    return system.authTypes.find((a) => a.id === authTypeId);
}

/** Fabric resolves a factory name case- and space-insensitively (fact sheet 4.1): "Dynamics Nav" = "DynamicsNav". */
function factoryKey(name: string): string {
    return name.replace(/\s+/g, "").toLowerCase();
}

/** The catalog systems a Fabric system (by factory name) stands for; several ids may share one (navision, dynamics-nav). */
export function systemsForFactoryName(factoryName: string): SystemEntry[] {
    const wanted = factoryKey(factoryName);
    return systemIds.map((id) => systems[id]).filter((s) => factoryKey(s.factoryName) === wanted);
}

/** What Fabric returns in place of a masked secret (fact sheet 4.2). */
export const MASK = "*****";

/** Any all-asterisk string is a mask, never a value to send (fact sheet §7.9). */
export function isMasked(value: unknown): boolean {
    return typeof value === "string" && /^\*+$/.test(value);
}

const HOST_LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
const HOST = new RegExp(`^(?=.{1,253}$)${HOST_LABEL}(?:\\.${HOST_LABEL})*$`);

function parsedUrl(value: string, schemes: readonly string[]): URL | undefined {
    if (!schemes.some((scheme) => value.toLowerCase().startsWith(`${scheme}://`)) || /\s/.test(value)) return undefined;
    try {
        const url = new URL(value);
        return url.hostname === "" ? undefined : url;
    } catch {
        return undefined;
    }
}

/** Each check: a predicate and what the value must be, phrased to follow "must be". Values are never echoed. */
function checkOf(check: FormatCheck): { test: (v: string) => boolean; expected: string } {
    switch (check.kind) {
        case "https-url":
            return { test: (v) => parsedUrl(v, ["https"]) !== undefined, expected: "an absolute https:// URL" };
        case "http-url":
            return { test: (v) => parsedUrl(v, ["http", "https"]) !== undefined, expected: "an absolute http:// or https:// URL" };
        case "url":
            return {
                test: (v) => /^[a-z][a-z0-9+.-]*:\/\/[^\s/]/i.test(v) && !/\s/.test(v) && URL.canParse(v),
                expected: "an absolute URL such as https://example.com",
            };
        case "host":
            return { test: (v) => HOST.test(v), expected: "a host name such as host.example.com, without a scheme, port or path" };
        case "port":
            return { test: (v) => /^\d{1,5}$/.test(v) && Number(v) >= 1 && Number(v) <= 65535, expected: "a port from 1 to 65535" };
        case "integer":
            // Laravel's integer rule (PHP FILTER_VALIDATE_INT): optional sign, no leading zeros.
            return { test: (v) => /^[+-]?(0|[1-9]\d*)$/.test(v), expected: 'an integer such as "22"' };
        case "numeric":
            return { test: (v) => /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(v), expected: 'a number such as "22"' };
        case "alpha-num":
            return { test: (v) => /^[A-Za-z0-9]+$/.test(v), expected: "letters and digits only" };
        case "host-port-path":
            return {
                test: (v) => /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*:\d{1,5}(?:\/\S*)?$/.test(v),
                expected: "host:port with an optional /path and no scheme, e.g. api.example.com:8443/soap",
            };
        case "subdomain":
            return {
                test: (v) => new RegExp(`^${HOST_LABEL}$`).test(v),
                expected: "the subdomain only (letters, digits and '-'), without https:// or a domain",
            };
        case "guid":
            return {
                test: (v) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v),
                expected: "a GUID such as 3f2504e0-4f89-11d3-9a0c-0305e82c3301",
            };
        case "suffix":
            return { test: (v) => v.toLowerCase().endsWith(check.suffix.toLowerCase()), expected: `a value ending "${check.suffix}"` };
        case "prefix":
            return {
                test: (v) => v.startsWith(check.prefix) && v.length > check.prefix.length,
                expected: `a value starting "${check.prefix}"`,
            };
        case "one-of":
            return { test: (v) => check.values.includes(v), expected: `one of ${check.values.map((x) => `"${x}"`).join(", ")}` };
        case "contains-one-of":
            return { test: (v) => check.values.some((x) => v.includes(x)), expected: `a URL containing one of ${check.values.join(", ")}` };
        case "https-host":
            return {
                test: (v) => check.hosts.includes(parsedUrl(v, ["https"])?.hostname ?? ""),
                expected: `an https:// URL on ${check.hosts.join(" or ")}`,
            };
    }
}

export interface CredentialValidation {
    readonly failures: { property: string; reason: string }[];
    readonly warnings: string[];
}

function snakeCase(key: string): string {
    return key.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

/** A valid key the user probably meant: the snake_case form of a camelCase key, else the nearest by edit distance. */
function suggestKey(key: string, validKeys: readonly string[]): string | undefined {
    if (validKeys.length === 0) return undefined;
    if (validKeys.includes(snakeCase(key))) return snakeCase(key);
    const nearest = closest(key.toLowerCase(), [...validKeys]);
    return distance(key.toLowerCase(), nearest) <= Math.max(2, Math.floor(nearest.length / 3)) ? nearest : undefined;
}

function describeType(value: unknown): string {
    if (value === null) return "null";
    if (Array.isArray(value)) return "an array";
    return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/**
 * Checks credentials against the system and auth type. Rules backed by Fabric or the docs always
 * fail; a rule resting only on an inferred entry fails under strict, warns under warn and is skipped
 * under off. Reasons name the property path and the fix and never contain a credential value.
 * Unknown values (another resource's output) must be left out by the caller.
 */
export function validateCredentials(
    system: SystemEntry,
    authType: AuthType,
    credentials: Record<string, unknown>,
    mode: CatalogValidation,
): CredentialValidation {
    const result: CredentialValidation = { failures: [], warnings: [] };
    const where = `${system.label} (${system.id}, authType ${authType.id})`;
    const report = (property: string, reason: string, basis: Evidence) => {
        if (basis !== "inferred") {
            result.failures.push({ property, reason });
        } else if (mode === "strict") {
            result.failures.push({
                property,
                reason:
                    `${reason}. This rule is inferred, not confirmed by Patchworks: if the value is right, ` +
                    "set patchworks:catalogValidation=warn to proceed with a warning",
            });
        } else if (mode === "warn") {
            result.warnings.push(`${property}: ${reason} (an inferred rule; set patchworks:catalogValidation=off to skip it)`);
        }
    };
    const validKeys = authType.fields.map((f) => f.key);
    const keyList = authType.fields.map((f) => (f.required ? f.key : `${f.key} (optional)`)).join(", ") || "(none)";
    const given = Object.keys(credentials);
    if (given.length === 0) {
        report("credentials", `Patchworks refuses an empty credentials object for ${where}; set: ${keyList}`, "fabric");
    }
    for (const key of given) {
        const property = `credentials.${key}`;
        const value = credentials[key];
        if (Object.hasOwn(authType.flags, key)) {
            report(property, `${key} is set by the provider from authType "${authType.id}"; remove it`, "fabric");
            continue;
        }
        const field = authType.fields.find((f) => f.key === key);
        if (!field) {
            const suggestion = suggestKey(key, validKeys);
            report(
                property,
                `unknown credential key "${key}" for ${where}` +
                    (suggestion ? `; did you mean "${suggestion}"?` : "") +
                    ` Valid keys: ${keyList}`,
                authType.fields.every((f) => f.evidence !== "inferred") ? "fabric" : "inferred",
            );
            continue;
        }
        const text = typeof value === "number" && Number.isFinite(value) ? String(value) : value;
        if (typeof text !== "string") {
            report(property, `${field.label} must be a string (got ${describeType(value)})`, "fabric");
            continue;
        }
        if (text === "") {
            // Fabric turns "" into null (fact sheet 3.0): required fails, and an update refuses an empty value.
            report(property, `${field.label} must not be empty; set a value or remove the key`, "fabric");
            continue;
        }
        if (text.trim() !== text) {
            report(property, `${field.label} has spaces at the start or end, which Patchworks would trim off; remove them`, "fabric");
            continue;
        }
        if (isMasked(text)) {
            report(property, `${field.label} is Patchworks' mask "${MASK}", not a value; set the real one`, "fabric");
            continue;
        }
        for (const check of field.checks) {
            const { test, expected } = checkOf(check);
            if (!test(text)) report(property, `${field.label} must be ${expected}${field.rule ? ` (${field.rule})` : ""}`, check.evidence);
        }
    }
    for (const field of authType.fields) {
        if (field.required && !given.includes(field.key)) {
            report(
                `credentials.${field.key}`,
                `${field.label} (${field.key}) is required for ${where}${field.rule ? `: ${field.rule}` : ""}`,
                field.evidence,
            );
        }
    }
    for (const group of authType.requireOneOf) {
        if (!group.some((key) => given.includes(key))) {
            report(
                `credentials.${group[0]}`,
                `${where} needs one of ${group.map((k) => `credentials.${k}`).join(" or ")}; set one`,
                authType.evidence,
            );
        }
    }
    return result;
}

/** Fabric reads Dynamics NAV's url back as scheme://host and server_instance as the first path segment of "<url>/<server_instance>/WS". */
function dynamicsNavReadBack(credentials: Record<string, string>): Record<string, string> {
    const { url, server_instance: instance } = credentials;
    const parsed = url === undefined ? undefined : parsedUrl(url, ["http", "https"]);
    if (!parsed || instance === undefined) return credentials;
    const server = `${url}/${instance}/WS`;
    return { ...credentials, url: `${parsed.protocol}//${parsed.hostname}`, server_instance: server.split("/")[3] ?? instance };
}

/**
 * The credentials as Fabric returns them after storing the given ones (fact sheet 4.2), so that a
 * refresh compares like with like and does not report Fabric's own reshaping as drift. Nested values
 * Fabric returns (Emarsys' ftp_connection) appear under dotted keys ("ftp_connection.host").
 * [I] fact sheet 4.2: the read-back shapes are inferred from the drivers; a value not covered stays as given.
 */
export function storedCredentialsForComparison(
    system: SystemEntry,
    _authType: AuthType,
    credentials: Record<string, string>,
): Record<string, string> {
    const stored = { ...credentials };
    switch (factoryKey(system.factoryName)) {
        case "peoplevox": {
            // Stored as "<url>/<client_id>"; the read removes the client id text and leaves the "/".
            const { url, client_id: clientId } = stored;
            if (url !== undefined && clientId) stored.url = `${url}/${clientId}`.split(clientId).join("");
            return stored;
        }
        case "rebound": {
            const parsed = stored.url === undefined ? undefined : parsedUrl(stored.url, ["http", "https"]);
            if (parsed) stored.url = `${parsed.protocol}//${parsed.host}`;
            return stored;
        }
        case "dynamicsnav":
            return dynamicsNavReadBack(stored);
        case "emarsys": {
            // Stored nested under ftp_connection and not flattened back on read.
            for (const key of ["host", "port", "username", "password", "passive"]) {
                const flat = `ftp_${key}`;
                if (Object.hasOwn(stored, flat)) {
                    stored[`ftp_connection.${key}`] = stored[flat];
                    delete stored[flat];
                }
            }
            return stored;
        }
        default:
            return stored;
    }
}

/** PHP date() format characters (https://www.php.net/manual/en/datetime.format.php). */
const PHP_DATE_TOKENS = new Set("dDjlNSwzWFmMntLoXxYyaABgGhHisuveIOPpTZcrU");

/** Why a PHP date() format is not one (an unknown letter, which PHP would print literally), or undefined. */
export function phpDateFormatProblem(format: string): string | undefined {
    if (format.trim() === "") return 'dateFormat must be a PHP date() format such as "c" or "Y-m-d H:i:s", not empty';
    for (let i = 0; i < format.length; i++) {
        const char = format[i];
        if (char === "\\") {
            i++; // the next character is literal
            continue;
        }
        if (/[A-Za-z]/.test(char) && !PHP_DATE_TOKENS.has(char)) {
            return (
                `"${char}" (position ${i + 1}) is not a PHP date() format character; ` +
                `escape a literal letter as "\\${char}", or use tokens such as Y, m, d, H, i, s, c`
            );
        }
    }
    return undefined;
}
