// An account "made in the dashboard" (through the emulator's HTTP API, never through the provider)
// for the export's tests: two company groups, Shopify live and test and NetSuite in the first,
// Shopify and NetSuite in the second, and a service in each, the first CONTRACT section 7's
// example with its filters and active, the second inactive.
import { contractServiceCreateBody, contractServiceFiltersBody } from "../support/contract-service";
import type { FabricHttp, Json } from "../support/fabric-http";

/** Secret credential values of the seeded connectors: none may appear in an exported project or a command's output. */
export const SEED_SECRETS = [
    "shpat-seed-uk-live-51c2",
    "shpat-seed-uk-test-2b7d",
    "shpat-seed-fr-live-90aa",
    "ns-seed-token-secret-4e03",
    "ns-seed-token-secret-77f1",
];

export interface SeededAccount {
    /** Connector ids ("<group username>|<n>") by role. */
    connectors: Record<"shopifyUkLive" | "shopifyUkTest" | "netsuiteUkLive" | "shopifyFrLive" | "netsuiteFrLive", string>;
    /** Service ids by role. */
    services: Record<"ukOrders" | "frStock", string>;
}

async function ok(http: FabricHttp, method: string, path: string, json?: unknown): Promise<Json> {
    const answer = await http.request(method, path, { json });
    if (answer.status >= 300) throw new Error(`seed: ${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body.data;
}

export async function seedAccount(http: FabricHttp): Promise<SeededAccount> {
    const systems: Json[] = await ok(http, "GET", "/api/v2/systems");
    const systemId = (factory: string) => systems.find((s) => s.factory_name === factory).id as number;
    const groups = await http.integrations();
    const groupId = (username: string) => groups.find((g) => g.username === username).id as number;
    const templates: Json[] = await ok(
        http,
        "GET",
        "/api/v2/service-templates?include=source.system,source.factory,destination.system,destination.factory",
    );
    const side = (s: Json) => `${s?.system?.factory_name}/${s?.factory?.name}`;
    const templateId = (from: string, to: string) =>
        String(
            templates.find(
                (t) => side(t.source ?? t.source_factory_system) === from && side(t.destination ?? t.destination_factory_system) === to,
            ).id,
        );

    const connector = async (group: string, factory: string, body: Record<string, unknown>) =>
        (await ok(http, "POST", "/api/v2/connectors", { ...body, system_id: systemId(factory), integration_id: groupId(group) }))
            .id as string;
    const shopify = (group: string, environment: string, name: string, token: string, timeZone = "Europe/London") =>
        connector(group, "Shopify", {
            connectorName: name,
            environment,
            timeZone,
            dateFormat: "c",
            authorisation_type: "oauth2",
            credentials: { store: `acme-${group.replace(/_/g, "-")}-${environment}.myshopify.com`, access_token: token, public_app: true },
        });
    const netsuite = (group: string, name: string, secret: string) =>
        connector(group, "Netsuite", {
            connectorName: name,
            environment: "live",
            timeZone: "America/New_York",
            dateFormat: "m/d/Y",
            authorisation_type: "oauth1",
            credentials: { oauth_token_id: `token-${group}`, oauth_token_secret: secret, account_id: "1234567", script_id: "42" },
        });
    const [ukLive, ukTest, frLive, nsUk, nsFr] = SEED_SECRETS;
    const connectors = {
        shopifyUkLive: await shopify("uk_store", "live", "Shopify UK", ukLive),
        shopifyUkTest: await shopify("uk_store", "test", "Shopify UK (staging)", ukTest),
        netsuiteUkLive: await netsuite("uk_store", "NetSuite UK", nsUk),
        shopifyFrLive: await shopify("france_store", "live", 'Shopify "France"', frLive, "Europe/Paris"),
        netsuiteFrLive: await netsuite("france_store", "NetSuite France", nsFr),
    };

    const ukOrders = await ok(
        http,
        "POST",
        `/api/v2/integrations/${groupId("uk_store")}/services`,
        contractServiceCreateBody(templateId("Shopify/Orders", "Netsuite/Orders")),
    );
    await ok(http, "PUT", `/api/v2/services/${ukOrders.id}`, contractServiceFiltersBody());
    await ok(http, "PUT", `/api/v2/services/${ukOrders.id}`, { status: true });
    const frStock = await ok(http, "POST", `/api/v2/integrations/${groupId("france_store")}/services`, {
        description: "France stock from NetSuite",
        schedule: "off",
        from_environment: "live",
        to_environment: "live",
        service_template_id: Number(templateId("Netsuite/StockRefactored", "Shopify/Stocklevels")),
        from_options: { page_size: 100, max_attempts: 3, timezone: "UTC" },
    });
    return { connectors, services: { ukOrders: String(ukOrders.id), frStock: String(frStock.id) } };
}
