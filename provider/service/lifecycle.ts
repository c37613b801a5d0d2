// Create, adopt, read, update and delete of one service on Fabric. A create is several requests
// (POST, the filters, the mapping documents, the activation); when one after the POST fails, the
// service stays in the state and the error says what exists and what the next `pulumi up` does.
import { isNotFound } from "../client";
import {
    createService as postService,
    deleteService as sendDelete,
    getService,
    listServices,
    readMappingDocument,
    updateService as putService,
    writeMappingDocument,
    type RemoteService,
    type ServiceClient,
    type ServiceTemplate,
    type ServiceUpdate,
} from "../client/services";
import { unlessNotFound } from "../client/errors";
import { sameName, serviceCatalog } from "../catalog/services";
import type { Diagnose } from "../diagnostics";
import { isUnknown } from "../engine-values";
import { messageOf, UserError } from "../errors";
import type { ServiceAccount } from "./account";
import { diffService, sameFilters, type ServicePath } from "./diff";
import { declaredDocument, decodeMappings, documentsResetByCreate, encodeMappings, sameMappings } from "./documents";
import { factoryOf, toServiceFilters, toServiceOutputs } from "./outputs";
import { chooseTemplate, type TemplateQuery } from "./templates";
import { factoryNameOf } from "../catalog/services";
import { groupUsernameOf, type ServiceInputs, type ServiceMappingRow, type ServiceOutputs } from "./types";

export interface ServiceContext {
    client: ServiceClient;
    account: ServiceAccount;
    diagnose: Diagnose;
}

/** A create that failed after Fabric made the service: the engine keeps `id` and `properties` (ErrorResourceInitFailed). */
export class ServiceCreatedWithError extends UserError {
    readonly reasons: string[];

    constructor(
        message: string,
        readonly id: string,
        readonly properties: ServiceOutputs,
    ) {
        super(message);
        this.reasons = [message];
    }
}

const describeService = (service: { serviceId?: string; id?: string; name: string }) =>
    `${service.serviceId ?? service.id} ("${service.name}")`;

export function templateQueryOf(inputs: ServiceInputs): TemplateQuery {
    // A new connector's ids are not known at preview: the factory name stands in.
    const known = (value: string | undefined) => (isUnknown(value) ? undefined : value);
    const side = (endpoint: ServiceInputs["source"]) => ({
        systemId: known(endpoint.systemId),
        systemFactoryName: factoryNameOf(endpoint.system),
        entity: endpoint.entity,
    });
    return { groupId: known(inputs.source.companyGroupId), source: side(inputs.source), destination: side(inputs.destination) };
}

/** The account's template for these inputs; the account must answer (a create needs its id). */
async function resolveTemplate(account: ServiceAccount, inputs: ServiceInputs): Promise<ServiceTemplate> {
    const choice = chooseTemplate(await account.templates(), templateQueryOf(inputs));
    if ("problem" in choice) throw new UserError(`service "${inputs.name}": ${choice.problem}`);
    return choice.template;
}

/** Writes the declared rows to a document and reads them back; a difference is an error. */
async function writeDocument(client: ServiceClient, groupId: string, document: { id: string; name: string }, rows: ServiceMappingRow[]) {
    await writeMappingDocument(client, groupId, document.name, encodeMappings(rows));
    const stored = await readMappingDocument(client, document.id);
    const decoded = stored && decodeMappings(stored.content);
    if (!decoded || !sameMappings(decoded, rows)) {
        throw new UserError(`mapping document ${document.id} does not hold the declared mappings after writing them`);
    }
}

/** Content of the documents a create reset that the stack declares, written back; the names written. */
async function restoreDocuments(
    context: ServiceContext,
    groupId: string,
    groupUsername: string,
    template: ServiceTemplate,
    own: { id: string; rows?: ServiceMappingRow[] } | undefined,
): Promise<string[]> {
    const written: string[] = [];
    for (const document of documentsResetByCreate(groupUsername, template.source, template.destination)) {
        const rows = document.id === own?.id && own.rows ? own.rows : context.account.declarations.declared(document.id);
        if (!rows) continue;
        context.account.forgetMappingDocument(document.id);
        await writeDocument(context.client, groupId, document, rows);
        written.push(document.id);
    }
    return written;
}

async function inboundUrlOf(context: ServiceContext, inputs: ServiceInputs, serviceId: string): Promise<string | undefined> {
    if (factoryNameOf(inputs.source.system) !== "InboundAPI") return undefined;
    try {
        return (await context.account.inboundUrls()).get(serviceId);
    } catch {
        // The URL is a convenience; a service without one is still the service.
        return undefined;
    }
}

