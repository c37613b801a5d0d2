// How the client signs its requests: the configured access token as Bearer, the API key as it is,
// or a session token from a login with username and password, reused until it expires and renewed
// when Patchworks says the session is over. The one place that knows the login routes.
import type { Clock } from "./clock";
import { ApiError, noAnswerText, type RefusalHints } from "./errors";
import type { HttpRequest } from "./http";
import type { SecretBook } from "./redact";
import type { Outcome, RetrySpec } from "./retry";
import { settingName, signInKind, signInSettings, type Settings, type SignInKind } from "../settings";

/**
 * [?] fact sheet 2.4 and 8.1: Fabric's 2023 code has no API-key guard; Patchworks' docs describe
 * keys sent as the raw `Authorization` header. Sent that way because it is what the docs promise;
 * `doctor` reports whether the account accepts it.
 */
function apiKeyAuthorization(apiKey: string): string {
    return apiKey;
}

/** Passport's personal access tokens live 12 hours (fact sheet 2.1); assumed when a token does not say. */
export const ASSUMED_TOKEN_LIFETIME_MS = 12 * 3600_000;

/** A token is renewed this long before it expires, so no request is sent with one about to lapse. */
export const RENEW_EARLY_MS = 5 * 60_000;

/**
 * A token is reused at least this long, whatever its expiry says: a short-lived token, or a clock
 * behind Patchworks', must not make every request log in again (about 10 logins a minute are
 * allowed); a 401 "Unauthenticated." renews it if it did lapse.
 */
const MIN_REUSE_MS = 60_000;

/**
 * Where a login is tried, in order. By default the API URL's parent plus `/login` (the docs' route,
 * body `username`), then `/v1/login` (Fabric's 2023 route, body `email`) when the first is not
 * there; a configured patchworks:loginUrl alone.
 */
export function loginUrls(settings: Pick<Settings, "apiUrl" | "loginUrl">): string[] {
    if (settings.loginUrl) return [settings.loginUrl];
    const url = new URL(settings.apiUrl);
    const parent = url.pathname.split("/").filter(Boolean).slice(0, -1);
    const base = `${url.origin}${parent.map((segment) => `/${segment}`).join("")}`;
    return [`${base}/login`, `${base}/v1/login`];
}

/** A 404 or 405 says there is no login route at that URL: the next one is tried. */
const NO_SUCH_ROUTE: ReadonlySet<number> = new Set([404, 405]);

/** The `exp` claim of a JWT, in ms; undefined when the token is not a JWT or has none. */
export function jwtExpiry(token: string): number | undefined {
    const parts = token.split(".");
    if (parts.length !== 3) return undefined;
    try {
        const claims = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8")) as { exp?: unknown };
        return typeof claims.exp === "number" && Number.isFinite(claims.exp) ? claims.exp * 1000 : undefined;
    } catch {
        return undefined;
    }
}

/** When a fresh token expires: its JWT `exp`, else the login answer's `expires_in` (the docs' route), else 12 hours. */
function expiryOf(token: string, expiresIn: unknown, now: number): number {
    const fromJwt = jwtExpiry(token);
    if (fromJwt !== undefined) return fromJwt;
    if (typeof expiresIn === "number" && expiresIn > 0) return now + expiresIn * 1000;
    return now + ASSUMED_TOKEN_LIFETIME_MS;
}

/** When a token got `now` is renewed: 5 minutes before it expires, half-way for a short one, never within a minute. */
function renewalTime(expiry: number, now: number): number {
    const lifetime = expiry - now;
    return now + Math.max(lifetime - RENEW_EARLY_MS, lifetime / 2, MIN_REUSE_MS);
}

export interface SignIn {
    readonly kind: SignInKind;
    /** Whether a 401 "Unauthenticated." is cured by signing in again: only a login's session is. */
    readonly renewable: boolean;
    readonly hints: RefusalHints;
    /** The Authorization header for the next request; signs in first when there is no valid session. */
    authorization(signal?: AbortSignal): Promise<string>;
    /** Forgets the session behind `authorization` (Patchworks ended it), unless another request already renewed it. */
    discard(authorization: string): void;
}

export interface SignInDependencies {
    clock: Clock;
    secrets: SecretBook;
    /** Sends a login through the client's pace and retries, without any Authorization. */
    send: (spec: RetrySpec<never>, signal?: AbortSignal) => Promise<Outcome<never>>;
    redact: (text: string) => string;
}

