// Create, read, update and delete of one connector against Fabric, over the process's account
// snapshots and one run's ledger. Every failure a user sees says what happened to the connector
// and what to run next.
import { findAuthType, type AuthType } from "../catalog";
import type { FabricGroup } from "../client/company-groups";
import {
    createConnector as postConnector,
    deleteConnector as sendDelete,
    updateConnector as putConnector,
    type CreateAnswer,
    type FabricClient,
    type FabricConnector,
} from "../client/connectors";
import { ApiError, isCredentialCheckFailure, isNotFound } from "../client/errors";
import type { FabricSystem } from "../client/systems";
import type { Diagnose } from "../diagnostics";
import { RunCancelled, UserError } from "../errors";
import { resolveCompanyGroup } from "../company-group/resolve";
import { accountCatalog, type SystemView } from "./account-catalog";
import { conflictAdvice, describeRemote, judgeCreateAnswer, overwriteMessage, twoDeclareOneKey, unsureReuseMessage } from "./account";
import { diffConnector } from "./diff";
import { describeServices, type ServiceUse, servicesUsing } from "./in-use";
import { describeKey, holdsKey, type AccountKey } from "./key";
import type { RunLedger } from "./ledger";
import { credentialsToCreate, refreshCredentials, refreshedOutputs, toOutputs, updatePlan, type ConnectorOutputs } from "./mapping";
import type { ConnectorInputs } from "./validate";

/** What the lifecycle reads of the account: the process's snapshots, and the client for writes. */
export interface ConnectorAccount {
    client: FabricClient;
    /** Every connector of the company, as this process last read it. */
    connectors(): Promise<FabricConnector[]>;
    /** Reads the connectors again, after a write whose outcome is to be seen. */
    rereadConnectors(): Promise<FabricConnector[]>;
    /**
     * The connectors of one company group (its id) as a read made for this create finds them, shared
     * with the creates that ask while it waits its turn: the systems Fabric's duplicate check misses
     * are looked at right before their POST, without one read per connector.
     */
    groupConnectorsBeforeCreate(groupId: string): Promise<FabricConnector[]>;
    /**
     * The account's services, read once per process and amended by its own service creates and
     * deletes: a destroy of N connectors asks which services use them with one read, not N.
     */
    services(): Promise<ServiceUse[]>;
    groups(): Promise<FabricGroup[]>;
    /** The account's systems; undefined when they cannot be read (the bundled catalog serves alone). */
    systems(): Promise<FabricSystem[] | undefined>;
    /** Keeps the snapshot as this process left the account: a write's answer, or a delete. */
    noteWritten(connector: FabricConnector): void;
    noteDeleted(connectorId: string): void;
}

export interface LifecycleContext {
    account: ConnectorAccount;
    ledger: RunLedger;
    diagnose: Diagnose;
}

/**
 * A step that failed after Fabric made the connector: the engine keeps `id` and `properties` and
 * reports the message (ErrorResourceInitFailed).
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

interface Resolved {
    view: SystemView;
    authType: AuthType;
    fabric: FabricSystem;
    group: FabricGroup;
    key: AccountKey;
    described: string;
}

/** The system, auth type and group a connector's inputs name, as this account has them. */
async function resolve(context: LifecycleContext, inputs: ConnectorInputs): Promise<Resolved> {
    const [systems, groups] = await Promise.all([context.account.systems(), context.account.groups()]);
    const view = accountCatalog(systems)(inputs.system);
    if (!view) throw new UserError(`unknown system "${inputs.system}"; see patchworks.systems for the valid ids`);
    const authType = findAuthType(view.entry, inputs.authType);
    if (!authType) throw new UserError(`"${inputs.authType}" is not an authentication type of ${view.entry.label}`);
    if (!view.fabric) {
        throw new UserError(
            `the Patchworks account does not offer ${view.entry.label} (Fabric system "${view.entry.factoryName}") among its systems, ` +
                `so no connector of it can be made; ask Patchworks to enable it, or run \`pulumi-patchworks doctor\` to compare the catalog`,
        );
    }
    const group = resolveCompanyGroup(groups, inputs.companyGroup);
    if (group.kind === "problem") throw new UserError(group.reason);
    const key = { factoryName: view.fabric.factoryName, environment: inputs.environment, groupId: group.group.id };
    const described = describeKey({ system: inputs.system, environment: inputs.environment, companyGroup: group.group.username });
    return { view, authType, fabric: view.fabric, group: group.group, key, described };
}

