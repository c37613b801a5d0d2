// Quickstart: the connectors of a small retailer that sells in the UK and France.
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

export const connectors = {
    shopifyUkLive: { id: shopifyUkLive.connectorId, status: shopifyUkLive.status },
    shopifyUkTest: { id: shopifyUkTest.connectorId, status: shopifyUkTest.status },
    shopifyFrLive: { id: shopifyFrLive.connectorId, status: shopifyFrLive.status },
    netsuiteLive: { id: netsuiteLive.connectorId, status: netsuiteLive.status },
};
