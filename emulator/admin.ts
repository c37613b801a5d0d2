// Test hooks under /__admin/: outside /api/v1 on purpose, so they need no key, are never logged,
// and no fault ever applies to them.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { ApiError } from "./errors";
import { faultSettingsSchema, type FaultInjector } from "./faults";
import { charCount, FIELD_MAX_CHARS } from "./limits";
import type { RequestLog } from "./request-log";
import type { AccountStore } from "./store";

export interface AdminContext {
    readonly store: AccountStore;
    readonly faults: FaultInjector;
    readonly requestLog: RequestLog;
}

const usageSchema = z.strictObject({
    connectorId: z.string().min(1),
    services: z.array(z.string().min(1)),
});

const companyGroupsSchema = z.strictObject({
    names: z.array(
        z
            .string()
            .trim()
            .min(1, "a company group name must not be blank (the default group needs no entry)")
            .refine((name) => charCount(name) <= FIELD_MAX_CHARS.company_group, {
                message: `a company group name may have at most ${FIELD_MAX_CHARS.company_group} characters`,
            }),
    ),
});

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
    const parsed = schema.safeParse(body ?? {});
    if (parsed.success) {
        return parsed.data;
    }
    const errors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) {
        const field = issue.path.join(".") || "body";
        errors[field] ??= [];
        errors[field].push(issue.message);
    }
    throw new ApiError(400, "invalid admin request body", errors);
}

export function registerAdmin(app: FastifyInstance, { store, faults, requestLog }: AdminContext): void {
    app.post("/__admin/faults", async (request) => {
        const settings = parseBody(faultSettingsSchema, request.body);
        faults.configure(settings);
        return { data: settings };
    });

    app.post("/__admin/usage", async (request) => {
        const { connectorId, services } = parseBody(usageSchema, request.body);
        await store.setUsage(connectorId, services);
        return { data: { connectorId, services } };
    });

    // Stands in for adding groups to the company profile in the dashboard. Adding a group that is
    // there already (in any spelling) changes nothing, so the call is safe to repeat.
    app.post("/__admin/company-groups", async (request) => {
        const { names } = parseBody(companyGroupsSchema, request.body);
        return { data: await store.addCompanyGroups(names) };
    });

    app.get("/__admin/requests", async () => ({ data: requestLog.list(), meta: requestLog.concurrency() }));

    // Back to how the emulator started: no connectors, no services, no usage, no faults, an empty
    // log, and the company groups it was started with.
    app.post("/__admin/reset", async (_request, reply) => {
        faults.configure({});
        requestLog.clear();
        await store.reset();
        return reply.code(204).send();
    });
}
