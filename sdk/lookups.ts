// Lookups: read the Patchworks account from the program itself (not the provider), so a Service can
// use a connector managed elsewhere and a program can read the company profile. They take the
// provider's settings (stack config `patchworks:*`, then PATCHWORKS_* environment), share one client
// per program run (one concurrency cap, one retry budget), return no credential, and fail with one
// line that says what to do.
import { isDeepStrictEqual } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import type { FabricGroup } from "../provider/client/company-groups";
import type { FabricConnector } from "../provider/client/connectors";
import { resolveCompanyGroup } from "../provider/company-group/resolve";
import { describeRemote } from "../provider/connector/account";
import { entryOfFactory, sameFactory } from "../provider/connector/account-catalog";
import { describeKey } from "../provider/connector/key";
import { findSystem } from "../provider/catalog";
import { UserError } from "../provider/errors";
import { ENVIRONMENTS, type Environment } from "../provider/model";
import { Runtime } from "../provider/runtime";
import { resolveSettings, type ResolvedSettings } from "../provider/settings";
import { currentRun } from "./registry";

/** A company group of the account, as `getCompanyGroups` returns it. */
export interface AccountCompanyGroup {
    /** Patchworks' numeric id, as a string. */
    companyGroupId: string;
    name: string;
    username: string;
    slug: string;
}

/** A connector of the Patchworks account, without its credentials; usable as a Service's `ConnectorReference`. */
export interface AccountConnector {
    /** "<group username>|<n>". */
    connectorId: string;
    /** The catalog id (see patchworks.systems); Patchworks' factory name for a system the catalog lacks. */
    system: string;
    environment: Environment;
    /** The group's username. */
    companyGroup: string;
    companyGroupId: string;
    systemId: string;
    name: string;
    timezone: string;
    dateFormat: string;
    authType: string;
}

export interface GetConnectorArgs {
    /** Catalog id of the system, e.g. "shopify". */
    system: string;
    /** "live" or "test". */
    environment: Environment;
    /** A group's name or username, compared trimmed, case-insensitively; omitted: the account's only group. */
    companyGroup?: string;
}

export interface GetConnectorsArgs {
    system?: string;
    environment?: Environment;
    /** Only the connectors of this group, by name or username (trimmed, case-insensitive); omitted: every group. */
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

function toAccountConnector(remote: FabricConnector): AccountConnector {
    return {
        connectorId: remote.id,
        system: entryOfFactory(remote.system.factoryName)?.id ?? remote.system.factoryName,
        environment: remote.environment as Environment,
        companyGroup: remote.group.username,
        companyGroupId: remote.group.id,
        systemId: remote.system.id,
        name: remote.name,
        timezone: remote.timezone,
        dateFormat: remote.dateFormat,
        authType: remote.authType,
    };
}

function describeListed(connectors: readonly FabricConnector[]): string {
    if (connectors.length === 0) return "none";
    const shown = connectors.slice(0, LISTED).map((c) => `${c.environment} in group ${c.group.username}: ${describeRemote(c)}`);
    return shown.join("; ") + (connectors.length > LISTED ? `; and ${connectors.length - LISTED} more` : "");
}

/** The group a lookup names; a group the account lacks fails with the groups it has. */
function groupOf(groups: readonly FabricGroup[], companyGroup: string | undefined): FabricGroup {
    const resolved = resolveCompanyGroup(groups, companyGroup);
    if (resolved.kind === "problem") throw new UserError(resolved.reason);
    return resolved.group;
}

/** Connectors of a catalog system: every catalog id of a Fabric system stands for it. */
function ofSystem(connector: FabricConnector, system: string): boolean {
    const entry = findSystem(system);
    return entry ? sameFactory(connector.system.factoryName, entry.factoryName) : sameFactory(connector.system.factoryName, system);
}

/**
 * The connector with this system, environment and company group (one live and one test per
 * system per group), without credentials. Fails the program when the account has none.
 */
export function getConnector(args: GetConnectorArgs): Promise<AccountConnector> {
    const call = `getConnector(${describeArgs(args ?? {})})`;
    return lookup(call, async (rt) => {
        const system = requireText("system", args?.system, '"shopify"');
        const environment = checkEnvironment(args?.environment);
        const companyGroup = optionalText("companyGroup", args?.companyGroup, "the account's only group");
        const [connectors, groups] = await Promise.all([rt.connectors.get(), rt.companyGroups.get()]);
        const group = groupOf(groups, companyGroup);
        const sameSystem = connectors.filter((c) => ofSystem(c, system));
        const found = sameSystem.find((c) => c.environment === environment && c.group.id === group.id);
        if (found) return toAccountConnector(found);
        const unknownSystem = findSystem(system) ? "" : ` "${system}" is not a system id of patchworks.systems.`;
        throw new UserError(
            `no ${describeKey({ system, environment, companyGroup: group.username })} in the Patchworks account (connectors of ${system}: ${describeListed(sameSystem)}).` +
                `${unknownSystem} Create or authorise it in the Patchworks dashboard, or correct system, environment or companyGroup.`,
        );
    });
}

/** The account's connectors, optionally only those of a system, an environment or a company group; without credentials. */
export function getConnectors(args: GetConnectorsArgs = {}): Promise<AccountConnector[]> {
    const call = `getConnectors(${describeArgs(args ?? {})})`;
    return lookup(call, async (rt) => {
        const system = optionalText("system", args?.system, "every system");
        const environment = args?.environment === undefined ? undefined : checkEnvironment(args.environment);
        const companyGroup = optionalText("companyGroup", args?.companyGroup, "every group");
        const [connectors, groups] = await Promise.all([rt.connectors.get(), rt.companyGroups.get()]);
        const group = companyGroup === undefined ? undefined : groupOf(groups, companyGroup);
        return connectors
            .filter(
                (c) =>
                    (system === undefined || ofSystem(c, system)) &&
                    (environment === undefined || c.environment === environment) &&
                    (group === undefined || c.group.id === group.id),
            )
            .map(toAccountConnector);
    });
}

/** The company groups of the account. */
export function getCompanyGroups(): Promise<AccountCompanyGroup[]> {
    return lookup("getCompanyGroups()", async (rt) =>
        (await rt.companyGroups.get()).map(({ id, name, username, slug }) => ({ companyGroupId: id, name, username, slug })),
    );
}

/**
 * A looked-up connector as an output. Its properties are outputs too (Pulumi lifts them), so it
 * serves as a Service's connector as it is: `destination: { connector: netsuite, entity: "Orders" }`.
 */
export type AccountConnectorOutput = pulumi.Output<AccountConnector> & {
    readonly [K in keyof AccountConnector]: pulumi.Output<AccountConnector[K]>;
};

/** `getConnector` for arguments that are outputs of other resources; usable as a Service's connector. */
export function getConnectorOutput(args: LookupInputs<GetConnectorArgs>): AccountConnectorOutput {
    return pulumi.output(args).apply((plain) => getConnector(plain as GetConnectorArgs)) as AccountConnectorOutput;
}

/** `getConnectors` for arguments that are outputs of other resources. */
export function getConnectorsOutput(args: LookupInputs<GetConnectorsArgs> = {}): pulumi.Output<AccountConnector[]> {
    return pulumi.output(args).apply((plain) => getConnectors(plain as GetConnectorsArgs));
}

/** `getCompanyGroups` as an output. */
export function getCompanyGroupsOutput(): pulumi.Output<AccountCompanyGroup[]> {
    return pulumi.output(getCompanyGroups());
}
