import { PatchworksClient, type ClientOptions, type ConnectorFields } from "../../provider/client";
import type { FakeServer } from "./fake-server";

export const API_KEY = "pk_live_0123456789abcdef";
export const ACCESS_TOKEN = "eyJhbGciOiJIUzI1NiJ9.session";
export const SHOPIFY_TOKEN = "shpat_5f4dcc3b5aa765d61d8327de";

export const shopifyUk: ConnectorFields = {
    system: "shopify",
    environment: "live",
    companyGroup: "uk",
    name: "Shopify UK",
    timezone: "Europe/London",
    dateFormat: "yyyy-MM-dd HH:mm:ss",
    authType: "token",
    credentials: { storeUrl: "my-store.myshopify.com", accessToken: SHOPIFY_TOKEN },
};

/** A connector as the API returns it: snake_case, secret credentials masked. */
export function apiConnector(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        id: "sc_1",
        name: "Shopify UK",
        system: "shopify",
        environment: "live",
        company_group: "uk",
        timezone: "Europe/London",
        date_format: "yyyy-MM-dd HH:mm:ss",
        auth_type: "token",
        credentials: { storeUrl: "my-store.myshopify.com", accessToken: "********" },
        status: "operational",
        created_at: "2025-01-01T00:00:00Z",
        updated_at: "2025-01-01T00:00:00Z",
        ...overrides,
    };
}

export function listPage(data: unknown[], page = 1, lastPage = 1): Record<string, unknown> {
    return { data, meta: { current_page: page, last_page: lastPage, total: data.length } };
}

/** A client tuned for tests: tiny backoff, short timeouts, every log line captured. */
export function testClient(
    server: FakeServer,
    options: Partial<ClientOptions> = {},
): { client: PatchworksClient; logs: string[] } {
    const logs: string[] = [];
    const client = new PatchworksClient({
        apiUrl: server.apiUrl,
        apiKey: API_KEY,
        retryBaseMs: 1,
        maxRetryDelayMs: 2000,
        timeoutMs: 2000,
        log: (line) => logs.push(line),
        ...options,
    });
    return { client, logs };
}

/** The rejection of `promise`, failing the test if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
    try {
        await promise;
    } catch (error) {
        return error as Error;
    }
    throw new Error("expected the call to fail, but it succeeded");
}
