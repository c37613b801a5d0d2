// Which changes replace a connector and which are patched in place. Pure.
import { normaliseCompanyGroup } from "./key";
import { isUnknown, type ConnectorInputs } from "./validate";

/** The API cannot move a connector to another system, environment, group or auth type. */
export const REPLACE_PROPERTIES = ["system", "environment", "companyGroup", "authType"] as const;
/** The dashboard's settings tab edits these; the API patches them. */
export const UPDATE_PROPERTIES = ["name", "timezone", "dateFormat", "credentials", "adopt"] as const;

export interface ConnectorDiff {
    changes: boolean;
    replaces: string[];
    /** Always true when replacing: a create-first replace would break the uniqueness rule. */
    deleteBeforeReplace: boolean;
    /** In-place changes, for the update step and for messages. */
    updates: string[];
}

function comparable(property: string, value: unknown): unknown {
    return property === "companyGroup" ? normaliseCompanyGroup(value as string | undefined) : value ?? null;
}

function stableJson(value: unknown): string {
    if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
    if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record)
        .sort()
        .map((k) => `${JSON.stringify(k)}:${stableJson(record[k])}`)
        .join(",")}}`;
}

function differs(property: string, olds: Record<string, unknown>, news: Record<string, unknown>): boolean {
    const next = news[property];
    if (isUnknown(next)) return true;
    if (next !== null && typeof next === "object" && Object.values(next).some(isUnknown)) return true;
    return stableJson(comparable(property, olds[property])) !== stableJson(comparable(property, next));
}

/** `olds` are the stored outputs, `news` the checked inputs (defaults already applied by check). */
export function diffConnector(olds: Partial<ConnectorInputs>, news: Partial<ConnectorInputs>): ConnectorDiff {
    const o = olds as Record<string, unknown>;
    const n = news as Record<string, unknown>;
    const replaces = REPLACE_PROPERTIES.filter((p) => differs(p, o, n));
    const updates = UPDATE_PROPERTIES.filter((p) => differs(p, o, n));
    return {
        changes: replaces.length + updates.length > 0,
        replaces,
        deleteBeforeReplace: replaces.length > 0,
        updates,
    };
}
