// The pack as the engine starts it: policy/ is the program directory, its package.json "main" is
// the compiled pack, and the pack prints the port of its analyzer server as its first line.
import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

const REPO_ROOT = path.resolve(__dirname, "../../..");
const PACK_DIR = path.join(REPO_ROOT, "policy");

const readJson = (file: string) => JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;

describe("policy pack directory", () => {
    it("declares a Node.js policy pack whose entry is the compiled pack", () => {
        assert.match(readFileSync(path.join(PACK_DIR, "PulumiPolicy.yaml"), "utf8"), /^runtime: nodejs$/m);
        const manifest = readJson(path.join(PACK_DIR, "package.json"));
        assert.equal(manifest.main, "../dist/policy/index.js");
        assert.ok(existsSync(path.resolve(PACK_DIR, String(manifest.main))), "npm run build compiles the pack");
        assert.equal(manifest.dependencies, undefined, "the pack's dependencies come from the root package");
    });

    it("has the package's version (the pack reports it to the engine)", () => {
        const version = (dir: string) => readJson(path.join(dir, "package.json")).version;
        assert.equal(version(PACK_DIR), version(REPO_ROOT));
    });

    it("ships with the npm package", () => {
        const files = readJson(path.join(REPO_ROOT, "package.json")).files as string[];
        for (const file of ["dist/policy", "policy/PulumiPolicy.yaml", "policy/package.json"]) {
            assert.ok(files.includes(file), `package.json "files" lists ${file}`);
        }
    });

    it("starts its analyzer server and prints the port, as the engine expects", async () => {
        const child = spawn(process.execPath, ["-e", `require(${JSON.stringify(PACK_DIR)})`], {
            cwd: PACK_DIR,
            stdio: ["ignore", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        try {
            const firstLine = await new Promise<string>((resolve, reject) => {
                child.stdout.on("data", (chunk: Buffer) => {
                    stdout += chunk.toString();
                    if (stdout.includes("\n")) resolve(stdout.split("\n")[0]);
                });
                child.once("exit", (code) => reject(new Error(`the pack exited (${code}) before printing a port: ${stderr}`)));
            });
            assert.match(firstLine, /^\d+$/);
        } finally {
            child.kill("SIGKILL");
        }
    });
});
