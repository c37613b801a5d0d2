// Fabric's connectors on the wire (fact sheet 3.1): one unpaginated list of every connector of the
// company, an upsert-like create, a PUT that merges credentials, and a soft delete that can report
// failure inside a 200. The only module that knows these field names.
import { READABLE_BELOW } from "./redact";
import { z } from "zod";
import type { PatchworksClient } from "./client";
import { apiId, parse, unwrapData } from "./decode";
import { isNotFound } from "./errors";

/** What a wire module talks through: one paced, retried, redacted request at a time, and the secret book. */
export type FabricClient = PatchworksClient;

/**
 * Fabric copies the connector's own settings into its stored credentials (fact sheet 3.1, create
 * step 4) and returns them there: not credentials, so they are dropped on read.
 */
const COPIED_INTO_CREDENTIALS = ["authorisation_type", "connector_name", "timezone", "date_format"];

/** A credential value as Fabric stores it: strings, and numbers, booleans or nested objects for some drivers. */
export type CredentialValue = unknown;

export interface FabricConnector {
    /** "<group username>|<row id>". */
    id: string;
    environment: string;
    name: string;
    timezone: string;
    dateFormat: string;
    authType: string;
    /** As Fabric returns them: secret values masked, some secrets in clear (fact sheet 4.2). */
    credentials: Record<string, CredentialValue>;
    system: { id: string; factoryName: string; name: string };
    group: { id: string; username: string; name: string };
}

// PHP encodes an empty array as [] where an object is meant.
const phpObject = z.preprocess((v) => (Array.isArray(v) && v.length === 0 ? {} : v), z.record(z.string(), z.unknown()));

const wireConnector = z.object({
    id: z.string(),
    environment: z.string(),
    authorisation_type: z.string().nullish(),
    connector_name: z.string().nullish(),
    timeZone: z.string().nullish(),
    dateFormat: z.string().nullish(),
    credentials: phpObject.nullish(),
    system: z.object({ id: apiId, factory_name: z.string(), name: z.string().nullish() }),
    integration: z.object({ id: apiId, username: z.string(), name: z.string().nullish() }),
});

export function connectorFromWire(item: unknown): FabricConnector {
    const c = parse(wireConnector, item, "connector");
    const credentials = Object.fromEntries(Object.entries(c.credentials ?? {}).filter(([key]) => !COPIED_INTO_CREDENTIALS.includes(key)));
    return {
        id: c.id,
        environment: c.environment,
        name: c.connector_name ?? "",
        timezone: c.timeZone ?? "",
        dateFormat: c.dateFormat ?? "",
        // Fabric reads a missing type as "none" (fact sheet 4.1).
        authType: c.authorisation_type ?? "none",
        credentials,
        system: { id: c.system.id, factoryName: c.system.factory_name, name: c.system.name ?? c.system.factory_name },
        group: { id: c.integration.id, username: c.integration.username, name: c.integration.name ?? c.integration.username },
    };
}

export interface ConnectorCreate {
    name: string;
    environment: string;
    timezone: string;
    dateFormat: string;
    authType: string;
    /** Fabric's numeric system id, as a string. */
    systemId: string;
    /** Fabric's numeric company group (integration) id, as a string. */
    groupId: string;
    /** The declared credentials plus the auth type's flags. */
    credentials: Record<string, CredentialValue>;
}

export function createToWire(create: ConnectorCreate): Record<string, unknown> {
    return {
        connectorName: create.name,
        environment: create.environment,
        timeZone: create.timezone,
        dateFormat: create.dateFormat,
        authorisation_type: create.authType,
        system_id: Number(create.systemId),
        integration_id: Number(create.groupId),
        credentials: { ...create.credentials },
    };
}

/** A PUT: `environment` always (Fabric requires it), the rest only when it changes. */
export interface ConnectorUpdate {
    environment: string;
    name?: string;
    timezone?: string;
    dateFormat?: string;
    authType?: string;
    credentials?: Record<string, CredentialValue>;
}

export function updateToWire(update: ConnectorUpdate): Record<string, unknown> {
    const body: Record<string, unknown> = { environment: update.environment };
    if (update.name !== undefined) body.connectorName = update.name;
    if (update.timezone !== undefined) body.timeZone = update.timezone;
    if (update.dateFormat !== undefined) body.dateFormat = update.dateFormat;
    if (update.authType !== undefined) body.authorisation_type = update.authType;
    if (update.credentials !== undefined && Object.keys(update.credentials).length > 0) body.credentials = { ...update.credentials };
    return body;
}

