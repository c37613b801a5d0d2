// Which changes replace a connector and which are patched in place, and in which order a replace
// runs. Pure.
import { isDeepStrictEqual } from "node:util";
import { isUnknown } from "../engine-values";
import { connectorKey, normaliseCompanyGroup } from "./key";
import type { ConnectorInputs } from "./validate";

/** The API cannot move a connector to another system, environment, group or auth type. */
export const REPLACE_PROPERTIES = ["system", "environment", "companyGroup", "authType"] as const;
/** The dashboard's settings tab edits these; the API patches them. */
export const PATCH_PROPERTIES = ["name", "timezone", "dateFormat", "credentials"] as const;
/** Change nothing in Patchworks; a change of these is still recorded in the state. */
const STATE_ONLY_PROPERTIES = ["adopt"] as const;

type Property = (typeof REPLACE_PROPERTIES)[number] | (typeof PATCH_PROPERTIES)[number] | (typeof STATE_ONLY_PROPERTIES)[number];

export interface ConnectorDiff {
    changes: boolean;
    replaces: string[];
    /**
     * A replacement is created first when its key (system, environment, company group) changes, so
     * a failed create leaves the old connector in place. Only an auth type change keeps the key, and
     * two connectors cannot share one: then the old is deleted first (unless the replacement adopts).
     */
    deleteBeforeReplace: boolean;
    /** Properties the update step patches. */
    patches: (typeof PATCH_PROPERTIES)[number][];
}

function containsUnknown(value: unknown): boolean {
    if (isUnknown(value)) return true;
    return typeof value === "object" && value !== null && Object.values(value).some(containsUnknown);
}

function comparable(property: Property, value: unknown): unknown {
    return property === "companyGroup" ? normaliseCompanyGroup(value as string | undefined) : (value ?? null);
}

/**
 * An adopted connector that leaves name, timezone, date format or credentials out keeps what
 * Patchworks has: absence is not a change.
 */
function unmanaged(property: Property, news: Partial<ConnectorInputs>): boolean {
    return news.adopt === true && (PATCH_PROPERTIES as readonly string[]).includes(property) && news[property] === undefined;
}

function differs(property: Property, olds: Partial<ConnectorInputs>, news: Partial<ConnectorInputs>): boolean {
    if (unmanaged(property, news)) return false;
    const next = news[property];
    if (containsUnknown(next)) return true;
    return !isDeepStrictEqual(comparable(property, olds[property]), comparable(property, next));
}

function keyChanges(olds: Partial<ConnectorInputs>, news: Partial<ConnectorInputs>): boolean {
    const parts = [news.system, news.environment, news.companyGroup];
    // Unknown now, known by the time `up` diffs again: plan for a new key, the safer order.
    if (parts.some(isUnknown)) return true;
    const key = (inputs: Partial<ConnectorInputs>) =>
        connectorKey({ system: inputs.system ?? "", environment: inputs.environment ?? "", companyGroup: inputs.companyGroup });
    return key(olds) !== key(news);
}

/** `olds` are the stored outputs, `news` the checked inputs (defaults already applied by check). */
export function diffConnector(olds: Partial<ConnectorInputs>, news: Partial<ConnectorInputs>): ConnectorDiff {
    const replaces = REPLACE_PROPERTIES.filter((p) => differs(p, olds, news));
    const patches = PATCH_PROPERTIES.filter((p) => differs(p, olds, news));
    const stateOnly = STATE_ONLY_PROPERTIES.filter((p) => differs(p, olds, news));
    return {
        changes: replaces.length + patches.length + stateOnly.length > 0,
        replaces,
        // Adopting needs no free key: the replacement takes over what exists, nothing is created.
        deleteBeforeReplace: replaces.length > 0 && !keyChanges(olds, news) && news.adopt !== true,
        patches,
    };
}
