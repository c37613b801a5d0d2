import * as pulumi from "@pulumi/pulumi";
import type { ServiceFilter, ServiceTrigger, ServiceType, TransformArgs } from "../provider/client/service-wire";
import { serviceProvider } from "../provider/dynamic";
import { unsetOutputs } from "../provider/engine-values";
import { SERVICE_OUTPUT_ONLY } from "../provider/service/mapping";
import type { Environment } from "../provider/model";
import { Connector } from "./connector";
import { declaredKeyOf } from "./connector-keys";

/** A connector managed elsewhere (another stack, the dashboard): what `getConnector` returns. */
export interface ConnectorReference {
    connectorId: pulumi.Input<string>;
    system: pulumi.Input<string>;
    environment: pulumi.Input<Environment>;
    /** Omitted: the company's default group. */
    companyGroup?: pulumi.Input<string>;
}

export interface ServiceEndpointArgs {
    /** A Connector of this program, or a reference to one managed elsewhere. Changing it replaces the service. */
    connector: Connector | ConnectorReference;
    /** The entity, e.g. "orders"; see `patchworks.serviceCatalog.entities`. Changing it replaces the service. */
    entity: pulumi.Input<string>;
    /** IANA time zone of this side's dates; default "UTC". */
    timezone?: pulumi.Input<string>;
}

export interface ServiceSourceArgs extends ServiceEndpointArgs {
    /** Records fetched per page. */
    pageSize?: pulumi.Input<number>;
    /** Attempts per record before it counts as failed. */
    maxAttempts?: pulumi.Input<number>;
}

export interface ServiceTransformArgs {
    /** A transform function id; see `patchworks.serviceCatalog.transforms`. */
    function: pulumi.Input<string>;
    /** The function's parameters, except its source fields (the mapping's `source` gives them). */
    args?: pulumi.Input<Record<string, pulumi.Input<string | number | boolean>>>;
}

export interface ServiceMappingArgs {
    /** The source field; omitted when the first transform makes the value (custom_string, ...). */
    source?: pulumi.Input<string>;
    /** The destination field; unique within a service. */
    destination: pulumi.Input<string>;
    transforms?: pulumi.Input<pulumi.Input<ServiceTransformArgs>[]>;
}

export interface ServiceArgs {
    /** Display name in Patchworks; defaults to the resource name. */
    name?: pulumi.Input<string>;
    /** "standard" or "sweeper"; default "standard". Changing it replaces the service. */
    type?: pulumi.Input<ServiceType>;
    source: ServiceSourceArgs;
    destination: ServiceEndpointArgs;
    /** `{ schedule: "*\/15 * * * *" }` (5-field cron, UTC) or `{ webhook: true }`. */
    trigger?: pulumi.Input<ServiceTrigger>;
    filters?: pulumi.Input<pulumi.Input<ServiceFilter>[]>;
    mappings?: pulumi.Input<pulumi.Input<ServiceMappingArgs>[]>;
    /** Sync-failure emails to a notification group. */
    alerts?: pulumi.Input<{ notificationGroup: pulumi.Input<string> }>;
    notes?: pulumi.Input<string>;
    /** Whether the service runs; default false. `true` needs a trigger. */
    active?: pulumi.Input<boolean>;
    /** Take over the one existing service with the same connectors, source entity and name. */
    adopt?: pulumi.Input<boolean>;
}

/** The connector's id and key, as plainly as the program declared them. */
function endpointKey(connector: Connector | ConnectorReference) {
    if (connector instanceof Connector) {
        const key = declaredKeyOf(connector);
        return {
            // The resource id, not the connectorId output: an update keeps the id, so a preview of a
            // connector change (a credential rotation) still knows it, and the service is not
            // shown as replaced. (They are the same value: the provider returns the connector's id as the id.)
            connectorId: connector.id,
            system: key?.system ?? connector.system,
            environment: key?.environment ?? connector.environment,
            companyGroup: key ? key.companyGroup : connector.companyGroup,
        };
    }
    const { connectorId, system, environment, companyGroup } = connector;
    return { connectorId, system, environment, companyGroup };
}

/** A Patchworks service: moves one entity from a source connector to a destination connector. */
export class Service extends pulumi.dynamic.Resource {
    declare public readonly name: pulumi.Output<string>;
    declare public readonly type: pulumi.Output<ServiceType>;
    declare public readonly source: pulumi.Output<Record<string, unknown>>;
    declare public readonly destination: pulumi.Output<Record<string, unknown>>;
    declare public readonly trigger: pulumi.Output<ServiceTrigger | undefined>;
    declare public readonly filters: pulumi.Output<ServiceFilter[]>;
    declare public readonly mappings: pulumi.Output<
        { source?: string; destination: string; transforms: { function: string; args: TransformArgs }[] }[]
    >;
    declare public readonly alerts: pulumi.Output<{ notificationGroup: string } | undefined>;
    declare public readonly notes: pulumi.Output<string | undefined>;
    declare public readonly active: pulumi.Output<boolean>;
    declare public readonly adopt: pulumi.Output<boolean>;
    /** The Patchworks id of the service. */
    declare public readonly serviceId: pulumi.Output<string>;
    /** The source connector's environment (the destination's is the same). */
    declare public readonly environment: pulumi.Output<Environment>;
    /** The source connector's company group; undefined for the default group. */
    declare public readonly companyGroup: pulumi.Output<string | undefined>;
    declare public readonly sourceSystem: pulumi.Output<string>;
    declare public readonly destinationSystem: pulumi.Output<string>;
    /** Webhook triggers only: where to send the webhook. */
    declare public readonly webhookUrl: pulumi.Output<string | undefined>;
    /** ISO 8601, UTC. */
    declare public readonly createdAt: pulumi.Output<string>;
    /** ISO 8601, UTC. */
    declare public readonly updatedAt: pulumi.Output<string>;

    constructor(name: string, args: ServiceArgs, opts?: pulumi.CustomResourceOptions) {
        const { connector: sourceConnector, ...source } = args.source;
        const { connector: destinationConnector, ...destination } = args.destination;
        super(
            serviceProvider,
            name,
            {
                // Every output is named here, even when unset: the SDK makes an Output only for the
                // properties it is given.
                name: args.name ?? name,
                type: args.type,
                source: { ...endpointKey(sourceConnector), ...source },
                destination: { ...endpointKey(destinationConnector), ...destination },
                trigger: args.trigger,
                filters: args.filters,
                mappings: args.mappings,
                alerts: args.alerts,
                notes: args.notes,
                active: args.active,
                adopt: args.adopt,
                ...unsetOutputs(SERVICE_OUTPUT_ONLY),
            },
            opts,
            "patchworks",
            "Service",
        );
    }
}
