// The Service resource's inputs and outputs as the provider holds them (after check applied the
// defaults), beside what each property means. Behaviour lives in the other modules of this folder.

/** A failure of check: the property path ("source.pageSize", "filters[1].operator") and the fix. */
export interface CheckFailure {
    property: string;
    reason: string;
}

/** One side of a service: a connector's outputs, as the SDK passes them, and the entity. */
interface ServiceEndpointInputs {
    /** "<group username>|<n>". */
    connectorId: string;
    /** The catalog id of the connector's system, e.g. "shopify". */
    system: string;
    /** The connector's environment ("live", "test"), matched exactly by Fabric. */
    environment: string;
    /** The connector's company group as declared (name or username). */
    companyGroup?: string;
    /** Fabric's numeric id of the group, as a string. */
    companyGroupId?: string;
    /** Fabric's numeric id of the system, as a string. */
    systemId?: string;
    /** Patchworks' factory name of the entity ("Orders", "Products", "Stocklevels"), any case. */
    entity: string;
}

export interface ServiceSourceInputs extends ServiceEndpointInputs {
    /** Records per pull, 1-1000; fixed once the service exists. Absent: the template's, else 50. */
    pageSize?: number;
    /** Attempts per record, 1-15; fixed once the service exists. Absent: the template's, else 3. */
    maxAttempts?: number;
    /** The source's time zone for time filters; fixed once the service exists. */
    timezone?: string;
}

export interface ServiceDestinationInputs extends ServiceEndpointInputs {
    /** Fabric's `to_options`, replaced whole on every change. */
    options?: Record<string, string | number | boolean>;
}

/** A filter as declared: `value` may be a number or boolean, sent as text. */
export interface ServiceFilterInput {
    /** The source's filter field key. */
    field: string;
    /** Patchworks' operator key: "=", "!=", "<", ">", "<=", ">=", "=>", "!>", ... */
    operator: string;
    /** Patchworks' type key: "string", "integer", "TIME", ...; absent: the field's own. */
    type?: string;
    /** The value in the type's format. */
    value: string | number | boolean;
}

/** A transform function applied to a mapped value. */
interface ServiceTransform {
    /** The function's name. */
    function: string;
    /** The function's arguments. */
    args?: Record<string, string | number | boolean>;
}

/** One row of a mapping document. */
export interface ServiceMappingRow {
    /** The source field; absent when a transform makes the value. */
    source?: string;
    /** The destination field. */
    destination: string;
    /** Applied in order. */
    transforms?: ServiceTransform[];
}

export interface ServiceInputs {
    /** Patchworks' `description`: 3-255 characters. */
    name: string;
    source: ServiceSourceInputs;
    destination: ServiceDestinationInputs;
    /** A cron expression, "event" or "off". */
    schedule: string;
    filters: ServiceFilterInput[];
    /** Absent: the service never writes its mapping document. */
    mappings?: ServiceMappingRow[];
    active: boolean;
    adopt: boolean;
}

export interface ServiceOutputs extends ServiceInputs {
    serviceId: string;
    /** The company group's username. */
    companyGroup: string;
    sourceEnvironment: string;
    destinationEnvironment: string;
    /** The catalog ids of the two connectors' systems. */
    sourceSystem: string;
    destinationSystem: string;
    templateId: string;
    /** An Inbound API source's URL, where Patchworks gives one. */
    inboundUrl?: string;
}

/** The outputs that are not inputs: registered unset by the SDK, left out of the inputs a refresh hands back. */
export const SERVICE_OUTPUT_ONLY = [
    "serviceId",
    "companyGroup",
    "sourceEnvironment",
    "destinationEnvironment",
    "sourceSystem",
    "destinationSystem",
    "templateId",
    "inboundUrl",
] as const;

/** The group username of a connector id "<group username>|<n>". */
export function groupUsernameOf(connectorId: string): string {
    const bar = connectorId.lastIndexOf("|");
    return bar < 0 ? connectorId : connectorId.slice(0, bar);
}
