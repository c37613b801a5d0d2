// Builds provider/catalog/systems.json, the bundled systems catalog, from the evidence: Fabric's
// credential rules per system (provider/catalog/evidence/fabric-credentials.json, fact sheet §4) and
// the docs' view of the systems (evidence/docs-systems.json: labels, our catalog ids, systems Fabric
// lacks). The choices the evidence leaves open (which catalog id stands for which Fabric system, the
// format checks, notes) are the tables below: correct them here and run `npm run schema`.
import type { Evidence, FormatCheck, FormatRule } from "../../provider/catalog";
import { parseSystemsCatalog } from "./systems-schema";

interface FabricField {
    key: string;
    required: boolean;
    secret: boolean;
    sensitive?: boolean;
    rule?: string;
    requiredWhen?: string;
    label?: string;
}
interface FabricSystem {
    label: string | null;
    driver: string | null;
    seeded: boolean;
    defaults?: { date_format: string | null; time_zone: string | null };
    authTypes?: Record<string, { fields?: FabricField[] }>;
    storedAs?: string;
    verify?: string;
}
interface DocsField {
    key: string;
    label: string;
    secret: boolean;
    required: boolean;
    format: string | null;
}
interface DocsSystem {
    system_id: string;
    label: string;
    auth_types: { id: string; label: string; fields: DocsField[] }[];
    notes: string;
    evidence: "documented" | "inferred";
}

type Check = FormatCheck;
type Flags = Record<string, string | boolean>;

const REGIONS = ["us-central1.gcp", "us-east-2.aws", "europe-west1.gcp", "eu-central-1.aws", "australia-southeast1.gcp"];
const SFTP_FAMILY = ["SFTP", "Csv", "Json", "SyteLine", "Txt", "Xml"];
const fabric = (rule: FormatRule): Check => ({ ...rule, evidence: "fabric" });
const inferred = (rule: FormatRule): Check => ({ ...rule, evidence: "inferred" });
const documented = (rule: FormatRule): Check => ({ ...rule, evidence: "docs" });

