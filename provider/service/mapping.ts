// Between the resource's inputs/outputs and the client's service model. Pure.
import type { RemoteService, ServiceFields, ServicePatch } from "../client/service-wire";
import type { ServiceEndpoint, ServiceInputs, ServiceMapping, ServiceSource } from "./validate";

export interface ServiceOutputs extends ServiceInputs {
    serviceId: string;
    /** The source connector's environment (the destination's is the same). */
    environment: ServiceEndpoint["environment"];
    /** The source connector's company group; absent for the default group. */
    companyGroup?: string;
    sourceSystem: string;
    destinationSystem: string;
    /** Webhook triggers only: where to send the webhook. */
    webhookUrl?: string;
    createdAt: string;
    updatedAt: string;
}

function sourceFields(source: ServiceSource): ServiceFields["source"] {
    return {
        connectorId: source.connectorId,
        entity: source.entity,
        pageSize: source.pageSize ?? null,
        maxAttempts: source.maxAttempts ?? null,
        timezone: source.timezone,
    };
}

function destinationFields(destination: ServiceEndpoint): ServiceFields["destination"] {
    return { connectorId: destination.connectorId, entity: destination.entity, timezone: destination.timezone };
}

function mappingFields(mappings: readonly ServiceMapping[]): ServiceFields["mappings"] {
    return mappings.map((m) => ({
        sourceField: m.source ?? null,
        destinationField: m.destination,
        transforms: m.transforms.map((t) => ({ function: t.function, args: { ...t.args } })),
    }));
}

export function toServiceFields(inputs: ServiceInputs): ServiceFields {
    return {
        name: inputs.name,
        type: inputs.type,
        active: inputs.active,
        source: sourceFields(inputs.source),
        destination: destinationFields(inputs.destination),
        trigger: inputs.trigger ?? null,
        filters: inputs.filters.map((f) => ({ ...f })),
        mappings: mappingFields(inputs.mappings),
        alerts: inputs.alerts ? { notificationGroup: inputs.alerts.notificationGroup } : null,
        notes: inputs.notes ?? null,
    };
}

/** The connector's key fields: the API returns only the connector's id, so they come from the inputs. */
function endpointKey(endpoint: ServiceEndpoint): Pick<ServiceEndpoint, "system" | "environment" | "companyGroup"> {
    const key: Pick<ServiceEndpoint, "system" | "environment" | "companyGroup"> = {
        system: endpoint.system,
        environment: endpoint.environment,
    };
    if (endpoint.companyGroup !== undefined) key.companyGroup = endpoint.companyGroup;
    return key;
}

/**
 * The outputs after a write or a read: every field the API returns comes from the remote service,
 * so a refresh shows drift in any of them. Only what the API does not return comes from the inputs
 * (or prior state): each endpoint's connector key fields and `adopt`.
 */
export function toServiceOutputs(inputs: ServiceInputs, remote: RemoteService): ServiceOutputs {
    const source: ServiceSource = {
        connectorId: remote.source.connectorId,
        ...endpointKey(inputs.source),
        entity: remote.source.entity,
        timezone: remote.source.timezone,
    };
    if (remote.source.pageSize !== null) source.pageSize = remote.source.pageSize;
    if (remote.source.maxAttempts !== null) source.maxAttempts = remote.source.maxAttempts;
    const outputs: ServiceOutputs = {
        name: remote.name,
        type: remote.type,
        source,
        destination: {
            connectorId: remote.destination.connectorId,
            ...endpointKey(inputs.destination),
            entity: remote.destination.entity,
            timezone: remote.destination.timezone,
        },
        filters: remote.filters.map((f) => ({ ...f })),
        mappings: remote.mappings.map((m) => {
            const mapping: ServiceMapping = {
                destination: m.destinationField,
                transforms: m.transforms.map((t) => ({ function: t.function, args: { ...t.args } })),
            };
            if (m.sourceField !== null) mapping.source = m.sourceField;
            return mapping;
        }),
        active: remote.active,
        adopt: inputs.adopt,
        serviceId: remote.id,
        environment: inputs.source.environment,
        sourceSystem: inputs.source.system,
        destinationSystem: inputs.destination.system,
        createdAt: remote.createdAt,
        updatedAt: remote.updatedAt,
    };
    if (remote.trigger !== null) outputs.trigger = remote.trigger;
    if (remote.webhookUrl !== null) outputs.webhookUrl = remote.webhookUrl;
    if (remote.alerts !== null) outputs.alerts = { notificationGroup: remote.alerts.notificationGroup };
    if (remote.notes !== null) outputs.notes = remote.notes;
    if (inputs.source.companyGroup !== undefined) outputs.companyGroup = inputs.source.companyGroup;
    return outputs;
}

/** A path names a top-level field, or a field inside it ("source.pageSize" names "source"). */
const touches = (changed: readonly string[], field: string) => changed.some((path) => path === field || path.startsWith(`${field}.`));

// Endpoint fields the API stores; the connector key fields are state only and never sent.
const SENT_ENDPOINT_FIELDS = ["connectorId", "entity", "timezone", "pageSize", "maxAttempts"];
const sendsEndpoint = (changed: readonly string[], side: "source" | "destination") =>
    changed.includes(side) || SENT_ENDPOINT_FIELDS.some((field) => changed.includes(`${side}.${field}`));

/**
 * The PATCH for an update: each changed top-level field, whole. `changed` is the diff's
 * `updatePaths` (top-level names work too). `adopt` and the connector key fields live only in the
 * state, so they send nothing.
 */
export function toServicePatch(news: ServiceInputs, changed: readonly string[]): ServicePatch {
    const fields = toServiceFields(news);
    const patch: ServicePatch = {};
    if (touches(changed, "name")) patch.name = fields.name;
    if (touches(changed, "active")) patch.active = fields.active;
    if (sendsEndpoint(changed, "source")) patch.source = fields.source;
    if (sendsEndpoint(changed, "destination")) patch.destination = fields.destination;
    if (touches(changed, "trigger")) patch.trigger = fields.trigger;
    if (touches(changed, "filters")) patch.filters = fields.filters;
    if (touches(changed, "mappings")) patch.mappings = fields.mappings;
    if (touches(changed, "alerts")) patch.alerts = fields.alerts;
    if (touches(changed, "notes")) patch.notes = fields.notes;
    return patch;
}

/** The outputs that are not inputs: what `read` leaves out when it hands the inputs back. */
export const SERVICE_OUTPUT_ONLY = [
    "serviceId",
    "environment",
    "companyGroup",
    "sourceSystem",
    "destinationSystem",
    "webhookUrl",
    "createdAt",
    "updatedAt",
] as const;

/** The inputs a refresh hands back, so the next preview compares the program with what Patchworks has. */
export function serviceInputsOf(outputs: ServiceOutputs): ServiceInputs {
    const inputs: Record<string, unknown> = { ...outputs };
    for (const key of SERVICE_OUTPUT_ONLY) delete inputs[key];
    return inputs as unknown as ServiceInputs;
}
