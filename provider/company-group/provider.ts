// The CompanyGroup's provider methods: the process's runtime wired to this folder's functions.
import { isUnknown } from "../engine-values";
import { messageOf } from "../errors";
import { runtime, userFacingCheck, type AccountCheck, type Runtime } from "../runtime";
import { createGroup, deleteGroup, readGroup, updateGroup, type GroupContext } from "./lifecycle";
import {
    COMPANY_GROUP_OUTPUT_ONLY,
    diffCompanyGroup,
    usernameChangeProblem,
    validateCompanyGroupInputs,
    type CompanyGroupInputs,
    type CompanyGroupOutputs,
} from "./validate";

function context(rt: Runtime): GroupContext {
    return { account: rt.groupAccount(), diagnose: rt.diagnose };
}

const checkGroup: AccountCheck<CompanyGroupInputs> = async (rt, olds, news) => {
    // The engine hands check the old inputs (no companyGroupId): any old input means the group is in the state.
    const inState = typeof olds.companyGroupId === "string" || typeof olds.name === "string";
    // A username left out is derived from the name only when the group is made; after that it stays what it was.
    const keptUsername = inState && (news.username === undefined || news.username === null) ? { username: olds.username } : {};
    const { inputs, failures } = validateCompanyGroupInputs({ ...news, ...keptUsername });
    const usernameChange = usernameChangeProblem(olds, inputs);
    if (usernameChange) failures.push(usernameChange);
    // A group already in the state keeps its row; only a new one can collide with the account's.
    if (failures.length > 0 || inState || isUnknown(inputs.adopt)) return { inputs, failures };
    if (isUnknown(inputs.name) || isUnknown(inputs.username)) return { inputs, failures };
    let groups: Awaited<ReturnType<Runtime["companyGroups"]["get"]>>;
    try {
        groups = await rt.companyGroups.get();
    } catch (error) {
        failures.push({ property: "", reason: `cannot read the account's company groups: ${messageOf(error)}` });
        return { inputs, failures };
    }
    const sameName = groups.find((g) => g.name.toLowerCase() === inputs.name.toLowerCase());
    if (inputs.adopt) {
        if (!sameName)
            failures.push({
                property: "adopt",
                reason: `adopt is true, but the Patchworks account has no company group named "${inputs.name}"; remove adopt to create it`,
            });
        else if (sameName.username !== inputs.username) {
            failures.push({
                property: "username",
                reason: `the group "${sameName.name}" has username "${sameName.username}"; declare username: "${sameName.username}" to adopt it`,
            });
        }
        return { inputs, failures };
    }
    if (sameName) {
        failures.push({
            property: "name",
            reason: `the Patchworks account already has company group ${sameName.id} ("${sameName.name}"), and names are unique; set adopt: true to take it over, or choose another name`,
        });
    }
    const sameUsername = groups.find((g) => g.username === inputs.username && g !== sameName);
    if (sameUsername) {
        failures.push({
            property: "username",
            reason: `username "${inputs.username}" is taken by company group ${sameUsername.id} ("${sameUsername.name}"); set another username`,
        });
    }
    if (failures.length === 0) for (const key of [inputs.username, inputs.name]) rt.plannedGroups.add(key.trim().toLowerCase());
    return { inputs, failures };
};

export const check = userFacingCheck(checkGroup);

export async function diff(olds: CompanyGroupOutputs, news: CompanyGroupInputs) {
    const { changes, replaces } = diffCompanyGroup(olds, news);
    return { changes, replaces, deleteBeforeReplace: false };
}

export function create(inputs: CompanyGroupInputs): Promise<{ id: string; outs: CompanyGroupOutputs }> {
    const rt = runtime();
    return rt.userFacing(async () => {
        const outs = await createGroup(context(rt), inputs);
        return { id: outs.companyGroupId, outs };
    });
}

export function read(id: string, props: CompanyGroupOutputs) {
    const rt = runtime();
    return rt.userFacing(async () => {
        const outs = await readGroup(context(rt), id, props);
        if (!outs) return { id: "" };
        const inputs: Record<string, unknown> = { ...outs };
        for (const key of COMPANY_GROUP_OUTPUT_ONLY) delete inputs[key];
        return { id, props: outs, inputs: inputs as unknown as CompanyGroupInputs };
    });
}

export function update(id: string, olds: CompanyGroupOutputs, news: CompanyGroupInputs): Promise<{ outs: CompanyGroupOutputs }> {
    const rt = runtime();
    return rt.userFacing(async () => ({ outs: await updateGroup(context(rt), id, olds, news) }));
}

export function remove(id: string, props: CompanyGroupOutputs): Promise<void> {
    const rt = runtime();
    return rt.userFacing(() => deleteGroup(context(rt), id, props));
}