/** Format checks and the rule in words, per "<factory name>.<key>". */
const CHECKS: Record<string, { checks: Check[]; rule: string }> = {
    "Shopify.store": {
        checks: [fabric({ kind: "suffix", suffix: ".myshopify.com" }), inferred({ kind: "host" })],
        rule: "the store's host, ending .myshopify.com, e.g. my-store.myshopify.com (no https://, no trailing /)",
    },
    "Peoplevox.url": { checks: [fabric({ kind: "https-url" })], rule: "https:// URL of the account, e.g. https://qac.peoplevox.net" },
    "Magentotwo.url": { checks: [fabric({ kind: "https-url" })], rule: "https:// base URL of the store" },
    "Khaos.url": { checks: [fabric({ kind: "http-url" })], rule: "http:// or https:// URL of the Khaos SOAP endpoint" },
    "Visualsoft.url": { checks: [fabric({ kind: "url" })], rule: "an absolute URL of the store" },
    "Visualsoft.version": {
        checks: [fabric({ kind: "one-of", values: ["3", "4", "5", "6", "7"] })],
        rule: "the API version: 3, 4, 5, 6 or 7",
    },
    "CommerceTools.api_url": {
        checks: [fabric({ kind: "contains-one-of", values: REGIONS.map((r) => `https://api.${r}.commercetools.com`) })],
        rule: `https://api.<region>.commercetools.com, region one of ${REGIONS.join(", ")}`,
    },
    "CommerceTools.auth_url": {
        checks: [fabric({ kind: "contains-one-of", values: REGIONS.map((r) => `https://auth.${r}.commercetools.com`) })],
        rule: `https://auth.<region>.commercetools.com, region one of ${REGIONS.join(", ")}`,
    },
    "Rebound.url": {
        checks: [fabric({ kind: "https-host", hosts: ["intelligentreturns.net", "test.intelligentreturns.net"] })],
        rule: "https:// URL on intelligentreturns.net or test.intelligentreturns.net, e.g. https://intelligentreturns.net/api/ (Patchworks keeps only scheme and host)",
    },
    "Seko.ftp_host": { checks: [inferred({ kind: "host" })], rule: "SFTP host name, without a scheme or port" },
    "Seko.ftp_port": { checks: [fabric({ kind: "integer" }), inferred({ kind: "port" })], rule: "SFTP port, an integer such as 22" },
    "Seko.ftp_passive": {
        checks: [inferred({ kind: "one-of", values: ["true", "false"] })],
        rule: '"true" (passive) or "false" (active), as the dashboard sends it',
    },
    "SekoAPI.url": {
        checks: [inferred({ kind: "https-url" })],
        rule: "https:// URL of Seko's iHub API, e.g. https://ihub.supplystream.com:8081/api/",
    },
    "Emarsys.ftp_host": { checks: [inferred({ kind: "host" })], rule: "FTP host name, without a scheme or port" },
    "Emarsys.ftp_port": { checks: [fabric({ kind: "one-of", values: ["21", "22"] })], rule: "21 or 22" },
    "Emarsys.ftp_passive": { checks: [fabric({ kind: "one-of", values: ["0", "1"] })], rule: "1 (passive) or 0 (active)" },
    "Netsuite.script_id": {
        checks: [fabric({ kind: "integer" })],
        rule: "internal id of the Patchworks RESTlet script, an integer such as 126",
    },
    "Netsuite.deploy_id": {
        checks: [fabric({ kind: "integer" })],
        rule: "deployment number, an integer such as 1 (Patchworks uses 1 when absent)",
    },
    "NetSuiteRest.account_id": { checks: [fabric({ kind: "alpha-num" })], rule: "NetSuite account id, letters and digits only" },
    "Brightpearlv2.base_url": {
        checks: [inferred({ kind: "https-url" })],
        rule: "https://<datacentre>.brightpearlconnect.com/public-api/ (datacentre such as euw1)",
    },
    "Mirakl.store_name": { checks: [documented({ kind: "subdomain" })], rule: "the mirakl.net subdomain only, e.g. patchworks-dev" },
    "Vend.domain_prefix": { checks: [documented({ kind: "subdomain" })], rule: "the subdomain before vendhq.com" },
    "Woocommerce.url": { checks: [inferred({ kind: "https-url" })], rule: "https:// URL of the store, without /wp-json" },
    "Woocommerce.consumer_key": {
        checks: [inferred({ kind: "prefix", prefix: "ck_" })],
        rule: "WooCommerce REST API consumer key, starting ck_",
    },
    "Woocommerce.consumer_secret": {
        checks: [inferred({ kind: "prefix", prefix: "cs_" })],
        rule: "WooCommerce REST API consumer secret, starting cs_",
    },
    "Dynamics Nav.url": {
        checks: [inferred({ kind: "http-url" })],
        rule: "server root with its port, e.g. http://nav.example.com:7048 (Patchworks keeps only scheme and host)",
    },
    "SapB1.api_url": { checks: [inferred({ kind: "https-url" })], rule: "Service Layer URL, e.g. https://sap.example.com:50000/b1s/v1" },
    "ZigZag.url": { checks: [inferred({ kind: "http-url" })], rule: "URL of the ZigZag API" },
    "Farfetch.retail_url": { checks: [fabric({ kind: "https-url" })], rule: "https:// URL" },
    "Farfetch.sales_url": { checks: [fabric({ kind: "https-url" })], rule: "https:// URL of the sales SOAP WSDL" },
    "Prima.prima_soap_url": {
        checks: [fabric({ kind: "host-port-path" })],
        rule: "host:port[/path] without a scheme, lower-case host, e.g. api.example.com:8443/soap",
    },
    "TorqueAPI.url": { checks: [fabric({ kind: "https-url" })], rule: "https:// URL of the Torque API" },
};
for (const factory of SFTP_FAMILY) {
    CHECKS[`${factory}.port`] = { checks: [fabric({ kind: "numeric" }), inferred({ kind: "port" })], rule: "SFTP port, such as 22" };
    CHECKS[`${factory}.host`] = {
        checks: [inferred({ kind: "host" })],
        rule: "host name such as sftp.example.com, without a scheme or port",
    };
}

