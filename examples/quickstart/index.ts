// Quickstart: the connectors of a small retailer that sells in the UK and France, and one service
// that moves the UK store's paid orders to NetSuite every 15 minutes.
// Credentials come from stack config as secrets:
//   pulumi config set --secret shopifyUkToken <token>
//   pulumi config set --secret shopifyUkTestToken <token>
//   pulumi config set --secret shopifyFrToken <token>
//   pulumi config set --secret netsuiteTokenSecret <secret>  (and the other NetSuite keys below)
//
// Run it on its own: `cd examples/quickstart`, `pulumi stack init dev`, set
// `pulumi config set --secret patchworks:apiKey <key>` and the keys above, then `pulumi up`.
// Or run `npm run demo` from the repository root: it does all that against the local emulator.
import * as pulumi from "@pulumi/pulumi";
import * as patchworks from "pulumi-patchworks";

const config = new pulumi.Config();

const shopifyUkLive = new patchworks.Connector("shopify-uk-live", {
    system: "shopify",
    authType: "token",
    environment: "live",
    companyGroup: "uk",
    name: "Shopify UK",
    timezone: "Europe/London",
    credentials: {
        storeUrl: "acme-uk.myshopify.com",
        accessToken: config.requireSecret("shopifyUkToken"),
    },
});

const shopifyUkTest = new patchworks.Connector("shopify-uk-test", {
    system: "shopify",
    authType: "token",
    environment: "test",
    companyGroup: "uk",
    name: "Shopify UK (staging)",
    timezone: "Europe/London",
    credentials: {
        storeUrl: "acme-uk-staging.myshopify.com",
        accessToken: config.requireSecret("shopifyUkTestToken"),
    },
});

// A second live Shopify store is allowed because it lives in another company group.
const shopifyFrLive = new patchworks.Connector("shopify-fr-live", {
    system: "shopify",
    authType: "token",
    environment: "live",
    companyGroup: "fr",
    name: "Shopify France",
    timezone: "Europe/Paris",
    dateFormat: "dd/MM/yyyy HH:mm",
    credentials: {
        storeUrl: "acme-fr.myshopify.com",
        accessToken: config.requireSecret("shopifyFrToken"),
    },
});

const netsuiteLive = new patchworks.Connector("netsuite-live", {
    system: "netsuite",
    environment: "live",
    name: "NetSuite",
    authType: "legacy-oauth1",
    credentials: {
        accountId: "1234567",
        scriptId: "126",
        deployId: "1",
        tokenId: config.requireSecret("netsuiteTokenId"),
        tokenSecret: config.requireSecret("netsuiteTokenSecret"),
        consumerKey: config.requireSecret("netsuiteConsumerKey"),
        consumerSecret: config.requireSecret("netsuiteConsumerSecret"),
    },
});

// A service: pulls orders from the UK store and pushes them to NetSuite, both live connectors.
// Pulumi creates it after its connectors and deletes it before them.
const ukOrders = new patchworks.Service("uk-orders-to-netsuite", {
    name: "UK orders to NetSuite",
    source: { connector: shopifyUkLive, entity: "orders", timezone: "Europe/London" },
    destination: { connector: netsuiteLive, entity: "orders" },
    trigger: { schedule: "*/15 * * * *" }, // 5-field cron, UTC
    filters: [{ field: "financial_status", operator: "equals", value: "paid" }],
    mappings: [
        { source: "email", destination: "customer.email" },
        { source: "created_at", destination: "tran_date", transforms: [{ function: "format_date", args: { format: "Y-m-d" } }] },
    ],
    active: true,
});

export const connectors = {
    shopifyUkLive: { id: shopifyUkLive.connectorId, status: shopifyUkLive.status },
    shopifyUkTest: { id: shopifyUkTest.connectorId, status: shopifyUkTest.status },
    shopifyFrLive: { id: shopifyFrLive.connectorId, status: shopifyFrLive.status },
    netsuiteLive: { id: netsuiteLive.connectorId, status: netsuiteLive.status },
};
export const services = {
    ukOrdersToNetsuite: { id: ukOrders.serviceId, active: ukOrders.active },
};
