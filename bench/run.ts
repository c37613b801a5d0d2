// `npm run bench`: what preview, up, refresh and destroy cost as a stack of connectors (and one of
// services) grows, against the emulator and a local file backend, as a ratio to a floor program
// under the same engine. Writes BENCHMARKS.md. Exits non-zero only when a run fails, never because
// it is slow.
//
//   npm run bench                       # N = 10, 100, 500
//   npm run bench -- --sizes 10         # quick
//   npm run bench -- --repeat 1         # one cycle per size instead of the median of 3
//   npm run bench -- --out /tmp/b.md    # write elsewhere
//   npm run bench -- --quick            # only the program-error step (under a minute): rewrites only
//                                       # its section of the output; 1 run per program unless --repeat
//   npm run bench -- --services         # only the services step (N = 10, 100 unless --sizes): rewrites
//                                       # only its section of the output
//   npm run bench -- --service-sizes 10 # the services step's sizes in a full run (default 10,100)
//   npm run bench -- --quick --before before.json --before-label "what differed"
//                                       # ... beside an earlier run's numbers (its JSON on stdout),
//                                       # e.g. one made with another CLI first on PATH
import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import type { PulumiFn, Stack } from "@pulumi/pulumi/automation";
import { Connector, Service, type ConnectorArgs } from "../sdk";
import { startEmulator, type LoggedRequest, type RunningEmulator } from "../test/support/emulator";
import { createTestStack, pulumiCli, REPO_ROOT, type TestStack } from "../test/support/pulumi";
import { floorConnector, floorService, type FloorEndpointConnector } from "./floor";
import { measureProgramErrors, SAMPLE_MS } from "./program-error";
import {
    median,
    PROGRAM_ERRORS_HEADING,
    render,
    renderProgramErrors,
    renderServices,
    replaceSection,
    SERVICE_STEP_LABELS,
    SERVICE_STEPS,
    SERVICES_HEADING,
    STEP_LABELS,
    STEPS,
    type Environment,
    type ProgramErrorRun,
    type RequestCounts,
    type ServiceRun,
    type ServiceSizeResult,
    type ServiceStepId,
    type ServiceStepResult,
    type SizeResult,
    type StepId,
    type StepResult,
} from "./report";
import {
    program,
    SERVICES_PER_PAIR,
    serviceProgram,
    serviceWorkload,
    serviceWorkloadCompanyGroups,
    TIMEZONES,
    workload,
    workloadCompanyGroups,
    type ServiceDeclarations,
} from "./workload";

const run = promisify(execFile);

const USAGE =
    "usage: npm run bench -- [--sizes 10,100,500] [--service-sizes 10,100] [--repeat R] [--out FILE] [--parallel P] " +
    "[--quick | --services] [--before FILE [--before-label TEXT]] [--help]";

interface Options {
    /** Print the usage and run nothing. */
    help: boolean;
    /** Connectors per stack. */
    sizes: number[];
    /**
     * Services per stack (each stack also holds as many connectors): 10 and 100 by default, since
     * at 500 the engine's checkpoint cost of 1,000 resources is what the connector sizes measure.
     */
    serviceSizes: number[];
    out: string;
    parallel?: number;
    /** Cycles per size, and runs per program of the program-error step; times are medians over them. */
    repeat: number;
    /** Only the program-error step; its section replaces the one in `out`. */
    quick: boolean;
    /** Only the services step; its section replaces the one in `out`. */
    servicesOnly: boolean;
    /** The JSON an earlier run printed, whose program-error numbers are shown as "before". */
    before?: string;
    /** What distinguishes that earlier run. */
    beforeLabel?: string;
}

