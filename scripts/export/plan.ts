// What an export declares: from the account as the API reports it, each connector and service as
// the program will declare it (adopt: true, every field as Patchworks has it, no credentials), the
// connectors outside the export that its services use, and what cannot be declared, with why.
// Each declaration is put through the provider's own checks and adoption diff, so what the program
// declares is what the first `pulumi up` adopts without a write. Pure.
import type { CompanyGroup, RemoteConnector, RemoteService } from "../../provider/client";
import { companyGroupProblem, describeRemote } from "../../provider/connector/account";
import { diffConnector } from "../../provider/connector/diff";
import { describeKey, normaliseCompanyGroup } from "../../provider/connector/key";
import { validateConnectorInputs, type ConnectorInputs } from "../../provider/connector/validate";
import { diffService } from "../../provider/service/diff";
import { adoptionCandidates } from "../../provider/service/lifecycle";
import { toServiceOutputs } from "../../provider/service/mapping";
import { validateServiceInputs, type ServiceInputs } from "../../provider/service/validate";
import { compareIds, connectorBaseName, serviceBaseName, uniqueIdentifiers, uniqueNames } from "./names";

export interface Account {
    connectors: readonly RemoteConnector[];
    services: readonly RemoteService[];
    companyGroups: readonly CompanyGroup[];
}

/** undefined: the whole account; null: the default group; a name: that group (trimmed, any case). */
export type GroupFilter = string | null | undefined;

/** The connector fields an adopted declaration may leave out; Patchworks then keeps its own. */
const KEEPABLE = ["name", "timezone", "dateFormat"] as const;
type Keepable = (typeof KEEPABLE)[number];

export interface DeclaredConnector {
    remote: RemoteConnector;
    resourceName: string;
    variable: string;
    /** Fields left out because the provider's checks refuse Patchworks' value; adopt keeps it. */
    kept: { field: Keepable; reason: string }[];
}

/** A connector outside the export that an exported service uses: declared as a ConnectorReference. */
export interface ReferencedConnector {
    remote: RemoteConnector;
    variable: string;
}

export interface DeclaredService {
    remote: RemoteService;
    resourceName: string;
    source: DeclaredConnector | ReferencedConnector;
    destination: DeclaredConnector | ReferencedConnector;
}

interface Skipped {
    what: string;
    reason: string;
}

export interface ExportPlan {
    filter: GroupFilter;
    connectors: DeclaredConnector[];
    references: ReferencedConnector[];
    services: DeclaredService[];
    skipped: Skipped[];
    /** Declarations whose adoption would still change something (a field that does not round-trip). */
    adoptionChanges: string[];
}

function inFilter(connector: Pick<RemoteConnector, "companyGroup">, filter: GroupFilter): boolean {
    return filter === undefined || normaliseCompanyGroup(connector.companyGroup) === normaliseCompanyGroup(filter);
}

/** Default group first, then groups by name; within one, systems by id, live before test. */
function compareConnectors(a: RemoteConnector, b: RemoteConnector): number {
    const group = (c: RemoteConnector) => normaliseCompanyGroup(c.companyGroup) ?? "";
    return (
        group(a).localeCompare(group(b)) ||
        a.system.localeCompare(b.system) ||
        a.environment.localeCompare(b.environment) ||
        compareIds(a.id, b.id)
    );
}

function compareServices(a: RemoteService, b: RemoteService): number {
    return a.name.localeCompare(b.name) || compareIds(a.id, b.id);
}

/** The Connector's arguments as the program writes them, which the SDK passes on as they are. */
export function connectorDeclaration(remote: RemoteConnector, leaveOut: readonly Keepable[] = []): Record<string, unknown> {
    const declaration: Record<string, unknown> = { system: remote.system, environment: remote.environment };
    if (remote.companyGroup !== null) declaration.companyGroup = remote.companyGroup;
    for (const field of KEEPABLE) if (!leaveOut.includes(field)) declaration[field] = remote[field];
    declaration.authType = remote.authType;
    declaration.adopt = true;
    return declaration;
}

/**
 * What adopting `remote` with these checked inputs would change or replace, as the provider's adopt
 * and the preview after it decide: nothing, for a declaration that round-trips.
 */
