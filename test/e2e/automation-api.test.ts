// The README's Automation API example, as a user runs it: its code block, compiled and run with
// node in a project directory that has pulumi-patchworks installed, against the emulator.
import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import ts from "typescript";
import { startEmulator, type RunningEmulator } from "../support/emulator";
import { fabricHttp } from "../support/fabric-http";
import { pulumiCli, REPO_ROOT } from "../support/pulumi";

const run = promisify(execFile);

function readmeExample(): string {
    const readme = readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
    const block = /<!-- automation-api:start -->\s*```ts\n([\s\S]*?)```\s*<!-- automation-api:end -->/.exec(readme);
    assert.ok(block, "README.md has the Automation API example between its markers");
    return block[1];
}

describe("end to end: the README's Automation API example", function () {
    this.timeout(240_000);
    let emulator: RunningEmulator;
    let root: string;

    before(async () => {
        await pulumiCli();
        emulator = await startEmulator();
        root = mkdtempSync(path.join(os.tmpdir(), "patchworks-automation-"));
    });
    after(async () => {
        await emulator?.stop();
        rmSync(root, { recursive: true, force: true });
    });

    it("runs from a project that has the package, and says in one line where it looked from one that has not", async () => {
        const { binDir } = await pulumiCli();
        const code = ts.transpileModule(readmeExample(), {
            compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
        }).outputText;
        // The project: its node_modules hold pulumi-patchworks (this repository) and the SDK.
        const project = path.join(root, "project");
        mkdirSync(path.join(project, "node_modules", "@pulumi"), { recursive: true });
        symlinkSync(REPO_ROOT, path.join(project, "node_modules", "pulumi-patchworks"));
        symlinkSync(path.join(REPO_ROOT, "node_modules", "@pulumi", "pulumi"), path.join(project, "node_modules", "@pulumi", "pulumi"));
        writeFileSync(path.join(project, "main.js"), code);
        const env = {
            ...process.env,
            PATH: `${binDir}:${path.dirname(process.execPath)}:${process.env.PATH ?? ""}`,
            PULUMI_BACKEND_URL: `file://${mkdtempSync(path.join(root, "backend-"))}`,
            PULUMI_HOME: mkdtempSync(path.join(root, "home-")),
            PULUMI_CONFIG_PASSPHRASE: "automation",
            PULUMI_SKIP_UPDATE_CHECK: "true",
            PATCHWORKS_API_URL: emulator.apiUrl,
            PATCHWORKS_API_KEY: emulator.apiKey,
            SHOPIFY_TOKEN: "automation-token-8c1f",
        };
        const { stdout } = await run(process.execPath, ["main.js"], { cwd: project, env, maxBuffer: 16 << 20 });
        const id = /connector (\S+)/.exec(stdout)?.[1];
        const made = (await fabricHttp(emulator.url).connectors()).filter((c) => c.id === id);
        assert.equal(made.length, 1, `the connector the example printed exists: ${stdout}`);
        assert.ok(!stdout.includes("automation-token-8c1f"));

        // The same program started from a directory that has Pulumi but not this package: Pulumi
        // runs the provider there (the workspace's workDir), and the run says where it looked and what to do.
        const elsewhere = mkdtempSync(path.join(root, "elsewhere-"));
        mkdirSync(path.join(elsewhere, "node_modules", "@pulumi"), { recursive: true });
        symlinkSync(path.join(REPO_ROOT, "node_modules", "@pulumi", "pulumi"), path.join(elsewhere, "node_modules", "@pulumi", "pulumi"));
        const elsewhereEnv = { ...env, PULUMI_BACKEND_URL: `file://${mkdtempSync(path.join(root, "backend-"))}` };
        const failed = await run(process.execPath, [path.join(project, "main.js")], {
            cwd: elsewhere,
            env: elsewhereEnv,
            maxBuffer: 16 << 20,
        }).then(
            () => assert.fail("the program ran where pulumi-patchworks is not installed"),
            (error: { stdout: string; stderr: string }) => `${error.stdout}\n${error.stderr}`,
        );
        assert.match(failed, new RegExp(`cannot load pulumi-patchworks/provider from ${elsewhere}: run Pulumi in the project directory`));
        assert.match(failed, /set the workspace's workDir to it/);
    });
});
