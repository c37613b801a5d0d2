// What a Service's check asks the account (CONTRACT 5, 7): the template for its two (system,
// entity) pairs, the source's filter fields, the subscription's allowance, the mapping documents it
// shares, and for adopt the one service to take over. Each question is answered once per process
// (./account); where the account cannot answer, the bundled catalog does, under
// `patchworks:catalogValidation`.
import type { FabricGroup } from "../client/company-groups";
import type { ServiceTemplate } from "../client/services";
import { resolveCompanyGroup } from "../company-group/resolve";
import { serviceCatalog } from "../catalog/services";
import type { Diagnose } from "../diagnostics";
import { isUnknown } from "../engine-values";
import { messageOf } from "../errors";
import type { ServiceAccount } from "./account";
import { serviceKey } from "./activation";
import { declaredDocument, documentsResetByCreate } from "./documents";
import { adoptionCandidates, adoptionProblem, templateQueryOf } from "./lifecycle";
import { chooseBundledTemplate, chooseTemplate } from "./templates";
import { groupUsernameOf, type CheckFailure, type ServiceInputs } from "./types";
import { filterValueProblem } from "./validate";

export type CatalogValidation = "strict" | "warn" | "off";

/** `patchworks:catalogValidation` from the settings (plan/interfaces.md: strict by default). */
export function catalogValidationOf(settings: object): CatalogValidation {
    const value = (settings as { catalogValidation?: unknown }).catalogValidation;
    return value === "warn" || value === "off" ? value : "strict";
}

export interface AccountCheckContext {
    /** undefined: no client (no credentials); the bundled catalog answers alone. */
    account?: ServiceAccount;
    diagnose: Diagnose;
    catalogValidation: CatalogValidation;
    /** The account's company groups: they resolve a connector's declared group while its id is not known yet (preview). */
    companyGroups?: () => Promise<FabricGroup[]>;
}

/**
 * What a check knows of the service's state. Pulumi hands check the old *inputs*, which hold no
 * serviceId (an output): `existing` says a state is there; `name` is the old name, by which the
 * service is found among the account's. Nothing for a new service or a replacement.
 */
export interface CheckOlds {
    existing?: boolean;
    serviceId?: string;
    name?: string;
    active?: boolean;
}

const isExisting = (olds: CheckOlds) => olds.existing === true || olds.serviceId !== undefined;

/** The company group a service runs in: its username, and its id where known. */
interface ServiceGroup {
    username: string;
    id?: string;
}

/**
 * Each side's group: from its connector's id once known, else from the connector's declared
 * companyGroup resolved against the account's groups (a new connector at preview). Adds the failure
 * when the two sides are in different groups; undefined when a side's group cannot be told yet.
 */
async function serviceGroupOf(
    context: AccountCheckContext,
    inputs: ServiceInputs,
    failures: CheckFailure[],
): Promise<ServiceGroup | undefined> {
    let groups: FabricGroup[] | undefined;
    const sideGroup = async (endpoint: ServiceInputs["source"]): Promise<ServiceGroup | undefined> => {
        if (typeof endpoint.connectorId === "string" && !isUnknown(endpoint.connectorId)) {
            const id =
                typeof endpoint.companyGroupId === "string" && !isUnknown(endpoint.companyGroupId) ? endpoint.companyGroupId : undefined;
            return { username: groupUsernameOf(endpoint.connectorId), id };
        }
        if (isUnknown(endpoint.companyGroup) || !context.companyGroups) return undefined;
        try {
            groups ??= await context.companyGroups();
        } catch {
            return undefined;
        }
        const resolved = resolveCompanyGroup(groups, endpoint.companyGroup);
        return resolved.kind === "found" ? { username: resolved.group.username, id: resolved.group.id } : undefined;
    };
    const source = await sideGroup(inputs.source);
    const destination = await sideGroup(inputs.destination);
    if (!source || !destination) return undefined;
    if (source.username === destination.username) return { username: source.username, id: source.id ?? destination.id };
    // Both ids known: validate reported it already.
    if (isUnknown(inputs.source.connectorId) || isUnknown(inputs.destination.connectorId)) {
        failures.push({
            property: "destination.connector",
            reason:
                `the source connector is in company group "${source.username}" and the destination connector in "${destination.username}"; ` +
                "a Patchworks service runs inside one group: use two connectors of the same group",
        });
    }
    return undefined;
}

function containsUnknown(value: unknown): boolean {
    if (isUnknown(value)) return true;
    if (Array.isArray(value)) return value.some(containsUnknown);
    return typeof value === "object" && value !== null && Object.values(value).some(containsUnknown);
}

