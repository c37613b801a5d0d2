// What every resource's wire module needs to read Fabric's answers: the envelope, ids, and one
// error type for an answer whose shape the provider does not rely on.
import { z } from "zod";

/** A response that does not have the shape the client relies on. */
export class UnexpectedResponseError extends Error {}

// Fabric's ids are numeric, except a connector's "<group username>|<n>"; the domain keeps every id as a string.
export const apiId = z.union([z.string(), z.number()]).transform(String);

export function parse<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
    const result = schema.safeParse(body);
    if (result.success) return result.data;
    // Zod's issue messages name the expected type, never the received value, so no secret leaks.
    const issues = result.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new UnexpectedResponseError(`an unexpected ${what} (${issues.join("; ")})`);
}

/** Laravel API resources wrap one item, and every list, as {data: ...}. */
export function unwrapData(body: unknown): unknown {
    const isEnvelope = typeof body === "object" && body !== null && "data" in body;
    return isEnvelope ? (body as { data: unknown }).data : body;
}
