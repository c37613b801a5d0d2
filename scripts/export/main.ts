#!/usr/bin/env node
// `npx pulumi-patchworks export [--out DIR] [--company-group G] [--force]`: reads the Patchworks
// account (settings from the PATCHWORKS_* environment, as the provider reads them) and writes a
// Pulumi TypeScript project that declares every connector and service with adopt: true, so a team
// moves from the dashboard to code in one command.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { UserError } from "../../provider/errors";
import { Runtime } from "../../provider/runtime";
import { resolveSettings } from "../../provider/settings";
import { normaliseCompanyGroup } from "../../provider/connector/key";
import { readAccount, type ProgressLine } from "./account";
import { planExport, type ExportPlan, type GroupFilter } from "./plan";
import { describeFilter } from "./program";
import { outputDirProblem, projectNameFor, renderProject, setupCommands, writeProject, type PackageFacts } from "./project";

export const USAGE = `Usage: pulumi-patchworks export [--out DIR] [--company-group GROUP] [--force]

Reads the Patchworks account and writes a Pulumi TypeScript project into DIR (default
./patchworks-export) that declares every connector and service with adopt: true. Its first
\`pulumi up\` takes them over and changes nothing in Patchworks. Credentials are not exported.

  --out DIR              where to write the project; it must be empty or new, unless --force
  --company-group GROUP  only the connectors of this company group, and the services whose source
                         connector is in it ("" for the default group)
  --force                write into a directory that is not empty (overwrites the project's files)

Settings come from the environment: PATCHWORKS_API_URL, PATCHWORKS_API_KEY (or
PATCHWORKS_ACCESS_TOKEN), and PATCHWORKS_MAX_RETRIES, PATCHWORKS_REQUEST_TIMEOUT_MS,
PATCHWORKS_RETRY_BASE_MS, PATCHWORKS_ALLOW_INSECURE_HTTP, PATCHWORKS_LOG_REQUESTS.`;

const DEFAULT_OUT = "patchworks-export";

const MISSING_KEY = "no Patchworks API credentials: set PATCHWORKS_API_KEY to your API key (or PATCHWORKS_ACCESS_TOKEN to an OAuth token)";

export interface ExportOptions {
    out: string;
    companyGroup: GroupFilter;
    force: boolean;
}

export interface Io {
    /** Progress and warnings (stderr). */
    progress: ProgressLine;
    /** The summary (stdout). */
    say: (line: string) => void;
}

export interface ExportResult {
    dir: string;
    apiUrl: string;
    plan: ExportPlan;
    files: Record<string, string>;
    elapsedMs: number;
}

/** dist/scripts/export/main.js -> the package's own package.json. */
export function packageFacts(): PackageFacts {
    const manifest = JSON.parse(readFileSync(path.resolve(__dirname, "../../../package.json"), "utf8")) as {
        version: string;
        peerDependencies: Record<string, string>;
    };
    return { version: manifest.version, pulumiRange: manifest.peerDependencies["@pulumi/pulumi"] };
}

function groupFilterProblem(filter: GroupFilter, groups: readonly { name: string }[]): string | undefined {
    const wanted = normaliseCompanyGroup(filter);
    if (wanted === null || groups.some((g) => normaliseCompanyGroup(g.name) === wanted)) return undefined;
    const names = groups.map((g) => g.name);
    return (
        `--company-group ${JSON.stringify((filter ?? "").trim())} is not a company group of the Patchworks account ` +
        `(${names.length === 0 ? "it has none" : `its groups are: ${names.join(", ")}`}); use one of those, or "" for the default group`
    );
}

