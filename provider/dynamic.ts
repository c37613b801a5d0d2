// The objects Pulumi serializes into the state of every resource. They must stay tiny and hold no
// secret: no catalog, no client, no config captured by value. Each method loads the implementation
// from the installed package at run time, so `delete` of an old resource also runs current code.
import type * as pulumi from "@pulumi/pulumi";

type Implementation = typeof import("./index");

// By package name, never by path: this function's text is stored in the state, so a path would
// pin the state to one machine. The engine runs it with a `require` that resolves from the Pulumi
// project's directory, so it loads the version the project has installed. (No comments inside:
// they would be serialized into every resource's state.)
const implementation = (): Implementation => require("pulumi-patchworks/provider");

export const connectorProvider: pulumi.dynamic.ResourceProvider = {
    async configure(request) {
        implementation().configure(request.config);
    },
    check: (olds, news) => implementation().connector.check(olds, news),
    diff: (_id, olds, news) => implementation().connector.diff(olds, news),
    create: (inputs) => implementation().connector.create(inputs),
    read: (id, props) => implementation().connector.read(id, props),
    update: (id, olds, news) => implementation().connector.update(id, olds, news),
    delete: (id, props) => implementation().connector.remove(id, props),
};
