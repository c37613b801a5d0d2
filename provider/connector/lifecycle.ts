// Create, read, update and delete of one connector against the API, with what a run has learnt in
// its ledger. Every failure a user sees says what happened to the connector and what to run next.
import type { ConnectorFields, PatchworksClient, RemoteConnector } from "../client";
import { isConflict, isNotFound, unlessNotFound, type ApiError } from "../client";
import type { Diagnose } from "../diagnostics";
import { RunCancelled, UserError } from "../errors";
import type { VerifyCredentials } from "../settings";
import { conflictAdvice, describeRemote, differencesFrom, keyOf } from "./account";
import { diffConnector } from "./diff";
import { describeKey, sameKey, type KeyParts } from "./key";
import type { RunLedger } from "./ledger";
import { refreshedOutputs, toConnectorFields, toOutputs, toPatch, type ConnectorOutputs } from "./mapping";
import type { ConnectorInputs } from "./validate";

export type ConnectorApi = Pick<
    PatchworksClient,
    "listConnectors" | "getConnector" | "createConnector" | "updateConnector" | "deleteConnector"
>;

export interface LifecycleContext {
    api: ConnectorApi;
    ledger: RunLedger;
    diagnose: Diagnose;
    verifyCredentials: VerifyCredentials;
}

/**
 * A create that fails after the engine has recorded nothing but must still leave a connector in
 * the state: the engine keeps `id` and `properties` and reports the message (ErrorResourceInitFailed).
 */
export class CreatedWithError extends UserError {
    /** What the engine prints for it ("resource init failed" alone otherwise). */
    readonly reasons: string[];

    constructor(
        message: string,
        readonly id: string,
        readonly properties: ConnectorOutputs,
    ) {
        super(message);
        this.reasons = [message];
    }
}

function keyParts(inputs: ConnectorInputs): KeyParts {
    return keyOf(inputs) as KeyParts;
}

/** The connector with this key; filtered again locally, so a server that ignored a filter cannot hand back another. */
async function findConnector(api: ConnectorApi, key: KeyParts): Promise<RemoteConnector | undefined> {
    const candidates = await api.listConnectors({
        system: key.system,
        environment: key.environment as ConnectorFields["environment"],
        companyGroup: key.companyGroup ?? null,
    });
    return candidates.find((c) => sameKey(c, key));
}

const STATUS_ADVICE: Record<string, string> = {
    failed_authentication: "its credentials did not authenticate: rotate them (set the current values and run `pulumi up`)",
    unreachable: "Patchworks cannot reach the system: check the store URL or host in its credentials",
};

/** After a write that sent credentials: a connector that cannot work is worth a warning, or a failure. */
async function verify(context: LifecycleContext, outputs: ConnectorOutputs, sentCredentials: boolean): Promise<void> {
    if (!sentCredentials || context.verifyCredentials === "off" || outputs.status === "operational") return;
    const message =
        `connector ${describeRemote({ id: outputs.connectorId, name: outputs.name ?? "" })} is ${outputs.status}: ` +
        `${STATUS_ADVICE[outputs.status] ?? "check its credentials"}` +
        (context.verifyCredentials === "warn" ? " (patchworks:verifyCredentials=fail makes this an error)" : "");
    if (context.verifyCredentials === "fail") throw new CreatedWithError(message, outputs.connectorId, outputs);
    await context.diagnose("warning", message);
}

async function adopt(context: LifecycleContext, inputs: ConnectorInputs, remote?: RemoteConnector): Promise<ConnectorOutputs> {
    const key = keyParts(inputs);
    const existing = remote ?? (await findConnector(context.api, key));
    if (!existing) {
        throw new UserError(
            `adopt is true, but the Patchworks account has no ${describeKey(key)} to take over; ` +
                `create it in the dashboard first, or remove adopt to let Pulumi create it`,
        );
    }
    if (existing.authType !== inputs.authType) {
        throw new UserError(
            `cannot adopt connector ${describeRemote(existing)}: it uses authType "${existing.authType}", ` +
                `not "${inputs.authType}"; declare authType: "${existing.authType}"`,
        );
    }
    context.ledger.noteAdopted(existing.id);
    // Only what the program declares changes; everything it leaves out stays as Patchworks has it.
    const patch = toPatch(
        inputs,
        diffConnector({ ...existing, companyGroup: inputs.companyGroup, adopt: inputs.adopt, credentialsChanged: [] }, inputs).patches,
    );
    const updated = Object.keys(patch).length > 0 ? await context.api.updateConnector(existing.id, patch) : existing;
    const outputs = toOutputs(inputs, updated);
    await verify(context, outputs, patch.credentials !== undefined);
    return outputs;
}

function mayExistAdvice(key: KeyParts, error: Error): string {
    return (
        `the create of the ${describeKey(key)} may have taken effect, but Patchworks did not confirm it: ${error.message}. ` +
        `Run \`pulumi preview\` (once the API answers, if it is down): if the connector was created it names it, and ` +
        `\`PATCHWORKS_ADOPT_MATCHING=true pulumi up\` takes it over; otherwise \`pulumi up\` creates it.`
    );
}

