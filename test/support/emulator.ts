// The one emulator fixture for every test suite: in-process (`startEmulator`) for speed, or as a
// child process (`startEmulatorProcess`) when a test needs restarts, signals or kill -9.
// Admin hooks are called over HTTP with Node's fetch, so both kinds behave the same.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { CompanyGroup } from "../../emulator/company-groups";
import type { FaultSettings } from "../../emulator/faults";
import type { LoggedRequest } from "../../emulator/request-log";
import { createEmulator, DEFAULT_API_KEY } from "../../emulator/server";

export type { LoggedRequest };

/** `group-0` ... `group-99` and the zero-padded `group-000` ... `group-099`. */
function numberedGroups(): string[] {
    const numbers = Array.from({ length: 100 }, (_, i) => i);
    return [...numbers.map((i) => `group-${i}`), ...numbers.map((i) => `group-${String(i).padStart(3, "0")}`)];
}

/**
 * The company profile every test emulator starts with, unless a test asks for other groups: every
 * group the suites and examples name (spellings such as " UK " are the same group as "uk"). The
 * numbered groups cover the fleets (`group-000`...), the interrupted-run program (`group-<i>`) and
 * the emulator suites, with room for larger counts.
 */
export const TEST_COMPANY_GROUPS: readonly string[] = Object.freeze(["uk", "fr", "de", "eu", "us", "europe", ...numberedGroups()]);

export interface EmulatorOptions {
    readonly apiKey?: string;
    /** Persist to DIR/state.json; memory only when omitted. */
    readonly dataDir?: string;
    /** A fixed port, e.g. to restart on the URL a stack's config names; a free one when omitted. */
    readonly port?: number;
    /** The company profile's groups at start and after every reset; TEST_COMPANY_GROUPS when omitted. */
    readonly companyGroups?: readonly string[];
}

export interface RunningEmulator {
    /** Base URL, e.g. http://127.0.0.1:41234. */
    readonly url: string;
    /** `url` + "/api/v1". */
    readonly apiUrl: string;
    readonly apiKey: string;
    /** The /api/v1 requests served so far, oldest first. */
    requests(): Promise<LoggedRequest[]>;
    /** Replaces the injected faults; `{}` clears them. */
    setFaults(faults: FaultSettings): Promise<void>;
    /** Marks a connector as used by these services (so delete is refused); `[]` clears. */
    markInUse(connectorId: string, services: string[]): Promise<void>;
    /** Adds groups to the company profile (repeating one is harmless); resolves to the profile's groups. */
    addCompanyGroups(names: readonly string[]): Promise<CompanyGroup[]>;
    /** Clears connectors, services, usage, faults and the request log, and restores the company groups it started with. */
    reset(): Promise<void>;
    stop(): Promise<void>;
}

interface ProcessExit {
    readonly code: number | null;
    readonly signal: NodeJS.Signals | null;
}

export interface EmulatorProcess extends RunningEmulator {
    readonly pid: number;
    /** Sends `signal` (default SIGTERM) and resolves with how the process ended. */
    kill(signal?: NodeJS.Signals): Promise<ProcessExit>;
    /** Everything the process wrote to stderr so far. */
    stderr(): string;
}

const STARTUP_TIMEOUT_MS = 10_000;
const MAIN_SCRIPT = path.resolve(__dirname, "../../emulator/main.js");

