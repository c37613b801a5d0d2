// What an export declares: from the account as Fabric reports it, each connector and service as
// the program will declare it (adopt: true, every field as Patchworks has it, no credentials, each
// in its company group by name), and what cannot be declared, with why. Each declaration is put
// through the provider's own checks and adoption diff, so what the program declares is what the
// first `pulumi up` adopts without a write.
import type { FabricGroup } from "../../provider/client/company-groups";
import type { FabricConnector } from "../../provider/client/connectors";
import type { RemoteService, ServiceTemplate } from "../../provider/client/services";
import type { FabricSystem } from "../../provider/client/systems";
import { resolveCompanyGroup } from "../../provider/company-group/resolve";
import { adoptionChanges, describeRemote } from "../../provider/connector/account";
import { accountCatalog, entryOfFactory, sameFactory } from "../../provider/connector/account-catalog";
import { describeKey } from "../../provider/connector/key";
import { validateConnectorInputs } from "../../provider/connector/validate";
import type { ServiceAccount } from "../../provider/service/account";
import { checkAgainstAccount, type CatalogValidation } from "../../provider/service/account-check";
import { diffService } from "../../provider/service/diff";
import { adoptionCandidates, templateQueryOf } from "../../provider/service/lifecycle";
import { factoryOf, toServiceOutputs } from "../../provider/service/outputs";
import { chooseTemplate } from "../../provider/service/templates";
import type { ServiceInputs } from "../../provider/service/types";
import { validateServiceInputs } from "../../provider/service/validate";
import { compareIds, connectorBaseName, serviceBaseName, uniqueIdentifiers, uniqueNames } from "./names";

export interface Account {
    groups: readonly FabricGroup[];
    connectors: readonly FabricConnector[];
    services: readonly RemoteService[];
    templates: readonly ServiceTemplate[];
    systems: readonly FabricSystem[];
}

/** The connector fields an adopted declaration may leave out; Patchworks then keeps its own. */
const KEEPABLE = ["name", "timezone", "dateFormat"] as const;
type Keepable = (typeof KEEPABLE)[number];

export interface DeclaredConnector {
    remote: FabricConnector;
    /** The catalog id of its system, e.g. "shopify". */
    system: string;
    resourceName: string;
    variable: string;
    /** Fields left out because the provider's checks refuse Patchworks' value; adopt keeps it. */
    kept: { field: Keepable; reason: string }[];
}

export interface DeclaredService {
    remote: RemoteService;
    resourceName: string;
    source: DeclaredConnector;
    destination: DeclaredConnector;
}

interface Skipped {
    what: string;
    reason: string;
}

export interface ExportPlan {
    /** The group exported; undefined: the whole account. */
    group?: FabricGroup;
    connectors: DeclaredConnector[];
    services: DeclaredService[];
    /** What Patchworks has that the program does not declare, with why: refused by the provider's checks, or its adoption would write. */
    skipped: Skipped[];
}

/** Groups by name; within one, systems, live before test, then ids. */
function compareConnectors(a: FabricConnector, b: FabricConnector): number {
    return (
        a.group.name.localeCompare(b.group.name) ||
        a.system.factoryName.localeCompare(b.system.factoryName) ||
        a.environment.localeCompare(b.environment) ||
        compareIds(a.id, b.id)
    );
}

function compareServices(a: RemoteService, b: RemoteService): number {
    return a.groupUsername.localeCompare(b.groupUsername) || a.name.localeCompare(b.name) || compareIds(a.id, b.id);
}

/** The Connector's arguments as the program writes them, which the SDK passes on as they are. */
export function connectorDeclaration(remote: FabricConnector, system: string, leaveOut: readonly Keepable[] = []): Record<string, unknown> {
    const declaration: Record<string, unknown> = { system, environment: remote.environment, companyGroup: remote.group.name };
    for (const field of KEEPABLE) if (!leaveOut.includes(field)) declaration[field] = remote[field];
    declaration.authType = remote.authType;
    declaration.adopt = true;
    return declaration;
}

function firstReasons(failures: readonly { property: string; reason: string }[]): string {
    return failures
        .slice(0, 3)
        .map((f) => (f.property && !f.reason.startsWith(f.property) ? `${f.property}: ${f.reason}` : f.reason))
        .join("; ");
}

type ConnectorVerdict = { kept: DeclaredConnector["kept"]; system: string } | { skipped: string };

/** A declaration whose adoption would still write is not declared: the first `pulumi up` of an export writes nothing. */
function wouldWrite(changes: readonly string[]): string {
    return `adopting it as Patchworks has it would still change ${changes.join(", ")}; declare it by hand with the values you want`;
}

