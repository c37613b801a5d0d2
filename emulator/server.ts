// A local Patchworks Fabric v2 API (CONTRACT section 9, fact sheet), built on fastify: logins at
// /api/login and /api/v1/login, the resources under /api/v2, test hooks under /__admin/.
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { Access, authScheme, DEFAULT_TOKEN_TTL_SECONDS, DEFAULT_USER, type User } from "./access";
import { Account } from "./account";
import { registerAdmin } from "./admin";
import { registerCatalog } from "./catalog";
import { registerConnectors } from "./connectors";
import { type ApiContext, setUser } from "./context";
import { FabricError } from "./errors";
import { FaultInjector } from "./faults";
import { registerIntegrations } from "./integrations";
import { registerPage } from "./page";
import { RequestLog } from "./request-log";
import { registerServices } from "./services";
import { StateFile } from "./state";
import { Throttle } from "./throttle";
import { bodyOf } from "./validation";

// [?] fact sheet 7.3: the allowance of the emulated subscription when --active-service-limit is
// not given: 100, Professional's, chosen so test fleets fit and the limit is reachable.
export const DEFAULT_ACTIVE_SERVICE_LIMIT = 100;

const BODY_MAX_BYTES = 1024 * 1024;

export interface EmulatorOptions {
    /** Signs in as the first user; none when omitted. */
    readonly apiKey?: string;
    /** Users in order; one client-admin, DEFAULT_USER, when omitted or empty. */
    readonly users?: readonly Omit<User, "id">[];
    /** Group names made at start and after every reset; one "Default Group" when omitted or empty. */
    readonly companyGroups?: readonly string[];
    /** Persist to DIR/state.json; memory only when omitted. */
    readonly dataDir?: string;
    /** Enforce this many requests per minute per user (429 + Retry-After); only reported when omitted. */
    readonly rateLimit?: number;
    readonly activeServiceLimit?: number;
    readonly tokenTtlSeconds?: number;
    /** The clock, for tests that move time (token expiry, rate-limit windows); Date.now by default. */
    readonly now?: () => number;
    /** fastify's request logging; off by default. */
    readonly logger?: boolean;
}

export interface Emulator {
    readonly app: FastifyInstance;
    /** Starts serving; resolves to the base URL, e.g. http://127.0.0.1:8787 (the API is under /api/v2). */
    listen(port?: number, host?: string): Promise<string>;
    /** Stops serving and waits for pending state writes. */
    close(): Promise<void>;
}

const LOGIN_ROUTES: Record<string, "username" | "email"> = { "/api/login": "username", "/api/v1/login": "email" };

/** `filter[username]=x&include=a` → `{ filter: { username: "x" }, include: "a" }`, as PHP reads a query. */
function parseQuery(query: string): Record<string, unknown> {
    const parsed: Record<string, unknown> = {};
    for (const [key, value] of new URLSearchParams(query)) {
        const nested = /^([^[]+)\[([^\]]*)\]$/.exec(key);
        if (nested) {
            const group = (parsed[nested[1]] ?? {}) as Record<string, string>;
            group[nested[2]] = value;
            parsed[nested[1]] = group;
        } else {
            parsed[key] = value;
        }
    }
    return parsed;
}

/** JSON is the only body type; an empty body is no body. A parse failure never quotes the body (it may hold a secret). */
function acceptJsonOnly(app: FastifyInstance): void {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser("application/json", { parseAs: "string" }, (_request, body, done) => {
        if (body === "") {
            done(null, undefined);
            return;
        }
        try {
            done(null, JSON.parse(body as string));
        } catch {
            done(new FabricError(400, "The request body is not valid JSON."), undefined);
        }
    });
}

function sendError(error: FastifyError | FabricError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
    if (error instanceof FabricError) {
        return reply.code(error.status).send(error.body());
    }
    const status = error.statusCode ?? 500;
    if (status < 500) {
        return reply.code(status).send({ message: error.message });
    }
    request.log.error(error);
    return reply.code(500).send({ message: "Server Error" });
}

