// Test hooks under /__admin/: outside /api/v1 on purpose, so they need no key, are never logged,
// and no fault ever applies to them.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { ApiError } from "./errors";
import { faultSettingsSchema, type FaultInjector } from "./faults";
import type { RequestLog } from "./request-log";
import type { ConnectorStore } from "./store";

export interface AdminContext {
    readonly store: ConnectorStore;
    readonly faults: FaultInjector;
    readonly requestLog: RequestLog;
}

const usageSchema = z.strictObject({
    connectorId: z.string().min(1),
    services: z.array(z.string().min(1)),
});

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
    const parsed = schema.safeParse(body ?? {});
    if (parsed.success) {
        return parsed.data;
    }
    const errors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) {
        (errors[issue.path.join(".") || "body"] ??= []).push(issue.message);
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

    app.get("/__admin/requests", async () => ({ data: requestLog.list(), meta: requestLog.concurrency() }));

    app.post("/__admin/reset", async (_request, reply) => {
        faults.configure({});
        requestLog.clear();
        await store.reset();
        return reply.code(204).send();
    });
}
