// The uniqueness key of a connector: one live and one test connector per system, per company
// group. Two spellings: the key as a program declares it (the SDK's in-program rule and the
// policy pack compare these), and the key as the account holds it (a group resolved to its id, a
// system to its Fabric factory name), which the provider compares.
import { normalisedFactory, sameFactory } from "./account-catalog";

export interface KeyParts {
    readonly system: string;
    readonly environment: string;
    /** A group's name or username; omitted: the account's only group. */
    readonly companyGroup?: string | null;
}

/** Company groups compare after trimming, case-insensitively; no group is the account's only group. */
export function normaliseCompanyGroup(group: string | null | undefined): string | null {
    const trimmed = (group ?? "").trim();
    return trimmed === "" ? null : trimmed.toLowerCase();
}

/** A string that is equal for two declarations exactly when they declare the same key. */
export function connectorKey(parts: KeyParts): string {
    return JSON.stringify([parts.system, parts.environment, normaliseCompanyGroup(parts.companyGroup)]);
}

/** How people read a key in messages: `live shopify connector in company group "uk"`. */
export function describeKey(parts: KeyParts): string {
    const group = (parts.companyGroup ?? "").trim();
    return `${parts.environment} ${parts.system} connector in ${group ? `company group "${group}"` : "the account's company group"}`;
}

/** The key as Fabric holds it: its factory name, the environment, the group's numeric id. */
export interface AccountKey {
    readonly factoryName: string;
    readonly environment: string;
    readonly groupId: string;
}

export function accountKeyString(key: AccountKey): string {
    return JSON.stringify([normalisedFactory(key.factoryName), key.environment, key.groupId]);
}

/**
 * Whether a connector of the account holds this key. Environments match byte for byte, as services
 * match them. The group and environment are compared first: a create asks this of every connector.
 */
export function holdsKey(
    connector: { system: { factoryName: string }; environment: string; group: { id: string } },
    key: AccountKey,
): boolean {
    return (
        connector.group.id === key.groupId &&
        connector.environment === key.environment &&
        sameFactory(connector.system.factoryName, key.factoryName)
    );
}