export function createEmulator(options: EmulatorOptions = {}): Emulator {
    const now = options.now ?? Date.now;
    const users: User[] = (options.users && options.users.length > 0 ? options.users : [DEFAULT_USER]).map((user, index) => ({
        ...user,
        id: index + 1,
    }));
    const account = new Account({
        companyGroups: options.companyGroups ?? [],
        stateFile: options.dataDir ? new StateFile(options.dataDir) : undefined,
        now,
    });
    const access = new Access(account, {
        users,
        apiKey: options.apiKey,
        tokenTtlSeconds: options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS,
    });
    const throttle = new Throttle(options.rateLimit, now);
    const faults = new FaultInjector();
    const requestLog = new RequestLog();
    const context: ApiContext = { account, activeServiceLimit: options.activeServiceLimit ?? DEFAULT_ACTIVE_SERVICE_LIMIT };

    const app = Fastify({ logger: options.logger ?? false, bodyLimit: BODY_MAX_BYTES, routerOptions: { querystringParser: parseQuery } });
    acceptJsonOnly(app);
    app.setErrorHandler(sendError);
    app.setNotFoundHandler((_request, reply) => {
        // Laravel's unknown route: an empty message (fact sheet 3.0).
        reply.code(404).send({ message: "" });
    });

    const isApi = (request: FastifyRequest) => request.url.startsWith("/api/");

    // Faults first (they stand for the network and proxies in front of Fabric), then sign-in, then
    // the rate limit: Fabric authenticates before it throttles, so a 401 is not counted (fact sheet 2.2).
    app.addHook("onRequest", async (request, reply) => {
        if (!isApi(request)) return;
        const failure = faults.apply(request.method, request.url);
        if (failure) {
            if (failure.retryAfterSeconds !== undefined) reply.header("retry-after", String(failure.retryAfterSeconds));
            return reply.code(failure.status).send({ message: failure.message });
        }
        // Laravel matches the route before any middleware: an unknown route is a 404 for anyone.
        if (request.routeOptions.url === undefined) return undefined;
        const path = request.url.split("?")[0];
        let throttleKey = `address:${request.ip}`;
        if (LOGIN_ROUTES[path] === undefined) {
            const user = access.authenticate(request.headers.authorization);
            setUser(request, user);
            throttleKey = `user:${user.id}`;
        }
        const verdict = throttle.hit(throttleKey);
        reply.headers(verdict.headers);
        if (verdict.retryAfterSeconds !== undefined) {
            return reply.code(429).send({ message: "Too Many Attempts." });
        }
        return undefined;
    });
    app.addHook("onSend", async (request, _reply, payload) => {
        if (isApi(request)) await faults.delay(request.method, request.url);
        return payload;
    });
    app.addHook("onResponse", async (request, reply) => {
        if (!isApi(request)) return;
        requestLog.record({
            method: request.method,
            path: request.url,
            status: reply.statusCode,
            at: new Date(now()).toISOString(),
            auth: authScheme(request.headers.authorization),
        });
    });

    for (const [route, loginField] of Object.entries(LOGIN_ROUTES)) {
        app.post(route, async (request) => {
            const body = bodyOf(request.body);
            return access.login(body[loginField], body.password);
        });
    }
    app.post("/api/logout", async (request) => {
        await access.revoke(request.headers.authorization);
        return { message: "You have successfully logged out." };
    });
    registerIntegrations(app, context);
    registerConnectors(app, context);
    registerServices(app, context);
    registerCatalog(app, context);
    registerAdmin(app, { account, faults, requestLog, throttle, api: context });
    registerPage(app, context, requestLog);

    return {
        app,
        listen: (port = 0, host = "127.0.0.1") => app.listen({ port, host }),
        close: async () => {
            await app.close();
            await account.flush();
        },
    };
}
