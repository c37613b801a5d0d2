// Turns the measurements into BENCHMARKS.md: ratios to the floor first, absolute times beside them,
// API requests per connector, state per connector, the stored adapter, and the targets.

export type StepId = "previewNew" | "upCreate" | "previewSame" | "upSame" | "upChange" | "refresh" | "destroy";

export const STEP_LABELS: Record<StepId, string> = {
    previewNew: "preview, new stack",
    upCreate: "up, create all",
    previewSame: "preview, nothing changed",
    upSame: "up, nothing changed",
    upChange: "up, change timezone on every connector",
    refresh: "refresh",
    destroy: "destroy",
};

export const STEPS = Object.keys(STEP_LABELS) as StepId[];

export type ServiceStepId = "previewNew" | "upCreate" | "previewSame" | "destroy";

export const SERVICE_STEP_LABELS: Record<ServiceStepId, string> = {
    previewNew: "preview, new stack",
    upCreate: "up, create all",
    previewSame: "preview, nothing changed",
    destroy: "destroy",
};

export const SERVICE_STEPS = Object.keys(SERVICE_STEP_LABELS) as ServiceStepId[];

/** API requests of one step, by kind. `listCalls` counts list requests for page 1 (one per list call). */
export interface RequestCounts {
    total: number;
    listCalls: number;
    listPages: number;
    getById: number;
    post: number;
    put: number;
    delete: number;
    other: number;
}

export interface StepResult {
    /** Medians over the cycles. */
    oursMs: number;
    floorMs: number;
    /** Medians of CPU time: the benchmark process (language host, emulator) plus the CLI and its plugins. */
    oursCpuMs?: number;
    floorCpuMs?: number;
    oursRuns: number[];
    floorRuns: number[];
    /** Per cycle: when our first and last API responses went out, ms after the step started. */
    apiWindows: ([number, number] | null)[];
    requests: RequestCounts;
    floorRequests: number;
    changes: Record<string, number>;
    /** The largest peak resident memory of a dynamic-provider process over the cycles, bytes (null: not sampled). */
    oursPeakBytes?: number | null;
    floorPeakBytes?: number | null;
}

export interface SizeResult {
    n: number;
    repeat: number;
    steps: Record<StepId, StepResult>;
    /** Bytes of the stack's checkpoint file at rest after "up, create all". */
    oursStateBytes: number;
    floorStateBytes: number;
    /** Length of the `__provider` string stored with each resource. */
    oursProviderBytes: number;
    floorProviderBytes: number;
}

export interface ServiceStepResult {
    /** Medians over the cycles. */
    oursMs: number;
    floorMs: number;
    oursCpuMs: number;
    floorCpuMs: number;
    oursRuns: number[];
    floorRuns: number[];
    /** Our requests to /services and to /connectors (the worst cycle's), and all of them. */
    serviceRequests: RequestCounts;
    connectorRequests: RequestCounts;
    totalRequests: number;
    changes: Record<string, number>;
    oursPeakBytes?: number | null;
    floorPeakBytes?: number | null;
}

export interface ServiceSizeResult {
    /** Services; the stack also holds N connectors (N/2 pairs). */
    n: number;
    repeat: number;
    steps: Record<ServiceStepId, ServiceStepResult>;
}

export interface ServiceRun {
    environment: Environment;
    repeat: number;
    results: ServiceSizeResult[];
}

export interface Environment {
    date: string;
    nproc: number;
    memoryGiB: number;
    cpuModel: string;
    node: string;
    pulumiCli: string;
    /** The directory the CLI and our language host came from (for a cached build, its cache key). */
    pulumiBin?: string;
    pulumiSdk: string;
    engineParallel: string;
    loadBefore: number[];
    loadAfter: number[];
    totalSeconds: number;
}

/** One directory program of the program-error step, over its runs. */
export interface ProgramErrorResult {
    id: string;
    label: string;
    throws: boolean;
    /** Median wall time of `pulumi preview`, and every run's. */
    wallMs: number;
    wallRuns: number[];
    /** Median peak resident set of the program's Node.js process (the SDK's runner); null when never sampled. */
    peakRssBytes: number | null;
    peakRssRuns: (number | null)[];
    /** What the user saw in the first run. */
    outcome: string;
}

export interface ProgramErrorRun {
    /** What distinguishes this run from the current one (for an earlier run shown as "before"). */
    label?: string;
    environment: Environment;
    repeat: number;
    /** How often the runner's memory was sampled. */
    sampleMs: number;
    results: ProgramErrorResult[];
}

interface Target {
    what: string;
    goal: string;
    measured: string;
    met: boolean;
}

