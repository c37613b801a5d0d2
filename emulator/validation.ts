// Validation of connector bodies, answering 422 with one entry per failing field, named as the
// body names it (`name`, `company_group`, `credentials.<key>`, ...). Hand-written rather than a
// schema library so each reason says what to send instead.
import { IANAZone } from "luxon";
import { lookUpAuthType, lookUpSystem, type CatalogAuthType, type CatalogSystem } from "./catalog";
import { isDefaultGroup, type CompanyProfile } from "./company-groups";
import { ENVIRONMENTS, type Connector, type Environment } from "./connector";
import { checkCredentials } from "./credentials";
import { asObjectBody, Problems, validationFailed } from "./errors";
import { charCount, FIELD_MAX_CHARS } from "./limits";

/** What a create may set: everything but the fields the server owns. */
export type NewConnector = Omit<Connector, "id" | "status" | "created_at" | "updated_at">;

export interface ConnectorChanges {
    name?: string;
    timezone?: string;
    date_format?: string;
    credentials?: Record<string, string>;
}

const MUTABLE_FIELDS = ["name", "timezone", "date_format", "credentials"] as const;
const FIXED_FIELDS = ["system", "environment", "company_group", "auth_type"] as const;
const SERVER_FIELDS = ["id", "status", "created_at", "updated_at"] as const;
const CREATE_FIELDS: readonly string[] = [...MUTABLE_FIELDS, ...FIXED_FIELDS];

type Body = Record<string, unknown>;

function checkFieldNames(body: Body, allowed: readonly string[], problems: Problems): void {
    for (const field of Object.keys(body)) {
        if (allowed.includes(field)) {
            continue;
        }
        if ((SERVER_FIELDS as readonly string[]).includes(field)) {
            problems.add(field, `${field} is set by the server and cannot be sent`);
        } else if ((FIXED_FIELDS as readonly string[]).includes(field)) {
            problems.add(field, `${field} cannot be changed after creation; replace the connector instead`);
        } else {
            problems.add(field, `${field} is not a known field`);
        }
    }
}

/** A required, non-blank string of at most `max` characters. */
function checkText(field: string, value: unknown, max: number, example: string, problems: Problems): void {
    if (value === undefined) {
        problems.add(field, `${field} is required, e.g. ${example}`);
    } else if (typeof value !== "string" || value.trim() === "") {
        problems.add(field, `${field} must be a non-empty string such as ${example}`);
    } else if (charCount(value) > max) {
        problems.add(field, `${field} must be at most ${max} characters`);
    }
}

function checkTimezone(value: unknown, problems: Problems): void {
    if (value === undefined) {
        problems.add("timezone", "timezone is required, e.g. Europe/London or UTC");
    } else if (typeof value !== "string" || !IANAZone.isValidZone(value)) {
        problems.add("timezone", "timezone must be an IANA time zone such as Europe/London or UTC");
    }
}

function checkEnvironment(value: unknown, problems: Problems): void {
    if (!ENVIRONMENTS.includes(value as Environment)) {
        problems.add("environment", `environment must be one of: ${ENVIRONMENTS.join(", ")}`);
    }
}

// Enough to spot a typo in a message that stays one readable line on a large profile.
const GROUPS_LISTED = 20;

function listGroups(profile: CompanyProfile): string {
    const names = profile.list().map((group) => group.name);
    if (names.length === 0) {
        return "it has no company groups";
    }
    const listed = names.slice(0, GROUPS_LISTED).join(", ");
    const rest = names.length - GROUPS_LISTED;
    return rest > 0 ? `its groups are: ${listed} and ${rest} more (GET /company-groups lists them all)` : `its groups are: ${listed}`;
}

/** A group must be on the company profile before a connector can use it; the default group always can. */
function checkCompanyGroup(value: unknown, profile: CompanyProfile, problems: Problems): void {
    if (value === undefined || value === null) {
        return;
    }
    if (typeof value !== "string") {
        problems.add("company_group", "company_group must be a string, or null for the default group");
    } else if (charCount(value) > FIELD_MAX_CHARS.company_group) {
        problems.add("company_group", `company_group must be at most ${FIELD_MAX_CHARS.company_group} characters`);
    } else if (!isDefaultGroup(value) && !profile.find(value)) {
        problems.add(
            "company_group",
            `"${value.trim()}" is not a company group of this account (${listGroups(profile)}); ` +
                "add it to the company profile first, or leave company_group out for the default group",
        );
    }
}

