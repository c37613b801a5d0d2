// An account "made in the dashboard" (through the emulator's API, not through Pulumi) for the
// export's tests: connectors in two company groups and the default group, live and test, an
// OAuth-authorised NetSuite connector, and two services, one of them CONTRACT section 5's example.
import type { ConnectorFields, PatchworksClient, RemoteConnector, RemoteService } from "../../provider/client";
import { contractServiceFields } from "../support/contract-service";

/** Secret credential values of the seeded connectors: none may appear in an exported project. */
export const SEED_SECRETS = ["shpat-seed-uk-live-51c2", "shpat-seed-uk-test-2b7d", "shpat-seed-fr-live-90aa", "veeqo-seed-test-4e03"];

export interface SeededAccount {
    connectors: Record<"shopifyUkLive" | "shopifyUkTest" | "shopifyFrLive" | "netsuiteLive" | "veeqoTest", RemoteConnector>;
    services: Record<"ukOrders" | "frStock", RemoteService>;
}

function shopify(
    companyGroup: string,
    environment: "live" | "test",
    name: string,
    token: string,
    extra: Partial<ConnectorFields> = {},
): ConnectorFields {
    return {
        system: "shopify",
        environment,
        companyGroup,
        name,
        timezone: "Europe/London",
        dateFormat: "yyyy-MM-dd HH:mm:ss",
        authType: "token",
        credentials: { storeUrl: `acme-${companyGroup}-${environment}.myshopify.com`, accessToken: token },
        ...extra,
    };
}

export async function seedAccount(api: PatchworksClient): Promise<SeededAccount> {
    const [ukLive, ukTest, frLive] = SEED_SECRETS;
    const connectors = {
        shopifyUkLive: await api.createConnector(shopify("uk", "live", "Shopify UK", ukLive)),
        shopifyUkTest: await api.createConnector(shopify("uk", "test", "Shopify UK (staging)", ukTest)),
        shopifyFrLive: await api.createConnector(
            shopify("fr", "live", 'Shopify "France"', frLive, { timezone: "Europe/Paris", dateFormat: "dd/MM/yyyy HH:mm" }),
        ),
        // Authorised through the OAuth redirect in the dashboard: no credentials a program could send.
        netsuiteLive: await api.createConnector({
            system: "netsuite",
            environment: "live",
            companyGroup: null,
            name: "NetSuite (authorised by Jane)",
            timezone: "America/New_York",
            dateFormat: "MM/dd/yyyy",
            authType: "suitetalk-oauth",
            credentials: {},
        }),
        veeqoTest: await api.createConnector({
            system: "veeqo",
            environment: "test",
            companyGroup: null,
            name: "Veeqo staging",
            timezone: "UTC",
            dateFormat: "yyyy-MM-dd HH:mm:ss",
            authType: "default",
            credentials: { token: SEED_SECRETS[3] },
        }),
    };
    const ukOrders = await api.createService({
        ...contractServiceFields(connectors.shopifyUkLive.id, connectors.netsuiteLive.id),
        notes: 'Owned by the platform team; see "runbook"',
    });
    const frStock = await api.createService({
        name: "France stock from NetSuite",
        type: "standard",
        active: false,
        source: { connectorId: connectors.netsuiteLive.id, entity: "stock", pageSize: null, maxAttempts: null, timezone: "UTC" },
        destination: { connectorId: connectors.shopifyFrLive.id, entity: "stock", timezone: "Europe/Paris" },
        trigger: { webhook: true },
        filters: [],
        mappings: [{ sourceField: "quantity_available", destinationField: "available", transforms: [] }],
        alerts: null,
        notes: null,
    });
    return { connectors, services: { ukOrders, frStock } };
}
