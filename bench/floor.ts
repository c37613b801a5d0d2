// The floor: the same N resources, with the same inputs and secret marking as a Connector, under a
// dynamic provider whose methods return at once and make no HTTP request. Whatever the floor costs
// is what the Pulumi engine, the Node.js language host and the dynamic-provider plugin cost; our
// times are reported as a ratio to it.
import * as pulumi from "@pulumi/pulumi";
import { CONNECTOR_OUTPUT_ONLY } from "../provider/connector/mapping";
import { unsetOutputs } from "../provider/engine-values";
import { SERVICE_OUTPUT_ONLY } from "../provider/service/types";
import type { ConnectorArgs, ServiceArgs, ServiceDestinationArgs, ServiceSourceArgs } from "../sdk";

// What both floor providers do alike: accept every input, read back the state, keep the outputs on
// an update, delete nothing.
const acceptingEverything: Omit<pulumi.dynamic.ResourceProvider, "create"> = {
    async check(_olds, news) {
        return { inputs: news };
    },
    async read(id, props) {
        return { id, props };
    },
    async update(_id, olds, news) {
        return { outs: { ...olds, ...news } };
    },
    async delete() {
        return;
    },
};

// One provider object at module scope, shared by every resource (as ours is), capturing nothing.
const floorProvider: pulumi.dynamic.ResourceProvider = {
    ...acceptingEverything,
    // Reports the timezone change as an update so "change one field" runs N update steps, as ours does.
    async diff(_id, olds, news) {
        return { changes: olds.timezone !== news.timezone };
    },
    // Ids shaped as Fabric's: "<group username>|<n>", the group's and the system's numeric ids.
    async create(inputs) {
        const id = `floor|${inputs.name}`;
        return { id, outs: { ...inputs, connectorId: id, companyGroupId: "1", systemId: "1" } };
    },
};

/** One floor resource, with the same props and options a Connector registers. */
class FloorConnector extends pulumi.dynamic.Resource {
    constructor(name: string, props: pulumi.Inputs) {
        super(floorProvider, name, props, { additionalSecretOutputs: ["credentials"] }, "bench", "FloorConnector");
    }
}

export function floorConnector(name: string, args: ConnectorArgs): pulumi.dynamic.Resource {
    return new FloorConnector(name, {
        ...unsetOutputs(CONNECTOR_OUTPUT_ONLY),
        ...args,
        name: args.name ?? name,
        credentials: args.credentials === undefined ? undefined : pulumi.secret(args.credentials),
    });
}

// The services' floor: the same props a Service registers (each endpoint the connector's id and
// declared key), under a provider that returns at once and makes no HTTP request.
const floorServiceProvider: pulumi.dynamic.ResourceProvider = {
    ...acceptingEverything,
    async diff(_id, olds, news) {
        return { changes: Object.keys(news).some((key) => JSON.stringify(olds[key]) !== JSON.stringify(news[key])) };
    },
    async create(inputs) {
        const id = `floor-${inputs.name}`;
        const { source, destination } = inputs;
        // As ours: an output that has no value is left out (a source that is not the Inbound API has no inboundUrl).
        const outs: Record<string, unknown> = {
            ...inputs,
            serviceId: id,
            companyGroup: source.companyGroup,
            sourceEnvironment: source.environment,
            destinationEnvironment: destination.environment,
            sourceSystem: source.system,
            destinationSystem: destination.system,
            templateId: "1",
        };
        return { id, outs };
    },
};

class FloorService extends pulumi.dynamic.Resource {
    constructor(name: string, props: pulumi.Inputs) {
        super(floorServiceProvider, name, props, {}, "bench", "FloorService");
    }
}

/** A floor connector as a service's endpoint sees it: its declared key and its id output. */
export interface FloorEndpointConnector {
    readonly args: ConnectorArgs;
    readonly resource: pulumi.dynamic.Resource;
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
): pulumi.dynamic.Resource {
    const { connector: sourceConnector, ...sourceSettings } = source;
    const { connector: destinationConnector, ...destinationSettings } = destination;
    return new FloorService(name, {
        ...args,
        name: args.name ?? name,
        source: floorEndpoint(sourceConnector, sourceSettings),
        destination: floorEndpoint(destinationConnector, destinationSettings),
        ...unsetOutputs(SERVICE_OUTPUT_ONLY),
    });
}
