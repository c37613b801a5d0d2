// The objects Pulumi serializes into the state of every resource. They must stay tiny and hold no
// secret: no catalog, no client, no config captured by value. Each method loads the implementation
// from the installed package at run time, so `delete` of an old resource also runs current code.
import type * as pulumi from "@pulumi/pulumi";

type Implementation = typeof import("./index");

/** Where this copy of the package lives; the fallback when the package name does not resolve. */
const IMPLEMENTATION_PATH: string = require.resolve("./index");

// The package name resolves from the Pulumi project's directory: the version the project has
// installed. (No comments inside: they would be serialized into every resource's state.)
function implementation(): Implementation {
    try {
        return require("pulumi-patchworks/provider");
    } catch (error) {
        if ((error as { code?: string }).code !== "MODULE_NOT_FOUND") throw error;
        return require(IMPLEMENTATION_PATH);
    }
}

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