function parseArgs(argv: string[]): Options {
    const options: Options = {
        sizes: [10, 100, 500],
        serviceSizes: [10, 100],
        out: path.join(REPO_ROOT, "BENCHMARKS.md"),
        repeat: 3,
        help: false,
        quick: false,
        servicesOnly: false,
    };
    let repeatGiven = false;
    let sizesGiven = false;
    const sizes = (flag: string, text: string) => {
        const parsed = text.split(",").map((v) => Number(v.trim()));
        if (parsed.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`${flag} takes positive integers, e.g. 10,100,500`);
        return parsed;
    };
    for (let i = 0; i < argv.length; i++) {
        const value = () => {
            const v = argv[++i];
            if (v === undefined) throw new Error(`${argv[i - 1]} needs a value`);
            return v;
        };
        switch (argv[i]) {
            case "--sizes":
                options.sizes = sizes("--sizes", value());
                sizesGiven = true;
                break;
            case "--service-sizes":
                options.serviceSizes = sizes("--service-sizes", value());
                break;
            case "--out":
                options.out = path.resolve(value());
                break;
            case "--repeat":
                options.repeat = Number(value());
                if (!Number.isInteger(options.repeat) || options.repeat < 1) throw new Error("--repeat takes a positive integer");
                repeatGiven = true;
                break;
            case "--quick":
                options.quick = true;
                break;
            case "--services":
                options.servicesOnly = true;
                break;
            case "--before":
                options.before = path.resolve(value());
                break;
            case "--before-label":
                options.beforeLabel = value();
                break;
            case "--parallel":
                options.parallel = Number(value());
                break;
            case "--help":
            case "-h":
                options.help = true;
                break;
            default:
                throw new Error(`unknown argument ${argv[i]}; ${USAGE}`);
        }
    }
    if (options.quick && !repeatGiven) options.repeat = 1;
    if (options.quick && options.servicesOnly) throw new Error("--quick and --services each run one step alone: pick one");
    // With --services, --sizes are the services' sizes.
    if (options.servicesOnly && sizesGiven) options.serviceSizes = options.sizes;
    const odd = options.serviceSizes.filter((n) => n % SERVICES_PER_PAIR !== 0);
    if (odd.length > 0)
        throw new Error(`services come ${SERVICES_PER_PAIR} per connector pair: the service sizes must be even, not ${odd.join(", ")}`);
    if (options.beforeLabel !== undefined && options.before === undefined) throw new Error("--before-label needs --before FILE");
    return options;
}

type Side = "ours" | "floor";
const DECLARE: Record<Side, (name: string, args: ConnectorArgs) => unknown> = {
    ours: (name, args) => new Connector(name, args),
    floor: floorConnector,
};
const RESOURCE_TYPE: Record<Side, string> = {
    ours: "pulumi-nodejs:dynamic/patchworks:Connector",
    floor: "pulumi-nodejs:dynamic/bench:FloorConnector",
};

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

function log(text: string): void {
    process.stderr.write(`bench: ${text}\n`);
}

