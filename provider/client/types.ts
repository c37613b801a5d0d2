// The client's domain types: camelCase, API-agnostic. mapping.ts translates them to the wire.

export type Environment = "live" | "test";

export type ConnectorStatus = "operational" | "unreachable" | "failed_authentication";

/** What makes a connector unique in an account: one per system, environment and company group. */
export interface ConnectorKey {
    system: string;
    environment: Environment;
    /** null is the company's default group. */
    companyGroup: string | null;
}

export interface ConnectorFields extends ConnectorKey {
    name: string;
    timezone: string;
    dateFormat: string;
    authType: string;
    credentials: Record<string, string>;
}

/** A connector as the API reports it; secret credential values come back masked ("********"). */
export interface RemoteConnector extends ConnectorFields {
    id: string;
    status: ConnectorStatus;
    createdAt: string;
    updatedAt: string;
}

/** The fields that change in place; everything else replaces the connector. */
export type ConnectorPatch = Partial<Pick<ConnectorFields, "name" | "timezone" | "dateFormat" | "credentials">>;

export interface CompanyGroup {
    id: string;
    name: string;
}

export interface ClientOptions {
    /** e.g. https://core.wearepatchworks.com/api/v1 or http://127.0.0.1:8787/api/v1 */
    apiUrl: string;
    /** Sent as the raw Authorization header. */
    apiKey?: string;
    /** Sent as "Bearer <token>" when there is no apiKey. */
    accessToken?: string;
    /** Per request; default 30000. */
    timeoutMs?: number;
    /** Default 5. */
    maxRetries?: number;
    /** In-flight requests per client; default 8. */
    maxConcurrency?: number;
    /** Backoff base; default 250. */
    retryBaseMs?: number;
    /** Cap on a single wait, Retry-After included; default 30000. */
    maxRetryDelayMs?: number;
    /**
     * Total time one request may spend waiting as 429 Retry-After headers say, which does not
     * count against maxRetries; default 300000.
     */
    maxRateLimitWaitMs?: number;
    /** Allow plain http:// to a host that is not loopback. */
    allowInsecureHttp?: boolean;
    /** Debug lines (method, path, status, attempt, wait); secrets are redacted. */
    log?: (line: string) => void;
}
