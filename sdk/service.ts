import * as pulumi from "@pulumi/pulumi";
import { unsetOutputs } from "../provider/engine-values";
import { SERVICE_OUTPUT_ONLY } from "../provider/service/types";
import { PatchworksResource } from "./resource";

/**
 * What a Service needs of a connector: a patchworks.Connector, or what patchworks.getConnector
 * returns for one managed elsewhere.
 */
export interface ServiceConnector {
    /** "<group username>|<n>". */
    connectorId: pulumi.Input<string>;
    /** The connector's system, a catalog id such as "shopify". */
    system: pulumi.Input<string>;
    /** The connector's environment, "live" or "test". */
    environment: pulumi.Input<string>;
    /** The connector's company group, as declared (name or username). */
    companyGroup?: pulumi.Input<string | undefined>;
    /** Patchworks' numeric id of the connector's company group, as a string. */
    companyGroupId: pulumi.Input<string>;
    /** Patchworks' numeric id of the connector's system, as a string. */
    systemId?: pulumi.Input<string>;
}

/** Where the service pulls records from, and how. */
export interface ServiceSourceArgs {
    /** Changing it replaces the service. */
    connector: ServiceConnector;
    /** Patchworks' entity (factory) name, e.g. "Orders", "Products", "Stocklevels"; any case. Changing it replaces the service. */
    entity: pulumi.Input<string>;
    /** Records per pull, 1-1000; default the template's, else 50. Changing it replaces the service. */
    pageSize?: pulumi.Input<number>;
    /** Attempts per record, 1-15; default the template's, else 3. Changing it replaces the service. */
    maxAttempts?: pulumi.Input<number>;
    /** The source's time zone (IANA id, or an offset such as "+01:00"). Changing it replaces the service. */
    timezone?: pulumi.Input<string>;
}

/** Where the service pushes records to. */
export interface ServiceDestinationArgs {
    /** Changing it replaces the service. */
    connector: ServiceConnector;
    /** Changing it replaces the service. */
    entity: pulumi.Input<string>;
    /** Patchworks' destination options (`to_options`), replaced whole on each change. */
    options?: pulumi.Input<Record<string, pulumi.Input<string | number | boolean>>>;
}

/** A condition on the source's records, checked against the source's filter fields; only records that meet every filter are synced. */
export interface ServiceFilterArgs {
    /** The source's filter field key, e.g. "financial_status". */
    field: pulumi.Input<string>;
    /** Patchworks' operator key: "=", "!=", "<", ">", "<=", ">=", "=>", ... */
    operator: pulumi.Input<string>;
    /** Patchworks' type key ("string", "integer", "TIME", ...); default the field's own. */
    type?: pulumi.Input<string>;
    /** The value in the type's format ("paid", 5, true, "-2 days" for TIME). */
    value: pulumi.Input<string | number | boolean>;
}

/** A transform function applied to a mapped value. */
export interface ServiceTransformArgs {
    /** The function's name, e.g. "format_date". */
    function: pulumi.Input<string>;
    /** The function's arguments. */
    args?: pulumi.Input<Record<string, pulumi.Input<string | number | boolean>>>;
}

/** One row of the mapping document: a destination field, where its value comes from, and the transforms on the way. */
export interface ServiceMappingArgs {
    /** The source field; omitted when a transform makes the value. */
    source?: pulumi.Input<string>;
    /** The destination field; one mapping per destination field. */
    destination: pulumi.Input<string>;
    /** Applied in order. */
    transforms?: pulumi.Input<pulumi.Input<ServiceTransformArgs>[]>;
}