export function connectorAdoptionDiff(remote: RemoteConnector, inputs: ConnectorInputs): string[] {
    const diff = diffConnector({ ...remote, companyGroup: inputs.companyGroup, adopt: true, credentialsChanged: [] }, inputs);
    return [...diff.replaces, ...diff.patches];
}

export function serviceAdoptionDiff(remote: RemoteService, inputs: ServiceInputs): string[] {
    const diff = diffService(toServiceOutputs(inputs, remote), inputs);
    return [...diff.replacePaths, ...diff.updatePaths].filter((path) => path !== "adopt");
}

function firstReasons(failures: readonly { property: string; reason: string }[]): string {
    return failures
        .slice(0, 3)
        .map((f) => (f.property && !f.reason.startsWith(f.property) ? `${f.property}: ${f.reason}` : f.reason))
        .join("; ");
}

type ConnectorVerdict = { declared: { kept: DeclaredConnector["kept"]; inputs: ConnectorInputs } } | { skipped: string };

function checkConnector(remote: RemoteConnector, groups: readonly CompanyGroup[]): ConnectorVerdict {
    const first = validateConnectorInputs(connectorDeclaration(remote));
    const kept = KEEPABLE.flatMap((field) => first.failures.filter((f) => f.property === field).map((f) => ({ field, reason: f.reason })));
    const leaveOut = kept.map((k) => k.field);
    const { inputs, failures } = leaveOut.length > 0 ? validateConnectorInputs(connectorDeclaration(remote, leaveOut)) : first;
    if (failures.length > 0) return { skipped: firstReasons(failures) };
    const groupProblem = companyGroupProblem(groups, inputs.companyGroup);
    if (groupProblem) return { skipped: groupProblem.reason };
    return { declared: { kept, inputs } };
}

type Endpoint = Pick<RemoteConnector, "id" | "system" | "environment" | "companyGroup">;

/**
 * The Service's arguments as the program writes them, `connector` being whatever stands for each
 * connector (a variable in the program). Empty lists and arguments are left out: the provider
 * reads their absence as empty.
 */
export function serviceArgs<C>(remote: RemoteService, source: C, destination: C): Record<string, unknown> {
    const args: Record<string, unknown> = {
        name: remote.name,
        type: remote.type,
        source: {
            connector: source,
            entity: remote.source.entity,
            ...(remote.source.pageSize === null ? {} : { pageSize: remote.source.pageSize }),
            ...(remote.source.maxAttempts === null ? {} : { maxAttempts: remote.source.maxAttempts }),
            timezone: remote.source.timezone,
        },
        destination: { connector: destination, entity: remote.destination.entity, timezone: remote.destination.timezone },
    };
    if (remote.trigger !== null) args.trigger = "schedule" in remote.trigger ? { schedule: remote.trigger.schedule } : { webhook: true };
    if (remote.filters.length > 0) args.filters = remote.filters.map((f) => ({ field: f.field, operator: f.operator, value: f.value }));
    if (remote.mappings.length > 0) {
        args.mappings = remote.mappings.map((m) => ({
            ...(m.sourceField === null ? {} : { source: m.sourceField }),
            destination: m.destinationField,
            ...(m.transforms.length === 0
                ? {}
                : {
                      transforms: m.transforms.map((t) => ({
                          function: t.function,
                          ...(Object.keys(t.args).length === 0 ? {} : { args: { ...t.args } }),
                      })),
                  }),
        }));
    }
    if (remote.alerts !== null) args.alerts = { notificationGroup: remote.alerts.notificationGroup };
    if (remote.notes !== null) args.notes = remote.notes;
    args.active = remote.active;
    args.adopt = true;
    return args;
}

/** The inputs the provider gets for those arguments: the SDK puts each connector's id and key in its place. */
export function serviceDeclaration(remote: RemoteService, source: Endpoint, destination: Endpoint): Record<string, unknown> {
    const args = serviceArgs(remote, source, destination);
    const resolve = (side: Record<string, unknown>) => {
        const { connector, ...rest } = side as { connector: Endpoint };
        const key = { connectorId: connector.id, system: connector.system, environment: connector.environment };
        return { ...key, ...(connector.companyGroup === null ? {} : { companyGroup: connector.companyGroup }), ...rest };
    };
    return {
        ...args,
        source: resolve(args.source as Record<string, unknown>),
        destination: resolve(args.destination as Record<string, unknown>),
    };
}

