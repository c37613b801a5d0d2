import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseState } from "../../emulator/state-file";
import { startEmulator, type EmulatorOptions } from "../support/emulator";
import { apiClient, shopifyConnector } from "./http";

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
                assert.ok(conflicts.every((r) => r.body.message.includes(winner)), "every 409 names the winner");

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
});
