// The real Pulumi engine for end-to-end tests: one fresh file backend and stack per test, driven
// through the Automation API, against the emulator fixture.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { LocalWorkspace, PulumiCommand, type PulumiFn, type Stack } from "@pulumi/pulumi/automation";
import * as runtimeSettings from "@pulumi/pulumi/runtime/settings";
import type { RunningEmulator } from "./emulator";

const run = promisify(execFile);

/**
 * Gives each inline program's connection to its engine a gRPC subchannel of its own. grpc-js shares
 * subchannels by address across a process, and the suites run hundreds of engines in one process,
 * each listening on a port the system picks: a new engine on a port an earlier one used can meet
 * that earlier engine's failed subchannel, and the Node SDK takes the UNAVAILABLE that follows as
 * its engine shutting down. The program then ends silently with nothing registered: CI saw a
 * preview and an up that should have failed a check "succeed" with only the stack resource, and
 * `14 UNAVAILABLE: No connection established`. The option is the SDK's own client options object
 * (not in its typings); an SDK without it is left as it is.
 */
function subchannelPerProgram(): void {
    const options = (runtimeSettings as unknown as { grpcClientOptions?: Record<string, unknown> }).grpcClientOptions;
    if (options) options["grpc.use_local_subchannel_pool"] = 1;
}
subchannelPerProgram();

export const REPO_ROOT = path.resolve(__dirname, "../../..");
/**
 * Inside the repo so the engine's plugins find node_modules/@pulumi/pulumi, and the serialized
 * provider node_modules/pulumi-patchworks (npm ci links it to the repo), by walking up.
 */
const WORK_ROOT = path.join(REPO_ROOT, ".e2e");
const PASSPHRASE = "e2e-passphrase-not-a-secret";

let cli: Promise<{ binDir: string; command: PulumiCommand }> | undefined;

/** scripts/ensure-pulumi, once per test process. Fails with its message when no CLI can be had. */
export function pulumiCli(): Promise<{ binDir: string; command: PulumiCommand }> {
    cli ??= (async () => {
        let stdout: string;
        try {
            ({ stdout } = await run(path.join(REPO_ROOT, "scripts/ensure-pulumi"), { maxBuffer: 16 << 20, timeout: 30 * 60_000 }));
        } catch (error) {
            const stderr = String((error as { stderr?: string }).stderr ?? "").trim();
            throw new Error(`no Pulumi CLI for the end-to-end tests:\n${stderr.split("\n").slice(-5).join("\n")}`);
        }
        const binDir = stdout.trim().split("\n").pop() as string;
        const command = await PulumiCommand.get({ root: path.dirname(binDir), skipVersionCheck: true });
        return { binDir, command };
    })();
    return cli;
}

export interface ConfigValue {
    value: string;
    secret?: boolean;
}

export interface TestStackOptions {
    emulator: RunningEmulator;
    /** An inline program (runs in this process). */
    program?: PulumiFn;
    /** Or a directory project: its index.ts is copied into a scratch project of its own. */
    exampleDir?: string;
    config?: Record<string, ConfigValue>;
}

export interface TestStack {
    stack: Stack;
    workDir: string;
    /** The file backend's root (PULUMI_BACKEND_URL); the stack's checkpoint is under .pulumi/stacks. */
    backendDir: string;
    /**
     * The stack's state as stored at rest: every file of the file backend, as text. (The Automation
     * API's exportStack decrypts secrets, so it cannot show what is stored.)
     */
    exportState(): Promise<string>;
    /** Deletes the scratch directories (not the emulator's data). */
    dispose(): void;
}

function scratchProject(workDir: string, exampleDir: string, projectName: string): void {
    writeFileSync(
        path.join(workDir, "Pulumi.yaml"),
        `name: ${projectName}\nmain: index.ts\nruntime:\n  name: nodejs\n  options:\n    typescript: true\n`,
    );
    writeFileSync(
        path.join(workDir, "tsconfig.json"),
        JSON.stringify({ extends: path.join(REPO_ROOT, "examples/tsconfig.base.json"), files: ["index.ts"] }),
    );
    writeFileSync(path.join(workDir, "index.ts"), readFileSync(path.join(exampleDir, "index.ts")));
}

/** Every file under `dir`, as text: e.g. a file backend's state at rest. */
export function readTree(dir: string): string {
    return readdirSync(dir, { withFileTypes: true, recursive: true })
        .filter((entry) => entry.isFile())
        .map((entry) => readFileSync(path.join(entry.parentPath, entry.name), "utf8"))
        .join("\n");
}

/**
 * The environment of the engine for a test: the CLI, then the Node.js that runs this test (so the
 * language host and the dynamic provider run on it too) first on PATH; a file backend and a
 * PULUMI_HOME of the test's own.
 */
function engineEnv(binDir: string, backendDir: string, pulumiHome: string): Record<string, string> {
    return {
        PATH: `${binDir}:${path.dirname(process.execPath)}:${process.env.PATH ?? ""}`,
        PULUMI_BACKEND_URL: `file://${backendDir}`,
        PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
        PULUMI_HOME: pulumiHome,
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        // The provider must take its settings from stack config, not from the test's environment.
        PATCHWORKS_API_URL: "",
        PATCHWORKS_API_KEY: "",
        PATCHWORKS_ACCESS_TOKEN: "",
        PATCHWORKS_USERNAME: "",
        PATCHWORKS_PASSWORD: "",
        PATCHWORKS_LOGIN_URL: "",
        PATCHWORKS_REQUESTS_PER_MINUTE: "",
    };
}

