// Faults under the real Pulumi engine: an API that fails, rate-limits, answers late, goes away, and
// a `pulumi up` that is killed mid-run. The provider must never duplicate a connector, never lose
// one, say what happened in one line, and never leak a credential. Each scenario ends with a scan
// of the state at rest and everything the CLI printed for every secret it was given.
import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import { CONNECTOR_TYPE } from "../../policy/policies";
import { fabricHttp } from "../support/fabric-http";
import { stateIds } from "../support/e2e-world";
import { portForARestart, startEmulator, startEmulatorProcess, type EmulatorProcess, type RunningEmulator } from "../support/emulator";
import { createTestStack, pulumiCli, type ConfigValue, type TestStack } from "../support/pulumi";
import {
    API_KEY,
    assertNoDuplicates,
    assertNoStackTrace,
    countBy,
    fleet,
    killTree,
    program,
    scannedScenarios,
    type FabricConnector,
    fabricKey,
    magento,
    shopify,
    veeqo,
    waitFor,
    type Declared,
} from "../reliability/harness";
import { QUICK_RETRIES } from "./lifecycle-suite";

/** The Connector resources of a stack's checkpoint: urn -> id and outputs (the Automation API decrypts secrets). */
async function storedConnectors(stack: Stack): Promise<Record<string, unknown>> {
    const { deployment } = await stack.exportStack();
    const resources = (deployment.resources ?? []) as { urn: string; type: string; id?: string; outputs?: unknown }[];
    return Object.fromEntries(resources.filter((r) => r.type === CONNECTOR_TYPE).map((r) => [r.urn, { id: r.id, outputs: r.outputs }]));
}

