// Create, read, update and delete of one connector, and the account-level conflict rule.
import type { PatchworksClient, RemoteConnector } from "../client";
import { ConflictError, NotFoundError } from "../client/errors";
import { ConnectorError } from "../errors";
import { diffConnector } from "./diff";
import { describeKey, sameKey, type KeyParts } from "./key";
import { toConnectorFields, toOutputs, toPatch, type ConnectorOutputs } from "./mapping";
import { isUnknown, type CheckFailure, type ConnectorInputs } from "./validate";

export type ConnectorApi = Pick<
    PatchworksClient,
    "findConnector" | "getConnector" | "createConnector" | "updateConnector" | "deleteConnector"
>;

function describeRemote(remote: RemoteConnector): string {
    return `${remote.id} ("${remote.name}")`;
}

function keyOf(inputs: Partial<ConnectorInputs>): KeyParts | undefined {
    const { system, environment, companyGroup } = inputs;
    if (typeof system !== "string" || typeof environment !== "string") return undefined;
    // Olds come from the state, which may hold anything; a key that is not one is no key.
    if (companyGroup !== undefined && companyGroup !== null && typeof companyGroup !== "string") return undefined;
    if ([system, environment, companyGroup].some(isUnknown)) return undefined;
    return { system, environment, companyGroup };
}

/** Whether check must compare this resource with the account: it is new, or its key changes. */
export function needsAccountCheck(olds: Partial<ConnectorInputs>, news: Partial<ConnectorInputs>): boolean {
    const next = keyOf(news);
    if (!next) return false;
    const previous = keyOf(olds);
    return !previous || !sameKey(previous, next);
}

/**
 * A connector with the same key that this stack does not manage blocks a create (unless adopted);
 * adopting requires one to exist. `existing` is the account's connector list.
 */
export function accountConflict(existing: readonly RemoteConnector[], news: ConnectorInputs): CheckFailure | undefined {
    const key = keyOf(news);
    if (!key) return undefined;
    const match = existing.find((c) => sameKey(c, key));
    if (news.adopt && !match) {
        return {
            property: "adopt",
            reason:
                `adopt is true, but the Patchworks account has no ${describeKey(key)} to take over. ` +
                `Create (or authorise) it in the Patchworks dashboard first, or remove adopt to let Pulumi create it.`,
        };
    }
    if (!news.adopt && match) {
        // A `pulumi up` killed mid-create leaves exactly this: the connector exists, the state never heard of it.
        const interrupted =
            match.name === news.name
                ? `It has this Connector's name, so an earlier \`pulumi up\` of this stack may have created it ` +
                  `and been interrupted before recording it (Pulumi then warns of pending operations; ` +
                  `\`pulumi refresh --clear-pending-creates\` clears them, this check still finds the connector). `
                : "";
        return {
            property: "adopt",
            reason:
                `a ${describeKey(key)} already exists in the Patchworks account: ${describeRemote(match)}, ` +
                `and this stack does not manage it (one live and one test connector per system per company group). ` +
                interrupted +
                `Set adopt: true on this Connector to manage ${match.id} from this stack (then run \`pulumi up\` again), ` +
                `or use another companyGroup.`,
        };
    }
    return undefined;
}

async function adopt(api: ConnectorApi, inputs: ConnectorInputs): Promise<ConnectorOutputs> {
    const key = { system: inputs.system, environment: inputs.environment, companyGroup: inputs.companyGroup ?? null };
    const existing = await api.findConnector(key);
    if (!existing) {
        throw new ConnectorError(
            `adopt is true, but the Patchworks account has no ${describeKey(key)} to take over; ` +
                `create it in the dashboard first, or remove adopt to let Pulumi create it`,
        );
    }
    if (existing.authType !== inputs.authType) {
        throw new ConnectorError(
            `cannot adopt connector ${describeRemote(existing)}: it uses authType "${existing.authType}", ` +
                `not "${inputs.authType}"; declare authType: "${existing.authType}"`,
        );
    }
    const changed = diffConnector(
        { name: existing.name, timezone: existing.timezone, dateFormat: existing.dateFormat },
        { name: inputs.name, timezone: inputs.timezone, dateFormat: inputs.dateFormat },
    ).updates;
    // Interactively authorised connectors hold tokens Pulumi never saw; leave them alone.
    if (Object.keys(inputs.credentials).length > 0) changed.push("credentials");
    const patch = toPatch(inputs, changed);
    const remote = Object.keys(patch).length > 0 ? await api.updateConnector(existing.id, patch) : existing;
    return toOutputs(inputs, remote);
}

export async function createConnector(api: ConnectorApi, inputs: ConnectorInputs): Promise<ConnectorOutputs> {
    if (inputs.adopt) return adopt(api, inputs);
    try {
        return toOutputs(inputs, await api.createConnector(toConnectorFields(inputs)));
    } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        const key = { system: inputs.system, environment: inputs.environment, companyGroup: inputs.companyGroup ?? null };
        const existing = await api.findConnector(key);
        throw new ConnectorError(
            `a ${describeKey(key)} already exists in the Patchworks account` +
                (existing ? `: ${describeRemote(existing)}` : "") +
                `, created outside this stack (another stack, pipeline or the dashboard). ` +
                `Set adopt: true to manage it from this stack, or use another companyGroup.`,
        );
    }
}

/** Refresh: drift in the fields the API owns; `undefined` when the connector is gone. */
export async function readConnector(api: ConnectorApi, id: string, state: ConnectorOutputs): Promise<ConnectorOutputs | undefined> {
    try {
        return toOutputs(state, await api.getConnector(id));
    } catch (error) {
        if (error instanceof NotFoundError) return undefined;
        throw error;
    }
}

export async function updateConnector(
    api: ConnectorApi,
    id: string,
    olds: ConnectorOutputs,
    news: ConnectorInputs,
): Promise<ConnectorOutputs> {
    const patch = toPatch(news, diffConnector(olds, news).updates);
    if (Object.keys(patch).length === 0) {
        return toOutputs(news, { ...olds, id, companyGroup: olds.companyGroup ?? null });
    }
    try {
        return toOutputs(news, await api.updateConnector(id, patch));
    } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
        throw new ConnectorError(
            `connector ${id} ("${olds.name}") no longer exists in Patchworks (deleted outside Pulumi); ` +
                `run \`pulumi refresh\` to drop it from the state, then \`pulumi up\` to create it again`,
        );
    }
}

export async function deleteConnector(api: ConnectorApi, id: string, state: Partial<ConnectorOutputs>): Promise<void> {
    try {
        await api.deleteConnector(id);
    } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        const services = error.services?.length ? `: ${error.services.join(", ")}` : "";
        throw new ConnectorError(
            `cannot delete connector ${id} ("${state.name ?? id}"): it is still used by services${services}. ` +
                `Remove it from those services in the Patchworks dashboard first, ` +
                `or keep the connector with the resource option retainOnDelete: true.`,
        );
    }
}
