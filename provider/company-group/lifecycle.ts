// Create, read, update and delete of one company group (Fabric's "integration", fact sheet 3.2).
// Fabric's delete is permanent, takes the child groups with it and orphans connectors and
// services, so a delete is refused before any write while the group holds any of them.
import {
    createCompanyGroup as postGroup,
    deleteCompanyGroup as sendDelete,
    updateCompanyGroup as putGroup,
    type FabricGroup,
    type GroupUpdate,
} from "../client/company-groups";
import type { FabricClient, FabricConnector } from "../client/connectors";
import { ApiError } from "../client/errors";
import { describeServices } from "../connector/in-use";
import { listServices } from "../client/services";
import type { Diagnose } from "../diagnostics";
import { UserError } from "../errors";
import { diffCompanyGroup, type CompanyGroupInputs, type CompanyGroupOutputs } from "./validate";

export interface GroupAccount {
    client: FabricClient;
    /** The groups as this process last read them; `reread` reads again. */
    groups(reread?: boolean): Promise<FabricGroup[]>;
    /** Each group's parent id. */
    parents(reread?: boolean): Promise<Map<string, string | null>>;
    rereadConnectors(): Promise<FabricConnector[]>;
    /** Keeps the snapshots as this process left the account. */
    noteGroup(group: FabricGroup, parent: string | null): void;
    noteGroupDeleted(id: string): void;
}

export interface GroupContext {
    account: GroupAccount;
    diagnose: Diagnose;
}

const NEEDS_ADMIN =
    "creating, changing and deleting company groups needs a client-admin user in Patchworks: sign in as one (patchworks:username / patchworks:accessToken of a client admin)";

function describe(group: { id?: string; companyGroupId?: string; name: string }): string {
    return `${group.companyGroupId ?? group.id} ("${group.name}")`;
}

function explained(error: unknown, action: string): unknown {
    if (error instanceof ApiError && error.status === 403) return new UserError(`${action}: ${NEEDS_ADMIN}`);
    return error;
}

function outputs(inputs: CompanyGroupInputs, group: FabricGroup, parent: string | null): CompanyGroupOutputs {
    const out: CompanyGroupOutputs = {
        name: group.name,
        username: group.username,
        adopt: inputs.adopt,
        companyGroupId: group.id,
        slug: group.slug,
    };
    if (parent !== null) out.parent = parent;
    return out;
}

/** A group whose table could not be made is a half-made group: Fabric saved its row first (fact sheet 3.2). */
async function removeHalfMade(context: GroupContext, inputs: CompanyGroupInputs, failure: ApiError): Promise<never> {
    const halfMade = (await context.account.groups(true).catch(() => [])).find((g) => g.username === inputs.username);
    if (halfMade) await sendDelete(context.account.client, halfMade.id).catch(() => undefined);
    throw new UserError(
        `Patchworks could not make company group "${inputs.name}" (${failure.message}): most likely a group deleted earlier used the ` +
            `username "${inputs.username}", and its table stays, so Patchworks cannot make a group under that username again. ` +
            `${halfMade ? `The half-made group ${describe(halfMade)} was deleted. ` : ""}Set another username on this CompanyGroup and run \`pulumi up\` again.`,
    );
}

export async function createGroup(context: GroupContext, inputs: CompanyGroupInputs): Promise<CompanyGroupOutputs> {
    if (inputs.adopt) {
        const existing = (await context.account.groups()).find((g) => g.name.toLowerCase() === inputs.name.toLowerCase());
        if (!existing)
            throw new UserError(`adopt is true, but the Patchworks account has no company group named "${inputs.name}" to take over`);
        const parent = (await context.account.parents()).get(existing.id) ?? null;
        const olds = outputs({ ...inputs, adopt: true }, existing, parent);
        return updateGroup(context, existing.id, olds, inputs);
    }
    let group: FabricGroup;
    try {
        group = await postGroup(context.account.client, { name: inputs.name, username: inputs.username, parentId: inputs.parent });
    } catch (error) {
        if (error instanceof ApiError && error.status === 500) return removeHalfMade(context, inputs, error);
        throw explained(error, `creating company group "${inputs.name}"`);
    }
    context.account.noteGroup(group, inputs.parent ?? null);
    return outputs(inputs, group, inputs.parent ?? null);
}

export async function readGroup(context: GroupContext, id: string, state: CompanyGroupOutputs): Promise<CompanyGroupOutputs | undefined> {
    const group = (await context.account.groups()).find((g) => g.id === id);
    if (!group) return undefined;
    // Without the tree (a Fabric that does not answer `to_tree`), the parent stays as the state has it.
    const parents = await context.account.parents().catch(() => undefined);
    return outputs(state, group, parents ? (parents.get(id) ?? null) : (state.parent ?? null));
}

export async function updateGroup(
    context: GroupContext,
    id: string,
    olds: CompanyGroupOutputs,
    news: CompanyGroupInputs,
): Promise<CompanyGroupOutputs> {
    const { updates } = diffCompanyGroup(olds, news);
    // Only what changes: Fabric's unique-name rule refuses the group's own unchanged name (fact sheet 3.2).
    const update: GroupUpdate = {};
    if (updates.includes("name")) update.name = news.name;
    if (updates.includes("parent")) update.parentId = news.parent ?? null;
    if (Object.keys(update).length === 0) return { ...olds, adopt: news.adopt };
    let group: FabricGroup;
    try {
        group = await putGroup(context.account.client, id, update);
    } catch (error) {
        throw explained(error, `updating company group ${describe(olds)}`);
    }
    const parent = news.parent ?? null;
    context.account.noteGroup(group, parent);
    return outputs(news, group, parent);
}

/** What still lives in a group: a delete would take child groups with it and orphan the rest. */
async function groupContents(context: GroupContext, id: string, username: string): Promise<string[]> {
    const [connectors, services, parents, groups] = await Promise.all([
        context.account.rereadConnectors(),
        // Read afresh: a group's delete is permanent, and a group delete is one step, not one per resource.
        listServices(context.account.client, username),
        context.account.parents(true),
        context.account.groups(),
    ]);
    const held: string[] = [];
    const ownConnectors = connectors.filter((c) => c.group.id === id);
    if (ownConnectors.length > 0) held.push(`connectors ${ownConnectors.map((c) => `${c.id} ("${c.name}")`).join(", ")}`);
    const ownServices = services.filter((s) => s.groupUsername === username);
    if (ownServices.length > 0) held.push(`services ${describeServices(ownServices)}`);
    const children = [...parents].filter(([, parent]) => parent === id).map(([child]) => groups.find((g) => g.id === child)?.name ?? child);
    if (children.length > 0) held.push(`child groups ${children.map((n) => `"${n}"`).join(", ")}`);
    return held;
}

export async function deleteGroup(context: GroupContext, id: string, state: CompanyGroupOutputs): Promise<void> {
    const held = await groupContents(context, id, state.username);
    if (held.length > 0) {
        throw new UserError(
            `cannot delete company group ${describe(state)}: it still holds ${held.join("; ")}. Patchworks' delete is permanent, ` +
                `takes child groups with it and leaves connectors and services orphaned. Delete or move those first, or keep the ` +
                `group with the resource option retainOnDelete: true.`,
        );
    }
    try {
        await sendDelete(context.account.client, id);
    } catch (error) {
        throw explained(error, `deleting company group ${describe(state)}`);
    }
    context.account.noteGroupDeleted(id);
}
