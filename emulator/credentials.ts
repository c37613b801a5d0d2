// Credentials as the emulated API treats them: what a system's auth type accepts (the `rule` of
// each field in the catalog data, read as shared/patchworks/catalog.md describes it), which values
// it masks on the way out, and where a credential says the system lives (for the status check).
// Reasons are built from catalog text only: a credential value never appears in an error.
import { catalogSystems, type CatalogAuthType, type CatalogField, type CatalogSystem } from "./catalog";
import { charCount, FIELD_MAX_CHARS } from "./limits";

/** What the API sends in place of a secret credential value. */
const MASK = "********";

interface RuleCheck {
    /** True when the value is acceptable. */
    accepts(value: string): boolean;
    /** Completes "<label> must be ...". */
    readonly expected: string;
    /** The host name the value points the system at, for fields that name a location. */
    host?(value: string): string | undefined;
}

const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;
const GUID = /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i;
const HOST_NAME_MAX = 253;
const PORT_MAX = 65535;

/** A host name without scheme, port or path: dot-separated DNS labels. */
function isHostName(value: string, minimumLabels: number): boolean {
    const labels = value.split(".");
    return value.length <= HOST_NAME_MAX && labels.length >= minimumLabels && labels.every((label) => DNS_LABEL.test(label));
}

/** An absolute URL with one of the schemes; nothing around it, and a host to reach. */
function isUrlWithScheme(value: string, schemes: readonly string[]): boolean {
    // The URL parser forgives surrounding blanks and "https:/host"; an API storing the value must not.
    if (/\s/.test(value) || !schemes.some((scheme) => value.toLowerCase().startsWith(`${scheme}://`))) {
        return false;
    }
    const host = urlHost(value);
    return host !== undefined && host !== "";
}

function urlHost(value: string): string | undefined {
    try {
        return new URL(value).hostname;
    } catch {
        return undefined;
    }
}

function isPort(value: string): boolean {
    return /^\d{1,5}$/.test(value) && Number(value) >= 1 && Number(value) <= PORT_MAX;
}

const PREFIX_RULE = "prefix:";

const RULES: Readonly<Record<string, RuleCheck>> = {
    url: {
        accepts: (v) => isUrlWithScheme(v, ["http", "https"]),
        expected: "an absolute URL starting with http:// or https://",
        host: urlHost,
    },
    "https-url": {
        accepts: (v) => isUrlWithScheme(v, ["https"]),
        expected: "an absolute URL starting with https://",
        host: urlHost,
    },
    host: {
        accepts: (v) => isHostName(v, 1),
        expected: "a host name such as sftp.example.com, with no scheme, port or path",
        host: (v) => v,
    },
    port: {
        accepts: isPort,
        expected: `a port number from 1 to ${PORT_MAX}`,
    },
    "shopify-store": {
        // The store's own host, as used to log in: always a domain, never a bare store name.
        accepts: (v) => isHostName(v, 2),
        expected: "the store's host such as my-store.myshopify.com, with no http:// and no trailing '/'",
        host: (v) => v,
    },
    subdomain: {
        accepts: (v) => DNS_LABEL.test(v),
        expected: "a subdomain only (letters, digits and '-'), with no https:// and no domain after it",
    },
    guid: {
        accepts: (v) => GUID.test(v),
        expected: "a GUID such as 3f2504e0-4f89-11d3-9a0c-0305e82c3301",
    },
};

function ruleCheck(rule: string): RuleCheck | undefined {
    if (rule.startsWith(PREFIX_RULE)) {
        const prefix = rule.slice(PREFIX_RULE.length);
        return {
            // The prefix marks the kind of key; a key is more than its prefix.
            accepts: (v) => v.startsWith(prefix) && v.length > prefix.length,
            expected: `a value starting with "${prefix}"`,
        };
    }
    return Object.hasOwn(RULES, rule) ? RULES[rule] : undefined;
}

// A rule the data names but the emulator does not implement would silently accept anything:
// refuse to start instead, so a catalog change that adds a rule is noticed.
for (const system of catalogSystems()) {
    for (const authType of system.authTypes) {
        for (const field of authType.fields) {
            if (field.rule !== null && ruleCheck(field.rule) === undefined) {
                throw new Error(
                    `systems.json: ${system.id}/${authType.id} field ${field.key} has rule "${field.rule}", unknown to the emulator`,
                );
            }
        }
    }
}

