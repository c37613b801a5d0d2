// What the client suites share: recognisable secrets of each sign-in, generic requests (the client
// knows no resource), and a client over a scripted transport.
import { PatchworksClient, type ClientDependencies, type RequestSpec } from "../../provider/client";
import type { HttpRequest } from "../../provider/client/http";
import { settingsFor, type Settings } from "../../provider/settings";
import type { ScriptedTransport } from "./virtual-time";

export const API_KEY = "pk_live_0123456789abcdef";
export const ACCESS_TOKEN = "eyJhbGciOiJIUzI1NiJ9.session";
export const USERNAME = "ops@example.com";
export const PASSWORD = "correct horse battery staple";
/** A credential value a connector write carries, recognisable when a test looks for leaks. */
export const CONNECTOR_SECRET = "shpat-fake-connector-token-0001";

/** An API base no test ever reaches: requests go to a scripted transport. */
export const SCRIPTED_API_URL = "https://patchworks.test/fabric/api/v2";
export const SCRIPTED_LOGIN_URL = "https://patchworks.test/fabric/api/login";

/** Each way to sign in, as settings. */
export const SIGN_INS = {
    accessToken: { accessToken: ACCESS_TOKEN },
    login: { username: USERNAME, password: PASSWORD },
    apiKey: { apiKey: API_KEY },
} as const satisfies Record<string, Partial<Settings>>;

/** A request whose answer is read as is: the client's tests are about transport, not resources. */
export function get(path: string, extra: Partial<RequestSpec<unknown>> = {}): RequestSpec<unknown> {
    return { request: { method: "GET", path }, decode: (body) => body, ...extra };
}

export function send(request: HttpRequest, extra: Partial<RequestSpec<unknown>> = {}): RequestSpec<unknown> {
    return { request, decode: (body) => body, ...extra };
}

/** A connector create as Fabric takes it: the request that verifies credentials. */
export function connectorCreate(extra: Partial<RequestSpec<unknown>> = {}): RequestSpec<unknown> {
    return send(
        { method: "POST", path: "/connectors", body: { connectorName: "Shopify UK", credentials: { access_token: CONNECTOR_SECRET } } },
        { verifiesCredentials: true, ...extra },
    );
}

/** A JWT-shaped token (unsigned: the client only reads its `exp`). */
export function jwt(claims: Record<string, unknown>): string {
    const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    return `${part({ alg: "RS256", typ: "JWT" })}.${part(claims)}.c2lnbmF0dXJl`;
}

/**
 * A client whose requests go to `script`, with the production clock (virtual in suites that
 * install it), a fixed jitter of one half, and every log line captured. Signs in with the API key
 * unless the settings say otherwise.
 */
export function scriptedClient(
    script: Pick<ScriptedTransport, "transport">,
    settings: Partial<Settings> = {},
    dependencies: ClientDependencies = {},
): { client: PatchworksClient; logs: string[] } {
    const logs: string[] = [];
    const signIn = "accessToken" in settings || "username" in settings || "apiKey" in settings ? {} : SIGN_INS.apiKey;
    const client = new PatchworksClient(settingsFor({ apiUrl: SCRIPTED_API_URL, ...signIn, ...settings }), {
        transport: script.transport,
        random: () => 0.5,
        log: (line) => logs.push(line),
        ...dependencies,
    });
    return { client, logs };
}

/** The rejection of `promise`, failing the test if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
    try {
        await promise;
    } catch (error) {
        return error as Error;
    }
    throw new Error("expected the call to fail, but it succeeded");
}
