// Between the resource's inputs/outputs and the client's connector model. Pure.
import type { ConnectorFields, ConnectorPatch, RemoteConnector } from "../client";
import type { ConnectorInputs } from "./validate";

export interface ConnectorOutputs extends ConnectorInputs {
    connectorId: string;
    status: RemoteConnector["status"];
    createdAt: string;
    updatedAt: string;
}

export function toConnectorFields(inputs: ConnectorInputs): ConnectorFields {
    return {
        system: inputs.system,
        environment: inputs.environment,
        companyGroup: inputs.companyGroup ?? null,
        name: inputs.name,
        timezone: inputs.timezone,
        dateFormat: inputs.dateFormat,
        authType: inputs.authType,
        credentials: inputs.credentials,
    };
}

/**
 * The outputs after a write or a read. Credentials always come from the inputs (or prior state):
 * the API masks secret values, and a mask must never overwrite the real value in state.
 */
export function toOutputs(inputs: ConnectorInputs, remote: RemoteConnector): ConnectorOutputs {
    const outputs: ConnectorOutputs = {
        system: inputs.system,
        environment: inputs.environment,
        name: remote.name,
        timezone: remote.timezone,
        dateFormat: remote.dateFormat,
        authType: inputs.authType,
        credentials: inputs.credentials,
        adopt: inputs.adopt,
        connectorId: remote.id,
        status: remote.status,
        createdAt: remote.createdAt,
        updatedAt: remote.updatedAt,
    };
    if (inputs.companyGroup !== undefined) outputs.companyGroup = inputs.companyGroup;
    return outputs;
}

/** The in-place changes between two sets of inputs, as the API's PATCH body expects them. */
export function toPatch(news: ConnectorInputs, changed: readonly string[]): ConnectorPatch {
    const patch: ConnectorPatch = {};
    if (changed.includes("name")) patch.name = news.name;
    if (changed.includes("timezone")) patch.timezone = news.timezone;
    if (changed.includes("dateFormat")) patch.dateFormat = news.dateFormat;
    if (changed.includes("credentials")) patch.credentials = news.credentials;
    return patch;
}
