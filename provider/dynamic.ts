// The objects Pulumi serializes into the state of every resource. They must stay tiny and hold no
// secret: no catalog, no client, no config captured by value. Each method loads the implementation
// from the installed package at run time, so `delete` of an old resource also runs current code.
import type * as pulumi from "@pulumi/pulumi";

type Implementation = typeof import("./index");
type Resource = Parameters<Implementation["adapterV1"]>[0];

// By package name, never by path: this function's text is stored in the state, so a path would
// pin the state to one machine. The engine runs it with a `require` that resolves from the
// directory Pulumi runs in (the project's, or an Automation API workspace's workDir), so it loads
// the version installed there; where there is none, one line says so instead of a stack trace.
// (No comments inside: they would be serialized into every resource's state.)
const implementation = (): Implementation => {
    try {
        return require("pulumi-patchworks/provider");
    } catch (error) {
        if ((error as { code?: unknown }).code !== "MODULE_NOT_FOUND") throw error;
        const missing = new Error(
            `cannot load pulumi-patchworks/provider from ${process.cwd()}: run Pulumi in the project directory whose node_modules holds pulumi-patchworks (with the Automation API, set the workspace's workDir to it)`,
        );
        missing.stack = missing.message;
        throw missing;
    }
};

function adapter(resource: Resource): pulumi.dynamic.ResourceProvider {
    const methods = () => implementation().adapterV1(resource);
    return {
        async configure(request) {
            implementation().configure(request.config);
        },
        check: (olds, news) => methods().check(olds, news),
        diff: (_id, olds, news) => methods().diff(olds, news),
        create: (inputs) => methods().create(inputs),
        read: (id, props) => methods().read(id, props),
        update: (id, olds, news) => methods().update(id, olds, news),
        delete: (id, props) => methods().remove(id, props),
    };
}

export const connectorProvider = adapter("connector");
export const companyGroupProvider = adapter("companyGroup");
export const serviceProvider = adapter("service");
