// Fake stack resources for calling the policies directly, shaped as the policy server builds them:
// properties behind the unknown-checking proxy, secrets already unwrapped to plain values.
import { unknownCheckingProxy, type PolicyResource, type PolicyResourceOptions, type StackValidationPolicy } from "@pulumi/policy";
import { CONNECTOR_TYPE } from "../../policy/policies";

/** The engine's sentinels for an unknown string and object during preview, as @pulumi/policy knows them. */
const sentinels = require("@pulumi/policy/proxy") as { unknownStringValue: string; unknownObjectValue: string };
export const UNKNOWN_STRING = sentinels.unknownStringValue;
export const UNKNOWN_OBJECT = sentinels.unknownObjectValue;

export function resource(
    name: string,
    props: Record<string, unknown>,
    type = CONNECTOR_TYPE,
    propertyDependencies: Record<string, PolicyResource[]> = {},
): PolicyResource {
    return {
        type,
        name,
        urn: `urn:pulumi:dev::shop::${type}::${name}`,
        props: unknownCheckingProxy(props),
        opts: { protect: false, ignoreChanges: [], aliases: [], additionalSecretOutputs: [] } as unknown as PolicyResourceOptions,
        dependencies: [...new Set(Object.values(propertyDependencies).flat())],
        propertyDependencies,
        isType: () => false,
        asType: () => undefined,
    };
}

export interface Violation {
    message: string;
    urn?: string;
}

export async function violations(policy: StackValidationPolicy, resources: PolicyResource[]): Promise<Violation[]> {
    const found: Violation[] = [];
    await policy.validateStack(
        {
            resources,
            stackTags: new Map(),
            getConfig: <T extends object>() => ({}) as T,
            notApplicable: (reason?: string) => {
                throw new Error(`notApplicable: ${reason}`);
            },
        },
        (message, urn) => found.push({ message, urn }),
    );
    return found;
}
