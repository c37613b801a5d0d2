// The Service's provider methods: each wires the process's runtime to the pure functions of this
// folder. The serialized adapter in ../dynamic calls these.
import { isUnknown } from "../engine-values";
import { messageOf } from "../errors";
import { runtime, userFacingCheck, type AccountCheck, type Runtime } from "../runtime";
import { diffService } from "./diff";
import {
    createService,
    deleteService,
    describeService,
    readService,
    serviceAccountVerdict,
    updateService,
    type ServiceLifecycleContext,
} from "./lifecycle";
import { serviceInputsOf, type ServiceOutputs } from "./mapping";
import { validateServiceInputs, type ServiceInputs } from "./validate";

function lifecycle(rt: Runtime): ServiceLifecycleContext {
    return { api: rt.api(), adopted: rt.adoptedServices, diagnose: rt.diagnose };
}

/** Whether check must look at the account: a reference whose connector is known, or an adoption. */
function needsAccount(olds: Record<string, unknown>, inputs: ServiceInputs): boolean {
    const isNew = olds.source === undefined;
    const references = [inputs.source?.connectorId, inputs.destination?.connectorId].some((id) => typeof id === "string" && !isUnknown(id));
    return isNew && (references || inputs.adopt === true);
}

const checkService: AccountCheck<ServiceInputs> = async (rt, olds, news) => {
    const { inputs, failures } = validateServiceInputs(news);
    if (failures.length > 0 || !needsAccount(olds, inputs)) return { inputs, failures };
    try {
        const connectors = await rt.connectors.get();
        const services = inputs.adopt === true ? await rt.services.get() : undefined;
        const verdict = serviceAccountVerdict(inputs, connectors, services);
        if (verdict.failure) failures.push(verdict.failure);
        if (verdict.adopting) {
            const { remote, changes } = verdict.adopting;
            const what = changes.length > 0 ? `changes ${changes.join(", ")}` : "changes nothing";
            await rt.diagnose("info", `adopting service ${describeService(remote)}: ${what}`);
        }
    } catch (error) {
        failures.push({
            property: "",
            reason: `cannot check the account for the service's connectors: ${rt.secrets.redact(messageOf(error))}`,
        });
    }
    return { inputs, failures };
};

export const check = userFacingCheck(checkService);

export async function diff(olds: ServiceOutputs, news: ServiceInputs) {
    const { changes, replaces, deleteBeforeReplace } = diffService(olds, news);
    return { changes, replaces, deleteBeforeReplace };
}

export function create(inputs: ServiceInputs): Promise<{ id: string; outs: ServiceOutputs }> {
    const rt = runtime();
    return rt.userFacing(async () => {
        const outs = await createService(lifecycle(rt), inputs);
        return { id: outs.serviceId, outs };
    });
}

export function read(id: string, props: ServiceOutputs): Promise<{ id: string; props?: ServiceOutputs; inputs?: ServiceInputs }> {
    const rt = runtime();
    return rt.userFacing(async () => {
        const outs = await readService(rt.api(), id, props);
        // An empty id tells the engine the service is gone, so refresh drops it from the state.
        return outs ? { id, props: outs, inputs: serviceInputsOf(outs) } : { id: "" };
    });
}

export function update(id: string, olds: ServiceOutputs, news: ServiceInputs): Promise<{ outs: ServiceOutputs }> {
    const rt = runtime();
    return rt.userFacing(async () => ({ outs: await updateService(rt.api(), id, olds, news) }));
}

export function remove(id: string, props: ServiceOutputs): Promise<void> {
    const rt = runtime();
    return rt.userFacing(() => deleteService(lifecycle(rt), id, props));
}
