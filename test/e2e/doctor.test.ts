// `npx pulumi-patchworks doctor` as a user runs it: the package's bin in a child process, settings
// from the environment, against the emulator in a process of its own.
import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { type EmulatorProcess, startEmulatorProcess } from "../support/emulator";
import { REPO_ROOT } from "../support/pulumi";

const exec = promisify(execFile);
const BIN = path.join(REPO_ROOT, "dist/scripts/commands/main.js");

async function doctor(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
        const { stdout, stderr } = await exec(process.execPath, [BIN, "doctor"], { env: { PATH: process.env.PATH ?? "", ...env } });
        return { code: 0, stdout, stderr };
    } catch (error) {
        const failed = error as { code: number; stdout: string; stderr: string };
        return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
}

describe("end to end: pulumi-patchworks doctor", function () {
    this.timeout(60_000);
    let emulator: EmulatorProcess;
    before(async () => {
        emulator = await startEmulatorProcess();
    });
    after(async () => emulator?.stop());

    it("checks the account read-only: every line ok, exit 0, and only GETs reach the API", async () => {
        const run = await doctor({ PATCHWORKS_API_URL: emulator.apiUrl, PATCHWORKS_API_KEY: emulator.apiKey });
        assert.equal(run.code, 0, run.stdout + run.stderr);
        const lines = run.stdout.trimEnd().split("\n");
        assert.equal(lines.length, 12);
        for (const line of lines) assert.match(line, /^ok /);
        assert.equal(run.stderr, "");
        assert.deepEqual(
            (await emulator.requests()).filter((r) => r.method !== "GET"),
            [],
        );
        assert.ok(!run.stdout.includes(emulator.apiKey), "the key is not printed");
    });

    it("exits 1 with a differs line for a key the account refuses, and never prints the key", async () => {
        const run = await doctor({ PATCHWORKS_API_URL: emulator.apiUrl, PATCHWORKS_API_KEY: "refused-key-8086" });
        assert.equal(run.code, 1);
        assert.match(run.stdout, /^differs sign-in: the API key is refused \(401\)/m);
        assert.ok(!run.stdout.includes("refused-key-8086"));
    });
});