/** Format checks of systems only the docs know, per "<catalog id>.<docs key>"; all inferred. */
const DOCS_CHECKS: Record<string, FormatRule> = {
    "bleckmann-api.apiUrl": { kind: "https-url" },
    "bleckmann-returns.apiUrl": { kind: "https-url" },
    "bleckmann-sftp.host": { kind: "host" },
    "bleckmann-sftp.port": { kind: "port" },
    "global-e.apiUrl": { kind: "https-url" },
    "global-e.merchantGuid": { kind: "guid" },
    "lightspeed-retail-x-series.domainPrefix": { kind: "subdomain" },
    "odoo.url": { kind: "https-url" },
    "plytix.url": { kind: "https-url" },
    "sitoo.apiUrl": { kind: "https-url" },
    "the-edge-john-lewis.host": { kind: "host" },
    "the-edge-john-lewis.port": { kind: "port" },
    "voyado.apiUrl": { kind: "https-url" },
};

/** Our keys (the docs' camelCase) → Fabric's (fact sheet 4.6), to carry the docs' hints about a value over. */
const RENAMES: Record<string, Record<string, string>> = {
    shopify: { storeUrl: "store", accessToken: "access_token", apiKey: "api_key", sharedSecret: "shared_secret", password: "password" },
    "descartes-peoplevox": { clientId: "client_id", username: "username", password: "password", url: "url" },
    netsuite: {
        tokenId: "oauth_token_id",
        tokenSecret: "oauth_token_secret",
        accountId: "account_id",
        scriptId: "script_id",
        deployId: "deploy_id",
        consumerKey: "consumer_key",
        consumerSecret: "consumer_secret",
    },
    "magento-2": { baseUrl: "url", accessToken: "token" },
    bigcommerce: { storeHash: "store_hash", clientId: "client_id", clientSecret: "client_secret", accessToken: "access_token" },
    woocommerce: { storeUrl: "url", consumerKey: "consumer_key", consumerSecret: "consumer_secret" },
    commercetools: { projectKey: "project_key", clientId: "client_id", secret: "secret", scope: "scope" },
    brightpearl: { accountCode: "account_code", name: "app_reference", identifier: "token" },
    vend: { personalToken: "access_token" },
    mirakl: { apiKey: "api_key" },
    ometria: { apiKey: "api_key" },
    veeqo: { token: "token" },
    visualsoft: { clientId: "client_id", username: "username", password: "password" },
    rebound: { login: "login", apiKey: "api_key" },
    "dynamics-nav": {
        serverInstance: "server_instance",
        companyName: "company",
        domain: "domain",
        username: "username",
        password: "password",
    },
    "emarsys-ftp": { username: "username", secret: "api_secret", ftpUsername: "ftp_username", ftpPassword: "ftp_password" },
    linnworks: { token: "token" },
};

const AUTH_LABELS: Record<string, string> = {
    oauth1: "OAuth 1.0 (token-based)",
    oauth2: "OAuth 2.0",
    ntlm: "NTLM",
    basic_auth: "Basic auth",
    none: "None",
    ftp: "FTP",
    ssh: "SSH key",
};

/** Keys an update carrying credentials must send again (fact sheet 4.3). */
const UPDATE_RESEND: Record<string, string[]> = {
    SapB1: ["api_url", "api_user", "api_password", "sap_db"],
    SekoAPI: ["url"],
    Peoplevox: ["url"],
    Emarsys: ["ftp_host", "ftp_port", "ftp_username", "ftp_password", "ftp_passive"],
};

/** The docs' auth type ids → Patchworks' vocabulary (its seeded names, fact sheet 3.9). */
const DOCS_AUTH_TYPES: Record<string, string> = {
    basic: "basic_auth",
    "api-key": "basic_auth",
    token: "basic_auth",
    default: "basic_auth",
    "merchant-guid": "basic_auth",
    sftp: "basic_auth",
    unknown: "basic_auth",
    "oauth2-client-credentials": "oauth2",
    oauth2: "oauth2",
    jwt: "jwt",
};

const ABBREVIATIONS = new Set(["id", "url", "api", "ftp", "ct"]);
const titleOf = (key: string): string =>
    key
        .split("_")
        .map((w) => (ABBREVIATIONS.has(w) ? w.toUpperCase() : w.charAt(0).toUpperCase() + w.slice(1)))
        .join(" ");
