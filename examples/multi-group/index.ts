// Multi-group: one live Shopify store per country, each in its own Patchworks company group.
// Patchworks allows one live and one test connector per system per company group, so three live
// Shopify connectors need three groups: here uk, fr and de. What every store shares is declared
// once; what differs per country is one row of `stores`.
//
// Run it:
//   cd examples/multi-group
//   pulumi stack init dev
//   pulumi config set --secret patchworks:apiKey <Patchworks API key>
//   pulumi config set --secret shopifyUkToken <Admin API access token of the UK store>
//   pulumi config set --secret shopifyFrToken <... of the French store>
//   pulumi config set --secret shopifyDeToken <... of the German store>
//   pulumi up
import * as pulumi from "@pulumi/pulumi";
import * as patchworks from "pulumi-patchworks";

const config = new pulumi.Config();

/** Settings every store shares. */
const shared = {
    system: "shopify",
    environment: "live",
    authType: "token",
    dateFormat: "yyyy-MM-dd HH:mm:ss",
} satisfies Partial<patchworks.ConnectorArgs>;

const stores = [
    { group: "uk", name: "Shopify UK", timezone: "Europe/London", storeUrl: "acme-uk.myshopify.com", tokenKey: "shopifyUkToken" },
    { group: "fr", name: "Shopify France", timezone: "Europe/Paris", storeUrl: "acme-fr.myshopify.com", tokenKey: "shopifyFrToken" },
    { group: "de", name: "Shopify Deutschland", timezone: "Europe/Berlin", storeUrl: "acme-de.myshopify.com", tokenKey: "shopifyDeToken" },
];

/** Connector id and status per company group: `pulumi stack output connectors`. */
export const connectors = Object.fromEntries(
    stores.map((store) => {
        const connector = new patchworks.Connector(`shopify-${store.group}-live`, {
            ...shared,
            companyGroup: store.group,
            name: store.name,
            timezone: store.timezone,
            credentials: {
                storeUrl: store.storeUrl,
                accessToken: config.requireSecret(store.tokenKey),
            },
        });
        return [store.group, { id: connector.connectorId, status: connector.status }];
    }),
);
