// Test hooks under /__admin/, never under the API path: no sign-in, never logged, no fault applies.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { Account } from "./account";
import { storeAuthorisedConnector } from "./connectors";
import type { ApiContext } from "./context";
import { FabricError } from "./errors";
import { type FaultInjector, faultSettingsSchema } from "./faults";
import type { RequestLog } from "./request-log";
import type { Throttle } from "./throttle";

export interface AdminContext {
    readonly account: Account;
    readonly faults: FaultInjector;
    readonly requestLog: RequestLog;
    readonly throttle: Throttle;
    readonly api: ApiContext;
}

const authorisedConnector = z.object({
    group: z.string(),
    system: z.string(),
    environment: z.string().default("live"),
    name: z.string(),
    timezone: z.string().default("UTC"),
    dateFormat: z.string().default("c"),
});

export function registerAdmin(app: FastifyInstance, { account, faults, requestLog, throttle, api }: AdminContext): void {
    app.get("/__admin/requests", async () => ({ data: requestLog.list() }));

    app.post("/__admin/faults", async (request) => {
        const parsed = faultSettingsSchema.safeParse(request.body ?? {});
        if (!parsed.success) {
            const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`);
            throw new FabricError(400, `invalid faults: ${problems.join("; ")}`);
        }
        faults.configure(parsed.data);
        return { data: parsed.data };
    });

    // Stands in for the dashboard's OAuth authorisation of a connector (no API call can complete it):
    // { group: "<username>", system: "<factory name>", environment?, name, timezone?, dateFormat? }.
    app.post("/__admin/authorised-connectors", async (request, reply) => {
        const parsed = authorisedConnector.safeParse(request.body ?? {});
        if (!parsed.success)
            throw new FabricError(400, `invalid authorised connector: ${parsed.error.issues.map((i) => i.path.join(".")).join(", ")}`);
        return reply.code(201).send({ data: await storeAuthorisedConnector(api, parsed.data) });
    });

    // Back to how it started: the flags' users, key and groups; no connectors, services,
    // mappings, faults or logged requests; fresh rate-limit windows.
    app.post("/__admin/reset", async (_request, reply) => {
        faults.configure({});
        requestLog.clear();
        throttle.clear();
        await account.reset();
        return reply.code(204).send();
    });
}