/** A replacement that could not be created: put back the connector deleted to make room for it. */
async function restoreOrThrow(context: LifecycleContext, key: KeyParts, failure: Error): Promise<never> {
    const deleted = context.ledger.takeDeleted(key);
    if (!deleted) throw failure;
    let restored: RemoteConnector;
    try {
        restored = await context.api.createConnector(toConnectorFields(deleted));
    } catch (error) {
        throw new UserError(
            `${failure.message}. The previous connector ${describeRemote({ id: deleted.connectorId, name: deleted.name ?? "" })} ` +
                `had been deleted to make room for it (an authType change keeps the key, and two connectors cannot share one), ` +
                `and putting it back failed too: ${(error as Error).message}. Run \`pulumi up\` again to create the connector as declared.`,
        );
    }
    throw new CreatedWithError(
        `${failure.message}. The previous connector was deleted to make room for it (an authType change keeps the key) ` +
            `and has been put back with its settings as ${describeRemote(restored)} (Patchworks gives it a new id); ` +
            `fix the cause above and run \`pulumi up\` again to replace it.`,
        restored.id,
        toOutputs(deleted, restored),
    );
}

export async function createConnector(context: LifecycleContext, inputs: ConnectorInputs): Promise<ConnectorOutputs> {
    const key = keyParts(inputs);
    if (inputs.adopt) return adopt(context, inputs);
    const planned = context.ledger.plannedAdoption(key);
    if (planned) return adopt(context, inputs, await context.api.getConnector(planned));

    const fields = toConnectorFields(inputs);
    let created: RemoteConnector;
    try {
        // A connector with this key that looks like what this request sent is its own effect; one with
        // another name, zone, format or credentials was made by someone else.
        created = await context.api.createConnector(fields, async () => {
            const found = await findConnector(context.api, key);
            return found && differencesFrom(found, inputs).length === 0 ? found : undefined;
        });
    } catch (error) {
        const apiError = error as ApiError;
        if (isConflict(error)) {
            // Taken since the preview looked: the same advice the preview would have given.
            const existing = await findConnector(context.api, key).catch(() => undefined);
            throw new UserError(
                existing
                    ? conflictAdvice(key, existing, inputs, context)
                    : `a ${describeKey(key)} already exists in the Patchworks account (${apiError.message}); ` +
                          `run \`pulumi preview\` to see which and what to do`,
            );
        }
        // A cancel can cut a POST short after Patchworks received it.
        if (apiError.uncertain || error instanceof RunCancelled) throw new UserError(mayExistAdvice(key, apiError));
        return restoreOrThrow(context, key, error as Error);
    }
    const outputs = toOutputs(inputs, created);
    await verify(context, outputs, Object.keys(fields.credentials).length > 0);
    return outputs;
}

/** Refresh: the connector as Patchworks has it; `undefined` when it is gone. */
export async function readConnector(api: ConnectorApi, id: string, state: ConnectorOutputs): Promise<ConnectorOutputs | undefined> {
    const remote = await unlessNotFound(api.getConnector(id));
    return remote && refreshedOutputs(state, remote);
}

export async function updateConnector(
    context: LifecycleContext,
    id: string,
    olds: ConnectorOutputs,
    news: ConnectorInputs,
): Promise<ConnectorOutputs> {
    const patch = toPatch(news, diffConnector(olds, news).patches);
    try {
        const remote = Object.keys(patch).length > 0 ? await context.api.updateConnector(id, patch) : await context.api.getConnector(id);
        const outputs = toOutputs({ ...news, credentials: news.credentials ?? olds.credentials }, remote);
        await verify(context, outputs, patch.credentials !== undefined);
        return outputs;
    } catch (error) {
        if (!isNotFound(error)) throw error;
        throw new UserError(
            `connector ${describeRemote({ id, name: olds.name ?? id })} no longer exists in Patchworks (deleted outside Pulumi); ` +
                `run \`pulumi refresh\` to drop it from the state, then \`pulumi up\` to create it again`,
        );
    }
}

export async function deleteConnector(context: LifecycleContext, id: string, state: ConnectorOutputs): Promise<void> {
    const described = describeRemote({ id, name: state.name ?? id });
    if (context.ledger.wasAdopted(id)) {
        // Whatever the program says, a connector that a resource of this run took over stays.
        await context.diagnose("info", `kept connector ${described}: another Connector of this stack adopted it in this run`);
        return;
    }
    try {
        await context.api.deleteConnector(id);
    } catch (error) {
        if (!isConflict(error)) throw error;
        const services = error.fieldErrors.services?.length ? `: ${error.fieldErrors.services.join(", ")}` : "";
        throw new UserError(
            `cannot delete connector ${described}: it is still used by services${services}. ` +
                `Remove it from those services first (delete or re-point the Service resources, or in the Patchworks dashboard), ` +
                `or keep the connector with the resource option retainOnDelete: true.`,
        );
    }
    context.ledger.noteDeleted({ ...state, connectorId: id });
}
