// The Service's provider methods: each wires the process's runtime to the modules of this folder.
// The serialized adapter in ../dynamic calls these.
import { runtime, userFacingCheck, type AccountCheck, type Runtime } from "../runtime";
import { serviceAccount, type ServiceAccount } from "./account";
import { catalogValidationOf, checkAgainstAccount, type CheckOlds } from "./account-check";
import { diffService } from "./diff";
import { createService, deleteService, readService, updateService, type ServiceContext } from "./lifecycle";
import { serviceInputsOf } from "./outputs";
import type { ServiceInputs, ServiceOutputs } from "./types";
import { validateServiceInputs } from "./validate";

/** The account of the process's client; undefined when no sign-in is configured (the bundled catalog answers alone). */
function accountOf(rt: Runtime): ServiceAccount | undefined {
    try {
        return serviceAccount(rt.api());
    } catch {
        return undefined;
    }
}

function context(rt: Runtime): ServiceContext {
    const client = rt.api();
    return { client, account: serviceAccount(client), diagnose: rt.diagnose };
}

const checkService: AccountCheck<ServiceInputs> = async (rt, olds, news) => {
    const { inputs, failures } = validateServiceInputs(news);
    if (failures.length > 0) return { inputs, failures };
    // Pulumi passes the old inputs (no serviceId); they are empty for a new service and for a replacement.
    const state: CheckOlds = {
        existing: Object.keys(olds).length > 0,
        serviceId: olds.serviceId as string | undefined,
        name: olds.name as string | undefined,
        active: olds.active as boolean | undefined,
    };
    const account = accountOf(rt);
    await checkAgainstAccount(
        {
            account,
            diagnose: rt.diagnose,
            catalogValidation: catalogValidationOf(rt.settings),
            companyGroups: account && (() => rt.companyGroups.get()),
        },
        inputs,
        state,
        failures,
    );
    return { inputs, failures };
};

export const check = userFacingCheck(checkService);

export async function diff(olds: ServiceOutputs, news: ServiceInputs) {
    const { changes, replaces, deleteBeforeReplace } = diffService(olds, news);
    // The replacement of an active service waits for the old one's delete before it runs (./activation).
    if (replaces.length > 0 && olds.active && news.active) accountOf(runtime())?.activations.noteReplacement(olds.serviceId, news);
    return { changes, replaces, deleteBeforeReplace };
}

export function create(inputs: ServiceInputs): Promise<{ id: string; outs: ServiceOutputs }> {
    const rt = runtime();
    return rt.userFacing(async () => {
        const outs = await createService(context(rt), inputs);
        return { id: outs.serviceId, outs };
    });
}

export function read(id: string, props: ServiceOutputs): Promise<{ id: string; props?: ServiceOutputs; inputs?: ServiceInputs }> {
    const rt = runtime();
    return rt.userFacing(async () => {
        const outs = await readService(context(rt), id, props);
        // An empty id tells the engine the service is gone, so refresh drops it from the state.
        return outs ? { id, props: outs, inputs: serviceInputsOf(outs) } : { id: "" };
    });
}

export function update(id: string, olds: ServiceOutputs, news: ServiceInputs): Promise<{ outs: ServiceOutputs }> {
    const rt = runtime();
    return rt.userFacing(async () => ({ outs: await updateService(context(rt), id, olds, news) }));
}

export function remove(id: string, props: ServiceOutputs): Promise<void> {
    const rt = runtime();
    return rt.userFacing(() => deleteService(context(rt), id, props));
}
