// The connector cycle: the seven steps of N connectors on a fresh pair of stacks (ours and the
// floor, ABBA), each cycle ending with both destroyed, and the warm-up before the first.
import { Connector, type ConnectorArgs } from "../sdk";
import type { RunningEmulator } from "../test/support/emulator";
import { createTestStack } from "../test/support/pulumi";
import { floorConnector } from "./floor";
import {
    checkpoint,
    checkStep,
    countRequests,
    log,
    logStep,
    measure,
    onFreshPair,
    operations,
    timings,
    type Measured,
    type Side,
    type StateAtRest,
} from "./measure";
import type { Options } from "./options";
import { STEP_LABELS, STEPS, type SizeResult, type StepId, type StepResult } from "./report";
import { program, TIMEZONES, workload } from "./workload";

export const DECLARE: Record<Side, (name: string, args: ConnectorArgs) => unknown> = {
    ours: (name, args) => new Connector(name, args),
    floor: floorConnector,
};
const RESOURCE_TYPE: Record<Side, string> = {
    ours: "pulumi-nodejs:dynamic/patchworks:Connector",
    floor: "pulumi-nodejs:dynamic/bench:FloorConnector",
};

/** What the engine must report for each step of N connectors (plus the stack resource). */
export function expectedChanges(id: StepId, n: number): Record<string, number> {
    switch (id) {
        case "previewNew":
        case "upCreate":
            return { create: n + 1 };
        case "upChange":
            return { same: 1, update: n };
        case "destroy":
            return { delete: n + 1 };
        default:
            return { same: n + 1 };
    }
}

interface Cycle {
    steps: Record<StepId, Measured>;
    ours: StateAtRest;
    floor: StateAtRest;
}

/**
 * With a file backend the engine rewrites the whole checkpoint after every resource it creates,
 * updates or deletes, a cost per byte of state; PULUMI_SKIP_CHECKPOINTS=true has it write the state
 * once at the end instead, so a cycle without checkpoints shows what the provider costs apart from it.
 */
export type Checkpoints = "per resource" | "skipped";

/** One pass over every step, on a fresh pair of stacks, ending with both stacks destroyed. */
function cycle(
    emulator: RunningEmulator,
    n: number,
    phase: number,
    parallel: number | undefined,
    checkpoints: Checkpoints,
): Promise<Cycle> {
    return onFreshPair(
        emulator,
        (side) => program(workload(n, TIMEZONES.before), DECLARE[side]),
        async (pair) => {
            if (checkpoints === "skipped") {
                for (const side of ["ours", "floor"] as Side[]) pair[side].stack.workspace.envVars.PULUMI_SKIP_CHECKPOINTS = "true";
            }
            const ops = operations(parallel);
            const steps = {} as Record<StepId, Measured>;
            const states = {} as Record<Side, StateAtRest>;
            for (const [stepIndex, id] of STEPS.entries()) {
                if (id === "upChange") {
                    for (const side of ["ours", "floor"] as Side[]) {
                        pair[side].stack.workspace.program = program(workload(n, TIMEZONES.after), DECLARE[side]);
                    }
                }
                const measured = await measure(emulator, pair, ops[id], stepIndex + phase);
                steps[id] = measured;
                logStep(`N=${n}${checkpoints === "skipped" ? " (checkpoints skipped)" : ""} ${STEP_LABELS[id]}`, measured);
                if (id === "upCreate") {
                    for (const side of ["ours", "floor"] as Side[]) states[side] = checkpoint(pair[side], RESOURCE_TYPE[side]);
                }
            }
            return { steps, ours: states.ours, floor: states.floor };
        },
    );
}

export async function benchSize(
    emulator: RunningEmulator,
    n: number,
    sizeIndex: number,
    options: Options,
    anomalies: string[],
    checkpoints: Checkpoints = "per resource",
): Promise<SizeResult> {
    const cycles: Cycle[] = [];
    const skipped = checkpoints === "skipped" ? ", checkpoints skipped" : "";
    for (let c = 0; c < options.repeat; c++) {
        log(`N=${n}${skipped}: cycle ${c + 1} of ${options.repeat}`);
        cycles.push(await cycle(emulator, n, sizeIndex + c, options.parallel, checkpoints));
    }
    const steps = {} as Record<StepId, StepResult>;
    for (const id of STEPS) {
        const expected = expectedChanges(id, n);
        for (const [c, { steps: measured }] of cycles.entries())
            checkStep(anomalies, `N = ${n}${skipped}, cycle ${c + 1}, ${STEP_LABELS[id]}`, measured[id], expected);
        // Requests are deterministic; the most any cycle made is reported, so a target is judged on the worst.
        const counted = cycles.map((cy) => countRequests(cy.steps[id].requests.ours));
        const worst = counted.reduce((a, b) => (b.total > a.total ? b : a));
        steps[id] = {
            ...timings(cycles.map((cy) => cy.steps[id])),
            requests: worst,
            floorRequests: Math.max(...cycles.map((cy) => cy.steps[id].requests.floor.length)),
            changes: cycles[0].steps[id].changes.ours,
            apiWindows: cycles.map((cy) => cy.steps[id].apiWindow ?? null),
        };
    }
    const first = cycles[0];
    for (const side of ["ours", "floor"] as Side[]) {
        if (first[side].resources !== n) anomalies.push(`N = ${n}: ${side} state holds ${first[side].resources} connectors, expected ${n}`);
    }
    // The engine copies the adapter into every message and checkpoint: a longer one would make the floor no floor.
    if (first.floor.providerBytes > first.ours.providerBytes)
        anomalies.push(
            `N = ${n}: the floor's stored adapter (${first.floor.providerBytes} bytes) is longer than ours (${first.ours.providerBytes})`,
        );
    return {
        n,
        repeat: options.repeat,
        steps,
        oursStateBytes: first.ours.bytes,
        floorStateBytes: first.floor.bytes,
        oursProviderBytes: first.ours.providerBytes,
        floorProviderBytes: first.floor.providerBytes,
    };
}

/** One unmeasured preview of each program, so neither pays for a cold CLI, plugin or module cache. */
export async function warmUp(emulator: RunningEmulator): Promise<void> {
    for (const side of ["ours", "floor"] as Side[]) {
        const testStack = await createTestStack({ emulator, program: program(workload(2, TIMEZONES.before), DECLARE[side]) });
        try {
            await testStack.stack.preview();
        } finally {
            testStack.dispose();
        }
    }
}
