// The provider refuses to send the API key over plain http:// to a host that is not this machine,
// unless patchworks:allowInsecureHttp says the path is trusted. Tested through what the engine
// calls (configure, then check and create), against a server on a non-loopback address of this
// machine, so a request that was wrongly sent would be seen arriving.
import { strict as assert } from "node:assert";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import * as connector from "../../provider/connector/provider";
import type { ConnectorInputs } from "../../provider/connector/validate";
import { configure } from "../../provider/runtime";
import { shopifyInputs } from "../support/connector-inputs";

const API_KEY = "pwk-insecure-http-test-key-81b2";

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

/** Answers an empty connector list and echoes a created connector, recording what arrives. */
function recordingApi() {
    const received: { method: string; url: string; authorization?: string }[] = [];
    const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (chunk: Buffer) => chunks.push(chunk));
        req.on("end", () => {
            received.push({ method: req.method ?? "", url: req.url ?? "", authorization: req.headers.authorization });
            res.writeHead(req.method === "POST" ? 201 : 200, { "content-type": "application/json" });
            const at = "2025-06-01T12:00:00Z";
            const created = () => ({
                ...JSON.parse(Buffer.concat(chunks).toString("utf8")),
                id: "sc_1",
                status: "operational",
                created_at: at,
                updated_at: at,
            });
            const emptyList = { data: [], meta: { current_page: 1, last_page: 1, per_page: 250, total: 0 } };
            const groups = { data: [{ id: "1", name: "uk" }], meta: { current_page: 1, last_page: 1, per_page: 250, total: 1 } };
            res.end(
                JSON.stringify(
                    req.method === "POST" ? { data: created() } : req.url?.startsWith("/api/v1/company-groups") ? groups : emptyList,
                ),
            );
        });
    });
    return { server, received };
}

describe("provider: no API key over plain http to a remote host", () => {
    const api = recordingApi();
    let port: number;
    const host = remoteLookingHost();
    const saved = { ...process.env };

    before(async () => {
        await new Promise<void>((resolve) => api.server.listen(0, "0.0.0.0", resolve));
        port = (api.server.address() as AddressInfo).port;
    });
    after(async () => {
        await new Promise((resolve) => api.server.close(resolve));
    });
    beforeEach(() => {
        api.received.length = 0;
        for (const name of Object.keys(process.env)) if (name.startsWith("PATCHWORKS_")) delete process.env[name];
    });
    afterEach(() => {
        for (const name of Object.keys(process.env)) if (name.startsWith("PATCHWORKS_")) delete process.env[name];
        Object.assign(process.env, saved);
    });

    function configureWith(values: Record<string, string>): void {
        configure({ get: (key) => values[key] });
    }

    async function checkedInputs(): Promise<ConnectorInputs> {
        return (await connector.check({}, shopifyInputs())).inputs;
    }

    const refusal = (target: string) =>
        `refusing to send Patchworks credentials over plain http:// to ${target}: the API key and connector secrets would ` +
        `cross the network unencrypted. Use an https:// patchworks:apiUrl, or set patchworks:allowInsecureHttp to true ` +
        `if this network path is trusted`;

    const refusedSources: { name: string; arrange: (apiUrl: string) => void }[] = [
        { name: "stack config", arrange: (apiUrl) => configureWith({ "patchworks:apiUrl": apiUrl, "patchworks:apiKey": API_KEY }) },
        {
            name: "the environment",
            arrange: (apiUrl) => {
                process.env.PATCHWORKS_API_URL = apiUrl;
                process.env.PATCHWORKS_API_KEY = API_KEY;
                configureWith({});
            },
        },
    ];
    for (const { name, arrange } of refusedSources) {
        it(`fails check and create without sending anything when the apiUrl comes from ${name}, saying why and what to set`, async () => {
            arrange(`http://${host}:${port}/api/v1`);
            const { failures } = await connector.check({}, shopifyInputs());
            assert.deepEqual(failures, [
                { property: "", reason: `cannot check the account for existing connectors: ${refusal(`${host}:${port}`)}` },
            ]);

            const error = await connector.create(await checkedInputs()).then(
                () => assert.fail("create must refuse"),
                (e: Error) => e,
            );
            assert.equal(error.message, refusal(`${host}:${port}`));
            assert.equal(error.stack, "", "a one-line error, without a stack trace");
            assert.ok(!error.message.includes(API_KEY));
            assert.deepEqual(api.received, [], "no request reached the server");
        });
    }

    it("refuses a plain-http host by name too, before resolving it", async () => {
        configureWith({ "patchworks:apiUrl": "http://patchworks.internal/api/v1", "patchworks:apiKey": API_KEY });
        const error = await connector.create(await checkedInputs()).then(
            () => assert.fail("create must refuse"),
            (e: Error) => e,
        );
        assert.equal(error.message, refusal("patchworks.internal"));
    });

    const allowedSources: { name: string; arrange: (apiUrl: string) => void }[] = [
        {
            name: "patchworks:allowInsecureHttp",
            arrange: (apiUrl) =>
                configureWith({ "patchworks:apiUrl": apiUrl, "patchworks:apiKey": API_KEY, "patchworks:allowInsecureHttp": "true" }),
        },
        {
            name: "PATCHWORKS_ALLOW_INSECURE_HTTP",
            arrange: (apiUrl) => {
                process.env.PATCHWORKS_ALLOW_INSECURE_HTTP = "true";
                configureWith({ "patchworks:apiUrl": apiUrl, "patchworks:apiKey": API_KEY });
            },
        },
    ];
    for (const { name, arrange } of allowedSources) {
        it(`checks and creates over plain http to a remote host when ${name} is true`, async () => {
            arrange(`http://${host}:${port}/api/v1`);
            assert.deepEqual((await connector.check({}, shopifyInputs())).failures, []);
            const { id } = await connector.create(await checkedInputs());
            assert.equal(id, "sc_1");
            // The account list may come from this process's earlier check; the create must arrive.
            assert.equal(api.received.filter((r) => r.method === "POST").length, 1);
            assert.ok(
                api.received.every((r) => r.authorization === API_KEY),
                "the key went where it was allowed to",
            );
        });
    }

    for (const loopback of ["127.0.0.1", "localhost"]) {
        it(`talks plain http to ${loopback} without being told`, async () => {
            configureWith({ "patchworks:apiUrl": `http://${loopback}:${port}/api/v1`, "patchworks:apiKey": API_KEY });
            assert.deepEqual((await connector.check({}, shopifyInputs())).failures, []);
            // The account's connectors and its company groups, both read over plain http.
            assert.deepEqual(api.received.map((r) => r.url.split("?")[0]).sort(), ["/api/v1/company-groups", "/api/v1/service-connectors"]);
        });
    }
});
