// Multi-group: one live Shopify store per country, each in its own Patchworks company group, and
// the groups themselves declared here (creating groups needs a client-admin user).
// Patchworks allows one live and one test connector per system per company group, so three live
// Shopify connectors need three groups. What every store shares is declared once; what differs
// per country is one row of `stores`.
//
// Run it:
//   cd examples/multi-group
//   pulumi stack init dev
//   pulumi config set --secret patchworks:accessToken <Patchworks access token>
//   pulumi config set --secret shopifyUkToken <Admin API access token of the UK store>
//   pulumi config set --secret shopifyFrToken <... of the French store>
//   pulumi config set --secret shopifyDeToken <... of the German store>
//   pulumi up
import * as pulumi from "@pulumi/pulumi";
import * as patchworks from "pulumi-patchworks";

const config = new pulumi.Config();

// A parent group for the European stores: Patchworks' company groups nest.
const europe = new patchworks.CompanyGroup("europe", { name: "Europe" });

/** Settings every store shares. */
const shared = {
    system: "shopify",
    environment: "live",
    authType: "oauth2",
    dateFormat: "Y-m-d H:i:s",
} satisfies Partial<patchworks.ConnectorArgs>;

const stores = [
    { key: "uk", group: "UK Store", timezone: "Europe/London", store: "acme-uk.myshopify.com", tokenKey: "shopifyUkToken" },
    { key: "fr", group: "France Store", timezone: "Europe/Paris", store: "acme-fr.myshopify.com", tokenKey: "shopifyFrToken" },
    { key: "de", group: "Germany Store", timezone: "Europe/Berlin", store: "acme-de.myshopify.com", tokenKey: "shopifyDeToken" },
];

/** Connector id and company group username per store: `pulumi stack output connectors`. */
export const connectors = Object.fromEntries(
    stores.map((store) => {
        const group = new patchworks.CompanyGroup(store.key, { name: store.group, parent: europe });
        const connector = new patchworks.Connector(`shopify-${store.key}-live`, {
            ...shared,
            // The username never changes, so a renamed group keeps its connectors.
            companyGroup: group.username,
            name: `Shopify ${store.group}`,
            timezone: store.timezone,
            credentials: {
                store: store.store,
                access_token: config.requireSecret(store.tokenKey),
            },
        });
        return [store.key, { id: connector.connectorId, companyGroup: group.username }];
    }),
);
