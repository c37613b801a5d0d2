// The provider refuses to send the API key over plain http:// to a host that is not this machine,
// unless patchworks:allowInsecureHttp says the path is trusted. Tested through the provider's own
// configure + check/create (what the engine calls), against a server that records what reaches it.
import { strict as assert } from "node:assert";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import * as provider from "../../provider";
import { shopifyInputs } from "../support/connector-inputs";

const API_KEY = "pwk-insecure-http-test-key-81b2";

/** An address of this machine that is not loopback, so "remote" traffic can be observed safely. */
function nonLoopbackIPv4(): string | undefined {
    return Object.values(os.networkInterfaces())
        .flat()
        .find((a) => a && a.family === "IPv4" && !a.internal)?.address;
}

function configure(values: Record<string, string>): void {
    provider.configure({ get: (key) => values[key] });
}

describe("provider: no API key over plain http to a remote host", () => {
    let server: http.Server;
    let port: number;
    const received: http.IncomingHttpHeaders[] = [];
    const savedEnv = process.env.PATCHWORKS_ALLOW_INSECURE_HTTP;

    before(async () => {
        server = http.createServer((req, res) => {
            received.push(req.headers);
            res.writeHead(200, { "content-type": "application/json" });
            res.end(JSON.stringify({ data: [], meta: { current_page: 1, last_page: 1, per_page: 250, total: 0 } }));
        });
        await new Promise<void>((resolve) => server.listen(0, "0.0.0.0", resolve));
        port = (server.address() as AddressInfo).port;
    });
    after(async () => {
        await new Promise((resolve) => server.close(resolve));
        if (savedEnv === undefined) delete process.env.PATCHWORKS_ALLOW_INSECURE_HTTP;
        else process.env.PATCHWORKS_ALLOW_INSECURE_HTTP = savedEnv;
    });
    beforeEach(() => {
        received.length = 0;
        delete process.env.PATCHWORKS_ALLOW_INSECURE_HTTP;
    });

    const remoteHosts = (): string[] => [nonLoopbackIPv4(), "patchworks.internal", "10.0.0.5"].filter((h): h is string => !!h);

    it("fails check and create without sending anything, saying why and what to set", async () => {
        for (const host of remoteHosts()) {
            const apiUrl = `http://${host}:${port}/api/v1`;
            configure({ "patchworks:apiUrl": apiUrl, "patchworks:apiKey": API_KEY });

            const { failures } = await provider.check({}, shopifyInputs());
            assert.equal(failures.length, 1, JSON.stringify(failures));
            const [failure] = failures;
            assert.match(failure.reason, new RegExp(`Refusing to send Patchworks credentials over plain http:// to ${host}:${port}`));
            assert.match(failure.reason, /would cross the network unencrypted/);
            assert.match(failure.reason, /patchworks:allowInsecureHttp/);
            assert.ok(!failure.reason.includes(API_KEY));

            const { inputs } = await provider.check({}, shopifyInputs({ adopt: false }));
            const error = await provider.create(inputs).then(
                () => assert.fail("create must refuse"),
                (e: Error) => e,
            );
            assert.match(error.message, /^Refusing to send Patchworks credentials over plain http:\/\//);
            assert.equal(error.stack, "", "a one-line error, without a stack trace");
            await assert.rejects(provider.remove("sc_1", {} as never), /Refusing to send Patchworks credentials/);
        }
        assert.equal(received.length, 0, "no request reached the server");
    });

    it("talks plain http to loopback addresses without being told", async () => {
        for (const host of ["127.0.0.1", "localhost"]) {
            configure({ "patchworks:apiUrl": `http://${host}:${port}/api/v1`, "patchworks:apiKey": API_KEY });
            const { failures } = await provider.check({}, shopifyInputs());
            assert.deepEqual(failures, []);
        }
        assert.equal(received.length, 2);
    });

    it("sends over plain http to a remote host when patchworks:allowInsecureHttp (or its variable) is true", async function () {
        const host = nonLoopbackIPv4();
        if (!host) this.skip();
        const apiUrl = `http://${host}:${port}/api/v1`;
        configure({ "patchworks:apiUrl": apiUrl, "patchworks:apiKey": API_KEY, "patchworks:allowInsecureHttp": "true" });
        assert.deepEqual((await provider.check({}, shopifyInputs())).failures, []);

        process.env.PATCHWORKS_ALLOW_INSECURE_HTTP = "true";
        configure({ "patchworks:apiUrl": apiUrl, "patchworks:apiKey": API_KEY });
        assert.deepEqual((await provider.check({}, shopifyInputs())).failures, []);

        assert.equal(received.length, 2);
        assert.ok(received.every((headers) => headers.authorization === API_KEY), "the key went only where it was allowed to");
    });
});
