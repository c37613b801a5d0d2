// Quickstart: the connectors of a small retailer that sells in the UK and France, and one service
// that moves the UK store's paid orders to NetSuite every 15 minutes.
// The company groups "UK Store" and "France Store" already exist in the account (the dashboard's
// company groups; examples/multi-group shows how to declare groups too).
// Credentials come from stack config as secrets:
//   pulumi config set --secret shopifyUkToken <token>
//   pulumi config set --secret shopifyUkTestToken <token>
//   pulumi config set --secret shopifyFrToken <token>
//   pulumi config set --secret netsuiteTokenSecret <secret>  (and the other NetSuite keys below)
//
// Run it on its own: `cd examples/quickstart`, `pulumi stack init dev`, sign in with
// `pulumi config set --secret patchworks:accessToken <token>` (or patchworks:username and
// patchworks:password), set the keys above, then `pulumi up`.
// Or run `npm run demo` from the repository root: it does all that against the local emulator.
import * as pulumi from "@pulumi/pulumi";
import * as patchworks from "pulumi-patchworks";

const config = new pulumi.Config();

const shopifyUkLive = new patchworks.Connector("shopify-uk-live", {
    system: "shopify",
    authType: "oauth2",
    environment: "live",
    companyGroup: "UK Store",
    name: "Shopify UK",
    timezone: "Europe/London",
    credentials: {
        store: "acme-uk.myshopify.com",
        access_token: config.requireSecret("shopifyUkToken"),
    },
});

const shopifyUkTest = new patchworks.Connector("shopify-uk-test", {
    system: "shopify",
    authType: "oauth2",
    environment: "test",
    companyGroup: "UK Store",
    name: "Shopify UK (staging)",
    timezone: "Europe/London",
    credentials: {
        store: "acme-uk-staging.myshopify.com",
        access_token: config.requireSecret("shopifyUkTestToken"),
    },
});

// A second live Shopify store is allowed because it lives in another company group.
const shopifyFrLive = new patchworks.Connector("shopify-fr-live", {
    system: "shopify",
    authType: "oauth2",
    environment: "live",
    companyGroup: "France Store",
    name: "Shopify France",
    timezone: "Europe/Paris",
    dateFormat: "d/m/Y H:i", // a PHP date() format, as Patchworks reads it
    credentials: {
        store: "acme-fr.myshopify.com",
        access_token: config.requireSecret("shopifyFrToken"),
    },
});

// A service's two connectors live in the service's company group.
const netsuiteUkLive = new patchworks.Connector("netsuite-uk-live", {
    system: "netsuite",
    authType: "oauth1",
    environment: "live",
    companyGroup: "UK Store",
    name: "NetSuite UK",
    credentials: {
        account_id: "1234567",
        script_id: "126",
        deploy_id: "1",
        oauth_token_id: config.requireSecret("netsuiteTokenId"),
        oauth_token_secret: config.requireSecret("netsuiteTokenSecret"),
        consumer_key: config.requireSecret("netsuiteConsumerKey"),
        consumer_secret: config.requireSecret("netsuiteConsumerSecret"),
    },
});

// A service: pulls orders from the UK store and pushes them to NetSuite, both live connectors.
// Pulumi creates it after its connectors and deletes it before them.
const ukOrders = new patchworks.Service("uk-orders-to-netsuite", {
    name: "UK orders to NetSuite",
    source: { connector: shopifyUkLive, entity: "Orders", timezone: "Europe/London" },
    destination: { connector: netsuiteUkLive, entity: "Orders" },
    schedule: "*/15 * * * *",
    filters: [{ field: "financial_status", operator: "=", value: "paid" }],
    active: true,
});

export const connectors = {
    shopifyUkLive: shopifyUkLive.connectorId,
    shopifyUkTest: shopifyUkTest.connectorId,
    shopifyFrLive: shopifyFrLive.connectorId,
    netsuiteUkLive: netsuiteUkLive.connectorId,
};
export const services = {
    ukOrdersToNetsuite: { id: ukOrders.serviceId, active: ukOrders.active },
};
