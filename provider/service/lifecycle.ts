// Create, adopt, read, update and delete of one service against the API. Services have no unique
// key: adopt finds the one with the same connectors, source entity and name, and a create of
// unknown outcome is recognised only by a service identical to what it sent.
import { isDeepStrictEqual } from "node:util";
import type { PatchworksClient, RemoteConnector, RemoteService } from "../client";
import { isNotFound, unlessNotFound } from "../client";
import { describeKey, sameKey } from "../connector/key";
import type { Diagnose } from "../diagnostics";
import { isUnknown } from "../engine-values";
import { UserError } from "../errors";
import { diffService } from "./diff";
import { toServiceFields, toServiceOutputs, toServicePatch, type ServiceOutputs } from "./mapping";
import type { ServiceEndpoint, ServiceInputs } from "./validate";
import type { CheckFailure } from "../connector/validate";

export type ServiceApi = Pick<PatchworksClient, "listServices" | "getService" | "createService" | "updateService" | "deleteService">;

export interface ServiceLifecycleContext {
    api: ServiceApi;
    /** Services adopted in this run: another resource's delete of one of them is skipped. */
    adopted: Set<string>;
    diagnose: Diagnose;
}

export function describeService(service: Pick<RemoteService, "id" | "name">): string {
    return `${service.id} ("${service.name}")`;
}

/** The services adopt may take over: same source connector and entity, same destination connector, same name. */
export function adoptionCandidates(existing: readonly RemoteService[], inputs: ServiceInputs): RemoteService[] {
    return existing.filter(
        (s) =>
            s.source.connectorId === inputs.source.connectorId &&
            s.source.entity === inputs.source.entity &&
            s.destination.connectorId === inputs.destination.connectorId &&
            s.name === inputs.name,
    );
}

function adoptionProblem(candidates: readonly RemoteService[], inputs: ServiceInputs): string | undefined {
    if (candidates.length === 1) return undefined;
    const what =
        `service named "${inputs.name}" that moves ${inputs.source.entity} from connector ${inputs.source.connectorId} ` +
        `to connector ${inputs.destination.connectorId}`;
    if (candidates.length === 0) {
        return (
            `adopt is true, but the Patchworks account has no ${what}. Check the name and the connectors against the ` +
            `dashboard, or remove adopt to let Pulumi create the service.`
        );
    }
    return (
        `adopt is true, but the Patchworks account has ${candidates.length} of that ${what}: ${candidates.map(describeService).join(", ")}. ` +
        `Give each a name of its own in the dashboard, then declare the one to adopt by its name.`
    );
}

/** What adopting `remote` with these inputs changes, by top-level field. */
function serviceAdoptionChanges(remote: RemoteService, inputs: ServiceInputs): string[] {
    return diffService(toServiceOutputs(inputs, remote), inputs).updates.filter((field) => field !== "adopt");
}

export type ServiceAccountVerdict = { failure?: CheckFailure; adopting?: { remote: RemoteService; changes: string[] } };

function endpointKeyProblem(
    side: "source" | "destination",
    endpoint: ServiceEndpoint,
    connectors: readonly RemoteConnector[],
): CheckFailure | undefined {
    if (isUnknown(endpoint.connectorId)) return undefined;
    const actual = connectors.find((c) => c.id === endpoint.connectorId);
    if (!actual) return undefined;
    const declared = { system: endpoint.system, environment: endpoint.environment, companyGroup: endpoint.companyGroup };
    if (Object.values(declared).some(isUnknown) || sameKey(actual, declared)) return undefined;
    return {
        property: `${side}.connector`,
        reason:
            `connector ${actual.id} ("${actual.name}") is the ${describeKey(actual)}, not the ${describeKey(declared)} ` +
            `this ${side} declares; correct the reference (patchworks.getConnector returns it as it is)`,
    };
}

/**
 * What the account says about a service this run would create: a reference that misstates its
 * connector, and for adopt, the one service to take over.
 */