/** `uk_store|12` -> `/connectors/uk_store%7C12`. */
export function connectorPath(id: string): string {
    return `/connectors/${encodeURIComponent(id)}`;
}

const wireList = z.array(z.unknown());

export function listConnectors(client: FabricClient): Promise<FabricConnector[]> {
    return client.request({
        request: { method: "GET", path: "/connectors" },
        decode: (body) => parse(wireList, unwrapData(body), "connector list").map(connectorFromWire),
    });
}

/** The connector list as Fabric sent it, each item still undecoded. */
export type UndecodedConnectorList = { readonly items: readonly unknown[] };

/**
 * One list call whose items are decoded later, a company group at a time, by `connectorsOfGroup`.
 * @public (the runtime loads this module lazily, where knip does not follow it)
 */
export function listConnectorsUndecoded(client: FabricClient): Promise<UndecodedConnectorList> {
    return client.request({
        request: { method: "GET", path: "/connectors" },
        decode: (body) => ({ items: parse(wireList, unwrapData(body), "connector list") }),
    });
}

/**
 * The connectors of one company group (its numeric id) in a list: only theirs are decoded. The
 * look before each create of a system whose duplicate check Fabric misses needs no more, and
 * decoding the whole account for each of N creates was most of a large create's memory.
 */
export function connectorsOfGroup(list: UndecodedConnectorList, groupId: string): FabricConnector[] {
    const inGroup = list.items.filter((item) => {
        const group = (item as { integration?: { id?: unknown } } | null)?.integration?.id;
        // An item without a readable group id is decoded, so a malformed answer fails as it would whole.
        return group === undefined || group === null || String(group) === groupId;
    });
    return inGroup.map(connectorFromWire);
}

export interface CreateAnswer {
    connector: FabricConnector;
    /** 200 instead of 201: Fabric reused a row with this key, a deleted one (revival) or a live one (overwrite). */
    reusedRow: boolean;
}

export function createAnswerFromWire(body: unknown, status: number): CreateAnswer {
    return { connector: connectorFromWire(unwrapData(body)), reusedRow: status === 200 };
}

/**
 * Every value sent is masked from then on, except short ones: the wire cannot tell a secret from a
 * deploy id, and the connector's check has already registered short secret values by the catalog's flags.
 */
function rememberSecrets(client: FabricClient, credentials: Record<string, CredentialValue> | undefined): void {
    client.secrets.add(Object.values(credentials ?? {}).filter((v): v is string => typeof v === "string" && v.length >= READABLE_BELOW));
}

/** `reconcile` answers, after a POST whose outcome is unknown (a lost connection), what it made, if anything. */
export function createConnector(
    client: FabricClient,
    create: ConnectorCreate,
    reconcile?: () => Promise<CreateAnswer | undefined>,
): Promise<CreateAnswer> {
    rememberSecrets(client, create.credentials);
    return client.request({
        request: { method: "POST", path: "/connectors", body: createToWire(create) },
        decode: createAnswerFromWire,
        reconcile,
        verifiesCredentials: true,
    });
}

export function updateConnector(client: FabricClient, id: string, update: ConnectorUpdate): Promise<FabricConnector> {
    rememberSecrets(client, update.credentials);
    return client.request({
        request: { method: "PUT", path: connectorPath(id), body: updateToWire(update) },
        decode: (body) => connectorFromWire(unwrapData(body)),
        verifiesCredentials: true,
    });
}

export type DeleteOutcome = { kind: "deleted" } | { kind: "already-gone" } | { kind: "failed"; message: string };

const wireDeleteAnswer = z.object({ status: z.number().optional(), message: z.string().optional() }).passthrough();

/**
 * Fabric answers HTTP 200 even when its delete failed, with `status: 500` in the body (fact sheet 3.1).
 * [?] other body statuses are not shown: any of 400 or more counts as failed, so a connector is never
 * dropped from the state while it may still exist.
 */
export function deleteAnswerFromWire(body: unknown): DeleteOutcome {
    const answer = parse(wireDeleteAnswer, body ?? {}, "delete answer");
    if (answer.status !== undefined && answer.status >= 400) {
        return { kind: "failed", message: answer.message ?? `status ${answer.status}` };
    }
    return { kind: "deleted" };
}

export async function deleteConnector(client: FabricClient, id: string): Promise<DeleteOutcome> {
    try {
        return await client.request({ request: { method: "DELETE", path: connectorPath(id) }, decode: deleteAnswerFromWire });
    } catch (error) {
        if (isNotFound(error)) return { kind: "already-gone" };
        throw error;
    }
}
