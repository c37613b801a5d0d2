// Validation of connector bodies, answering 422 with one entry per failing field. Hand-written
// rather than a schema library so each message says what to send instead, and the credential rules
// come from the shared catalog so the emulator and the provider can never disagree on them.
import { IANAZone } from "luxon";
import { findAuthType, findSystem, validateCredentials, type AuthType, type SystemEntry } from "../provider/catalog";
import { ENVIRONMENTS, MASK, type Connector, type Environment } from "./connector";
import { validationFailed, type FieldErrors } from "./errors";

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

const NAME_MAX_LENGTH = 255;

type Body = Record<string, unknown>;

/** Collects field errors; a field keeps every reason found for it. */
class Problems {
    readonly errors: FieldErrors = {};

    add(field: string, reason: string): void {
        (this.errors[field] ??= []).push(reason);
    }

    throwIfAny(): void {
        if (Object.keys(this.errors).length > 0) {
            throw validationFailed(this.errors);
        }
    }
}

function asObjectBody(body: unknown): Body {
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
        throw validationFailed({ body: ["the request body must be a JSON object"] });
    }
    return body as Body;
}

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

function checkName(value: unknown, problems: Problems): void {
    if (value === undefined) {
        problems.add("name", "name is required");
    } else if (typeof value !== "string" || value.trim() === "") {
        problems.add("name", "name must be a non-empty string");
    } else if (value.length > NAME_MAX_LENGTH) {
        problems.add("name", `name must be at most ${NAME_MAX_LENGTH} characters`);
    }
}

function checkTimezone(value: unknown, problems: Problems): void {
    if (value === undefined) {
        problems.add("timezone", "timezone is required");
    } else if (typeof value !== "string" || !IANAZone.isValidZone(value)) {
        problems.add("timezone", "timezone must be an IANA time zone such as Europe/London or UTC");
    }
}

function checkDateFormat(value: unknown, problems: Problems): void {
    if (value === undefined) {
        problems.add("date_format", "date_format is required");
    } else if (typeof value !== "string" || value.trim() === "") {
        problems.add("date_format", "date_format must be a non-empty format string such as yyyy-MM-dd HH:mm:ss");
    }
}

function checkEnvironment(value: unknown, problems: Problems): void {
    if (!ENVIRONMENTS.includes(value as Environment)) {
        problems.add("environment", `environment must be one of: ${ENVIRONMENTS.join(", ")}`);
    }
}

function checkCompanyGroup(value: unknown, problems: Problems): void {
    if (value !== undefined && value !== null && typeof value !== "string") {
        problems.add("company_group", "company_group must be a string, or null for the default group");
    }
}

function checkSystem(value: unknown, problems: Problems): SystemEntry | undefined {
    const system = typeof value === "string" ? findSystem(value) : undefined;
    if (value === undefined) {
        problems.add("system", "system is required; GET /systems lists the valid ids");
    } else if (!system) {
        problems.add("system", `system ${JSON.stringify(value)} is not in the catalog; GET /systems lists the valid ids`);
    }
    return system;
}

function checkAuthType(value: unknown, system: SystemEntry, problems: Problems): AuthType | undefined {
    const authType = typeof value === "string" ? findAuthType(system, value) : undefined;
    const choices = system.authTypes.map((a) => a.id).join(", ");
    if (value === undefined) {
        problems.add("auth_type", `auth_type is required for ${system.label}; valid: ${choices}`);
    } else if (!authType) {
        problems.add("auth_type", `auth_type ${JSON.stringify(value)} is not valid for ${system.label}; valid: ${choices}`);
    }
    return authType;
}

/** Checks credentials against the catalog and returns them normalised (e.g. a port as "22"). */
function checkCredentials(
    value: unknown,
    system: SystemEntry,
    authType: AuthType,
    problems: Problems,
): Record<string, string> | undefined {
    const result = validateCredentials(system, authType, value);
    if (!result.ok) {
        for (const issue of result.issues) {
            problems.add(issue.key === undefined ? "credentials" : `credentials.${issue.key}`, issue.message);
        }
        return undefined;
    }
    // The mask is what a read returns; sent back, it would silently replace the real secret.
    // Refusing it makes a client that round-trips a read fail loudly instead.
    for (const [key, credential] of Object.entries(result.value)) {
        if (credential === MASK) {
            problems.add(`credentials.${key}`, `${key} is the masked placeholder "${MASK}"; send the real value`);
        }
    }
    return result.value;
}

export function parseNewConnector(rawBody: unknown): NewConnector {
    const body = asObjectBody(rawBody);
    const problems = new Problems();
    checkFieldNames(body, CREATE_FIELDS, problems);
    checkName(body.name, problems);
    checkEnvironment(body.environment, problems);
    checkCompanyGroup(body.company_group, problems);
    checkTimezone(body.timezone, problems);
    checkDateFormat(body.date_format, problems);
    const system = checkSystem(body.system, problems);
    const authType = system && checkAuthType(body.auth_type, system, problems);
    const credentials = system && authType && checkCredentials(body.credentials, system, authType, problems);
    problems.throwIfAny();
    return {
        name: body.name as string,
        system: body.system as string,
        environment: body.environment as Environment,
        // A blank group is the default group, the same as omitting it.
        company_group: typeof body.company_group === "string" && body.company_group.trim() !== "" ? body.company_group : null,
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
    if ("name" in body) checkName(body.name, problems);
    if ("timezone" in body) checkTimezone(body.timezone, problems);
    if ("date_format" in body) checkDateFormat(body.date_format, problems);
    const changes: ConnectorChanges = {};
    if ("credentials" in body) {
        // The connector exists, so its system and auth type are known to be in the catalog.
        const system = findSystem(existing.system) as SystemEntry;
        const authType = findAuthType(system, existing.auth_type) as AuthType;
        changes.credentials = checkCredentials(body.credentials, system, authType, problems);
    }
    problems.throwIfAny();
    if ("name" in body) changes.name = body.name as string;
    if ("timezone" in body) changes.timezone = body.timezone as string;
    if ("date_format" in body) changes.date_format = body.date_format as string;
    return changes;
}