export function planExport(account: Account, filter: GroupFilter): ExportPlan {
    const skipped: Skipped[] = [];
    const changes: string[] = [];
    const byId = new Map(account.connectors.map((c) => [c.id, c]));

    const candidates = account.connectors.filter((c) => inFilter(c, filter)).sort(compareConnectors);
    const accepted: { remote: RemoteConnector; kept: DeclaredConnector["kept"] }[] = [];
    for (const remote of candidates) {
        const verdict = checkConnector(remote, account.companyGroups);
        if ("skipped" in verdict) {
            skipped.push({ what: `connector ${describeRemote(remote)}, the ${describeKey(remote)}`, reason: verdict.skipped });
            continue;
        }
        accepted.push({ remote, kept: verdict.declared.kept });
        const adoption = connectorAdoptionDiff(remote, verdict.declared.inputs);
        if (adoption.length > 0) changes.push(`connector ${describeRemote(remote)}: ${adoption.join(", ")}`);
    }
    const notExported = new Set(candidates.map((c) => c.id).filter((id) => !accepted.some((a) => a.remote.id === id)));

    const services: { remote: RemoteService; source: RemoteConnector; destination: RemoteConnector }[] = [];
    for (const remote of [...account.services].sort(compareServices)) {
        const source = byId.get(remote.source.connectorId);
        const destination = byId.get(remote.destination.connectorId);
        // A service belongs to its source connector's group, as its `companyGroup` output says; so
        // exports of each group together declare every service once.
        if (source && !inFilter(source, filter)) continue;
        if (!source && filter !== undefined) continue;
        const what = `service ${describeRemote(remote)}`;
        const missing = [
            [source, remote.source.connectorId, "source"],
            [destination, remote.destination.connectorId, "destination"],
        ] as const;
        const problem = missing
            .map(([connector, id, side]) =>
                !connector
                    ? `its ${side} connector ${id} is not in the account`
                    : notExported.has(id)
                      ? `its ${side} connector ${id} is not exported (above)`
                      : undefined,
            )
            .find(Boolean);
        if (problem || !source || !destination) {
            skipped.push({ what, reason: problem as string });
            continue;
        }
        const { inputs, failures } = validateServiceInputs(serviceDeclaration(remote, source, destination));
        if (failures.length > 0) {
            skipped.push({ what, reason: firstReasons(failures) });
            continue;
        }
        const twins = adoptionCandidates(account.services, inputs);
        if (twins.length > 1) {
            skipped.push({
                what,
                reason:
                    `adopt finds a service by its connectors, source entity and name, which ${twins.length} services share ` +
                    `(${twins.map((t) => t.id).join(", ")}): give each a name of its own in the dashboard, then export again`,
            });
            continue;
        }
        const adoption = serviceAdoptionDiff(remote, inputs);
        if (adoption.length > 0) changes.push(`${what}: ${adoption.join(", ")}`);
        services.push({ remote, source, destination });
    }

    // Connectors outside the export that its services use, each declared once as a reference.
    const referenced = [...new Set(services.flatMap((s) => [s.source, s.destination]).filter((c) => !inFilter(c, filter)))].sort(
        compareConnectors,
    );

    const connectorNames = uniqueNames([...accepted.map((a) => a.remote), ...referenced], connectorBaseName);
    const variables = uniqueIdentifiers([...connectorNames.values()]);
    const declared = new Map<string, DeclaredConnector>();
    for (const { remote, kept } of accepted) {
        const resourceName = connectorNames.get(remote) as string;
        declared.set(remote.id, { remote, resourceName, variable: variables.get(resourceName) as string, kept });
    }
    const references = new Map<string, ReferencedConnector>(
        referenced.map((remote) => [remote.id, { remote, variable: variables.get(connectorNames.get(remote) as string) as string }]),
    );
    const handle = (c: RemoteConnector) => (declared.get(c.id) ?? references.get(c.id)) as DeclaredConnector | ReferencedConnector;

    const serviceNames = uniqueNames(
        services.map((s) => s.remote),
        serviceBaseName,
    );
    return {
        filter,
        connectors: [...declared.values()],
        references: [...references.values()],
        services: services.map((s) => ({
            remote: s.remote,
            resourceName: serviceNames.get(s.remote) as string,
            source: handle(s.source),
            destination: handle(s.destination),
        })),
        skipped,
        adoptionChanges: changes,
    };
}
