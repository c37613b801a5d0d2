// CONTRACT section 5's example service, as a program writes it: one definition for the unit
// fixtures, the end-to-end suite and the benchmark's workload, in each form a layer sees it.
import type { ServiceFields } from "../../provider/client/service-wire";

/** The example's settings besides its name, type and endpoints; a fresh copy each call, so a test may change it. */
export function contractServiceSettings() {
    return {
        trigger: { schedule: "*/15 * * * *" },
        filters: [
            { field: "financial_status", operator: "equals", value: "paid" },
            { field: "created_at", operator: "within_last", value: "2 days" },
        ],
        mappings: [
            { source: "email", destination: "customer.email" },
            { source: "created_at", destination: "tran_date", transforms: [{ function: "format_date", args: { format: "Y-m-d" } }] },
            { destination: "subsidiary", transforms: [{ function: "custom_string", args: { customString: "1" } }] },
        ],
        alerts: { notificationGroup: "ops" },
        notes: "Owned by the platform team",
        active: true,
    };
}

/** The example as the API's wire body (snake_case), from one connector to the other. */
export function contractServiceBody(sourceConnectorId: string, destinationConnectorId: string) {
    return {
        name: "UK orders to NetSuite",
        type: "standard",
        active: true,
        source: { connector_id: sourceConnectorId, entity: "orders", page_size: 50, max_attempts: 4, timezone: "Europe/London" },
        destination: { connector_id: destinationConnectorId, entity: "orders", timezone: "UTC" },
        trigger: { type: "schedule", expression: "*/15 * * * *" },
        filters: [
            { field: "financial_status", operator: "equals", value: "paid" },
            { field: "created_at", operator: "within_last", value: "2 days" },
        ],
        mappings: [
            { source_field: "email", destination_field: "customer.email", transforms: [] },
            {
                source_field: "created_at",
                destination_field: "tran_date",
                transforms: [{ function: "format_date", args: { format: "Y-m-d" } }],
            },
            {
                source_field: null,
                destination_field: "subsidiary",
                transforms: [{ function: "custom_string", args: { customString: "1" } }],
            },
        ],
        alerts: { notification_group: "ops" },
        notes: "Owned by the platform team",
    };
}

/** The example as the client's fields (camelCase), from one connector to the other. */
export function contractServiceFields(sourceConnectorId: string, destinationConnectorId: string): ServiceFields {
    return {
        name: "UK orders to NetSuite",
        type: "standard",
        active: true,
        source: { connectorId: sourceConnectorId, entity: "orders", pageSize: 50, maxAttempts: 4, timezone: "Europe/London" },
        destination: { connectorId: destinationConnectorId, entity: "orders", timezone: "UTC" },
        trigger: { schedule: "*/15 * * * *" },
        filters: [
            { field: "financial_status", operator: "equals", value: "paid" },
            { field: "created_at", operator: "within_last", value: "2 days" },
        ],
        mappings: [
            { sourceField: "email", destinationField: "customer.email", transforms: [] },
            {
                sourceField: "created_at",
                destinationField: "tran_date",
                transforms: [{ function: "format_date", args: { format: "Y-m-d" } }],
            },
            { sourceField: null, destinationField: "subsidiary", transforms: [{ function: "custom_string", args: { customString: "1" } }] },
        ],
        alerts: { notificationGroup: "ops" },
        notes: "Owned by the platform team",
    };
}
