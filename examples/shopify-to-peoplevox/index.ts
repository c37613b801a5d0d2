// Shopify to Peoplevox: a store and its warehouse, the way Patchworks' templates pair them.
// Orders and products go from Shopify to Peoplevox, each service built from one of the account's
// service templates (source system and entity to destination system and entity); `pulumi preview`
// lists where an entity can go when no template matches.
//
// The two services from Shopify share nothing, but two services of one company group with the same
// system, direction and entity share one mapping document in Patchworks: declare the same mappings
// in both, or in neither (the preview says so otherwise).
//
// Run it:
//   cd examples/shopify-to-peoplevox
//   pulumi stack init dev
//   pulumi config set --secret patchworks:accessToken <Patchworks access token>
//   pulumi config set --secret shopifyToken <Admin API access token>
//   pulumi config set --secret peoplevoxPassword <Peoplevox password>
//   pulumi up
import * as pulumi from "@pulumi/pulumi";
import * as patchworks from "pulumi-patchworks";

const config = new pulumi.Config();
const companyGroup = "UK Store";

const shopify = new patchworks.Connector("shopify-live", {
    system: "shopify",
    authType: "oauth2",
    environment: "live",
    companyGroup,
    name: "Shopify",
    timezone: "Europe/London",
    credentials: { store: "acme.myshopify.com", access_token: config.requireSecret("shopifyToken") },
});

const peoplevox = new patchworks.Connector("peoplevox-live", {
    system: "descartes-peoplevox",
    environment: "live",
    companyGroup,
    name: "Peoplevox",
    timezone: "Europe/London",
    credentials: {
        client_id: "acme",
        username: "patchworks",
        password: config.requireSecret("peoplevoxPassword"),
        url: "https://wms.peoplevox.net/acme",
    },
});

const orders = new patchworks.Service("orders-to-peoplevox", {
    name: "Shopify orders to Peoplevox",
    source: { connector: shopify, entity: "Orders", pageSize: 100, maxAttempts: 5 },
    destination: { connector: peoplevox, entity: "Orders" },
    schedule: "*/10 * * * *",
    filters: [
        { field: "financial_status", operator: "=", value: "paid" },
        { field: "created_at_min", operator: ">", type: "TIME", value: "-2 days" },
    ],
    active: true,
});

const products = new patchworks.Service("products-to-peoplevox", {
    name: "Shopify products to Peoplevox",
    source: { connector: shopify, entity: "Products" },
    destination: { connector: peoplevox, entity: "Products" },
    schedule: "0 2 * * *", // nightly
    active: true,
});

export const serviceIds = { orders: orders.serviceId, products: products.serviceId };
