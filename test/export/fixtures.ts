// An account as the API reports it, for the export's planner and program: connectors in the
// default group and two others (one spelled in capitals), an OAuth-authorised one, and services
// with every kind of field, including text that needs escaping in TypeScript.
import type { CompanyGroup, RemoteConnector, RemoteService } from "../../provider/client";
import type { Account } from "../../scripts/export/plan";
import { contractServiceFields } from "../support/contract-service";

const STAMP = { status: "operational", createdAt: "2025-03-01T10:00:00Z", updatedAt: "2025-03-01T10:00:00Z" } as const;
const LONDON = { timezone: "Europe/London", dateFormat: "yyyy-MM-dd HH:mm:ss" };

export function connector(id: string, fields: Partial<RemoteConnector> & Pick<RemoteConnector, "system" | "environment">): RemoteConnector {
    return { id, companyGroup: null, name: `${fields.system} ${id}`, ...LONDON, authType: "default", credentials: {}, ...STAMP, ...fields };
}

export const SHOPIFY_UK_LIVE = connector("11", {
    system: "shopify",
    environment: "live",
    companyGroup: "UK",
    name: "Shopify UK",
    authType: "token",
    credentials: { storeUrl: "acme-uk.myshopify.com", accessToken: "********" },
});
const SHOPIFY_UK_TEST = connector("12", {
    system: "shopify",
    environment: "test",
    companyGroup: "UK",
    name: "Shopify UK (staging)",
    authType: "token",
    credentials: { storeUrl: "acme-uk-staging.myshopify.com", accessToken: "********" },
});
export const SHOPIFY_FR_LIVE = connector("13", {
    system: "shopify",
    environment: "live",
    companyGroup: "fr",
    name: 'Shopify "France" \\ Café',
    timezone: "Europe/Paris",
    dateFormat: "dd/MM/yyyy HH:mm",
    authType: "token",
    credentials: { storeUrl: "acme-fr.myshopify.com", accessToken: "********" },
});
export const NETSUITE_LIVE = connector("14", {
    system: "netsuite",
    environment: "live",
    name: "NetSuite",
    timezone: "UTC",
    authType: "suitetalk-oauth",
});
// biome-ignore lint/suspicious/noTemplateCurlyInString: text a connector may hold, which the program must keep literally
export const VEEQO_LIVE = connector("15", { system: "veeqo", environment: "live", name: "Veeqo\nwarehouse ${stock} */" });

const COMPANY_GROUPS: CompanyGroup[] = [
    { id: "1", name: "uk" },
    { id: "2", name: "fr" },
];

function service(id: string, fields: Partial<RemoteService> & Pick<RemoteService, "name" | "source" | "destination">): RemoteService {
    return {
        id,
        type: "standard",
        active: false,
        trigger: null,
        filters: [],
        mappings: [],
        alerts: null,
        notes: null,
        webhookUrl: null,
        createdAt: STAMP.createdAt,
        updatedAt: STAMP.updatedAt,
        ...fields,
    };
}

const CONTRACT_EXAMPLE = contractServiceFields(SHOPIFY_UK_LIVE.id, NETSUITE_LIVE.id);

/** CONTRACT section 5's example, as the API stores it, with two more mappings and notes to escape. */
export const UK_ORDERS = service("101", {
    ...CONTRACT_EXAMPLE,
    mappings: [
        ...CONTRACT_EXAMPLE.mappings,
        {
            sourceField: "sku",
            destinationField: "item.sku",
            transforms: [{ function: "pad", args: { direction: "left", length: 8, padCharacter: "0" } }],
        },
        { sourceField: null, destinationField: "is_web", transforms: [{ function: "custom_boolean", args: { value: true } }] },
    ],
    alerts: { notificationGroup: "ops" },
    // biome-ignore lint/suspicious/noTemplateCurlyInString: text a service may hold, which the program must keep literally
    notes: 'Owned by the platform team.\nSee "runbook" \\ `${team}`',
});

/** A webhook-triggered service with the API's defaults (no page size, no attempts, no alerts). */
export const UK_STOCK = service("102", {
    name: "UK stock from Veeqo",
    type: "sweeper",
    source: { connectorId: VEEQO_LIVE.id, entity: "stock", pageSize: null, maxAttempts: null, timezone: "UTC" },
    destination: { connectorId: SHOPIFY_UK_LIVE.id, entity: "stock", timezone: "Europe/London" },
    trigger: { webhook: true },
    webhookUrl: "https://webhooks.example/services/102",
});

/** Same name as UK_ORDERS, from France: the resource names must tell them apart. */
export const FR_ORDERS = service("103", {
    name: "UK orders to NetSuite",
    source: { connectorId: SHOPIFY_FR_LIVE.id, entity: "orders", pageSize: null, maxAttempts: null, timezone: "Europe/Paris" },
    destination: { connectorId: NETSUITE_LIVE.id, entity: "orders", timezone: "UTC" },
});

export function account(overrides: Partial<Account> = {}): Account {
    return {
        connectors: [VEEQO_LIVE, SHOPIFY_FR_LIVE, NETSUITE_LIVE, SHOPIFY_UK_TEST, SHOPIFY_UK_LIVE],
        services: [FR_ORDERS, UK_STOCK, UK_ORDERS],
        companyGroups: COMPANY_GROUPS,
        ...overrides,
    };
}
