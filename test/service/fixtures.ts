// Service inputs as the SDK hands them to the provider: CONTRACT section 5's example, with each
// `connector` resolved into its key fields (Shopify UK live -> NetSuite UK live).
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import type { RemoteService, ServiceFields } from "../../provider/client/service-wire";
import { contractServiceFields, contractServiceSettings } from "../support/contract-service";

/** The engine's placeholder for a value that is not known yet (preview). */
export const UNKNOWN: string = unknownValue;

// biome-ignore lint/suspicious/noExplicitAny: loose on purpose, the tests put wrong types and the engine's sentinel anywhere
export type News = Record<string, any>;

export const SHOPIFY_UK_LIVE = { connectorId: "101", system: "shopify", environment: "live", companyGroup: "uk" };
export const NETSUITE_UK_LIVE = { connectorId: "202", system: "netsuite", environment: "live", companyGroup: "uk" };

export function contractExample(): News {
    return {
        name: "UK orders to NetSuite",
        type: "standard",
        source: { ...SHOPIFY_UK_LIVE, entity: "orders", pageSize: 50, maxAttempts: 4, timezone: "Europe/London" },
        destination: { ...NETSUITE_UK_LIVE, entity: "orders" },
        ...contractServiceSettings(),
        adopt: false,
    };
}

/** The example as the client's fields: what a create sends, in the client's domain. */
export const EXAMPLE_FIELDS: ServiceFields = contractServiceFields("101", "202");

/** The example, changed in place by `change`. */
export function exampleWith(change: (news: News) => void): News {
    const news = contractExample();
    change(news);
    return news;
}

/** What the API reports after storing `fields`. */
export function remoteFrom(fields: ServiceFields, overrides: Partial<RemoteService> = {}): RemoteService {
    return {
        ...structuredClone(fields),
        id: "9001",
        webhookUrl: fields.trigger !== null && "webhook" in fields.trigger ? "https://webhooks.example/services/9001" : null,
        createdAt: "2025-03-01T10:00:00Z",
        updatedAt: "2025-03-01T10:00:00Z",
        ...overrides,
    };
}