/** Reasons per credential key; "" is the credentials object as a whole. */
type CredentialProblems = Map<string, string[]>;

export type CredentialCheck =
    | { readonly ok: true; readonly credentials: Record<string, string> }
    | { readonly ok: false; readonly problems: CredentialProblems };

function expectedKeys(authType: CatalogAuthType): string {
    const keys = authType.fields.map((field) => (field.required ? field.key : `${field.key} (optional)`));
    return keys.length > 0 ? keys.join(", ") : "none (this auth type is authorised in the dashboard)";
}

/** The value as stored (a string), or the reason it cannot be one. */
function readValue(field: CatalogField, value: unknown): { text: string } | { reason: string } {
    // People write ports as numbers; JSON lets them.
    if (field.rule === "port" && typeof value === "number") {
        return Number.isInteger(value) ? { text: String(value) } : { reason: `${field.label} must be a whole number` };
    }
    if (typeof value !== "string") {
        return { reason: `${field.label} must be a string` };
    }
    return { text: value };
}

function fieldProblem(field: CatalogField, text: string): string | undefined {
    if (text.trim() === "") {
        return field.required ? `${field.label} must not be blank` : `${field.label} must not be blank; leave it out instead`;
    }
    const max = FIELD_MAX_CHARS.credentialValue;
    if (charCount(text) > max) {
        return `${field.label} must be at most ${max} characters`;
    }
    if (text === MASK) {
        // What a read returns in place of a secret; sent back, it would overwrite the real value.
        return `${field.label} is the masked placeholder "${MASK}"; send the real value`;
    }
    const check = field.rule === null ? undefined : ruleCheck(field.rule);
    if (check && !check.accepts(text)) {
        return `${field.label} must be ${check.expected}`;
    }
    return undefined;
}

/**
 * Checks a credentials object against the system's auth type: every required field present, no key
 * the auth type does not have, every value a string within its rule. Returns the values to store.
 */
export function checkCredentials(system: CatalogSystem, authType: CatalogAuthType, given: unknown): CredentialCheck {
    const problems: CredentialProblems = new Map();
    const complain = (key: string, reason: string) => problems.set(key, [...(problems.get(key) ?? []), reason]);
    if (typeof given !== "object" || given === null || Array.isArray(given)) {
        complain("", `credentials must be an object with the keys: ${expectedKeys(authType)}`);
        return { ok: false, problems };
    }
    const fields = new Map(authType.fields.map((field) => [field.key, field]));
    const values = given as Record<string, unknown>;
    const stored: [string, string][] = [];
    for (const key of Object.keys(values)) {
        const field = fields.get(key);
        if (!field) {
            complain(key, `"${key}" is not a credential of ${system.label} (${authType.id}); the keys are: ${expectedKeys(authType)}`);
            continue;
        }
        const read = readValue(field, values[key]);
        const reason = "reason" in read ? read.reason : fieldProblem(field, read.text);
        if (reason !== undefined) {
            complain(key, reason);
        } else if ("text" in read) {
            stored.push([key, read.text]);
        }
    }
    for (const field of authType.fields) {
        if (field.required && !Object.hasOwn(values, field.key)) {
            const hint = field.format ? `: ${field.format}` : "";
            complain(field.key, `${field.label} (${field.key}) is required for ${system.label} (${authType.id})${hint}`);
        }
    }
    return problems.size > 0 ? { ok: false, problems } : { ok: true, credentials: Object.fromEntries(stored) };
}

/** The credentials as the API shows them: secret values masked, and so is any key the catalog lacks. */
export function maskSecrets(fields: readonly CatalogField[], credentials: Readonly<Record<string, string>>): Record<string, string> {
    const visible = new Set(fields.filter((field) => !field.secret).map((field) => field.key));
    return Object.fromEntries(Object.entries(credentials).map(([key, value]) => [key, visible.has(key) ? value : MASK]));
}

/** The hosts the credentials point the system at (URLs and host fields). */
export function credentialHosts(fields: readonly CatalogField[], credentials: Readonly<Record<string, string>>): string[] {
    const hosts: string[] = [];
    for (const field of fields) {
        const value = Object.hasOwn(credentials, field.key) ? credentials[field.key] : undefined;
        const host = value === undefined || field.rule === null ? undefined : ruleCheck(field.rule)?.host?.(value);
        if (host) hosts.push(host);
    }
    return hosts;
}
