// Values the Pulumi engine puts into a provider's inputs. Taken from @pulumi/pulumi itself, so they
// cannot drift from the engine's protocol.
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";

/** An input that is not known yet: during preview, a value that comes from another resource's output. */
export function isUnknown(value: unknown): boolean {
    return value === unknownValue;
}
