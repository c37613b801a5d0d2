// A small HTTP client for the emulator suites, on Node's fetch, returning status, headers and the
// parsed JSON body so tests can assert on all three.
import { shopifyBody } from "../support/connector-inputs";
import { startEmulator, type RunningEmulator } from "../support/emulator";

interface ApiResponse {
    readonly status: number;
    readonly headers: Headers;
    // biome-ignore lint/suspicious/noExplicitAny: tests read into arbitrary response shapes; each assertion states the shape it expects
    readonly body: any;
}

interface RequestOptions {
    /** Serialised as JSON. */
    readonly json?: unknown;
    /** Sent as is, for malformed or oversized bodies. */
    readonly rawBody?: string;
    /** Added to, or replacing, the default headers. */
    readonly headers?: Record<string, string>;
    /** Sends no Authorization header at all. */
    readonly omitAuth?: boolean;
}

export interface ApiClient {
    request(method: string, path: string, options?: RequestOptions): Promise<ApiResponse>;
    get(path: string): Promise<ApiResponse>;
    post(path: string, json: unknown): Promise<ApiResponse>;
    patch(path: string, json: unknown): Promise<ApiResponse>;
    delete(path: string): Promise<ApiResponse>;
}

export function apiClient(target: { readonly apiUrl: string; readonly apiKey: string }): ApiClient {
    const request = async (method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse> => {
        const headers: Record<string, string> = options.omitAuth ? {} : { authorization: target.apiKey };
        const body = options.json !== undefined ? JSON.stringify(options.json) : options.rawBody;
        if (body !== undefined) {
            headers["content-type"] = "application/json";
        }
        const response = await fetch(`${target.apiUrl}${path}`, {
            method,
            headers: { ...headers, ...options.headers },
            body,
        });
        const text = await response.text();
        return { status: response.status, headers: response.headers, body: text === "" ? undefined : JSON.parse(text) };
    };
    return {
        request,
        get: (path) => request("GET", path),
        post: (path, json) => request("POST", path, { json }),
        patch: (path, json) => request("PATCH", path, { json }),
        delete: (path) => request("DELETE", path),
    };
}

/** A valid Shopify connector body; `overrides` replace top-level fields. */
export function shopifyConnector(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return shopifyBody("shpat_secret_value", overrides);
}

/** Mocha hooks for a suite sharing one in-process emulator, reset before each test. */
export function emulatorSuite(): { emulator: RunningEmulator; api: ApiClient } {
    const suite = {} as { emulator: RunningEmulator; api: ApiClient };
    before(async () => {
        suite.emulator = await startEmulator();
        suite.api = apiClient(suite.emulator);
    });
    beforeEach(() => suite.emulator.reset());
    after(() => suite.emulator.stop());
    return suite;
}

const NETSUITE_CREDENTIALS = Object.fromEntries(
    ["tokenId", "tokenSecret", "accountId", "scriptId", "deployId", "consumerKey", "consumerSecret"].map((key) => [key, `${key}-value`]),
);

/** Valid connector bodies for the systems the service suites pair up; `overrides` replace top-level fields. */
export const connectorBodies = {
    shopify: shopifyConnector,
    netsuite: (overrides: Record<string, unknown> = {}) =>
        shopifyConnector({
            name: "NetSuite",
            system: "netsuite",
            auth_type: "legacy-oauth1",
            credentials: NETSUITE_CREDENTIALS,
            ...overrides,
        }),
    inboundApi: (overrides: Record<string, unknown> = {}) =>
        shopifyConnector({
            name: "Inbound API",
            system: "inbound-api",
            auth_type: "oauth2-client-credentials",
            credentials: {},
            ...overrides,
        }),
    brightpearl: (overrides: Record<string, unknown> = {}) =>
        shopifyConnector({
            name: "Brightpearl",
            system: "brightpearl",
            auth_type: "default",
            credentials: { baseUrl: "https://euw1.brightpearlconnect.com", accountCode: "acme", name: "patchworks", identifier: "id-1" },
            ...overrides,
        }),
};

/** The smallest valid service body: `orders` from `sourceId` to `destinationId`; `overrides` replace top-level fields. */
export function serviceBody(sourceId: string, destinationId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        name: "UK orders to NetSuite",
        source: { connector_id: sourceId, entity: "orders" },
        destination: { connector_id: destinationId, entity: "orders" },
        ...overrides,
    };
}
