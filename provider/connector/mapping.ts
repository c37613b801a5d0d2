// Between the resource's inputs/outputs and the client's connector model. Pure.
import { findAuthType, findSystem, MASK } from "../catalog";
import type { ConnectorFields, ConnectorPatch, RemoteConnector } from "../client";
import type { ConnectorStatus } from "../model";
import type { PATCH_PROPERTIES } from "./diff";
import type { ConnectorInputs } from "./validate";

export interface ConnectorOutputs extends ConnectorInputs {
    connectorId: string;
    status: ConnectorStatus;
    createdAt: string;
    updatedAt: string;
}

/** The outputs that are not inputs: what `read` leaves out when it hands the inputs back. */
export const CONNECTOR_OUTPUT_ONLY = ["connectorId", "status", "createdAt", "updatedAt"] as const;

/** A create needs every setting; check has applied the defaults, and adopt never creates. */
export function toConnectorFields(inputs: ConnectorInputs): ConnectorFields {
    return {
        system: inputs.system,
        environment: inputs.environment,
        companyGroup: inputs.companyGroup ?? null,
        name: inputs.name ?? "",
        timezone: inputs.timezone ?? "",
        dateFormat: inputs.dateFormat ?? "",
        authType: inputs.authType,
        credentials: inputs.credentials ?? {},
    };
}

/** Whether the catalog calls a credential secret; a key it does not know counts as secret. */
export function isSecretCredential(system: string, authType: string, key: string): boolean {
    const entry = findSystem(system);
    const auth = entry && findAuthType(entry, authType);
    return auth?.fields.find((f) => f.key === key)?.secret ?? true;
}

/**
 * Credentials as they are now: every non-secret field as the API reports it, every secret one
 * from what Pulumi knows (the API masks them, and a mask must never overwrite a real value).
 */
export function mergeCredentials(known: Readonly<Record<string, string>> | undefined, remote: RemoteConnector): Record<string, string> {
    const merged: Record<string, string> = {};
    for (const [key, value] of Object.entries(remote.credentials)) {
        const fromApi = !isSecretCredential(remote.system, remote.authType, key) && value !== MASK;
        const kept = fromApi ? value : known && Object.hasOwn(known, key) ? known[key] : undefined;
        if (kept !== undefined) merged[key] = kept;
    }
    return merged;
}

/**
 * What Patchworks reports of a connector besides its id, key and credentials: its settings and
 * status, under the names the resource's outputs (and the lookups' results) give them.
 */
export function reportedState(remote: RemoteConnector) {
    return {
        name: remote.name,
        timezone: remote.timezone,
        dateFormat: remote.dateFormat,
        authType: remote.authType,
        status: remote.status,
        createdAt: remote.createdAt,
        updatedAt: remote.updatedAt,
    };
}

/** The outputs after a write: what the API answered, with the credentials this run sent. */
export function toOutputs(inputs: ConnectorInputs, remote: RemoteConnector): ConnectorOutputs {
    const outputs: ConnectorOutputs = {
        system: inputs.system,
        environment: inputs.environment,
        ...reportedState(remote),
        credentials: inputs.credentials ?? mergeCredentials(undefined, remote),
        adopt: inputs.adopt,
        credentialsChanged: inputs.credentialsChanged,
        connectorId: remote.id,
    };
    if (inputs.companyGroup !== undefined) outputs.companyGroup = inputs.companyGroup;
    return outputs;
}

/**
 * Refresh: the connector as Patchworks has it now. `credentialsChanged` names the credential keys
 * that changed outside Pulumi, so the refresh shows that they did without showing a value.
 */
export function refreshedOutputs(state: ConnectorOutputs, remote: RemoteConnector): ConnectorOutputs {
    const credentials = mergeCredentials(state.credentials, remote);
    const before = state.credentials ?? {};
    const drifted = [...new Set([...Object.keys(before), ...Object.keys(credentials)])].filter((k) => before[k] !== credentials[k]).sort();
    return toOutputs({ ...state, credentials, credentialsChanged: drifted }, remote);
}

/** The inputs a refresh hands back, so the next preview compares the program with what Patchworks has. */
export function inputsOf(outputs: ConnectorOutputs): ConnectorInputs {
    const inputs: Record<string, unknown> = { ...outputs, credentialsChanged: [] };
    for (const key of CONNECTOR_OUTPUT_ONLY) delete inputs[key];
    if (inputs.companyGroup === undefined) delete inputs.companyGroup;
    return inputs as unknown as ConnectorInputs;
}

/** The in-place changes, as the API's PATCH body expects them. */
export function toPatch(news: ConnectorInputs, changed: readonly (typeof PATCH_PROPERTIES)[number][]): ConnectorPatch {
    const patch: ConnectorPatch = {};
    for (const property of changed) {
        const value = news[property];
        if (value === undefined) continue;
        if (property === "credentials") patch.credentials = value as Record<string, string>;
        else patch[property] = value as string;
    }
    return patch;
}
