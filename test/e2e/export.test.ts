// From the dashboard to code, as a user does it: an account made through the emulator's API
// (two company groups and the default group, live and test, an OAuth-authorised NetSuite
// connector, two services), `pulumi-patchworks export`, this package installed from its tarball
// into the exported project outside the repository, then `pulumi up`, which must adopt everything
// without one write to the API, and `pulumi preview --expect-no-changes`.
import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, realpathSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { EngineEvent, Stack } from "@pulumi/pulumi/automation";
import type { PatchworksClient } from "../../provider/client";
import { API_KEY } from "../reliability/harness";
import { apiClient } from "../support/api";
import { startEmulator, type RunningEmulator } from "../support/emulator";
import { installedProjectStack, npm, packTarball, readTree, REPO_ROOT } from "../support/pulumi";
import { SEED_SECRETS, seedAccount, type SeededAccount } from "../export/seed";

const exec = promisify(execFile);
const EXPORT = path.join(REPO_ROOT, "dist/scripts/export/main.js");

describe("end to end: export an account, install, adopt it all without a write", function () {
    this.timeout(240_000);

    let emulator: RunningEmulator;
    let api: PatchworksClient;
    let seeded: SeededAccount;
    let root: string;
    let project: string;
    let stack: Stack;
    let exportOutput: { stdout: string; stderr: string };

    const exportEnv = () => ({ ...process.env, PATCHWORKS_API_URL: emulator.apiUrl, PATCHWORKS_API_KEY: emulator.apiKey });

    before(async function () {
        this.timeout(15 * 60_000); // installs from the registry, and a cold CLI build once per machine
        emulator = await startEmulator({ apiKey: API_KEY });
        api = apiClient(emulator);
        seeded = await seedAccount(api);
        root = realpathSync(mkdtempSync(path.join(os.tmpdir(), "patchworks-export-e2e-")));
        project = path.join(root, "acme-patchworks");

        exportOutput = await exec(process.execPath, [EXPORT, "export", "--out", project], { env: exportEnv() });
        const tarball = await packTarball(root);
        // The README's step: this package from its tarball (as the registry would give it), the rest from package.json.
        await npm(project, "install", tarball);
        stack = await installedProjectStack(project, root, emulator);
    });
    after(async () => {
        await emulator?.stop();
        if (root) rmSync(root, { recursive: true, force: true });
    });

    it("exports with a progress line per page read and a summary", () => {
        assert.match(exportOutput.stderr, /^read connectors: page 1 of 1 \(5 so far\)$/m);
        assert.match(exportOutput.stderr, /^read services: page 1 of 1 \(2 so far\)$/m);
        assert.match(exportOutput.stdout, /^Exported 5 connectors and 2 services \(the whole account\) to /);
    });

    it("type-checks with the TypeScript that npm installed for it", async () => {
        const tsc = path.join(project, "node_modules/typescript/bin/tsc");
        const version = (await exec(process.execPath, [tsc, "--version"], { cwd: project })).stdout.trim();
        await exec(process.execPath, [tsc, "--noEmit", "-p", "."], { cwd: project }).catch((error: { stdout?: string }) =>
            assert.fail(`tsc (${version}) failed:\n${error.stdout}`),
        );
        console.log(`      ${version}`);
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

    it("adopts every connector and service on the first up with no POST, PATCH or DELETE, then previews no change", async () => {
        const before = { connectors: await api.listConnectors(), services: await api.listServices() };
        const mark = (await emulator.requests()).length;
        const up = await stack.up();
        assert.deepEqual(up.summary.resourceChanges, { create: 8 }, "5 connectors, 2 services and the stack");
        const requests = (await emulator.requests()).slice(mark);
        assert.deepEqual(
            requests.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`),
            [],
            "the first up writes nothing",
        );
        assert.deepEqual({ connectors: await api.listConnectors(), services: await api.listServices() }, before, "Patchworks is as it was");

        const preview = await stack.preview({ expectNoChanges: true });
        assert.deepEqual(preview.changeSummary, { same: 8 });

        const { deployment } = await stack.exportStack();
        const ids = (deployment.resources as { type: string; id?: string }[]).filter((r) =>
            r.type.startsWith("pulumi-nodejs:dynamic/patchworks:"),
        );
        const expected = [...Object.values(seeded.connectors), ...Object.values(seeded.services)].map((r) => r.id);
        assert.deepEqual(ids.map((r) => r.id).sort(), expected.sort(), "the state holds the account's own ids");

        const state = readTree(path.join(root, "backend", ".pulumi", "stacks"));
        for (const secret of [...SEED_SECRETS, emulator.apiKey])
            assert.ok(!state.includes(secret), "the state holds a secret in plaintext");
    });

    it("exports the same program again from the installed package's bin", async () => {
        const again = path.join(root, "again");
        await exec(path.join(project, "node_modules/.bin/pulumi-patchworks"), ["export", "--out", again], { env: exportEnv() });
        assert.equal(readFileSync(path.join(again, "index.ts"), "utf8"), readFileSync(path.join(project, "index.ts"), "utf8"));
    });
});
