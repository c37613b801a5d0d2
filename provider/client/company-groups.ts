// Fabric's company groups on the wire: "integrations" (fact sheet 3.2). The list is paginated and
// does not say which group is nested in which; the tree form (`?to_tree=1`) does.
import { z } from "zod";
import type { FabricClient } from "./connectors";
import { apiId, parse, unwrapData } from "./decode";
import { isNotFound } from "./errors";
import { listAllPages } from "./pages";

export interface FabricGroup {
    /** Fabric's numeric id, as a string. */
    id: string;
    name: string;
    /** Fixed at create; names the group's table and prefixes its connectors' ids. */
    username: string;
    slug: string;
}

const wireGroup = z.object({ id: apiId, name: z.string(), username: z.string(), slug: z.string().nullish() });

function groupFromWire(item: unknown): FabricGroup {
    const g = parse(wireGroup, unwrapData(item), "company group");
    return { id: g.id, name: g.name, username: g.username, slug: g.slug ?? "" };
}

export function listCompanyGroups(client: FabricClient): Promise<FabricGroup[]> {
    return listAllPages(client, "/integrations", {}, groupFromWire);
}

interface TreeNode {
    id: string | number;
    children?: TreeNode[] | null;
}

const wireTreeNode: z.ZodType<TreeNode> = z.lazy(() =>
    z.object({ id: z.union([z.string(), z.number()]), children: z.array(wireTreeNode).nullish() }),
);

/**
 * Each group's parent id (null at the top), from the nested tree. [?] fact sheet 3.2 shows the tree
 * exists, not its item shape: only `id` and `children` are read, the fields every node must have.
 */
export function parentsFromTree(body: unknown): Map<string, string | null> {
    const roots = parse(z.array(wireTreeNode), unwrapData(body), "company group tree");
    const parents = new Map<string, string | null>();
    const visit = (node: TreeNode, parent: string | null) => {
        parents.set(String(node.id), parent);
        for (const child of node.children ?? []) visit(child, String(node.id));
    };
    for (const root of roots) visit(root, null);
    return parents;
}

export function readGroupParents(client: FabricClient): Promise<Map<string, string | null>> {
    return client.request({ request: { method: "GET", path: "/integrations", query: { to_tree: "1" } }, decode: parentsFromTree });
}

export interface GroupCreate {
    name: string;
    username: string;
    parentId?: string;
}

export function groupCreateToWire(create: GroupCreate): Record<string, unknown> {
    const body: Record<string, unknown> = { name: create.name, username: create.username };
    if (create.parentId !== undefined) body.parent_id = Number(create.parentId);
    return body;
}

export interface GroupUpdate {
    name?: string;
    /** null moves the group to the top. */
    parentId?: string | null;
}

export function groupUpdateToWire(update: GroupUpdate): Record<string, unknown> {
    const body: Record<string, unknown> = {};
    if (update.name !== undefined) body.name = update.name;
    // [?] fact sheet 3.2: whether `parent_id: null` detaches a group is not shown (the rule is "optional
    // integer"); chosen because it is the only way the API could express it, and a refusal is a 422 naming it.
    if (update.parentId !== undefined) body.parent_id = update.parentId === null ? null : Number(update.parentId);
    return body;
}

function groupPath(id: string): string {
    return `/integrations/${encodeURIComponent(id)}`;
}

export function createCompanyGroup(client: FabricClient, create: GroupCreate): Promise<FabricGroup> {
    return client.request({ request: { method: "POST", path: "/integrations", body: groupCreateToWire(create) }, decode: groupFromWire });
}

export function updateCompanyGroup(client: FabricClient, id: string, update: GroupUpdate): Promise<FabricGroup> {
    return client.request({ request: { method: "PUT", path: groupPath(id), body: groupUpdateToWire(update) }, decode: groupFromWire });
}

/** Resolves when the group is gone, including when it already was (404). */
export async function deleteCompanyGroup(client: FabricClient, id: string): Promise<void> {
    try {
        await client.request({ request: { method: "DELETE", path: groupPath(id) }, decode: () => undefined });
    } catch (error) {
        if (!isNotFound(error)) throw error;
    }
}
