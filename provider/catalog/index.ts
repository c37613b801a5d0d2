// The catalog of Patchworks systems. The facts live in systems.json (one entry per system, copied
// from shared/patchworks with a machine-readable `rule` per field and an `interactive` flag per
// auth type); everything here is derived from it, so a correction is a one-line data edit.
import { z } from "zod";
import data from "./systems.json";

/** What the API sends in place of a secret credential value; never a value itself. */
export const MASK = "********";

/** A machine-checkable format rule for a credential field. */
type CredentialRule = "url" | "https-url" | "host" | "port" | "shopify-store" | "subdomain" | "guid" | `prefix:${string}`;

export interface CredentialField {
    readonly key: string;
    readonly label: string;
    readonly secret: boolean;
    readonly required: boolean;
    /** What the documentation says about the value, in words. */
    readonly format: string | null;
    readonly rule: CredentialRule | null;
}

export interface AuthType {
    readonly id: string;
    readonly label: string;
    /** Authorised through a browser redirect: cannot be created headlessly, only adopted. */
    readonly interactive: boolean;
    readonly fields: readonly CredentialField[];
}

export interface SystemEntry {
    readonly id: string;
    readonly label: string;
    readonly authTypes: readonly AuthType[];
    /** "documented": read from a Patchworks service page; "inferred": a best guess to confirm. */
    readonly evidence: "documented" | "inferred";
    readonly sources: readonly string[];
    readonly notes: string;
}

interface RawSystem {
    system_id: string;
    label: string;
    auth_types: { id: string; label: string; interactive: boolean; fields: CredentialField[] }[];
    evidence: string;
    sources: string[];
    notes: string;
}

function toEntry(raw: RawSystem): SystemEntry {
    if (raw.evidence !== "documented" && raw.evidence !== "inferred") {
        throw new Error(`systems.json: ${raw.system_id} has evidence "${raw.evidence}"`);
    }
    return Object.freeze({
        id: raw.system_id,
        label: raw.label,
        evidence: raw.evidence,
        sources: Object.freeze([...raw.sources]),
        notes: raw.notes,
        authTypes: Object.freeze(
            raw.auth_types.map((a) =>
                Object.freeze({
                    id: a.id,
                    label: a.label,
                    interactive: a.interactive,
                    fields: Object.freeze(a.fields.map((f) => Object.freeze({ ...f }))),
                }),
            ),
        ),
    });
}

/** Every system, keyed by its catalog id (e.g. "shopify"). */
export const systems: Readonly<Record<string, SystemEntry>> = Object.freeze(
    Object.fromEntries((data as RawSystem[]).map((raw) => [raw.system_id, toEntry(raw)])),
);

export const systemIds: readonly string[] = Object.freeze(Object.keys(systems).sort());

export function findSystem(id: string): SystemEntry | undefined {
    return Object.hasOwn(systems, id) ? systems[id] : undefined;
}

export function findAuthType(system: SystemEntry, id: string): AuthType | undefined {
    return system.authTypes.find((a) => a.id === id);
}

const HOST = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

function parsedUrl(value: string): URL | undefined {
    try {
        return new URL(value);
    } catch {
        return undefined;
    }
}

/** Each rule: a predicate and the fix, phrased to follow "must be". Values are never echoed. */
const RULES: Record<string, { test: (v: string) => boolean; expected: string }> = {
    // `new URL` forgives spaces and a missing slash, but the raw value is what is sent.
    url: {
        test: (v) => /^https?:\/\/[^\s/]/.test(v) && !/\s/.test(v) && parsedUrl(v) !== undefined,
        expected: "an absolute http:// or https:// URL, without spaces",
    },
    "https-url": {
        test: (v) => /^https:\/\/[^\s/]/.test(v) && !/\s/.test(v) && parsedUrl(v) !== undefined,
        expected: "an absolute https:// URL, without spaces",
    },
    host: {
        test: (v) => HOST.test(v),
        expected: "a host name such as sftp.example.com, without a scheme, port or path",
    },
    port: {
        test: (v) => /^\d{1,5}$/.test(v) && Number(v) >= 1 && Number(v) <= 65535,
        expected: "an integer port from 1 to 65535",
    },
    "shopify-store": {
        test: (v) => HOST.test(v) && v.includes("."),
        expected: "the store host such as my-store.myshopify.com, without http:// or a trailing '/'",
    },
    subdomain: {
        test: (v) => /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(v),
        expected: "the subdomain only (letters, digits and '-'), without https:// or a domain",
    },
    guid: {
        test: (v) => /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(v),
        expected: "a GUID such as 3f2504e0-4f89-11d3-9a0c-0305e82c3301",
    },
};

