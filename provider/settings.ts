// The provider's settings, resolved once per process: stack config (`patchworks:*`) first, then
// PATCHWORKS_* environment variables, then the defaults below. The one place that knows each
// setting's name, default and valid range; the client receives the checked result.

export const DEFAULT_API_URL = "https://core.wearepatchworks.com/api/v1";

export type VerifyCredentials = "warn" | "fail" | "off";

export interface Settings {
    /** The apiUrl without user-info, query or trailing slash; paths are appended to it. */
    apiUrl: string;
    apiKey?: string;
    accessToken?: string;
    allowInsecureHttp: boolean;
    maxRetries: number;
    requestTimeoutMs: number;
    retryBaseMs: number;
    /** Cap on one backoff step when the API sends no Retry-After. */
    maxBackoffMs: number;
    /** Total time one request may wait as 429 Retry-After headers say; not counted as retries. */
    maxRateLimitWaitMs: number;
    maxConcurrency: number;
    logRequests: boolean;
    verifyCredentials: VerifyCredentials;
    /** Adopt a connector whose key is taken by one that matches the declaration exactly (recovery). */
    adoptMatching: boolean;
}

type Lookup = (key: string) => string | undefined;

interface Setting<K extends keyof Settings> {
    key: K;
    parse: (value: string) => Settings[K] | undefined;
    /** Phrased to follow "must be". */
    expected: string;
    defaultValue: Settings[K];
}

function wholeNumber(minimum: number): (value: string) => number | undefined {
    return (value) => (/^\d{1,9}$/.test(value) && Number(value) >= minimum ? Number(value) : undefined);
}

function flag(value: string): boolean | undefined {
    const normalised = value.toLowerCase();
    if (normalised === "true" || normalised === "1") return true;
    if (normalised === "false" || normalised === "0") return false;
    return undefined;
}

function oneOf<T extends string>(...choices: T[]): (value: string) => T | undefined {
    return (value) => choices.find((choice) => choice === value.toLowerCase());
}

function text(value: string): string {
    return value;
}

/** `apiUrl` -> `PATCHWORKS_API_URL`: each setting's environment fallback. */
export function environmentVariable(key: string): string {
    return `PATCHWORKS_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

// Only what users set; the rest of Settings are fixed limits below.
const SETTINGS = [
    { key: "apiUrl", parse: text, expected: "a URL", defaultValue: DEFAULT_API_URL },
    { key: "apiKey", parse: text, expected: "a key", defaultValue: undefined },
    { key: "accessToken", parse: text, expected: "a token", defaultValue: undefined },
    { key: "allowInsecureHttp", parse: flag, expected: "true or false", defaultValue: false },
    { key: "maxRetries", parse: wholeNumber(0), expected: "a whole number >= 0", defaultValue: 5 },
    { key: "requestTimeoutMs", parse: wholeNumber(1), expected: "a whole number >= 1", defaultValue: 30_000 },
    { key: "retryBaseMs", parse: wholeNumber(0), expected: "a whole number >= 0", defaultValue: 250 },
    { key: "logRequests", parse: flag, expected: "true or false", defaultValue: false },
    { key: "verifyCredentials", parse: oneOf("warn", "fail", "off"), expected: '"warn", "fail" or "off"', defaultValue: "warn" },
    { key: "adoptMatching", parse: flag, expected: "true or false", defaultValue: false },
] as const satisfies readonly Setting<keyof Settings>[];

/** Limits no setting changes. */
export const CLIENT_LIMITS = { maxBackoffMs: 30_000, maxRateLimitWaitMs: 300_000, maxConcurrency: 8 } as const;

/** A setting a user can configure (the rest of Settings are fixed limits). */
export type ConfigurableKey = (typeof SETTINGS)[number]["key"];

/** Each configurable setting's default, for the reference docs. */
export const SETTING_DEFAULTS = Object.fromEntries(SETTINGS.map(({ key, defaultValue }) => [key, defaultValue])) as {
    [K in ConfigurableKey]: Settings[K];
};

export interface ResolvedSettings {
    settings: Settings;
    /** Set when a value is unusable; reported instead of calling the API, as one line. */
    problem?: string;
}

function first(...values: (string | undefined)[]): string | undefined {
    return values.find((v) => v !== undefined && v.trim() !== "")?.trim();
}

/** 127.0.0.0/8, ::1 and localhost: traffic that never leaves the machine. */
export function isLoopbackHost(hostname: string): boolean {
    const host = hostname.toLowerCase().replace(/^\[|\]$/g, "");
    return host === "localhost" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * Every request carries the API key or a connector's credentials, so plain http is acceptable
 * only when the traffic stays on this machine, or the user explicitly says so.
 */
function apiUrlProblem(apiUrl: string, allowInsecureHttp: boolean): string | undefined {
    let url: URL;
    try {
        url = new URL(apiUrl);
    } catch {
        return `patchworks:apiUrl "${apiUrl.slice(0, 200)}" is not an absolute URL`;
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") {
        return `patchworks:apiUrl must be an http:// or https:// URL, not ${url.protocol}//`;
    }
    if (url.protocol === "https:" || isLoopbackHost(url.hostname) || allowInsecureHttp) return undefined;
    return (
        `refusing to send Patchworks credentials over plain http:// to ${url.host}: the API key and ` +
        `connector secrets would cross the network unencrypted. Use an https:// patchworks:apiUrl, ` +
        `or set patchworks:allowInsecureHttp to true if this network path is trusted`
    );
}

