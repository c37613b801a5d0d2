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
// are (sdk/resource.ts): written by hand like ours, so the engine carries no more provider text
// for the floor than for us. What both do alike: accept every input, read back the state, keep the
// outputs on an update, delete nothing.
const ACCEPTING_EVERYTHING = `check: async (olds, news) => ({ inputs: news }),
read: async (id, props) => ({ id, props }),
update: async (id, olds, news) => ({ outs: { ...olds, ...news } }),
delete: async () => {},`;

// One provider per resource type, shared by every resource (as ours is). A timezone change is an
// update, so "change one field" runs N update steps, as ours does; ids are shaped as Fabric's.
const FLOOR_CONNECTOR_ADAPTER = `exports.handler = () => ({
${ACCEPTING_EVERYTHING}
diff: async (id, olds, news) => ({ changes: olds.timezone !== news.timezone }),
create: async (inputs) => {
const id = \`floor|\${inputs.name}\`;
return { id, outs: { ...inputs, connectorId: id, companyGroupId: "1", systemId: "1" } };
},
});
`;

/** A resource of the floor: Pulumi's Node.js dynamic-provider host serves it with `adapter`. */
class FloorResource extends pulumi.CustomResource {
    constructor(type: string, adapter: string, name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
        super(`pulumi-nodejs:dynamic/bench:${type}`, name, { ...props, __provider: adapter }, opts);
    }
}

export function floorConnector(name: string, args: ConnectorArgs): pulumi.CustomResource {
    return new FloorResource(
        "FloorConnector",
        FLOOR_CONNECTOR_ADAPTER,
        name,
        {
            ...unsetOutputs(CONNECTOR_OUTPUT_ONLY),
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
const FLOOR_SERVICE_ADAPTER = `exports.handler = () => ({
${ACCEPTING_EVERYTHING}
diff: async (id, olds, news) => ({ changes: Object.keys(news).some((key) => JSON.stringify(olds[key]) !== JSON.stringify(news[key])) }),
create: async (inputs) => {
const id = \`floor-\${inputs.name}\`;
const { source, destination } = inputs;
return { id, outs: { ...inputs, serviceId: id, companyGroup: source.companyGroup, sourceEnvironment: source.environment,
destinationEnvironment: destination.environment, sourceSystem: source.system, destinationSystem: destination.system, templateId: "1" } };
},
});
`;

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
