// scripts/ensure-node decides which Node.js runs the suites and the demo. These cases use stand-in
// `node` executables (a shell script that prints a version) and a cache of their own, so they never
// download anything; the real fetch from the registry runs in every cold `.ci/run`.
import { strict as assert } from "node:assert";
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const REPO_ROOT = path.resolve(__dirname, "../../..");
const SCRIPT = path.join(REPO_ROOT, "scripts/ensure-node");
const NPM_CLI = realpathSync(execFileSync("sh", ["-c", "command -v npm"], { encoding: "utf8" }).trim());

function pinned(line: "22" | "24"): string {
    const match = new RegExp(`^readonly NODE_${line}=(\\S+)$`, "m").exec(readFileSync(SCRIPT, "utf8"));
    assert.ok(match, `NODE_${line} is pinned in scripts/ensure-node`);
    return match[1];
}

/** A directory holding a `node` that only answers `-p process.versions.node` with `version`. */
function fakeNode(dir: string, version: string): string {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "node"), `#!/bin/sh\necho ${version}\n`);
    chmodSync(path.join(dir, "node"), 0o755);
    return dir;
}

interface Case {
    what: string;
    /** The version of the `node` on PATH. */
    onPath: string;
    /** Releases already in the cache. */
    cached: string[];
    args: string[];
    /** `path` (the dir of the node on PATH), `cache:<version>`, or a pattern the error must match. */
    expect: "path" | `cache:${string}` | RegExp;
}

const CASES: Case[] = [
    { what: "keeps a Node.js 24 on PATH", onPath: "24.1.0", cached: [], args: [], expect: "path" },
    { what: "keeps a Node.js 22 on PATH", onPath: "22.5.0", cached: [], args: [], expect: "path" },
    { what: "keeps a newer line on PATH", onPath: "26.0.0", cached: [], args: [], expect: "path" },
    {
        what: "replaces Node.js 20 with the cached 24",
        onPath: "20.20.2",
        cached: [pinned("24")],
        args: [],
        expect: `cache:${pinned("24")}`,
    },
    {
        what: "takes the 22 line when asked, over a 24 on PATH",
        onPath: "24.1.0",
        cached: [pinned("22")],
        args: ["22"],
        expect: `cache:${pinned("22")}`,
    },
    { what: "keeps a 22 on PATH when asked for 22", onPath: "22.5.0", cached: [], args: ["22"], expect: "path" },
    {
        what: "fails in one line naming what to install when the registry cannot be reached",
        onPath: "20.20.2",
        cached: [],
        args: [],
        expect: /^ensure-node: error: could not fetch node-\w+-\w+@24\.\S+ from the npm registry: install Node\.js 22 or 24 \(https:\/\/nodejs\.org\/\) and rerun$/m,
    },
    {
        what: "refuses a line it is not tested on",
        onPath: "24.1.0",
        cached: [],
        args: ["20"],
        expect: /unsupported Node\.js line '20': this package is tested on 22 and 24/,
    },
];

describe("scripts/ensure-node", () => {
    let root: string;
    beforeEach(() => {
        root = mkdtempSync(path.join(os.tmpdir(), "patchworks-ensure-node-"));
    });
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    function run(testCase: Pick<Case, "onPath" | "cached" | "args">) {
        const onPath = fakeNode(path.join(root, "path-node"), testCase.onPath);
        const cache = path.join(root, "cache");
        for (const version of testCase.cached) fakeNode(path.join(cache, `node-v${version}`, "bin"), version);
        // A real npm (on this test's node, not the stand-in), but no registry: nothing may be downloaded.
        const npmDir = path.join(root, "npm");
        mkdirSync(npmDir);
        writeFileSync(path.join(npmDir, "npm"), `#!/bin/sh\nexec "${process.execPath}" "${NPM_CLI}" "$@"\n`);
        chmodSync(path.join(npmDir, "npm"), 0o755);
        const result = spawnSync(SCRIPT, testCase.args, {
            encoding: "utf8",
            env: {
                PATH: `${onPath}:${npmDir}:/usr/bin:/bin`,
                HOME: root,
                PULUMI_PATCHWORKS_CACHE: cache,
                npm_config_registry: "http://127.0.0.1:9/",
                npm_config_cache: path.join(root, "npm-cache"),
                npm_config_fetch_retries: "0",
                npm_config_fetch_timeout: "2000",
            },
        });
        return { ...result, onPath, cache };
    }

    for (const testCase of CASES) {
        it(testCase.what, () => {
            const { status, stdout, stderr, onPath, cache } = run(testCase);
            if (testCase.expect instanceof RegExp) {
                assert.notEqual(status, 0, `exit status, stdout: ${stdout}`);
                assert.match(stderr, testCase.expect);
                return;
            }
            assert.equal(status, 0, stderr);
            const expected =
                testCase.expect === "path" ? onPath : path.join(cache, `node-v${testCase.expect.slice("cache:".length)}`, "bin");
            assert.equal(stdout.trim().split("\n").pop(), expected);
        });
    }

    it("runs a command with the chosen Node.js first on PATH (--exec)", () => {
        const { status, stdout, stderr, cache } = run({
            onPath: "20.20.2",
            cached: [pinned("24")],
            args: ["--exec", "sh", "-c", "command -v node"],
        });
        assert.equal(status, 0, stderr);
        assert.equal(stdout.trim(), path.join(cache, `node-v${pinned("24")}`, "bin", "node"));
    });
});