function credentialCheckMessage(inputs: ConnectorInputs, label: string, action: string, error: ApiError): string {
    return (
        `${action} connector "${inputs.name ?? inputs.system}" (${label}) failed: its credentials did not pass Patchworks' check ` +
        `with ${label}, or Patchworks failed (${error.message}). Check the credentials (and that ${label} is reachable) and run \`pulumi up\` again.`
    );
}

function mayExistAdvice(described: string, error: Error): string {
    return (
        `the create of the ${described} may have taken effect, but Patchworks did not confirm it: ${error.message}. ` +
        `Run \`pulumi preview\` (once the API answers, if it is down): if the connector was created it names it, and ` +
        `\`PATCHWORKS_ADOPT_MATCHING=true pulumi up\` takes it over; otherwise \`pulumi up\` creates it.`
    );
}

async function adopt(
    context: LifecycleContext,
    inputs: ConnectorInputs,
    resolved: Resolved,
    remote?: FabricConnector,
): Promise<ConnectorOutputs> {
    const existing = remote ?? (await context.account.connectors()).find((c) => holdsKey(c, resolved.key));
    if (!existing) {
        throw new UserError(
            `adopt is true, but the Patchworks account has no ${resolved.described} to take over; ` +
                `create or authorise it in the dashboard first, or remove adopt to let Pulumi create it`,
        );
    }
    context.ledger.noteAdopted(existing.id);
    const remoteAuth = findAuthType(resolved.view.entry, existing.authType);
    const { credentials } = refreshCredentials(resolved.view.entry, remoteAuth, undefined, existing);
    // Only what the program declares changes; everything it leaves out stays as Patchworks has it.
    const olds = toOutputs({ ...inputs, credentialsChanged: [] }, existing, credentials);
    return update(context, existing.id, olds, inputs, resolved, existing);
}