const SHOWN_FIELDS = 30;

async function checkFilters(account: ServiceAccount, template: ServiceTemplate, inputs: ServiceInputs, failures: CheckFailure[]) {
    if (inputs.filters.length > 0 && template.source.systemFactoryName === "InboundAPI") {
        failures.push({
            property: "filters",
            reason: "filters: Patchworks offers no filters for an Inbound API source; filter the payloads before sending them",
        });
        return;
    }
    if (inputs.filters.length === 0 || containsUnknown(inputs.filters)) return;
    let fields: Awaited<ReturnType<ServiceAccount["filterFields"]>>;
    try {
        fields = await account.filterFields(template.source.id);
    } catch {
        // Filter metadata is a check, not a need: the PUT validates again (fact sheet 3.5).
        return;
    }
    if (fields.length === 0) return;
    inputs.filters.forEach((filter, i) => {
        const at = `filters[${i}]`;
        const field = fields.find((f) => f.key === filter.field);
        if (!field) {
            const keys = fields
                .slice(0, SHOWN_FIELDS)
                .map((f) => `"${f.key}"`)
                .join(", ");
            failures.push({
                property: `${at}.field`,
                reason: `${at}.field "${filter.field}" is not a filter field of ${template.source.systemFactoryName ?? "the source"} ${template.source.factory ?? ""}; use one of ${keys}`,
            });
            return;
        }
        const types =
            filter.type === undefined ? field.types : field.types.filter((t) => t.key.toLowerCase() === filter.type?.toLowerCase());
        if (filter.type !== undefined && field.types.length > 0 && types.length === 0) {
            failures.push({
                property: `${at}.type`,
                reason: `${at}.type "${filter.type}" is not a type of field ${field.key}; use one of ${field.types.map((t) => `"${t.key}"`).join(", ")}`,
            });
            return;
        }
        const operators = [...new Set([...field.operators, ...types.flatMap((t) => t.operators)])];
        if (operators.length > 0 && !operators.includes(filter.operator)) {
            failures.push({
                property: `${at}.operator`,
                reason: `${at}.operator "${filter.operator}" does not apply to field ${field.key}; use one of ${operators.map((o) => `"${o}"`).join(", ")}`,
            });
        }
        if (filter.type === undefined && field.types.length === 1) {
            const problem = filterValueProblem(field.types[0].key, String(filter.value));
            if (problem)
                failures.push({ property: `${at}.value`, reason: `${at}.value "${String(filter.value)}" ${problem} (field ${field.key})` });
        }
    });
}

async function checkAllowance(account: ServiceAccount, inputs: ServiceInputs, olds: CheckOlds, failures: CheckFailure[]) {
    const activates = inputs.active === true && !(isExisting(olds) && olds.active === true);
    // A replacement of an active service is activated only once the old one is gone: the count does not grow.
    if (!activates || account.activations.isPlannedReplacement(inputs)) return;
    let summary: Awaited<ReturnType<ServiceAccount["subscription"]>>;
    try {
        summary = await account.subscription();
    } catch {
        return;
    }
    const { activeServices, allowedServices } = summary;
    if (activeServices === undefined || allowedServices === undefined) return;
    const key = serviceKey(inputs);
    const others = [...account.plannedActivations].filter((k) => k !== key).length;
    if (activeServices + others < allowedServices) {
        account.plannedActivations.add(key);
        return;
    }
    const planned = others > 0 ? ` and this run activates ${others} more` : "";
    failures.push({
        property: "active",
        reason:
            `active: the subscription allows ${allowedServices} active services, ${activeServices} are active${planned}, so Patchworks ` +
            "refuses another; set active to false, deactivate a service, or upgrade the subscription",
    });
}

/** The id of the stack's existing service: its state's, else the one service of the account its old name and template find. */
async function stackServiceIdOf(account: ServiceAccount, template: ServiceTemplate, inputs: ServiceInputs, olds: CheckOlds, group: string) {
    if (olds.serviceId !== undefined || !isExisting(olds) || olds.name === undefined) return olds.serviceId;
    try {
        const found = adoptionCandidates(await account.services(), { ...inputs, name: olds.name }, template, group);
        return found.length === 1 ? found[0].id : undefined;
    } catch {
        return undefined;
    }
}

