// The floor: the same N resources, with the same inputs and secret marking as a Connector, under a
// dynamic provider whose methods return at once and make no HTTP request. Whatever the floor costs
// is what the Pulumi engine, the Node.js language host and the dynamic-provider plugin cost; our
// times are reported as a ratio to it.
import * as pulumi from "@pulumi/pulumi";
import type { ConnectorArgs } from "../sdk";

// One provider object at module scope, shared by every resource (as ours is), capturing nothing.
const floorProvider: pulumi.dynamic.ResourceProvider = {
    async check(_olds, news) {
        return { inputs: news };
    },
    // Reports the timezone change as an update so "change one field" runs N update steps, as ours does.
    async diff(_id, olds, news) {
        return { changes: olds.timezone !== news.timezone };
    },
    async create(inputs) {
        const now = new Date().toISOString();
        const id = `floor-${inputs.name}`;
        return { id, outs: { ...inputs, connectorId: id, status: "operational", createdAt: now, updatedAt: now } };
    },
    async read(id, props) {
        return { id, props };
    },
    async update(_id, olds, news) {
        return { outs: { ...olds, ...news, updatedAt: new Date().toISOString() } };
    },
    async delete() {
        return;
    },
};

/** One floor resource, with the same props and options a Connector registers. */
class FloorConnector extends pulumi.dynamic.Resource {
    constructor(name: string, props: pulumi.Inputs) {
        super(floorProvider, name, props, { additionalSecretOutputs: ["credentials"] }, "bench", "FloorConnector");
    }
}

export function floorConnector(name: string, args: ConnectorArgs): pulumi.dynamic.Resource {
    return new FloorConnector(
        name,
        {
            connectorId: undefined,
            status: undefined,
            createdAt: undefined,
            updatedAt: undefined,
            ...args,
            name: args.name ?? name,
            credentials: args.credentials === undefined ? undefined : pulumi.secret(args.credentials),
        },
    );
}
