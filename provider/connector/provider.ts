// The Connector's provider methods: each wires the process's runtime to the functions of this
// folder. The serialized adapter in ../dynamic calls these.
import { READABLE_BELOW } from "../client/redact";
import { findAuthType } from "../catalog";
import type { FabricGroup } from "../client/company-groups";
import { resolveCompanyGroup } from "../company-group/resolve";
import { isUnknown } from "../engine-values";
import { messageOf } from "../errors";
import { runtime, userFacingCheck, type AccountCheck, type Runtime } from "../runtime";
import { accountCatalog, isSecretKey } from "./account-catalog";
import { accountVerdict, describeRemote } from "./account";
import { diffConnector } from "./diff";
import { accountKeyString, describeKey, normaliseCompanyGroup, type AccountKey } from "./key";
import {
    createConnector,
    CreatedWithError,
    deleteConnector,
    keysLeftBehind,
    readConnector,
    updateConnector,
    type LifecycleContext,
} from "./lifecycle";
import { inputsOf, type ConnectorOutputs } from "./mapping";
import { validateConnectorInputs, type ConnectorInputs } from "./validate";

/** Where the dynamic-provider host keeps the serialized provider among a resource's properties. */
const PROVIDER_KEY = "__provider";

/**
 * Every credential value the engine hands over is one the process must never print: each secret
 * field whatever its length, and each other field (a store host, an account id) unless it is too
 * short to be anything but a number or a word ("mappings[1]" must not read "mappings[[redacted]]").
 */
function remember(rt: Runtime, ...sources: unknown[]): void {
    for (const source of sources) {
        const { credentials, system, authType } = (source ?? {}) as { credentials?: unknown; system?: unknown; authType?: unknown };
        if (typeof credentials !== "object" || credentials === null) continue;
        const view = typeof system === "string" ? accountCatalog()(system) : undefined;
        const auth = view && typeof authType === "string" ? findAuthType(view.entry, authType) : undefined;
        rt.secrets.add(
            Object.entries(credentials).flatMap(([key, value]) =>
                isSecretKey(auth, key) || typeof value !== "string" || value.length >= READABLE_BELOW ? [value] : [],
            ),
        );
    }
}

function lifecycle(rt: Runtime): LifecycleContext {
    return { account: rt.connectorAccount(), ledger: rt.connectorLedger, diagnose: rt.diagnose };
}

/**
 * The key a connector in the state holds. The engine hands check the old *inputs* (no
 * companyGroupId), so the group they declared is resolved against the account's groups; a group
 * that no longer resolves (renamed since by name) gives no key, and the account check runs as for a new key.
 */
function stateKey(olds: Record<string, unknown>, groups: readonly FabricGroup[]): AccountKey | undefined {
    const { system, environment, companyGroupId, companyGroup } = olds;
    if (typeof system !== "string" || typeof environment !== "string") return undefined;
    const entry = accountCatalog()(system)?.entry;
    if (!entry) return undefined;
    if (typeof companyGroupId === "string") return { factoryName: entry.factoryName, environment, groupId: companyGroupId };
    if (companyGroup !== undefined && typeof companyGroup !== "string") return undefined;
    const resolved = resolveCompanyGroup(groups, companyGroup);
    return resolved.kind === "found" ? { factoryName: entry.factoryName, environment, groupId: resolved.group.id } : undefined;
}

