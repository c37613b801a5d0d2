// The provider's implementation, loaded by the small serialized adapters in ./dynamic. It lives in
// the installed package (not in the state): one module per resource over one shared runtime.
import * as companyGroupMethods from "./company-group/provider";
import * as connectorMethods from "./connector/provider";
import * as serviceMethods from "./service/provider";
import type * as pulumi from "@pulumi/pulumi";
import { failuresForTheEngine } from "./engine-values";
import { configure } from "./runtime";
import { refusingPreFabricState, type ResourceKind, type ResourceMethods } from "./upgrade";

export { configure };

const resources: Record<ResourceKind, ResourceMethods> = {
    connector: refusingPreFabricState("connector", {
        check: connectorMethods.check,
        diff: connectorMethods.diff,
        create: connectorMethods.create,
        read: connectorMethods.read,
        update: connectorMethods.update,
        remove: connectorMethods.remove,
    }),
    companyGroup: refusingPreFabricState("companyGroup", {
        check: companyGroupMethods.check,
        diff: companyGroupMethods.diff,
        create: companyGroupMethods.create,
        read: companyGroupMethods.read,
        update: companyGroupMethods.update,
        remove: companyGroupMethods.remove,
    }),
    service: refusingPreFabricState("service", {
        check: serviceMethods.check,
        diff: serviceMethods.diff,
        create: serviceMethods.create,
        read: serviceMethods.read,
        update: serviceMethods.update,
        remove: serviceMethods.remove,
    }),
};

/**
 * The entry every adapter stored since the move to Fabric calls (test/upgrade keeps each one as it
 * was stored). Its name, argument and the methods it returns never change; an adapter that needs
 * another shape calls a new `adapterV2`, and this one stays for the states that hold V1.
 */
export function adapterV1(resource: ResourceKind): ResourceMethods {
    const methods = resources[resource];
    return { ...methods, check: async (olds, news) => failuresForTheEngine(await methods.check(olds, news)) };
}

/**
 * The entry the adapters stored now call (../dynamic): the provider object Pulumi's dynamic-provider
 * host expects, whole, so the stored text is one `require` and one call, as small as it can be
 * (../dynamic says why). Its name, argument and shape never change, as `adapterV1`'s.
 */
export function adapterV2(resource: ResourceKind): pulumi.dynamic.ResourceProvider {
    const methods = adapterV1(resource);
    return {
        configure: async (request) => configure(request.config),
        check: (olds, news) => methods.check(olds, news),
        diff: (_id, olds, news) => methods.diff(olds, news),
        create: (inputs) => methods.create(inputs),
        read: (id, props) => methods.read(id, props),
        update: (id, olds, news) => methods.update(id, olds, news),
        delete: (id, props) => methods.remove(id, props),
    };
}

// The adapters of the releases before Fabric called `implementation()[resource]` directly; they
// find the same methods here, which answer their state with one line of advice.
export const connector = resources.connector;
export const service = resources.service;
