// Connectors (fact sheet 3.1): rows of a group's idx table. POST validates, verifies with the
// remote system, then upserts on (system factory name, environment) including soft-deleted rows:
// a deleted connector comes back with its old id (200), and where the duplicate check compares
// the display name with the stored factory name and misses, a live connector is overwritten (200).
import type { FastifyInstance, FastifyRequest } from "fastify";
import { requireClientAdmin } from "./access";
import { type ApiContext, currentUser } from "./context";
import {
    type Credentials,
    createRuleProblem,
    EXTRA_CREDENTIAL_FIELDS,
    maskCredentials,
    updateRuleProblem,
    verifyWithRemoteSystem,
} from "./credentials";
import { FabricError, MODELS, modelNotFound, serverError, Validation } from "./errors";
import { checkDriverAttributes, toReadForm, toStoredForm } from "./stored-form";
import { integrationRow } from "./integrations";
import type { ConnectorRow, Integration } from "./state";
import { type FabricSystem, SYSTEMS, systemById, systemRow } from "./systems";
import { type Body, bodyOf, checkText, isIntegerLike, isObject, isPresent, messages } from "./validation";

const RESERVED_ENVIRONMENT = /^(.*)_(live|dev|test|stag|prod)$/i;
export const DUPLICATE_ENVIRONMENT = "Please enter a unique value";

export interface BoundConnector {
    readonly integration: Integration;
    readonly row: ConnectorRow;
    readonly system: FabricSystem;
}

/** The connector resource (fact sheet 3.1): credentials in read form, secrets masked. */
export function connectorResource({ integration, row, system }: BoundConnector): Record<string, unknown> {
    const credentials = toReadForm(system, row.extra);
    return {
        id: `${integration.username}|${row.row}`,
        environment: row.common_ref,
        authorisation_type: credentials.authorisation_type ?? "none",
        connector_name: credentials.connector_name ?? null,
        timeZone: credentials.timezone ?? null,
        dateFormat: credentials.date_format ?? null,
        credentials: maskCredentials(system, credentials),
        system: systemRow(system),
        integration: integrationRow(integration),
    };
}

/** Every live connector of the company's groups, in group then row order. */
export function liveConnectors(context: ApiContext): BoundConnector[] {
    const { state } = context.account;
    return state.integrations.flatMap((integration) =>
        (state.idxTables[integration.username]?.rows ?? [])
            .filter((row) => row.deleted_at === null)
            .map((row) => ({ integration, row, system: systemById(row.system_id) as FabricSystem })),
    );
}

/** `<username>|<row>`: the group by username, then the live row (fact sheet 3.1 "Route binding"). */
function bind(context: ApiContext, id: string): BoundConnector {
    const separator = id.indexOf("|");
    if (separator < 0) {
        throw serverError(); // an undefined offset in Fabric
    }
    const username = id.slice(0, separator);
    const rowId = id.slice(separator + 1);
    const integration = context.account.integrationByUsername(username);
    if (!integration) throw modelNotFound(MODELS.integration);
    const row = context.account.state.idxTables[username]?.rows.find(
        (candidate) => String(candidate.row) === rowId && candidate.deleted_at === null,
    );
    if (!row) throw modelNotFound(MODELS.connector, rowId);
    return { integration, row, system: systemById(row.system_id) as FabricSystem };
}

/** The four request fields copied into the credentials (fact sheet 3.1 step 4). */
function withExtraFields(credentials: Credentials, body: Body): Credentials {
    const merged = { ...credentials };
    for (const [requestField, credentialKey] of Object.entries(EXTRA_CREDENTIAL_FIELDS)) {
        if (isPresent(body[requestField])) merged[credentialKey] = body[requestField];
    }
    return merged;
}

function sameText(a: string, b: string): boolean {
    return a.toLowerCase() === b.toLowerCase();
}

/**
 * What the dashboard leaves after a user authorises an OAuth-only connector (NetSuite REST,
 * Lightspeed, ...): a live row of the group's table, made by the OAuth redirect Fabric's API cannot
 * complete headlessly (fact sheet 3.11). Only the admin hook calls this; tests use it to stand in
 * for that authorisation.
 */
export async function storeAuthorisedConnector(
    context: ApiContext,
    request: { group: string; system: string; environment: string; name: string; timezone: string; dateFormat: string },
): Promise<Record<string, unknown>> {
    const { account } = context;
    const integration = account.integrationByUsername(request.group);
    const system = SYSTEMS.find((candidate) => sameText(candidate.factoryName, request.system));
    if (!integration || !system) throw new FabricError(404, `no group "${request.group}" or system "${request.system}"`);
    const table = account.state.idxTables[integration.username] ?? { nextRow: 1, rows: [] };
    account.state.idxTables[integration.username] = table;
    const row: ConnectorRow = {
        row: table.nextRow++,
        system_id: system.id,
        system_chain: system.factoryName,
        common_ref: request.environment,
        extra: {
            authorisation_type: "oauth2",
            connector_name: request.name,
            timezone: request.timezone,
            date_format: request.dateFormat,
            access_token: "authorised-in-the-dashboard",
        },
        deleted_at: null,
    };
    table.rows.push(row);
    await account.save();
    return connectorResource({ integration, row, system });
}

