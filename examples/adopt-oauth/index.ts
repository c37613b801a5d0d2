// Adopt an OAuth-authorised connector. NetSuite SuiteTalk authorises through an interactive OAuth
// redirect to the Oracle NetSuite login, which no pipeline can complete, so Pulumi cannot create
// it. Add it in the Patchworks dashboard instead (NetSuite SuiteTalk, live, default company group)
// and allow access at the NetSuite login; then this program adopts it. `adopt: true` takes over the
// existing live NetSuite connector of the default group and applies the name, timezone and date
// format below; `retainOnDelete` leaves it in Patchworks on `pulumi destroy`, so tearing the stack
// down never undoes the manual authorisation.
//
// Run it (after authorising the connector in the dashboard):
//   cd examples/adopt-oauth
//   pulumi stack init dev
//   pulumi config set --secret patchworks:apiKey <Patchworks API key>
//   pulumi up
import * as patchworks from "pulumi-patchworks";

const netsuite = new patchworks.Connector(
    "netsuite-live",
    {
        system: "netsuite",
        environment: "live",
        authType: "suitetalk-oauth", // no credentials: the OAuth grant lives in Patchworks
        name: "NetSuite",
        timezone: "Europe/London",
        dateFormat: "dd/MM/yyyy HH:mm",
        adopt: true,
    },
    { retainOnDelete: true },
);

export const netsuiteConnectorId = netsuite.connectorId;
/** On "failed_authentication", authorise the connector again in the dashboard. */
export const netsuiteStatus = netsuite.status;
