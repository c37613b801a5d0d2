// What one provider process holds for every resource it serves: the settings from `configure`,
// one API client, the account snapshots a run's checks share, and every secret the process has
// seen (so nothing it prints can carry one).
import { isDeepStrictEqual } from "node:util";
import type { PatchworksClient } from "./client";
import type { FabricGroup } from "./client/company-groups";
import type { FabricConnector, UndecodedConnectorList } from "./client/connectors";
import { READABLE_BELOW, SecretBook } from "./client/redact";
import type { Transport } from "./client/http";
import type { FabricSystem } from "./client/systems";
import { diagnose, type Diagnose } from "./diagnostics";
import { entryOfFactory, isSecretKey } from "./connector/account-catalog";
import { RunLedger } from "./connector/ledger";
import { serviceAccount } from "./service/account";
import type { ConnectorAccount } from "./connector/lifecycle";
import type { GroupAccount } from "./company-group/lifecycle";
import { findAuthType, type AuthType } from "./catalog";
import { asUnexpected, RunCancelled, UserError } from "./errors";
import type { CheckFailure } from "./model";
import { resolveSettings, type ResolvedSettings, type Settings } from "./settings";

/** One list call per process, shared by every check that needs it; a failure is not kept, so a later check retries. */
class Snapshot<T> {
    private pending?: Promise<T>;
    /** The read `reloadShared` callers are waiting for, until it is answered. */
    private shared?: Promise<T>;

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

    /** Reads again; what the read returns replaces the snapshot. */
    reload(): Promise<T> {
        this.pending = undefined;
        return this.get();
    }

    /**
     * A read again, shared by every caller that asks before it is answered: under the pace a read
     * mostly waits its turn in the queue, so the callers that join it get a list as fresh as a read
     * of their own, for one request.
     */
    reloadShared(): Promise<T> {
        if (this.shared) return this.shared;
        const read = this.reload();
        this.shared = read;
        const done = () => {
            if (this.shared === read) this.shared = undefined;
        };
        read.then(done, done);
        return read;
    }

    /** Changes what a loaded snapshot holds (this process's own writes); nothing when it is not loaded. */
    amend(change: (value: T) => T): void {
        if (this.pending) this.pending = this.pending.then(change);
    }
}

export class Runtime {
    readonly secrets = new SecretBook();
    readonly diagnose: Diagnose;
    /** What this run has learnt about the stack's connectors. */
    readonly connectorLedger = new RunLedger();
    /**
     * Company groups a CompanyGroup of this run creates, by username and by name (trimmed, lower
     * case): a connector may name one at preview, before it exists in the account.
     */
    readonly plannedGroups = new Set<string>();
    private client?: PatchworksClient;
    /** Replaces the client's HTTP layer (tests); the client is otherwise the production one. */
    private readonly transport?: Transport;
    // Each list is read at most once per process (CONTRACT 2), whatever the number of resources.
    readonly connectors = new Snapshot<FabricConnector[]>(() => this.readConnectors());
    /** The list as the last look before a create read it, decoded a group at a time by the creates that share it. */
    private readonly connectorsLooked = new Snapshot<UndecodedConnectorList>(async () =>
        (await wire()).connectors.listConnectorsUndecoded(this.api()),
    );
    readonly companyGroups = new Snapshot<FabricGroup[]>(async () => (await wire()).groups.listCompanyGroups(this.api()));
    /** Each group's parent id: the list does not say (fact sheet 3.2), the tree does. */
    readonly companyGroupParents = new Snapshot<Map<string, string | null>>(async () => (await wire()).groups.readGroupParents(this.api()));
    readonly systems = new Snapshot<FabricSystem[]>(async () => (await wire()).systems.listSystems(this.api()));
    /** Aborted when the run is cancelled, so no request waits on. */
    private readonly cancelled = new AbortController();

