import * as pulumi from "@pulumi/pulumi";
import { storedAdapter } from "../provider/dynamic";
import { type ResourceKind, TYPE_NAME } from "../provider/upgrade";

/**
 * A resource served by Pulumi's Node.js dynamic-provider host, registered as
 * `pulumi.dynamic.Resource` registers one (type `pulumi-nodejs:dynamic/patchworks:<TYPE_NAME>`, the
 * adapter in `__provider`), with the adapter text of ../provider/dynamic instead of one the SDK
 * serializes from a closure.
 */
export abstract class PatchworksResource extends pulumi.CustomResource {
    constructor(kind: ResourceKind, name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
        super(`pulumi-nodejs:dynamic/patchworks:${TYPE_NAME[kind]}`, name, { ...props, __provider: storedAdapter(kind) }, opts);
    }
}
