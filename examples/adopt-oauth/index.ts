// Adopt an OAuth-authorised connector. NetSuite REST (SuiteTalk) authorises only through an
// interactive OAuth 2.0 redirect to the Oracle NetSuite login, which no pipeline can complete, so
// Pulumi cannot create it. Add it in the Patchworks dashboard instead (NetSuite REST, live, company
// group "UK Store") and allow access at the NetSuite login; then this program adopts it.
// `adopt: true` takes over the existing live NetSuite REST connector of that group and applies the
// name, timezone and date format below; its credentials (the OAuth grant) stay as Patchworks holds
// them. `retainOnDelete` leaves it in Patchworks on `pulumi destroy`, so tearing the stack down
// never undoes the manual authorisation.
//
// Run it (after authorising the connector in the dashboard):
//   cd examples/adopt-oauth
//   pulumi stack init dev
//   pulumi config set --secret patchworks:accessToken <Patchworks access token>
//   pulumi up
import * as patchworks from "pulumi-patchworks";

const netsuite = new patchworks.Connector(
    "netsuite-rest-live",
    {
        system: "netsuite-rest",
        environment: "live",
        companyGroup: "UK Store",
        authType: "oauth2", // no credentials: the OAuth grant lives in Patchworks
        name: "NetSuite REST",
        timezone: "Europe/London",
        dateFormat: "d/m/Y H:i", // a PHP date() format, as Patchworks reads it
        adopt: true,
    },
    { retainOnDelete: true },
);

export const netsuiteConnectorId = netsuite.connectorId;
