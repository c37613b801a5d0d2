// Credentials from config: every credential value lives in the stack's encrypted config, none in
// code. Each system's credentials are one structured config object whose keys are exactly
// Patchworks' credential keys (docs/systems.md lists them), so a typo fails `pulumi preview`
// naming the key. One stack per environment: `environment` picks live or test connectors.
//
// Run it:
//   cd examples/credentials-from-config
//   pulumi stack init dev
//   pulumi config set --secret patchworks:accessToken <Patchworks access token>
//   pulumi config set companyGroup "UK Store"
//   pulumi config set environment test
//   pulumi config set --secret --path 'magento.url' https://shop.example.com
//   pulumi config set --secret --path 'magento.token' <integration access token>
//   pulumi config set --secret --path 'peoplevox.client_id' <client id>
//   pulumi config set --secret --path 'peoplevox.username' <username>
//   pulumi config set --secret --path 'peoplevox.password' <password>
//   pulumi config set --secret --path 'peoplevox.url' https://wms.peoplevox.net/<client id>
//   pulumi up
import * as pulumi from "@pulumi/pulumi";
import * as patchworks from "pulumi-patchworks";

const config = new pulumi.Config();
const environment = config.get("environment", { allowedValues: ["live", "test"] }) ?? "live";
const companyGroup = config.require("companyGroup");

/** A system's credentials object from config, e.g. `magento` → { url, token }. */
const credentialsFromConfig = (key: string) => config.requireSecretObject<Record<string, string>>(key);

const magento = new patchworks.Connector(`magento-${environment}`, {
    system: "magento-2",
    environment,
    companyGroup,
    name: "Magento",
    credentials: credentialsFromConfig("magento"),
});

const peoplevox = new patchworks.Connector(`peoplevox-${environment}`, {
    system: "descartes-peoplevox",
    environment,
    companyGroup,
    name: "Peoplevox",
    timezone: "Europe/London",
    credentials: credentialsFromConfig("peoplevox"),
});

export const connectorIds = { magento: magento.connectorId, peoplevox: peoplevox.connectorId };
