// Connector inputs as the engine hands them to the provider (before check applies defaults), and
// the same Shopify connector as check returns it. The one Shopify fixture of the suites: derive
// variants from it rather than writing a second copy.
import { validateConnectorInputs, type ConnectorInputs } from "../../provider/connector/validate";

/** A fake Shopify token, recognisable when a test looks for leaks. */
export const SHOPIFY_TOKEN = "shpat-fake-provider-token-0001";

export function shopifyInputs(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        system: "shopify",
        environment: "live",
        companyGroup: "uk_store",
        name: "Shopify UK",
        timezone: "UTC",
        authType: "oauth2",
        credentials: { store: "my-store.myshopify.com", access_token: SHOPIFY_TOKEN },
        ...overrides,
    };
}

/** The fixture as check returns it (defaults applied); fails the test if it does not validate. */
export function shopifyChecked(overrides: Record<string, unknown> = {}): ConnectorInputs {
    const { inputs, failures } = validateConnectorInputs(shopifyInputs(overrides));
    if (failures.length > 0) throw new Error(`the Shopify fixture does not validate: ${JSON.stringify(failures)}`);
    return inputs;
}
