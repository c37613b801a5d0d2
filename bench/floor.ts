// The floor: the same N resources, with the same inputs and secret marking as a Connector, under a
// dynamic provider whose methods return at once and make no HTTP request, stored as hand-written
// text no longer than ours. Whatever the floor costs
// is what the Pulumi engine, the Node.js language host and the dynamic-provider plugin cost; our
// times are reported as a ratio to it.
import * as pulumi from "@pulumi/pulumi";
import { CONNECTOR_OUTPUT_ONLY } from "../provider/connector/mapping";
import { unsetOutputs } from "../provider/engine-values";
import { SERVICE_OUTPUT_ONLY } from "../provider/service/types";
import type { ConnectorArgs, ServiceArgs, ServiceDestinationArgs, ServiceSourceArgs } from "../sdk";

// The floor's adapters are module text stored as each resource's `__provider`, registered as ours
// are (sdk/resource.ts): written by hand like ours, on one line, and shorter than ours, so the
// engine carries no more provider text for the floor than for us (the report's State section
// shows both). Without `check`, `read` and `delete` the host accepts every input, reads back the
// state and deletes nothing; `update` keeps the outputs. The host awaits each method's result, so
// none needs to be async.
const KEEPING_OUTPUTS = "update:(_,o,n)=>({outs:{...o,...n}}),";

// One provider per resource type, shared by every resource (as ours is). A timezone change is an
// update, so "change one field" runs N update steps, as ours does; ids are shaped as Fabric's.
const FLOOR_CONNECTOR_ADAPTER =
    `exports.handler=()=>({${KEEPING_OUTPUTS}diff:(_,o,n)=>({changes:o.timezone!=n.timezone}),` +
    `create:(i)=>{const id="floor|"+i.name;return{id,outs:{...i,connectorId:id,companyGroupId:"1",systemId:"1"}}}})`;

/** A resource of the floor: Pulumi's Node.js dynamic-provider host serves it with `adapter`. */
class FloorResource extends pulumi.CustomResource {
    constructor(type: string, adapter: string, name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
        super(`pulumi-nodejs:dynamic/bench:${type}`, name, { ...props, __provider: adapter }, opts);
    }
}

// Every property a Connector registers (sdk/connector.ts), each declared input and output, as unset
// keys where the program gives no value: the SDK makes promises (with a stack trace each) for every
// key a resource registers, so the floor's program pays for as many as ours.
const CONNECTOR_REGISTERED = [
    ...CONNECTOR_OUTPUT_ONLY,
    "credentialsChanged",
    ...(["companyGroup", "timezone", "dateFormat", "authType", "adopt"] satisfies (keyof ConnectorArgs)[]),
];

export function floorConnector(name: string, args: ConnectorArgs): pulumi.CustomResource {
    return new FloorResource(
        "FloorConnector",
        FLOOR_CONNECTOR_ADAPTER,
        name,
        {
            ...unsetOutputs(CONNECTOR_REGISTERED),
            ...args,
            name: args.name ?? name,
            credentials: args.credentials === undefined ? undefined : pulumi.secret(args.credentials),
        },
        { additionalSecretOutputs: ["credentials"] },
    );
}

// The services' floor: the same props a Service registers (each endpoint the connector's id and
// declared key). As ours, an output that has no value is left out (a source that is not the
// Inbound API has no inboundUrl).
const FLOOR_SERVICE_ADAPTER =
    `exports.handler=()=>({${KEEPING_OUTPUTS}diff:(_,o,n)=>({changes:JSON.stringify({...o,...n})!=JSON.stringify(o)}),` +
    'create:(i)=>{const s=i.source,d=i.destination,id="f-"+i.name;return{id,outs:{...i,serviceId:id,companyGroup:s.companyGroup,' +
    'sourceEnvironment:s.environment,destinationEnvironment:d.environment,sourceSystem:s.system,destinationSystem:d.system,templateId:"1"}}}})';

/** A floor connector as a service's endpoint sees it: its declared key and its id output. */
export interface FloorEndpointConnector {
    readonly args: ConnectorArgs;
    readonly resource: pulumi.CustomResource;
}

function floorEndpoint(
    connector: FloorEndpointConnector,
    settings: Omit<ServiceSourceArgs, "connector"> | Omit<ServiceDestinationArgs, "connector">,
) {
    const { system, environment, companyGroup } = connector.args;
    return {
        // As the SDK does: the connector's resource id (the floor connector's is its connectorId too)
        // and the Patchworks ids of its group and system.
        connectorId: connector.resource.id,
        system,
        environment,
        companyGroup,
        companyGroupId: "1",
        systemId: "1",
        ...settings,
    };
}

/** One floor service between two floor connectors, with the props a Service registers. */
export function floorService(
    name: string,
    args: Omit<ServiceArgs, "source" | "destination">,
    source: { connector: FloorEndpointConnector } & Omit<ServiceSourceArgs, "connector">,
    destination: { connector: FloorEndpointConnector } & Omit<ServiceDestinationArgs, "connector">,
): pulumi.CustomResource {
    const { connector: sourceConnector, ...sourceSettings } = source;
    const { connector: destinationConnector, ...destinationSettings } = destination;
    return new FloorResource("FloorService", FLOOR_SERVICE_ADAPTER, name, {
        ...args,
        name: args.name ?? name,
        source: floorEndpoint(sourceConnector, sourceSettings),
        destination: floorEndpoint(destinationConnector, destinationSettings),
        ...unsetOutputs(SERVICE_OUTPUT_ONLY),
    });
}
