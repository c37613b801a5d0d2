// CONTRACT 7's example service as the provider sees it after check, the account's templates for it,
// and a fake of Fabric's service routes behind the client's `request` (the wire module's only need).
import { ApiError } from "../../provider/client/errors";
import type { RequestSpec } from "../../provider/client/client";
import type { ServiceTemplate } from "../../provider/client/services";
import type { ServiceInputs } from "../../provider/service/types";
import { contractServiceSettings } from "../support/contract-service";

/** The example with its connectors' outputs (group uk_store, id 7; Shopify is system 12, NetSuite 30). */
export function exampleInputs(change: (inputs: ServiceInputs) => void = () => {}): ServiceInputs {
    const inputs: ServiceInputs = {
        name: "UK orders to NetSuite",
        source: {
            connectorId: "uk_store|1",
            system: "shopify",
            environment: "live",
            companyGroup: "UK Store",
            companyGroupId: "7",
            systemId: "12",
            entity: "Orders",
            pageSize: 50,
            maxAttempts: 4,
            timezone: "Europe/London",
        },
        destination: {
            connectorId: "uk_store|2",
            system: "netsuite",
            environment: "live",
            companyGroup: "UK Store",
            companyGroupId: "7",
            systemId: "30",
            entity: "Orders",
        },
        ...contractServiceSettings(),
        adopt: false,
    };
    change(inputs);
    return inputs;
}

export function template(id: string, change: Partial<ServiceTemplate> = {}): ServiceTemplate {
    return {
        id,
        name: "Orders",
        groupId: null,
        enabled: true,
        source: { id: `fs-${id}-src`, systemId: "12", systemFactoryName: "Shopify", factory: "Orders", entity: "Orders" },
        destination: { id: `fs-${id}-dst`, systemId: "30", systemFactoryName: "Netsuite", factory: "Orders", entity: "Orders" },
        defaults: {},
        ...change,
    };
}

/** Template "4" of the account on the wire, as GET /service-templates?include=... answers. */
export function templateWire(id: number, sourceFactory = "Orders", destinationFactory = "Orders") {
    return {
        id,
        name: "Orders",
        integration_id: null,
        enabled: true,
        source_factory_system: {
            id: id * 10,
            system_id: 12,
            system: { id: 12, name: "Shopify", factory_name: "Shopify" },
            factory: { id: 1, name: sourceFactory },
            entity: { id: 14, name: "Orders" },
        },
        destination_factory_system: {
            id: id * 10 + 1,
            system_id: 30,
            system: { id: 30, name: "NetSuite", factory_name: "Netsuite" },
            factory: { id: 1, name: destinationFactory },
            entity: { id: 14, name: "Orders" },
        },
        service_template_options: [
            { target: "source", value: "25", service_option: { id: 1, key: "page_size" } },
            { target: "source", value: 2, service_option: { id: 2, key: "max_attempts" } },
        ],
    };
}

/** Service 41 of group uk_store on the wire, as GET /services/41 answers inside `data`. */
export function serviceWire(change: Record<string, unknown> = {}) {
    return {
        id: 41,
        status: 0,
        description: "UK orders to NetSuite",
        schedule: "*/15 * * * *",
        username: "uk_store",
        integration_id: 7,
        from_environment: "live",
        to_environment: "live",
        from_factory: "Shopify\\Pull\\Orders",
        to_factory: "Netsuite\\Push\\Orders",
        from_options: { page_size: 50, max_attempts: 4, timezone: "Europe/London", filters: { "financial_status =": "paid" } },
        to_options: { origin: "web" },
        from_mapping: "shopify_pull_orders",
        to_mapping: "netsuite_push_orders",
        filters: null,
        service_template: { id: 4 },
        ...change,
    };
}

export interface Sent {
    method: string;
    path: string;
    query?: Record<string, string>;
    body?: unknown;
}

type Handler = (sent: Sent) => { status?: number; body?: unknown };

/**
 * A client whose `request` answers from `routes` ("METHOD /path" -> handler) and records what was
 * sent; an unrouted request fails the test. A handler throws an ApiError to answer with one.
 */
export function fakeClient(routes: Record<string, Handler>) {
    const sent: Sent[] = [];
    const client = {
        sent,
        async request<T>(spec: RequestSpec<T>): Promise<T> {
            const { method, path, query, body } = spec.request;
            const record: Sent = { method, path, query, body };
            sent.push(record);
            const handler = routes[`${method} ${path}`];
            if (!handler) throw new Error(`unexpected request ${method} ${path}`);
            let answer: ReturnType<Handler>;
            try {
                answer = handler(record);
            } catch (error) {
                // What the client's retry layer does with an answer that may have taken effect: ask reconcile.
                const found = error instanceof ApiError && error.uncertain && spec.reconcile ? await spec.reconcile() : undefined;
                if (found !== undefined) return found;
                throw error;
            }
            return spec.decode(answer.body, answer.status ?? 200);
        },
    };
    return client;
}

export function apiError(status: number, message = "failed", uncertain = false): ApiError {
    return new ApiError(`Patchworks API failed (${status}): ${message}`, { method: "X", path: "/", attempts: 1 }, { status, uncertain });
}