describe("end to end: reliability under faults", function () {
    this.timeout(120_000);

    let emulator: RunningEmulator;
    const scratch: string[] = [];

    before(async function () {
        this.timeout(30 * 60_000);
        await pulumiCli();
        emulator = await startEmulator({ apiKey: API_KEY });
    });
    after(async () => {
        await emulator?.stop();
        for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
    });
    beforeEach(() => emulator.reset());
    const scan = scannedScenarios();

    async function newStack(
        declared: Declared[],
        config: Record<string, ConfigValue> = {},
        on: RunningEmulator = emulator,
    ): Promise<TestStack> {
        const testStack = await createTestStack({ emulator: on, program: program(declared), config });
        scan.stacks.push(testStack);
        return testStack;
    }

    /** What the emulator holds, over plain HTTP (faults cleared first). */
    async function connectors(on: RunningEmulator = emulator): Promise<FabricConnector[]> {
        await on.setFaults({});
        return fabricHttp(on.url, on.user).connectors();
    }

    const output = () => ({ onOutput: scan.transcript.onOutput, onError: scan.transcript.onError });

    it("creates 40 connectors of 10 groups through 503s on every read, each once, and refreshes them in one read of the connectors", async () => {
        const declared = fleet(scan.book, 10);
        assert.equal(declared.length, 40);
        const testStack = await newStack(declared, {
            "patchworks:maxRetries": { value: "10" },
            "patchworks:retryBaseMs": { value: "50" },
        });
        // Reads only: a create is never repeated on a 5xx (Fabric answers a failed credential check with 500).
        await emulator.setFaults({ failRate: 0.3, failStatus: 503, methods: ["GET"] });
        const result = await scan.transcript.run(testStack.stack.up(output()));
        assert.equal(result.summary.resourceChanges?.create, 41);
        const upLog = await emulator.requests();
        const posts = upLog.filter((r) => r.method === "POST" && r.path === "/api/v2/connectors");
        assert.equal(posts.length, 40, "one POST per connector");
        assert.ok(
            posts.every((r) => r.status === 201),
            "each a fresh create",
        );
        assert.ok(countBy(upLog, (r) => r.status === 503) > 0, "faults were injected");

        await scan.transcript.run(testStack.stack.refresh({ ...output(), skipPreview: true } as never));
        const refreshLog = (await emulator.requests()).slice(upLog.length);
        assert.equal(
            countBy(refreshLog, (r) => r.path === "/api/v2/connectors" && r.status === 200),
            1,
            "the refresh of 40 connectors read them with one successful GET /api/v2/connectors",
        );
        const remote = await connectors();
        assert.equal(remote.length, 40);
        assertNoDuplicates(remote);
        assert.deepEqual(remote.map((c) => c.id).sort(), await stateIds(testStack.stack), "the state holds exactly what exists");
    });

    describe("with another program of the same user using up the rate limit", () => {
        const LIMIT = 30;
        let limited: RunningEmulator;
        before(async () => {
            limited = await startEmulator({ apiKey: API_KEY, rateLimit: LIMIT });
        });
        after(async () => limited?.stop());

        it("waits for the limit's next minute, says so, and succeeds", async function () {
            this.timeout(200_000);
            const declared = [
                shopify(scan.book, "UK Store", "live"),
                magento(scan.book, "UK Store", "live"),
                veeqo(scan.book, "UK Store", "live"),
            ];
            const testStack = await newStack(declared, { "patchworks:requestsPerMinute": { value: String(LIMIT) } }, limited);
            // The other program: signed in as the same user, it reads until Fabric answers 429; the
            // minute's requests are spent when the run starts.
            const other = fabricHttp(limited.url, limited.user);
            while ((await other.request("GET", "/api/v2/integrations")).status !== 429) {}
            const started = Date.now();
            await scan.transcript.run(testStack.stack.up(output()));
            const tookMs = Date.now() - started;
            assert.match(scan.transcript.text(), /waiting \d+ s before the next request to Patchworks: .*(429|used up)/);
            const made = await fabricHttp(limited.url, limited.user).connectors();
            assert.deepEqual(made.map(fabricKey).sort(), ["uk_store/Magentotwo/live", "uk_store/Shopify/live", "uk_store/Veeqo/live"]);
            assert.ok(tookMs > 10_000, `the run waited for the next minute (it took ${tookMs} ms)`);
            assert.equal(
                countBy(await limited.requests(), (r) => r.auth === "key" && r.status >= 400 && r.status !== 429),
                0,
                "no request of the run failed otherwise",
            );
            console.log(`      the run waited out the shared limit: ${Math.round(tookMs / 1000)} s`);
        });
    });

    describe("with the API unreachable", () => {
        let dataDir: string;
        let process_: EmulatorProcess | undefined;

        beforeEach(() => {
            dataDir = mkdtempSync(path.join(os.tmpdir(), "patchworks-unreachable-"));
            scratch.push(dataDir);
        });
        afterEach(async () => {
            await process_?.stop().catch(() => undefined);
            process_ = undefined;
        });

        it("fails preview and up with one line naming the URL, leaves the state alone, and converges after a restart", async () => {
            process_ = await startEmulatorProcess({ apiKey: API_KEY, dataDir, port: await portForARestart() });
            const port = Number(new URL(process_.url).port);
            const first = [shopify(scan.book, "UK Store", "live"), veeqo(scan.book, "UK Store", "live")];
            const testStack = await newStack(first, QUICK_RETRIES, process_);
            await scan.transcript.run(testStack.stack.up(output()));
            const before = await storedConnectors(testStack.stack);

            await process_.stop();
            const apiUrl = process_.apiUrl;
            // A new connector (checked against the account) and an in-place change (a PUT).
            const [shop, vee] = first;
            const second = [{ ...shop, args: { ...shop.args, timezone: "Europe/London" } }, vee, veeqo(scan.book, "UK Store", "test")];
            testStack.stack.workspace.program = program(second);

            for (const command of ["preview", "up"] as const) {
                const message = await scan.transcript.failure(
                    command === "preview" ? testStack.stack.preview(output()) : testStack.stack.up(output()),
                );
                const errors = message.split("\n").filter((line) => /\berror: (?!update failed|preview failed)/.test(line));
                assert.ok(errors.length > 0, message);
                for (const line of errors) {
                    assert.ok(line.includes(`could not reach the Patchworks API at ${apiUrl} (ECONNREFUSED)`), `${command}: ${line}`);
                }
                assertNoStackTrace(message);
                assert.deepEqual(await storedConnectors(testStack.stack), before, `${command} left the state as it was`);
            }

            process_ = await startEmulatorProcess({ apiKey: API_KEY, dataDir, port });
            const converged = await scan.transcript.run(testStack.stack.up(output()));
            assert.deepEqual(converged.summary.resourceChanges, { create: 1, update: 1, same: 2 });
            const remote = await connectors(process_);
            assert.equal(remote.length, 3);
            assertNoDuplicates(remote);
            assert.deepEqual(remote.map((c) => c.id).sort(), await stateIds(testStack.stack));
            assert.equal(remote.find((c) => c.system.factory_name === "Shopify")?.timeZone, "Europe/London");
            const again = await scan.transcript.run(testStack.stack.preview(output()));
            assert.deepEqual(again.changeSummary, { same: 4 });
        });
    });

    it("after a `pulumi up` killed mid-create, names each connector that exists but is not in state, and converges with adopt", async () => {
        const dir = mkdtempSync(path.join(os.tmpdir(), "patchworks-interrupted-"));
        scratch.push(dir);
        writeFileSync(path.join(dir, "index.ts"), INTERRUPTED_PROGRAM);
        const token = scan.book.make("interrupted");
        const count = 12;
        const testStack = await createTestStack({
            emulator,
            exampleDir: dir,
            config: { count: { value: String(count) }, token: { value: token, secret: true } },
        });
        scan.stacks.push(testStack);
        const { binDir } = await pulumiCli();

        // Slow answers keep several creates in flight when the kill lands.
        await emulator.setFaults({ latencyMs: 1500, methods: ["POST"], paths: ["/api/v2/connectors"] });
        const workspace = testStack.stack.workspace as LocalWorkspace;
        const child = spawn(path.join(binDir, "pulumi"), ["up", "--yes", "--skip-preview", "--non-interactive", "--stack", "e2e"], {
            cwd: testStack.workDir,
            env: { ...process.env, ...workspace.envVars },
            stdio: ["ignore", "pipe", "pipe"],
        });
        child.stdout.on("data", (chunk: Buffer) => scan.transcript.add(chunk.toString()));
        child.stderr.on("data", (chunk: Buffer) => scan.transcript.add(chunk.toString()));
        const exited = new Promise((resolve) => child.once("exit", resolve));
        await waitFor("three creates to be answered", async () => countBy(await emulator.requests(), (r) => r.method === "POST") >= 3);
        killTree(child.pid as number);
        await exited;
        await emulator.setFaults({});
        // A kill during a checkpoint write can leave the file backend's metadata sidecar empty, and
        // Pulumi then refuses every command ("failed to load checkpoint: EOF"); removing it is the repair.
        const torn = removeEmptyAttrs(workspace.envVars.PULUMI_BACKEND_URL);
        if (torn.length > 0) console.log(`      the kill tore ${torn.join(", ")}; removed`);

        const afterKill = await connectors();
        const recorded = await stateIds(testStack.stack);
        const orphans = afterKill.filter((c) => !recorded.includes(c.id));
        console.log(`      killed with ${afterKill.length} of ${count} created, ${recorded.length} recorded, ${orphans.length} not`);
        assert.ok(orphans.length > 0, "the kill left connectors the state does not know (else the scenario proves nothing)");

        // The killed run still holds the stack's lock; Pulumi says how to release it.
        const locked = await scan.transcript.failure(testStack.stack.up(output()));
        assert.match(locked, /the stack is currently locked/);
        assert.match(locked, /pulumi cancel/);
        await testStack.stack.cancel();

        // The next run names a connector the killed run left behind, and says how to take them all over.
        const first = await scan.transcript.failure(testStack.stack.up(output()));
        assertNoStackTrace(first);
        const advice = /resource '(veeqo-\d+)' has a problem: (.*)/.exec(first);
        assert.ok(advice, `the failed up explains itself:\n${first}`);
        const [, resource, reason] = advice;
        const orphan = orphans.find((c) => c.connector_name === resource);
        assert.ok(orphan, `${resource} is one of the connectors the killed run left behind`);
        assert.ok(reason.includes(`${orphan.id} ("${resource}")`), reason);
        assert.match(reason, /an interrupted `pulumi up` of this stack may have created it/);

        // Its advice, followed literally: clear Pulumi's pending operations if it reports them, then
        // one run with PATCHWORKS_ADOPT_MATCHING=true adopts every connector left behind.
        assert.match(reason, /`pulumi refresh --clear-pending-creates`/);
        assert.match(reason, /`PATCHWORKS_ADOPT_MATCHING=true pulumi up`/);
        if (/pending operations from previous deployment/.test(first)) {
            await scan.transcript.run(testStack.stack.refresh({ ...output(), clearPendingCreates: true }));
        }
        // The failed up runs without a preview, so it may create the connectors the kill never
        // reached before it stops: what the recovery must create is what the state still lacks.
        const missing = count - (await stateIds(testStack.stack)).length;
        workspace.envVars.PATCHWORKS_ADOPT_MATCHING = "true";
        const recovery = await scan.transcript.run(testStack.stack.up(output()));
        delete workspace.envVars.PATCHWORKS_ADOPT_MATCHING;
        assert.equal(recovery.summary.resourceChanges?.create, missing, "the rest are created or adopted in one run");
        const adopted = orphans
            .filter((c) => scan.transcript.text().includes(`adopting connector ${c.id} ("${c.connector_name}")`))
            .map((c) => c.connector_name);

        const remote = await connectors();
        assert.equal(remote.length, count);
        assertNoDuplicates(remote);
        assert.deepEqual(remote.map((c) => c.id).sort(), await stateIds(testStack.stack), "no orphans: every connector is in the state");
        assert.deepEqual([...adopted].sort(), orphans.map((c) => c.connector_name).sort(), "exactly the orphans were adopted");
        const { deployment } = await testStack.stack.exportStack();
        assert.deepEqual(deployment.pending_operations ?? [], [], "no pending operations are left");
        const preview = await scan.transcript.run(testStack.stack.preview(output()));
        assert.deepEqual(preview.changeSummary, { same: count + 1 });
    });
});

