// A local Patchworks API (contract section 7) with the test hooks of section 8, built on fastify.
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { registerAdmin } from "./admin";
import { registerApi } from "./api";
import { ApiError } from "./errors";
import { FaultInjector } from "./faults";
import { registerHooks } from "./hooks";
import { RequestLog } from "./request-log";
import { StateFile } from "./state-file";
import { BODY_MAX_BYTES } from "./limits";
import { AccountStore } from "./store";

export const DEFAULT_API_KEY = "dev-key";

export interface EmulatorOptions {
    /** The key every /api/v1 request must present; defaults to "dev-key". */
    readonly apiKey?: string;
    /** Where state.json lives; without it the emulator keeps everything in memory. */
    readonly dataDir?: string;
    /** The company groups on the company profile at start, and after every reset; none when omitted. */
    readonly companyGroups?: readonly string[];
    /** fastify's request logging; off by default. */
    readonly logger?: boolean;
}

export interface Emulator {
    readonly app: FastifyInstance;
    /** Starts serving; resolves to the base URL, e.g. http://127.0.0.1:8787 (the API is under /api/v1). */
    listen(port?: number, host?: string): Promise<string>;
    /** Stops serving and waits for pending state writes. */
    close(): Promise<void>;
}

/** JSON is the only body type. An empty body parses as no body rather than as an error, because
 * some clients send `Content-Type: application/json` on every request, bodiless DELETEs included.
 * Plain JSON.parse, as a backend that stores what it is sent would: a key such as "__proto__" is an
 * ordinary key (JSON.parse makes it an own property), so validation refuses it by name. */
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
            // The parser's own message quotes the body, which may hold a secret.
            done(new ApiError(400, "the request body is not valid JSON"), undefined);
        }
    });
}

/** Every error leaves as `{ message, errors? }`: ours with their status, fastify's (413 too large,
 * 415 not JSON) with theirs, anything unexpected as a 500 that reveals nothing. */
function sendError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
    if (error instanceof ApiError) {
        return reply.code(error.statusCode).send(error.body());
    }
    const status = error.statusCode ?? 500;
    if (status === 413) {
        const limit = request.routeOptions.bodyLimit ?? BODY_MAX_BYTES;
        return reply.code(413).send({ message: `the request body is larger than ${limit} bytes` });
    }
    if (status < 500) {
        return reply.code(status).send({ message: error.message });
    }
    request.log.error(error);
    return reply.code(500).send({ message: "internal error in the emulator" });
}

export function createEmulator(options: EmulatorOptions = {}): Emulator {
    const apiKey = options.apiKey ?? DEFAULT_API_KEY;
    const store = new AccountStore({
        stateFile: options.dataDir ? new StateFile(options.dataDir) : undefined,
        companyGroups: options.companyGroups,
    });
    const faults = new FaultInjector();
    const requestLog = new RequestLog();

    const app = Fastify({ logger: options.logger ?? false, bodyLimit: BODY_MAX_BYTES });
    acceptJsonOnly(app);
    app.setErrorHandler(sendError);
    app.setNotFoundHandler((request, reply) => {
        reply.code(404).send({ message: `no route ${request.method} ${request.url.split("?")[0]}; the API is under /api/v1` });
    });
    registerApi(app, { apiKey, store, faults, requestLog });
    registerAdmin(app, { store, faults, requestLog });
    registerHooks(app, store);

    return {
        app,
        listen: (port = 0, host = "127.0.0.1") => app.listen({ port, host }),
        close: async () => {
            await app.close();
            await store.flush();
        },
    };
}
