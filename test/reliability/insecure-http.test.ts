// The provider refuses to send a token, key or password over plain http:// to a host that is not
// this machine, unless patchworks:allowInsecureHttp says the path is trusted. Tested as the
// provider builds its client (settings from stack config or environment, then the client), against
// a server on a non-loopback address of this machine, so a request that was wrongly sent would be
// seen arriving.
import { strict as assert } from "node:assert";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import { PatchworksClient } from "../../provider/client";
import { resolveSettings } from "../../provider/settings";

const API_KEY = "pwk-insecure-http-test-key-81b2";
const PASSWORD = "pwk-insecure-http-password-77c1";

/**
 * An address of this machine that the provider does not count as loopback. 0.0.0.0 is the
 * fallback on a machine with no other interface: connecting to it reaches this machine too.
 */
function remoteLookingHost(): string {
    const external = Object.values(os.networkInterfaces())
        .flat()
        .find((a) => a && a.family === "IPv4" && !a.internal);
    return external?.address ?? "0.0.0.0";
}

/** Answers every request with an empty list (a login with a token), recording what arrives. */
function recordingApi() {
    const received: { method: string; url: string; authorization?: string }[] = [];
    const server = http.createServer((req, res) => {
        req.resume();
        req.on("end", () => {
            received.push({ method: req.method ?? "", url: req.url ?? "", authorization: req.headers.authorization });
            res.writeHead(200, { "content-type": "application/json" });
            res.end(JSON.stringify(req.url?.endsWith("/login") ? { token: "session-token" } : { data: [] }));
        });
    });
    return { server, received };
}

describe("no sign-in over plain http to a remote host", () => {
    const api = recordingApi();
    let port: number;
    const host = remoteLookingHost();

    before(async () => {
        await new Promise<void>((resolve) => api.server.listen(0, "0.0.0.0", resolve));
        port = (api.server.address() as AddressInfo).port;
    });
    after(async () => {
        await new Promise((resolve) => api.server.close(resolve));
    });
    beforeEach(() => {
        api.received.length = 0;
    });

    const refusal = (key: string, target: string) =>
        `refusing to send Patchworks credentials over plain http:// to ${target}: the sign-in and connector secrets would ` +
        `cross the network unencrypted. Use an https:// patchworks:${key}, or set patchworks:allowInsecureHttp to true ` +
        `if this network path is trusted`;

    /** The provider's way to a client: the settings' problem first, and the client refuses the same settings. */
    async function attempt(
        config: Record<string, string>,
        env: Record<string, string> = {},
    ): Promise<{ problem?: string; sent: Error | "sent" }> {
        const { settings, problem } = resolveSettings((key) => config[key], env);
        let sent: Error | "sent";
        try {
            await new PatchworksClient(settings).request({ request: { method: "GET", path: "/connectors" }, decode: () => undefined });
            sent = "sent";
        } catch (error) {
            sent = error as Error;
        }
        return { problem, sent };
    }

    const refused: {
        name: string;
        key: string;
        config: (base: string) => Record<string, string>;
        env?: (base: string) => Record<string, string>;
    }[] = [
        {
            name: "an apiUrl from stack config",
            key: "apiUrl",
            config: (base) => ({ "patchworks:apiUrl": `${base}/api/v2`, "patchworks:apiKey": API_KEY }),
        },
        {
            name: "an apiUrl from the environment",
            key: "apiUrl",
            config: () => ({}),
            env: (base) => ({ PATCHWORKS_API_URL: `${base}/api/v2`, PATCHWORKS_API_KEY: API_KEY }),
        },
        {
            name: "a loginUrl that would carry the password",
            key: "loginUrl",
            config: (base) => ({
                "patchworks:loginUrl": `${base}/api/login`,
                "patchworks:username": "ops",
                "patchworks:password": PASSWORD,
            }),
        },
    ];
    for (const { name, key, config, env } of refused) {
        it(`refuses ${name} before sending anything, saying why and what to set`, async () => {
            const base = `http://${host}:${port}`;
            const { problem, sent } = await attempt(config(base), env?.(base));
            assert.equal(problem, refusal(key, `${host}:${port}`));
            assert.ok(sent instanceof Error && sent.message === problem, String(sent));
            assert.equal(sent.stack, "", "a one-line error, without a stack trace");
            assert.ok(!sent.message.includes(API_KEY) && !sent.message.includes(PASSWORD));
            assert.deepEqual(api.received, [], "no request reached the server");
        });
    }

    it("refuses a plain-http host by name too, before resolving it", async () => {
        const { problem } = await attempt({ "patchworks:apiUrl": "http://patchworks.internal/api/v2", "patchworks:apiKey": API_KEY });
        assert.equal(problem, refusal("apiUrl", "patchworks.internal"));
    });

    const allowed: { name: string; config: Record<string, string>; env: Record<string, string> }[] = [
        { name: "patchworks:allowInsecureHttp", config: { "patchworks:allowInsecureHttp": "true" }, env: {} },
        { name: "PATCHWORKS_ALLOW_INSECURE_HTTP", config: {}, env: { PATCHWORKS_ALLOW_INSECURE_HTTP: "true" } },
    ];
    for (const { name, config, env } of allowed) {
        it(`signs in and sends over plain http to a remote host when ${name} is true`, async () => {
            const base = `http://${host}:${port}`;
            const settings = {
                "patchworks:apiUrl": `${base}/api/v2`,
                "patchworks:username": "ops",
                "patchworks:password": PASSWORD,
                ...config,
            };
            const { problem, sent } = await attempt(settings, env);
            assert.deepEqual([problem, sent], [undefined, "sent"]);
            assert.deepEqual(
                api.received.map((r) => `${r.method} ${r.url} ${r.authorization ?? "-"}`),
                ["POST /api/login -", "GET /api/v2/connectors Bearer session-token"],
            );
        });
    }

    for (const loopback of ["127.0.0.1", "localhost"]) {
        it(`talks plain http to ${loopback} without being told`, async () => {
            const { problem, sent } = await attempt({
                "patchworks:apiUrl": `http://${loopback}:${port}/api/v2`,
                "patchworks:apiKey": API_KEY,
            });
            assert.deepEqual([problem, sent], [undefined, "sent"]);
            assert.deepEqual(
                api.received.map((r) => r.authorization),
                [API_KEY],
            );
        });
    }
});
