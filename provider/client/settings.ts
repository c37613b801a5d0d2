// Turns ClientOptions into checked settings. Refuses, before any request, a configuration that
// would send the API key or connector secrets across a network in clear text.
import { ClientConfigError } from "./errors";
import type { ClientOptions } from "./types";

export interface Settings {
    /** The apiUrl without user-info, query or trailing slash; paths are appended to it. */
    baseUrl: string;
    authorization?: string;
    timeoutMs: number;
    maxRetries: number;
    maxConcurrency: number;
    retryBaseMs: number;
    maxRetryDelayMs: number;
    maxRateLimitWaitMs: number;
    log?: (line: string) => void;
}

export const DEFAULTS = {
    timeoutMs: 30_000,
    maxRetries: 5,
    maxConcurrency: 8,
    retryBaseMs: 250,
    maxRetryDelayMs: 30_000,
    maxRateLimitWaitMs: 300_000,
} as const;

/** 127.0.0.0/8, ::1 and localhost: traffic that never leaves the machine. */
export function isLoopbackHost(hostname: string): boolean {
    const host = hostname.toLowerCase().replace(/^\[|\]$/g, "");
    return host === "localhost" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}

function parseApiUrl(apiUrl: string): URL {
    let url: URL;
    try {
        url = new URL(apiUrl);
    } catch {
        throw new ClientConfigError(`patchworks:apiUrl "${apiUrl}" is not an absolute URL`);
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") {
        throw new ClientConfigError(`patchworks:apiUrl must be an http:// or https:// URL, not ${url.protocol}//`);
    }
    return url;
}

/**
 * Every request carries either the API key or a connector's credentials, so plain http is only
 * acceptable when the traffic stays on this machine, or the user explicitly says so.
 */
export function assertSecureTransport(url: URL, allowInsecureHttp: boolean): void {
    if (url.protocol === "https:" || isLoopbackHost(url.hostname) || allowInsecureHttp) return;
    throw new ClientConfigError(
        `Refusing to send Patchworks credentials over plain http:// to ${url.host}: the API key and ` +
            `connector secrets would cross the network unencrypted. Use an https:// patchworks:apiUrl, ` +
            `or set patchworks:allowInsecureHttp to true if this network path is trusted.`,
    );
}

function authorizationHeader(options: ClientOptions): string | undefined {
    if (options.apiKey) return options.apiKey;
    if (options.accessToken) return `Bearer ${options.accessToken}`;
    return undefined;
}

function checked(name: keyof typeof DEFAULTS, value: number | undefined, minimum: number): number {
    const resolved = value ?? DEFAULTS[name];
    if (!Number.isInteger(resolved) || resolved < minimum) {
        throw new ClientConfigError(`Patchworks client option ${name} must be an integer >= ${minimum}, got ${resolved}`);
    }
    return resolved;
}

export function resolveSettings(options: ClientOptions): Settings {
    const url = parseApiUrl(options.apiUrl);
    assertSecureTransport(url, options.allowInsecureHttp ?? false);
    return {
        baseUrl: `${url.origin}${url.pathname}`.replace(/\/+$/, ""),
        authorization: authorizationHeader(options),
        timeoutMs: checked("timeoutMs", options.timeoutMs, 1),
        maxRetries: checked("maxRetries", options.maxRetries, 0),
        maxConcurrency: checked("maxConcurrency", options.maxConcurrency, 1),
        retryBaseMs: checked("retryBaseMs", options.retryBaseMs, 0),
        maxRetryDelayMs: checked("maxRetryDelayMs", options.maxRetryDelayMs, 0),
        maxRateLimitWaitMs: checked("maxRateLimitWaitMs", options.maxRateLimitWaitMs, 0),
        log: options.log,
    };
}