export function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const s = (ms: number) => (ms / 1000).toFixed(2);
const range = (runs: number[]) => (runs.length < 2 ? "" : `(${s(Math.min(...runs))}-${s(Math.max(...runs))})`);
const perConn = (ms: number, n: number) => (ms / n).toFixed(1);
const ratio = (step: StepResult) => step.oursMs / step.floorMs;
/** The engine's changes of a step, "same 1, update 500". */
const engineSteps = (changes: Record<string, number>) =>
    Object.entries(changes)
        .map(([op, count]) => `${op} ${count}`)
        .join(", ");
/** "1.05x (112 / 107 MiB)", or "n/a" where the sampler saw no provider process. */
function peaks(step: Pick<StepResult, "oursPeakBytes" | "floorPeakBytes">): string {
    const { oursPeakBytes: ours, floorPeakBytes: floor } = step;
    if (!ours || !floor) return "n/a";
    return `${(ours / floor).toFixed(2)}x (${(ours / 2 ** 20).toFixed(0)} / ${(floor / 2 ** 20).toFixed(0)} MiB)`;
}
const x = (r: number) => `${r.toFixed(2)}x`;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const per = (count: number, n: number) => {
    const value = count / n;
    return Number.isInteger(value) ? String(value) : value.toFixed(3);
};

function describeRequests(r: RequestCounts): string {
    if (r.total === 0) return "none";
    const parts: string[] = [];
    if (r.listCalls > 0)
        parts.push(`${r.listCalls} list call${r.listCalls > 1 ? "s" : ""}${r.listPages > r.listCalls ? ` (${r.listPages} pages)` : ""}`);
    if (r.getById > 0) parts.push(`${r.getById} GET`);
    if (r.post > 0) parts.push(`${r.post} POST`);
    if (r.put > 0) parts.push(`${r.put} PUT`);
    if (r.delete > 0) parts.push(`${r.delete} DELETE`);
    if (r.other > 0) parts.push(`${r.other} other`);
    return parts.join(", ");
}

const writes = (r: RequestCounts) => r.post + r.put + r.delete;
/** Requests to /connectors: "other" counts the rest (systems, company groups, services). */
const toConnectors = (r: RequestCounts) => r.total - r.other;

/** Issue 20's bound on every unthrottled step: the engine's own time, plus a tenth. */
const TIME_BOUND = 1.1;
/** And on the provider process's peak memory, against the floor's. */
const MEMORY_BOUND = 1.2;

/** The step with the largest peak memory ratio of ours to the floor's, where both were sampled. */
function worstMemory(steps: Record<StepId, StepResult>): { id: StepId; ratio: number } | undefined {
    const ratios = STEPS.flatMap((id) => {
        const { oursPeakBytes: ours, floorPeakBytes: floor } = steps[id];
        return ours && floor ? [{ id, ratio: ours / floor }] : [];
    });
    return ratios.sort((a, b) => b.ratio - a.ratio)[0];
}

/** Ours minus the floor, in seconds with a sign: "+4.21 s". */
const gap = (step: StepResult) => `${step.oursMs >= step.floorMs ? "+" : "-"}${s(Math.abs(step.oursMs - step.floorMs))} s`;

function targets(result: SizeResult, withoutCheckpoints: SizeResult | undefined): Target[] {
    const { n, steps } = result;
    const list: Target[] = STEPS.map((id) => ({
        what: `${STEP_LABELS[id]}: time`,
        goal: `<= ${TIME_BOUND.toFixed(2)}x floor`,
        measured:
            x(ratio(steps[id])) +
            (withoutCheckpoints && ratio(steps[id]) > TIME_BOUND
                ? ` (ours minus floor ${gap(steps[id])}; ${gap(withoutCheckpoints.steps[id])} without per-resource checkpoints)`
                : ""),
        met: ratio(steps[id]) <= TIME_BOUND,
    }));
    for (const id of ["previewNew", "previewSame", "upSame", "refresh"] as const) {
        const r = steps[id].requests;
        list.push({
            what: `${STEP_LABELS[id]}: requests to /connectors`,
            goal: "at most one list call, whatever N; no per-connector request",
            measured: describeRequests(r),
            met: r.listCalls <= 1 && toConnectors(r) === r.listPages,
        });
    }
    const create = steps.upCreate.requests;
    list.push({
        what: `${STEP_LABELS.upCreate}: requests to /connectors`,
        // A list re-read precedes each create of a system whose duplicate check Fabric misses (Magento 2 here).
        goal: "exactly 1 write (POST) per connector, no per-connector GET",
        measured: describeRequests(create),
        met: create.post === n && writes(create) === n && create.getById === 0,
    });
    const change = steps.upChange.requests;
    list.push({
        what: `${STEP_LABELS.upChange}: requests to /connectors`,
        goal: "exactly 1 write (PUT) per connector, no read",
        measured: describeRequests(change),
        met: change.put === n && toConnectors(change) === n,
    });
    const destroy = steps.destroy.requests;
    list.push({
        what: `${STEP_LABELS.destroy}: requests to /connectors`,
        // The services that use the connectors are read once per process (Fabric has no in-use check); not to /connectors.
        goal: "exactly 1 write (DELETE) per connector, no read",
        measured: describeRequests(destroy),
        met: destroy.delete === n && toConnectors(destroy) === n,
    });
    const memory = worstMemory(steps);
    list.push({
        what: "peak memory of the provider process",
        goal: `<= ${MEMORY_BOUND.toFixed(1)}x the floor's, every step`,
        measured: memory ? `${x(memory.ratio)} at most (${STEP_LABELS[memory.id]})` : "not sampled",
        met: memory !== undefined && memory.ratio <= MEMORY_BOUND,
    });
    list.push({
        what: "stored adapter per resource",
        goal: "<= 4 KB (4096 bytes)",
        measured: `${result.oursProviderBytes} bytes`,
        met: result.oursProviderBytes <= 4096,
    });
    return list;
}

