import * as pulumi from "@pulumi/pulumi";
import { storedAdapter } from "../provider/dynamic";
import type { ResourceKind } from "../provider/upgrade";

/**
 * A resource served by Pulumi's Node.js dynamic-provider host, registered as
 * `pulumi.dynamic.Resource` registers one (type `pulumi-nodejs:dynamic/patchworks:<type>`, the
 * adapter in `__provider`), with the adapter text of ../provider/dynamic instead of one the SDK
 * serializes from a closure.
 */
export abstract class PatchworksResource extends pulumi.CustomResource {
    constructor(kind: ResourceKind, type: string, name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
        super(`pulumi-nodejs:dynamic/patchworks:${type}`, name, { ...props, __provider: storedAdapter(kind) }, opts);
    }
}
