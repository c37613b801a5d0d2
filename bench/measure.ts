// What the connector and service cycles share: the two sides (our provider and the floor), one
// step measured on both (wall time, CPU, the engine's changes and the API requests each made), the
// requests counted by kind, the checkpoint at rest, and the engine's operations.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { PulumiFn, Stack } from "@pulumi/pulumi/automation";
import type { LoggedRequest, RunningEmulator } from "../test/support/emulator";
import { type ConfigValue, createTestStack, type TestStack } from "../test/support/pulumi";
import { sampleProviderMemory } from "./memory";
import { median, type RequestCounts, type StepId } from "./report";

export type Side = "ours" | "floor";
const CLOCK_TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux

/**
 * CPU time (ms) used so far by this process (language host of the inline program, emulator,
 * Automation API) plus every descendant it has reaped: the Pulumi CLI and, through it, the
 * provider plugin processes. Far less sensitive than wall time to other load on the machine.
 */
function cpuMs(): number {
    const self = process.cpuUsage();
    let children = 0;
    try {
        const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
        children = ((Number(fields[13]) + Number(fields[14])) * 1000) / CLOCK_TICKS_PER_SECOND;
    } catch {
        // Not Linux: this process only.
    }
    return (self.user + self.system) / 1000 + children;
}

export function log(text: string): void {
    process.stderr.write(`bench: ${text}\n`);
}

/** Requests by kind, to one collection of the API: "connectors" (default) or "services". */
export function countRequests(requests: readonly LoggedRequest[], collection = "connectors"): RequestCounts {
    const counts: RequestCounts = { total: 0, listCalls: 0, listPages: 0, getById: 0, post: 0, put: 0, delete: 0, other: 0 };
    const collectionPath = new RegExp(`/${collection}/?$`);
    const itemPath = new RegExp(`/${collection}/[^/]+$`);
    for (const r of requests) {
        counts.total++;
        const [pathname, query = ""] = r.path.split("?");
        const isCollection = collectionPath.test(pathname);
        const item = itemPath.test(pathname);
        if (r.method === "GET" && isCollection) {
            counts.listPages++;
            const page = new URLSearchParams(query).get("page");
            if (page === null || page === "1") counts.listCalls++;
        } else if (r.method === "GET" && item) counts.getById++;
        else if (r.method === "POST" && isCollection) counts.post++;
        else if (r.method === "PUT" && item) counts.put++;
        else if (r.method === "DELETE" && item) counts.delete++;
        else counts.other++;
    }
    return counts;
}

/** The requests to one collection of the API, e.g. "services". */
export function requestsTo(requests: readonly LoggedRequest[], collection: string): LoggedRequest[] {
    const pattern = new RegExp(`/${collection}(/[^/]+)?/?$`);
    return requests.filter((r) => pattern.test(r.path.split("?")[0]));
}

/** The stack's checkpoint as stored at rest: its one JSON file in the file backend (not the .bak). */
export interface StateAtRest {
    bytes: number;
    providerBytes: number;
    resources: number;
}

export function checkpoint(testStack: TestStack, type: string): StateAtRest {
    const stacksDir = path.join(testStack.backendDir, ".pulumi", "stacks");
    const files = readdirSync(stacksDir, { withFileTypes: true, recursive: true })
        .filter((entry) => entry.isFile() && entry.name.endsWith(".json"))
        .map((entry) => path.join(entry.parentPath, entry.name));
    if (files.length !== 1) throw new Error(`expected one checkpoint file under ${stacksDir}, found ${files.length}`);
    const text = readFileSync(files[0], "utf8");
    const state = JSON.parse(text) as { checkpoint: { latest: { resources?: { type: string; inputs?: Record<string, unknown> }[] } } };
    const resources = (state.checkpoint.latest.resources ?? []).filter((r) => r.type === type);
    const provider = resources[0]?.inputs?.__provider;
    if (typeof provider !== "string") throw new Error(`no ${type} with a __provider string in the state`);
    return { bytes: Buffer.byteLength(text), providerBytes: Buffer.byteLength(provider), resources: resources.length };
}

export interface Pair {
    ours: TestStack;
    floor: TestStack;
}

export type Operation = (stack: Stack) => Promise<Record<string, number>>;

function changes(summary: Record<string, number> | undefined): Record<string, number> {
    return Object.fromEntries(
        Object.entries(summary ?? {})
            .filter(([, v]) => v > 0)
            .sort(([a], [b]) => a.localeCompare(b)),
    );
}

export interface Measured {
    ms: Record<Side, number>;
    cpu: Record<Side, number>;
    changes: Record<Side, Record<string, number>>;
    requests: Record<Side, LoggedRequest[]>;
    /** Our requests' response times, ms after the step started: first and last. */
    apiWindow?: [number, number];
    /** The largest peak resident memory of a dynamic-provider process during the step, bytes (null: none seen). */
    providerPeak: Record<Side, number | null>;
}

/**
 * One step on both stacks, timed, with the API requests each made. ABBA: the side that goes first
 * alternates with `turn` (every step, cycle and size).
 */
