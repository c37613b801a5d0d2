import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseState } from "../../emulator/state-file";
import { startEmulator, type EmulatorOptions } from "../support/emulator";
import { apiClient, connectorBodies, serviceBody, shopifyConnector } from "./http";

const BURST = 20;

describe("emulator: concurrent creates for the same key", () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "patchworks-emulator-burst-"));
    after(() => rmSync(dataDir, { recursive: true, force: true }));

    // With a data dir every create awaits a disk write, the case where a check-then-insert race
    // would show.
    const setups: { title: string; options: EmulatorOptions }[] = [
        { title: "in memory", options: {} },
        { title: "persisting to disk", options: { dataDir } },
    ];
    for (const { title, options } of setups) {
        it(`yields exactly one connector out of a burst of ${BURST} (${title})`, async () => {
            const emulator = await startEmulator(options);
            try {
                const api = apiClient(emulator);
                const responses = await Promise.all(
                    Array.from({ length: BURST }, (_, i) => api.post("/service-connectors", shopifyConnector({ name: `Racer ${i}` }))),
                );
                const created = responses.filter((r) => r.status === 201);
                const conflicts = responses.filter((r) => r.status === 409);
                assert.equal(created.length, 1);
                assert.equal(conflicts.length, BURST - 1);
                const winner = created[0].body.data.id;
                assert.ok(
                    conflicts.every((r) => r.body.message.includes(winner)),
                    "every 409 names the winner",
                );

                const listed = await api.get("/service-connectors");
                assert.deepEqual(
                    listed.body.data.map((c: { id: string }) => c.id),
                    [winner],
                );
                if (options.dataDir) {
                    const saved = parseState(readFileSync(path.join(options.dataDir, "state.json"), "utf8"));
                    assert.deepEqual(
                        saved.connectors.map((c) => c.id),
                        [winner],
                    );
                }
            } finally {
                await emulator.stop();
            }
        });
    }

    // The in-use refusal is derived from the stored services: a service created while its connector
    // is being deleted either exists and keeps the connector, or is refused because it is gone.
    for (const { title, options } of setups) {
        it(`never leaves a service whose connector was deleted, in a burst of creates and one delete (${title})`, async () => {
            const emulator = await startEmulator(options);
            try {
                const api = apiClient(emulator);
                const source = (await api.post("/service-connectors", connectorBodies.shopify({ company_group: "de" }))).body.data.id;
                const destination = (await api.post("/service-connectors", connectorBodies.netsuite({ company_group: "de" }))).body.data.id;
                const creates = Array.from({ length: BURST }, (_, i) =>
                    api.post("/services", serviceBody(source, destination, { name: `Racer ${i}` })),
                );
                const [deleted, ...responses] = await Promise.all([api.delete(`/service-connectors/${source}`), ...creates]);
                const created = responses.filter((r) => r.status === 201);
                assert.equal(created.length + responses.filter((r) => r.status === 422).length, BURST);
                const services = (await api.get("/services?per_page=250")).body.data;
                assert.equal(services.length, created.length);
                if (deleted.status === 204) {
                    assert.equal(created.length, 0, "no service was created after its connector went");
                } else {
                    assert.equal(deleted.status, 409);
                    const named: string[] = deleted.body.errors.services;
                    const createdNames = new Set(created.map((r) => r.body.data.name));
                    assert.ok(named.length > 0 && named.every((name) => createdNames.has(name)), "the refusal names services that exist");
                    assert.equal((await api.get(`/service-connectors/${source}`)).status, 200);
                }
            } finally {
                await emulator.stop();
            }
        });
    }
});
