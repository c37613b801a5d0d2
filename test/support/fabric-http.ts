// Plain-HTTP access to a running emulator for end-to-end tests: what the account holds, read the
// way any Fabric client would (a login, then GETs under /api/v2), and the /__admin/ hooks. Node's
// fetch and raw JSON only, never the provider's client, so a test checks the provider against
// what is really there.
import { DEFAULT_USER } from "../../emulator/access";
import type { FaultSettings } from "../../emulator/faults";
import type { LoggedRequest } from "../../emulator/request-log";

export type { LoggedRequest };

// biome-ignore lint/suspicious/noExplicitAny: raw Fabric JSON; each test states the shape it reads
export type Json = any;

interface FabricAnswer {
    readonly status: number;
    readonly headers: Headers;
    readonly body: Json;
}

/** How a request signs in: the helper's user (a login, reused), a raw API key, any header, or nothing. */
type FabricAuth = { readonly as: "user" } | { readonly as: "none" } | { readonly as: "header"; readonly value: string };

export interface FabricHttp {
    /** The server's root, e.g. http://127.0.0.1:41234. */
    readonly url: string;
    /** Logs in through /api/v1/login (once; again after `forgetToken`) and resolves to the token. */
    token(): Promise<string>;
    forgetToken(): void;
    /** Any request; `path` from the server's root ("/api/v2/connectors/uk_store%7C1"). Signs in as the user unless told otherwise. */
    request(
        method: string,
        path: string,
        options?: { readonly json?: unknown; readonly rawBody?: string; readonly auth?: FabricAuth },
    ): Promise<FabricAnswer>;
    /** `data` of GET /api/v2/connectors: every live connector of every group. */
    connectors(): Promise<Json[]>;
    /** Every company group (all pages of GET /api/v2/integrations). */
    integrations(): Promise<Json[]>;
    /** Every service (GET /api/v2/services?perPage=...), each with its service_template. */
    services(): Promise<Json[]>;
    /** `data` of GET /api/v2/mappings/{id}, or undefined when Fabric has no content for it. */
    mapping(id: string): Promise<Json | undefined>;
    /** POST /api/v2/integrations; resolves to the group made. */
    createIntegration(name: string, username?: string): Promise<Json>;
    /** GET /__admin/requests. */
    requests(): Promise<LoggedRequest[]>;
    /** POST /__admin/faults; `{}` clears. */
    setFaults(faults: FaultSettings): Promise<void>;
    /** POST /__admin/reset. */
    reset(): Promise<void>;
}

export interface FabricUser {
    readonly email: string;
    readonly password: string;
}

const SERVICES_PER_PAGE = 1000;

async function answer(response: Response): Promise<FabricAnswer> {
    const text = await response.text();
    let body: Json = text;
    try {
        body = text === "" ? undefined : JSON.parse(text);
    } catch {
        // not JSON (the page at /): kept as text
    }
    return { status: response.status, headers: response.headers, body };
}

/** A helper for the emulator at `url`, signing in as `user` (the emulator's default user when omitted). */
export function fabricHttp(url: string, user: FabricUser = DEFAULT_USER): FabricHttp {
    let token: Promise<string> | undefined;

    const login = async (): Promise<string> => {
        const response = await answer(
            await fetch(`${url}/api/v1/login`, {
                method: "POST",
                headers: { accept: "application/json", "content-type": "application/json" },
                body: JSON.stringify({ email: user.email, password: user.password }),
            }),
        );
        if (response.status !== 200) {
            throw new Error(`login as ${user.email} answered ${response.status}: ${JSON.stringify(response.body)}`);
        }
        return response.body.token as string;
    };

    const request: FabricHttp["request"] = async (method, path, options = {}) => {
        const headers: Record<string, string> = { accept: "application/json" };
        const auth = options.auth ?? { as: "user" };
        if (auth.as === "user") {
            token ??= login();
            headers.authorization = `Bearer ${await token}`;
        } else if (auth.as === "header") {
            headers.authorization = auth.value;
        }
        const body = options.json !== undefined ? JSON.stringify(options.json) : options.rawBody;
        if (body !== undefined) headers["content-type"] = "application/json";
        return answer(await fetch(`${url}${path}`, { method, headers, body }));
    };

    const ok = async (method: string, path: string, json?: unknown): Promise<Json> => {
        const response = await request(method, path, { json });
        if (response.status >= 300) {
            throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
        }
        return response.body;
    };

    const admin = async (method: "GET" | "POST", route: string, json?: unknown): Promise<Json> => {
        const response = await request(method, `/__admin/${route}`, { json, auth: { as: "none" } });
        if (response.status >= 300) {
            throw new Error(`emulator admin ${method} ${route} answered ${response.status}: ${JSON.stringify(response.body)}`);
        }
        return response.body;
    };

    return {
        url,
        token: () => (token ??= login()),
        forgetToken: () => {
            token = undefined;
        },
        request,
        connectors: async () => (await ok("GET", "/api/v2/connectors")).data,
        integrations: async () => {
            const groups: Json[] = [];
            for (let page = 1; ; page++) {
                const body = await ok("GET", `/api/v2/integrations?page=${page}`);
                groups.push(...body.data);
                if (page >= body.meta.last_page) return groups;
            }
        },
        services: async () => (await ok("GET", `/api/v2/services?perPage=${SERVICES_PER_PAGE}&include=serviceTemplate`)).data,
        mapping: async (id) => {
            const response = await request("GET", `/api/v2/mappings/${encodeURIComponent(id)}`);
            return response.status === 200 ? response.body.data : undefined;
        },
        createIntegration: async (name, username) => (await ok("POST", "/api/v2/integrations", { name, username: username ?? name })).data,
        requests: async () => (await admin("GET", "requests")).data,
        setFaults: async (faults) => {
            await admin("POST", "faults", faults);
        },
        reset: async () => {
            await admin("POST", "reset");
        },
    };
}