export async function createConnector(context: LifecycleContext, inputs: ConnectorInputs): Promise<ConnectorOutputs> {
    const resolved = await resolve(context, inputs);
    const { key, described, view } = resolved;
    if (inputs.adopt) return adopt(context, inputs, resolved);
    const planned = context.ledger.plannedAdoption(key);
    if (planned) {
        const remote = (await context.account.connectors()).find((c) => c.id === planned);
        return adopt(context, inputs, resolved, remote);
    }
    // Never POST for a key a connector holds: for the systems Fabric's check misses, it would overwrite it.
    // Holders of the key, and the group's rows judgeCreateAnswer compares the answer with, are all of this group.
    const live = view.entry.duplicateCheckMissed
        ? await context.account.groupConnectorsBeforeCreate(resolved.group.id)
        : (await context.account.connectors()).filter((c) => c.group.id === resolved.group.id);
    const holder = live.find((c) => holdsKey(c, key));
    if (holder) throw new UserError(conflictAdvice(key, described, holder, inputs, { ledger: context.ledger, ...resolved }));
    const first = context.ledger.claimCreation(key, inputs.name ?? "");
    if (first !== undefined) throw new UserError(twoDeclareOneKey(first, described));

    let answer: CreateAnswer;
    // What a look after a POST of unknown outcome found: the failure path need not read again.
    let readAfter: FabricConnector[] | undefined;
    const newlyHolding = (connectors: readonly FabricConnector[]) =>
        connectors.find((c) => holdsKey(c, key) && !live.some((l) => l.id === c.id));
    try {
        answer = await postConnector(
            context.account.client,
            {
                name: inputs.name ?? "",
                environment: inputs.environment,
                timezone: inputs.timezone ?? view.defaultTimezone,
                dateFormat: inputs.dateFormat ?? view.defaultDateFormat,
                authType: resolved.authType.id,
                systemId: resolved.fabric.id,
                groupId: resolved.group.id,
                credentials: credentialsToCreate(resolved.authType, inputs.credentials),
            },
            async () => {
                // A connector of this key, new since the read and named as declared, is this POST's own effect.
                readAfter = await context.account.rereadConnectors();
                const made = newlyHolding(readAfter);
                return made && made.name === inputs.name ? { connector: made, reusedRow: false } : undefined;
            },
        );
    } catch (error) {
        context.ledger.releaseCreation(key);
        if (error instanceof ApiError && isCredentialCheckFailure(error)) {
            // Not retried: look once whether Fabric saved anything despite the failure.
            const after = readAfter ?? (await context.account.rereadConnectors().catch(() => undefined));
            const made = after && newlyHolding(after);
            const message = credentialCheckMessage(inputs, view.entry.label, "creating", error);
            if (!made) throw new UserError(`${message} Nothing was created.`);
            throw new CreatedWithError(
                `${message} Patchworks holds ${describeRemote(made)} nevertheless; it is kept in the stack.`,
                made.id,
                toOutputs(inputs, made, inputs.credentials),
            );
        }
        if (error instanceof ApiError && error.fieldErrors.environment?.length) {
            // Fabric's own duplicate check fired: a connector took the key since this run read the account.
            const taken = (await context.account.rereadConnectors().catch(() => [])).find((c) => holdsKey(c, key));
            if (taken) throw new UserError(conflictAdvice(key, described, taken, inputs, { ledger: context.ledger, ...resolved }));
        }
        // A cancel or a lost connection can cut a POST short after Patchworks received it.
        if ((error instanceof ApiError && error.uncertain) || error instanceof RunCancelled) {
            throw new UserError(mayExistAdvice(described, error as Error));
        }
        throw error;
    }
    const verdict = judgeCreateAnswer(answer, live, view.entry.duplicateCheckMissed);
    if (verdict.kind === "overwrote") throw new UserError(overwriteMessage(verdict.previous, described, view.entry.label));
    context.account.noteWritten(answer.connector);
    if (verdict.kind === "unsure") await context.diagnose("warning", unsureReuseMessage(answer.connector.id, described, view.entry.label));
    if (verdict.kind === "revived") {
        await context.diagnose("info", `Patchworks revived its deleted ${described} as ${answer.connector.id}, with the declared settings`);
    }
    return toOutputs(inputs, answer.connector, inputs.credentials);
}

/** Refresh: the connector as Patchworks has it, from the process's one list; `undefined` when it is gone. */
export async function readConnector(context: LifecycleContext, id: string, state: ConnectorOutputs): Promise<ConnectorOutputs | undefined> {
    const remote = (await context.account.connectors()).find((c) => c.id === id);
    if (!remote) return undefined;
    const view = accountCatalog(await context.account.systems())(state.system);
    const authType = view && findAuthType(view.entry, remote.authType);
    return refreshedOutputs(state, remote, view?.entry, authType);
}