function ruleCheck(rule: CredentialRule): { test: (v: string) => boolean; expected: string } {
    if (rule.startsWith("prefix:")) {
        const prefix = rule.slice("prefix:".length);
        return {
            test: (v) => v.startsWith(prefix) && v.length > prefix.length,
            expected: `a value that starts with "${prefix}" and goes on after it`,
        };
    }
    return RULES[rule];
}

function fieldSchema(field: CredentialField): z.ZodType<string> {
    const check = field.rule ? ruleCheck(field.rule) : undefined;
    // Ports are numbers in most people's heads; accept 22 as well as "22".
    const base = z.preprocess(
        (v) => (field.rule === "port" && typeof v === "number" ? String(v) : v),
        z.string({ error: () => `${field.label} must be a string` }),
    );
    return base
        .refine((v) => v.trim().length > 0, { message: `${field.label} must not be empty` })
        .refine((v) => v !== MASK, { message: `${field.label} is the API's mask "${MASK}", not a value; set the real one` })
        .refine((v) => (check ? check.test(v) : true), {
            message: `${field.label} must be ${check?.expected ?? "valid"}`,
        }) as unknown as z.ZodType<string>;
}

const schemaCache = new Map<string, z.ZodType<Record<string, string>>>();

/** The zod schema of one system + auth type's credentials: strict, derived from the data. */
function credentialsSchema(system: SystemEntry, authType: AuthType): z.ZodType<Record<string, string>> {
    const cacheKey = `${system.id}/${authType.id}`;
    let schema = schemaCache.get(cacheKey);
    if (!schema) {
        const shape: Record<string, z.ZodType<string | undefined>> = {};
        for (const field of authType.fields) {
            shape[field.key] = field.required ? fieldSchema(field) : fieldSchema(field).optional();
        }
        schema = z.strictObject(shape) as unknown as z.ZodType<Record<string, string>>;
        schemaCache.set(cacheKey, schema);
    }
    return schema;
}

interface CredentialIssue {
    /** The credential key the issue is about, or undefined for the object as a whole. */
    readonly key?: string;
    readonly message: string;
}

export type CredentialResult =
    | { readonly ok: true; readonly value: Record<string, string> }
    | { readonly ok: false; readonly issues: readonly CredentialIssue[] };

function keyList(authType: AuthType): string {
    return authType.fields.map((f) => (f.required ? f.key : `${f.key} (optional)`)).join(", ");
}

/**
 * Validates credentials against the catalog. Messages name the key and the fix, and never contain
 * a credential value (they are built from catalog text only).
 */
export function validateCredentials(system: SystemEntry, authType: AuthType, credentials: unknown): CredentialResult {
    if (typeof credentials !== "object" || credentials === null || Array.isArray(credentials)) {
        return {
            ok: false,
            issues: [{ message: `credentials must be an object with the keys: ${keyList(authType) || "(none)"}` }],
        };
    }
    const parsed = credentialsSchema(system, authType).safeParse(credentials);
    if (parsed.success) {
        return { ok: true, value: parsed.data };
    }
    const issues: CredentialIssue[] = [];
    for (const issue of parsed.error.issues) {
        if (issue.code === "unrecognized_keys") {
            for (const key of issue.keys) {
                issues.push({
                    key,
                    message:
                        `unknown credential field "${key}" for ${system.label} (${authType.id}); ` +
                        `valid keys: ${keyList(authType) || "(none)"}`,
                });
            }
            continue;
        }
        const key = String(issue.path[0]);
        const field = authType.fields.find((f) => f.key === key);
        const missing = issue.code === "invalid_type" && (credentials as Record<string, unknown>)[key] === undefined;
        issues.push({
            key,
            message: missing
                ? `${field?.label ?? key} (${key}) is required for ${system.label} (${authType.id})` +
                  (field?.format ? `: ${field.format}` : "")
                : issue.message,
        });
    }
    return { ok: false, issues };
}
