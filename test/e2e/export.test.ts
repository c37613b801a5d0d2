// From the dashboard to code, as a user does it: an account made through the emulator's HTTP API
// (two company groups, Shopify live and test and NetSuite, a service in each), this package
// installed from its tarball outside the repository, `pulumi-patchworks export` run from that
// install, the exported project's `npm install` exactly as generated, then `pulumi up`, which must
// adopt everything without one write to the API, and `pulumi preview --expect-no-changes`.
import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { EngineEvent, Stack } from "@pulumi/pulumi/automation";
import { type RunningEmulator, startEmulator } from "../support/emulator";
import { installedProjectStack, npm, packTarball, readTree } from "../support/pulumi";
import { SEED_SECRETS, type SeededAccount, seedAccount } from "../export/seed";

const exec = promisify(execFile);

/** The emulator reports Fabric's 60 a minute unless told otherwise; the stack's runs here must not wait on it. */
const UNBINDING_RATE_LIMIT = 1_000_000;

describe("end to end: export an account, install as generated, adopt it all without a write", function () {
    this.timeout(240_000);

    let emulator: RunningEmulator;
    let seeded: SeededAccount;
    let root: string;
    let tool: string;
    let project: string;
    let stack: Stack;
    let exportOutput: { stdout: string; stderr: string };

    const exportEnv = () => ({ ...process.env, PATCHWORKS_API_URL: emulator.apiUrl, PATCHWORKS_API_KEY: emulator.apiKey });
    const bin = () => path.join(tool, "node_modules/.bin/pulumi-patchworks");
    const account = async () => ({ connectors: await emulator.connectors(), services: await emulator.services() });

    before(async function () {
        this.timeout(15 * 60_000); // installs from the registry, and a cold CLI build once per machine
        emulator = await startEmulator({ rateLimit: UNBINDING_RATE_LIMIT });
        seeded = await seedAccount(emulator);
        root = realpathSync(mkdtempSync(path.join(os.tmpdir(), "patchworks-export-e2e-")));
        tool = path.join(root, "tool");
        project = path.join(root, "acme-patchworks");
        mkdirSync(tool);
        // The package as the registry would give it, installed where a user runs `npx pulumi-patchworks` from.
        await npm(tool, "install", await packTarball(root));
        exportOutput = await exec(bin(), ["export", "--out", project], { env: exportEnv() });
        // Issue 22: the exported package.json installs as it is.
        await npm(project, "install");
        stack = await installedProjectStack(project, root, emulator);
    });
    after(async () => {
        await emulator?.stop();
        if (root) rmSync(root, { recursive: true, force: true });
    });

    it("exports with a line per list read and a summary, and names the install it ran from as the dependency", () => {
        assert.match(exportOutput.stderr, /^read 5 connectors$/m);
        assert.match(exportOutput.stderr, /^read 2 services$/m);
        assert.match(exportOutput.stdout, /^Exported 5 connectors and 2 services \(the whole account\) to /);
        const manifest = JSON.parse(readFileSync(path.join(project, "package.json"), "utf8"));
        assert.equal(manifest.dependencies["pulumi-patchworks"], `file:${path.join(tool, "node_modules/pulumi-patchworks")}`);
    });

    it("type-checks with the TypeScript that npm installed for it", async () => {
        const tsc = path.join(project, "node_modules/typescript/bin/tsc");
        const version = (await exec(process.execPath, [tsc, "--version"], { cwd: project })).stdout.trim();
        await exec(process.execPath, [tsc, "--noEmit", "-p", "."], { cwd: project }).catch((error: { stdout?: string }) =>
            assert.fail(`tsc (${version}) failed:\n${error.stdout}`),
        );
    });

    it("previews the adoption of every connector, each changing nothing, as `pulumi up` does before it goes ahead", async () => {
        const mark = (await emulator.requests()).length;
        const events: EngineEvent[] = [];
        const preview = await stack.preview({ onEvent: (e) => events.push(e) });
        assert.deepEqual(preview.changeSummary, { create: 8 });
        const adopting = events.flatMap((e) =>
            e.diagnosticEvent?.message.startsWith("adopting ") ? [e.diagnosticEvent.message.trim()] : [],
        );
        assert.equal(adopting.length, 5, adopting.join("\n"));
        for (const line of adopting) assert.match(line, /^adopting connector \S+ \(".*"\), the .*: changes nothing$/);
        assert.deepEqual(
            (await emulator.requests()).slice(mark).filter((r) => r.method !== "GET"),
            [],
        );
    });

    it("adopts every connector and service on the first up with no POST, PUT or DELETE, then previews no change", async () => {
        const before = await account();
        const mark = (await emulator.requests()).length;
        const up = await stack.up();
        assert.deepEqual(up.summary.resourceChanges, { create: 8 }, "5 connectors, 2 services and the stack");
        assert.deepEqual(
            (await emulator.requests())
                .slice(mark)
                .filter((r) => r.method !== "GET")
                .map((r) => `${r.method} ${r.path}`),
            [],
            "the first up writes nothing",
        );
        assert.deepEqual(await account(), before, "Patchworks is as it was");

        const preview = await stack.preview({ expectNoChanges: true });
        assert.deepEqual(preview.changeSummary, { same: 8 });

        const { deployment } = await stack.exportStack();
        const ids = (deployment.resources as { type: string; id?: string }[]).filter((r) =>
            r.type.startsWith("pulumi-nodejs:dynamic/patchworks:"),
        );
        const expected = [...Object.values(seeded.connectors), ...Object.values(seeded.services)];
        assert.deepEqual(ids.map((r) => r.id).sort(), expected.sort(), "the state holds the account's own ids");

        const state = readTree(path.join(root, "backend", ".pulumi", "stacks"));
        for (const secret of [...SEED_SECRETS, emulator.apiKey])
            assert.ok(!state.includes(secret), "the state holds a secret in plaintext");
    });

    it("exports the same program again from the project's own install of the bin", async () => {
        const again = path.join(root, "again");
        await exec(path.join(project, "node_modules/.bin/pulumi-patchworks"), ["export", "--out", again], { env: exportEnv() });
        assert.equal(readFileSync(path.join(again, "index.ts"), "utf8"), readFileSync(path.join(project, "index.ts"), "utf8"));
    });
});