/** The group's services that adopt may take over: same template (by its factories), environments and name. */
export function adoptionCandidates(
    services: readonly RemoteService[],
    inputs: ServiceInputs,
    template: ServiceTemplate,
    group = groupUsernameOf(inputs.source.connectorId),
): RemoteService[] {
    return services.filter(
        (s) =>
            s.groupUsername === group &&
            (s.templateId !== undefined
                ? s.templateId === template.id
                : sameName(factoryOf(s.fromFactory), template.source.factory ?? "")) &&
            s.sourceEnvironment === inputs.source.environment &&
            s.destinationEnvironment === inputs.destination.environment &&
            s.name === inputs.name,
    );
}

export function adoptionProblem(
    candidates: readonly RemoteService[],
    inputs: ServiceInputs,
    group = groupUsernameOf(inputs.source.connectorId),
): string | undefined {
    if (candidates.length === 1) return undefined;
    const what = `service named "${inputs.name}" from ${inputs.source.entity} (${inputs.source.environment}) to ${inputs.destination.entity} (${inputs.destination.environment}) in company group ${group}`;
    if (candidates.length === 0) {
        return `adopt is true, but the account has no ${what}; check the name, entities and connectors against the dashboard, or remove adopt to create it`;
    }
    const ids = candidates.map((c) => describeService(c)).join(", ");
    return `adopt is true, but the account has ${candidates.length} of that ${what}: ${ids}; rename all but one in the dashboard, then adopt it by its name`;
}

/** The PUT for the update paths that changed; `status` only when `active` changes. */
function updateBody(news: ServiceInputs, paths: readonly ServicePath[]): ServiceUpdate {
    const update: ServiceUpdate = {};
    if (paths.includes("name")) update.name = news.name;
    if (paths.includes("schedule")) update.schedule = news.schedule;
    if (paths.includes("filters")) update.filters = toServiceFilters(news.filters);
    if (paths.includes("destination.options")) update.destinationOptions = news.destination.options ?? {};
    return update;
}

function groupIdOf(inputs: ServiceInputs): string {
    const id = inputs.source.companyGroupId;
    if (!id) {
        throw new UserError(
            `service "${inputs.name}": source.connector gives no companyGroupId; pass a patchworks.Connector or what patchworks.getConnector returns`,
        );
    }
    return id;
}

async function adopt(context: ServiceContext, inputs: ServiceInputs, template: ServiceTemplate): Promise<ServiceOutputs> {
    const services = await listServices(context.client, groupUsernameOf(inputs.source.connectorId));
    const candidates = adoptionCandidates(services, inputs, template);
    const problem = adoptionProblem(candidates, inputs);
    if (problem) throw new UserError(problem);
    const [existing] = candidates;
    context.account.adopted.add(existing.id);
    context.account.declarations.noteStackService(existing.id);
    const state = toServiceOutputs(inputs, existing, { templateId: template.id });
    // Adopting changes only what the program declares: the state is the service as it is.
    const asFound: ServiceInputs = {
        ...state,
        filters: existing.filters,
        destination: { ...state.destination, options: existing.destinationOptions as ServiceInputs["destination"]["options"] },
    };
    return applyUpdate(context, existing.id, asFound, inputs, template);
}

async function applyUpdate(
    context: ServiceContext,
    id: string,
    olds: ServiceInputs,
    news: ServiceInputs,
    template: ServiceTemplate | undefined,
): Promise<ServiceOutputs> {
    const paths = diffService(olds, news).updatePaths;
    const body = updateBody(news, paths);
    let remote = Object.keys(body).length > 0 ? await putService(context.client, id, body) : await getService(context.client, id);
    // A program that stops declaring mappings stops managing the document: the state no longer speaks for it.
    let mappings = news.mappings === undefined ? undefined : olds.mappings;
    if (paths.includes("mappings") && news.mappings) {
        const document = template ? declaredDocument(remote.groupUsername, template.destination) : documentOfService(remote);
        if (!document)
            throw new UserError(`service ${describeService({ id, name: news.name })}: Patchworks names no mapping document for it`);
        await writeDocument(context.client, groupIdOf(news), document, news.mappings);
        mappings = news.mappings;
    }
    if (paths.includes("active") && remote.active !== news.active) {
        try {
            remote = await putService(context.client, id, { active: news.active });
        } catch (error) {
            const done = paths.filter((p) => p !== "active");
            throw new UserError(
                `service ${describeService({ id, name: news.name })}: ${done.length > 0 ? `updated ${done.join(", ")}, but ` : ""}` +
                    `setting active to ${news.active} failed: ${messageOf(error)}`,
            );
        }
    }
    context.account.noteWritten(remote);
    return toServiceOutputs(news, remote, { mappings, inboundUrl: await inboundUrlOf(context, news, id) });
}

