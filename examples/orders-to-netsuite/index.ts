// Orders to NetSuite: the integration most Patchworks retailers start with, as code. Every 15
// minutes the service pulls the paid Shopify orders of the last two days from the UK store and
// pushes each to NetSuite as a sales order, mapping fields on the way. The two connectors are
// declared here too, so `pulumi up` builds the whole integration and `pulumi destroy` removes the
// service before the connectors it uses.
//
// Everything below is checked at `pulumi preview`, before anything changes: that a service
// template joins Shopify Orders to NetSuite Orders in the account, the cron expression, each
// filter's field, operator and value against the account's filter fields, that both connectors
// are of the one company group, page size and attempts within Patchworks' bounds.
//
// Run it:
//   cd examples/orders-to-netsuite
//   pulumi stack init dev
//   pulumi config set --secret patchworks:accessToken <Patchworks access token>
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
    companyGroup: "UK Store",
    name: "Shopify UK",
    timezone: "Europe/London",
    authType: "oauth2",
    credentials: {
        store: "acme-uk.myshopify.com",
        access_token: config.requireSecret("shopifyUkToken"),
    },
});

const netsuite = new patchworks.Connector("netsuite-uk-live", {
    system: "netsuite",
    environment: "live",
    companyGroup: "UK Store",
    name: "NetSuite UK",
    authType: "oauth1", // token-based: NetSuite REST's OAuth 2 needs the dashboard (see examples/adopt-oauth)
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

const orders = new patchworks.Service("uk-orders-to-netsuite", {
    name: "UK orders to NetSuite",
    // A live service: both connectors are live (a test service would use two test connectors).
    // Changing either connector, either entity, the page size, the attempts or the source time
    // zone replaces the service (Patchworks cannot change them); the new one is created first.
    source: {
        connector: shopifyUk,
        entity: "Orders",
        pageSize: 50, // orders per page pulled from Shopify
        maxAttempts: 4, // tries per order before it counts as a failed sync
        timezone: "Europe/London", // how the time filters below read Shopify's dates
    },
    destination: { connector: netsuite, entity: "Orders" },
    schedule: "*/15 * * * *",
    filters: [
        { field: "financial_status", operator: "=", value: "paid" },
        { field: "created_at_min", operator: ">", type: "TIME", value: "-2 days" },
    ],
    // Rows as in the dashboard's mapping tab. Patchworks keeps one mapping document per company
    // group, system, direction and entity, shared by every such service.
    mappings: [
        { source: "email", destination: "customer.email" },
        { source: "created_at", destination: "tran_date", transforms: [{ function: "format_date", args: { format: "Y-m-d" } }] },
        { source: "currency", destination: "currency" },
    ],
    active: true,
});

export const connectorIds = { shopifyUk: shopifyUk.connectorId, netsuite: netsuite.connectorId };
export const serviceId = orders.serviceId;