/** Reads the account and writes the project; throws UserError with one line for the user. */
export async function exportAccount(options: ExportOptions, env: Record<string, string | undefined>, io: Io): Promise<ExportResult> {
    const started = Date.now();
    const resolved = resolveSettings(() => undefined, env);
    if (!resolved.settings.apiKey && !resolved.settings.accessToken) throw new UserError(MISSING_KEY);
    const dirProblem = outputDirProblem(options.out, options.force);
    if (dirProblem) throw new UserError(dirProblem);
    const rt = new Runtime(resolved);
    return rt.userFacing(async () => {
        const account = await readAccount(rt.api(), io.progress);
        const groupProblem = groupFilterProblem(options.companyGroup, account.companyGroups);
        if (groupProblem) throw new UserError(groupProblem);
        const plan = planExport(account, options.companyGroup);
        const files = renderProject(plan, { ...packageFacts(), apiUrl: resolved.settings.apiUrl, name: projectNameFor(options.out) });
        writeProject(options.out, files);
        return { dir: options.out, apiUrl: resolved.settings.apiUrl, plan, files, elapsedMs: Date.now() - started };
    });
}

function plural(n: number, what: string): string {
    return `${n} ${what}${n === 1 ? "" : "s"}`;
}

function summarise(result: ExportResult, io: Io): void {
    const { plan, dir } = result;
    const references = plan.references.length > 0 ? `, referencing ${plural(plan.references.length, "connector")} outside it` : "";
    io.say(
        `Exported ${plural(plan.connectors.length, "connector")} and ${plural(plan.services.length, "service")} ` +
            `(${describeFilter(plan.filter)}${references}) to ${dir} in ${(result.elapsedMs / 1000).toFixed(1)} s.`,
    );
    for (const skipped of plan.skipped) io.progress(`warning: not declared: ${skipped.what}: ${skipped.reason}`);
    for (const change of plan.adoptionChanges) io.progress(`warning: adopting it would still change ${change}`);
    if (plan.skipped.length > 0)
        io.say(`${plural(plan.skipped.length, "item")} could not be declared; the end of index.ts lists them with the reasons.`);
    io.say("Next:");
    for (const command of [`cd ${dir}`, ...setupCommands(result)]) io.say(`  ${command}`);
}

function parse(argv: string[]): { command?: string; options: ExportOptions; help: boolean } {
    const { values, positionals } = parseArgs({
        args: argv,
        allowPositionals: true,
        options: {
            out: { type: "string" },
            "company-group": { type: "string" },
            force: { type: "boolean", default: false },
            help: { type: "boolean", short: "h", default: false },
        },
    });
    if (positionals.length > 1) throw new UserError(`unexpected argument ${JSON.stringify(positionals[1])}`);
    const group = values["company-group"];
    return {
        command: positionals[0],
        help: values.help ?? false,
        options: {
            out: values.out ?? DEFAULT_OUT,
            companyGroup: group === undefined ? undefined : group.trim() === "" ? null : group,
            force: values.force ?? false,
        },
    };
}

/** The command line; resolves to the exit code. */
export async function main(argv: string[], env: Record<string, string | undefined>, io: Io): Promise<number> {
    let parsed: ReturnType<typeof parse>;
    try {
        parsed = parse(argv);
    } catch (error) {
        io.progress(`pulumi-patchworks: ${(error as Error).message}\n${USAGE}`);
        return 2;
    }
    if (parsed.help) {
        io.say(USAGE);
        return 0;
    }
    if (parsed.command !== "export") {
        io.progress(
            `pulumi-patchworks: ${parsed.command === undefined ? "no command given" : `unknown command ${JSON.stringify(parsed.command)}`}\n${USAGE}`,
        );
        return 2;
    }
    try {
        summarise(await exportAccount(parsed.options, env, io), io);
        return 0;
    } catch (error) {
        if (!(error instanceof UserError)) throw error;
        io.progress(`pulumi-patchworks export: ${error.message}`);
        return 1;
    }
}

if (require.main === module) {
    const io: Io = {
        progress: (line) => process.stderr.write(`${line}\n`),
        say: (line) => process.stdout.write(`${line}\n`),
    };
    void main(process.argv.slice(2), process.env, io).then((code) => {
        process.exitCode = code;
    });
}
