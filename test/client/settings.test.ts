import assert from "node:assert/strict";
import { ClientConfigError, PatchworksClient, type ClientOptions } from "../../provider/client";
import { isLoopbackHost } from "../../provider/client/settings";
import { API_KEY } from "./fixtures";

describe("client settings", () => {
    const loopback: [string, boolean][] = [
        ["127.0.0.1", true],
        ["127.10.20.30", true],
        ["localhost", true],
        ["LOCALHOST", true],
        ["[::1]", true],
        ["::1", true],
        ["128.0.0.1", false],
        ["10.0.0.5", false],
        ["core.wearepatchworks.com", false],
        ["localhost.example.com", false],
        ["127.0.0.1.nip.io", false],
    ];
    for (const [host, expected] of loopback) {
        it(`${host} is ${expected ? "" : "not "}loopback`, () => assert.equal(isLoopbackHost(host), expected));
    }

    const transport: { apiUrl: string; allowInsecureHttp?: boolean; refused: boolean }[] = [
        { apiUrl: "https://core.wearepatchworks.com/api/v1", refused: false },
        { apiUrl: "http://127.0.0.1:8787/api/v1", refused: false },
        { apiUrl: "http://localhost:8787/api/v1", refused: false },
        { apiUrl: "http://[::1]:8787/api/v1", refused: false },
        { apiUrl: "http://patchworks.internal/api/v1", refused: true },
        { apiUrl: "http://192.168.1.10:8787/api/v1", refused: true },
        { apiUrl: "http://patchworks.internal/api/v1", allowInsecureHttp: true, refused: false },
    ];
    for (const { apiUrl, allowInsecureHttp, refused } of transport) {
        const label = `${apiUrl}${allowInsecureHttp ? " with allowInsecureHttp" : ""}`;
        it(`${refused ? "refuses" : "accepts"} ${label}`, () => {
            const make = () => new PatchworksClient({ apiUrl, apiKey: API_KEY, allowInsecureHttp });
            if (!refused) return void make();
            assert.throws(
                make,
                (error: Error) =>
                    error instanceof ClientConfigError &&
                    /patchworks:allowInsecureHttp/.test(error.message) &&
                    /unencrypted/.test(error.message) &&
                    !error.message.includes(API_KEY),
            );
        });
    }

    const invalid: { name: string; options: ClientOptions; message: RegExp }[] = [
        { name: "a relative apiUrl", options: { apiUrl: "/api/v1" }, message: /not an absolute URL/ },
        { name: "a non-http apiUrl", options: { apiUrl: "ftp://example.com/api" }, message: /http:\/\/ or https:\/\// },
        { name: "maxConcurrency 0", options: { apiUrl: "https://x.test", maxConcurrency: 0 }, message: /maxConcurrency/ },
        { name: "a negative maxRetries", options: { apiUrl: "https://x.test", maxRetries: -1 }, message: /maxRetries/ },
        { name: "a fractional timeoutMs", options: { apiUrl: "https://x.test", timeoutMs: 1.5 }, message: /timeoutMs/ },
    ];
    for (const { name, options, message } of invalid) {
        it(`rejects ${name}`, () => {
            assert.throws(() => new PatchworksClient(options), (e: Error) => e instanceof ClientConfigError && message.test(e.message));
        });
    }
});
