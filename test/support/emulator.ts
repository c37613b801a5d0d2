// The one emulator fixture for every test suite: in-process (`startEmulator`) for speed, or as a
// child process (`startEmulatorProcess`) when a test needs restarts, signals or kill -9. Both are
// driven over HTTP (test/support/fabric-http.ts), so they behave the same.
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { DEFAULT_USER, type Role } from "../../emulator/access";
import { createEmulator, type EmulatorOptions as ServerOptions } from "../../emulator/server";
import { type FabricHttp, fabricHttp, type FabricUser, type LoggedRequest } from "./fabric-http";

export type { LoggedRequest };

/** The API key test emulators accept (it signs in as the first user). */
export const TEST_API_KEY = "dev-key";

/** `Group 000` ... `Group 099`: room for the fleets of the suites. */
function numberedGroups(): string[] {
    return Array.from({ length: 100 }, (_, i) => `Group ${String(i).padStart(3, "0")}`);
}

/**
 * The company groups every test emulator starts with, unless a test asks for others: the names the
 * suites and examples use (usernames `uk_store`, `france_store`, ..., `group_000`, ...).
 */
const TEST_COMPANY_GROUPS: readonly string[] = Object.freeze([
    "UK Store",
    "France Store",
    "Germany Store",
    "US Store",
    "Europe",
    ...numberedGroups(),
]);

interface EmulatorUser extends FabricUser {
    readonly role?: Role;
}

export interface EmulatorOptions {
    /** TEST_API_KEY when omitted. */
    readonly apiKey?: string;
    /** The emulator's default client admin when omitted. */
    readonly users?: readonly EmulatorUser[];
    /** Persist to DIR/state.json; memory only when omitted. */
    readonly dataDir?: string;
    /** A fixed port, e.g. to restart on the URL a stack's config names; a free one when omitted. */
    readonly port?: number;
    /** TEST_COMPANY_GROUPS when omitted. */
    readonly companyGroups?: readonly string[];
    readonly rateLimit?: number;
    readonly activeServiceLimit?: number;
    readonly tokenTtlSeconds?: number;
}

export interface RunningEmulator extends FabricHttp {
    /** `url` + "/api/v2": the provider's apiUrl. */
    readonly apiUrl: string;
    /** `url` + "/api/login": the docs' login route (body `username`). */
    readonly loginUrl: string;
    readonly apiKey: string;
    /** The first user, who the helpers and the API key sign in as. */
    readonly user: FabricUser;
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
    /** Everything the process wrote to stdout and stderr so far. */
    output(): string;
}

const STARTUP_TIMEOUT_MS = 10_000;
const MAIN_SCRIPT = path.resolve(__dirname, "../../emulator/main.js");

function running(url: string, apiKey: string, users: readonly EmulatorUser[] | undefined, stop: () => Promise<void>): RunningEmulator {
    const user = users?.[0] ?? DEFAULT_USER;
    return { ...fabricHttp(url, user), apiUrl: `${url}/api/v2`, loginUrl: `${url}/api/login`, apiKey, user, stop };
}

function serverOptions(options: EmulatorOptions): ServerOptions {
    return {
        apiKey: options.apiKey ?? TEST_API_KEY,
        users: options.users?.map((user) => ({ email: user.email, password: user.password, role: user.role ?? "client-admin" })),
        dataDir: options.dataDir,
        companyGroups: options.companyGroups ?? TEST_COMPANY_GROUPS,
        rateLimit: options.rateLimit,
        activeServiceLimit: options.activeServiceLimit,
        tokenTtlSeconds: options.tokenTtlSeconds,
    };
}

/** Starts the emulator in this process on 127.0.0.1, on a free port (or `options.port`). */
export async function startEmulator(options: EmulatorOptions & { readonly now?: () => number } = {}): Promise<RunningEmulator> {
    const settings = serverOptions(options);
    const emulator = createEmulator({ ...settings, now: options.now });
    const url = await emulator.listen(options.port ?? 0, "127.0.0.1");
    return running(url, settings.apiKey as string, options.users, () => emulator.close());
}

// A test that fails before stopping its child must not leave an emulator running.
const liveChildren = new Set<ChildProcess>();
process.on("exit", () => {
    for (const child of liveChildren) child.kill("SIGKILL");
});