const checkConnector: AccountCheck<ConnectorInputs> = async (rt, olds, news) => {
    remember(rt, olds, news);
    const systems = await rt.systems.get().catch(() => undefined);
    const lookup = accountCatalog(systems);
    const { inputs, failures, warnings } = validateConnectorInputs(news, olds, {
        lookup,
        catalogValidation: rt.settings.catalogValidation,
    });
    for (const warning of warnings) await rt.diagnose("warning", warning);
    const view = typeof inputs.system === "string" && !isUnknown(inputs.system) ? lookup(inputs.system) : undefined;
    if (failures.length > 0 || !view || isUnknown(inputs.environment) || isUnknown(inputs.companyGroup)) return { inputs, failures };
    if (systems && !view.fabric) {
        failures.push({
            property: "system",
            reason: `the Patchworks account does not offer ${view.entry.label} (Fabric system "${view.entry.factoryName}"); ask Patchworks to enable it, or run \`pulumi-patchworks doctor\``,
        });
        return { inputs, failures };
    }
    let groups: Awaited<ReturnType<Runtime["companyGroups"]["get"]>>;
    try {
        groups = await rt.companyGroups.get();
    } catch (error) {
        failures.push({
            property: "companyGroup",
            reason: `cannot read the account's company groups to check companyGroup: ${messageOf(error)}`,
        });
        return { inputs, failures };
    }
    const group = resolveCompanyGroup(groups, inputs.companyGroup);
    if (group.kind === "problem") {
        // A group this run creates holds no connector yet: nothing in the account to check against.
        const planned = typeof inputs.companyGroup === "string" && rt.plannedGroups.has(inputs.companyGroup.trim().toLowerCase());
        if (!planned) failures.push({ property: "companyGroup", reason: group.reason });
        return { inputs, failures };
    }
    const after: AccountKey = {
        factoryName: view.fabric?.factoryName ?? view.entry.factoryName,
        environment: inputs.environment,
        groupId: group.group.id,
    };
    const described = describeKey({ system: inputs.system, environment: inputs.environment, companyGroup: group.group.username });
    const before = stateKey(olds, groups);
    if (before) rt.connectorLedger.noteKeys(before, after);
    if (before && accountKeyString(before) === accountKeyString(after)) {
        const behind = keysLeftBehind(olds as unknown as ConnectorOutputs, inputs, view);
        if (behind.length > 0) {
            await rt.diagnose(
                "info",
                `connector ${describeRemote({ id: String(olds.connectorId), name: String(olds.name ?? "") })}: the authType change to "${inputs.authType}" ` +
                    `leaves the stored credential keys ${behind.join(", ")} in Patchworks (it merges credentials and cannot remove a key)`,
            );
        }
        return { inputs, failures };
    }
    if (isUnknown(inputs.adopt)) return { inputs, failures };
    let connectors: Awaited<ReturnType<Runtime["connectors"]["get"]>>;
    try {
        connectors = await rt.connectors.get();
    } catch (error) {
        failures.push({ property: "", reason: `cannot check the account for existing connectors: ${messageOf(error)}` });
        return { inputs, failures };
    }
    const authType = findAuthType(view.entry, inputs.authType);
    const verdict = accountVerdict(connectors, inputs, after, described, {
        ledger: rt.connectorLedger,
        adoptMatching: rt.settings.adoptMatching,
        system: view.entry,
        authType,
    });
    if (verdict.kind === "failure") failures.push(verdict.failure);
    if (verdict.kind === "adopt") {
        const what = verdict.changes.length > 0 ? `changes ${verdict.changes.join("; ")}` : "changes nothing";
        await rt.diagnose("info", `adopting connector ${describeRemote(verdict.remote)}, the ${described}: ${what}`);
    }
    if (verdict.kind === "adopt-matching") {
        rt.connectorLedger.planMatchingAdoption(after, verdict.remote.id);
        await rt.diagnose(
            "info",
            `adopting connector ${describeRemote(verdict.remote)}, the ${described}: it matches its declaration exactly (patchworks:adoptMatching)`,
        );
    }
    return { inputs, failures };
};

export const check = userFacingCheck(checkConnector);

/** Whether a companyGroup spelled differently still names the connector's group (a renamed group replaces nothing). */
async function sameGroup(rt: Runtime, olds: ConnectorOutputs, news: ConnectorInputs): Promise<boolean | undefined> {
    if (normaliseCompanyGroup(olds.companyGroup) === normaliseCompanyGroup(news.companyGroup)) return undefined;
    if (isUnknown(news.companyGroup) || typeof olds.companyGroupId !== "string") return undefined;
    try {
        const resolved = resolveCompanyGroup(await rt.companyGroups.get(), news.companyGroup);
        return resolved.kind === "found" && resolved.group.id === olds.companyGroupId;
    } catch {
        return undefined;
    }
}

export async function diff(olds: ConnectorOutputs, news: ConnectorInputs) {
    const rt = runtime();
    const { changes, replaces, deleteBeforeReplace } = diffConnector(olds, news, { sameGroup: await sameGroup(rt, olds, news) });
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
        const outs = await readConnector(lifecycle(rt), id, props);
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
