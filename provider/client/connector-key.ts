import type { ConnectorKey } from "./types";

/** Company groups compare trimmed and case-insensitively; null and "" are the default group. */
export function normalizeCompanyGroup(group: string | null): string {
    return (group ?? "").trim().toLowerCase();
}

export function keyOf(key: ConnectorKey): ConnectorKey {
    return { system: key.system, environment: key.environment, companyGroup: key.companyGroup };
}

export function sameConnectorKey(a: ConnectorKey, b: ConnectorKey): boolean {
    return (
        a.system === b.system &&
        a.environment === b.environment &&
        normalizeCompanyGroup(a.companyGroup) === normalizeCompanyGroup(b.companyGroup)
    );
}
