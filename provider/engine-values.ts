// Values the Pulumi engine puts into a provider's inputs. Taken from @pulumi/pulumi itself, so they
// cannot drift from the engine's protocol.
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";

/** An input that is not known yet: during preview, a value that comes from another resource's output. */
export function isUnknown(value: unknown): boolean {
    return value === unknownValue;
}

/**
 * Output-only properties, registered unset: the SDK makes an Output only for the properties a
 * resource is given.
 */
export function unsetOutputs<Name extends string>(names: readonly Name[]): Record<Name, undefined> {
    return Object.fromEntries(names.map((name) => [name, undefined])) as Record<Name, undefined>;
}