/** Cost per connector between two sizes: the time the extra connectors add, per connector. */
function marginal(a: SizeResult, b: SizeResult, id: StepId, side: "oursMs" | "floorMs"): number {
    return (b.steps[id][side] - a.steps[id][side]) / (b.n - a.n);
}

/** How much a marginal cost may rise, in ms per connector, before it counts as growth (noise is about 1-2 ms). */
const GROWTH_MS = 2;

/**
 * Whether our per-connector cost grows with N. With fixed start-up costs the average per
 * connector falls as N grows, so growth is judged on the marginal cost (the time the added
 * connectors add, per connector) between consecutive sizes. The engine's own share is the floor's
 * marginal cost; the provider's share is ours minus the floor's.
 */
function growth(results: SizeResult[]): { target: Target; sentences: string[] } {
    if (results.length < 3) {
        return {
            target: { what: "cost per connector vs N", goal: "does not grow with N", measured: "needs 3 sizes", met: false },
            sentences: ["Growth with N is judged from three sizes; run without --sizes for 10, 100 and 500."],
        };
    }
    const [a, b, c] = results.slice(-3);
    const sentences: string[] = [];
    const grown: string[] = [];
    const f = (v: number) => v.toFixed(1);
    for (const id of STEPS) {
        const floorLow = marginal(a, b, id, "floorMs");
        const floorHigh = marginal(b, c, id, "floorMs");
        const providerLow = marginal(a, b, id, "oursMs") - floorLow;
        const providerHigh = marginal(b, c, id, "oursMs") - floorHigh;
        const rises = (low: number, high: number) => high - low > Math.max(GROWTH_MS, 0.25 * Math.abs(low));
        const engine = rises(floorLow, floorHigh)
            ? `the engine's grows (floor ${f(floorLow)} then ${f(floorHigh)} ms per added connector)`
            : `the engine's is flat (floor ${f(floorLow)} then ${f(floorHigh)} ms per added connector)`;
        const provider = `the provider's share (ours minus floor) is ${f(providerLow)} ms from ${a.n} to ${b.n}, then ${f(providerHigh)} ms from ${b.n} to ${c.n}`;
        if (rises(providerLow, providerHigh)) {
            grown.push(STEP_LABELS[id]);
            const added = ((providerHigh - providerLow) * (c.n - b.n)) / 1000;
            const runs = c.steps[id].oursRuns;
            const spread = (Math.max(...runs) - Math.min(...runs)) / 1000;
            const why = rises(floorLow, floorHigh)
                ? "in step with the engine's checkpoint cost (below)"
                : added < spread
                  ? `the rise (${added.toFixed(1)} s over the ${c.n - b.n} added connectors) is within the spread of ` +
                    `our runs at N = ${c.n} (${spread.toFixed(1)} s), so this run cannot tell it from noise`
                  : "the engine's share is flat here, so this growth is the provider's own";
            sentences.push(`${STEP_LABELS[id]}: ${engine}; ${provider}: **it grows with N**, ${why}.`);
        } else {
            sentences.push(`${STEP_LABELS[id]}: ${engine}; ${provider}: no growth.`);
        }
    }
    return {
        target: {
            what: "cost per connector vs N",
            goal: "the provider's marginal cost per connector does not grow with N",
            measured: grown.length > 0 ? `grows: ${grown.join("; ")}` : `flat from ${a.n} to ${c.n} (see Time per connector)`,
            met: grown.length === 0,
        },
        sentences,
    };
}