async function update(
    context: LifecycleContext,
    id: string,
    olds: ConnectorOutputs,
    news: ConnectorInputs,
    resolved: Resolved,
    current?: FabricConnector,
): Promise<ConnectorOutputs> {
    const { patches } = diffConnector(olds, news);
    const plan = updatePlan(resolved.view.entry, resolved.authType, olds, news, patches);
    if (plan.missingResend.length > 0) {
        throw new UserError(
            `updating connector ${describeRemote({ id, name: olds.name ?? id })}: Patchworks' update of ${resolved.view.entry.label} needs ` +
                `${plan.missingResend.map((k) => `credentials.${k}`).join(", ")} again, and the stack does not hold ${plan.missingResend.length > 1 ? "them" : "it"}; declare ${plan.missingResend.length > 1 ? "them" : "it"} and run \`pulumi up\` again`,
        );
    }
    const credentials = news.credentials ?? olds.credentials;
    if (patches.length === 0) {
        const remote = current ?? (await context.account.connectors()).find((c) => c.id === id);
        if (remote) return toOutputs(news, remote, credentials);
        return { ...olds, ...news, credentials } as ConnectorOutputs;
    }
    try {
        const remote = await putConnector(context.account.client, id, plan.update);
        context.account.noteWritten(remote);
        return toOutputs(news, remote, credentials);
    } catch (error) {
        if (isNotFound(error)) {
            throw new UserError(
                `connector ${describeRemote({ id, name: olds.name ?? id })} no longer exists in Patchworks (deleted outside Pulumi); ` +
                    `run \`pulumi refresh\` to drop it from the state, then \`pulumi up\` to create it again`,
            );
        }
        if (error instanceof ApiError && isCredentialCheckFailure(error)) {
            throw new UserError(
                `${credentialCheckMessage(news, resolved.view.entry.label, "updating", error)} The connector is unchanged.`,
            );
        }
        throw error;
    }
}

export async function updateConnector(
    context: LifecycleContext,
    id: string,
    olds: ConnectorOutputs,
    news: ConnectorInputs,
): Promise<ConnectorOutputs> {
    return update(context, id, olds, news, await resolve(context, news));
}

/** The stored keys an auth type change leaves behind (Fabric merges credentials and cannot remove a key), for the preview. */
export function keysLeftBehind(olds: ConnectorOutputs, news: ConnectorInputs, view: SystemView | undefined): string[] {
    const authType = view && findAuthType(view.entry, news.authType);
    if (!view || !authType || olds.authType === news.authType) return [];
    return updatePlan(view.entry, authType, olds, news, ["authType"]).staysBehind;
}

const DELETE_NEEDS_ADMIN =
    "deleting a connector needs a client-admin user in Patchworks: sign in as one, or keep the connector with retainOnDelete: true";

export async function deleteConnector(context: LifecycleContext, id: string, state: ConnectorOutputs): Promise<void> {
    const described = describeRemote({ id, name: state.name ?? id });
    if (context.ledger.wasAdopted(id)) {
        // Whatever the program says, a connector that a resource of this run took over stays.
        await context.diagnose("info", `kept connector ${described}: another Connector of this stack adopted it in this run`);
        return;
    }
    const view = accountCatalog()(state.system);
    const username = id.slice(0, id.indexOf("|"));
    if (view && username) {
        const using = servicesUsing(await context.account.services(), {
            username,
            factoryName: view.entry.factoryName,
            environment: state.environment,
        });
        if (using.length > 0) {
            throw new UserError(
                `cannot delete connector ${described}: services of its company group use it: ${describeServices(using)}. ` +
                    `Delete or change those services first (in this stack, the dashboard or the stack that manages them), ` +
                    `or keep the connector with the resource option retainOnDelete: true.`,
            );
        }
    }
    let outcome: Awaited<ReturnType<typeof sendDelete>>;
    try {
        outcome = await sendDelete(context.account.client, id);
    } catch (error) {
        if (error instanceof ApiError && error.status === 403)
            throw new UserError(`cannot delete connector ${described}: ${DELETE_NEEDS_ADMIN}`);
        throw error;
    }
    if (outcome.kind === "failed") {
        throw new UserError(
            `Patchworks answered that the delete of connector ${described} failed ("${outcome.message}"); it still exists. Run \`pulumi destroy\` (or \`pulumi up\`) again.`,
        );
    }
    context.account.noteDeleted(id);
}
