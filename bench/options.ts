// The benchmark's command line, read with node:util parseArgs as the project's other commands are.
import path from "node:path";
import { parseArgs } from "node:util";
import { REPO_ROOT } from "../test/support/pulumi";
import { SERVICES_PER_PAIR } from "./workload";

export const USAGE =
    "usage: npm run bench -- [--sizes 10,100,500] [--service-sizes 10,100] [--repeat R] [--out FILE] [--parallel P] " +
    "[--budget-size 500] [--budget-service-size 100] [--quick | --services | --budget | --skip-budget] " +
    "[--before FILE [--before-label TEXT]] [--help]";

export interface Options {
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
    /** Only the budget mode (the emulator at Patchworks' 60 requests a minute); its section replaces the one in `out`. */
    budgetOnly: boolean;
    /** A full run without the budget mode, keeping the budget section `out` has. */
    skipBudget: boolean;
    /** Connectors, and services, of the budget mode's one cycle. */
    budgetSize: number;
    budgetServiceSize: number;
    /** The JSON an earlier run printed, whose program-error numbers are shown as "before". */
    before?: string;
    /** What distinguishes that earlier run. */
    beforeLabel?: string;
}

function sizes(flag: string, text: string): number[] {
    const parsed = text.split(",").map((v) => Number(v.trim()));
    if (parsed.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--${flag} takes positive integers, e.g. 10,100,500`);
    return parsed;
}

function positive(flag: string, text: string | undefined): number | undefined {
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${flag} takes a positive integer`);
    return value;
}

/** The options of `argv`; throws one line naming the flag for any mistake. */
export function parseOptions(argv: string[]): Options {
    let parsed: ReturnType<typeof read>;
    try {
        parsed = read(argv);
    } catch (error) {
        throw new Error(`${(error as Error).message}; ${USAGE}`);
    }
    const { values } = parsed;
    const only = [values.quick, values.services, values.budget].filter(Boolean).length;
    if (only > 1) throw new Error("--quick, --services and --budget each run one step alone: pick one");
    if (values["skip-budget"] && only > 0)
        throw new Error("--skip-budget is for a full run; --quick, --services and --budget run one step");
    const options: Options = {
        help: values.help === true,
        sizes: values.sizes === undefined ? [10, 100, 500] : sizes("sizes", values.sizes),
        serviceSizes: values["service-sizes"] === undefined ? [10, 100] : sizes("service-sizes", values["service-sizes"]),
        out: path.resolve(values.out ?? path.join(REPO_ROOT, "BENCHMARKS.md")),
        parallel: positive("parallel", values.parallel),
        // The program-error step alone is a quick look: one run per program unless asked.
        repeat: positive("repeat", values.repeat) ?? (values.quick ? 1 : 3),
        quick: values.quick === true,
        servicesOnly: values.services === true,
        budgetOnly: values.budget === true,
        skipBudget: values["skip-budget"] === true,
        budgetSize: positive("budget-size", values["budget-size"]) ?? 500,
        budgetServiceSize: positive("budget-service-size", values["budget-service-size"]) ?? 100,
        before: values.before === undefined ? undefined : path.resolve(values.before),
        beforeLabel: values["before-label"],
    };
    // With --services, --sizes are the services' sizes.
    if (options.servicesOnly && values.sizes !== undefined) options.serviceSizes = options.sizes;
    const odd = [...options.serviceSizes, options.budgetServiceSize].filter((n) => n % SERVICES_PER_PAIR !== 0);
    if (odd.length > 0)
        throw new Error(`services come ${SERVICES_PER_PAIR} per connector pair: the service sizes must be even, not ${odd.join(", ")}`);
    if (options.beforeLabel !== undefined && options.before === undefined) throw new Error("--before-label needs --before FILE");
    return options;
}

function read(argv: string[]) {
    return parseArgs({
        args: argv,
        strict: true,
        allowPositionals: false,
        options: {
            sizes: { type: "string" },
            "service-sizes": { type: "string" },
            out: { type: "string" },
            parallel: { type: "string" },
            repeat: { type: "string" },
            quick: { type: "boolean" },
            services: { type: "boolean" },
            budget: { type: "boolean" },
            "skip-budget": { type: "boolean" },
            "budget-size": { type: "string" },
            "budget-service-size": { type: "string" },
            before: { type: "string" },
            "before-label": { type: "string" },
            help: { type: "boolean", short: "h" },
        },
    });
}
