// The emulator hooks the reliability scenarios are built on, against the Fabric routes: latency
// that delays the answer but not the work (a client that gives up cannot know whether its request
// took effect), and faults limited to some methods and paths. The rest of the hooks are covered by
// test/emulator/admin.test.ts.
import { strict as assert } from "node:assert";
import { connectorBody, connectorPath } from "../emulator/suite";
import { type RunningEmulator, startEmulator } from "../support/emulator";

describe("emulator hooks for fault scenarios", () => {
    let emulator: RunningEmulator;

    before(async () => {
        emulator = await startEmulator();
    });
    beforeEach(() => emulator.reset());
    after(() => emulator.stop());

    it("creates a connector whose answer never arrives, so a client must read back before it creates again", async () => {
        const body = await connectorBody(emulator, "Veeqo");
        await emulator.setFaults({ latencyMs: 600, methods: ["POST"], paths: ["/api/v2/connectors"] });
        await assert.rejects(
            fetch(`${emulator.apiUrl}/connectors`, {
                method: "POST",
                headers: { authorization: emulator.apiKey, accept: "application/json", "content-type": "application/json" },
                body: JSON.stringify(body),
                signal: AbortSignal.timeout(100),
            }),
            /TimeoutError|aborted/,
        );
        await emulator.setFaults({});
        assert.equal((await emulator.connectors()).length, 1, "the POST took effect although its answer never arrived");
    });

    it("fails only the listed methods under the listed paths, and the log shows each answer", async () => {
        const body = await connectorBody(emulator, "Veeqo");
        const connector = (await emulator.request("POST", "/api/v2/connectors", { json: body })).body.data;
        await emulator.setFaults({ failRate: 1, failStatus: 500, methods: ["PUT", "DELETE"], paths: ["/api/v2/connectors/"] });
        assert.equal((await emulator.request("GET", connectorPath(connector.id))).status, 200);
        assert.equal((await emulator.request("PUT", connectorPath(connector.id), { json: { environment: "live" } })).status, 500);
        assert.equal((await emulator.request("DELETE", connectorPath(connector.id))).status, 500);
        assert.equal((await emulator.request("DELETE", "/api/v2/integrations/105")).status, 200);
        const statuses = (await emulator.requests()).slice(-4).map((entry) => `${entry.method} ${entry.status}`);
        assert.deepEqual(statuses, ["GET 200", "PUT 500", "DELETE 500", "DELETE 200"]);
    });
});
