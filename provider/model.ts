// The vocabulary every part of the provider shares: defined once, used by the client, the
// resources, the SDK and the policy pack.

export const ENVIRONMENTS = ["live", "test"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** One reason a check refuses an input, keyed by its property path ("credentials.store"). */
export interface CheckFailure {
    property: string;
    reason: string;
}

/**
 * The SDK's verdict on the program as a whole (a duplicate key known only at deploy time, a
 * credential key the engine would drop), passed as an input so that resource's check fails with it.
 */
export const PROGRAM_CHECK_INPUT = "__programCheck";
