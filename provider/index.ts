// The provider's implementation, loaded by the small serialized adapters in ./dynamic. It lives in
// the installed package (not in the state): one module per resource over one shared runtime.
import type * as pulumi from "@pulumi/pulumi";
import { failuresForTheEngine } from "./engine-values";
import { configure } from "./runtime";
import { refusingPreFabricState, type ResourceKind, type ResourceMethods } from "./upgrade";

export { configure };

/**
 * A resource's methods, its module loaded at the first call: the engine starts one provider process
 * for all of a stack's resources, and a stack without services never loads theirs (nor their
 * catalog): start-up time and peak memory in every step.
 */
function loadedOnFirstCall(load: () => Promise<ResourceMethods>): ResourceMethods {
    let loaded: Promise<ResourceMethods> | undefined;
    const methods = () => {
        loaded ??= load();
        return loaded;
    };
    return {
        check: async (olds, news) => (await methods()).check(olds, news),
        diff: async (olds, news) => (await methods()).diff(olds, news),
        create: async (inputs) => (await methods()).create(inputs),
        read: async (id, props) => (await methods()).read(id, props),
        update: async (id, olds, news) => (await methods()).update(id, olds, news),
        remove: async (id, props) => (await methods()).remove(id, props),
    };
}

const resources: Record<ResourceKind, ResourceMethods> = {
    connector: refusingPreFabricState(
        "connector",
        loadedOnFirstCall(() => import("./connector/provider")),
    ),
    companyGroup: refusingPreFabricState(
        "companyGroup",
        loadedOnFirstCall(() => import("./company-group/provider")),
    ),
    service: refusingPreFabricState(
        "service",
        loadedOnFirstCall(() => import("./service/provider")),
    ),
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
