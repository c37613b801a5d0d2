// The emulator as a process: its command line, state kept in --data-dir across restarts, and no
// torn state file after kill -9 in the middle of writes.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DEFAULT_USER } from "../../emulator/access";
import { startEmulatorProcess } from "../support/emulator";
import { fabricHttp } from "../support/fabric-http";
import { connectorBody, createConnector } from "./suite";

const MAIN_SCRIPT = path.resolve(__dirname, "../../emulator/main.js");

describe("emulator: process and persistence", function () {
    this.timeout(30_000);
    let dataDir: string;

    beforeEach(() => {
        dataDir = mkdtempSync(path.join(tmpdir(), "patchworks-emulator-"));
    });
    afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

    it("keeps groups, connectors, services, mappings and sign-ins across a restart on the same data dir", async () => {
        const first = await startEmulatorProcess({ dataDir, companyGroups: ["UK Store"] });
        const connector = await createConnector(first, "Veeqo");
        await first.createIntegration("Later Store");
        const token = await first.token();
        await first.stop();
        const second = await startEmulatorProcess({ dataDir, companyGroups: ["UK Store"] });
        try {
            assert.deepEqual(
                (await second.connectors()).map((item) => item.id),
                [connector.id],
            );
            assert.deepEqual(
                (await second.integrations()).map((group) => group.username),
                ["uk_store", "later_store"],
            );
            const answer = await second.request("GET", "/api/v2/connectors", { auth: { as: "header", value: `Bearer ${token}` } });
            assert.equal(answer.status, 200, "a token outlives a restart, as Passport's do");
        } finally {
            await second.stop();
        }
        const text = readFileSync(path.join(dataDir, "state.json"), "utf8");
        assert.ok(!text.includes(token), "tokens are kept by digest only");
    });

    it("leaves a whole state file after kill -9 in the middle of a burst of writes", async () => {
        const emulator = await startEmulatorProcess({ dataDir, companyGroups: ["UK Store"] });
        const body = await connectorBody(emulator, "Veeqo");
        await emulator.token();
        const writes = Array.from({ length: 40 }, (_, i) =>
            emulator.request("POST", "/api/v2/connectors", { json: { ...body, environment: `env${i}` } }).catch(() => undefined),
        );
        await new Promise((resolve) => setTimeout(resolve, 30));
        await emulator.kill("SIGKILL");
        await Promise.all(writes);
        assert.ok(readdirSync(dataDir).includes("state.json"), "the login before the burst saved a state file");
        const state = JSON.parse(readFileSync(path.join(dataDir, "state.json"), "utf8"));
        assert.ok(Array.isArray(state.integrations), "the file is whole");
        const restarted = await startEmulatorProcess({ dataDir, companyGroups: ["UK Store"] });
        try {
            assert.ok((await restarted.connectors()).length <= 40);
        } finally {
            await restarted.stop();
        }
    });

    it("prints the default user's sign-in when no --user is given, and signs in --user accounts with their roles", async () => {
        const plain = await startEmulatorProcess({});
        try {
            assert.match(plain.output(), new RegExp(`${DEFAULT_USER.email} with the password ${DEFAULT_USER.password}`));
        } finally {
            await plain.stop();
        }
        const clerk = { email: "clerk@acme.test", password: "clerk-pw", role: "client-user" as const };
        const withUsers = await startEmulatorProcess({
            users: [{ email: "boss@acme.test", password: "boss-pw" }, clerk],
            apiKey: "secret-key-1",
        });
        try {
            assert.ok(
                !withUsers.output().includes("boss-pw") && !withUsers.output().includes("secret-key-1"),
                "no password or key is printed",
            );
            const answer = await fabricHttp(withUsers.url, clerk).request("DELETE", "/api/v2/integrations/1");
            assert.equal(answer.status, 403);
        } finally {
            await withUsers.stop();
        }
    });

    const badLines: [string[], RegExp][] = [
        [["--port", "x"], /--port must be an integer/],
        [["--user", "no-password"], /--user takes EMAIL:PASSWORD/],
        [["--user", "a@b.c:pw:superuser"], /ROLE one of client-admin, client-user/],
        [["--company-groups", "UK,France Store"], /"UK" is not a group name/],
        [["--company-groups", "UK Store,UK-Store"], /"UK Store" and "UK-Store" would be the same group \(same username\)/],
        [["--rate-limit", "0"], /--rate-limit must be an integer from 1/],
        [["--token-ttl", "soon"], /--token-ttl must be an integer/],
        [["--nope"], /Unknown option/],
    ];
    for (const [args, message] of badLines) {
        it(`exits 2 with one line for ${args.join(" ")}`, () => {
            const run = spawnSync(process.execPath, [MAIN_SCRIPT, ...args], { encoding: "utf8" });
            assert.equal(run.status, 2);
            assert.match(run.stderr, message);
            assert.equal(run.stderr.trim().split("\n").length, 1);
        });
    }
});