const snakeCase = (key: string): string => key.replace(/(?<!^)(?=[A-Z])/g, "_").toLowerCase();

interface CatalogField {
    key: string;
    label: string;
    secret: boolean;
    required: boolean;
    evidence: Evidence;
    maskedOnRead: boolean;
    rule?: string;
    checks: Check[];
}
interface CatalogAuthType {
    id: string;
    label: string;
    flags: Flags;
    updateResendKeys: string[];
    evidence: Evidence;
    fields: CatalogField[];
    requireOneOf: string[][];
}
interface CatalogSystem {
    id: string;
    label: string;
    factoryName: string;
    fabricName: string;
    fabricDriver: boolean;
    duplicateCheckMissed: boolean;
    oauthOnly: boolean;
    evidence: Evidence;
    defaultTimezone?: string;
    defaultDateFormat?: string;
    authTypes: CatalogAuthType[];
    notes?: string;
}

class CatalogBuilder {
    constructor(
        private readonly fabricRules: Record<string, FabricSystem>,
        private readonly docs: Record<string, DocsSystem>,
    ) {}

    private docsHint(ourId: string, key: string): string | undefined {
        const renames = RENAMES[ourId] ?? {};
        for (const authType of this.docs[ourId]?.auth_types ?? []) {
            const field = authType.fields.find((f) => renames[f.key] === key && f.format);
            if (field?.format) return field.format;
        }
        return undefined;
    }

    private field(factory: string, ourId: string, fact: FabricField, flags: Flags): CatalogField {
        const known = CHECKS[`${factory}.${fact.key}`];
        const plainString = !fact.rule || fact.rule === "string" || fact.rule.startsWith("string;") || fact.rule.startsWith("string (");
        const rule = known?.rule ?? (plainString ? this.docsHint(ourId, fact.key) : fact.rule);
        // A conditional requirement is settled by the flags the provider sets for the auth type.
        const required =
            fact.requiredWhen === "private_app == true"
                ? flags.private_app === true
                : fact.requiredWhen === "public_app == true"
                  ? flags.public_app === true
                  : fact.requiredWhen === "type == ntlm"
                    ? flags.type === "ntlm"
                    : fact.required;
        return {
            key: fact.key,
            label: fact.label ?? titleOf(fact.key),
            secret: fact.secret || fact.sensitive === true,
            required,
            evidence: "fabric",
            maskedOnRead: fact.secret,
            ...(rule ? { rule } : {}),
            checks: known?.checks ?? [],
        };
    }

    private authType(
        factory: string,
        ourId: string,
        id: string,
        fields: FabricField[],
        options: { label?: string; flags?: Flags; evidence?: Evidence } = {},
    ): CatalogAuthType {
        const flags = options.flags ?? {};
        const built = fields.filter((f) => !Object.hasOwn(flags, f.key)).map((f) => this.field(factory, ourId, f, flags));
        const needsPasswordOrKey =
            SFTP_FAMILY.includes(factory) && !built.some((f) => f.required && (f.key === "password" || f.key === "public_key"));
        return {
            id,
            label: options.label ?? AUTH_LABELS[id] ?? id,
            flags,
            updateResendKeys: UPDATE_RESEND[factory] ?? [],
            evidence: options.evidence ?? "fabric",
            fields: built,
            requireOneOf: needsPasswordOrKey ? [["password", "public_key"]] : [],
        };
    }