function checkSystem(value: unknown, problems: Problems): CatalogSystem | undefined {
    const system = typeof value === "string" ? lookUpSystem(value) : undefined;
    if (value === undefined) {
        problems.add("system", "system is required; GET /systems lists the valid ids");
    } else if (!system) {
        problems.add("system", `system ${JSON.stringify(value)} is not in the catalog; GET /systems lists the valid ids`);
    }
    return system;
}

function checkAuthType(value: unknown, system: CatalogSystem, problems: Problems): CatalogAuthType | undefined {
    const authType = typeof value === "string" ? lookUpAuthType(system, value) : undefined;
    const choices = system.authTypes.map((a) => a.id).join(", ");
    if (value === undefined) {
        problems.add("auth_type", `auth_type is required for ${system.label}; valid: ${choices}`);
    } else if (!authType) {
        problems.add("auth_type", `auth_type ${JSON.stringify(value)} is not valid for ${system.label}; valid: ${choices}`);
    }
    return authType;
}

/** The credentials to store, or undefined after recording why not under `credentials.<key>`. */
function credentialsToStore(
    value: unknown,
    system: CatalogSystem,
    authType: CatalogAuthType,
    problems: Problems,
): Record<string, string> | undefined {
    const checked = checkCredentials(system, authType, value);
    if (checked.ok) {
        return checked.credentials;
    }
    for (const [key, reasons] of checked.problems) {
        for (const reason of reasons) problems.add(key === "" ? "credentials" : `credentials.${key}`, reason);
    }
    return undefined;
}

const NAME_EXAMPLE = "Shopify UK";
const DATE_FORMAT_EXAMPLE = "yyyy-MM-dd HH:mm:ss";

export function parseNewConnector(rawBody: unknown, profile: CompanyProfile): NewConnector {
    const body = asObjectBody(rawBody);
    const problems = new Problems();
    checkFieldNames(body, CREATE_FIELDS, problems);
    checkText("name", body.name, FIELD_MAX_CHARS.name, NAME_EXAMPLE, problems);
    checkEnvironment(body.environment, problems);
    checkCompanyGroup(body.company_group, profile, problems);
    checkTimezone(body.timezone, problems);
    checkText("date_format", body.date_format, FIELD_MAX_CHARS.date_format, DATE_FORMAT_EXAMPLE, problems);
    const system = checkSystem(body.system, problems);
    const authType = system && checkAuthType(body.auth_type, system, problems);
    const credentials = system && authType && credentialsToStore(body.credentials, system, authType, problems);
    problems.throwIfAny();
    const group = body.company_group as string | null | undefined;
    return {
        name: body.name as string,
        system: body.system as string,
        environment: body.environment as Environment,
        company_group: isDefaultGroup(group) ? null : (group as string),
        timezone: body.timezone as string,
        date_format: body.date_format as string,
        auth_type: body.auth_type as string,
        credentials: credentials as Record<string, string>,
    };
}

/** Only name, timezone, date_format and credentials may change; credentials are replaced whole. */
export function parseConnectorChanges(rawBody: unknown, existing: Connector): ConnectorChanges {
    const body = asObjectBody(rawBody);
    const problems = new Problems();
    checkFieldNames(body, MUTABLE_FIELDS, problems);
    if ("name" in body) checkText("name", body.name, FIELD_MAX_CHARS.name, NAME_EXAMPLE, problems);
    if ("timezone" in body) checkTimezone(body.timezone, problems);
    if ("date_format" in body) checkText("date_format", body.date_format, FIELD_MAX_CHARS.date_format, DATE_FORMAT_EXAMPLE, problems);
    const changes: ConnectorChanges = {};
    if ("credentials" in body) {
        const system = lookUpSystem(existing.system);
        const authType = system && lookUpAuthType(system, existing.auth_type);
        if (!system || !authType) {
            // Only a catalog edit after the connector was stored leads here.
            throw validationFailed({ credentials: [`${existing.system} (${existing.auth_type}) is no longer in the catalog`] });
        }
        changes.credentials = credentialsToStore(body.credentials, system, authType, problems);
    }
    problems.throwIfAny();
    if ("name" in body) changes.name = body.name as string;
    if ("timezone" in body) changes.timezone = body.timezone as string;
    if ("date_format" in body) changes.date_format = body.date_format as string;
    return changes;
}