/** npm in `cwd`; a failure carries npm's output. */
export async function npm(cwd: string, ...args: string[]): Promise<string> {
    try {
        const { stdout } = await run("npm", [...args, "--no-audit", "--no-fund"], { cwd, maxBuffer: 64 << 20 });
        return stdout;
    } catch (error) {
        const { stdout, stderr } = error as { stdout?: string; stderr?: string };
        throw new Error(`npm ${args.join(" ")} failed in ${cwd}:\n${stdout ?? ""}\n${stderr ?? ""}`);
    }
}

/** This package as the registry would give it: `npm pack` into `dir`; the tarball's path. */
export async function packTarball(dir: string): Promise<string> {
    const name = (await npm(REPO_ROOT, "pack", "--silent", "--pack-destination", dir)).trim().split("\n").pop() as string;
    return path.join(dir, name);
}

/**
 * A stack's sign-in to a test emulator: its API key, and no pace (the emulator enforces none unless
 * started with --rate-limit; the suites that test the pace set requestsPerMinute themselves).
 */
function emulatorConfig(emulator: Pick<RunningEmulator, "apiUrl" | "apiKey">): Record<string, ConfigValue> {
    return {
        "patchworks:apiUrl": { value: emulator.apiUrl },
        "patchworks:apiKey": { value: emulator.apiKey, secret: true },
        "patchworks:requestsPerMinute": { value: "100000" },
    };
}

/**
 * The stack `dev` of a project directory installed outside the repository, as a user's is, with
 * its backend (`root`/backend) and PULUMI_HOME (`root`/home), configured for the emulator.
 */
export async function installedProjectStack(
    project: string,
    root: string,
    emulator: Pick<RunningEmulator, "apiUrl" | "apiKey">,
    config: Record<string, ConfigValue> = {},
): Promise<Stack> {
    const { binDir, command } = await pulumiCli();
    const backend = path.join(root, "backend");
    for (const dir of [backend, path.join(root, "home")]) mkdirSync(dir, { recursive: true });
    const envVars = engineEnv(binDir, backend, path.join(root, "home"));
    const stack = await LocalWorkspace.createStack(
        { stackName: "dev", workDir: project },
        { workDir: project, pulumiHome: envVars.PULUMI_HOME, envVars, pulumiCommand: command },
    );
    await stack.setAllConfig({ ...emulatorConfig(emulator), ...config });
    return stack;
}

export async function createTestStack(options: TestStackOptions): Promise<TestStack> {
    const { binDir, command } = await pulumiCli();
    const id = randomBytes(4).toString("hex");
    const root = path.join(WORK_ROOT, id);
    const workDir = path.join(root, "project");
    const backendDir = path.join(root, "backend");
    for (const dir of [workDir, backendDir, path.join(root, "home")]) mkdirSync(dir, { recursive: true });
    const projectName = `patchworks-e2e-${id}`;
    if (options.exampleDir) scratchProject(workDir, options.exampleDir, projectName);

    const envVars = engineEnv(binDir, backendDir, path.join(root, "home"));
    const workspaceOptions = { workDir, pulumiHome: envVars.PULUMI_HOME, envVars, pulumiCommand: command };
    const stack = options.program
        ? await LocalWorkspace.createStack(
              { stackName: "e2e", projectName, program: options.program },
              { ...workspaceOptions, projectSettings: { name: projectName, runtime: "nodejs" } },
          )
        : await LocalWorkspace.createStack({ stackName: "e2e", workDir }, workspaceOptions);
    await stack.setAllConfig({ ...emulatorConfig(options.emulator), ...(options.config ?? {}) });
    return {
        stack,
        workDir,
        backendDir,
        exportState: async () => readTree(path.join(backendDir, ".pulumi", "stacks")),
        dispose: () => rmSync(root, { recursive: true, force: true }),
    };
}

/** The text a user would see for a failed command (Automation API errors carry stdout and stderr). */
export async function failureOf(operation: Promise<unknown>): Promise<string> {
    let result: unknown;
    try {
        result = await operation;
    } catch (error) {
        return String((error as Error).message);
    }
    throw unexpectedSuccess(result);
}

/**
 * The error for a command a test expected to fail: what the engine did instead (its summary and
 * the end of its output), so a rare success on a loaded machine can be understood from the log.
 */
export function unexpectedSuccess(result: unknown): Error {
    const { stdout, summary } = (result ?? {}) as { stdout?: string; summary?: { resourceChanges?: unknown } };
    const changes = summary?.resourceChanges === undefined ? "" : `\nresource changes: ${JSON.stringify(summary.resourceChanges)}`;
    const tail = stdout ? `\nthe command's output ended:\n${stdout.split("\n").slice(-25).join("\n")}` : "";
    return new Error(`expected the Pulumi command to fail, but it succeeded${changes}${tail}`);
}
