// The service cycle: N services over N/2 connector pairs, four steps on a fresh pair of stacks.
import { Connector, Service } from "../sdk";
import { startEmulator, type RunningEmulator } from "../test/support/emulator";
import { createTestStack } from "../test/support/pulumi";
import { floorConnector, floorService, type FloorEndpointConnector } from "./floor";
import {
    checkStep,
    countRequests,
    log,
    logStep,
    measure,
    OUT_OF_REACH_RATE_LIMIT,
    onFreshPair,
    operations,
    requestsTo,
    timings,
    type Measured,
    type Side,
} from "./measure";
import type { Options } from "./options";
import {
    SERVICE_STEP_LABELS,
    SERVICE_STEPS,
    type ServiceRun,
    type ServiceSizeResult,
    type ServiceStepId,
    type ServiceStepResult,
} from "./report";
import { SERVICES_PER_PAIR, serviceProgram, serviceWorkload, serviceWorkloadCompanyGroups, type ServiceDeclarations } from "./workload";

const SERVICE_DECLARATIONS: { ours: ServiceDeclarations<Connector>; floor: ServiceDeclarations<FloorEndpointConnector> } = {
    ours: {
        connector: (name, args) => new Connector(name, args),
        service: (name, settings, source, destination) => new Service(name, { ...settings, source, destination }),
    },
    floor: {
        connector: (name, args) => ({ args, resource: floorConnector(name, args) }),
        service: floorService,
    },
};

export function servicesProgram(side: Side, n: number) {
    const declared = serviceWorkload(n);
    return side === "ours" ? serviceProgram(declared, SERVICE_DECLARATIONS.ours) : serviceProgram(declared, SERVICE_DECLARATIONS.floor);
}

/** What the engine must report for each services step: N services, N connectors and the stack resource. */
export function expectedServiceChanges(id: ServiceStepId, n: number): Record<string, number> {
    const resources = 2 * n + 1;
    switch (id) {
        case "previewNew":
        case "upCreate":
            return { create: resources };
        case "destroy":
            return { delete: resources };
        case "previewSame":
            return { same: resources };
    }
}

/** The services steps on a fresh pair of stacks, ending with both destroyed. */
function serviceCycle(
    emulator: RunningEmulator,
    n: number,
    phase: number,
    parallel: number | undefined,
): Promise<Record<ServiceStepId, Measured>> {
    return onFreshPair(
        emulator,
        (side) => servicesProgram(side, n),
        async (pair) => {
            const ops = operations(parallel);
            const steps = {} as Record<ServiceStepId, Measured>;
            for (const [stepIndex, id] of SERVICE_STEPS.entries()) {
                steps[id] = await measure(emulator, pair, ops[id], stepIndex + phase);
                logStep(`services N=${n} ${SERVICE_STEP_LABELS[id]}`, steps[id]);
            }
            return steps;
        },
    );
}

async function benchServices(
    emulator: RunningEmulator,
    n: number,
    sizeIndex: number,
    options: Options,
    anomalies: string[],
): Promise<ServiceSizeResult> {
    const cycles: Record<ServiceStepId, Measured>[] = [];
    for (let c = 0; c < options.repeat; c++) {
        log(`services N=${n}: cycle ${c + 1} of ${options.repeat}`);
        cycles.push(await serviceCycle(emulator, n, sizeIndex + c, options.parallel));
    }
    const steps = {} as Record<ServiceStepId, ServiceStepResult>;
    for (const id of SERVICE_STEPS) {
        const expected = expectedServiceChanges(id, n);
        for (const [c, measured] of cycles.entries()) {
            checkStep(anomalies, `services N = ${n}, cycle ${c + 1}, ${SERVICE_STEP_LABELS[id]}`, measured[id], expected);
        }
        // The most any cycle made, so the report is judged on the worst.
        const worst = (collection: string) =>
            cycles
                .map((cy) => countRequests(requestsTo(cy[id].requests.ours, collection), collection))
                .reduce((a, b) => (b.total > a.total ? b : a));
        steps[id] = {
            ...timings(cycles.map((cy) => cy[id])),
            serviceRequests: worst("services"),
            connectorRequests: worst("connectors"),
            totalRequests: Math.max(...cycles.map((cy) => cy[id].requests.ours.length)),
            changes: cycles[0][id].changes.ours,
        };
    }
    return { n, repeat: options.repeat, steps };
}

/** The services step at every size, each on a fresh emulator, after one unmeasured preview per side. */
export async function services(options: Options, anomalies: string[]): Promise<Omit<ServiceRun, "environment">> {
    const largest = Math.max(...options.serviceSizes);
    const warm = await startEmulator({ companyGroups: serviceWorkloadCompanyGroups(SERVICES_PER_PAIR) });
    try {
        log("services: warming up");
        for (const side of ["ours", "floor"] as Side[]) {
            const testStack = await createTestStack({ emulator: warm, program: servicesProgram(side, SERVICES_PER_PAIR) });
            try {
                await testStack.stack.preview();
            } finally {
                testStack.dispose();
            }
        }
    } finally {
        await warm.stop();
    }
    const results: ServiceSizeResult[] = [];
    for (const [sizeIndex, n] of options.serviceSizes.entries()) {
        // Every service of the workload is active: the subscription's allowance holds them all with room to
        // spare, so the steps measure the services' cost, not the allowance (its checks have their own tests).
        const emulator = await startEmulator({
            companyGroups: serviceWorkloadCompanyGroups(largest),
            activeServiceLimit: 2 * largest,
            rateLimit: OUT_OF_REACH_RATE_LIMIT,
        });
        try {
            results.push(await benchServices(emulator, n, sizeIndex, options, anomalies));
        } finally {
            await emulator.stop();
        }
    }
    return { repeat: options.repeat, results };
}
