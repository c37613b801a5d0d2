// Company groups, Fabric's integrations (fact sheet 3.2): create with a slugged username and an
// idx table (a username whose table exists fails with 500 after the row was saved), update whose
// unique-name rule does not exclude the group itself, hard delete with the child groups.
import type { FastifyInstance } from "fastify";
import { requireClientAdmin } from "./access";
import { COMPANY_ID, laravelSlug, rawTime, resourceTime } from "./account";
import { type ApiContext, currentUser, paginate } from "./context";
import { FabricError, MODELS, modelNotFound, Validation } from "./errors";
import type { Integration } from "./state";
import { type Body, bodyOf, checkText, isBooleanLike, isIntegerLike, isPresent, messages } from "./validation";

const GROUP_NAME = /^[\p{L}\p{N} &-]+$/u;
const NAME_CHARACTERS = "The name must only contain alphanumeric, ampersand, dash and space characters only.";
export const IDX_TABLE_EXISTS = "IDX Table already exists";
const GROUPS_PER_PAGE = 15;

/** The group resource (fact sheet 3.2): no parent_id. */
export function integrationResource(integration: Integration): Record<string, unknown> {
    const { parent_id: _parent, ...fields } = integration;
    return { ...fields, company_id: COMPANY_ID, server: "tapestry" };
}

/** The raw row a connector embeds. */
export function integrationRow(integration: Integration): Record<string, unknown> {
    return {
        ...integrationResource(integration),
        parent_id: integration.parent_id,
        active: integration.active ? 1 : 0,
        created_at: rawTime(integration.created_at),
        updated_at: rawTime(integration.updated_at),
    };
}

/** The create and update rules for `name` and `parent_id`; the unique rule has no self-exclusion. */
function checkNameAndParent(validation: Validation, body: Body, context: ApiContext, required: boolean): void {
    const name = checkText(validation, body, "name", { required, min: 3, max: 128 });
    if (name !== undefined && !GROUP_NAME.test(name)) validation.add("name", NAME_CHARACTERS);
    if (name !== undefined && context.account.state.integrations.some((group) => group.name.toLowerCase() === name.toLowerCase())) {
        validation.add("name", messages.taken("name"));
    }
    if (isPresent(body.active) && !isBooleanLike(body.active)) validation.add("active", messages.boolean("active"));
    if (isPresent(body.parent_id)) {
        if (!isIntegerLike(body.parent_id)) validation.add("parent_id", messages.integer("parent id"));
        else if (!context.account.integrationById(Number(body.parent_id))) validation.add("parent_id", messages.selected("parent id"));
    }
}

function descendantsOf(groups: readonly Integration[], id: number): number[] {
    const children = groups.filter((group) => group.parent_id === id).map((group) => group.id);
    return [...children, ...children.flatMap((child) => descendantsOf(groups, child))];
}

function tree(groups: readonly Integration[], parentId: number | null): Record<string, unknown>[] {
    return groups
        .filter((group) => group.parent_id === parentId)
        .map((group) => ({ ...integrationResource(group), children: tree(groups, group.id) }));
}

export function registerIntegrations(app: FastifyInstance, context: ApiContext): void {
    const { account } = context;
    const find = (id: string): Integration => {
        const integration = /^\d+$/.test(id) ? account.integrationById(Number(id)) : undefined;
        if (!integration) throw modelNotFound(MODELS.integration, id);
        return integration;
    };

    app.get("/api/v2/integrations", async (request) => {
        const groups = account.state.integrations;
        if ((request.query as Record<string, string>).to_tree) {
            return { data: tree(groups, null) };
        }
        return paginate(groups.map(integrationResource), request, GROUPS_PER_PAGE);
    });

    app.get<{ Params: { id: string } }>("/api/v2/integrations/:id", async (request) => ({
        data: integrationResource(find(request.params.id)),
    }));

    app.post("/api/v2/integrations", async (request, reply) => {
        const body = bodyOf(request.body);
        // The username is slugged before validation (fact sheet 3.2).
        if (typeof body.username === "string") body.username = laravelSlug(body.username, "_") || null;
        const validation = new Validation();
        checkNameAndParent(validation, body, context, true);
        checkText(validation, body, "username", { required: true, min: 3, max: 255 });
        validation.check();
        requireClientAdmin(currentUser(request));
        const username = body.username as string;
        const integration = account.addIntegration(
            body.name as string,
            username,
            isPresent(body.parent_id) ? Number(body.parent_id) : null,
        );
        if (isPresent(body.active)) integration.active = body.active === true || body.active === 1 || body.active === "1";
        if (account.state.idxTables[username]) {
            // The row is saved before the table is made, so it stays (fact sheet 3.2).
            await account.save();
            // [?] fact sheet 3.2: whether the text survives (an abort) or becomes "Server Error"
            // (an exception) is unknown; kept, chosen so a client can say what to change.
            throw new FabricError(500, IDX_TABLE_EXISTS);
        }
        account.state.idxTables[username] = { nextRow: 1, rows: [] };
        await account.save();
        return reply.code(201).send({ data: integrationResource(integration) });
    });

    const update = async (request: { params: { id: string }; body: unknown }, user: ReturnType<typeof currentUser>) => {
        const integration = find(request.params.id);
        const body = bodyOf(request.body);
        const validation = new Validation();
        checkNameAndParent(validation, body, context, false);
        validation.check();
        requireClientAdmin(user);
        if (isPresent(body.name)) integration.name = body.name as string;
        if (isPresent(body.active)) integration.active = body.active === true || body.active === 1 || body.active === "1";
        if (Object.hasOwn(body, "parent_id")) integration.parent_id = isPresent(body.parent_id) ? Number(body.parent_id) : null;
        integration.updated_at = resourceTime(account.now());
        await account.save();
        return { data: integrationResource(integration) };
    };
    app.put<{ Params: { id: string } }>("/api/v2/integrations/:id", (request) => update(request, currentUser(request)));
    app.patch<{ Params: { id: string } }>("/api/v2/integrations/:id", (request) => update(request, currentUser(request)));

    app.delete<{ Params: { id: string } }>("/api/v2/integrations/:id", async (request) => {
        const integration = find(request.params.id);
        requireClientAdmin(currentUser(request));
        const gone = new Set([integration.id, ...descendantsOf(account.state.integrations, integration.id)]);
        // A hard delete; the idx tables, connectors and services stay (fact sheet 3.2).
        account.state.integrations = account.state.integrations.filter((group) => !gone.has(group.id));
        await account.save();
        return { message: "Integration deleted successfully." };
    });
}
