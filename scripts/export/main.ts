// `pulumi-patchworks export [--out DIR] [--company-group G] [--force]`: reads the Patchworks
// account (settings from the PATCHWORKS_* environment, as the provider reads them) and writes a
// Pulumi TypeScript project that adopts every connector and service in its company group, so a
// team moves from the dashboard to code in one command.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import type { FabricGroup } from "../../provider/client/company-groups";
import { resolveCompanyGroup } from "../../provider/company-group/resolve";
import { UserError } from "../../provider/errors";
import { Runtime } from "../../provider/runtime";
import { serviceAccount } from "../../provider/service/account";
import { resolveSettings, signInKind, type SignInKind } from "../../provider/settings";
import { readAccount, type ProgressLine } from "./account";
import { planExport, type ExportPlan } from "./plan";
import { describeScope } from "./program";
import { outputDirProblem, projectNameFor, renderProject, setupCommands, writeProject, type PackageFacts } from "./project";

const EXPORT_USAGE = `Usage: pulumi-patchworks export [--out DIR] [--company-group GROUP] [--force]

Reads the Patchworks account and writes a Pulumi TypeScript project into DIR (default
./patchworks-export) that declares every connector and service with adopt: true, each in its
company group. Its first \`pulumi up\` takes them over and changes nothing in Patchworks.
Credentials are not exported.

  --out DIR              where to write the project; it must be new, empty, or hold only .git or
                         .gitkeep, unless --force
  --company-group GROUP  only this company group's connectors and services (its name or username)
  --force                write into a directory that holds other files (overwrites the project's files)

Settings come from the environment, as the provider reads them: PATCHWORKS_API_URL, and exactly one
sign-in: PATCHWORKS_ACCESS_TOKEN, PATCHWORKS_USERNAME with PATCHWORKS_PASSWORD (and
PATCHWORKS_LOGIN_URL), or PATCHWORKS_API_KEY; PATCHWORKS_REQUESTS_PER_MINUTE and the other
PATCHWORKS_* settings of the provider apply too.`;

const DEFAULT_OUT = "patchworks-export";

interface ExportOptions {
    out: string;
    /** A group's name or username; undefined: the whole account. */
    companyGroup?: string;
    force: boolean;
}

export interface Io {
    /** Progress and warnings (stderr). */
    progress: ProgressLine;
    /** The summary (stdout). */
    say: (line: string) => void;
}

interface ExportResult {
    dir: string;
    apiUrl: string;
    signIn: SignInKind;
    plan: ExportPlan;
    files: Record<string, string>;
    elapsedMs: number;
}

/** dist/scripts/export/main.js -> the package the export runs from: its version, peer range and where it is. */
function packageFacts(): PackageFacts {
    const root = path.resolve(__dirname, "../../..");
    const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
        version: string;
        peerDependencies: Record<string, string>;
    };
    return { version: manifest.version, pulumiRange: manifest.peerDependencies["@pulumi/pulumi"], dependency: `file:${root}` };
}

function chosenGroup(groups: readonly FabricGroup[], wanted: string | undefined): FabricGroup | undefined {
    if (wanted === undefined) return undefined;
    const resolved = resolveCompanyGroup(groups, wanted);
    if (resolved.kind === "problem") throw new UserError(`--company-group: ${resolved.reason}`);
    return resolved.group;
}

/** Reads the account and writes the project; throws UserError with one line for the user. */
async function exportAccount(options: ExportOptions, env: Record<string, string | undefined>, io: Io): Promise<ExportResult> {
    const started = Date.now();
    const resolved = resolveSettings(() => undefined, env);
    if (resolved.problem) throw new UserError(resolved.problem);
    const dirProblem = outputDirProblem(options.out, options.force);
    if (dirProblem) throw new UserError(dirProblem);
    const rt = new Runtime(resolved, { diagnose: async (_severity, message) => io.progress(`warning: ${message}`) });
    return rt.userFacing(async () => {
        const account = await readAccount(rt, io.progress);
        const group = chosenGroup(account.groups, options.companyGroup);
        const plan = await planExport(account, group, {
            account: serviceAccount(rt.api()),
            catalogValidation: rt.settings.catalogValidation,
            warn: (line) => rt.diagnose("warning", line),
        });
        const signIn = signInKind(rt.settings) as SignInKind;
        const files = renderProject(plan, { ...packageFacts(), apiUrl: rt.settings.apiUrl, signIn, name: projectNameFor(options.out) });
        writeProject(options.out, files);
        return { dir: options.out, apiUrl: rt.settings.apiUrl, signIn, plan, files, elapsedMs: Date.now() - started };
    });
}

function plural(n: number, what: string): string {
    return `${n} ${what}${n === 1 ? "" : "s"}`;
}

function summarise(result: ExportResult, io: Io): void {
    const { plan, dir } = result;
    io.say(
        `Exported ${plural(plan.connectors.length, "connector")} and ${plural(plan.services.length, "service")} ` +
            `(${describeScope(plan.group)}) to ${dir} in ${(result.elapsedMs / 1000).toFixed(1)} s.`,
    );
    for (const skipped of plan.skipped) io.progress(`warning: not declared: ${skipped.what}: ${skipped.reason}`);
    if (plan.skipped.length > 0)
        io.say(`${plural(plan.skipped.length, "item")} could not be declared; the end of index.ts lists them with the reasons.`);
    io.say("Next:");
    for (const command of [`cd ${dir}`, ...setupCommands(result)]) io.say(`  ${command}`);
}

function parse(argv: string[]): { options: ExportOptions; help: boolean } {
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
    if (positionals.length > 0) throw new UserError(`unexpected argument ${JSON.stringify(positionals[0])}`);
    const group = values["company-group"]?.trim();
    if (group === "") throw new UserError("--company-group needs a company group's name or username");
    return {
        help: values.help ?? false,
        options: { out: values.out ?? DEFAULT_OUT, ...(group === undefined ? {} : { companyGroup: group }), force: values.force ?? false },
    };
}

/** `export`'s arguments (after the command name); resolves to the exit code. */
export async function exportCommand(argv: string[], env: Record<string, string | undefined>, io: Io): Promise<number> {
    let parsed: ReturnType<typeof parse>;
    try {
        parsed = parse(argv);
    } catch (error) {
        io.progress(`pulumi-patchworks export: ${(error as Error).message}\n${EXPORT_USAGE}`);
        return 2;
    }
    if (parsed.help) {
        io.say(EXPORT_USAGE);
        return 0;
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