/** Removes zero-byte `*.attrs` files (gocloud fileblob metadata) of a file:// backend; returns their names. */
function removeEmptyAttrs(backendUrl: string): string[] {
    const root = path.join(new URL(backendUrl).pathname, ".pulumi");
    const empty = readdirSync(root, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile() && e.name.endsWith(".attrs") && statSync(path.join(e.parentPath, e.name)).size === 0)
        .map((e) => path.join(e.parentPath, e.name));
    for (const file of empty) rmSync(file);
    return empty.map((file) => path.relative(root, file));
}

/** A directory program, so `pulumi up` runs it in a child process that a test can kill. */
const INTERRUPTED_PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import * as patchworks from "pulumi-patchworks";

const config = new pulumi.Config();
const adopt = config.getObject<string[]>("adopt") ?? [];
const token = config.requireSecret("token");
export const ids: Record<string, pulumi.Output<string>> = {};
for (let i = 0; i < config.requireNumber("count"); i++) {
    const name = \`veeqo-\${i}\`;
    ids[name] = new patchworks.Connector(name, {
        system: "veeqo",
        environment: "live",
        companyGroup: \`Group \${String(i).padStart(3, "0")}\`,
        credentials: { token: pulumi.interpolate\`\${token}-\${i}\` },
        adopt: adopt.includes(name),
    }).connectorId;
}
`;