function checkConnector(remote: FabricConnector, account: Account, catalogValidation: CatalogValidation): ConnectorVerdict {
    const entry = entryOfFactory(remote.system.factoryName);
    if (!entry) {
        return {
            skipped: `its system "${remote.system.name}" (Fabric factory "${remote.system.factoryName}") is not in the provider's catalog; run \`pulumi-patchworks doctor\` and report it`,
        };
    }
    const lookup = accountCatalog(account.systems);
    const validate = (leaveOut: readonly Keepable[]) =>
        validateConnectorInputs(connectorDeclaration(remote, entry.id, leaveOut), {}, { lookup, catalogValidation });
    const first = validate([]);
    const kept = KEEPABLE.flatMap((field) => first.failures.filter((f) => f.property === field).map((f) => ({ field, reason: f.reason })));
    const { inputs, failures } = kept.length > 0 ? validate(kept.map((k) => k.field)) : first;
    if (failures.length > 0) return { skipped: firstReasons(failures) };
    const group = resolveCompanyGroup(account.groups, inputs.companyGroup);
    if (group.kind === "problem") return { skipped: group.reason };
    if (group.group.id !== remote.group.id) {
        return {
            skipped: `its company group's name "${remote.group.name}" names another group of the account; rename one in the dashboard`,
        };
    }
    const changes = adoptionChanges(remote, inputs);
    if (changes.length > 0) return { skipped: wouldWrite(changes) };
    return { kept, system: entry.id };
}

/** The systems' factory name of "<system factory name>\Pull\<factory>". */
function systemFactoryOf(fabricFactory: string): string {
    return fabricFactory.split("\\")[0] ?? fabricFactory;
}

/** A destination option the Service can declare: Fabric may hold nested values a program cannot. */
function plainOptions(options: Record<string, unknown>): Record<string, string | number | boolean> | undefined {
    const plain = Object.values(options).every((v) => typeof v === "string" || typeof v === "number" || typeof v === "boolean");
    return plain ? (options as Record<string, string | number | boolean>) : undefined;
}

/**
 * The Service's arguments as the program writes them, `connector` being whatever stands for each
 * connector (a variable in the program). Mappings are left out: the service then never writes its
 * shared mapping document.
 */
export function serviceArgs<C>(remote: RemoteService, source: C, destination: C): Record<string, unknown> {
    const options = plainOptions(remote.destinationOptions);
    const args: Record<string, unknown> = {
        name: remote.name,
        source: {
            connector: source,
            entity: factoryOf(remote.fromFactory),
            ...(remote.pageSize === undefined ? {} : { pageSize: remote.pageSize }),
            ...(remote.maxAttempts === undefined ? {} : { maxAttempts: remote.maxAttempts }),
            ...(remote.sourceTimezone === undefined ? {} : { timezone: remote.sourceTimezone }),
        },
        destination: {
            connector: destination,
            entity: factoryOf(remote.toFactory),
            ...(options === undefined || Object.keys(options).length === 0 ? {} : { options: { ...options } }),
        },
        schedule: remote.schedule,
    };
    if (remote.filters.length > 0) {
        args.filters = remote.filters.map((f) => ({
            field: f.field,
            operator: f.operator,
            ...(f.type ? { type: f.type } : {}),
            value: f.value,
        }));
    }
    args.active = remote.active;
    args.adopt = true;
    return args;
}

/** The inputs the provider gets for those arguments: the SDK puts each connector's outputs in its place. */
function serviceDeclaration(remote: RemoteService, source: DeclaredConnector, destination: DeclaredConnector): Record<string, unknown> {
    const endpoint = (c: DeclaredConnector) => ({
        connectorId: c.remote.id,
        system: c.system,
        environment: c.remote.environment,
        companyGroup: c.remote.group.name,
        companyGroupId: c.remote.group.id,
        systemId: c.remote.system.id,
    });
    const args = serviceArgs(remote, endpoint(source), endpoint(destination));
    const resolve = (side: unknown) => {
        const { connector, ...rest } = side as { connector: Record<string, unknown> };
        return { ...connector, ...rest };
    };
    return { ...args, source: resolve(args.source), destination: resolve(args.destination) };
}

/** What adopting `remote` with these inputs would change, and what the preview after it would show. */
function serviceAdoptionDiff(remote: RemoteService, inputs: ServiceInputs, template: ServiceTemplate): string[] {
    const state = toServiceOutputs(inputs, remote, { templateId: template.id });
    // As the provider's adopt reads the service before it applies the declaration.
    const asFound: ServiceInputs = {
        ...state,
        filters: remote.filters,
        destination: { ...state.destination, options: remote.destinationOptions as ServiceInputs["destination"]["options"] },
    };
    const atAdopt = diffService(asFound, inputs);
    const after = diffService(state, inputs);
    return [...new Set([...atAdopt.replacePaths, ...atAdopt.updatePaths, ...after.replacePaths, ...after.updatePaths])];
}

