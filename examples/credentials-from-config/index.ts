// Credentials from config: every credential value lives in the stack's encrypted config, none in
// code. Each system's credentials are one structured config object whose keys are exactly the
// credential keys of docs/systems.md, so a typo fails `pulumi preview` naming the key.
// One stack per environment: `environment` picks live or test connectors (default live).
//
// Run it:
//   cd examples/credentials-from-config
//   pulumi stack init dev
//   pulumi config set --secret patchworks:apiKey <Patchworks API key>
//   pulumi config set environment test
//   pulumi config set --secret --path 'magento.baseUrl' https://shop.example.com
//   pulumi config set --secret --path 'magento.accessToken' <integration access token>
//   pulumi config set --secret --path 'peoplevox.clientId' <client id>
//   pulumi config set --secret --path 'peoplevox.username' <username>
//   pulumi config set --secret --path 'peoplevox.password' <password>
//   pulumi config set --secret --path 'peoplevox.url' https://wms.peoplevox.net/<client id>
//   pulumi up
import * as pulumi from "@pulumi/pulumi";
import * as patchworks from "pulumi-patchworks";

const config = new pulumi.Config();
const environment = config.get("environment", { allowedValues: ["live", "test"] }) ?? "live";

/** A system's credentials object from config, e.g. `magento` → { baseUrl, accessToken }. */
const credentialsFromConfig = (key: string) => config.requireSecretObject<Record<string, string>>(key);

const magento = new patchworks.Connector(`magento-${environment}`, {
    system: "magento-2",
    environment,
    name: "Magento",
    credentials: credentialsFromConfig("magento"),
});

const peoplevox = new patchworks.Connector(`peoplevox-${environment}`, {
    system: "descartes-peoplevox",
    environment,
    name: "Peoplevox",
    timezone: "Europe/London",
    credentials: credentialsFromConfig("peoplevox"),
});

export const connectorIds = { magento: magento.connectorId, peoplevox: peoplevox.connectorId };