    private authTypes(factory: string, ourId: string): CatalogAuthType[] {
        const out: CatalogAuthType[] = [];
        for (const [id, rules] of Object.entries(this.fabricRules[factory].authTypes ?? {})) {
            const fields = rules.fields ?? [];
            if (factory === "Shopify" && id === "basic_auth") {
                out.push(
                    this.authType(factory, ourId, id, fields, {
                        label: "Private app (API key, password, shared secret)",
                        flags: { private_app: true },
                    }),
                );
            } else if (factory === "Shopify" && id === "oauth2") {
                out.push(
                    this.authType(factory, ourId, id, fields, {
                        label: "Public or custom app (access token)",
                        flags: { public_app: true },
                    }),
                );
            } else if (factory === "Dynamics Nav") {
                out.push(this.authType(factory, ourId, "ntlm", fields, { label: "NTLM (Windows domain user)", flags: { type: "ntlm" } }));
                out.push(
                    this.authType(factory, ourId, "basic_auth", fields, {
                        label: "Basic auth (not a seeded auth type: inferred)",
                        flags: { type: "basic" },
                        evidence: "inferred",
                    }),
                );
            } else if (id === "*" && factory === "InboundAPI") {
                out.push({
                    ...this.authType(factory, ourId, "none", fields, { label: "None (Patchworks generates the inbound credentials)" }),
                    fields: [
                        {
                            key: "inbound_api_id",
                            label: "Inbound API id",
                            secret: false,
                            required: false,
                            evidence: "fabric",
                            maskedOnRead: false,
                            rule: "any value: Patchworks generates the inbound credentials, but refuses an empty credentials object",
                            checks: [],
                        },
                    ],
                });
            } else if (id === "*") {
                // No seeded auth type: the driver's rules apply to any authorisation_type string.
                out.push(this.authType(factory, ourId, "basic_auth", fields, { evidence: "inferred" }));
            } else {
                out.push(this.authType(factory, ourId, id, fields));
            }
        }
        return out;
    }

    fabricSystem(
        ourId: string,
        factory: string,
        options: { label?: string; evidence?: Evidence; notes?: string; oauthOnly?: boolean } = {},
    ) {
        const facts = this.fabricRules[factory];
        const fabricName = facts.label ?? factory;
        const notes = [
            options.notes,
            "*" in (facts.authTypes ?? {}) && factory !== "InboundAPI"
                ? "Patchworks seeds no auth type for it and applies the same rules whatever authType is sent: basic_auth is the catalog's choice [inferred]."
                : undefined,
            facts.seeded
                ? undefined
                : "Not in Patchworks' 2023 systems seed: the account may not offer it (check with `pulumi-patchworks doctor`).",
            facts.storedAs ? `Patchworks stores it reshaped: ${facts.storedAs}.` : undefined,
            facts.verify ? `Patchworks verifies the credentials on every create and update: ${facts.verify}.` : undefined,
        ].filter((n): n is string => n !== undefined);
        const system: CatalogSystem = {
            id: ourId,
            label: options.label ?? this.docs[ourId]?.label ?? fabricName,
            factoryName: factory,
            fabricName,
            fabricDriver: facts.driver !== null,
            // Fabric's duplicate check compares the display name with the stored factory name (fact sheet 3.1).
            duplicateCheckMissed: fabricName.toLowerCase() !== factory.toLowerCase(),
            oauthOnly: options.oauthOnly ?? false,
            evidence: options.evidence ?? "fabric",
            ...(facts.defaults?.time_zone ? { defaultTimezone: facts.defaults.time_zone } : {}),
            ...(facts.defaults?.date_format ? { defaultDateFormat: facts.defaults.date_format } : {}),
            authTypes: this.authTypes(factory, ourId),
        };
        return notes.length > 0 ? { ...system, notes: notes.join(" ") } : system;
    }

