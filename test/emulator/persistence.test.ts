import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parseState } from "../../emulator/state-file";
import { startEmulatorProcess, type EmulatorProcess } from "../support/emulator";
import { apiClient, connectorBodies, serviceBody, shopifyConnector } from "./http";

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

    async function start(options: { dataDir?: string; companyGroups?: string[] } = { dataDir }): Promise<EmulatorProcess> {
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

    it("keeps services with their connectors across a restart, with their webhook URLs and the in-use refusal", async () => {
        const first = await start();
        const api = apiClient(first);
        const shopify = (await api.post("/service-connectors", connectorBodies.shopify())).body.data.id;
        const netsuite = (await api.post("/service-connectors", connectorBodies.netsuite())).body.data.id;
        const hooked = await api.post("/services", serviceBody(shopify, netsuite, { name: "On webhook", trigger: { type: "webhook" } }));
        const scheduled = await api.post(
            "/services",
            serviceBody(netsuite, shopify, {
                name: "Every hour",
                active: true,
                trigger: { type: "schedule", expression: "0 * * * *" },
                mappings: [
                    {
                        source_field: null,
                        destination_field: "memo",
                        transforms: [{ function: "custom_string", args: { customString: "x" } }],
                    },
                ],
            }),
        );
        assert.deepEqual([hooked.status, scheduled.status], [201, 201]);
        const services = (await api.get("/services")).body.data;
        const connectors = (await api.get("/service-connectors")).body.data;
        await first.stop();

        assert.deepEqual(
            parseState(readFileSync(statePath(dataDir), "utf8")).services?.map((s) => s.name),
            ["On webhook", "Every hour"],
        );
        const second = await start();
        const restarted = apiClient(second);
        assert.deepEqual((await restarted.get("/services")).body.data, services, "services come back as they were, webhook URL included");
        assert.deepEqual((await restarted.get("/service-connectors")).body.data, connectors);
        const refused = await restarted.delete(`/service-connectors/${shopify}`);
        assert.equal(refused.status, 409);
        assert.deepEqual(refused.body.errors, { services: ["On webhook", "Every hour"] });
    });

    it("leaves a loadable state.json holding every acknowledged service create when killed -9 mid-write", async () => {
        const emulator = await start();
        const api = apiClient(emulator);
        const shopify = (await api.post("/service-connectors", connectorBodies.shopify())).body.data.id;
        const netsuite = (await api.post("/service-connectors", connectorBodies.netsuite())).body.data.id;
        const acknowledged: string[] = [];
        let crashed = false;
        const writer = async (writerId: number) => {
            for (let n = 0; !crashed; n++) {
                try {
                    const created = await api.post("/services", serviceBody(shopify, netsuite, { name: `Writer ${writerId} #${n}` }));
                    acknowledged.push(created.body.data.id);
                    await api.patch(`/services/${created.body.data.id}`, { notes: `patched ${n}` });
                } catch {
                    return; // the connection died with the process
                }
            }
        };
        const writers = Array.from({ length: WRITERS }, (_, i) => writer(i));
        for (let waited = 0; acknowledged.length < 5; waited += 5) {
            assert.ok(waited < 5000, "the writers made no progress");
            await sleep(5);
        }
        await sleep(20 + Math.random() * 80);
        assert.equal((await emulator.kill("SIGKILL")).signal, "SIGKILL");
        crashed = true;
        await Promise.all(writers);

        const saved = parseState(readFileSync(statePath(dataDir), "utf8"));
        const savedIds = new Set(saved.services?.map((s) => s.id));
        assert.ok(
            acknowledged.every((id) => savedIds.has(id)),
            "every create answered 201 is on disk",
        );
        const restarted = await start();
        const total = (await apiClient(restarted).get("/services?per_page=250")).body.meta.total;
        assert.equal(total, savedIds.size, "the restart loads what is on disk");
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
                        // Each connector needs a key of its own, so a group of its own on the profile.
                        const group = `round-${round}-writer-${writerId}-${n}`;
                        await emulator.addCompanyGroups([group]);
                        const created = await api.post("/service-connectors", shopifyConnector({ company_group: group }));
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

    it("keeps the company profile across a restart, adding the groups the new start names", async () => {
        const first = await start({ dataDir, companyGroups: ["uk"] });
        await first.addCompanyGroups(["es"]);
        const created = await apiClient(first).post("/service-connectors", shopifyConnector({ company_group: "es" }));
        assert.equal(created.status, 201, JSON.stringify(created.body));
        await first.stop();
        assert.deepEqual(parseState(readFileSync(statePath(dataDir), "utf8")).companyGroups, [
            { id: "1", name: "uk" },
            { id: "2", name: "es" },
        ]);

        const second = await start({ dataDir, companyGroups: ["uk", "fr"] });
        const restarted = apiClient(second);
        const profile = [
            { id: "1", name: "uk" },
            { id: "2", name: "es" },
            { id: "3", name: "fr" },
        ];
        assert.deepEqual((await restarted.get("/company-groups")).body, { data: profile });
        assert.equal((await restarted.get(`/service-connectors/${created.body.data.id}`)).status, 200);

        // A reset goes back to the groups of this start, not to what was saved.
        await second.reset();
        assert.deepEqual((await restarted.get("/company-groups")).body, {
            data: [
                { id: "1", name: "uk" },
                { id: "2", name: "fr" },
            ],
        });
        await second.stop();
        assert.deepEqual(
            parseState(readFileSync(statePath(dataDir), "utf8")).companyGroups?.map((g) => g.name),
            ["uk", "fr"],
        );
    });

    it("loads a state file from before company profiles, keeping its connectors' groups on the profile", async () => {
        const stamp = "2024-01-01T00:00:00.000Z";
        const connector = {
            id: "sc_00000000000000aa",
            ...shopifyConnector({ company_group: " Nordics " }),
            status: "operational",
            created_at: stamp,
            updated_at: stamp,
        };
        writeFileSync(statePath(dataDir), JSON.stringify({ connectors: [connector], usage: {} }));
        const emulator = await start({ dataDir, companyGroups: ["uk"] });
        const api = apiClient(emulator);
        assert.deepEqual((await api.get("/company-groups")).body, {
            data: [
                { id: "1", name: "uk" },
                { id: "2", name: "Nordics" },
            ],
        });
        assert.equal(
            (await api.post("/service-connectors", shopifyConnector({ company_group: "nordics", environment: "test" }))).status,
            201,
        );
        assert.equal((await api.get("/services")).body.meta.total, 0, "a file from before services has none");
    });

    it("refuses to start on a corrupt state.json, saying which file", async () => {
        writeFileSync(statePath(dataDir), '{"connectors": [');
        await assert.rejects(start(), /not a valid emulator state file/);
    });

    it("exits 0 on SIGINT", async () => {
        const emulator = await start({});
        assert.deepEqual(await emulator.kill("SIGINT"), { code: 0, signal: null });
    });

    const usageErrors: { args: string[]; says: RegExp }[] = [
        { args: ["--bogus"], says: /Unknown option '--bogus'/ },
        { args: ["--company-groups", "uk,,fr"], says: /--company-groups takes names separated by commas, with none blank/ },
        { args: ["--company-groups", `uk,${"g".repeat(256)}`], says: /--company-groups: a name may have at most 255 characters/ },
    ];
    for (const { args, says } of usageErrors) {
        it(`rejects ${args.join(" ").slice(0, 40)} with one line and exit status 2`, () => {
            const result = spawnSync(process.execPath, [MAIN_SCRIPT, ...args], { encoding: "utf8" });
            assert.equal(result.status, 2);
            assert.equal(result.stdout, "");
            const lines = result.stderr.trim().split("\n");
            assert.equal(lines.length, 1, result.stderr);
            assert.match(lines[0], says);
        });
    }

    it("starts with the groups of --company-groups, trimmed, and none for an empty list", async () => {
        const named = await start({ companyGroups: [" uk", "FR ", "de"] });
        assert.deepEqual(
            (await apiClient(named).get("/company-groups")).body.data.map((g: { name: string }) => g.name),
            ["uk", "FR", "de"],
        );
        await named.stop();
        const none = await start({ companyGroups: [] });
        assert.deepEqual((await apiClient(none).get("/company-groups")).body, { data: [] });
    });
});
