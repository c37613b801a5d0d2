// `pulumi-patchworks export` as a user runs it (in process): settings from the environment, the
// account read with GETs only, the project written where --out says, one clear line on failure,
// and no secret anywhere in what it prints or writes.
import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { main } from "../../scripts/commands/main";
import { REPO_ROOT } from "../support/pulumi";
import { exportWorld, type ExportWorld } from "./fixtures";
import { SEED_SECRETS } from "./seed";

interface Run {
    code: number;
    stdout: string;
    stderr: string;
}

describe("export: the command", function () {
    this.timeout(60_000);
    let world: ExportWorld;
    let root: string;
    before(async () => {
        world = await exportWorld();
        root = mkdtempSync(path.join(os.tmpdir(), "patchworks-export-command-"));
    });
    after(async () => {
        await world?.emulator.stop();
        if (root) rmSync(root, { recursive: true, force: true });
    });

    async function run(args: string[], env: Record<string, string> = world.env): Promise<Run> {
        const out: string[] = [];
        const err: string[] = [];
        const code = await main(args, env, { say: (line) => out.push(line), progress: (line) => err.push(line) });
        return { code, stdout: out.join("\n"), stderr: err.join("\n") };
    }
    const dir = (name: string) => path.join(root, name);
    const written = (name: string) =>
        readdirSync(dir(name))
            .filter((f) => !f.startsWith("."))
            .map((f) => readFileSync(path.join(dir(name), f), "utf8"))
            .join("\n");

    it("exports the whole account with GETs only, and says what to run next", async () => {
        const mark = (await world.emulator.requests()).length;
        const result = await run(["export", "--out", dir("whole")]);
        assert.equal(result.code, 0, result.stderr);
        assert.match(result.stdout, /^Exported 5 connectors and 2 services \(the whole account\) to .*whole in \d+\.\d s\.$/m);
        assert.match(result.stdout, /^ {2}pulumi config set --secret patchworks:apiKey <your Patchworks API key>$/m);
        assert.match(result.stderr, /^read 5 connectors$/m);
        const writes = (await world.emulator.requests()).slice(mark).filter((r) => r.method !== "GET");
        assert.deepEqual(writes, [], "the export sends no write");
        const manifest = JSON.parse(readFileSync(path.join(dir("whole"), "package.json"), "utf8"));
        assert.equal(manifest.dependencies["pulumi-patchworks"], `file:${REPO_ROOT}`, "installs the package the export ran from");
    });

    it("prints and writes no secret the account holds, nor the sign-in", async () => {
        const result = await run(["export", "--out", dir("secrets")]);
        const everything = `${result.stdout}\n${result.stderr}\n${written("secrets")}`;
        for (const secret of [...SEED_SECRETS, world.emulator.apiKey]) assert.ok(!everything.includes(secret), "a secret leaked");
    });

    const groups: [string, string][] = [
        ["France Store", "france"],
        ["france_store", "france-by-username"],
        ["  FRANCE store ", "france-any-case"],
    ];
    for (const [group, out] of groups) {
        it(`exports one company group named ${JSON.stringify(group)}`, async () => {
            const result = await run(["export", "--out", dir(out), "--company-group", group]);
            assert.equal(result.code, 0, result.stderr);
            assert.match(result.stdout, /^Exported 2 connectors and 1 service \(company group "France Store"\)/m);
        });
    }

    it("refuses a company group the account lacks, listing those it has", async () => {
        const result = await run(["export", "--out", dir("nowhere"), "--company-group", "Atlantis"]);
        assert.equal(result.code, 1);
        assert.match(result.stderr, /^pulumi-patchworks export: --company-group: .*Atlantis.*UK Store.*France Store/m);
        assert.throws(() => readdirSync(dir("nowhere")), /ENOENT/, "nothing written");
    });

    it("accepts an --out directory that holds only .git or .gitkeep, and refuses one with other files unless --force", async () => {
        mkdirSync(path.join(dir("repo"), ".git"), { recursive: true });
        writeFileSync(path.join(dir("repo"), ".gitkeep"), "");
        assert.equal((await run(["export", "--out", dir("repo")])).code, 0);
        const again = await run(["export", "--out", dir("repo")]);
        assert.equal(again.code, 1);
        assert.match(again.stderr, /holds more than \.git or \.gitkeep: choose another --out, or add --force/);
        assert.equal((await run(["export", "--out", dir("repo"), "--force"])).code, 0);
    });

    const refusals: [string, Record<string, string>, RegExp][] = [
        ["no sign-in", { PATCHWORKS_API_URL: "http://127.0.0.1:1/api/v2" }, /no Patchworks sign-in: set exactly one of/],
        [
            "two sign-ins",
            { PATCHWORKS_API_URL: "http://127.0.0.1:1/api/v2", PATCHWORKS_API_KEY: "k", PATCHWORKS_ACCESS_TOKEN: "t" },
            /several Patchworks sign-ins/,
        ],
        [
            "plain http to another host",
            { PATCHWORKS_API_URL: "http://example.com/api/v2", PATCHWORKS_API_KEY: "k" },
            /refusing to send Patchworks credentials over plain http/,
        ],
    ];
    for (const [what, env, message] of refusals) {
        it(`fails with one line and exit 1 on ${what}`, async () => {
            const result = await run(["export", "--out", dir(`refused-${what.replace(/\W+/g, "-")}`)], env);
            assert.equal(result.code, 1);
            assert.match(result.stderr, message);
            assert.equal(result.stderr.split("\n").length, 1);
        });
    }

    it("answers an unknown command or argument with the usage and exit 2", async () => {
        for (const args of [["frobnicate"], [], ["export", "extra"], ["doctor", "extra"]]) {
            const result = await run(args);
            assert.equal(result.code, 2, args.join(" "));
            assert.match(result.stderr, /Usage: pulumi-patchworks/);
        }
        assert.match((await run(["export", "--help"])).stdout, /--company-group GROUP/);
        assert.match((await run(["doctor", "--help"])).stdout, /Usage: pulumi-patchworks doctor/);
        assert.match((await run(["--help"])).stdout, /export .*\n.*doctor/);
    });
});
