import type * as pulumi from "@pulumi/pulumi";
import { COMPANY_GROUP_OUTPUT_ONLY } from "../provider/company-group/validate";
import { unsetOutputs } from "../provider/engine-values";
import { PatchworksResource } from "./resource";

export interface CompanyGroupArgs {
    /** 3-128 characters: letters, digits, space, "-", "&"; unique in the company. Changes in place. */
    name: pulumi.Input<string>;
    /** Fixed at create; by default the name lower-cased with other characters as "_". It can never change. */
    username?: pulumi.Input<string>;
    /** Another CompanyGroup (Patchworks' nested groups). Changes in place. */
    parent?: CompanyGroup;
    /** Take over the existing group with this name. */
    adopt?: pulumi.Input<boolean>;
}

/** A Patchworks company group (Fabric's "integration"). Creating, changing and deleting one needs a client-admin user. */
export class CompanyGroup extends PatchworksResource {
    declare public readonly name: pulumi.Output<string>;
    /** What Patchworks stored; connectors name their group by it, and their ids start with it. */
    declare public readonly username: pulumi.Output<string>;
    /** The parent group's companyGroupId. */
    declare public readonly parent: pulumi.Output<string | undefined>;
    declare public readonly adopt: pulumi.Output<boolean>;
    /** Patchworks' numeric id, as a string. */
    declare public readonly companyGroupId: pulumi.Output<string>;
    /** Patchworks' slug of the name (used in Inbound API URLs). */
    declare public readonly slug: pulumi.Output<string>;

    constructor(name: string, args: CompanyGroupArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            "companyGroup",
            name,
            {
                name: args.name,
                username: args.username,
                parent: args.parent?.companyGroupId,
                adopt: args.adopt,
                ...unsetOutputs(COMPANY_GROUP_OUTPUT_ONLY),
            },
            // The parent's id is an output of the parent: a child is made after it and deleted before it.
            opts,
        );
    }
}
