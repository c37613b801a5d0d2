// Inbound API: orders that another system posts to Patchworks, pushed to the Peoplevox warehouse
// as soon as they arrive. The Inbound API connector (`system: "inbound-api"`) is a source only,
// receives orders, products and custom entities, and has nothing to filter on (pre-filter before
// posting: `pulumi preview` refuses filters on it). A webhook trigger starts the service; its
// URL is the stack output `webhookUrl`, for the system that posts the orders.
//
// The connector needs no credentials from you: Patchworks generates them (auth type
// `oauth2-client-credentials`). After `pulumi up`, create an OAuth2 client on the connector's
// authentication tab in the dashboard and give its id and secret to the posting system.
//
// Run it:
//   cd examples/inbound-api
//   pulumi stack init dev
//   pulumi config set --secret patchworks:apiKey <Patchworks API key>
//   pulumi config set --secret peoplevoxPassword <Peoplevox password>
//   pulumi up
//   pulumi stack output webhookUrl
import * as pulumi from "@pulumi/pulumi";
import * as patchworks from "pulumi-patchworks";

const config = new pulumi.Config();

const inbound = new patchworks.Connector("inbound-api-live", {
    system: "inbound-api",
    environment: "live",
    name: "Orders from the marketplace feed",
    // The only auth type, so it could be left out; no credentials: Patchworks generates them.
    authType: "oauth2-client-credentials",
});

const peoplevox = new patchworks.Connector("peoplevox-live", {
    system: "descartes-peoplevox",
    environment: "live",
    name: "Peoplevox",
    timezone: "Europe/London",
    credentials: {
        clientId: "acme",
        username: "patchworks",
        password: config.requireSecret("peoplevoxPassword"),
        url: "https://wms.peoplevox.net/acme",
    },
});

const inboundOrders = new patchworks.Service("inbound-orders-to-peoplevox", {
    name: "Inbound orders to Peoplevox",
    source: { connector: inbound, entity: "orders" },
    destination: { connector: peoplevox, entity: "orders" },
    trigger: { webhook: true }, // runs when a webhook is posted to webhookUrl
    // No filters: the Inbound API has none.
    mappings: [
        { source: "order_number", destination: "SalesOrderNumber" },
        { source: "customer.email", destination: "Email" },
        { source: "placed_at", destination: "RequestedDeliveryDate", transforms: [{ function: "format_date", args: { format: "d/m/Y" } }] },
        {
            source: "shipping_method",
            destination: "ShippingServiceProvider",
            transforms: [{ function: "fallback", args: { fallback: "Royal Mail" } }],
        },
    ],
    alerts: { notificationGroup: "warehouse" },
    active: true,
});

/** Where the posting system sends its webhook to start a sync. */
export const webhookUrl = inboundOrders.webhookUrl;
export const serviceId = inboundOrders.serviceId;
