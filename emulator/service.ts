// What a service is in the emulated account (contract section 7): the record as stored, and how it
// looks on the way out. The schema is the one definition of the stored shape: the state file is
// checked against it on load, and the types below are derived from it.
import { randomBytes } from "node:crypto";
import { z } from "zod";

export const SERVICE_TYPES = ["standard", "sweeper"] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

const argValue = z.union([z.string(), z.number(), z.boolean()]);

/** As stored: a webhook trigger holds no URL, the service's own `webhook_url` is shown in its place. */
const storedTrigger = z.discriminatedUnion("type", [
    z.object({ type: z.literal("schedule"), expression: z.string() }),
    z.object({ type: z.literal("webhook") }),
]);

export const storedServiceSchema = z.object({
    id: z.string(),
    name: z.string(),
    type: z.enum(SERVICE_TYPES),
    active: z.boolean(),
    source: z.object({
        connector_id: z.string(),
        entity: z.string(),
        page_size: z.number().int().nullable(),
        max_attempts: z.number().int().nullable(),
        timezone: z.string(),
    }),
    destination: z.object({ connector_id: z.string(), entity: z.string(), timezone: z.string() }),
    trigger: storedTrigger.nullable(),
    filters: z.array(z.object({ field: z.string(), operator: z.string(), value: z.string() })),
    mappings: z.array(
        z.object({
            source_field: z.string().nullable(),
            destination_field: z.string(),
            transforms: z.array(z.object({ function: z.string(), args: z.record(z.string(), argValue) })),
        }),
    ),
    alerts: z.object({ notification_group: z.string() }).nullable(),
    notes: z.string().nullable(),
    /** Given at creation, so it stays the same for the service's life whatever its trigger becomes. */
    webhook_url: z.string(),
    created_at: z.string(),
    updated_at: z.string(),
});

export type Service = z.infer<typeof storedServiceSchema>;
export type StoredTrigger = z.infer<typeof storedTrigger>;
export type ServiceSource = Service["source"];
export type ServiceDestination = Service["destination"];
export type ServiceFilter = Service["filters"][number];
export type ServiceMapping = Service["mappings"][number];

/** What a create or an update may set: everything but the fields the server owns. */
export type ServiceSpec = Omit<Service, "id" | "webhook_url" | "created_at" | "updated_at">;

export function newServiceId(): string {
    return `svc_${randomBytes(8).toString("hex")}`;
}

/** Where a service's webhook is sent: under the emulator's own address, one path per service. */
export function webhookUrlFor(baseUrl: string, id: string): string {
    return `${baseUrl}/hooks/${id}`;
}

/** The service as the API shows it: a webhook trigger carries the service's URL. */
export function toServiceResponse(service: Service) {
    const { webhook_url: webhookUrl, ...shown } = service;
    return { ...shown, trigger: shown.trigger?.type === "webhook" ? { type: "webhook" as const, url: webhookUrl } : shown.trigger };
}