/** A service's own push document, by the name Fabric gave it (`to_mapping`). */
function documentOfService(remote: RemoteService): { id: string; name: string } | undefined {
    if (!remote.toMapping) return undefined;
    const name = remote.toMapping.toLowerCase();
    return { name, id: `${remote.groupUsername}_${name}`.toLowerCase() };
}

/**
 * The POST. Services have no unique key, so a POST of unknown outcome (a lost answer) is
 * recognised only as a service of the group with this name, template and environments that the
 * run's earlier read of the account did not hold; the newest such one.
 */
async function postCreate(
    context: ServiceContext,
    inputs: ServiceInputs,
    template: ServiceTemplate,
    groupId: string,
): Promise<RemoteService> {
    const groupUsername = groupUsernameOf(inputs.source.connectorId);
    const before = new Set((await context.account.services().catch(() => [])).map((s) => s.id));
    const reconcile = async () => {
        const found = adoptionCandidates(await listServices(context.client, groupUsername), inputs, template).filter(
            (s) => !before.has(s.id),
        );
        return found.sort((a, b) => Number(b.id) - Number(a.id))[0];
    };
    try {
        return await postService(
            context.client,
            groupId,
            {
                name: inputs.name,
                schedule: inputs.schedule,
                sourceEnvironment: inputs.source.environment,
                destinationEnvironment: inputs.destination.environment,
                templateId: template.id,
                pageSize: inputs.source.pageSize ?? template.defaults.pageSize ?? serviceCatalog.defaults.pageSize,
                maxAttempts: inputs.source.maxAttempts ?? template.defaults.maxAttempts ?? serviceCatalog.defaults.maxAttempts,
                sourceTimezone: inputs.source.timezone,
                destinationOptions: inputs.destination.options,
            },
            reconcile,
        );
    } catch (error) {
        if (!(error as { uncertain?: boolean }).uncertain) throw error;
        throw new UserError(
            `the create of service "${inputs.name}" may have taken effect, but Patchworks did not confirm it: ${messageOf(error)}. ` +
                `Look for it in the dashboard (company group ${groupUsername}): if it is there, declare it with adopt: true and run \`pulumi up\`; otherwise \`pulumi up\` creates it`,
        );
    }
}

export async function createService(context: ServiceContext, inputs: ServiceInputs): Promise<ServiceOutputs> {
    const template = await resolveTemplate(context.account, inputs);
    if (inputs.adopt) return adopt(context, inputs, template);
    const groupId = groupIdOf(inputs);
    const groupUsername = groupUsernameOf(inputs.source.connectorId);
    const replacing = inputs.active ? context.account.activations.takeReplaced(inputs) : undefined;
    return context.account.oneCreateAtATime(groupUsername, () =>
        createInGroup(context, inputs, template, { groupId, groupUsername, replacing }),
    );
}

