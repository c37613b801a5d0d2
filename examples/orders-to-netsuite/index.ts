// Orders to NetSuite: the integration most Patchworks retailers start with, as code. Every 15
// minutes the service pulls the paid Shopify orders of the last two days from the UK store and
// pushes each to NetSuite as a sales order, mapping and transforming fields on the way. The two
// connectors are declared here too, so `pulumi up` builds the whole integration and
// `pulumi destroy` removes the service before the connectors it uses.
//
// Everything below is checked at `pulumi preview`, before anything changes: that the entities
// exist for Shopify and NetSuite, the cron expression, each filter's operator and value, that no
// destination field is mapped twice, and every transform's arguments (a typo names the path, e.g.
// `mappings[1].transforms[0].args.format`).
//
// Run it:
//   cd examples/orders-to-netsuite
//   pulumi stack init dev
//   pulumi config set --secret patchworks:apiKey <Patchworks API key>
//   pulumi config set --secret shopifyUkToken <Admin API access token of the UK store>
//   pulumi config set --secret netsuiteTokenId <token id>
//   pulumi config set --secret netsuiteTokenSecret <token secret>
//   pulumi config set --secret netsuiteConsumerKey <consumer key>
//   pulumi config set --secret netsuiteConsumerSecret <consumer secret>
//   pulumi up
import * as pulumi from "@pulumi/pulumi";
import * as patchworks from "pulumi-patchworks";

const config = new pulumi.Config();

const shopifyUk = new patchworks.Connector("shopify-uk-live", {
    system: "shopify",
    environment: "live",
    companyGroup: "uk",
    name: "Shopify UK",
    timezone: "Europe/London",
    authType: "token",
    credentials: {
        storeUrl: "acme-uk.myshopify.com",
        accessToken: config.requireSecret("shopifyUkToken"),
    },
});

const netsuite = new patchworks.Connector("netsuite-uk-live", {
    system: "netsuite",
    environment: "live",
    companyGroup: "uk",
    name: "NetSuite UK",
    authType: "legacy-oauth1", // token-based: SuiteTalk OAuth would need the dashboard (see examples/adopt-oauth)
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

const orders = new patchworks.Service("uk-orders-to-netsuite", {
    name: "UK orders to NetSuite",
    // A live service: both connectors are live (a test service would use two test connectors).
    // Changing either connector or either entity replaces the service; the new one is created first.
    source: {
        connector: shopifyUk,
        entity: "orders",
        pageSize: 50, // orders per page pulled from Shopify
        maxAttempts: 4, // tries per order before it counts as a failed sync
        timezone: "Europe/London", // how the time filters below read Shopify's dates
    },
    destination: { connector: netsuite, entity: "orders" },
    trigger: { schedule: "*/15 * * * *" }, // 5-field cron, in UTC
    filters: [
        { field: "financial_status", operator: "equals", value: "paid" },
        { field: "created_at", operator: "within_last", value: "2 days" },
        { field: "total_price", operator: "greater_than", value: "0" },
    ],
    mappings: [
        { source: "email", destination: "customer.email" },
        // PHP date format, as in the dashboard's format_date transform.
        { source: "created_at", destination: "tran_date", transforms: [{ function: "format_date", args: { format: "Y-m-d" } }] },
        // "#1001" in Shopify becomes "SHOPIFY-UK-#1001", so NetSuite's external ids never collide across stores.
        { source: "name", destination: "external_id", transforms: [{ function: "prefix", args: { prefix: "SHOPIFY-UK-" } }] },
        { source: "total_price", destination: "total", transforms: [{ function: "round_number", args: { decimalPlaces: 2 } }] },
        { source: "currency", destination: "currency" },
        // No source field: the first transform makes the value.
        { destination: "subsidiary", transforms: [{ function: "custom_string", args: { customString: "1" } }] },
    ],
    alerts: { notificationGroup: "ops" }, // sync-failure emails
    notes: "Owned by the platform team; managed by Pulumi (examples/orders-to-netsuite)",
    active: true, // an active service needs a trigger
});

export const connectorIds = { shopifyUk: shopifyUk.connectorId, netsuite: netsuite.connectorId };
export const serviceId = orders.serviceId;
