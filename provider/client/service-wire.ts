// A service on the wire (CONTRACT section 7, snake_case) and in the client's domain (camelCase).
// The only place that knows the API's service field names, so an API correction is a change here.
import { z } from "zod";
import { apiId, parse, unwrapData } from "./mapping";

export type ServiceType = "standard" | "sweeper";

/** How a service is started: a 5-field cron expression (UTC), or a webhook the API gives a URL. */
export type ServiceTrigger = { schedule: string } | { webhook: true };

export interface ServiceFilter {
    field: string;
    operator: string;
    value: string;
}

export type TransformArgs = Record<string, string | number | boolean>;

interface ServiceTransform {
    function: string;
    args: TransformArgs;
}

interface ServiceFieldMapping {
    /** null: the mapping's first transform makes the value (custom_string, ...). */
    sourceField: string | null;
    destinationField: string;
    transforms: ServiceTransform[];
}

interface ServiceSourceSettings {
    connectorId: string;
    entity: string;
    /** null: the API's default. */
    pageSize: number | null;
    maxAttempts: number | null;
    timezone: string;
}

interface ServiceDestinationSettings {
    connectorId: string;
    entity: string;
    timezone: string;
}

/** Everything a create sends. */
export interface ServiceFields {
    name: string;
    type: ServiceType;
    active: boolean;
    source: ServiceSourceSettings;
    destination: ServiceDestinationSettings;
    trigger: ServiceTrigger | null;
    filters: ServiceFilter[];
    mappings: ServiceFieldMapping[];
    alerts: { notificationGroup: string } | null;
    notes: string | null;
}

/** A service as the API reports it. */
export interface RemoteService extends ServiceFields {
    id: string;
    /** Set for webhook triggers: where the webhook is sent. */
    webhookUrl: string | null;
    createdAt: string;
    updatedAt: string;
}

/** An update: only the top-level fields that changed, each sent whole. */
export type ServicePatch = Partial<Omit<ServiceFields, "type">>;

const apiTrigger = z.discriminatedUnion("type", [
    z.object({ type: z.literal("schedule"), expression: z.string() }),
    z.object({ type: z.literal("webhook"), url: z.string() }),
]);

const apiService = z.object({
    id: apiId,
    name: z.string(),
    type: z.enum(["standard", "sweeper"]),
    active: z.boolean(),
    source: z.object({
        connector_id: apiId,
        entity: z.string(),
        page_size: z.number().int().nullish(),
        max_attempts: z.number().int().nullish(),
        timezone: z.string(),
    }),
    destination: z.object({ connector_id: apiId, entity: z.string(), timezone: z.string() }),
    trigger: apiTrigger.nullish(),
    filters: z.array(z.object({ field: z.string(), operator: z.string(), value: z.string() })),
    mappings: z.array(
        z.object({
            source_field: z.string().nullish(),
            destination_field: z.string(),
            transforms: z.array(
                z.object({
                    function: z.string(),
                    args: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
                }),
            ),
        }),
    ),
    alerts: z.object({ notification_group: z.string() }).nullish(),
    notes: z.string().nullish(),
    created_at: z.string(),
    updated_at: z.string(),
});

type ApiTriggerInput = { type: "schedule"; expression: string } | { type: "webhook" };

/** The body of POST /services. */
export interface ApiServiceInput {
    name: string;
    type: ServiceType;
    active: boolean;
    source: { connector_id: string; entity: string; page_size: number | null; max_attempts: number | null; timezone: string };
    destination: { connector_id: string; entity: string; timezone: string };
    trigger: ApiTriggerInput | null;
    filters: ServiceFilter[];
    mappings: { source_field: string | null; destination_field: string; transforms: ServiceTransform[] }[];
    alerts: { notification_group: string } | null;
    notes: string | null;
}

/** The body of PATCH /services/{id}. */
export type ApiServicePatch = Partial<Omit<ApiServiceInput, "type">>;

const copyTransforms = (transforms: readonly ServiceTransform[]): ServiceTransform[] =>
    transforms.map((t) => ({ function: t.function, args: { ...t.args } }));

