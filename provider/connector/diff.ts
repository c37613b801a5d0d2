// Which changes replace a connector and which are updated in place. Pure.
import { isDeepStrictEqual } from "node:util";
import { isUnknown } from "../engine-values";
import { normaliseCompanyGroup } from "./key";
import type { ConnectorInputs } from "./validate";

/** Fabric cannot move a connector to another system, environment or group (its key). */
export const REPLACE_PROPERTIES = ["system", "environment", "companyGroup"] as const;
/** A PUT changes these, keeping the id and the services that use the connector (CONTRACT 6). */
export const PATCH_PROPERTIES = ["name", "timezone", "dateFormat", "credentials", "authType"] as const;
/** Change nothing in Patchworks; a change of these is still recorded in the state. */
const STATE_ONLY_PROPERTIES = ["adopt"] as const;

type Property = (typeof REPLACE_PROPERTIES)[number] | (typeof PATCH_PROPERTIES)[number] | (typeof STATE_ONLY_PROPERTIES)[number];

export interface ConnectorDiff {
    changes: boolean;
    replaces: string[];
    /** Always false: a replacement is created first, so a failed create leaves the old connector in place. */
    deleteBeforeReplace: false;
    /** Properties the update step sends. */
    patches: (typeof PATCH_PROPERTIES)[number][];
}

function containsUnknown(value: unknown): boolean {
    if (isUnknown(value)) return true;
    return typeof value === "object" && value !== null && Object.values(value).some(containsUnknown);
}

/**
 * An adopted connector that leaves name, timezone, date format or credentials out keeps what
 * Patchworks has: absence is not a change.
 */
function unmanaged(property: Property, news: Partial<ConnectorInputs>): boolean {
    return (
        news.adopt === true &&
        property !== "authType" &&
        (PATCH_PROPERTIES as readonly string[]).includes(property) &&
        news[property] === undefined
    );
}

export interface DiffOptions {
    /**
     * Whether the declared companyGroup resolves to the group the connector is in, when its spelling
     * changed (a group renamed by its CompanyGroup, a name swapped for the username): the key
     * compares groups, not spellings. Unset: compare the spellings.
     */
    sameGroup?: boolean;
}

function differs(property: Property, olds: Partial<ConnectorInputs>, news: Partial<ConnectorInputs>, options: DiffOptions): boolean {
    if (unmanaged(property, news)) return false;
    const next = news[property];
    if (containsUnknown(next)) return true;
    if (property === "companyGroup") {
        const spelledAlike = normaliseCompanyGroup(olds.companyGroup) === normaliseCompanyGroup(next as string | undefined);
        return !spelledAlike && options.sameGroup !== true;
    }
    return !isDeepStrictEqual(olds[property] ?? null, next ?? null);
}

/** `olds` are the stored outputs, `news` the checked inputs (defaults already applied by check). */
export function diffConnector(olds: Partial<ConnectorInputs>, news: Partial<ConnectorInputs>, options: DiffOptions = {}): ConnectorDiff {
    const replaces = REPLACE_PROPERTIES.filter((p) => differs(p, olds, news, options));
    const patches = PATCH_PROPERTIES.filter((p) => differs(p, olds, news, options));
    const stateOnly = STATE_ONLY_PROPERTIES.filter((p) => differs(p, olds, news, options));
    return { changes: replaces.length + patches.length + stateOnly.length > 0, replaces, deleteBeforeReplace: false, patches };
}
