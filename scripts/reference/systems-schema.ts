// The shape of provider/catalog/systems.json, checked where the file is written (npm run schema)
// and by the catalog's tests, so the provider can load the file as it is: every key the provider
// reads is present, with no defaults to fill in.
import { z } from "zod";
import type { SystemEntry } from "../../provider/catalog";

const evidence = z.enum(["fabric", "docs", "inferred"]);
const checkSchema = z.discriminatedUnion("kind", [
    z.strictObject({
        kind: z.enum([
            "https-url",
            "http-url",
            "url",
            "host",
            "port",
            "integer",
            "numeric",
            "alpha-num",
            "host-port-path",
            "subdomain",
            "guid",
        ]),
        evidence,
    }),
    z.strictObject({ kind: z.literal("suffix"), suffix: z.string().min(1), evidence }),
    z.strictObject({ kind: z.literal("prefix"), prefix: z.string().min(1), evidence }),
    z.strictObject({ kind: z.enum(["one-of", "contains-one-of"]), values: z.array(z.string()).min(1), evidence }),
    z.strictObject({ kind: z.literal("https-host"), hosts: z.array(z.string()).min(1), evidence }),
]);
const fieldSchema = z.strictObject({
    key: z.string().regex(/^[a-z][a-z0-9_]*$/),
    label: z.string().min(1),
    secret: z.boolean(),
    required: z.boolean(),
    rule: z.string().optional(),
    evidence,
    maskedOnRead: z.boolean(),
    checks: z.array(checkSchema),
});
const authTypeSchema = z.strictObject({
    id: z.string().min(1),
    label: z.string().min(1),
    flags: z.record(z.string(), z.union([z.string(), z.boolean()])),
    updateResendKeys: z.array(z.string()),
    requireOneOf: z.array(z.array(z.string()).min(2)),
    evidence,
    fields: z.array(fieldSchema),
});
const systemSchema = z.strictObject({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
    label: z.string().min(1),
    factoryName: z.string().min(1),
    fabricName: z.string().min(1),
    fabricDriver: z.boolean(),
    duplicateCheckMissed: z.boolean(),
    oauthOnly: z.boolean(),
    defaultTimezone: z.string().optional(),
    defaultDateFormat: z.string().optional(),
    evidence,
    authTypes: z.array(authTypeSchema).min(1),
    notes: z.string().optional(),
});

/** The catalog `data` holds, as the provider reads it; throws naming the path of each malformed key ("3.authTypes.0.id"). */
export function parseSystemsCatalog(data: unknown): SystemEntry[] {
    const result = z.array(systemSchema).safeParse(data);
    if (result.success) return result.data;
    const issues = result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`malformed systems catalog: ${issues.join("; ")}`);
}