async function createInGroup(
    context: ServiceContext,
    inputs: ServiceInputs,
    template: Awaited<ReturnType<typeof resolveTemplate>>,
    { groupId, groupUsername, replacing }: { groupId: string; groupUsername: string; replacing: string | undefined },
): Promise<ServiceOutputs> {
    const created = await postCreate(context, inputs, template, groupId);
    context.account.noteWritten(created);
    context.account.declarations.noteStackService(created.id);
    let remote = created;
    const done = [`created service ${describeService(created)} (inactive)`];
    const own = declaredDocument(groupUsername, template.destination);
    let mappings: ServiceMappingRow[] | undefined;
    try {
        const restored = await restoreDocuments(context, groupId, groupUsername, template, own && { id: own.id, rows: inputs.mappings });
        if (restored.length > 0) done.push(`wrote mapping documents ${restored.join(", ")}`);
        if (inputs.mappings && own && restored.includes(own.id)) mappings = inputs.mappings;
        // One PUT for the rest, after the documents, so the service never runs on the defaults the
        // create put in them: Fabric ignores filters posted with a create and stores the template's
        // (fact sheet 3.3, 7.11), and takes filters and status in one update.
        const rest: ServiceUpdate = {};
        if (!sameFilters(remote.filters, inputs.filters)) rest.filters = toServiceFilters(inputs.filters);
        if (inputs.active && replacing === undefined) rest.active = true;
        if (Object.keys(rest).length > 0) {
            remote = await putService(context.client, created.id, rest);
            done.push([rest.filters && "set its filters", rest.active && "activated it"].filter(Boolean).join(" and "));
        }
        if (inputs.active && replacing !== undefined) {
            context.account.activations.waitForDeletion(replacing, { serviceId: created.id, name: inputs.name });
            await context.diagnose(
                "info",
                `service ${describeService(created)} stays inactive until service ${replacing}, which it replaces, is deleted in this run`,
            );
        }
    } catch (error) {
        const state = toServiceOutputs({ ...inputs, mappings }, remote, { templateId: template.id, mappings });
        throw new ServiceCreatedWithError(
            `service "${inputs.name}": ${done.join(", ")}; then ${messageOf(error)}. ` +
                "It is in the state as it is; the next `pulumi up` sets the rest (filters, mappings, active) as declared",
            created.id,
            state,
        );
    }
    context.account.noteWritten(remote);
    const outputs = toServiceOutputs(inputs, remote, {
        templateId: template.id,
        mappings,
        inboundUrl: await inboundUrlOf(context, inputs, created.id),
    });
    // The old service's delete step activates this one later in the run, and no step of this
    // resource follows to record it: the state says what that step does, so the next preview shows
    // no change. If that delete fails, its error says to refresh first.
    return replacing !== undefined && inputs.active ? { ...outputs, active: true } : outputs;
}

/** Refresh: the service as Patchworks has it, its mapping document where the stack manages it; undefined when it is gone. */
export async function readService(context: ServiceContext, id: string, state: ServiceOutputs): Promise<ServiceOutputs | undefined> {
    // The process's one list of the account's services: a refresh of N services is not N reads. One
    // missing from the list is asked for by id before the state lets it go: dropping a service that
    // exists would make the next up create a second one.
    const listed = (await context.account.services()).find((s) => s.id === id);
    const remote = listed ?? (await unlessNotFound(getService(context.client, id)));
    if (!remote) return undefined;
    let mappings = state.mappings;
    const document = state.mappings !== undefined ? documentOfService(remote) : undefined;
    if (document) {
        const stored = await context.account.mappingDocument(document.id);
        // A document in another encoding (the template's defaults, the dashboard's edits) is drift: the next up writes it again.
        mappings = stored ? decodeMappings(stored.content) : undefined;
    }
    return toServiceOutputs(state, remote, { mappings, templateId: state.templateId, inboundUrl: state.inboundUrl });
}

export async function updateService(
    context: ServiceContext,
    id: string,
    olds: ServiceOutputs,
    news: ServiceInputs,
): Promise<ServiceOutputs> {
    try {
        return await applyUpdate(context, id, olds, news, await resolveTemplate(context.account, news).catch(() => undefined));
    } catch (error) {
        if (!isNotFound(error)) throw error;
        throw new UserError(
            `service ${describeService({ id, name: olds.name })} no longer exists in Patchworks (deleted outside Pulumi); ` +
                "run `pulumi refresh` to drop it from the state, then `pulumi up` to create it again",
        );
    }
}

export async function deleteService(context: ServiceContext, id: string, state: ServiceOutputs): Promise<void> {
    const waiting = context.account.activations.takeWaiting(id);
    if (context.account.adopted.has(id)) {
        await context.diagnose(
            "info",
            `kept service ${describeService({ id, name: state.name })}: a Service of this stack adopted it in this run`,
        );
        return;
    }
    try {
        await sendDelete(context.client, id);
        context.account.noteDeleted(id);
    } catch (error) {
        if (!waiting) throw error;
        throw new UserError(
            `service ${describeService({ id, name: state.name })} could not be deleted (${messageOf(error)}), so its replacement ` +
                `${describeService(waiting)} stays inactive (both would run otherwise); once the old one is deleted, \`pulumi refresh\` then \`pulumi up\` activate the replacement`,
        );
    }
    if (!waiting) return;
    try {
        await putService(context.client, waiting.serviceId, { active: true });
    } catch (error) {
        throw new UserError(
            `deleted service ${describeService({ id, name: state.name })}, but activating its replacement ${describeService(waiting)} failed: ` +
                `${messageOf(error)}; it is inactive, and \`pulumi refresh\` then \`pulumi up\` activate it`,
        );
    }
}
