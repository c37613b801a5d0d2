// A system driver's credential rules, read from the words of fabric-credentials.json (each
// field's `rule`, `updateRule`, `requiredWhen`), the remote check every create and update runs,
// and the masking of a connector's credentials on read. Fact sheet 3.1, 4.1-4.5.
import { FabricError, serverError } from "./errors";
import type { EvidenceField, FabricSystem } from "./systems";
import { attributeName, isBooleanLike, isIntegerLike, isNumericLike, isPresent, messages } from "./validation";

export type Credentials = Record<string, unknown>;

/** Copied from the request into every connector's credentials (fact sheet 3.1 step 4). */
export const EXTRA_CREDENTIAL_FIELDS = {
    authorisation_type: "authorisation_type",
    connectorName: "connector_name",
    timeZone: "timezone",
    dateFormat: "date_format",
} as const;

export const MASK = "*****";

function truthy(value: unknown): boolean {
    return value === true || value === 1 || value === "1" || value === "true";
}

/** Whether the driver asks for the key on create, given the other keys sent. */
function requiredOnCreate(field: EvidenceField, credentials: Credentials): boolean {
    const when = field.requiredWhen;
    if (when) {
        const equals = /^(\w+) == (\w+)$/.exec(when);
        if (equals) {
            return equals[2] === "true" ? truthy(credentials[equals[1]]) : credentials[equals[1]] === equals[2];
        }
        const absent = /^(\w+) absent$/.exec(when);
        if (absent) {
            return !isPresent(credentials[absent[1]]);
        }
    }
    const unless = /required unless (\w+) is true/.exec(field.rule ?? "");
    if (unless) {
        return !truthy(credentials[unless[1]]);
    }
    const whenAbsent = /required when (\w+) is absent/.exec(field.rule ?? "");
    if (whenAbsent) {
        return !isPresent(credentials[whenAbsent[1]]);
    }
    return field.required;
}

/** The quoted alternatives of "one of 'a','b'", "one of 3,4,5" or "one of 21 or 22". */
function allowedValues(rule: string): string[] | undefined {
    // Only the rule's own words: a quoted message after "->" may say "one of" too.
    const match = /one of ([^;(]+)/.exec(rule.split("->")[0]);
    if (!match || rule.includes("<region>")) {
        return undefined;
    }
    return match[1]
        .split(/,|\bor\b/)
        .map((item) => item.trim().replace(/^'|'$/g, ""))
        .filter((item) => item !== "");
}

const COMMERCETOOLS_REGIONS = ["us-central1.gcp", "us-east-2.aws", "europe-west1.gcp", "eu-central-1.aws", "australia-southeast1.gcp"];

/** The driver's own message where the evidence quotes one (`-> 'text'` or `('text')`), else Laravel's default. */
function quotedMessage(rule: string, fallback: string): string {
    const match = /->\s*'([^']+)'/.exec(rule) ?? /\('([^']+)'\)/.exec(rule);
    return match ? match[1] : fallback;
}

function hostOf(value: string): string | undefined {
    try {
        return new URL(value).hostname.toLowerCase();
    } catch {
        return undefined;
    }
}

