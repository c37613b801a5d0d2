// Plan-time validation of a Connector's inputs: pure, never throws, never echoes a credential value.
// A value not known yet (preview of a value that comes from another resource) skips only the checks
// that need it; every known input is still checked, and an unknown is never read as true or false.
import { distance } from "fastest-levenshtein";
import {
    findAuthType,
    isMasked,
    phpDateFormatProblem,
    systemIds,
    validateCredentials,
    type AuthType,
    type CatalogValidation,
    type SystemEntry,
} from "../catalog";
import { isUnknown } from "../engine-values";
import { memoised } from "../memo";
import { ENVIRONMENTS, PROGRAM_CHECK_INPUT, type CheckFailure, type Environment } from "../model";
import { isTimeZone } from "../time-zone";
import { accountCatalog, FALLBACK_DATE_FORMAT, FALLBACK_TIMEZONE, type SystemLookup, type SystemView } from "./account-catalog";

/** Used when neither Fabric nor the bundled catalog names a system's own default. */
const DEFAULT_TIMEZONE = FALLBACK_TIMEZONE;
const DEFAULT_DATE_FORMAT = FALLBACK_DATE_FORMAT;

/** What the API accepts; longer values would be refused at `up` (422 or 413), so check refuses them first. */
const LIMITS = {
    name: 255,
    companyGroup: 255,
    dateFormat: 100,
    /** Characters: a PEM RSA-4096 private key fits. */
    credentialValue: 4_096,
    /** All credentials together, as JSON. */
    credentials: 65_536,
} as const;

/** Keys that JavaScript objects treat specially: the engine drops `__proto__` on the way, and the others are never credential fields. */
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

export interface ConnectorInputs {
    system: string;
    environment: Environment;
    companyGroup?: string;
    /** Undefined only for an adopted connector that does not declare it: Patchworks keeps its own. */
    name?: string;
    timezone?: string;
    dateFormat?: string;
    authType: string;
    credentials?: Record<string, string>;
    adopt: boolean;
    /** The credential keys whose values this change sets anew (never their values), so a rotation shows in a preview. */
    credentialsChanged: string[];
}

export type { CheckFailure };

export interface ValidationResult {
    /** The inputs with defaults applied; fields that are still unknown keep the sentinel. */
    inputs: ConnectorInputs;
    failures: CheckFailure[];
    /** Catalog rules that rest on inferred evidence, under patchworks:catalogValidation=warn. */
    warnings: string[];
}

export interface ValidationOptions {
    /** The catalog as the account sees it; the bundled catalog alone by default. */
    lookup?: SystemLookup;
    catalogValidation?: CatalogValidation;
}

/** Length as the API counts it: characters (code points), not UTF-16 units. */
function characters(text: string): number {
    return [...text].length;
}