export function registerConnectors(app: FastifyInstance, context: ApiContext): void {
    const { account } = context;

    app.get("/api/v2/connectors", async () => ({ data: liveConnectors(context).map(connectorResource) }));

    app.get<{ Params: { id: string } }>("/api/v2/connectors/:id", async (request) => ({
        data: connectorResource(bind(context, request.params.id)),
    }));

    app.post("/api/v2/connectors", async (request, reply) => {
        const body = bodyOf(request.body);
        // The rule objects are built from these ids before validation: a bad one is a 500 (fact sheet 3.1).
        const system = isIntegerLike(body.system_id) ? systemById(Number(body.system_id)) : undefined;
        const integration = isIntegerLike(body.integration_id) ? account.integrationById(Number(body.integration_id)) : undefined;
        if (!system || !integration || !system.hasCredentialDriver) {
            throw serverError();
        }
        const validation = new Validation();
        checkText(validation, body, "connectorName", { required: true });
        const environment = checkText(validation, body, "environment", { required: true });
        checkText(validation, body, "timeZone", { required: true });
        checkText(validation, body, "dateFormat", { required: true });
        checkText(validation, body, "authorisation_type", { required: true });
        const table = account.state.idxTables[integration.username] ?? { nextRow: 1, rows: [] };
        if (environment !== undefined) {
            if (RESERVED_ENVIRONMENT.test(environment)) validation.add("environment", messages.format("environment"));
            // CommonRefUnique compares the stored factory name with the system's display name.
            const duplicate = table.rows.some(
                (row) => row.deleted_at === null && sameText(row.common_ref, environment) && sameText(row.system_chain, system.name),
            );
            if (duplicate) validation.add("environment", DUPLICATE_ENVIRONMENT);
        }
        if (!isObject(body.credentials) || Object.keys(body.credentials).length === 0) {
            validation.add("credentials", messages.required("credentials"));
        } else {
            const problem = createRuleProblem(system, body.credentials);
            if (problem) validation.add("credentials", problem);
        }
        validation.check();
        const credentials = withExtraFields(body.credentials as Credentials, body);
        checkDriverAttributes(system, credentials);
        verifyWithRemoteSystem(system, credentials);
        const existing = table.rows.find(
            (row) => sameText(row.system_chain, system.factoryName) && sameText(row.common_ref, environment as string),
        );
        account.state.idxTables[integration.username] = table;
        if (existing) {
            existing.extra = toStoredForm(system, credentials);
            existing.deleted_at = null;
            await account.save();
            return reply.code(200).send({ data: connectorResource({ integration, row: existing, system }) });
        }
        const row: ConnectorRow = {
            row: table.nextRow++,
            system_id: system.id,
            system_chain: system.factoryName,
            common_ref: environment as string,
            extra: toStoredForm(system, credentials),
            deleted_at: null,
        };
        table.rows.push(row);
        await account.save();
        return reply.code(201).send({ data: connectorResource({ integration, row, system }) });
    });

    const update = async (request: FastifyRequest<{ Params: { id: string } }>) => {
        const bound = bind(context, request.params.id);
        const body = bodyOf(request.body);
        const validation = new Validation();
        const environment = checkText(validation, body, "environment", { required: true });
        for (const field of ["connectorName", "timeZone", "dateFormat", "authorisation_type"]) {
            if (Object.hasOwn(body, field) && !isPresent(body[field]))
                validation.add(field, messages.filled(field.replace(/([A-Z])/g, " $1").toLowerCase()));
            else checkText(validation, body, field, { required: false });
        }
        if (Object.hasOwn(body, "credentials")) {
            if (!isObject(body.credentials) || Object.keys(body.credentials).length === 0) {
                validation.add("credentials", messages.filled("credentials"));
            } else {
                const problem = updateRuleProblem(bound.system, body.credentials);
                if (problem) validation.add("credentials", problem);
            }
        }
        validation.check();
        // Posted keys overwrite the stored ones in read form, unmasked; nothing is removed (fact sheet 4.3).
        const stored = toReadForm(bound.system, bound.row.extra);
        const merged = withExtraFields({ ...stored, ...((body.credentials as Credentials | undefined) ?? {}) }, body);
        checkDriverAttributes(bound.system, merged);
        verifyWithRemoteSystem(bound.system, merged);
        bound.row.extra = toStoredForm(bound.system, merged);
        bound.row.common_ref = environment as string;
        await account.save();
        return { data: connectorResource(bound) };
    };
    app.put<{ Params: { id: string } }>("/api/v2/connectors/:id", update);
    app.patch<{ Params: { id: string } }>("/api/v2/connectors/:id", update);

    app.delete<{ Params: { id: string } }>("/api/v2/connectors/:id", async (request) => {
        const bound = bind(context, request.params.id);
        requireClientAdmin(currentUser(request));
        // A soft delete with no in-use check (fact sheet 3.1).
        bound.row.deleted_at = account.now().toISOString();
        await account.save();
        return { status: 200, message: "Connector deleted successfully." };
    });
}