export interface ServiceArgs {
    /** Patchworks' service name, 3-255 characters; default the resource name. */
    name?: pulumi.Input<string>;
    source: ServiceSourceArgs;
    destination: ServiceDestinationArgs;
    /** A cron expression ("*\/15 * * * *", "@daily", an optional 6th year field), "event" or "off" (default). */
    schedule?: pulumi.Input<string>;
    /** Conditions on the source's records; none for an Inbound API source. */
    filters?: pulumi.Input<pulumi.Input<ServiceFilterArgs>[]>;
    /**
     * The rows of the service's mapping document, which Patchworks shares between the group's
     * services with the same destination system and entity. Left out, the document is never written.
     */
    mappings?: pulumi.Input<pulumi.Input<ServiceMappingArgs>[]>;
    /** Whether the service runs; default false. */
    active?: pulumi.Input<boolean>;
    /** Take over the one service of the group with the same template, environments and name. */
    adopt?: pulumi.Input<boolean>;
}

/** A connector's fields as the provider takes them; a Connector resource gives its id, which stays known while it updates. */
function endpointOf(connector: ServiceConnector) {
    // getConnectorOutput gives an Output of the connector that also reads as one.
    if (pulumi.Output.isInstance(connector)) {
        const lifted = connector as unknown as pulumi.Output<ServiceConnector>;
        const field = <K extends keyof ServiceConnector>(key: K) => lifted.apply((c) => c[key]);
        return {
            connectorId: field("connectorId"),
            system: field("system"),
            environment: field("environment"),
            companyGroup: field("companyGroup"),
            companyGroupId: field("companyGroupId"),
            systemId: field("systemId"),
        };
    }
    const { system, environment, companyGroup, companyGroupId, systemId } = connector;
    const connectorId = pulumi.CustomResource.isInstance(connector) ? connector.id : connector.connectorId;
    return { connectorId, system, environment, companyGroup, companyGroupId, systemId };
}

/** A Patchworks service: moves one entity from a source connector to a destination connector of the same company group. */
export class Service extends PatchworksResource {
    declare public readonly name: pulumi.Output<string>;
    /** The source as the provider resolved it: the connector's ids and key, the entity and the fetch settings. */
    declare public readonly source: pulumi.Output<Record<string, unknown>>;
    /** The destination as the provider resolved it: the connector's ids and key, the entity and its options. */
    declare public readonly destination: pulumi.Output<Record<string, unknown>>;
    declare public readonly schedule: pulumi.Output<string>;
    declare public readonly filters: pulumi.Output<ServiceFilterArgs[]>;
    declare public readonly mappings: pulumi.Output<ServiceMappingArgs[] | undefined>;
    declare public readonly active: pulumi.Output<boolean>;
    declare public readonly adopt: pulumi.Output<boolean>;
    /** Patchworks' id of the service. */
    declare public readonly serviceId: pulumi.Output<string>;
    /** The company group's username. */
    declare public readonly companyGroup: pulumi.Output<string>;
    /** The source connector's environment, as Patchworks holds it. */
    declare public readonly sourceEnvironment: pulumi.Output<string>;
    /** The destination connector's environment, as Patchworks holds it. */
    declare public readonly destinationEnvironment: pulumi.Output<string>;
    /** The source connector's system (catalog id). */
    declare public readonly sourceSystem: pulumi.Output<string>;
    /** The destination connector's system (catalog id). */
    declare public readonly destinationSystem: pulumi.Output<string>;
    /** The service template it is built from. */
    declare public readonly templateId: pulumi.Output<string>;
    /** An Inbound API source's URL, where Patchworks gives one. */
    declare public readonly inboundUrl: pulumi.Output<string | undefined>;

    constructor(name: string, args: ServiceArgs, opts?: pulumi.CustomResourceOptions) {
        const { connector: sourceConnector, ...source } = args.source;
        const { connector: destinationConnector, ...destination } = args.destination;
        super(
            "service",
            name,
            {
                // Every output is named, even unset: the SDK makes an Output only for the properties it is given.
                name: args.name ?? name,
                source: { ...endpointOf(sourceConnector), ...source },
                destination: { ...endpointOf(destinationConnector), ...destination },
                schedule: args.schedule,
                filters: args.filters,
                mappings: args.mappings,
                active: args.active,
                adopt: args.adopt,
                ...unsetOutputs(SERVICE_OUTPUT_ONLY),
            },
            opts,
        );
    }
}