/** The message a value breaks the format of `rule` with, or undefined when it passes. */
function formatProblem(key: string, rule: string, value: unknown): string | undefined {
    const attribute = attributeName(key);
    const text = typeof value === "string" ? value : String(value);
    if (/^boolean\b/.test(rule)) return isBooleanLike(value) ? undefined : messages.boolean(attribute);
    if (/^integer\b/.test(rule) || rule.includes("'integer'")) {
        if (!isIntegerLike(value)) return messages.integer(attribute);
    }
    if (/^numeric\b/.test(rule) && !isNumericLike(value)) return messages.numeric(attribute);
    if (/^alpha_num\b/.test(rule) && !/^[\p{L}\p{N}]+$/u.test(text)) return messages.alphaNum(attribute);
    const allowed = allowedValues(rule);
    if (allowed && !allowed.includes(text)) return messages.selected(attribute);
    if (/ending '([^']+)'|must end with '([^']+)'/.test(rule)) {
        const suffix = (/ending '([^']+)'|must end with '([^']+)'/.exec(rule) as RegExpExecArray).slice(1).find(Boolean) as string;
        if (!text.toLowerCase().endsWith(suffix.toLowerCase())) return quotedMessage(rule, messages.format(attribute));
    }
    if (/starting 'http:\/\/' or 'https:\/\/'/.test(rule)) {
        if (!/^https?:\/\//i.test(text)) return quotedMessage(rule, messages.format(attribute));
    } else if (/starting 'https:\/\/'|^https:\/\//.test(rule) && !/^https:\/\//i.test(text)) {
        return quotedMessage(rule, messages.format(attribute));
    }
    const hosts = /host exactly '([^']+)' or '([^']+)'/.exec(rule);
    if (hosts && !hosts.slice(1).includes(hostOf(text) ?? "")) return quotedMessage(rule, messages.format(attribute));
    if (rule.startsWith("valid URL") && hostOf(text) === undefined) return messages.format(attribute);
    const commercetools = /https:\/\/(\w+)\.<region>\.commercetools\.com/.exec(rule);
    if (
        commercetools &&
        !COMMERCETOOLS_REGIONS.some((region) => text.includes(`https://${commercetools[1]}.${region}.commercetools.com`))
    ) {
        return messages.format(attribute);
    }
    if (rule.startsWith("host:port") && !/^[a-z0-9.-]+:\d+(\/\S*)?$/.test(text)) return quotedMessage(rule, messages.format(attribute));
    if (/^(string|optional non-empty string)\b/.test(rule) && typeof value !== "string") return messages.string(attribute);
    return undefined;
}

/**
 * The driver's create rules (fact sheet 4.1): every failing message, joined by spaces, as the one
 * string Fabric reports under `errors.credentials`; undefined when the credentials pass.
 */
export function createRuleProblem(system: FabricSystem, credentials: Credentials): string | undefined {
    const problems: string[] = [];
    for (const field of system.driverFields) {
        const value = credentials[field.key];
        if (!isPresent(value)) {
            if (requiredOnCreate(field, credentials)) problems.push(messages.required(attributeName(field.key)));
            continue;
        }
        const problem = formatProblem(field.key, field.rule ?? "", value);
        if (problem) problems.push(problem);
    }
    return problems.length > 0 ? problems.join(" ") : undefined;
}

/** The update rules: keys optional but non-empty, `updateRule` where the evidence gives one. */
export function updateRuleProblem(system: FabricSystem, credentials: Credentials): string | undefined {
    const problems: string[] = [];
    for (const field of system.driverFields) {
        const sent = Object.hasOwn(credentials, field.key);
        const value = credentials[field.key];
        const rule = field.updateRule ?? field.rule ?? "";
        if (!isPresent(value)) {
            if (/^required\b/.test(rule)) problems.push(messages.required(attributeName(field.key)));
            else if (sent) problems.push(messages.filled(attributeName(field.key)));
            continue;
        }
        const problem = formatProblem(field.key, rule.replace(/^required\s*/, ""), value);
        if (problem) problems.push(problem);
    }
    return problems.length > 0 ? problems.join(" ") : undefined;
}

/** A value's host when it reads as a URL or as host[:port][/path]. */
function hostLike(value: string): string | undefined {
    const fromUrl = value.includes("://") ? hostOf(value) : undefined;
    if (fromUrl) return fromUrl;
    const host = value.split(/[/:]/)[0].toLowerCase();
    return host.includes(".") ? host : undefined;
}

/** The emulator's stand-in for a remote system's refusal: a credential value starting with this. */
export const REFUSED_CREDENTIAL_PREFIX = "invalid";
/** A value starting with this is refused by the remote system with its own HTTP 401. */
export const REMOTE_401_PREFIX = "invalid-401";
/** A host ending with this is unreachable. */
export const UNREACHABLE_HOST_SUFFIX = ".invalid";

// [?] fact sheet 3.1 / 8 #5: a failed check is meant to answer 422 "Invalid credentials", but the
// re-abort with code 0 most likely surfaces as 500 "Server Error"; the emulator answers 500,
// chosen because a client that survives the 500 (not retried, read back) also survives a 422.
// A remote 401 keeps its status with the remote client's text, never "Unauthenticated.".
export const REMOTE_401_MESSAGE = "Client error: the remote system answered `401 Unauthorized` to the credential check.";

/**
 * Patchworks' synchronous check with the remote system (fact sheet 4.4), on the merged credentials
 * of every create and update. Inbound API always passes.
 */
export function verifyWithRemoteSystem(system: FabricSystem, credentials: Credentials): void {
    if (system.factoryName === "InboundAPI") {
        return;
    }
    const values = Object.entries(credentials)
        .filter(([key]) => !Object.values(EXTRA_CREDENTIAL_FIELDS).includes(key as never))
        .map(([, value]) => value)
        .filter((value): value is string => typeof value === "string");
    if (values.some((value) => value.startsWith(REMOTE_401_PREFIX))) {
        throw new FabricError(401, REMOTE_401_MESSAGE);
    }
    const refused = values.some((value) => value.startsWith(REFUSED_CREDENTIAL_PREFIX));
    const unreachable = values.some((value) => hostLike(value)?.endsWith(UNREACHABLE_HOST_SUFFIX));
    if (refused || unreachable) {
        throw serverError();
    }
}

/** The Shopify exception: `access_token` is masked only on an `oauth2` connector (fact sheet 4.2). */
function maskedOnlyFor(field: EvidenceField): string | undefined {
    return /masked only when the connector's authorisation_type is '(\w+)'/.exec(field.note ?? "")?.[1];
}

/** The read form: every top-level key the driver declares secret, case-insensitively, as "*****"; the evidence's gaps stay in clear. */
export function maskCredentials(system: FabricSystem, credentials: Credentials): Credentials {
    const authorisationType = credentials.authorisation_type;
    const masked = new Set(
        system.driverFields
            .filter((field) => field.secret && (maskedOnlyFor(field) === undefined || maskedOnlyFor(field) === authorisationType))
            .map((field) => field.key.toLowerCase()),
    );
    return Object.fromEntries(Object.entries(credentials).map(([key, value]) => [key, masked.has(key.toLowerCase()) ? MASK : value]));
}