export const PROGRAM_ERRORS_HEADING = "## Program errors";

const mib = (bytes: number | null) => (bytes === null ? "n/a" : `${(bytes / 2 ** 20).toFixed(0)} MiB`);
function mibRange(runs: (number | null)[]): string {
    const sampled = runs.filter((v): v is number => v !== null);
    return sampled.length < 2 ? "" : ` (${(Math.min(...sampled) / 2 ** 20).toFixed(0)}-${(Math.max(...sampled) / 2 ** 20).toFixed(0)})`;
}
const software = (env: Environment) =>
    `Node ${env.node}, Pulumi CLI ${env.pulumiCli}${env.pulumiBin ? ` from ${env.pulumiBin}` : ""}, @pulumi/pulumi ${env.pulumiSdk}`;

/**
 * The program-error section: each program's wall time and its runner's peak memory, beside the
 * succeeding program's; with `before`, the same step from an earlier run (another CLI) beside it.
 */
export function renderProgramErrors(run: ProgramErrorRun, before?: ProgramErrorRun): string {
    const out: string[] = [];
    const line = (text = "") => out.push(text);
    const env = run.environment;
    line(PROGRAM_ERRORS_HEADING);
    line();
    line("`pulumi preview` of a directory project (index.ts, run by the CLI through our Node.js language host and");
    line("the SDK's runner, as a user's project runs), against the emulator: one connector, and the same followed by");
    line("the TypeError a typo makes (bench/error-programs.ts). Wall time is the median of the runs (range in");
    line("brackets); peak memory is the largest resident set (VmHWM) of the program's Node.js process, read from");
    line(`/proc every ${run.sampleMs} ms. \`npm run bench -- --quick\` measures only this and rewrites only this section.`);
    line();
    line(
        `- ${env.date}, ${run.repeat} run${run.repeat === 1 ? "" : "s"} each, ${env.nproc} CPUs, ${env.memoryGiB.toFixed(1)} GiB: ${software(env)}; ` +
            `load average ${env.loadBefore.map((l) => l.toFixed(2)).join(" / ")} before, ${env.loadAfter.map((l) => l.toFixed(2)).join(" / ")} after`,
    );
    if (before) {
        const label = before.label ? ` (${before.label})` : "";
        line(
            `- **before**${label}: the same step on ${before.environment.date}, ${before.repeat} run${before.repeat === 1 ? "" : "s"} each: ` +
                software(before.environment),
        );
    }
    line();
    const previous = (id: string) => before?.results.find((r) => r.id === id);
    line(`| program | what the user sees | wall | peak memory |${before ? " before: wall | before: peak memory |" : ""}`);
    line(`|---|---|---|---|${before ? "---|---|" : ""}`);
    for (const r of run.results) {
        const b = previous(r.id);
        const wall = (result: ProgramErrorResult) => `${s(result.wallMs)} s ${range(result.wallRuns)}`.trim();
        const memory = (result: ProgramErrorResult) => `${mib(result.peakRssBytes)}${mibRange(result.peakRssRuns)}`;
        const beforeCells = before ? ` ${b ? wall(b) : "n/a"} | ${b ? memory(b) : "n/a"} |` : "";
        line(`| ${r.label} | ${r.outcome} | ${wall(r)} | ${memory(r)} |${beforeCells}`);
    }
    line();
    const succeeding = run.results.find((r) => !r.throws);
    if (succeeding) {
        for (const r of run.results.filter((t) => t.throws)) {
            const memory =
                r.peakRssBytes !== null && succeeding.peakRssBytes !== null
                    ? ` and ${x(r.peakRssBytes / succeeding.peakRssBytes)} its peak memory`
                    : "";
            line(`- ${r.label}: ${x(r.wallMs / succeeding.wallMs)} the wall time of the successful preview${memory}.`);
        }
        line();
    }
    return out.join("\n");
}

export const SERVICES_HEADING = "## Services";

/** The request targets of a services step, judged per service. */
function serviceTarget(id: ServiceStepId, step: ServiceStepResult, n: number): { goal: string; met: boolean } {
    const r = step.serviceRequests;
    switch (id) {
        // Reads are batched: one list of the account's services serves every service of the step.
        case "previewNew":
        case "previewSame":
            return { goal: "at most one list read of /services", met: r.listCalls <= 1 && r.total === r.listPages };
        // Fabric ignores filters on create and starts every service inactive: a PUT sets the filters, one activates.
        case "upCreate":
            return {
                goal: "1 POST per service, at most 2 PUTs after it (filters, activation), no per-service GET",
                met: r.post === n && r.put <= 2 * n && r.getById === 0 && r.total === r.listPages + r.post + r.put,
            };
        case "destroy":
            return {
                goal: "1 DELETE per service, no per-service GET",
                met: r.delete === n && r.getById === 0 && r.total === r.listPages + r.delete,
            };
    }
}

