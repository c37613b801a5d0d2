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
//   npm run bench -- --budget           # only the budget mode (the emulator at 60 requests a minute;
//                                       # N = 500 connectors, 100 services): rewrites only its section
//   npm run bench -- --skip-budget      # a full run without the budget mode (it takes ~40 minutes)
//   npm run bench -- --quick --before before.json --before-label "what differed"
//                                       # ... beside an earlier run's numbers (its JSON on stdout),
//                                       # e.g. one made with another CLI first on PATH
import { execFile } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import { startEmulator } from "../test/support/emulator";
import { pulumiCli, REPO_ROOT } from "../test/support/pulumi";
import { budget } from "./budget";
import { benchSize, warmUp } from "./connector-cycle";
import { log, OUT_OF_REACH_RATE_LIMIT } from "./measure";
import { type Options, parseOptions, USAGE } from "./options";
import { measureProgramErrors, SAMPLE_MS } from "./program-error";
import {
    BUDGET_HEADING,
    PROGRAM_ERRORS_HEADING,
    render,
    renderBudget,
    renderProgramErrors,
    renderServices,
    replaceSection,
    sectionOf,
    SERVICES_HEADING,
    type Environment,
    type ProgramErrorRun,
    type SizeResult,
} from "./report";
import { services } from "./service-cycle";
import { workloadCompanyGroups } from "./workload";

const run = promisify(execFile);

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
    const emulator = await startEmulator({ rateLimit: OUT_OF_REACH_RATE_LIMIT });
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
        options = parseOptions(process.argv.slice(2));
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

    if (options.budgetOnly) {
        const step = await budget(options, anomalies);
        const env = await environment(binDir, startedAt, loadBefore);
        const existing = existsSync(options.out) ? readFileSync(options.out, "utf8") : "# Benchmarks\n";
        writeFileSync(options.out, replaceSection(existing, BUDGET_HEADING, renderBudget({ environment: env, ...step })));
        return finish(options.out, { environment: env, budget: step, anomalies }, anomalies);
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
    let emulator = await startEmulator({ companyGroups: workloadCompanyGroups(2), rateLimit: OUT_OF_REACH_RATE_LIMIT });
    try {
        log("warming up");
        await warmUp(emulator);
    } finally {
        await emulator.stop();
    }
    const step = await programErrors(options, anomalies);
    for (const [sizeIndex, n] of options.sizes.entries()) {
        // A fresh emulator per size: an empty account, and a request log far from its bound.
        emulator = await startEmulator({ companyGroups: workloadCompanyGroups(n), rateLimit: OUT_OF_REACH_RATE_LIMIT });
        try {
            results.push(await benchSize(emulator, n, sizeIndex, options, anomalies));
        } finally {
            await emulator.stop();
        }
    }
    // The largest size once more with the engine's per-resource checkpoints skipped: what of the gap
    // to the floor is the checkpoint's cost per byte of state, and what is the provider's own.
    const largest = options.sizes[options.sizes.length - 1];
    emulator = await startEmulator({ companyGroups: workloadCompanyGroups(largest), rateLimit: OUT_OF_REACH_RATE_LIMIT });
    let withoutCheckpoints: SizeResult;
    try {
        withoutCheckpoints = await benchSize(emulator, largest, options.sizes.length, options, anomalies, "skipped");
    } finally {
        await emulator.stop();
    }
    const serviceStep = await services(options, anomalies);
    const budgetStep = options.skipBudget ? undefined : await budget(options, anomalies);
    const env = await environment(binDir, startedAt, loadBefore);
    if (options.parallel !== undefined) env.engineParallel = `${options.parallel} (--parallel)`;
    // A run without the budget mode keeps the budget section the file has.
    const kept = existsSync(options.out) ? sectionOf(readFileSync(options.out, "utf8"), BUDGET_HEADING) : undefined;
    const budgetSection = budgetStep ? renderBudget({ environment: env, ...budgetStep }) : kept;
    let report = render(env, results, withoutCheckpoints, anomalies, renderProgramErrors({ environment: env, ...step }, before));
    report = replaceSection(report, SERVICES_HEADING, renderServices({ environment: env, ...serviceStep }));
    if (budgetSection) report = replaceSection(report, BUDGET_HEADING, budgetSection);
    writeFileSync(options.out, report);
    return finish(
        options.out,
        { environment: env, results, withoutCheckpoints, programErrors: step, services: serviceStep, budget: budgetStep, anomalies },
        anomalies,
    );
}

main().then(
    (code) => process.exit(code),
    (error: unknown) => {
        log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        process.exit(1);
    },
);
