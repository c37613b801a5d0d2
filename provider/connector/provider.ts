// The Connector's provider methods: each wires the process's runtime to the pure functions of this
// folder. The serialized adapter in ../dynamic calls these.
import { messageOf } from "../errors";
import { runtime, userFacingCheck, type AccountCheck, type Runtime } from "../runtime";
import { accountVerdict, companyGroupProblem, describeRemote, keyOf } from "./account";
import { diffConnector } from "./diff";
import { describeKey, normaliseCompanyGroup, sameKey } from "./key";
import { createConnector, CreatedWithError, deleteConnector, readConnector, updateConnector, type LifecycleContext } from "./lifecycle";
import { inputsOf, isSecretCredential, type ConnectorOutputs } from "./mapping";
import { validateConnectorInputs, type ConnectorInputs } from "./validate";

/** Where the dynamic-provider host keeps the serialized provider among a resource's properties. */
const PROVIDER_KEY = "__provider";

/** A non-secret credential value this short names nothing (a port, a deploy id "1"): masking it would garble messages. */
const READABLE_BELOW = 6;

/**
 * Every credential value the engine hands over is one the process must never print: each secret
 * field whatever its length, and each other field (a store host, an account id) unless it is too
 * short to be anything but a number or a word ("mappings[1]" must not read "mappings[[redacted]]").
 */
function remember(rt: Runtime, ...sources: unknown[]): void {
    for (const source of sources) {
        const { credentials, system, authType } = (source ?? {}) as { credentials?: unknown; system?: unknown; authType?: unknown };
        if (typeof credentials !== "object" || credentials === null) continue;
        const secret = (key: string) =>
            typeof system !== "string" || typeof authType !== "string" || isSecretCredential(system, authType, key);
        rt.secrets.add(
            Object.entries(credentials).flatMap(([key, value]) =>
                secret(key) || typeof value !== "string" || value.length >= READABLE_BELOW ? [value] : [],
            ),
        );
    }
}

function lifecycle(rt: Runtime): LifecycleContext {
    return { api: rt.api(), ledger: rt.connectorLedger, diagnose: rt.diagnose, verifyCredentials: rt.settings.verifyCredentials };
}

const checkConnector: AccountCheck<ConnectorInputs> = async (rt, olds, news) => {
    remember(rt, olds, news);
    // A new connector, or one whose key changes, must not collide with one the account already has.
    const { inputs, failures } = validateConnectorInputs(news, olds);
    const before = keyOf(olds);
    const after = keyOf(inputs);
    if (before && after) rt.connectorLedger.noteKeys(before, after);
    const keyChanges = !before || !after || !sameKey(before, after);
    if (failures.length > 0 || !after || !keyChanges) return { inputs, failures };
    const needsGroups = normaliseCompanyGroup(after.companyGroup) !== null;
    const [connectors, groups] = await Promise.allSettled([
        rt.connectors.get(),
        needsGroups ? rt.companyGroups.get() : Promise.resolve([]),
    ]);
    if (connectors.status === "rejected") {
        failures.push({ property: "", reason: `cannot check the account for existing connectors: ${messageOf(connectors.reason)}` });
        return { inputs, failures };
    }
    if (groups.status === "rejected") {
        failures.push({
            property: "companyGroup",
            reason: `cannot read the company groups of the account's profile to check companyGroup: ${messageOf(groups.reason)}`,
        });
        return { inputs, failures };
    }
    const groupProblem = needsGroups ? companyGroupProblem(groups.value, inputs.companyGroup) : undefined;
    if (groupProblem) {
        failures.push(groupProblem);
        return { inputs, failures };
    }
    const existing = connectors.value;
    const verdict = accountVerdict(existing, inputs, { ledger: rt.connectorLedger, adoptMatching: rt.settings.adoptMatching });
    if (verdict.kind === "failure") failures.push(verdict.failure);
    if (verdict.kind === "adopt") {
        const what = verdict.changes.length > 0 ? `changes ${verdict.changes.join("; ")}` : "changes nothing";
        await rt.diagnose("info", `adopting connector ${describeRemote(verdict.remote)}, the ${describeKey(after)}: ${what}`);
    }
    if (verdict.kind === "adopt-matching") {
        rt.connectorLedger.planMatchingAdoption(after, verdict.remote.id);
        await rt.diagnose(
            "info",
            `adopting connector ${describeRemote(verdict.remote)}, the ${describeKey(after)}: it matches its declaration exactly (patchworks:adoptMatching)`,
        );
    }
    return { inputs, failures };
};

export const check = userFacingCheck(checkConnector);

export async function diff(olds: ConnectorOutputs, news: ConnectorInputs) {
    const { changes, replaces, deleteBeforeReplace } = diffConnector(olds, news);
    const key = keyOf(news);
    // The engine checks the replacement next, with no olds: it must know this connector is its own.
    if (deleteBeforeReplace && key && typeof olds.connectorId === "string") runtime().connectorLedger.noteReplacing(key, olds.connectorId);
    return { changes, replaces, deleteBeforeReplace };
}

/**
 * A connector that exists although its step failed is recorded with the serialized provider, as a
 * successful step's outputs are, so later steps (a delete) can load it.
 */
async function keepingProvider<T>(inputs: object, operation: () => Promise<T>): Promise<T> {
    try {
        return await operation();
    } catch (error) {
        if (error instanceof CreatedWithError)
            Object.assign(error.properties, { [PROVIDER_KEY]: (inputs as Record<string, unknown>)[PROVIDER_KEY] });
        throw error;
    }
}

export function create(inputs: ConnectorInputs): Promise<{ id: string; outs: ConnectorOutputs }> {
    const rt = runtime();
    remember(rt, inputs);
    return rt.userFacing(() =>
        keepingProvider(inputs, async () => {
            const outs = await createConnector(lifecycle(rt), inputs);
            return { id: outs.connectorId, outs };
        }),
    );
}

export function read(id: string, props: ConnectorOutputs): Promise<{ id: string; props?: ConnectorOutputs; inputs?: ConnectorInputs }> {
    const rt = runtime();
    remember(rt, props);
    return rt.userFacing(async () => {
        const outs = await readConnector(rt.api(), id, props);
        // An empty id tells the engine the connector is gone, so refresh drops it from the state.
        return outs ? { id, props: outs, inputs: inputsOf(outs) } : { id: "" };
    });
}

export function update(id: string, olds: ConnectorOutputs, news: ConnectorInputs): Promise<{ outs: ConnectorOutputs }> {
    const rt = runtime();
    remember(rt, olds, news);
    return rt.userFacing(() => keepingProvider(news, async () => ({ outs: await updateConnector(lifecycle(rt), id, olds, news) })));
}

export function remove(id: string, props: ConnectorOutputs): Promise<void> {
    const rt = runtime();
    remember(rt, props);
    return rt.userFacing(() => deleteConnector(lifecycle(rt), id, props));
}