function hintsFor(kind: SignInKind): RefusalHints {
    const forbidden = `The Patchworks user you sign in as (${signInSettings(kind)}) is not allowed this; some changes need a client admin.`;
    const unauthenticated: Record<SignInKind, string> = {
        accessToken: `Patchworks did not accept the access token: check ${settingName("accessToken")} (login tokens expire after 12 hours).`,
        login: `Patchworks refused the session even right after signing in as ${settingName("username")}: check that this user may use the API.`,
        apiKey:
            `Patchworks did not accept the API key in ${settingName("apiKey")}: check it, or sign in with ` +
            `${settingName("username")} and ${settingName("password")} (whether Fabric takes API keys is unconfirmed; \`pulumi-patchworks doctor\` says).`,
    };
    return { unauthenticated: unauthenticated[kind], forbidden };
}

function serverMessageOf(text: string): string | undefined {
    try {
        const message = (JSON.parse(text) as { message?: unknown }).message;
        return typeof message === "string" ? message.replace(/\s+/g, " ").trim() : undefined;
    } catch {
        return undefined;
    }
}

export function signInFor(settings: Settings, deps: SignInDependencies): SignIn {
    const kind = signInKind(settings);
    // resolveSettings and settingsFor refuse anything else; a client is never built without a sign-in.
    if (kind === undefined) throw new Error("the client needs exactly one sign-in (see signInProblem in provider/settings)");
    const hints = hintsFor(kind);
    if (kind !== "login") {
        const header = kind === "accessToken" ? `Bearer ${settings.accessToken}` : apiKeyAuthorization(settings.apiKey ?? "");
        return { kind, renewable: false, hints, authorization: async () => header, discard: () => undefined };
    }

    const { clock, secrets, send, redact } = deps;
    let session: { authorization: string; renewAt: number } | undefined;
    let pending: Promise<string> | undefined;
    // Repeating a refused password only spends the login limit (about 10 a minute per address).
    let refused: ApiError | undefined;

    const failure = (url: string, attempts: number, status: number | undefined, what: string): ApiError => {
        const statusPart = status === undefined ? "" : ` (${status})`;
        const attemptsPart = attempts > 1 ? ` after ${attempts} attempts` : "";
        const context = { method: "POST", path: url, attempts };
        return new ApiError(redact(`signing in to Patchworks at ${url} failed${statusPart}${attemptsPart}: ${what}`), context, { status });
    };

    async function login(signal?: AbortSignal): Promise<string> {
        const urls = loginUrls(settings);
        // The docs' route reads `username`, Fabric's 2023 route `email`: both are sent.
        const body = { username: settings.username, email: settings.username, password: settings.password };
        for (const [index, url] of urls.entries()) {
            const request: HttpRequest & { url: string } = { method: "POST", path: url, url, body };
            const outcome = await send({ request, repeatable: true }, signal);
            if (outcome.kind === "reconciled") throw new Error("a login has nothing to reconcile");
            const { attempt, attempts } = outcome;
            if (attempt.kind === "network") throw failure(url, attempts, undefined, noAnswerText("it", attempt, settings.requestTimeoutMs));
            if (outcome.kind === "answered") {
                let answer: { token?: unknown; expires_in?: unknown } = {};
                try {
                    answer = JSON.parse(attempt.text) as typeof answer;
                } catch {
                    // Reported below as an answer without a token.
                }
                if (typeof answer.token !== "string" || answer.token.trim() === "") {
                    throw failure(url, attempts, undefined, `it answered ${attempt.status} without a token`);
                }
                secrets.add([answer.token]);
                const authorization = `Bearer ${answer.token}`;
                const now = clock.now();
                session = { authorization, renewAt: renewalTime(expiryOf(answer.token, answer.expires_in, now), now) };
                return authorization;
            }
            if (NO_SUCH_ROUTE.has(attempt.status) && index < urls.length - 1) continue;
            const said = serverMessageOf(attempt.text);
            const quoted = said ? ` (Patchworks said "${said}")` : "";
            if (attempt.status === 401 || attempt.status === 422) {
                refused = failure(
                    url,
                    attempts,
                    attempt.status,
                    `the password of ${settingName("username")} was refused${quoted}; check ${settingName("username")} and ${settingName("password")}`,
                );
                throw refused;
            }
            if (NO_SUCH_ROUTE.has(attempt.status)) {
                throw failure(
                    url,
                    attempts,
                    attempt.status,
                    `there is no login route there; set ${settingName("loginUrl")} to your Patchworks login URL`,
                );
            }
            throw failure(url, attempts, attempt.status, `${said || "no usable answer"}`);
        }
        throw new Error("no login URL to try");
    }

    return {
        kind,
        renewable: true,
        hints,
        async authorization(signal) {
            if (refused) throw refused;
            if (session && clock.now() < session.renewAt) return session.authorization;
            // Concurrent requests share one login.
            pending ??= login(signal).finally(() => {
                pending = undefined;
            });
            return pending;
        },
        discard(authorization) {
            if (session?.authorization === authorization) session = undefined;
        },
    };
}