/** The services section: each step's time as a ratio to the floor, and the API requests per service. */
export function renderServices(run: ServiceRun): string {
    const out: string[] = [];
    const line = (text = "") => out.push(text);
    const env = run.environment;
    line(SERVICES_HEADING);
    line();
    line("N services over N/2 connector pairs (each pair a Shopify source and a NetSuite destination connector carrying");
    line("two services from Fabric's templates, Orders to Orders and Orders to CashSales, with CONTRACT section 7's");
    line("schedule, filters, mappings and activation), so each");
    line("stack holds N connectors and N services. The floor is the same program under no-HTTP providers for both");
    line("(bench/floor.ts: FloorConnector and FloorService, with the props a Connector and a Service register), so each");
    line("ratio is the whole program's, connectors included. Same method as above: ABBA order, wall clock including the");
    line('CLI\'s start-up, medians over the cycles (range in brackets). "ours minus floor" is what the provider adds per');
    line("step: a cost that stays the same from N = 10 to N = 100 is paid once per command, not per resource.");
    line("`npm run bench -- --services --sizes 10,100` measures only this and rewrites only this section.");
    line();
    line(
        `- ${env.date}, ${run.repeat} cycle${run.repeat === 1 ? "" : "s"} per size, ${env.nproc} CPUs, ${env.memoryGiB.toFixed(1)} GiB: ${software(env)}, ` +
            `engine parallelism ${env.engineParallel}; load average ${env.loadBefore.map((l) => l.toFixed(2)).join(" / ")} before, ` +
            `${env.loadAfter.map((l) => l.toFixed(2)).join(" / ")} after`,
    );
    line();
    for (const r of run.results) {
        line(`### N = ${r.n} services (${r.n} connectors)`);
        line();
        line(
            "| step | ours / floor | ours | floor | ours minus floor | CPU ours / floor | requests to /services | per service | requests to /connectors | engine steps |",
        );
        line("|---|---|---|---|---|---|---|---|---|---|");
        for (const id of SERVICE_STEPS) {
            const step = r.steps[id];
            const changes = engineSteps(step.changes);
            line(
                `| ${SERVICE_STEP_LABELS[id]} | **${x(step.oursMs / step.floorMs)}** | ${s(step.oursMs)} s ${range(step.oursRuns)} | ` +
                    `${s(step.floorMs)} s ${range(step.floorRuns)} | ${s(step.oursMs - step.floorMs)} s | ` +
                    `${x(step.oursCpuMs / step.floorCpuMs)} (${s(step.oursCpuMs)} s / ${s(step.floorCpuMs)} s) | ` +
                    `${describeRequests(step.serviceRequests)} | ${per(step.serviceRequests.total, r.n)} | ${describeRequests(step.connectorRequests)} | ${changes} |`,
            );
        }
        line();
        const other = (id: ServiceStepId) =>
            r.steps[id].totalRequests - r.steps[id].serviceRequests.total - r.steps[id].connectorRequests.total;
        const targets = SERVICE_STEPS.map((id) => ({ id, ...serviceTarget(id, r.steps[id], r.n) }));
        line(
            `Requests to /services: ${targets.filter((t) => t.met).length} of ${targets.length} steps meet their target ` +
                `(${targets.map((t) => `${SERVICE_STEP_LABELS[t.id]}: ${t.goal}, ${t.met ? "met" : "**not met**"}`).join("; ")}).` +
                (SERVICE_STEPS.some((id) => other(id) > 0)
                    ? ` Other requests (company groups, systems): ${SERVICE_STEPS.map((id) => `${SERVICE_STEP_LABELS[id]} ${other(id)}`).join(", ")}.`
                    : ""),
        );
        line();
    }
    return out.join("\n");
}

/** The section of `markdown` that starts at the line `heading`, up to the next `## `; undefined when it has none. */
export function sectionOf(markdown: string, heading: string): string | undefined {
    const lines = markdown.split("\n");
    const start = lines.indexOf(heading);
    if (start === -1) return undefined;
    const next = lines.findIndex((l, i) => i > start && l.startsWith("## "));
    return lines.slice(start, next === -1 ? lines.length : next).join("\n");
}

