import assert from "node:assert/strict";
import { startEmulator, type RunningEmulator } from "../support/emulator";
import { apiClient } from "./http";

const API_KEY = "test-key-123";

describe("emulator: API key", () => {
    let emulator: RunningEmulator;

    before(async () => {
        emulator = await startEmulator({ apiKey: API_KEY });
    });
    after(() => emulator.stop());

    const cases: { title: string; authorization?: string; status: number }[] = [
        { title: "no Authorization header", status: 401 },
        { title: "a wrong key", authorization: "wrong-key", status: 401 },
        { title: "the key in a different case", authorization: API_KEY.toUpperCase(), status: 401 },
        { title: "the key with extra text", authorization: `${API_KEY}x`, status: 401 },
        { title: "Bearer and a wrong key", authorization: "Bearer wrong-key", status: 401 },
        { title: "Bearer and nothing", authorization: "Bearer ", status: 401 },
        { title: "the raw key", authorization: API_KEY, status: 200 },
        { title: "Bearer and the key", authorization: `Bearer ${API_KEY}`, status: 200 },
        { title: "lower-case bearer and the key", authorization: `bearer ${API_KEY}`, status: 200 },
    ];
    for (const { title, authorization, status } of cases) {
        it(`answers ${status} to ${title}`, async () => {
            const response = await apiClient(emulator).request("GET", "/service-connectors", {
                omitAuth: authorization === undefined,
                headers: authorization === undefined ? {} : { authorization },
            });
            assert.equal(response.status, status);
            if (status === 401) {
                assert.match(response.body.message, /API key/);
                assert.ok(!JSON.stringify(response.body).includes(API_KEY), "the 401 must not echo the key");
            }
        });
    }

    it("checks the key before routing, so unknown /api/v1 paths are 401 too", async () => {
        const api = apiClient(emulator);
        assert.equal((await api.request("GET", "/no-such-thing", { omitAuth: true })).status, 401);
        assert.equal((await api.get("/no-such-thing")).status, 404);
    });

    it("serves /__admin without a key", async () => {
        const response = await fetch(`${emulator.url}/__admin/requests`);
        assert.equal(response.status, 200);
    });

    it('defaults the key to "dev-key" when none is configured', async () => {
        const defaultEmulator = await startEmulator();
        try {
            assert.equal(defaultEmulator.apiKey, "dev-key");
            const api = apiClient({ apiUrl: defaultEmulator.apiUrl, apiKey: "dev-key" });
            assert.equal((await api.get("/service-connectors")).status, 200);
            const other = apiClient({ apiUrl: defaultEmulator.apiUrl, apiKey: API_KEY });
            assert.equal((await other.get("/service-connectors")).status, 401);
        } finally {
            await defaultEmulator.stop();
        }
    });
});
