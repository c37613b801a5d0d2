// Connector inputs as the engine hands them to the provider (before check applies defaults), and
// the same Shopify connector as check returns it and as the API reports it. The one Shopify
// fixture of the suites: derive variants from it rather than writing a second copy.
import type { RemoteConnector } from "../../provider/client";
import { MASK } from "../../provider/catalog";
import { validateConnectorInputs, type ConnectorInputs } from "../../provider/connector/validate";

/** A fake Shopify token, recognisable when a test looks for leaks. */
export const SHOPIFY_TOKEN = "shpat-fake-provider-token-0001";

export function shopifyInputs(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        system: "shopify",
        environment: "live",
        companyGroup: "uk",
        name: "Shopify UK",
        authType: "token",
        credentials: { storeUrl: "my-store.myshopify.com", accessToken: SHOPIFY_TOKEN },
        ...overrides,
    };
}

/** The fixture as the API's wire body (snake_case), with the access token given (MASK as the API reports it). */
export function shopifyBody(accessToken: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        name: "Shopify UK",
        system: "shopify",
        environment: "live",
        company_group: "uk",
        timezone: "Europe/London",
        date_format: "yyyy-MM-dd HH:mm:ss",
        auth_type: "token",
        credentials: { storeUrl: "my-store.myshopify.com", accessToken },
        ...overrides,
    };
}

/** The fixture as check returns it (defaults applied); fails the test if it does not validate. */
export function shopifyChecked(overrides: Record<string, unknown> = {}): ConnectorInputs {
    const { inputs, failures } = validateConnectorInputs(shopifyInputs(overrides));
    if (failures.length > 0) throw new Error(`the Shopify fixture does not validate: ${JSON.stringify(failures)}`);
    return inputs;
}

/** The fixture as the API reports it once it exists: secret credentials masked. */
export function shopifyRemote(overrides: Partial<RemoteConnector> = {}): RemoteConnector {
    const inputs = shopifyChecked();
    return {
        id: "sc_existing",
        system: inputs.system,
        environment: inputs.environment,
        companyGroup: inputs.companyGroup ?? null,
        name: inputs.name as string,
        timezone: inputs.timezone as string,
        dateFormat: inputs.dateFormat as string,
        authType: inputs.authType,
        credentials: { storeUrl: "my-store.myshopify.com", accessToken: MASK },
        status: "operational",
        createdAt: "2025-01-01T00:00:00Z",
        updatedAt: "2025-01-01T00:00:00Z",
        ...overrides,
    };
}