/** `markdown` with the section that starts at the line `heading` (up to the next `## `) replaced, or appended. */
export function replaceSection(markdown: string, heading: string, section: string): string {
    const lines = markdown.split("\n");
    const start = lines.indexOf(heading);
    if (start === -1) return `${markdown.replace(/\n*$/, "")}\n\n${section}`;
    const next = lines.findIndex((l, i) => i > start && l.startsWith("## "));
    const end = next === -1 ? lines.length : next;
    return [...lines.slice(0, start), ...section.replace(/\n*$/, "\n").split("\n"), ...lines.slice(end)].join("\n");
}

export function render(
    env: Environment,
    results: SizeResult[],
    withoutCheckpoints: SizeResult | undefined,
    anomalies: string[],
    programErrors?: string,
): string {
    const out: string[] = [];
    const line = (text = "") => out.push(text);
    const largest = results[results.length - 1];

    line("# Benchmarks");
    line();
    line("Generated by `npm run bench` (bench/run.ts); do not edit by hand.");
    line();
    line(`- Date: ${env.date}`);
    line(
        `- Machine: ${env.nproc} CPUs (${env.cpuModel}), ${env.memoryGiB.toFixed(1)} GiB memory; load average ${env.loadBefore.map((l) => l.toFixed(2)).join(" / ")} before, ${env.loadAfter.map((l) => l.toFixed(2)).join(" / ")} after`,
    );
    line(`- Node ${env.node}, Pulumi CLI ${env.pulumiCli}, @pulumi/pulumi ${env.pulumiSdk}, engine parallelism ${env.engineParallel}`);
    line(
        `- Sizes: ${results.map((r) => r.n).join(", ")} connectors, ${results[0]?.repeat ?? 0} cycles each; whole run ${(env.totalSeconds / 60).toFixed(1)} min`,
    );
    line();
    line("Each step runs against the emulator on loopback (in the benchmark's process) with a local file");
    line("backend, through the real Pulumi CLI and the Automation API (inline programs). The **floor** is");
    line("the same N resources, registering the same properties with the same inputs and secrets, under a");
    line("dynamic provider whose methods return at once without HTTP and whose stored adapter is shorter than");
    line("ours (bench/floor.ts): what the engine itself costs. Our program and the");
    line("floor alternate step by step (ABBA order), so machine noise hits both alike. A cycle is the");
    line("seven steps on a fresh pair of stacks; each time is the median over the cycles (the range in");
    line("brackets), wall clock, including the CLI's start-up. Connectors are 3 systems (veeqo, shopify,");
    line("magento-2) x live/test x as many company groups as needed, with Patchworks' credential keys; each");
    line("Magento 2 create costs one more list read (Fabric's duplicate check misses Magento 2). Targets are");
    line("judged on wall time. The emulator here enforces a limit out of reach, so this measures the engine's");
    line("pace, not the API's (the budget section below measures that). Provider peak memory is the largest");
    line("VmHWM of a dynamic-provider process of the step (sampled from /proc every 100 ms), over the cycles.");
    line('API requests count those to /connectors by kind; "other" are the reads of systems, company groups and services.');
    if (results.some((r) => r.steps.previewNew.oursCpuMs !== undefined)) {
        line("The CPU column (this process, which also serves the emulator, plus the CLI and its plugins) is the");
        line("same comparison with most of the noise of other load on the machine taken out.");
    }
    line();
    if (anomalies.length > 0) {
        line("## Anomalies (the run is marked failed)");
        line();
        for (const a of anomalies) line(`- ${a}`);
        line();
    }

    const t = targets(largest, withoutCheckpoints);
    const g = growth(results);
    const all = [...t, g.target];
    line(`## Targets at N = ${largest.n}: ${all.filter((x) => x.met).length} of ${all.length} met`);
    line();
    line("| target | goal | measured | |");
    line("|---|---|---|---|");
    for (const target of all) line(`| ${target.what} | ${target.goal} | ${target.measured} | ${target.met ? "met" : "**not met**"} |`);
    line();

    for (const r of results) {
        // Runs recorded before CPU time was measured have no CPU column.
        const hasCpu = STEPS.every((id) => r.steps[id].oursCpuMs !== undefined && r.steps[id].floorCpuMs !== undefined);
        const cpu = (step: StepResult) =>
            hasCpu
                ? ` ${x((step.oursCpuMs as number) / (step.floorCpuMs as number))} (${s(step.oursCpuMs as number)} s / ${s(step.floorCpuMs as number)} s) |`
                : "";
        line(`## N = ${r.n}`);
        line();
        line(
            `| step | ours / floor | ours | floor |${hasCpu ? " CPU ours / floor |" : ""} provider peak memory, ours / floor | ours per connector | API requests | requests per connector | engine steps |`,
        );
        line(`|---|---|---|---|${hasCpu ? "---|" : ""}---|---|---|---|---|`);
        for (const id of STEPS) {
            const step = r.steps[id];
            const changes = engineSteps(step.changes);
            line(
                `| ${STEP_LABELS[id]} | **${x(ratio(step))}** | ${s(step.oursMs)} s ${range(step.oursRuns)} | ${s(step.floorMs)} s ${range(step.floorRuns)} |` +
                    `${cpu(step)} ${peaks(step)} | ${perConn(step.oursMs, r.n)} ms | ${describeRequests(step.requests)} | ${per(step.requests.total, r.n)} | ${changes} |`,
            );
        }
        line();
    }

    line("## State");
    line();
    line('The checkpoint file at rest after "up, create all"; the stored adapter is the `__provider` text stored');
    line("in each resource's inputs and outputs (so twice per resource).");
    line();
    line("| N | ours: state | per connector | floor: state | per connector | ours: stored adapter | floor: stored adapter |");
    line("|---|---|---|---|---|---|---|");
    for (const r of results) {
        line(
            `| ${r.n} | ${kib(r.oursStateBytes)} | ${(r.oursStateBytes / r.n).toFixed(0)} bytes | ${kib(r.floorStateBytes)} | ` +
                `${(r.floorStateBytes / r.n).toFixed(0)} bytes | ${r.oursProviderBytes} bytes | ${r.floorProviderBytes} bytes |`,
        );
    }
    line();

    line("## Time per connector");
    line();
    line("Wall time divided by N, ours (floor). The average falls as N grows because the CLI start-up is paid once.");
    line();
    line(`| step | ${results.map((r) => `N = ${r.n}`).join(" | ")} |`);
    line(`|---|${results.map(() => "---").join("|")}|`);
    for (const id of STEPS) {
        line(
            `| ${STEP_LABELS[id]} | ${results.map((r) => `${perConn(r.steps[id].oursMs, r.n)} ms (${perConn(r.steps[id].floorMs, r.n)})`).join(" | ")} |`,
        );
    }
    line();
    line("Growth is judged on the marginal cost, the time the added connectors add per connector, split into");
    line(
        `the engine's share (the floor) and the provider's (ours minus the floor); a rise of more than ${GROWTH_MS} ms and 25% counts as growth:`,
    );
    line();
    for (const sentence of g.sentences) line(`- ${sentence}`);
    line();
    line(
        "Why the engine's share grows: with a file backend the engine writes the whole checkpoint after every resource " +
            "it creates, updates or deletes, so each added connector costs time in proportion to the connectors already " +
            "in the state (quadratic in N per run); previews, a no-change up and refresh write no per-resource checkpoint " +
            "and grow far less. (Running with PULUMI_SKIP_CHECKPOINTS=true takes this cost out, for the floor and for ours alike.)",
    );
    const oursPer = largest.oursStateBytes / largest.n;
    const floorPer = largest.floorStateBytes / largest.n;
    if (oursPer > floorPer * 1.05) {
        const providerExtra = 2 * (largest.oursProviderBytes - largest.floorProviderBytes);
        line();
        line(
            `Why ours grows with it: every checkpoint write costs in proportion to the bytes in the state, and ours stores ` +
                `${oursPer.toFixed(0)} bytes per connector against the floor's ${floorPer.toFixed(0)} ` +
                `(${((oursPer / floorPer - 1) * 100).toFixed(0)}% more; ${providerExtra} bytes of the ${(oursPer - floorPer).toFixed(0)}-byte difference ` +
                `are the stored adapter, ${largest.oursProviderBytes} bytes against ${largest.floorProviderBytes}, stored twice per resource). ` +
                `So on create, update and destroy our share of the checkpoint cost grows in step with the engine's, ` +
                `and shrinking the stored adapter shrinks it.`,
        );
    }
    line();
    if (withoutCheckpoints) out.push(renderWithoutCheckpoints(largest, withoutCheckpoints));
    if (programErrors) out.push(programErrors);
    return out.join("\n");
}

