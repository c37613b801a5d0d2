// Property tests of the client run from one fixed seed, named in each test's title, so a failure
// on any machine replays exactly (fast-check also prints the seed and the shrunk counterexample).
import fc from "fast-check";

const PROPERTY_SEED = 20_250_601;

const RUNS = 200;

/** A title that names the seed. */
export function seeded(title: string): string {
    return `${title} (fast-check seed ${PROPERTY_SEED}, ${RUNS} runs)`;
}

export function checkProperty<Ts extends [unknown, ...unknown[]]>(property: fc.IProperty<Ts>): void {
    fc.assert(property, { seed: PROPERTY_SEED, numRuns: RUNS });
}

export async function checkAsyncProperty<Ts extends [unknown, ...unknown[]]>(property: fc.IAsyncProperty<Ts>): Promise<void> {
    await fc.assert(property, { seed: PROPERTY_SEED, numRuns: RUNS });
}
