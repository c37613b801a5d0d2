// The provider's implementation, loaded by the small serialized adapter in ./dynamic. It lives in
// the installed package (not in the state), and holds the per-process settings, API client and
// account snapshot.
import type { PatchworksClient, RemoteConnector } from "./client";
import { MISSING_CREDENTIALS, resolveClientTuning, resolveSettings, type ClientTuning, type ProviderSettings } from "./config";
import { diffConnector } from "./connector/diff";
import {
    accountConflict,
    createConnector,
    deleteConnector,
    needsAccountCheck,
    readConnector,
    updateConnector,
} from "./connector/lifecycle";
import type { ConnectorOutputs } from "./connector/mapping";
import { validateConnectorInputs, type CheckFailure, type ConnectorInputs } from "./connector/validate";
import { ConnectorError, messageOf } from "./errors";

export { systems } from "./catalog";

interface ProcessState {
    settings: ProviderSettings;
    tuning: ClientTuning;
    client?: PatchworksClient;
    /** One list call per provider process: every resource's check shares it. */
    account?: Promise<RemoteConnector[]>;
}

function settingsFrom(lookup: (key: string) => string | undefined): ProcessState {
    return { settings: resolveSettings(lookup, process.env), tuning: resolveClientTuning(lookup, process.env) };
}

let state: ProcessState = settingsFrom(() => undefined);

export function configure(config: { get(key: string): string | undefined }): void {
    state = settingsFrom((key) => config.get(key));
}

function client(): PatchworksClient {
    if (!state.client) {
        const { settings, tuning } = state;
        if (!settings.apiKey && !settings.accessToken) throw new ConnectorError(MISSING_CREDENTIALS);
        if (tuning.problem) throw new ConnectorError(tuning.problem);
        // Loaded here, not at the top: previews and no-change runs that never call the API skip axios.
        const { PatchworksClient: Client } = require("./client") as typeof import("./client");
        try {
            state.client = new Client({
                apiUrl: settings.apiUrl,
                apiKey: settings.apiKey,
                accessToken: settings.accessToken,
                allowInsecureHttp: settings.allowInsecureHttp,
                maxRetries: tuning.maxRetries,
                timeoutMs: tuning.requestTimeoutMs,
                retryBaseMs: tuning.retryBaseMs,
                // The engine shows a provider's stderr in the run's output; the client redacts every secret.
                log: tuning.logRequests ? (line) => process.stderr.write(`patchworks: ${line}\n`) : undefined,
            });
        } catch (error) {
            // An unsafe or unusable setting (plain http to a remote host, a bad URL): one line, no stack.
            throw new ConnectorError(messageOf(error));
        }
    }
    return state.client;
}

function accountConnectors(): Promise<RemoteConnector[]> {
    if (state.account) return state.account;
    const pending = client().listConnectors();
    // A failed snapshot is not kept: the next check may find the API back.
    pending.catch(() => {
        if (state.account === pending) state.account = undefined;
    });
    state.account = pending;
    return pending;
}

/** Errors leave the provider as one line: no stack, never a credential (the client redacts). */
async function userFacing<T>(operation: () => Promise<T>): Promise<T> {
    try {
        return await operation();
    } catch (error) {
        throw error instanceof ConnectorError ? error : new ConnectorError(messageOf(error));
    }
}

export async function check(
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
): Promise<{ inputs: ConnectorInputs; failures: CheckFailure[] }> {
    const { inputs, failures } = validateConnectorInputs(news);
    if (failures.length > 0 || !needsAccountCheck(olds, inputs)) return { inputs, failures };
    try {
        const conflict = accountConflict(await accountConnectors(), inputs);
        if (conflict) failures.push(conflict);
    } catch (error) {
        failures.push({ property: "", reason: `cannot check the account for existing connectors: ${messageOf(error)}` });
    }
    return { inputs, failures };
}

export async function diff(olds: ConnectorOutputs, news: ConnectorInputs) {
    const { changes, replaces, deleteBeforeReplace } = diffConnector(olds, news);
    return { changes, replaces, deleteBeforeReplace };
}

export function create(inputs: ConnectorInputs): Promise<{ id: string; outs: ConnectorOutputs }> {
    return userFacing(async () => {
        const outs = await createConnector(client(), inputs);
        return { id: outs.connectorId, outs };
    });
}

export function read(id: string, props: ConnectorOutputs): Promise<{ id: string; props?: ConnectorOutputs }> {
    return userFacing(async () => {
        const outs = await readConnector(client(), id, props);
        // An empty id tells the engine the connector is gone, so refresh drops it from the state.
        return outs ? { id, props: outs } : { id: "" };
    });
}

export function update(id: string, olds: ConnectorOutputs, news: ConnectorInputs): Promise<{ outs: ConnectorOutputs }> {
    return userFacing(async () => ({ outs: await updateConnector(client(), id, olds, news) }));
}

export function remove(id: string, props: ConnectorOutputs): Promise<void> {
    return userFacing(() => deleteConnector(client(), id, props));
}