    constructor(
        readonly resolved: ResolvedSettings,
        options: { diagnose?: Diagnose; client?: PatchworksClient; transport?: Transport } = {},
    ) {
        const report = options.diagnose ?? diagnose;
        // Every note and warning names connectors the API described: redacted like every error.
        this.diagnose = (severity, message) => report(severity, this.secrets.redact(message));
        this.client = options.client;
        this.transport = options.transport;
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
            if (problem) throw new UserError(problem);
            // Loaded here, not at the top: a run that never calls the API skips the client and its modules.
            const { PatchworksClient: Client } = require("./client") as typeof import("./client");
            this.client = new Client(settings, {
                secrets: this.secrets,
                signal: this.cancelled.signal,
                transport: this.transport,
                // The engine shows a provider's stderr in the run's output; the client redacts every secret.
                log: settings.logRequests ? (line) => process.stderr.write(`patchworks: ${line}\n`) : undefined,
                // A long wait (a 429, the pace) is said, so a run that pauses for a minute does not look hung.
                onWait: (ms, reason) => void this.diagnose("info", waitingLine(ms, reason)).catch(() => undefined),
            });
        }
        return this.client;
    }

    /**
     * Fabric returns some secrets in clear (fact sheet 4.2): every value of a key the catalog calls
     * secret joins the secret book as soon as it arrives, so no message can print it.
     */
    private async readConnectors(): Promise<FabricConnector[]> {
        return this.rememberSecrets(await (await wire()).connectors.listConnectors(this.api()));
    }

    /** The secret values connectors carry (Fabric returns some in clear) join the secret book. */
    private rememberSecrets(connectors: FabricConnector[]): FabricConnector[] {
        for (const connector of connectors) {
            const entry = entryOfFactory(connector.system.factoryName);
            const authType = entry && findAuthType(entry, connector.authType);
            this.secrets.add(
                Object.entries(connector.credentials)
                    .filter(([key, value]) => isSecretKey(authType, key) && (knownKey(authType, key) || mayBeACredential(value)))
                    .map(([, value]) => value),
            );
        }
        return connectors;
    }

    private async groupConnectorsBeforeCreate(groupId: string): Promise<FabricConnector[]> {
        const list = await this.connectorsLooked.reloadShared();
        return this.rememberSecrets((await wire()).connectors.connectorsOfGroup(list, groupId));
    }

    /** The account as the connector lifecycle reads and amends it. */
    connectorAccount(): ConnectorAccount {
        return {
            client: this.api(),
            connectors: () => this.connectors.get(),
            rereadConnectors: () => this.connectors.reload(),
            groupConnectorsBeforeCreate: (groupId) => this.groupConnectorsBeforeCreate(groupId),
            services: () => serviceAccount(this.api()).services(),
            groups: () => this.companyGroups.get(),
            // Offline or refused, the bundled catalog serves alone (CONTRACT 5).
            systems: () => this.systems.get().catch(() => undefined),
            noteWritten: (written) => this.connectors.amend((all) => [...all.filter((c) => c.id !== written.id), written]),
            noteDeleted: (id) => this.connectors.amend((all) => all.filter((c) => c.id !== id)),
        };
    }

    /** The account as the company group lifecycle reads and amends it. */
    groupAccount(): GroupAccount {
        return {
            client: this.api(),
            groups: (reread) => (reread ? this.companyGroups.reload() : this.companyGroups.get()),
            parents: (reread) => (reread ? this.companyGroupParents.reload() : this.companyGroupParents.get()),
            rereadConnectors: () => this.connectors.reload(),
            noteGroup: (group, parent) => {
                this.companyGroups.amend((all) => [...all.filter((g) => g.id !== group.id), group]);
                this.companyGroupParents.amend((parents) => new Map(parents).set(group.id, parent));
            },
            noteGroupDeleted: (id) => {
                this.companyGroups.amend((all) => all.filter((g) => g.id !== id));
                this.companyGroupParents.amend((parents) => {
                    const left = new Map(parents);
                    left.delete(id);
                    return left;
                });
            },
        };
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

/** The wire modules, loaded when first needed: previews that never call the API skip them. */
async function wire() {
    const [connectors, groups, systems] = await Promise.all([
        import("./client/connectors"),
        import("./client/company-groups"),
        import("./client/systems"),
    ]);
    return { connectors, groups, systems };
}
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

function knownKey(authType: AuthType | undefined, key: string): boolean {
    return authType?.fields.some((f) => f.key === key) === true;
}

/** A key the catalog does not know is kept secret, but Fabric also returns flags and reshaped fields under such keys. */
function mayBeACredential(value: unknown): boolean {
    return typeof value === "string" && value.length >= READABLE_BELOW;
}

/** What a user reads while the provider waits: how long, and why (Fabric's limit is shared by every program of the user). */
function waitingLine(ms: number, reason: string): string {
    return `waiting ${Math.ceil(ms / 1000)} s before the next request to Patchworks: ${reason} (its limit of requests a minute is shared by every program signed in as this user)`;
}
