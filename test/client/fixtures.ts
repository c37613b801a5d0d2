// What the client suites share: recognisable secrets, one connector in both spellings (domain and
// wire), and a client over a scripted transport.
import { PatchworksClient, type ClientDependencies, type ConnectorFields } from "../../provider/client";
import { settingsFor, type Settings } from "../../provider/settings";
import { MASK } from "../../provider/catalog";
import { SHOPIFY_TOKEN, shopifyBody } from "../support/connector-inputs";
import type { ScriptedTransport } from "./virtual-time";

export { SHOPIFY_TOKEN };

export const API_KEY = "pk_live_0123456789abcdef";
export const ACCESS_TOKEN = "eyJhbGciOiJIUzI1NiJ9.session";

/** An API base no test ever reaches: requests go to a scripted transport. */
export const SCRIPTED_API_URL = "https://patchworks.test/api/v1";

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
        ...shopifyBody(MASK),
        status: "operational",
        created_at: "2025-01-01T00:00:00Z",
        updated_at: "2025-01-01T00:00:00Z",
        ...overrides,
    };
}

/**
 * A client whose requests go to `script`, with the production clock (virtual in suites that
 * install it), a fixed jitter of one half, and every log line captured.
 */
export function scriptedClient(
    script: Pick<ScriptedTransport, "transport">,
    settings: Partial<Settings> = {},
    dependencies: ClientDependencies = {},
): { client: PatchworksClient; logs: string[] } {
    const logs: string[] = [];
    const client = new PatchworksClient(settingsFor({ apiUrl: SCRIPTED_API_URL, apiKey: API_KEY, ...settings }), {
        transport: script.transport,
        random: () => 0.5,
        log: (line) => logs.push(line),
        ...dependencies,
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
