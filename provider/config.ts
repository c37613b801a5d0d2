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

export const MISSING_CREDENTIALS =
    "no Patchworks API credentials: run `pulumi config set --secret patchworks:apiKey <key>` " +
    "(or set PATCHWORKS_API_KEY; an OAuth token goes in patchworks:accessToken / PATCHWORKS_ACCESS_TOKEN)";
