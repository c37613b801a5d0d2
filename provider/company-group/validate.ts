// Plan-time validation of a CompanyGroup's inputs (CONTRACT 3, fact sheet 3.2): pure, never throws.
import { isUnknown } from "../engine-values";
import type { CheckFailure } from "../model";
import { usernameFromName } from "./resolve";

export interface CompanyGroupInputs {
    name: string;
    /** Fixed at create; by default derived from the name as Fabric derives it. */
    username: string;
    /** The parent group's companyGroupId; omitted: a top-level group. */
    parent?: string;
    adopt: boolean;
}

export interface CompanyGroupOutputs extends CompanyGroupInputs {
    companyGroupId: string;
    slug: string;
}

/** The outputs that are not inputs. */
export const COMPANY_GROUP_OUTPUT_ONLY = ["companyGroupId", "slug"] as const;

/** Fabric's rules for a group (fact sheet 3.2, 7.13). */
const GROUP_NAME = { min: 3, max: 128, pattern: /^[\p{L}\p{N} &-]+$/u } as const;
const GROUP_USERNAME = { min: 3, max: 255 } as const;

function groupNameProblem(name: unknown): string | undefined {
    if (typeof name !== "string") return 'name is required: 3-128 letters, digits, spaces, "-" or "&"';
    const length = [...name].length;
    if (length < GROUP_NAME.min || length > GROUP_NAME.max)
        return `name must be ${GROUP_NAME.min}-${GROUP_NAME.max} characters (got ${length})`;
    if (!GROUP_NAME.pattern.test(name)) return 'name may hold only letters, digits, spaces, "-" and "&" (Patchworks\' rule)';
    return undefined;
}

export function validateCompanyGroupInputs(news: Record<string, unknown>): { inputs: CompanyGroupInputs; failures: CheckFailure[] } {
    const failures: CheckFailure[] = [];
    const { name, username, parent, adopt } = news;
    if (!isUnknown(name)) {
        const problem = groupNameProblem(name);
        if (problem) failures.push({ property: "name", reason: problem });
    }
    let chosen = username;
    if (username === undefined || username === null) {
        chosen = typeof name === "string" && !isUnknown(name) ? usernameFromName(name) : name;
    } else if (!isUnknown(username)) {
        const slugged = typeof username === "string" ? usernameFromName(username) : "";
        if (typeof username !== "string" || slugged !== username) {
            failures.push({
                property: "username",
                reason: `username must be lower-case letters, digits and "_" as Patchworks stores it${slugged ? ` (it would store "${slugged}"; write that)` : ""}`,
            });
        } else if (username.length < GROUP_USERNAME.min || username.length > GROUP_USERNAME.max) {
            failures.push({
                property: "username",
                reason: `username must be ${GROUP_USERNAME.min}-${GROUP_USERNAME.max} characters (got ${username.length})`,
            });
        }
    }
    if (typeof chosen === "string" && !isUnknown(chosen) && chosen.length < GROUP_USERNAME.min && username === undefined) {
        failures.push({
            property: "username",
            reason: `the username derived from the name, "${chosen}", is shorter than ${GROUP_USERNAME.min} characters; set username`,
        });
    }
    if (parent !== undefined && parent !== null && !isUnknown(parent) && typeof parent !== "string") {
        failures.push({ property: "parent", reason: "parent must be another CompanyGroup" });
    }
    if (adopt !== undefined && adopt !== null && !isUnknown(adopt) && typeof adopt !== "boolean") {
        failures.push({ property: "adopt", reason: "adopt must be true or false" });
    }
    const inputs: CompanyGroupInputs = { name: name as string, username: chosen as string, adopt: (adopt ?? false) as boolean };
    if (parent !== undefined && parent !== null) inputs.parent = parent as string;
    return { inputs, failures };
}

/** A username change fails the preview: Fabric cannot change it (CONTRACT 3). */
export function usernameChangeProblem(olds: Record<string, unknown>, inputs: CompanyGroupInputs): CheckFailure | undefined {
    // Old inputs (what the engine hands check) and outputs both hold the username of a group in the state.
    const before = olds.username;
    if (typeof before !== "string" || isUnknown(inputs.username) || before === inputs.username) return undefined;
    return {
        property: "username",
        reason:
            `username cannot change from "${before}" to "${inputs.username}": Patchworks fixes a group's username when it makes the group, ` +
            `and a group's connectors and services cannot move to another group. Keep username "${before}", or declare a new CompanyGroup.`,
    };
}

export interface CompanyGroupDiff {
    changes: boolean;
    replaces: string[];
    /** What the PUT sends. */
    updates: ("name" | "parent")[];
}

export function diffCompanyGroup(olds: Partial<CompanyGroupOutputs>, news: CompanyGroupInputs): CompanyGroupDiff {
    const changed = (key: "name" | "parent") => isUnknown(news[key]) || (olds[key] ?? null) !== (news[key] ?? null);
    const updates = (["name", "parent"] as const).filter(changed);
    const adoptChanged = (olds.adopt ?? false) !== news.adopt;
    return { changes: updates.length > 0 || adoptChanged, replaces: [], updates };
}
