// Lookups: read the Patchworks account from the program itself (not the provider), so a Service can
// use a connector managed elsewhere and a program can read the company profile. They take the
// provider's settings (stack config `patchworks:*`, then PATCHWORKS_* environment), share one client
// per program run (one concurrency cap, one retry budget), return no credential, and fail with one
// line that says what to do.
import { isDeepStrictEqual } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import { findSystem } from "../provider/catalog";
import type { CompanyGroup, RemoteConnector } from "../provider/client";
import { companyGroupProblem, describeRemote } from "../provider/connector/account";
import { describeKey, normaliseCompanyGroup, sameKey } from "../provider/connector/key";
import { reportedState } from "../provider/connector/mapping";
import { UserError } from "../provider/errors";
import { ENVIRONMENTS, type ConnectorStatus, type Environment } from "../provider/model";
import { Runtime } from "../provider/runtime";
import { resolveSettings, type ResolvedSettings } from "../provider/settings";
import { currentRun } from "./registry";
import type { ServiceConnector } from "./service";

export type { CompanyGroup };

/** A connector of the Patchworks account, without its credentials; usable as a Service's connector (`ServiceConnector`). */
export interface AccountConnector {
    connectorId: string;
    system: string;
    environment: Environment;
    /** Absent for the company's default group. */
    companyGroup?: string;
    name: string;
    timezone: string;
    dateFormat: string;
    authType: string;
    status: ConnectorStatus;
    /** ISO 8601, UTC. */
    createdAt: string;
    /** ISO 8601, UTC. */
    updatedAt: string;
}

export interface GetConnectorArgs {
    /** Catalog id of the system, e.g. "shopify". */
    system: string;
    /** "live" or "test". */
    environment: Environment;
    /** Omitted: the company's default group. Compared trimmed, case-insensitively. */
    companyGroup?: string;
}

export interface GetConnectorsArgs {
    system?: string;
    environment?: Environment;
    /** Only the connectors of this group (trimmed, case-insensitive); omitted: every group. */
    companyGroup?: string;
}

/** The arguments of a lookup's `...Output` form: each may come from another resource. */
export type LookupInputs<T> = { [K in keyof T]: pulumi.Input<T[K]> };

const LISTED = 10;

/** Stack config first, then the environment: what the provider's `configure` resolves. */
function currentSettings(): ResolvedSettings {
    return resolveSettings((key) => pulumi.runtime.getConfig(key), process.env);
}

const RUNTIMES = Symbol.for("pulumi-patchworks.lookup-runtimes");

/** One runtime (so one client) per program run and settings: every lookup of a run shares its cap and retries. */
function lookupRuntime(): Runtime {
    const holder = globalThis as { [RUNTIMES]?: WeakMap<object, Runtime> };
    const runs = holder[RUNTIMES] ?? new WeakMap<object, Runtime>();
    holder[RUNTIMES] = runs;
    const run = currentRun();
    const resolved = currentSettings();
    const current = runs.get(run);
    if (current && isDeepStrictEqual(current.resolved, resolved)) return current;
    const fresh = new Runtime(resolved);
    runs.set(run, fresh);
    return fresh;
}

/** Runs a lookup; a user-facing failure leaves as one line, prefixed with the call, without a stack. */
async function lookup<T>(what: string, operation: (rt: Runtime) => Promise<T>): Promise<T> {
    const rt = lookupRuntime();
    try {
        return await rt.userFacing(() => operation(rt));
    } catch (error) {
        if (error instanceof UserError) throw new pulumi.RunError(`patchworks.${what}: ${error.message}`);
        throw error;
    }
}

function describeArgs(args: object): string {
    const shown = Object.entries(args).filter(([, value]) => value !== undefined);
    return `{ ${shown.map(([key, value]) => `${key}: ${JSON.stringify(value)}`).join(", ")} }`;
}

function requireText(field: string, value: unknown, example: string): string {
    if (typeof value !== "string" || value.trim() === "") throw new UserError(`${field} must be a non-empty string such as ${example}`);
    return value.trim();
}

function checkEnvironment(value: unknown): Environment {
    if (!ENVIRONMENTS.includes(value as Environment)) {
        throw new UserError(`environment must be "live" or "test" (got ${JSON.stringify(value) ?? "nothing"})`);
    }
    return value as Environment;
}

/** A string filter; blank is no filter. */
function optionalText(field: string, value: unknown, omitted: string): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "string") throw new UserError(`${field} must be a string; omit it for ${omitted}`);
    return value.trim() === "" ? undefined : value.trim();
}

function toAccountConnector(remote: RemoteConnector): AccountConnector {
    const connector: AccountConnector = {
        connectorId: remote.id,
        system: remote.system,
        environment: remote.environment,
        ...reportedState(remote),
    };
    if (remote.companyGroup !== null) connector.companyGroup = remote.companyGroup;
    return connector;
}