/**
 * The largest size again with PULUMI_SKIP_CHECKPOINTS=true: the engine writes the state once at the
 * end instead of after every resource, so what ours adds over the floor here is the provider's own
 * cost, and what the gap loses against the run with checkpoints is the engine's checkpoint cost on
 * the bytes our state holds beyond the floor's.
 */
function renderWithoutCheckpoints(withCheckpoints: SizeResult, without: SizeResult): string {
    const out: string[] = [];
    const line = (text = "") => out.push(text);
    const oursPer = (withCheckpoints.oursStateBytes / withCheckpoints.n).toFixed(0);
    const floorPer = (withCheckpoints.floorStateBytes / withCheckpoints.n).toFixed(0);
    line(`## Without per-resource checkpoints, N = ${without.n}`);
    line();
    line("The same cycle with PULUMI_SKIP_CHECKPOINTS=true for both programs, so the engine writes the state once at the");
    line("end of a command instead of after every resource it creates, updates or deletes. That rewrite costs per byte of");
    line(`state, and ours holds ${oursPer} bytes per connector against the floor's ${floorPer} (our outputs, the defaults`);
    line("check fills in, and a longer stored adapter): the gap to the floor that goes away here is that engine cost. What");
    line("remains is the provider's own: its module load per process, checks, and the HTTP requests, served by the emulator");
    line("in the benchmark's own process on the same CPUs.");
    line();
    line("| step | ours / floor | ours | floor | ours minus floor | with per-resource checkpoints: ours / floor, ours minus floor |");
    line("|---|---|---|---|---|---|");
    for (const id of STEPS) {
        const step = without.steps[id];
        const kept = withCheckpoints.steps[id];
        line(
            `| ${STEP_LABELS[id]} | ${x(ratio(step))} | ${s(step.oursMs)} s ${range(step.oursRuns)} | ${s(step.floorMs)} s ${range(step.floorRuns)} | ` +
                `${gap(step)} | ${x(ratio(kept))}, ${gap(kept)} |`,
        );
    }
    line();
    return out.join("\n");
}