async function adminCall(url: string, method: "GET" | "POST", route: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${url}/__admin/${route}`, {
        method,
        headers: body === undefined ? {} : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) {
        throw new Error(`emulator admin ${method} ${route} answered ${response.status}: ${text}`);
    }
    return text === "" ? undefined : JSON.parse(text);
}

function adminClient(url: string, apiKey: string): Omit<RunningEmulator, "stop"> {
    return {
        url,
        apiUrl: `${url}/api/v1`,
        apiKey,
        requests: async () => {
            const log = (await adminCall(url, "GET", "requests")) as { data: LoggedRequest[] };
            return log.data;
        },
        setFaults: async (faults) => {
            await adminCall(url, "POST", "faults", faults);
        },
        markInUse: async (connectorId, services) => {
            await adminCall(url, "POST", "usage", { connectorId, services });
        },
        addCompanyGroups: async (names) => {
            const profile = (await adminCall(url, "POST", "company-groups", { names })) as { data: CompanyGroup[] };
            return profile.data;
        },
        reset: async () => {
            await adminCall(url, "POST", "reset");
        },
    };
}

/** Starts the emulator in this process on 127.0.0.1, on a free port. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
    const apiKey = options.apiKey ?? DEFAULT_API_KEY;
    const emulator = createEmulator({ apiKey, dataDir: options.dataDir, companyGroups: options.companyGroups ?? TEST_COMPANY_GROUPS });
    const url = await emulator.listen(options.port ?? 0, "127.0.0.1");
    return { ...adminClient(url, apiKey), stop: () => emulator.close() };
}

// A test that fails before stopping its child must not leave an emulator running.
const liveChildren = new Set<ChildProcess>();
process.on("exit", () => {
    for (const child of liveChildren) child.kill("SIGKILL");
});

function waitForListeningUrl(child: ChildProcess, stderr: () => string): Promise<string> {
    return new Promise((resolve, reject) => {
        let stdout = "";
        const onExit = (code: number | null, signal: NodeJS.Signals | null) => fail(`exited early (code ${code}, signal ${signal})`);
        const timer = setTimeout(() => fail(`no "listening" line within ${STARTUP_TIMEOUT_MS} ms`), STARTUP_TIMEOUT_MS);
        const settle = () => {
            clearTimeout(timer);
            child.off("exit", onExit);
            child.stdout?.off("data", onData);
        };
        function fail(why: string): void {
            settle();
            child.kill("SIGKILL");
            reject(new Error(`emulator process did not start: ${why}\nstderr: ${stderr()}`));
        }
        function onData(chunk: Buffer): void {
            stdout += chunk.toString();
            const match = /listening on (http:\/\/\S+)\/api\/v1/.exec(stdout);
            if (match) {
                settle();
                resolve(match[1]);
            }
        }
        child.stdout?.on("data", onData);
        child.once("exit", onExit);
    });
}

/** Starts `node dist/emulator/main.js --port 0` (or `options.port`) as a child process, for restart and crash tests. */
export async function startEmulatorProcess(options: EmulatorOptions = {}): Promise<EmulatorProcess> {
    const apiKey = options.apiKey ?? DEFAULT_API_KEY;
    const companyGroups = options.companyGroups ?? TEST_COMPANY_GROUPS;
    if (companyGroups.some((name) => name.includes(","))) {
        throw new Error("startEmulatorProcess: --company-groups separates names with commas, so a name cannot contain one");
    }
    const args = [MAIN_SCRIPT, "--port", String(options.port ?? 0), "--host", "127.0.0.1", "--api-key", apiKey];
    args.push("--company-groups", companyGroups.join(","));
    if (options.dataDir) {
        args.push("--data-dir", options.dataDir);
    }
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    liveChildren.add(child);
    let stderrText = "";
    child.stderr?.on("data", (chunk: Buffer) => (stderrText += chunk.toString()));
    const exited = new Promise<ProcessExit>((resolve) =>
        child.once("exit", (code, signal) => {
            liveChildren.delete(child);
            resolve({ code, signal });
        }),
    );
    const url = await waitForListeningUrl(child, () => stderrText);

    const kill = async (signal: NodeJS.Signals = "SIGTERM"): Promise<ProcessExit> => {
        if (child.exitCode === null && child.signalCode === null) {
            child.kill(signal);
        }
        return exited;
    };
    return {
        ...adminClient(url, apiKey),
        pid: child.pid as number,
        kill,
        stderr: () => stderrText,
        stop: async () => {
            const exit = await kill("SIGTERM");
            // A process a test already killed with SIGKILL is stopped; anything else must exit 0.
            if (exit.code !== 0 && exit.signal !== "SIGKILL") {
                throw new Error(`emulator process did not stop cleanly (code ${exit.code}, signal ${exit.signal}): ${stderrText}`);
            }
        },
    };
}