async function checkDocuments(
    context: AccountCheckContext & { account: ServiceAccount },
    template: ServiceTemplate,
    inputs: ServiceInputs,
    olds: CheckOlds,
    group: string,
    failures: CheckFailure[],
) {
    const { declarations } = context.account;
    const serviceId = await stackServiceIdOf(context.account, template, inputs, olds, group);
    if (serviceId) declarations.noteStackService(serviceId);
    if (inputs.mappings && !containsUnknown(inputs.mappings)) {
        const document = declaredDocument(group, template.destination);
        const other = document && declarations.declare(document.id, { name: inputs.name, serviceId }, inputs.mappings);
        if (other && document) {
            failures.push({
                property: "mappings",
                reason:
                    `mappings: services "${inputs.name}" and "${other.name}" share Patchworks' mapping document ${document.id} ` +
                    "but declare different mappings; declare the same mappings in both, or leave them out of one",
            });
        }
    }
    if (isExisting(olds) || inputs.adopt) return;
    let services: Awaited<ReturnType<ServiceAccount["services"]>>;
    try {
        services = await context.account.services();
    } catch {
        return;
    }
    for (const document of documentsResetByCreate(group, template.source, template.destination)) {
        const users = services.filter(
            (s) =>
                s.groupUsername === group &&
                !declarations.isStackService(s.id) &&
                [s.fromMapping, s.toMapping].some((name) => name?.toLowerCase() === document.name),
        );
        if (users.length === 0) continue;
        const restored = declarations.declared(document.id) ? "; this stack writes its declared mappings back right after" : "";
        await context.diagnose(
            "warning",
            `creating service "${inputs.name}" resets Patchworks' mapping document ${document.id} to the template's defaults, ` +
                `and ${users.map((s) => `service ${s.id} ("${s.name}")`).join(", ")} outside this stack use${users.length === 1 ? "s" : ""} it${restored}`,
        );
    }
}

function bundledCheck(context: AccountCheckContext, inputs: ServiceInputs, why: string, failures: CheckFailure[]): Promise<void> | void {
    if (context.catalogValidation === "off") return;
    const choice = chooseBundledTemplate(templateQueryOf(inputs));
    if (!("problem" in choice)) return;
    const text = `${choice.problem} (the account's templates could not be read: ${why}; patchworks:catalogValidation is ${context.catalogValidation})`;
    if (context.catalogValidation === "strict") {
        failures.push({
            property: "destination.entity",
            reason: `${text}; set it to "warn" to go on when the account has a template the bundled catalog lacks`,
        });
        return;
    }
    return context.diagnose("warning", text);
}

/** Adds the account's failures for `inputs` and fills the template's defaults for a new service. */
export async function checkAgainstAccount(
    context: AccountCheckContext,
    inputs: ServiceInputs,
    olds: CheckOlds,
    failures: CheckFailure[],
): Promise<void> {
    const endpoints = [inputs.source.entity, inputs.destination.entity, inputs.source.system, inputs.destination.system];
    if (endpoints.some(isUnknown)) return;
    const group = await serviceGroupOf(context, inputs, failures);
    if (!group) return;
    const { account } = context;
    let templates: ServiceTemplate[];
    try {
        if (!account) throw new Error("no Patchworks sign-in is configured");
        templates = await account.templates();
    } catch (error) {
        await bundledCheck(context, inputs, messageOf(error), failures);
        return;
    }
    if (templates.length === 0) {
        await bundledCheck(context, inputs, "the account lists none", failures);
        return;
    }
    const choice = chooseTemplate(templates, { ...templateQueryOf(inputs), groupId: group.id });
    if ("problem" in choice) {
        failures.push({ property: choice.property, reason: `${choice.property}: ${choice.problem}` });
        return;
    }
    const { template } = choice;
    if (!isExisting(olds)) {
        inputs.source.pageSize ??= template.defaults.pageSize ?? serviceCatalog.defaults.pageSize;
        inputs.source.maxAttempts ??= template.defaults.maxAttempts ?? serviceCatalog.defaults.maxAttempts;
    }
    const withAccount = { ...context, account };
    await checkFilters(withAccount.account, template, inputs, failures);
    await checkAllowance(withAccount.account, inputs, olds, failures);
    await checkDocuments(withAccount, template, inputs, olds, group.username, failures);
    if (inputs.adopt && !isExisting(olds)) {
        try {
            const problem = adoptionProblem(
                adoptionCandidates(await account.services(), inputs, template, group.username),
                inputs,
                group.username,
            );
            if (problem) failures.push({ property: "adopt", reason: problem });
        } catch (error) {
            failures.push({ property: "adopt", reason: `adopt: cannot read the account's services: ${messageOf(error)}` });
        }
    }
}
