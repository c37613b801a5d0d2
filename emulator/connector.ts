// What a service connector is in the emulated account: its uniqueness key, its simulated health
// status, and how it looks on the way out (secret credentials masked).
import { fieldsOf } from "./catalog";
import { groupIdentity } from "./company-groups";
import { credentialHosts, maskSecrets } from "./credentials";

export const ENVIRONMENTS = ["live", "test"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export type ConnectorStatus = "operational" | "unreachable" | "failed_authentication";

/** A connector as stored, credentials in the clear. Only `toResponse` output leaves the emulator. */
export interface Connector {
    readonly id: string;
    readonly name: string;
    readonly system: string;
    readonly environment: Environment;
    /** null is the company's default group; otherwise as sent on create. */
    readonly company_group: string | null;
    readonly timezone: string;
    readonly date_format: string;
    readonly auth_type: string;
    readonly credentials: Readonly<Record<string, string>>;
    readonly status: ConnectorStatus;
    readonly created_at: string;
    readonly updated_at: string;
}

export type ConnectorKey = Pick<Connector, "system" | "environment" | "company_group">;

/** One live and one test connector per system per company group: the key two connectors may not share. */
export function sameKey(a: ConnectorKey, b: ConnectorKey): boolean {
    return a.system === b.system && a.environment === b.environment && groupIdentity(a.company_group) === groupIdentity(b.company_group);
}

/** The key in words, e.g. `live shopify connector in company group "UK"`. */
export function describeKey(key: ConnectorKey): string {
    const group = key.company_group?.trim();
    const where = group ? `company group "${group}"` : "the default company group";
    return `${key.environment} ${key.system} connector in ${where}`;
}

// ".invalid" never resolves (RFC 2606), which makes it a safe way for tests to ask for a system
// that cannot be reached. A trailing dot is the fully qualified spelling of the same name.
function cannotBeReached(host: string): boolean {
    return /(^|\.)invalid\.?$/i.test(host);
}

/**
 * The health check the real service runs after credentials are saved, simulated from the values
 * alone: a credential pointing at a ".invalid" host is unreachable; otherwise a value starting
 * with "invalid" fails authentication. Reachability comes first: nothing authenticates against a
 * host it cannot reach.
 */
export function computeStatus(system: string, authType: string, credentials: Readonly<Record<string, string>>): ConnectorStatus {
    if (credentialHosts(fieldsOf(system, authType), credentials).some(cannotBeReached)) {
        return "unreachable";
    }
    return Object.values(credentials).some((value) => value.startsWith("invalid")) ? "failed_authentication" : "operational";
}

/** The connector as the API shows it. */
export function toResponse(connector: Connector): Connector {
    return { ...connector, credentials: maskSecrets(fieldsOf(connector.system, connector.auth_type), connector.credentials) };
}
