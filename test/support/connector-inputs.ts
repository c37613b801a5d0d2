// Connector inputs as the engine hands them to the provider (before check applies defaults).

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
