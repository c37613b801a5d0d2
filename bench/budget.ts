// The budget mode: the connector and service steps against the emulator at Patchworks' 60 requests
// a minute per user (fact sheet 2.5), with the provider at its default pace. Per step: the requests
// (reads and writes apart), the 429s the emulator answered, the wall time, and the physical floor:
// the step's writes beyond a minute's 60 at 60 a minute, plus what the engine itself costs (the
// floor program's time).
import { setTimeout as sleep } from "node:timers/promises";
import { type LoggedRequest, type RunningEmulator, startEmulator } from "../test/support/emulator";
import { DECLARE, expectedChanges } from "./connector-cycle";
import { checkStep, log, logStep, measure, onFreshPair, operations, type Measured } from "./measure";
import type { Options } from "./options";
import { SERVICE_STEP_LABELS, SERVICE_STEPS, STEP_LABELS, STEPS, type BudgetRun, type BudgetStep } from "./report";
import { expectedServiceChanges, servicesProgram } from "./service-cycle";
import { program, serviceWorkloadCompanyGroups, TIMEZONES, workload, workloadCompanyGroups } from "./workload";

/** Patchworks' limit per user (fact sheet 2.5), and the provider's default pace (patchworks:requestsPerMinute). */
const FABRIC_RATE_LIMIT = 60;

/** The stacks keep the provider's default pace; only the emulator and the API key come from the fixture. */
const DEFAULT_PACE = { "patchworks:requestsPerMinute": { value: String(FABRIC_RATE_LIMIT) } };

function budgetStep(label: string, measured: Measured): BudgetStep {
    const answered = (r: LoggedRequest) => r.status !== 429;
    const ours = measured.requests.ours;
    const writes = ours.filter((r) => r.method !== "GET" && answered(r)).length;
    return {
        label,
        oursMs: measured.ms.ours,
        floorMs: measured.ms.floor,
        reads: ours.filter((r) => r.method === "GET" && answered(r)).length,
        writes,
        tooMany: ours.filter((r) => !answered(r)).length,
        // The first minute's worth goes at once; every write beyond it waits for its place.
        physicalFloorMs: measured.ms.floor + (Math.max(0, writes - FABRIC_RATE_LIMIT) / FABRIC_RATE_LIMIT) * 60_000,
        changes: measured.changes.ours,
    };
}

/**
 * Patchworks counts a user's requests in fixed windows of a minute (fact sheet 2.5): a step that
 * starts while the previous step's minute is spent waits for it, which no client can avoid and the
 * physical floor does not count. So each step starts on a fresh minute, as a pipeline run on an
 * account idle for a minute would: a minute after the last request the emulator answered.
 */
async function freshMinute(emulator: RunningEmulator): Promise<void> {
    const last = (await emulator.requests()).at(-1);
    if (!last) return;
    const wait = Date.parse(last.at) + 60_000 + 1_000 - Date.now();
    if (wait <= 0) return;
    log(`budget mode: waiting ${Math.ceil(wait / 1000)} s for a fresh minute of the budget`);
    await sleep(wait);
}

function noteTooMany(anomalies: string[], where: string, step: BudgetStep): void {
    if (step.tooMany > 0) anomalies.push(`budget mode, ${where}: the emulator answered ${step.tooMany} requests with 429`);
}

/** One cycle of the connector steps and one of the service steps, each on a fresh emulator at 60 a minute. */
export async function budget(options: Options, anomalies: string[]): Promise<Omit<BudgetRun, "environment">> {
    const n = options.budgetSize;
    const m = options.budgetServiceSize;
    const connectors: BudgetStep[] = [];
    let emulator = await startEmulator({ companyGroups: workloadCompanyGroups(n), rateLimit: FABRIC_RATE_LIMIT });
    try {
        await onFreshPair(
            emulator,
            (side) => program(workload(n, TIMEZONES.before), DECLARE[side]),
            async (pair) => {
                const ops = operations(options.parallel);
                for (const [index, id] of STEPS.entries()) {
                    if (id === "upChange") {
                        for (const side of ["ours", "floor"] as const)
                            pair[side].stack.workspace.program = program(workload(n, TIMEZONES.after), DECLARE[side]);
                    }
                    await freshMinute(emulator);
                    const measured = await measure(emulator, pair, ops[id], index);
                    logStep(`budget N=${n} ${STEP_LABELS[id]}`, measured);
                    checkStep(anomalies, `budget mode, N = ${n}, ${STEP_LABELS[id]}`, measured, expectedChanges(id, n));
                    const step = budgetStep(STEP_LABELS[id], measured);
                    noteTooMany(anomalies, `N = ${n}, ${step.label}`, step);
                    connectors.push(step);
                }
            },
            DEFAULT_PACE,
        );
    } finally {
        await emulator.stop();
    }
    const services: BudgetStep[] = [];
    emulator = await startEmulator({
        companyGroups: serviceWorkloadCompanyGroups(m),
        activeServiceLimit: 2 * m,
        rateLimit: FABRIC_RATE_LIMIT,
    });
    try {
        await onFreshPair(
            emulator,
            (side) => servicesProgram(side, m),
            async (pair) => {
                const ops = operations(options.parallel);
                for (const [index, id] of SERVICE_STEPS.entries()) {
                    await freshMinute(emulator);
                    const measured = await measure(emulator, pair, ops[id], index);
                    logStep(`budget services N=${m} ${SERVICE_STEP_LABELS[id]}`, measured);
                    checkStep(
                        anomalies,
                        `budget mode, services N = ${m}, ${SERVICE_STEP_LABELS[id]}`,
                        measured,
                        expectedServiceChanges(id, m),
                    );
                    const step = budgetStep(SERVICE_STEP_LABELS[id], measured);
                    noteTooMany(anomalies, `services N = ${m}, ${step.label}`, step);
                    services.push(step);
                }
            },
            DEFAULT_PACE,
        );
    } finally {
        await emulator.stop();
    }
    log(`budget mode: ${connectors.length + services.length} steps measured`);
    return { rateLimit: FABRIC_RATE_LIMIT, connectors: { n, steps: connectors }, services: { n: m, steps: services } };
}
