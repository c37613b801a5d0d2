// The /api/v1 routes. Every request here passes, in order: injected faults, the API key check,
// then its route; injected latency holds the response back; every response is written to the
// request log.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { isAuthorized } from "./auth";
import { toResponse } from "./connector";
import type { FaultInjector } from "./faults";
import { BODY_MAX_BYTES_SERVICE } from "./limits";
import { paginate, parseListQuery, parseServiceListQuery } from "./list-query";
import type { RequestLog } from "./request-log";
import type { AccountStore } from "./store";
import { toServiceResponse } from "./service";
import { parseNewService, parseServiceChanges } from "./service-validation";
import { listSystems } from "./systems";
import { parseConnectorChanges, parseNewConnector } from "./validation";

export interface ApiContext {
    readonly apiKey: string;
    readonly store: AccountStore;
    readonly faults: FaultInjector;
    readonly requestLog: RequestLog;
}

type Query = Record<string, unknown>;
type IdParams = { id: string };

function addGuards(api: FastifyInstance, context: ApiContext): void {
    api.addHook("onRequest", async (request: FastifyRequest, reply: FastifyReply) => {
        // Counted until the connection is done with, aborted or not, so tests can see a client's concurrency.
        context.requestLog.begin();
        reply.raw.once("close", () => context.requestLog.end());
        const failure = context.faults.apply(request.method);
        if (failure) {
            if (failure.retryAfterSeconds !== undefined) {
                reply.header("retry-after", String(failure.retryAfterSeconds));
            }
            return reply.code(failure.status).send({ message: failure.message });
        }
        return undefined;
    });
    api.addHook("onRequest", async (request: FastifyRequest, reply: FastifyReply) => {
        if (!isAuthorized(request.headers.authorization, context.apiKey)) {
            return reply
                .code(401)
                .send({ message: "missing or invalid API key: send it as the Authorization header, raw or as 'Bearer <key>'" });
        }
        return undefined;
    });
    api.addHook("onSend", async (request: FastifyRequest) => {
        await context.faults.delay(request.method);
    });
    api.addHook("onResponse", async (request: FastifyRequest, reply: FastifyReply) => {
        context.requestLog.record({
            method: request.method,
            path: request.url,
            status: reply.statusCode,
            at: new Date().toISOString(),
        });
    });
}

/**
 * The address the request reached the emulator on, e.g. http://127.0.0.1:8787: the base of webhook
 * URLs. Taken from the socket rather than the Host header, so a client cannot choose it.
 */
function baseUrlOf(request: FastifyRequest): string {
    const { localAddress = "127.0.0.1", localPort } = request.socket;
    const host = localAddress.includes(":") ? `[${localAddress}]` : localAddress;
    return `http://${host}:${localPort}`;
}

function addServiceRoutes(api: FastifyInstance, { store }: ApiContext): void {
    const findConnector = (id: string) => store.find(id);
    // A service carries lists of filters and mappings, so it may be larger than a connector.
    const bodyLimit = BODY_MAX_BYTES_SERVICE;

    api.get<{ Querystring: Query }>("/services", async (request) => {
        const { connectorId, page, perPage } = parseServiceListQuery(request.query);
        const { data, meta } = paginate(store.listServices(connectorId), page, perPage);
        return { data: data.map(toServiceResponse), meta };
    });

    api.get<{ Params: IdParams }>("/services/:id", async (request) => ({
        data: toServiceResponse(store.getService(request.params.id)),
    }));

    api.post("/services", { bodyLimit }, async (request, reply) => {
        const service = await store.createService(parseNewService(request.body, findConnector), baseUrlOf(request));
        return reply.code(201).send({ data: toServiceResponse(service) });
    });

    api.patch<{ Params: IdParams }>("/services/:id", { bodyLimit }, async (request) => {
        const existing = store.getService(request.params.id);
        const updated = await store.updateService(existing.id, parseServiceChanges(request.body, existing, findConnector));
        return { data: toServiceResponse(updated) };
    });

    api.delete<{ Params: IdParams }>("/services/:id", async (request, reply) => {
        await store.deleteService(request.params.id);
        return reply.code(204).send();
    });
}

function addRoutes(api: FastifyInstance, { store }: ApiContext): void {
    api.get<{ Querystring: Query }>("/systems", async (request) => {
        const include = request.query.include;
        return { data: listSystems(typeof include === "string" ? include : undefined) };
    });

    api.get("/company-groups", async () => ({ data: store.companyGroups() }));

    api.get<{ Querystring: Query }>("/service-connectors", async (request) => {
        const { filter, page, perPage } = parseListQuery(request.query);
        const { data, meta } = paginate(store.list(filter), page, perPage);
        return { data: data.map(toResponse), meta };
    });

    api.get<{ Params: IdParams }>("/service-connectors/:id", async (request) => ({
        data: toResponse(store.get(request.params.id)),
    }));

    api.post("/service-connectors", async (request, reply) => {
        const connector = await store.create(parseNewConnector(request.body, store.profile));
        return reply.code(201).send({ data: toResponse(connector) });
    });

    api.patch<{ Params: IdParams }>("/service-connectors/:id", async (request) => {
        const existing = store.get(request.params.id);
        const updated = await store.update(existing.id, parseConnectorChanges(request.body, existing));
        return { data: toResponse(updated) };
    });

    api.delete<{ Params: IdParams }>("/service-connectors/:id", async (request, reply) => {
        await store.delete(request.params.id);
        return reply.code(204).send();
    });
}

export function registerApi(app: FastifyInstance, context: ApiContext): void {
    app.register(
        async (api) => {
            addGuards(api, context);
            addRoutes(api, context);
            addServiceRoutes(api, context);
            // Declared inside the prefix so unknown /api/v1 paths are still authenticated and logged.
            api.setNotFoundHandler((request, reply) => {
                reply.code(404).send({ message: `no route ${request.method} ${request.url.split("?")[0]}` });
            });
        },
        { prefix: "/api/v1" },
    );
}
