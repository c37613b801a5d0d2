// What one provider process holds for every resource it serves: the settings from `configure`,
// one API client, the account snapshots a run's checks share, and every secret the process has
// seen (so nothing it prints can carry one).
import { isDeepStrictEqual } from "node:util";
import type { CompanyGroup, PatchworksClient, RemoteConnector, RemoteService } from "./client";
import { SecretBook } from "./client/redact";
import { diagnose, type Diagnose } from "./diagnostics";
import { RunLedger } from "./connector/ledger";
import type { CheckFailure } from "./connector/validate";
import { asUnexpected, RunCancelled, UserError } from "./errors";
import { MISSING_CREDENTIALS, resolveSettings, type ResolvedSettings, type Settings } from "./settings";

/** One list call per process, shared by every check that needs it; a failure is not kept, so a later check retries. */
class Snapshot<T> {
    private pending?: Promise<T>;

    constructor(private readonly load: () => Promise<T>) {}

    get(): Promise<T> {
        if (this.pending) return this.pending;
        // A load that throws at once (no API key) is a failed snapshot like any other.
        const pending = (async () => this.load())();
        this.pending = pending;
        pending.catch(() => {
            if (this.pending === pending) this.pending = undefined;
        });
        return pending;
    }
}

export class Runtime {
    readonly secrets = new SecretBook();
    readonly diagnose: Diagnose;
    /** What this run has learnt about the stack's connectors. */
    readonly connectorLedger = new RunLedger();
    private client?: PatchworksClient;
    readonly connectors = new Snapshot<RemoteConnector[]>(() => this.api().listConnectors());
    readonly companyGroups = new Snapshot<CompanyGroup[]>(() => this.api().listCompanyGroups());
    readonly services = new Snapshot<RemoteService[]>(() => this.api().listServices());
    /** Services a resource adopted in this run: no other resource's delete removes them. */
    readonly adoptedServices = new Set<string>();
    /** Aborted when the run is cancelled, so no request waits on. */
    private readonly cancelled = new AbortController();

    constructor(
        readonly resolved: ResolvedSettings,
        options: { diagnose?: Diagnose; client?: PatchworksClient } = {},
    ) {
        const report = options.diagnose ?? diagnose;
        // Every note and warning names connectors the API described: redacted like every error.
        this.diagnose = (severity, message) => report(severity, this.secrets.redact(message));
        this.client = options.client;
    }

    get settings(): Settings {
        return this.resolved.settings;
    }

    /** A check's result as the engine prints it: failure reasons redacted. */
    redactFailures<T extends { failures: { property: string; reason: string }[] }>(result: T): T {
        return { ...result, failures: result.failures.map((f) => ({ ...f, reason: this.secrets.redact(f.reason) })) };
    }

    /** Stops every wait and request of this process: the engine is cancelling the run. */
    cancel(): void {
        this.cancelled.abort(new RunCancelled());
    }

    api(): PatchworksClient {
        if (!this.client) {
            const { settings, problem } = this.resolved;
            if (!settings.apiKey && !settings.accessToken) throw new UserError(MISSING_CREDENTIALS);
            if (problem) throw new UserError(problem);
            // Loaded here, not at the top: previews and no-change runs that never call the API skip axios.
            const { PatchworksClient: Client } = require("./client") as typeof import("./client");
            this.client = new Client(settings, {
                secrets: this.secrets,
                signal: this.cancelled.signal,
                // The engine shows a provider's stderr in the run's output; the client redacts every secret.
                log: settings.logRequests ? (line) => process.stderr.write(`patchworks: ${line}\n`) : undefined,
            });
        }
        return this.client;
    }

    /**
     * Errors leave the provider as one line (no stack, no secret); anything else is a bug and keeps
     * its stack, redacted.
     */
    async userFacing<T>(operation: () => Promise<T>): Promise<T> {
        inFlight += 1;
        try {
            return await operation();
        } catch (error) {
            if (error instanceof UserError) {
                error.message = this.secrets.redact(error.message);
                // What the engine prints for a step that failed after creating (ErrorResourceInitFailed).
                const reasons = (error as { reasons?: unknown }).reasons;
                if (Array.isArray(reasons))
                    (error as unknown as { reasons: string[] }).reasons = reasons.map((r) => this.secrets.redact(String(r)));
                throw error;
            }
            throw asUnexpected(error, (text) => this.secrets.redact(text));
        } finally {
            inFlight -= 1;
            exitIfStopping();
        }
    }
}

/** Operations under way in this process, so a signal lets each answer the engine before the process ends. */
let inFlight = 0;
let stoppingOn: NodeJS.Signals | undefined;

function exitIfStopping(): void {
    // The answer of the last operation is written on a later turn of the event loop.
    if (stoppingOn && inFlight === 0) setImmediate(() => process.kill(process.pid, stoppingOn));
}

/**
 * The engine ends a provider with SIGINT and kills it 5 s later; Ctrl-C in a terminal sends it
 * too. Either way the run is over: waits and requests stop, and once no operation is under way
 * the signal does what it would have done without this listener (the gRPC server would keep the
 * process alive, every command 5 s longer).
 */
function stopOn(signal: NodeJS.Signals): void {
    stoppingOn = signal;
    current?.cancel();
    exitIfStopping();
}

let current: Runtime | undefined;

export function runtime(): Runtime {
    current ??= new Runtime(resolveSettings(() => undefined, process.env));
    return current;
}

/** A resource's check against the process's runtime: validation, then what the account says. */
export type AccountCheck<Inputs> = (
    rt: Runtime,
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
) => Promise<{ inputs: Inputs; failures: CheckFailure[] }>;

/** The provider's `check` for a resource: its account check, with errors and failure reasons redacted. */
export function userFacingCheck<Inputs>(check: AccountCheck<Inputs>) {
    return (olds: Record<string, unknown>, news: Record<string, unknown>): Promise<{ inputs: Inputs; failures: CheckFailure[] }> => {
        const rt = runtime();
        return rt.userFacing(async () => rt.redactFailures(await check(rt, olds, news)));
    };
}

let listening = false;

/**
 * Pulumi's configure, with the whole stack config: once per serialized provider (one per resource
 * type and package version), all in one process, so the same settings keep the same runtime.
 */
export function configure(config: { get(key: string): string | undefined }): void {
    const resolved = resolveSettings((key) => config.get(key), process.env);
    if (!current || !isDeepStrictEqual(current.resolved, resolved)) current = new Runtime(resolved);
    if (!listening) {
        listening = true;
        for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, stopOn);
    }
}

/** For tests: a runtime with given settings and collaborators. */
export function useRuntime(replacement: Runtime): void {
    current = replacement;
}