/** Requests by kind, to one collection of the API: "connectors" (default) or "services". */
function countRequests(requests: readonly LoggedRequest[], collection = "connectors"): RequestCounts {
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
function requestsTo(requests: readonly LoggedRequest[], collection: string): LoggedRequest[] {
    const pattern = new RegExp(`/${collection}(/[^/]+)?/?$`);
    return requests.filter((r) => pattern.test(r.path.split("?")[0]));
}

/** The stack's checkpoint as stored at rest: its one JSON file in the file backend (not the .bak). */
interface StateAtRest {
    bytes: number;
    providerBytes: number;
    resources: number;
}

function checkpoint(testStack: TestStack, type: string): StateAtRest {
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

interface Pair {
    ours: TestStack;
    floor: TestStack;
}

type Operation = (stack: Stack) => Promise<Record<string, number>>;

function changes(summary: Record<string, number> | undefined): Record<string, number> {
    return Object.fromEntries(
        Object.entries(summary ?? {})
            .filter(([, v]) => v > 0)
            .sort(([a], [b]) => a.localeCompare(b)),
    );
}

function operations(parallel: number | undefined): Record<StepId, Operation> {
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

/** What the engine must report for each step of N connectors (plus the stack resource). */
function expectedChanges(id: StepId, n: number): Record<string, number> {
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

interface Measured {
    ms: Record<Side, number>;
    cpu: Record<Side, number>;
    changes: Record<Side, Record<string, number>>;
    requests: Record<Side, LoggedRequest[]>;
    /** Our requests' response times, ms after the step started: first and last. */
    apiWindow?: [number, number];
}

interface Cycle {
    steps: Record<StepId, Measured>;
    ours: StateAtRest;
    floor: StateAtRest;
}

/**
 * One step on both stacks, timed, with the API requests each made. ABBA: the side that goes first
 * alternates with `turn` (every step, cycle and size).
 */
async function measure(emulator: RunningEmulator, pair: Pair, operation: Operation, turn: number): Promise<Measured> {
    const order: Side[] = turn % 2 === 0 ? ["ours", "floor"] : ["floor", "ours"];
    const measured = { ms: {}, cpu: {}, changes: {}, requests: {} } as Measured;
    for (const side of order) {
        const before = (await emulator.requests()).length;
        const startedAtEpoch = Date.now();
        const cpuBefore = cpuMs();
        const started = performance.now();
        measured.changes[side] = await operation(pair[side].stack);
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

function logStep(what: string, measured: Measured): void {
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
async function onFreshPair<T>(emulator: RunningEmulator, programOf: (side: Side) => PulumiFn, use: (pair: Pair) => Promise<T>): Promise<T> {
    await emulator.reset();
    const stacks: Partial<Pair> = {};
    try {
        for (const side of ["ours", "floor"] as Side[]) stacks[side] = await createTestStack({ emulator, program: programOf(side) });
        return await use(stacks as Pair);
    } finally {
        stacks.ours?.dispose();
        stacks.floor?.dispose();
    }
}

/** Notes where a step of one cycle is off: the engine reported other changes, or the floor called the API. */
function checkStep(anomalies: string[], where: string, measured: Measured, expected: Record<string, number>): void {
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
function timings(runs: readonly Measured[]) {
    return {
        oursMs: median(runs.map((m) => m.ms.ours)),
        floorMs: median(runs.map((m) => m.ms.floor)),
        oursCpuMs: median(runs.map((m) => m.cpu.ours)),
        floorCpuMs: median(runs.map((m) => m.cpu.floor)),
        oursRuns: runs.map((m) => m.ms.ours),
        floorRuns: runs.map((m) => m.ms.floor),
    };
}

/** One pass over every step, on a fresh pair of stacks, ending with both stacks destroyed. */
function cycle(emulator: RunningEmulator, n: number, phase: number, parallel: number | undefined): Promise<Cycle> {
    return onFreshPair(
        emulator,
        (side) => program(workload(n, TIMEZONES.before), DECLARE[side]),
        async (pair) => {
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
                logStep(`N=${n} ${STEP_LABELS[id]}`, measured);
                if (id === "upCreate") {
                    for (const side of ["ours", "floor"] as Side[]) states[side] = checkpoint(pair[side], RESOURCE_TYPE[side]);
                }
            }
            return { steps, ours: states.ours, floor: states.floor };
        },
    );
}

async function benchSize(
    emulator: RunningEmulator,
    n: number,
    sizeIndex: number,
    options: Options,
    anomalies: string[],
): Promise<SizeResult> {
    const cycles: Cycle[] = [];
    for (let c = 0; c < options.repeat; c++) {
        log(`N=${n}: cycle ${c + 1} of ${options.repeat}`);
        cycles.push(await cycle(emulator, n, sizeIndex + c, options.parallel));
    }
    const steps = {} as Record<StepId, StepResult>;
    for (const id of STEPS) {
        const expected = expectedChanges(id, n);
        for (const [c, { steps: measured }] of cycles.entries())
            checkStep(anomalies, `N = ${n}, cycle ${c + 1}, ${STEP_LABELS[id]}`, measured[id], expected);
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
async function warmUp(emulator: RunningEmulator): Promise<void> {
    for (const side of ["ours", "floor"] as Side[]) {
        const testStack = await createTestStack({ emulator, program: program(workload(2, TIMEZONES.before), DECLARE[side]) });
        try {
            await testStack.stack.preview();
        } finally {
            testStack.dispose();
        }
    }
}

// ---- Services: N services over N/2 connector pairs ---------------------------------------------

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

function servicesProgram(side: Side, n: number) {
    const declared = serviceWorkload(n);
    return side === "ours" ? serviceProgram(declared, SERVICE_DECLARATIONS.ours) : serviceProgram(declared, SERVICE_DECLARATIONS.floor);
}

/** What the engine must report for each services step: N services, N connectors and the stack resource. */
function expectedServiceChanges(id: ServiceStepId, n: number): Record<string, number> {
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
async function services(options: Options, anomalies: string[]): Promise<Omit<ServiceRun, "environment">> {
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
        const emulator = await startEmulator({ companyGroups: serviceWorkloadCompanyGroups(largest), activeServiceLimit: 2 * largest });
        try {
            results.push(await benchServices(emulator, n, sizeIndex, options, anomalies));
        } finally {
            await emulator.stop();
        }
    }
    return { repeat: options.repeat, results };
}

async function environment(binDir: string, startedAt: number, loadBefore: number[]): Promise<Environment> {
    const cpuinfo = readFileSync("/proc/cpuinfo", "utf8");
    const cpuModel = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? "unknown";
    const pulumi = path.join(binDir, "pulumi");
    const env = { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" };
    const cliVersion = (await run(pulumi, ["version"], { env })).stdout.trim();
    const help = (await run(pulumi, ["up", "--help"], { env })).stdout;
    const parallelDefault = /--parallel int32 .*\(default (\d+)\)/.exec(help)?.[1];
    const sdk = JSON.parse(readFileSync(path.join(REPO_ROOT, "node_modules/@pulumi/pulumi/package.json"), "utf8")) as { version: string };
    return {
        date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
        nproc: os.availableParallelism(),
        memoryGiB: os.totalmem() / 2 ** 30,
        cpuModel,
        node: process.version,
        pulumiCli: cliVersion,
        pulumiBin: binDir.replace(os.homedir(), "~"),
        pulumiSdk: sdk.version,
        engineParallel: parallelDefault ? `${parallelDefault} (the CLI default)` : "the CLI default",
        loadBefore,
        loadAfter: os.loadavg(),
        totalSeconds: (performance.now() - startedAt) / 1000,
    };
}

/** The program-error numbers of an earlier run, from the JSON it printed. */
function readBefore(file: string, label: string | undefined): ProgramErrorRun {
    const printed = JSON.parse(readFileSync(file, "utf8")) as {
        environment?: Environment;
        programErrors?: Omit<ProgramErrorRun, "environment">;
    };
    if (!printed.environment || !printed.programErrors)
        throw new Error(`${file} is not the JSON of a bench run with the program-error step`);
    return { label, environment: printed.environment, ...printed.programErrors };
}

/** The program-error step on a fresh emulator. */
async function programErrors(options: Options, anomalies: string[]): Promise<Omit<ProgramErrorRun, "environment">> {
    const emulator = await startEmulator();
    try {
        log(`program errors: ${options.repeat} run${options.repeat === 1 ? "" : "s"} of each program`);
        return { repeat: options.repeat, sampleMs: SAMPLE_MS, results: await measureProgramErrors(emulator, options.repeat, anomalies) };
    } finally {
        await emulator.stop();
    }
}

/** Reports where the results went, prints them as JSON, and gives the exit code. */
function finish(out: string, printed: object, anomalies: string[]): number {
    log(`wrote ${path.relative(process.cwd(), out) || out}`);
    process.stdout.write(`${JSON.stringify(printed, null, 2)}\n`);
    if (anomalies.length > 0) {
        log(`the run is marked failed:\n  ${anomalies.join("\n  ")}`);
        return 1;
    }
    return 0;
}

async function main(): Promise<number> {
    let options: Options;
    try {
        options = parseArgs(process.argv.slice(2));
    } catch (error) {
        // A mistake on the command line is one line, not a stack.
        log((error as Error).message);
        return 2;
    }
    if (options.help) {
        console.log(USAGE);
        return 0;
    }
    const before = options.before === undefined ? undefined : readBefore(options.before, options.beforeLabel);
    const startedAt = performance.now();
    const loadBefore = os.loadavg();
    log("making sure a Pulumi CLI is available");
    const { binDir } = await pulumiCli();
    const anomalies: string[] = [];
    const results: SizeResult[] = [];

    if (options.quick) {
        const step = await programErrors(options, anomalies);
        const env = await environment(binDir, startedAt, loadBefore);
        const existing = existsSync(options.out) ? readFileSync(options.out, "utf8") : "# Benchmarks\n";
        writeFileSync(
            options.out,
            replaceSection(existing, PROGRAM_ERRORS_HEADING, renderProgramErrors({ environment: env, ...step }, before)),
        );
        return finish(options.out, { environment: env, programErrors: step, anomalies }, anomalies);
    }

    if (options.servicesOnly) {
        const step = await services(options, anomalies);
        const env = await environment(binDir, startedAt, loadBefore);
        if (options.parallel !== undefined) env.engineParallel = `${options.parallel} (--parallel)`;
        const existing = existsSync(options.out) ? readFileSync(options.out, "utf8") : "# Benchmarks\n";
        writeFileSync(options.out, replaceSection(existing, SERVICES_HEADING, renderServices({ environment: env, ...step })));
        return finish(options.out, { environment: env, services: step, anomalies }, anomalies);
    }

    // The emulator's company profile holds the groups its workload uses (2 connectors to warm up).
    let emulator = await startEmulator({ companyGroups: workloadCompanyGroups(2) });
    try {
        log("warming up");
        await warmUp(emulator);
    } finally {
        await emulator.stop();
    }
    const step = await programErrors(options, anomalies);
    for (const [sizeIndex, n] of options.sizes.entries()) {
        // A fresh emulator per size: an empty account, and a request log far from its bound.
        emulator = await startEmulator({ companyGroups: workloadCompanyGroups(n) });
        try {
            results.push(await benchSize(emulator, n, sizeIndex, options, anomalies));
        } finally {
            await emulator.stop();
        }
    }
    const serviceStep = await services(options, anomalies);
    const env = await environment(binDir, startedAt, loadBefore);
    if (options.parallel !== undefined) env.engineParallel = `${options.parallel} (--parallel)`;
    const report = render(env, results, anomalies, renderProgramErrors({ environment: env, ...step }, before));
    writeFileSync(options.out, replaceSection(report, SERVICES_HEADING, renderServices({ environment: env, ...serviceStep })));
    return finish(options.out, { environment: env, results, programErrors: step, services: serviceStep, anomalies }, anomalies);
}

main().then(
    (code) => process.exit(code),
    (error: unknown) => {
        log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        process.exit(1);
    },
);
