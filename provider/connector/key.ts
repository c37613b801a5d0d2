// The uniqueness key of a connector: one live and one test connector per system, per company
// group. Shared by the provider's checks, the SDK's in-program rule and the policy pack, so all
// agree on spelling.

export interface KeyParts {
    readonly system: string;
    readonly environment: string;
    /** Omitted, null or blank: the company's default group. */
    readonly companyGroup?: string | null;
}

/** Company groups compare after trimming, case-insensitively; no group is the default group. */
export function normaliseCompanyGroup(group: string | null | undefined): string | null {
    const trimmed = (group ?? "").trim();
    return trimmed === "" ? null : trimmed.toLowerCase();
}

/** A string that is equal for two connectors exactly when the API would call them duplicates. */
export function connectorKey(parts: KeyParts): string {
    return JSON.stringify([parts.system, parts.environment, normaliseCompanyGroup(parts.companyGroup)]);
}

/** How people read a key in messages: `live shopify connector in company group "uk"`. */
export function describeKey(parts: KeyParts): string {
    const group = (parts.companyGroup ?? "").trim();
    return `${parts.environment} ${parts.system} connector in ${group ? `company group "${group}"` : "the default company group"}`;
}

export function sameKey(a: KeyParts, b: KeyParts): boolean {
    return connectorKey(a) === connectorKey(b);
}
