// What a service connector is, and the rules derived from the shared catalog: the uniqueness key,
// the health status, and which credential values are masked on the way out.
import { findAuthType, findSystem, isLocationRule, type CredentialRule } from "../provider/catalog";
import {
    connectorKey,
    describeKey as describeKeyParts,
    ENVIRONMENTS,
    normaliseCompanyGroup,
    type Environment,
    type KeyParts,
} from "../provider/connector/key";

// The API and the provider must agree on the environments and on when two keys are the same.
export { ENVIRONMENTS, normaliseCompanyGroup, type Environment };

export type ConnectorStatus = "operational" | "unreachable" | "failed_authentication";

/** A connector as stored, credentials in the clear. Only `toResponse` output leaves the emulator. */
export interface Connector {
    readonly id: string;
    readonly name: string;
    readonly system: string;
    readonly environment: Environment;
    /** null is the company's default group. */
    readonly company_group: string | null;
    readonly timezone: string;
    readonly date_format: string;
    readonly auth_type: string;
    readonly credentials: Readonly<Record<string, string>>;
    readonly status: ConnectorStatus;
    readonly created_at: string;
    readonly updated_at: string;
}

/** What the API sends in place of a secret credential value. */
export const MASK = "********";

export type ConnectorKey = Pick<Connector, "system" | "environment" | "company_group">;

function keyParts(key: ConnectorKey): KeyParts {
    return { system: key.system, environment: key.environment, companyGroup: key.company_group };
}

export function sameKey(a: ConnectorKey, b: ConnectorKey): boolean {
    return connectorKey(keyParts(a)) === connectorKey(keyParts(b));
}

/** Names the group as compared (normalised), since stored spellings may differ. */
export function describeKey(key: ConnectorKey): string {
    return describeKeyParts({ ...keyParts(key), companyGroup: normaliseCompanyGroup(key.company_group) });
}

function credentialFieldsOf(system: string, authType: string): Map<string, { secret: boolean; rule: CredentialRule | null }> {
    const systemEntry = findSystem(system);
    const auth = systemEntry && findAuthType(systemEntry, authType);
    return new Map((auth?.fields ?? []).map((f) => [f.key, { secret: f.secret, rule: f.rule }]));
}

/** The host a location credential points at: URL rules hold a URL, the others a bare host. */
function hostOf(rule: CredentialRule, value: string): string {
    if (rule === "url" || rule === "https-url") {
        try {
            return new URL(value).hostname;
        } catch {
            return "";
        }
    }
    return value;
}

function isUnreachableHost(host: string): boolean {
    // ".invalid" is reserved (RFC 2606) and never resolves, which makes it a safe way to ask for
    // an unreachable system in tests. A trailing dot is the fully qualified form of the same name.
    return host.toLowerCase().replace(/\.$/, "").endsWith(".invalid");
}

/**
 * The health check the real service runs after a save, simulated from the credentials alone:
 * a location on a ".invalid" host is unreachable, and otherwise any value starting with
 * "invalid" fails authentication. Reachability comes first because nothing can authenticate
 * against a host that cannot be reached.
 */
export function computeStatus(system: string, authType: string, credentials: Readonly<Record<string, string>>): ConnectorStatus {
    const rules = credentialFieldsOf(system, authType);
    const unreachable = Object.entries(credentials).some(([key, value]) => {
        const rule = rules.get(key)?.rule ?? null;
        return rule !== null && isLocationRule(rule) && isUnreachableHost(hostOf(rule, value));
    });
    if (unreachable) {
        return "unreachable";
    }
    const rejected = Object.values(credentials).some((value) => value.startsWith("invalid"));
    return rejected ? "failed_authentication" : "operational";
}

/** The connector as the API shows it: secret credential values masked. */
export function toResponse(connector: Connector): Connector {
    const rules = credentialFieldsOf(connector.system, connector.auth_type);
    const credentials = Object.fromEntries(
        Object.entries(connector.credentials).map(([key, value]) => {
            // A key the catalog does not know is masked too: when in doubt, never leak.
            const secret = rules.get(key)?.secret ?? true;
            return [key, secret ? MASK : value];
        }),
    );
    return { ...connector, credentials };
}