    docsSystem(ourId: string, factory: string, options: { fabricSystem?: string; oauthOnly?: boolean; note?: string } = {}): CatalogSystem {
        const docs = this.docs[ourId];
        const authTypes = docs.auth_types.map(
            (authType): CatalogAuthType => ({
                id: DOCS_AUTH_TYPES[authType.id],
                label: authType.label.includes("inferred")
                    ? `${authType.label.replace(/\s*\((inferred[^)]*)\)/, "")} (inferred)`
                    : authType.label,
                flags: {},
                updateResendKeys: [],
                evidence: "inferred",
                requireOneOf: [],
                fields: authType.fields.map((field) => {
                    const check = DOCS_CHECKS[`${ourId}.${field.key}`];
                    return {
                        key: snakeCase(field.key),
                        label: field.label,
                        secret: field.secret,
                        required: field.required,
                        evidence: "inferred",
                        maskedOnRead: false,
                        ...(field.format ? { rule: field.format } : {}),
                        checks: check ? [inferred(check)] : [],
                    };
                }),
            }),
        );
        const notes = [
            options.fabricSystem
                ? `Patchworks has a system ${options.fabricSystem} but, in the 2023 evidence, no credential driver: the API cannot create its connectors; the keys below are guesses from the docs.`
                : `Not in Patchworks' 2023 evidence: the factory name ${factory} is a guess and the keys below come from the docs, in Patchworks' snake_case; the account's own catalog decides.`,
            options.note,
            `Docs: ${docs.notes}`,
        ].filter((n): n is string => n !== undefined);
        return {
            id: ourId,
            label: docs.label,
            factoryName: factory,
            fabricName: options.fabricSystem ?? docs.label,
            fabricDriver: false,
            // [?] fact sheet §8 q7: whether Fabric's duplicate check works for a system it lacks is unknown; treat it as
            // missed so the provider reads the account again before creating (safe for the user's connectors).
            duplicateCheckMissed: options.fabricSystem === undefined,
            oauthOnly: options.oauthOnly ?? false,
            evidence: docs.evidence === "documented" ? "docs" : "inferred",
            authTypes,
            notes: notes.join(" "),
        };
    }
}

/** Catalog ids of systems only the docs know → a guessed factory name. */
const DOCS_ONLY: Record<string, string> = {
    "active-ants": "ActiveAnts",
    "business-central": "BusinessCentral",
    "citrus-lime": "CitrusLime",
    "global-e": "GlobalE",
    "inventory-planner": "InventoryPlanner",
    "lightspeed-retail-x-series": "LightspeedX",
    odoo: "Odoo",
    plytix: "Plytix",
    sitoo: "Sitoo",
    sparklayer: "SparkLayer",
    "the-edge-john-lewis": "TheEdge",
    "tiktok-shop": "TikTokShop",
    voyado: "Voyado",
};

