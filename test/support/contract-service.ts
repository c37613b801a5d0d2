// CONTRACT section 7's example service, as a program writes it and as Fabric receives it: one
// definition for the unit fixtures, the end-to-end suite and the benchmark's workload.
import { serviceCreateBody, serviceUpdateBody } from "../../provider/client/services";

/** The example's settings besides its name and endpoints; a fresh copy each call, so a test may change it. */
export function contractServiceSettings() {
    return {
        schedule: "*/15 * * * *",
        filters: [
            { field: "financial_status", operator: "=", value: "paid" },
            { field: "created_at_min", operator: ">", type: "TIME", value: "-2 days" },
        ],
        mappings: [
            { source: "email", destination: "customer.email" },
            { source: "created_at", destination: "tran_date", transforms: [{ function: "format_date", args: { format: "Y-m-d" } }] },
        ],
        active: true,
    };
}

/** The example's source settings (Shopify orders, live). */
export const CONTRACT_SOURCE = { entity: "Orders", pageSize: 50, maxAttempts: 4, timezone: "Europe/London" } as const;

/** The POST /integrations/{group}/services body of the example, from the template `templateId`, between two live connectors. */
export function contractServiceCreateBody(templateId: string) {
    return serviceCreateBody({
        name: "UK orders to NetSuite",
        schedule: "*/15 * * * *",
        sourceEnvironment: "live",
        destinationEnvironment: "live",
        templateId,
        pageSize: CONTRACT_SOURCE.pageSize,
        maxAttempts: CONTRACT_SOURCE.maxAttempts,
        sourceTimezone: CONTRACT_SOURCE.timezone,
    });
}

/** The PUT that sets the example's filters right after the create (Fabric ignores filters on create). */
export function contractServiceFiltersBody() {
    return serviceUpdateBody({ filters: contractServiceSettings().filters });
}