export function serviceAccountVerdict(
    inputs: ServiceInputs,
    connectors: readonly RemoteConnector[],
    services: readonly RemoteService[] | undefined,
): ServiceAccountVerdict {
    const failure =
        endpointKeyProblem("source", inputs.source, connectors) ?? endpointKeyProblem("destination", inputs.destination, connectors);
    if (failure) return { failure };
    if (inputs.adopt !== true || !services) return {};
    // Connectors adopted or created in the same run have no id until `up`; adopt decides then.
    if (isUnknown(inputs.source.connectorId) || isUnknown(inputs.destination.connectorId)) return {};
    const candidates = adoptionCandidates(services, inputs);
    const problem = adoptionProblem(candidates, inputs);
    if (problem) return { failure: { property: "adopt", reason: problem } };
    return { adopting: { remote: candidates[0], changes: serviceAdoptionChanges(candidates[0], inputs) } };
}

async function adopt(context: ServiceLifecycleContext, inputs: ServiceInputs): Promise<ServiceOutputs> {
    const candidates = adoptionCandidates(await context.api.listServices({ connectorId: inputs.source.connectorId }), inputs);
    const problem = adoptionProblem(candidates, inputs);
    if (problem) throw new UserError(problem);
    const [existing] = candidates;
    context.adopted.add(existing.id);
    const patch = toServicePatch(inputs, diffService(toServiceOutputs(inputs, existing), inputs).updatePaths);
    const remote = Object.keys(patch).length > 0 ? await context.api.updateService(existing.id, patch) : existing;
    return toServiceOutputs(inputs, remote);
}

/** Fields as the API would hold them after this create: what reconciling compares. */
function comparable(service: RemoteService | ReturnType<typeof toServiceFields>): unknown {
    const { name, type, active, source, destination, trigger, filters, mappings, alerts, notes } = service;
    return { name, type, active, source, destination, trigger, filters, mappings, alerts, notes };
}

export async function createService(context: ServiceLifecycleContext, inputs: ServiceInputs): Promise<ServiceOutputs> {
    if (inputs.adopt) return adopt(context, inputs);
    const fields = toServiceFields(inputs);
    try {
        const created = await context.api.createService(fields, async () => {
            // Services may legitimately repeat one another; only an identical one, the newest, counts.
            const found = (await context.api.listServices({ connectorId: fields.source.connectorId }))
                .filter((s) => isDeepStrictEqual(comparable(s), comparable(fields)))
                .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
            return found[0];
        });
        return toServiceOutputs(inputs, created);
    } catch (error) {
        if (!(error as { uncertain?: boolean }).uncertain) throw error;
        throw new UserError(
            `the create of service "${inputs.name}" may have taken effect, but Patchworks did not confirm it: ${(error as Error).message}. ` +
                `Once the API answers again, look for it in the dashboard (or GET /services?filter[connector]=${inputs.source.connectorId}): ` +
                `if it is there, declare it with adopt: true and run \`pulumi up\`; otherwise \`pulumi up\` creates it.`,
        );
    }
}

/** Refresh: the service as Patchworks has it; `undefined` when it is gone. */
export async function readService(api: ServiceApi, id: string, state: ServiceOutputs): Promise<ServiceOutputs | undefined> {
    const remote = await unlessNotFound(api.getService(id));
    return remote && toServiceOutputs(state, remote);
}

export async function updateService(api: ServiceApi, id: string, olds: ServiceOutputs, news: ServiceInputs): Promise<ServiceOutputs> {
    const patch = toServicePatch(news, diffService(olds, news).updatePaths);
    try {
        const remote = Object.keys(patch).length > 0 ? await api.updateService(id, patch) : await api.getService(id);
        return toServiceOutputs(news, remote);
    } catch (error) {
        if (!isNotFound(error)) throw error;
        throw new UserError(
            `service ${describeService({ id, name: olds.name })} no longer exists in Patchworks (deleted outside Pulumi); ` +
                `run \`pulumi refresh\` to drop it from the state, then \`pulumi up\` to create it again`,
        );
    }
}

export async function deleteService(context: ServiceLifecycleContext, id: string, state: ServiceOutputs): Promise<void> {
    if (context.adopted.has(id)) {
        await context.diagnose(
            "info",
            `kept service ${describeService({ id, name: state.name })}: another Service of this stack adopted it in this run`,
        );
        return;
    }
    await context.api.deleteService(id);
}