// ---- Budget mode ----------------------------------------------------------------------------

export const BUDGET_HEADING = "## Under Patchworks' budget: 60 requests a minute";

export interface BudgetStep {
    label: string;
    oursMs: number;
    floorMs: number;
    /** Requests the emulator answered, GETs apart from the rest; 429s apart from both. */
    reads: number;
    writes: number;
    tooMany: number;
    /** The writes at the budget's pace plus the engine's own time for the step (the floor's). */
    physicalFloorMs: number;
    changes: Record<string, number>;
}

export interface BudgetRun {
    environment: Environment;
    rateLimit: number;
    connectors: { n: number; steps: BudgetStep[] };
    services: { n: number; steps: BudgetStep[] };
}

function minutes(ms: number): string {
    return ms >= 60_000 ? `${(ms / 60_000).toFixed(1)} min` : `${(ms / 1000).toFixed(1)} s`;
}

export function renderBudget(run: BudgetRun): string {
    const out: string[] = [];
    const line = (text = "") => out.push(text);
    const env = run.environment;
    line(BUDGET_HEADING);
    line();
    line(`The same steps against the emulator started with \`--rate-limit ${run.rateLimit}\` (Patchworks' limit per user, shared by`);
    line("every program and token of that user), the provider at its default `patchworks:requestsPerMinute`, one cycle. Reads");
    line("are GETs, writes everything else; a 429 is counted apart (the target is none). The **physical floor** of a step is");
    line(
        `the time its writes need at ${run.rateLimit} a minute beyond the first ${run.rateLimit} (which a fresh minute takes at once), plus the`,
    );
    line("floor program's time for the same step (what the engine costs): no client does better on a real account.");
    line("Each step starts on a fresh minute (the benchmark waits until a minute after the previous step's last request),");
    line("as a pipeline run on an account idle for a minute would; a step that follows one which spent the minute waits out");
    line("the rest of it, which no client avoids and the physical floor does not count.");
    line("`npm run bench -- --budget` measures only this and rewrites only this section.");
    line();
    line(
        `- ${env.date}, ${env.nproc} CPUs: ${software(env)}, engine parallelism ${env.engineParallel}; load average ` +
            `${env.loadBefore.map((l) => l.toFixed(2)).join(" / ")} before, ${env.loadAfter.map((l) => l.toFixed(2)).join(" / ")} after`,
    );
    line();
    for (const [title, part] of [
        [`${run.connectors.n} connectors`, run.connectors],
        [`${run.services.n} services (${run.services.n} connectors)`, run.services],
    ] as const) {
        line(`### ${title}`);
        line();
        line("| step | ours | physical floor | ours / physical floor | reads | writes | 429s | engine steps |");
        line("|---|---|---|---|---|---|---|---|");
        for (const step of part.steps) {
            const engine = engineSteps(step.changes);
            line(
                `| ${step.label} | ${minutes(step.oursMs)} | ${minutes(step.physicalFloorMs)} | ${(step.oursMs / step.physicalFloorMs).toFixed(2)}x | ` +
                    `${step.reads} | ${step.writes} | ${step.tooMany} | ${engine} |`,
            );
        }
        line();
    }
    return out.join("\n");
}
