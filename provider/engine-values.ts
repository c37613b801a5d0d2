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

interface CheckFailureLike {
    property: string;
    reason: string;
}

/**
 * Check failures as the engine should print them. The engine prints a failure with a property as
 * "property 'x' value <the value> has a problem": a nested path ("destination.entity") reads as
 * `{<nil>}` and a large value is echoed whole. Without a property it prints "resource 'r' has a
 * problem: <reason>", so the path leads the reason instead.
 */
export function failuresForTheEngine<T extends { failures?: CheckFailureLike[] }>(result: T): T {
    if (!result.failures || result.failures.length === 0) return result;
    return {
        ...result,
        failures: result.failures.map(({ property, reason }) => ({ property: "", reason: property ? `${property}: ${reason}` : reason })),
    };
}