function waitForListeningUrl(child: ChildProcess, output: () => string): Promise<string> {
    return new Promise((resolve, reject) => {
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
            reject(new Error(`emulator process did not start: ${why}\noutput: ${output()}`));
        }
        function onData(): void {
            const match = /listening on (http:\/\/\S+)\/api\/v2/.exec(output());
            if (match) {
                settle();
                resolve(match[1]);
            }
        }
        child.stdout?.on("data", onData);
        child.once("exit", onExit);
    });
}

/** The command line for `options`, as `npm run emulator -- ...` takes it. */
function commandLine(options: EmulatorOptions): string[] {
    const settings = serverOptions(options);
    const groups = settings.companyGroups ?? [];
    if (groups.some((name) => name.includes(","))) {
        throw new Error("startEmulatorProcess: --company-groups separates names with commas, so a name cannot contain one");
    }
    const args = [
        "--port",
        String(options.port ?? 0),
        "--host",
        "127.0.0.1",
        "--api-key",
        settings.apiKey as string,
        "--company-groups",
        groups.join(","),
    ];
    for (const user of settings.users ?? []) args.push("--user", `${user.email}:${user.password}:${user.role}`);
    if (settings.dataDir) args.push("--data-dir", settings.dataDir);
    if (settings.rateLimit !== undefined) args.push("--rate-limit", String(settings.rateLimit));
    if (settings.activeServiceLimit !== undefined) args.push("--active-service-limit", String(settings.activeServiceLimit));
    if (settings.tokenTtlSeconds !== undefined) args.push("--token-ttl", String(settings.tokenTtlSeconds));
    return args;
}

/** The first port the kernel hands out for a listen on port 0 (Linux's ip_local_port_range; its default elsewhere). */
function firstEphemeralPort(): number {
    try {
        return Number(readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/)[0]) || 32768;
    } catch {
        return 32768;
    }
}

/**
 * A free port below the range the kernel hands out for port 0, for an emulator a test stops and
 * starts again on the same port: while it is down, the engine and its plugins listen on ports of
 * their own, and one given the stopped emulator's port would answer the provider in its place
 * (seen once: HPE_INVALID_CONSTANT where the test expected ECONNREFUSED).
 */
export async function portForARestart(): Promise<number> {
    const below = firstEphemeralPort();
    for (let attempt = 0; attempt < 50; attempt++) {
        const port = 20_000 + Math.floor(Math.random() * (below - 20_000));
        const free = await new Promise<boolean>((resolve) => {
            const probe = createServer();
            probe.once("error", () => resolve(false));
            probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
        });
        if (free) return port;
    }
    throw new Error(`no free port between 20000 and ${below} for a restartable emulator`);
}

/** Starts `node dist/emulator/main.js` as a child process, for restart and crash tests. */
export async function startEmulatorProcess(options: EmulatorOptions = {}): Promise<EmulatorProcess> {
    const child = spawn(process.execPath, [MAIN_SCRIPT, ...commandLine(options)], { stdio: ["ignore", "pipe", "pipe"] });
    liveChildren.add(child);
    let outputText = "";
    child.stdout?.on("data", (chunk: Buffer) => (outputText += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (outputText += chunk.toString()));
    const exited = new Promise<ProcessExit>((resolve) =>
        child.once("exit", (code, signal) => {
            liveChildren.delete(child);
            resolve({ code, signal });
        }),
    );
    const url = await waitForListeningUrl(child, () => outputText);
    const kill = async (signal: NodeJS.Signals = "SIGTERM"): Promise<ProcessExit> => {
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
        return exited;
    };
    const stop = async () => {
        const exit = await kill("SIGTERM");
        // A process a test already killed with SIGKILL is stopped; anything else must exit 0.
        if (exit.code !== 0 && exit.signal !== "SIGKILL") {
            throw new Error(`emulator process did not stop cleanly (code ${exit.code}, signal ${exit.signal}): ${outputText}`);
        }
    };
    return {
        ...running(url, options.apiKey ?? TEST_API_KEY, options.users, stop),
        pid: child.pid as number,
        kill,
        output: () => outputText,
    };
}