/** The catalog as the JSON text of provider/catalog/systems.json. `read` reads a file relative to the repository root. */
export function buildSystemsCatalog(read: (file: string) => string): string {
    const fabricRules = JSON.parse(read("provider/catalog/evidence/fabric-credentials.json")) as Record<string, FabricSystem>;
    const docs = Object.fromEntries(
        (JSON.parse(read("provider/catalog/evidence/docs-systems.json")) as DocsSystem[]).map((s) => [s.system_id, s]),
    );
    const b = new CatalogBuilder(fabricRules, docs);
    const adoptAfterOAuth = "Authorise it in the Patchworks dashboard (OAuth 2.0), then adopt it.";
    const systems: CatalogSystem[] = [
        b.fabricSystem("shopify", "Shopify", {
            notes: "A custom app's Admin API token is declared with authType oauth2 (the provider sets public_app); a legacy private app with basic_auth (the provider sets private_app).",
        }),
        b.fabricSystem("descartes-peoplevox", "Peoplevox", {
            notes: "Patchworks reads url back with a trailing '/'; the provider resends url with every credentials update.",
        }),
        b.fabricSystem("netsuite", "Netsuite", {
            notes: "The token-based (oauth1) bundle. NetSuite REST (SuiteTalk, OAuth 2.0) is a separate Patchworks system: catalog id netsuite-rest.",
        }),
        b.fabricSystem("netsuite-rest", "NetSuiteRest", {
            label: "NetSuite REST (SuiteTalk)",
            oauthOnly: true,
            notes: `A separate Patchworks system from netsuite (token-based). ${adoptAfterOAuth}`,
        }),
        b.fabricSystem("magento-2", "Magentotwo"),
        b.fabricSystem("bigcommerce", "Bigcommerce"),
        b.fabricSystem("woocommerce", "Woocommerce"),
        b.fabricSystem("commercetools", "CommerceTools"),
        b.fabricSystem("brightpearl", "Brightpearlv2"),
        b.fabricSystem("linnworks", "Linnworks", {
            notes: "Patchworks supplies its own Linnworks application id and secret; only the installation token is declared.",
        }),
        b.fabricSystem("vend", "Vend"),
        b.fabricSystem("mirakl", "Mirakl"),
        b.fabricSystem("ometria", "Ometria"),
        b.fabricSystem("veeqo", "Veeqo"),
        b.fabricSystem("eposnow", "EposNow", {
            notes: "token is the base64 of '<API key>:<API secret>' of an EposNow API device [inferred].",
        }),
        b.fabricSystem("visualsoft", "Visualsoft"),
        b.fabricSystem("rebound", "Rebound"),
        b.fabricSystem("khaos-control", "Khaos"),
        b.fabricSystem("dynamics-nav", "Dynamics Nav", {
            notes: "The provider sets type (ntlm or basic) from the auth type; Patchworks' form offers only ntlm.",
        }),
        b.fabricSystem("navision", "Dynamics Nav", {
            evidence: "inferred",
            notes: "The same Patchworks system as dynamics-nav (Dynamics Nav): one live and one test connector per company group between the two ids.",
        }),
        b.fabricSystem("seko", "Seko", {
            label: "Seko (SFTP)",
            notes: 'The SFTP connection. Seko\'s iHub API is a separate Patchworks system: catalog id seko-api. ftp_passive: Patchworks\' create takes a string (the dashboard sends "true" or "false") but its update only a boolean, so an update that changes it is refused [inferred].',
        }),
        b.fabricSystem("seko-api", "SekoAPI", {
            label: "Seko API (iHub)",
            notes: "Seko's SFTP connection is a separate Patchworks system: catalog id seko. The provider resends url with every credentials update.",
        }),
        b.fabricSystem("emarsys-ftp", "Emarsys", {
            notes: "Both auth types need all seven keys. Patchworks returns the ftp_* keys nested under ftp_connection and api_secret and the FTP password in clear; the provider resends every ftp_* key with each credentials update.",
        }),
        b.fabricSystem("patchworks-sftp", "SFTP"),
        b.fabricSystem("sap-business-one", "SapB1", {
            label: "SAP Business One",
            notes: "Every credentials update resends all four keys.",
        }),
        b.fabricSystem("cybertill", "Cybertill", { label: "Cybertill" }),
        b.fabricSystem("prima", "Prima", { label: "Prima" }),
        b.fabricSystem("torque", "TorqueAPI", { label: "Torque" }),
        b.fabricSystem("zigzag", "ZigZag", { label: "ZigZag" }),
        b.fabricSystem("lightspeed-retail-r-series", "Lightspeed", {
            label: "Lightspeed Retail R-Series",
            oauthOnly: true,
            notes: adoptAfterOAuth,
        }),
        b.fabricSystem("inbound-api", "InboundAPI", {
            label: "Inbound API",
            notes: "Patchworks generates the inbound credentials (OAuth clients of the connector); nothing is declared.",
        }),
        b.fabricSystem("s3", "S3", { label: "Amazon S3" }),
        b.fabricSystem("csv", "Csv", { label: "CSV over SFTP" }),
        b.fabricSystem("json", "Json", { label: "JSON over SFTP" }),
        b.fabricSystem("txt", "Txt", { label: "Text over SFTP" }),
        b.fabricSystem("xml", "Xml", { label: "XML over SFTP" }),
        b.fabricSystem("syteline", "SyteLine", { label: "SyteLine (SFTP)" }),
        b.fabricSystem("farfetch", "Farfetch", { label: "Farfetch" }),
        ...["bleckmann-api", "bleckmann-returns", "bleckmann-sftp"].map((id) =>
            b.docsSystem(id, "Bleckmann", {
                fabricSystem: "Bleckmann",
                note: "All three ids are one Patchworks system: one live and one test connector per company group between them.",
            }),
        ),
        ...Object.entries(DOCS_ONLY).map(([id, factory]) =>
            b.docsSystem(
                id,
                factory,
                id === "tiktok-shop" ? { oauthOnly: true, note: "Authorise it in the Patchworks dashboard, then adopt it." } : {},
            ),
        ),
    ];
    systems.sort((x, y) => (x.id < y.id ? -1 : 1));
    // The provider loads this file without checking it: a malformed entry fails here instead.
    parseSystemsCatalog(systems);
    return `${JSON.stringify(systems, null, 2)}\n`;
}
