// The provider's settings, resolved once per process: stack config (`patchworks:*`) first, then
// PATCHWORKS_* environment variables, then the defaults below. The one place that knows each
// setting's name, default and valid range, and the rule that exactly one sign-in is configured;
// the client receives the checked result.

/** The dashboard's public path to Fabric v2 (fact sheet 1.1). */
export const DEFAULT_API_URL = "https://app.wearepatchworks.com/fabric/api/v2";

type CatalogValidation = "strict" | "warn" | "off";

export interface Settings {
    /** The apiUrl without user-info, query or trailing slash; paths are appended to it. */
    apiUrl: string;
    accessToken?: string;
    username?: string;
    password?: string;
    /** Where username and password are exchanged for a token; by default derived from apiUrl (see loginUrls in client/auth). */
    loginUrl?: string;
    apiKey?: string;
    /** Requests this process sends in any minute, logins included (Fabric allows 60 per user). */
    requestsPerMinute: number;
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
    /** Adopt a connector whose key is taken by one that matches the declaration exactly (recovery). */
    adoptMatching: boolean;
    /** How a credential rule that rests only on inferred catalog evidence is applied. */
    catalogValidation: CatalogValidation;
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

/** "patchworks:apiKey (PATCHWORKS_API_KEY)": how every message names a setting. */
export function settingName(key: string): string {
    return `patchworks:${key} (${environmentVariable(key)})`;
}

// Only what users set; the rest of Settings are fixed limits below.
const SETTINGS = [
    { key: "apiUrl", parse: text, expected: "a URL", defaultValue: DEFAULT_API_URL },
    { key: "accessToken", parse: text, expected: "a token", defaultValue: undefined },
    { key: "username", parse: text, expected: "a user name", defaultValue: undefined },
    { key: "password", parse: text, expected: "a password", defaultValue: undefined },
    { key: "loginUrl", parse: text, expected: "a URL", defaultValue: undefined },
    { key: "apiKey", parse: text, expected: "a key", defaultValue: undefined },
    { key: "requestsPerMinute", parse: wholeNumber(1), expected: "a whole number >= 1", defaultValue: 60 },
    { key: "allowInsecureHttp", parse: flag, expected: "true or false", defaultValue: false },
    { key: "maxRetries", parse: wholeNumber(0), expected: "a whole number >= 0", defaultValue: 5 },
    // Creates and updates wait while Patchworks verifies the credentials with the remote system.
    { key: "requestTimeoutMs", parse: wholeNumber(1), expected: "a whole number >= 1", defaultValue: 180_000 },
    { key: "retryBaseMs", parse: wholeNumber(0), expected: "a whole number >= 0", defaultValue: 250 },
    { key: "logRequests", parse: flag, expected: "true or false", defaultValue: false },
    { key: "adoptMatching", parse: flag, expected: "true or false", defaultValue: false },
    {
        key: "catalogValidation",
        parse: oneOf("strict", "warn", "off"),
        expected: '"strict", "warn" or "off"',
        defaultValue: "strict",
    },
] as const satisfies readonly Setting<keyof Settings>[];

/** Settings whose values are secrets: never in state, logs, errors or the serialized provider. */
export const SECRET_SETTINGS = ["accessToken", "password", "apiKey"] as const satisfies readonly (keyof Settings)[];

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
    /** Set when a value is unusable or the sign-in is not exactly one; reported instead of calling the API, as one line. */
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
 * Every request carries a token, a key or a password, and connector writes carry credentials, so
 * plain http is acceptable only when the traffic stays on this machine, or the user explicitly says so.
 */
function urlProblem(key: "apiUrl" | "loginUrl", value: string, allowInsecureHttp: boolean): string | undefined {
    let url: URL;
    try {
        url = new URL(value);
    } catch {
        return `patchworks:${key} "${value.slice(0, 200)}" is not an absolute URL`;
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") {
        return `patchworks:${key} must be an http:// or https:// URL, not ${url.protocol}//`;
    }
    if (url.protocol === "https:" || isLoopbackHost(url.hostname) || allowInsecureHttp) return undefined;
    return (
        `refusing to send Patchworks credentials over plain http:// to ${url.host}: the sign-in and ` +
        `connector secrets would cross the network unencrypted. Use an https:// patchworks:${key}, ` +
        `or set patchworks:allowInsecureHttp to true if this network path is trusted`
    );
}

/** A URL as requests use it: no user-info, query, fragment or trailing slash. */
function baseUrl(value: string): string {
    try {
        const url = new URL(value);
        return `${url.origin}${url.pathname}`.replace(/\/+$/, "");
    } catch {
        return value;
    }
}

export type SignInKind = "accessToken" | "login" | "apiKey";

/** The one sign-in the settings configure; `signInProblem` is undefined exactly when there is one. */
export function signInKind(settings: Pick<Settings, "accessToken" | "username" | "password" | "apiKey">): SignInKind | undefined {
    if (settings.accessToken) return "accessToken";
    if (settings.username && settings.password) return "login";
    if (settings.apiKey) return "apiKey";
    return undefined;
}

/** The settings a user changes to fix a sign-in of this kind, as messages name them. */
export function signInSettings(kind: SignInKind): string {
    return kind === "login" ? `${settingName("username")} and ${settingName("password")}` : settingName(kind);
}

const SET_SECRET = "`pulumi config set --secret patchworks:<key> <value>`";

/** Exactly one of token, username + password, key: none, several, or half a login is a configuration error. */
function signInProblem(settings: Pick<Settings, "accessToken" | "username" | "password" | "apiKey">): string | undefined {
    const login = settings.username !== undefined || settings.password !== undefined;
    const configured = [
        ...(settings.accessToken ? [settingName("accessToken")] : []),
        ...(login ? [`${settingName("username")} with ${settingName("password")}`] : []),
        ...(settings.apiKey ? [settingName("apiKey")] : []),
    ];
    if (configured.length > 1) {
        return `several Patchworks sign-ins are configured: ${configured.join(", ")}; keep exactly one and unset the others`;
    }
    if (login && !settings.password) {
        return `${settingName("username")} is set without ${settingName("password")}: set the password with ${SET_SECRET.replace("<key>", "password")}`;
    }
    if (login && !settings.username) {
        return `${settingName("password")} is set without ${settingName("username")}: set the user name Patchworks knows you by`;
    }
    if (configured.length === 0) {
        return (
            `no Patchworks sign-in: set exactly one of ${settingName("accessToken")}, ${settingName("username")} with ` +
            `${settingName("password")}, or ${settingName("apiKey")}; secrets with ${SET_SECRET}`
        );
    }
    return undefined;
}

/** Why these settings must not be used to send anything (an insecure URL, not exactly one sign-in), as one line. */
export function settingsProblem(settings: Settings): string | undefined {
    const problems = problemsOf(settings);
    return problems.length > 0 ? problems.join("; ") : undefined;
}

function problemsOf(settings: Settings): string[] {
    return [
        urlProblem("apiUrl", settings.apiUrl, settings.allowInsecureHttp),
        settings.loginUrl === undefined ? undefined : urlProblem("loginUrl", settings.loginUrl, settings.allowInsecureHttp),
        signInProblem(settings),
    ].filter((p): p is string => p !== undefined);
}

function normalised(settings: Settings): Settings {
    return {
        ...settings,
        apiUrl: baseUrl(settings.apiUrl),
        ...(settings.loginUrl === undefined ? {} : { loginUrl: baseUrl(settings.loginUrl) }),
    };
}

export function resolveSettings(stackConfig: Lookup, env: Record<string, string | undefined>): ResolvedSettings {
    const resolved: Record<string, unknown> = { ...CLIENT_LIMITS };
    const problems: string[] = [];
    for (const setting of SETTINGS) {
        const config = `patchworks:${setting.key}`;
        const raw = first(stackConfig(config), env[environmentVariable(setting.key)]);
        const value = raw === undefined ? undefined : (setting.parse as (v: string) => unknown)(raw);
        if (raw !== undefined && value === undefined) {
            // A secret's value is never quoted back; these are all free text, so only numbers and flags get here.
            problems.push(`${settingName(setting.key)} must be ${setting.expected}, got "${raw.slice(0, 32)}"`);
        }
        resolved[setting.key] = value ?? setting.defaultValue;
    }
    const settings = resolved as unknown as Settings;
    problems.push(...problemsOf(settings));
    const result = normalised(settings);
    return problems.length > 0 ? { settings: result, problem: problems.join("; ") } : { settings: result };
}

/** Settings for code and tests that talk to a known API directly (defaults for everything else). */
export function settingsFor(overrides: Partial<Settings> & Pick<Settings, "apiUrl">): Settings {
    const defaults = Object.fromEntries(SETTINGS.map(({ key, defaultValue }) => [key, defaultValue]));
    const merged = { ...CLIENT_LIMITS, ...defaults, ...overrides } as Settings;
    const problem = settingsProblem(merged);
    if (problem) throw new Error(problem);
    return normalised(merged);
}
