import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parseState } from "../../emulator/state-file";
import { startEmulatorProcess, type EmulatorProcess } from "../support/emulator";
import { apiClient, shopifyConnector } from "./http";

const MAIN_SCRIPT = path.resolve(__dirname, "../../emulator/main.js");
const CRASH_ROUNDS = 4;
const WRITERS = 6;

function statePath(dir: string): string {
    return path.join(dir, "state.json");
}

describe("emulator: persistence and the command line", () => {
    let dataDir: string;
    let running: EmulatorProcess | undefined;

    beforeEach(() => {
        dataDir = mkdtempSync(path.join(os.tmpdir(), "patchworks-emulator-"));
    });
    afterEach(async () => {
        await running?.kill("SIGKILL");
        running = undefined;
        rmSync(dataDir, { recursive: true, force: true });
    });

    async function start(options: { dataDir?: string } = { dataDir }): Promise<EmulatorProcess> {
        running = await startEmulatorProcess(options);
        return running;
    }

    it("keeps connectors and usage across a restart with --data-dir", async () => {
        const first = await start();
        const api = apiClient(first);
        const live = (await api.post("/service-connectors", shopifyConnector())).body.data;
        const test = (await api.post("/service-connectors", shopifyConnector({ environment: "test" }))).body.data;
        await first.markInUse(live.id, ["Orders to NetSuite"]);
        await first.stop();

        assert.deepEqual(readdirSync(dataDir), ["state.json"], "no temp file is left behind");
        const saved = parseState(readFileSync(statePath(dataDir), "utf8"));
        assert.equal(saved.connectors[0].credentials.accessToken, "shpat_secret_value", "the real secret is kept, not the mask");

        const second = await start();
        const restarted = apiClient(second);
        assert.notEqual(second.url, first.url);
        assert.deepEqual((await restarted.get("/service-connectors")).body.data, [live, test]);
        const refused = await restarted.delete(`/service-connectors/${live.id}`);
        assert.equal(refused.status, 409, "usage survived the restart");
        assert.equal((await restarted.post("/service-connectors", shopifyConnector())).status, 409, "so did uniqueness");
    });

    it("keeps state in memory only without --data-dir", async () => {
        const first = await start({});
        assert.equal((await apiClient(first).post("/service-connectors", shopifyConnector())).status, 201);
        await first.stop();
        const second = await start({});
        assert.equal((await apiClient(second).get("/service-connectors")).body.meta.total, 0);
    });

    it(`leaves a loadable state.json holding every acknowledged create when killed -9 mid-write (${CRASH_ROUNDS} rounds)`, async () => {
        for (let round = 0; round < CRASH_ROUNDS; round++) {
            const emulator = await start();
            const api = apiClient(emulator);
            const acknowledged: string[] = [];
            let crashed = false;
            // Writers create and rename connectors until the process dies under them.
            const writer = async (writerId: number) => {
                for (let n = 0; !crashed; n++) {
                    try {
                        const created = await api.post(
                            "/service-connectors",
                            shopifyConnector({ company_group: `round-${round}-writer-${writerId}-${n}` }),
                        );
                        acknowledged.push(created.body.data.id);
                        await api.patch(`/service-connectors/${created.body.data.id}`, { name: `Renamed ${n}` });
                    } catch {
                        return; // the connection died with the process
                    }
                }
            };
            const writers = Array.from({ length: WRITERS }, (_, i) => writer(i));
            for (let waited = 0; acknowledged.length < 5; waited += 5) {
                assert.ok(waited < 5000, `round ${round}: the writers made no progress`);
                await sleep(5);
            }
            await sleep(20 + Math.random() * 80);
            const exit = await emulator.kill("SIGKILL");
            crashed = true;
            await Promise.all(writers);
            assert.equal(exit.signal, "SIGKILL");

            const saved = parseState(readFileSync(statePath(dataDir), "utf8"));
            const savedIds = new Set(saved.connectors.map((c) => c.id));
            assert.ok(
                acknowledged.every((id) => savedIds.has(id)),
                `round ${round}: every create answered 201 is on disk`,
            );

            const restarted = await start();
            const total = (await apiClient(restarted).get("/service-connectors?per_page=250")).body.meta.total;
            assert.equal(total, saved.connectors.length, `round ${round}: the restart loads what is on disk`);
            await restarted.stop();
        }
    });

    it("refuses to start on a corrupt state.json, saying which file", async () => {
        writeFileSync(statePath(dataDir), '{"connectors": [');
        await assert.rejects(start(), /not a valid emulator state file/);
    });

    it("exits 0 on SIGINT", async () => {
        const emulator = await start({});
        assert.deepEqual(await emulator.kill("SIGINT"), { code: 0, signal: null });
    });

    it("rejects an unknown flag with one line and exit status 2", () => {
        const result = spawnSync(process.execPath, [MAIN_SCRIPT, "--bogus"], { encoding: "utf8" });
        assert.equal(result.status, 2);
        assert.equal(result.stdout, "");
        const lines = result.stderr.trim().split("\n");
        assert.equal(lines.length, 1, result.stderr);
        assert.match(lines[0], /Unknown option '--bogus'/);
    });
});
