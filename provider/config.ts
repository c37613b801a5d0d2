// Provider settings: stack config (`patchworks:*`) first, then PATCHWORKS_* environment variables.

export const DEFAULT_API_URL = "https://core.wearepatchworks.com/api/v1";

export interface ProviderSettings {
    apiUrl: string;
    apiKey?: string;
    accessToken?: string;
    allowInsecureHttp: boolean;
}

type Lookup = (key: string) => string | undefined;

function first(...values: (string | undefined)[]): string | undefined {
    return values.find((v) => v !== undefined && v.trim() !== "")?.trim();
}

export function resolveSettings(stackConfig: Lookup, env: Record<string, string | undefined>): ProviderSettings {
    const allowInsecure = first(stackConfig("patchworks:allowInsecureHttp"), env.PATCHWORKS_ALLOW_INSECURE_HTTP);
    return {
        apiUrl: (first(stackConfig("patchworks:apiUrl"), env.PATCHWORKS_API_URL) ?? DEFAULT_API_URL).replace(/\/+$/, ""),
        apiKey: first(stackConfig("patchworks:apiKey"), env.PATCHWORKS_API_KEY),
        accessToken: first(stackConfig("patchworks:accessToken"), env.PATCHWORKS_ACCESS_TOKEN),
        allowInsecureHttp: allowInsecure === "true" || allowInsecure === "1",
    };
}

/**
 * How hard the API client tries: for slow networks, strict rate limits and fast tests. Kept apart
 * from ProviderSettings so a bad value is reported when the client is first needed, as one line.
 */
export interface ClientTuning {
    maxRetries?: number;
    requestTimeoutMs?: number;
    retryBaseMs?: number;
    /** Print one line per API request (method, path, status, time, retries; secrets redacted). */
    logRequests: boolean;
    /** Set when a value is unusable; the provider reports it instead of calling the API. */
    problem?: string;
}

const TUNING_KEYS = [
    { field: "maxRetries", key: "patchworks:maxRetries", env: "PATCHWORKS_MAX_RETRIES", minimum: 0 },
    { field: "requestTimeoutMs", key: "patchworks:requestTimeoutMs", env: "PATCHWORKS_REQUEST_TIMEOUT_MS", minimum: 1 },
    { field: "retryBaseMs", key: "patchworks:retryBaseMs", env: "PATCHWORKS_RETRY_BASE_MS", minimum: 0 },
] as const;

export function resolveClientTuning(stackConfig: Lookup, env: Record<string, string | undefined>): ClientTuning {
    const logRequests = first(stackConfig("patchworks:logRequests"), env.PATCHWORKS_LOG_REQUESTS);
    const tuning: ClientTuning = { logRequests: logRequests === "true" || logRequests === "1" };
    const problems: string[] = [];
    for (const { field, key, env: variable, minimum } of TUNING_KEYS) {
        const value = first(stackConfig(key), env[variable]);
        if (value === undefined) continue;
        if (!/^\d{1,9}$/.test(value) || Number(value) < minimum) {
            problems.push(`${key} (${variable}) must be a whole number >= ${minimum}, got "${value.slice(0, 32)}"`);
            continue;
        }
        tuning[field] = Number(value);
    }
    if (problems.length > 0) tuning.problem = problems.join("; ");
    return tuning;
}

export const MISSING_CREDENTIALS =
    "no Patchworks API credentials: run `pulumi config set --secret patchworks:apiKey <key>` " +
    "(or set PATCHWORKS_API_KEY; an OAuth token goes in patchworks:accessToken / PATCHWORKS_ACCESS_TOKEN)";