/** The apiUrl as requests use it: no user-info, query, fragment or trailing slash. */
function baseUrl(apiUrl: string): string {
    try {
        const url = new URL(apiUrl);
        return `${url.origin}${url.pathname}`.replace(/\/+$/, "");
    } catch {
        return apiUrl;
    }
}

export function resolveSettings(stackConfig: Lookup, env: Record<string, string | undefined>): ResolvedSettings {
    const resolved: Record<string, unknown> = { ...CLIENT_LIMITS };
    const problems: string[] = [];
    for (const setting of SETTINGS) {
        const config = `patchworks:${setting.key}`;
        const variable = environmentVariable(setting.key);
        const raw = first(stackConfig(config), env[variable]);
        const value = raw === undefined ? undefined : (setting.parse as (v: string) => unknown)(raw);
        if (raw !== undefined && value === undefined) {
            problems.push(`${config} (${variable}) must be ${setting.expected}, got "${raw.slice(0, 32)}"`);
        }
        resolved[setting.key] = value ?? setting.defaultValue;
    }
    const settings = resolved as unknown as Settings;
    const urlProblem = apiUrlProblem(settings.apiUrl, settings.allowInsecureHttp);
    if (urlProblem) problems.push(urlProblem);
    settings.apiUrl = baseUrl(settings.apiUrl);
    return problems.length > 0 ? { settings, problem: problems.join("; ") } : { settings };
}

/** Settings for code and tests that talk to a known API directly (defaults for everything else). */
export function settingsFor(overrides: Partial<Settings> & Pick<Settings, "apiUrl">): Settings {
    const { settings, problem } = resolveSettings(() => undefined, {});
    if (problem) throw new Error(problem);
    const merged = { ...settings, ...overrides };
    const urlProblem = apiUrlProblem(merged.apiUrl, merged.allowInsecureHttp);
    if (urlProblem) throw new Error(urlProblem);
    return { ...merged, apiUrl: baseUrl(merged.apiUrl) };
}

export const MISSING_CREDENTIALS =
    "no Patchworks API credentials: run `pulumi config set --secret patchworks:apiKey <key>` " +
    "(or set PATCHWORKS_API_KEY; an OAuth token goes in patchworks:accessToken / PATCHWORKS_ACCESS_TOKEN)";