export interface ServiceCheckContext {
    account: ServiceAccount;
    catalogValidation: CatalogValidation;
    warn: (line: string) => void;
}

async function checkService(
    remote: RemoteService,
    source: DeclaredConnector,
    destination: DeclaredConnector,
    account: Account,
    context: ServiceCheckContext,
): Promise<{ skipped: string } | { declared: true }> {
    const { inputs, failures } = validateServiceInputs(serviceDeclaration(remote, source, destination));
    if (failures.length > 0) return { skipped: firstReasons(failures) };
    await checkAgainstAccount(
        {
            account: context.account,
            catalogValidation: context.catalogValidation,
            diagnose: async (_severity, message) => context.warn(message),
        },
        inputs,
        {},
        failures,
    );
    if (failures.length > 0) return { skipped: firstReasons(failures) };
    const choice = chooseTemplate(account.templates, templateQueryOf(inputs));
    if ("problem" in choice) return { skipped: choice.problem };
    const candidates = adoptionCandidates(account.services, inputs, choice.template);
    if (candidates.length !== 1 || candidates[0].id !== remote.id) {
        return {
            skipped:
                `adopt finds a service by its group, template, environments and name, which ${candidates.length} services share ` +
                `(${candidates.map((c) => c.id).join(", ")}): give each a name of its own in the dashboard, then export again`,
        };
    }
    const changes = serviceAdoptionDiff(remote, inputs, choice.template);
    return changes.length > 0 ? { skipped: wouldWrite(changes) } : { declared: true };
}

function endpointOf(
    remote: RemoteService,
    side: "source" | "destination",
    declared: readonly DeclaredConnector[],
): DeclaredConnector | string {
    const factory = systemFactoryOf(side === "source" ? remote.fromFactory : remote.toFactory);
    const environment = side === "source" ? remote.sourceEnvironment : remote.destinationEnvironment;
    const found = declared.find(
        (c) =>
            c.remote.group.username === remote.groupUsername &&
            c.remote.environment === environment &&
            sameFactory(c.remote.system.factoryName, factory),
    );
    return (
        found ??
        `its ${side} connector (${environment} ${factory} in company group ${remote.groupUsername}) is not in the account or not exported (above)`
    );
}

/** The plan for the account, or for one of its groups. */
export async function planExport(account: Account, group: FabricGroup | undefined, context: ServiceCheckContext): Promise<ExportPlan> {
    const skipped: Skipped[] = [];
    const accepted: { remote: FabricConnector; system: string; kept: DeclaredConnector["kept"] }[] = [];
    const inGroup = (groupId: string) => group === undefined || group.id === groupId;

    for (const remote of account.connectors.filter((c) => inGroup(c.group.id)).sort(compareConnectors)) {
        const verdict = checkConnector(remote, account, context.catalogValidation);
        const described = `connector ${describeRemote(remote)}, the ${describeKey({ system: remote.system.name, environment: remote.environment, companyGroup: remote.group.name })}`;
        if ("skipped" in verdict) {
            skipped.push({ what: described, reason: verdict.skipped });
            continue;
        }
        accepted.push({ remote, system: verdict.system, kept: verdict.kept });
    }

    const keys = accepted.map((a) => ({
        id: a.remote.id,
        system: a.system,
        environment: a.remote.environment,
        companyGroup: a.remote.group.name,
    }));
    const names = uniqueNames(keys, connectorBaseName);
    const variables = uniqueIdentifiers(keys.map((key) => names.get(key) as string));
    const connectors: DeclaredConnector[] = accepted.map((a, i) => {
        const resourceName = names.get(keys[i]) as string;
        return { ...a, resourceName, variable: variables.get(resourceName) as string };
    });

    const services: Omit<DeclaredService, "resourceName">[] = [];
    const groupOfService = (s: RemoteService) => account.groups.find((g) => g.username === s.groupUsername);
    for (const remote of [...account.services].sort(compareServices)) {
        const serviceGroup = groupOfService(remote);
        if (group !== undefined && serviceGroup?.id !== group.id) continue;
        const what = `service ${describeRemote(remote)}`;
        const source = endpointOf(remote, "source", connectors);
        const destination = endpointOf(remote, "destination", connectors);
        if (typeof source === "string" || typeof destination === "string") {
            skipped.push({ what, reason: typeof source === "string" ? source : (destination as string) });
            continue;
        }
        const verdict = await checkService(remote, source, destination, account, context);
        if ("skipped" in verdict) {
            skipped.push({ what, reason: verdict.skipped });
            continue;
        }
        services.push({ remote, source, destination });
    }
    const serviceNames = uniqueNames(
        services.map((s) => s.remote),
        serviceBaseName,
    );
    return {
        group,
        connectors,
        services: services.map((s) => ({ ...s, resourceName: serviceNames.get(s.remote) as string })),
        skipped,
    };
}