function describeListed(connectors: readonly RemoteConnector[]): string {
    if (connectors.length === 0) return "none";
    const shown = connectors.slice(0, LISTED).map((c) => {
        const group = c.companyGroup === null ? "the default company group" : `company group "${c.companyGroup}"`;
        return `${c.environment} in ${group}: ${describeRemote(c)}`;
    });
    return shown.join("; ") + (connectors.length > LISTED ? `; and ${connectors.length - LISTED} more` : "");
}

/** Why no connector has this key: the system's connectors, and a company group the profile lacks. */
async function notFound(rt: Runtime, key: GetConnectorArgs): Promise<UserError> {
    const api = rt.api();
    const [ofSystem, groups] = await Promise.all([
        api.listConnectors({ system: key.system }),
        key.companyGroup === undefined ? Promise.resolve(undefined) : api.listCompanyGroups(),
    ]);
    const unknownSystem = findSystem(key.system) ? "" : ` "${key.system}" is not a system id of patchworks.systems.`;
    const groupProblem = groups && companyGroupProblem(groups, key.companyGroup);
    return new UserError(
        `no ${describeKey(key)} in the Patchworks account (connectors of ${key.system}: ${describeListed(ofSystem.filter((c) => c.system === key.system))}).` +
            unknownSystem +
            (groupProblem
                ? ` ${groupProblem.reason}`
                : ` Create or authorise it in the Patchworks dashboard, or correct system, environment or companyGroup.`),
    );
}

/**
 * The connector with this system, environment and company group (one live and one test per
 * system per group), without credentials. Fails the program when the account has none.
 */
export function getConnector(args: GetConnectorArgs): Promise<AccountConnector> {
    const call = `getConnector(${describeArgs(args ?? {})})`;
    return lookup(call, async (rt) => {
        const key = {
            system: requireText("system", args?.system, '"shopify"'),
            environment: checkEnvironment(args?.environment),
            companyGroup: optionalText("companyGroup", args?.companyGroup, "the default group"),
        };
        const candidates = await rt
            .api()
            .listConnectors({ system: key.system, environment: key.environment, companyGroup: key.companyGroup ?? null });
        // Filtered again here, so a server that ignored a filter cannot hand back another connector.
        const found = candidates.find((c) => sameKey(c, key));
        if (!found) throw await notFound(rt, key);
        return toAccountConnector(found);
    });
}

/** The account's connectors, optionally only those of a system, an environment or a company group; without credentials. */
export function getConnectors(args: GetConnectorsArgs = {}): Promise<AccountConnector[]> {
    const call = `getConnectors(${describeArgs(args ?? {})})`;
    return lookup(call, async (rt) => {
        const system = optionalText("system", args?.system, "every system");
        const environment = args?.environment === undefined ? undefined : checkEnvironment(args.environment);
        const companyGroup = optionalText("companyGroup", args?.companyGroup, "every group");
        const listed = await rt.api().listConnectors({ system, environment, companyGroup });
        const wanted = normaliseCompanyGroup(companyGroup);
        return listed
            .filter(
                (c) =>
                    (system === undefined || c.system === system) &&
                    (environment === undefined || c.environment === environment) &&
                    (wanted === null || normaliseCompanyGroup(c.companyGroup) === wanted),
            )
            .map(toAccountConnector);
    });
}

/** The company groups of the account's profile (those a connector's `companyGroup` may name). */
export function getCompanyGroups(): Promise<CompanyGroup[]> {
    return lookup("getCompanyGroups()", async (rt) => (await rt.api().listCompanyGroups()).map(({ id, name }) => ({ id, name })));
}

/**
 * A looked-up connector as an output. Its properties are outputs too (Pulumi lifts them), so it
 * is a `ServiceConnector` as it is: `destination: { connector: netsuite, entity: "orders" }`.
 */
export type AccountConnectorOutput = pulumi.Output<AccountConnector> & ServiceConnector;

/** `getConnector` for arguments that are outputs of other resources; usable as a Service's connector. */
export function getConnectorOutput(args: LookupInputs<GetConnectorArgs>): AccountConnectorOutput {
    return pulumi.output(args).apply((plain) => getConnector(plain as GetConnectorArgs)) as AccountConnectorOutput;
}

/** `getConnectors` for arguments that are outputs of other resources. */
export function getConnectorsOutput(args: LookupInputs<GetConnectorsArgs> = {}): pulumi.Output<AccountConnector[]> {
    return pulumi.output(args).apply((plain) => getConnectors(plain as GetConnectorsArgs));
}

/** `getCompanyGroups` as an output. */
export function getCompanyGroupsOutput(): pulumi.Output<CompanyGroup[]> {
    return pulumi.output(getCompanyGroups());
}