function own(record: unknown, key: string): unknown {
    return typeof record === "object" && record !== null && Object.hasOwn(record, key)
        ? (record as Record<string, unknown>)[key]
        : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describeType(value: unknown): string {
    if (value === null) return "null";
    if (Array.isArray(value)) return "an array";
    return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

function quoted(value: string, max = 64): string {
    return JSON.stringify(value.length > max ? `${value.slice(0, max)}…` : value);
}

function suggestSystem(id: string): string | undefined {
    const candidate = id.trim().toLowerCase().slice(0, 64);
    let best: { id: string; distance: number } | undefined;
    for (const known of systemIds) {
        const d = distance(candidate, known);
        if (!best || d < best.distance) best = { id: known, distance: d };
    }
    return best && best.distance <= Math.max(2, Math.floor(best.id.length / 3)) ? best.id : undefined;
}

function authTypeChoices(system: SystemEntry): string {
    return system.authTypes.map((a) => `"${a.id}" (${a.label})`).join(", ");
}

const dateFormatProblem = memoised((format) => phpDateFormatProblem(format));

/** Adopt as the checks see it: an unknown adopt is neither true nor false. */
type Adopt = boolean | "unknown";

class Checker {
    readonly failures: CheckFailure[] = [];
    readonly warnings: string[] = [];

    constructor(
        private readonly news: Record<string, unknown>,
        private readonly lookup: SystemLookup,
        private readonly mode: CatalogValidation,
    ) {}

    raw(key: string): unknown {
        return own(this.news, key);
    }

    known(key: string): boolean {
        return !isUnknown(this.raw(key));
    }

    fail(property: string, reason: string): void {
        this.failures.push({ property, reason });
    }

    system(): SystemView | undefined {
        const value = this.raw("system");
        if (typeof value !== "string" || value.trim() === "") {
            this.fail(
                "system",
                `system is required and must be a catalog id such as "shopify"; see patchworks.systems for all ${systemIds.length}`,
            );
            return undefined;
        }
        const system = this.lookup(value);
        if (!system) {
            const suggestion = suggestSystem(value);
            this.fail(
                "system",
                `unknown system ${quoted(value)}` +
                    (suggestion ? `; did you mean "${suggestion}"?` : "") +
                    ` See patchworks.systems for the ${systemIds.length} valid ids.`,
            );
        }
        return system;
    }

    environment(): void {
        const value = this.raw("environment");
        if (!ENVIRONMENTS.includes(value as Environment)) {
            this.fail(
                "environment",
                `environment must be "live" or "test" (got ${typeof value === "string" ? quoted(value, 32) : describeType(value)})`,
            );
        }
    }

    companyGroup(): string | undefined {
        const value = this.raw("companyGroup");
        if (value === undefined || value === null) return undefined;
        if (typeof value !== "string" || value.trim() === "") {
            this.fail(
                "companyGroup",
                "companyGroup must be a non-empty string (a company group's name or username); omit it when the account has one group",
            );
            return undefined;
        }
        const trimmed = value.trim();
        if (characters(trimmed) > LIMITS.companyGroup) {
            this.fail("companyGroup", `companyGroup must be at most ${LIMITS.companyGroup} characters (got ${characters(trimmed)})`);
        }
        return trimmed;
    }

    adopt(): Adopt {
        const value = this.raw("adopt");
        if (isUnknown(value)) return "unknown";
        if (value === undefined || value === null) return false;
        if (typeof value !== "boolean") {
            this.fail("adopt", `adopt must be true or false (got ${describeType(value)})`);
            return false;
        }
        return value;
    }

    /** An input an adopted connector may leave out: absent means "keep what Patchworks has". */
    optional(key: string, adopt: Adopt, fallback: string | undefined): string | undefined {
        const value = this.raw(key);
        if (value !== undefined && value !== null) return value as string;
        return adopt === false ? fallback : undefined;
    }

    name(adopt: Adopt): string | undefined {
        const value = this.optional("name", adopt, undefined);
        if (value === undefined) {
            if (adopt === false) this.fail("name", "name is required; omit it in the SDK to use the resource name");
            return undefined;
        }
        if (typeof value !== "string" || value.trim() === "") {
            this.fail("name", "name must be a non-empty string; omit it to use the resource name");
            return undefined;
        }
        if (characters(value) > LIMITS.name) this.fail("name", `name must be at most ${LIMITS.name} characters (got ${characters(value)})`);
        return value;
    }

    timezone(adopt: Adopt, fallback: string): string | undefined {
        const value = this.optional("timezone", adopt, fallback);
        if (value === undefined) return undefined;
        if (typeof value !== "string" || !isTimeZone(value)) {
            this.fail(
                "timezone",
                `timezone must be an IANA time zone such as "Europe/London" or "UTC"` +
                    (typeof value === "string" ? ` (${quoted(value)} is not one)` : ` (got ${describeType(value)})`),
            );
            return undefined;
        }
        return value;
    }

    dateFormat(adopt: Adopt, fallback: string): string | undefined {
        const value = this.optional("dateFormat", adopt, fallback);
        if (value === undefined) return undefined;
        const problem =
            typeof value !== "string" || value.trim() === ""
                ? `got ${typeof value === "string" ? "an empty string" : describeType(value)}`
                : dateFormatProblem(value);
        if (problem) {
            this.fail(
                "dateFormat",
                `dateFormat must be a PHP date() format such as "c", "Y-m-d H:i:s" or "d/m/Y" (Patchworks is PHP): ${problem}`,
            );
            return undefined;
        }
        return value;
    }

    authType(system: SystemEntry): AuthType | undefined {
        const value = this.raw("authType");
        if (value === undefined || value === null) {
            if (system.authTypes.length === 1) return system.authTypes[0];
            this.fail("authType", `${system.label} has several authentication types; set authType to one of ${authTypeChoices(system)}`);
            return undefined;
        }
        const authType = typeof value === "string" ? findAuthType(system, value) : undefined;
        if (!authType) {
            this.fail(
                "authType",
                (typeof value === "string" ? `${quoted(value)} is not` : `authType must be a string, not ${describeType(value)};`) +
                    ` an authentication type of ${system.label}; use one of ${authTypeChoices(system)}`,
            );
        }
        return authType;
    }

    /** OAuth-only systems are authorised through a browser redirect, which a Pulumi run cannot complete. */
    oauthOnly(system: SystemEntry, adopt: Adopt): void {
        if (system.oauthOnly && adopt === false) {
            this.fail(
                "adopt",
                `${system.label} connectors are authorised through an interactive OAuth redirect, which a Pulumi ` +
                    `run cannot complete. Authorise the connector in the Patchworks dashboard, then declare it with adopt: true ` +
                    `so Pulumi takes it over.`,
            );
        }
    }

    /** Without a credential driver in Fabric a create cannot succeed (fact sheet 4.5): only adopting one made otherwise can. */
    fabricDriver(system: SystemEntry, adopt: Adopt): void {
        if (!system.fabricDriver && !system.oauthOnly && adopt === false) {
            this.fail(
                "system",
                `Patchworks has no credential driver for ${system.label} in the evidence this package was built from, so a create ` +
                    `would fail; make the connector in the Patchworks dashboard and declare it with adopt: true`,
            );
        }
    }

    /** Flags follow from the auth type and a masked value is no value: neither is the user's to declare. */
    credentialValues(authType: AuthType | undefined, value: Record<string, unknown>): void {
        for (const [key, field] of Object.entries(value)) {
            if (authType && Object.hasOwn(authType.flags, key)) {
                this.fail(`credentials.${key}`, `credentials.${key} is set by the provider from authType "${authType.id}"; remove it`);
            } else if (isMasked(field)) {
                this.fail(`credentials.${key}`, `credentials.${key} is Patchworks' mask "*****", not a value; set the real one`);
            }
        }
    }

    /** Checks that need no catalog: shape, forbidden keys, sizes. */
    credentialShape(value: Record<string, unknown>): void {
        for (const key of Object.keys(value)) {
            if (FORBIDDEN_KEYS.has(key)) {
                this.fail(
                    `credentials.${key}`,
                    `"${key}" cannot be a credential key; remove it (see patchworks.systems for the valid keys)`,
                );
                continue;
            }
            const field = value[key];
            if (isUnknown(field)) continue;
            if (typeof field === "string" && characters(field) > LIMITS.credentialValue) {
                this.fail(
                    `credentials.${key}`,
                    `credentials.${key} must be at most ${LIMITS.credentialValue} characters (got ${characters(field)})`,
                );
            }
        }
        const size = Buffer.byteLength(JSON.stringify(value));
        if (size > LIMITS.credentials) {
            this.fail("credentials", `credentials must be at most ${LIMITS.credentials} bytes as JSON all together (got ${size})`);
        }
    }

    /** With the auth type unknown, a key is still wrong if no auth type of the system has it. */
    credentialKeysOfSystem(system: SystemEntry, value: Record<string, unknown>): void {
        const keys = new Set(system.authTypes.flatMap((a) => a.fields.map((f) => f.key)));
        for (const key of Object.keys(value)) {
            if (!keys.has(key) && !FORBIDDEN_KEYS.has(key)) {
                this.fail(
                    `credentials.${key}`,
                    `unknown credential field "${key}" for ${system.label}; valid keys: ${[...keys].join(", ") || "(none)"}`,
                );
            }
        }
    }

    credentials(system: SystemEntry | undefined, authType: AuthType | undefined, adopt: Adopt): Record<string, string> | undefined {
        const value = this.raw("credentials");
        if (isUnknown(value)) return value as Record<string, string>;
        if (value === undefined || value === null) {
            // Adopted: the connector keeps its own. OAuth-only: the adopt check already says what to do.
            if (adopt !== false || system?.oauthOnly) return undefined;
        } else if (!isRecord(value)) {
            this.fail("credentials", `credentials must be an object of strings (got ${describeType(value)})`);
            return undefined;
        } else {
            this.credentialShape(value);
            this.credentialValues(authType, value);
            if (system && !authType && !this.known("authType")) this.credentialKeysOfSystem(system, value);
        }
        const given = (value ?? {}) as Record<string, unknown>;
        if (!system || !authType) return value === undefined || value === null ? undefined : (given as Record<string, string>);
        // A value not known yet cannot be checked; its presence is, so it stands in as a placeholder.
        const unknownKeys = Object.keys(given).filter((key) => isUnknown(given[key]));
        const checkable = Object.fromEntries(Object.entries(given).map(([key, v]) => [key, isUnknown(v) ? "unknown-value" : v] as const));
        const result = validateCredentials(system, authType, checkable, this.mode);
        for (const failure of result.failures) {
            const key = failure.property.replace(/^credentials\./, "");
            const declaredField = authType.fields.some((f) => f.key === key);
            if (declaredField && unknownKeys.includes(key) && failure.property !== "credentials") continue;
            if (FORBIDDEN_KEYS.has(key) || Object.hasOwn(authType.flags, key)) continue;
            this.fail(failure.property, failure.reason);
        }
        this.warnings.push(...result.warnings);
        return given as Record<string, string>;
    }

    programCheck(): void {
        const verdict = this.raw(PROGRAM_CHECK_INPUT);
        if (typeof verdict === "string" && !isUnknown(verdict) && verdict !== "") this.fail("", verdict);
    }
}

/** The credential keys set anew by this change: added, removed or with another value. */
function changedCredentialKeys(olds: unknown, news: unknown): string[] {
    if (!isRecord(olds) || !isRecord(news)) return [];
    const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
    return [...keys].filter((key) => own(olds, key) !== own(news, key)).sort();
}

/**
 * Applies defaults and validates every input of a Connector. `olds` are the previous inputs (empty
 * for a new resource or a replacement); they only tell which credentials change.
 */
export function validateConnectorInputs(
    news: Record<string, unknown>,
    olds: Record<string, unknown> = {},
    options: ValidationOptions = {},
): ValidationResult {
    const check = new Checker(news, options.lookup ?? accountCatalog(), options.catalogValidation ?? "strict");
    const keep = <T>(key: string, validate: () => T): T => (check.known(key) ? validate() : (check.raw(key) as T));

    check.programCheck();
    const adopt = check.adopt();
    const view = check.known("system") ? check.system() : undefined;
    const system = view?.entry;
    if (check.known("environment")) check.environment();
    const companyGroup = keep("companyGroup", () => check.companyGroup());
    const name = keep("name", () => check.name(adopt));
    const timezone = keep("timezone", () => check.timezone(adopt, view?.defaultTimezone ?? DEFAULT_TIMEZONE));
    const dateFormat = keep("dateFormat", () => check.dateFormat(adopt, view?.defaultDateFormat ?? DEFAULT_DATE_FORMAT));

    let authTypeId = check.raw("authType") as string;
    let authType: AuthType | undefined;
    if (system) {
        check.oauthOnly(system, adopt);
        check.fabricDriver(system, adopt);
        if (check.known("authType")) {
            authType = check.authType(system);
            if (authType) authTypeId = authType.id;
        }
    }
    const credentials = check.credentials(system, authType, adopt);
    const credentialsChanged = isUnknown(credentials)
        ? (credentials as unknown as string[])
        : changedCredentialKeys(own(olds, "credentials"), credentials);

    const inputs: ConnectorInputs = {
        system: check.raw("system") as string,
        environment: check.raw("environment") as Environment,
        companyGroup,
        name,
        timezone,
        dateFormat,
        authType: authTypeId,
        credentials,
        adopt: adopt === "unknown" ? (check.raw("adopt") as boolean) : adopt,
        credentialsChanged,
    };
    // The engine's wire format has no `undefined`: a property that is absent is left out.
    for (const key of Object.keys(inputs) as (keyof ConnectorInputs)[]) {
        if (inputs[key] === undefined) delete inputs[key];
    }
    return { inputs, failures: check.failures, warnings: check.warnings };
}