export async function measure(emulator: RunningEmulator, pair: Pair, operation: Operation, turn: number): Promise<Measured> {
    const order: Side[] = turn % 2 === 0 ? ["ours", "floor"] : ["floor", "ours"];
    const measured = { ms: {}, cpu: {}, changes: {}, requests: {}, providerPeak: {} } as Measured;
    for (const side of order) {
        const before = (await emulator.requests()).length;
        const startedAtEpoch = Date.now();
        const cpuBefore = cpuMs();
        const memory = sampleProviderMemory();
        const started = performance.now();
        measured.changes[side] = await operation(pair[side].stack).finally(() => {
            measured.providerPeak[side] = memory.stop();
        });
        measured.ms[side] = performance.now() - started;
        measured.cpu[side] = cpuMs() - cpuBefore;
        const all = await emulator.requests();
        if (all.length >= 10_000) throw new Error("the emulator's request log is full; counts would be wrong");
        measured.requests[side] = all.slice(before);
        if (side === "ours" && measured.requests.ours.length > 0) {
            const times = measured.requests.ours.map((r) => Date.parse(r.at) - startedAtEpoch);
            measured.apiWindow = [Math.min(...times), Math.max(...times)];
        }
    }
    return measured;
}

export function logStep(what: string, measured: Measured): void {
    log(
        `${what}: ours ${(measured.ms.ours / 1000).toFixed(2)} s, floor ${(measured.ms.floor / 1000).toFixed(2)} s, ` +
            `${(measured.ms.ours / measured.ms.floor).toFixed(2)}x (CPU ${(measured.cpu.ours / 1000).toFixed(2)} s / ${(measured.cpu.floor / 1000).toFixed(2)} s), ` +
            `${measured.requests.ours.length} requests` +
            (measured.apiWindow ? ` (API from ${measured.apiWindow[0]} to ${measured.apiWindow[1]} ms)` : ""),
    );
}

/**
 * A pair of stacks, one a side, on an empty account with an empty request log (the log is bounded
 * at 10,000 entries); both are disposed of afterwards.
 */
export async function onFreshPair<T>(
    emulator: RunningEmulator,
    programOf: (side: Side) => PulumiFn,
    use: (pair: Pair) => Promise<T>,
    config: Record<string, ConfigValue> = {},
): Promise<T> {
    await emulator.reset();
    const stacks: Partial<Pair> = {};
    try {
        for (const side of ["ours", "floor"] as Side[])
            stacks[side] = await createTestStack({ emulator, program: programOf(side), config });
        return await use(stacks as Pair);
    } finally {
        stacks.ours?.dispose();
        stacks.floor?.dispose();
    }
}

/** Notes where a step of one cycle is off: the engine reported other changes, or the floor called the API. */
export function checkStep(anomalies: string[], where: string, measured: Measured, expected: Record<string, number>): void {
    for (const side of ["ours", "floor"] as Side[]) {
        if (JSON.stringify(measured.changes[side]) !== JSON.stringify(expected)) {
            anomalies.push(
                `${where}, ${side}: the engine reported ${JSON.stringify(measured.changes[side])}, expected ${JSON.stringify(expected)}`,
            );
        }
    }
    if (measured.requests.floor.length > 0) anomalies.push(`${where}: the floor made ${measured.requests.floor.length} API requests`);
}

/** A step's times over the cycles: the medians, and every run. */
export function timings(runs: readonly Measured[]) {
    return {
        oursMs: median(runs.map((m) => m.ms.ours)),
        floorMs: median(runs.map((m) => m.ms.floor)),
        oursCpuMs: median(runs.map((m) => m.cpu.ours)),
        floorCpuMs: median(runs.map((m) => m.cpu.floor)),
        oursRuns: runs.map((m) => m.ms.ours),
        floorRuns: runs.map((m) => m.ms.floor),
        oursPeakBytes: maxOf(runs.map((m) => m.providerPeak.ours)),
        floorPeakBytes: maxOf(runs.map((m) => m.providerPeak.floor)),
    };
}

export function operations(parallel: number | undefined): Record<StepId, Operation> {
    const opts = parallel === undefined ? {} : { parallel };
    const preview: Operation = async (stack) => changes((await stack.preview(opts)).changeSummary);
    const up: Operation = async (stack) => changes((await stack.up(opts)).summary.resourceChanges);
    return {
        previewNew: preview,
        upCreate: up,
        previewSame: preview,
        upSame: up,
        upChange: up,
        refresh: async (stack) => changes((await stack.refresh(opts)).summary.resourceChanges),
        destroy: async (stack) => changes((await stack.destroy(opts)).summary.resourceChanges),
    };
}

/**
 * The emulator's limit when the benchmark measures the engine's pace, not the API's: enforced, and
 * out of reach, so its X-RateLimit-Remaining never tells the provider to wait (without a limit the
 * emulator reports Fabric's 60 a minute, which the provider honours).
 */
export const OUT_OF_REACH_RATE_LIMIT = 1_000_000;

/** The largest of the sampled values; null when none was sampled. */
function maxOf(values: (number | null)[]): number | null {
    const sampled = values.filter((v): v is number => v !== null);
    return sampled.length === 0 ? null : Math.max(...sampled);
}