const sourceToApi = (s: ServiceSourceSettings): ApiServiceInput["source"] => ({
    connector_id: s.connectorId,
    entity: s.entity,
    page_size: s.pageSize,
    max_attempts: s.maxAttempts,
    timezone: s.timezone,
});

const destinationToApi = (d: ServiceDestinationSettings): ApiServiceInput["destination"] => ({
    connector_id: d.connectorId,
    entity: d.entity,
    timezone: d.timezone,
});

// A webhook's URL is the API's to choose: a create or patch asks for a webhook, the read returns it.
const triggerToApi = (trigger: ServiceTrigger | null): ApiTriggerInput | null =>
    trigger === null ? null : "schedule" in trigger ? { type: "schedule", expression: trigger.schedule } : { type: "webhook" };

const filtersToApi = (filters: readonly ServiceFilter[]): ServiceFilter[] =>
    filters.map((f) => ({ field: f.field, operator: f.operator, value: f.value }));

const mappingsToApi = (mappings: readonly ServiceFieldMapping[]): ApiServiceInput["mappings"] =>
    mappings.map((m) => ({ source_field: m.sourceField, destination_field: m.destinationField, transforms: copyTransforms(m.transforms) }));

const alertsToApi = (alerts: ServiceFields["alerts"]): ApiServiceInput["alerts"] =>
    alerts === null ? null : { notification_group: alerts.notificationGroup };

export function serviceToApi(fields: ServiceFields): ApiServiceInput {
    return {
        name: fields.name,
        type: fields.type,
        active: fields.active,
        source: sourceToApi(fields.source),
        destination: destinationToApi(fields.destination),
        trigger: triggerToApi(fields.trigger),
        filters: filtersToApi(fields.filters),
        mappings: mappingsToApi(fields.mappings),
        alerts: alertsToApi(fields.alerts),
        notes: fields.notes,
    };
}

export function servicePatchToApi(patch: ServicePatch): ApiServicePatch {
    const body: ApiServicePatch = {};
    if (patch.name !== undefined) body.name = patch.name;
    if (patch.active !== undefined) body.active = patch.active;
    if (patch.source !== undefined) body.source = sourceToApi(patch.source);
    if (patch.destination !== undefined) body.destination = destinationToApi(patch.destination);
    if (patch.trigger !== undefined) body.trigger = triggerToApi(patch.trigger);
    if (patch.filters !== undefined) body.filters = filtersToApi(patch.filters);
    if (patch.mappings !== undefined) body.mappings = mappingsToApi(patch.mappings);
    if (patch.alerts !== undefined) body.alerts = alertsToApi(patch.alerts);
    if (patch.notes !== undefined) body.notes = patch.notes;
    return body;
}

export function serviceFromApi(body: unknown): RemoteService {
    const s = parse(apiService, unwrapData(body), "service");
    const trigger = s.trigger ?? null;
    return {
        id: s.id,
        name: s.name,
        type: s.type,
        active: s.active,
        source: {
            connectorId: s.source.connector_id,
            entity: s.source.entity,
            pageSize: s.source.page_size ?? null,
            maxAttempts: s.source.max_attempts ?? null,
            timezone: s.source.timezone,
        },
        destination: { connectorId: s.destination.connector_id, entity: s.destination.entity, timezone: s.destination.timezone },
        trigger: trigger === null ? null : trigger.type === "schedule" ? { schedule: trigger.expression } : { webhook: true },
        webhookUrl: trigger?.type === "webhook" ? trigger.url : null,
        filters: s.filters.map((f) => ({ field: f.field, operator: f.operator, value: f.value })),
        mappings: s.mappings.map((m) => ({
            sourceField: m.source_field ?? null,
            destinationField: m.destination_field,
            transforms: copyTransforms(m.transforms),
        })),
        alerts: s.alerts ? { notificationGroup: s.alerts.notification_group } : null,
        notes: s.notes ?? null,
        createdAt: s.created_at,
        updatedAt: s.updated_at,
    };
}

/** `GET /services?filter[connector]=`: the services that use a connector, as source or destination. */
export function serviceFilterToQuery(filter: { connectorId?: string }): Record<string, string> {
    return filter.connectorId === undefined ? {} : { "filter[connector]": filter.connectorId };
}
