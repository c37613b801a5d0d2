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
import type { RemoteConnector } from "../../provider/client";
import { CONNECTOR_TYPE } from "../../policy/policies";
import { apiClient } from "../support/api";
import { stateIds } from "../support/e2e-world";
import { startEmulator, startEmulatorProcess, type EmulatorProcess, type LoggedRequest, type RunningEmulator } from "../support/emulator";
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
    Transcript,
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

function connectorRequest(r: LoggedRequest): boolean {
    return /^\/api\/v1\/service-connectors\/[^/?]+$/.test(r.path);
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

    async function connectors(on: RunningEmulator = emulator): Promise<RemoteConnector[]> {
        await on.setFaults({});
        return apiClient({ apiUrl: on.apiUrl, apiKey: API_KEY }).listConnectors();
    }

    const output = () => ({ onOutput: scan.transcript.onOutput, onError: scan.transcript.onError });

    it("creates 100 connectors through 503s and a 5/s rate limit, each once, honouring Retry-After", async () => {
        const declared = fleet(scan.book, 25);
        assert.equal(declared.length, 100);
        // 429s do not use up retries; 503s do. With 3 in 10 requests failing, the default 5 retries
        // leave each request a 0.3^6 = 0.07% chance of failing six times running: about one run in
        // eleven of this test's ~126 requests. 10 retries make that one in five thousand.
        const testStack = await newStack(declared, {
            "patchworks:maxRetries": { value: "10" },
            "patchworks:retryBaseMs": { value: "100" },
        });
        await emulator.setFaults({ failRate: 0.3, failStatus: 503, rateLimitPerSecond: 5 });

        let started = Date.now();
        const result = await scan.transcript.run(testStack.stack.up(output()));
        const upMs = Date.now() - started;
        assert.equal(result.summary.resourceChanges?.create, 101);
        const upLog = await emulator.requests();

        // Refresh a quarter of the stack under the same faults: each read has a path of its own, so
        // the log shows, per connector, how long the provider waited after each 429.
        const targets = Object.keys(await storedConnectors(testStack.stack)).slice(0, 25);
        started = Date.now();
        await scan.transcript.run(testStack.stack.refresh({ ...output(), target: targets }));
        const refreshMs = Date.now() - started;
        const refreshLog = (await emulator.requests()).slice(upLog.length).filter(connectorRequest);

        const remote = await connectors();
        assert.equal(remote.length, 100);
        assertNoDuplicates(remote);
        assert.deepEqual(remote.map((c) => c.id).sort(), await stateIds(testStack.stack), "the state holds exactly what exists");

        const posts = upLog.filter((r) => r.method === "POST");
        assert.equal(
            countBy(posts, (r) => r.status === 201),
            100,
            "one successful POST per connector",
        );
        assert.equal(
            countBy(posts, (r) => r.status === 409),
            0,
            "no POST was repeated after it had taken effect",
        );

        // After every 429 (Retry-After: 1, the emulator's window), the same read came back no sooner.
        const waits: number[] = [];
        for (const [i, entry] of refreshLog.entries()) {
            if (entry.status !== 429) continue;
            const retry = refreshLog.slice(i + 1).find((r) => r.path === entry.path);
            assert.ok(retry, `${entry.path} was retried after its 429`);
            waits.push(Date.parse(retry.at) - Date.parse(entry.at));
        }
        assert.ok(waits.length > 0, "the refresh was rate-limited at least once");
        // `at` is stamped when a response is sent; allow for the two stamps' own delays.
        assert.ok(Math.min(...waits) >= 1000 - 30, `a retry came ${Math.min(...waits)} ms after a 429 that said 1 s`);
        assert.equal(
            countBy(refreshLog, (r) => r.status === 200),
            25,
        );

        const all = [...upLog, ...refreshLog];
        const stats = {
            upMs,
            refreshMs,
            requests: all.length,
            rateLimited: countBy(all, (r) => r.status === 429),
            unavailable: countBy(all, (r) => r.status === 503),
            minWaitAfter429Ms: Math.min(...waits),
        };
        console.log(`      faults injected and retried: ${JSON.stringify(stats)}`);
        assert.ok(stats.rateLimited > 0 && stats.unavailable > 0, "both kinds of fault were injected");
    });

    it("creates each connector once when POST answers later than the client's timeout", async () => {
        const declared = [shopify(scan.book, "uk", "live"), shopify(scan.book, "uk", "test"), veeqo(scan.book, undefined, "live")];
        const testStack = await newStack(declared, {
            "patchworks:requestTimeoutMs": { value: "800" },
            "patchworks:retryBaseMs": { value: "50" },
            "patchworks:logRequests": { value: "true" },
        });
        // The emulator creates on arrival and answers 2 s later: the client gives up on every POST
        // without knowing whether it took effect.
        await emulator.setFaults({ latencyMs: 2000, methods: ["POST"] });

        // The engine's most verbose logs, provider and program included, go to stderr and are scanned.
        const verbose = new Transcript();
        const result = await scan.transcript.run(
            testStack.stack.up({
                onOutput: scan.transcript.onOutput,
                onError: verbose.onError,
                logVerbosity: 9,
                logToStdErr: true,
                logFlow: true,
            }),
        );
        assert.equal(result.summary.resourceChanges?.create, 4);
        const remote = await connectors();
        assert.equal(remote.length, 3);
        assertNoDuplicates(remote);
        assert.deepEqual(remote.map((c) => c.id).sort(), await stateIds(testStack.stack));
        assert.ok(verbose.length > 20_000, `verbose logs were captured (${verbose.length} characters)`);
        // The provider's request log (in the run's output) shows each lost POST and the look that found its connector.
        // (The output shows each line twice: live, then again under Diagnostics.)
        const lines = scan.transcript.text();
        assert.ok((lines.match(/patchworks: POST \/service-connectors -> ETIMEDOUT in \d+ ms/g) ?? []).length >= 3, lines);
        const looks = new Set(lines.match(/patchworks: GET \/service-connectors\?filter\S+ -> 200/g));
        assert.equal(looks.size, 3, "one look per lost POST, by the connector's key");
        assert.ok((lines.match(/POST \/service-connectors: attempt \d+ had taken effect; not repeating it/g) ?? []).length >= 3);
        assert.doesNotMatch(lines, /had not taken effect/, "no POST was sent twice");
        assert.match(
            verbose.text(),
            /patchworks: POST \/service-connectors -> ETIMEDOUT/,
            "the verbose logs hold the provider's lines too",
        );
        const upstreamLines = scan.book.assertAbsentFromVerboseLogs(verbose.text());
        console.log(
            `      verbose logs: ${verbose.length} characters; secrets only on ${upstreamLines} lines of the SDK's RegisterResource debug output`,
        );

        // Every GET had the latency too: the check cannot even list the account, and says so, with the time limit.
        await emulator.setFaults({ latencyMs: 2000 });
        const grown = [...declared, veeqo(scan.book, undefined, "test")];
        testStack.stack.workspace.program = program(grown);
        const message = await scan.transcript.failure(testStack.stack.up(output()));
        assert.match(message, new RegExp(`the Patchworks API at ${emulator.apiUrl} timed out after 800 ms`));
        assertNoStackTrace(message);
        assert.equal((await connectors()).length, 3, "nothing was created twice, nothing half-created");
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
            process_ = await startEmulatorProcess({ apiKey: API_KEY, dataDir });
            const port = Number(new URL(process_.url).port);
            const first = [shopify(scan.book, "uk", "live"), veeqo(scan.book, undefined, "live")];
            const testStack = await newStack(first, QUICK_RETRIES, process_);
            await scan.transcript.run(testStack.stack.up(output()));
            const before = await storedConnectors(testStack.stack);

            await process_.stop();
            const apiUrl = process_.apiUrl;
            // A new connector (checked against the account) and an in-place change (a PATCH).
            const [shop, vee] = first;
            const second = [{ ...shop, args: { ...shop.args, timezone: "Europe/London" } }, vee, veeqo(scan.book, undefined, "test")];
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
            assert.equal(remote.find((c) => c.system === "shopify")?.timezone, "Europe/London");
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
        await emulator.setFaults({ latencyMs: 1500, methods: ["POST"] });
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
        const advice = /resource '(veeqo-\d+)': property adopt value \{false\} has a problem: (.*)/.exec(first);
        assert.ok(advice, `the failed up explains itself:\n${first}`);
        const [, resource, reason] = advice;
        const orphan = orphans.find((c) => c.name === resource);
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
            .filter((c) => scan.transcript.text().includes(`adopting connector ${c.id} ("${c.name}")`))
            .map((c) => c.name);

        const remote = await connectors();
        assert.equal(remote.length, count);
        assertNoDuplicates(remote);
        assert.deepEqual(remote.map((c) => c.id).sort(), await stateIds(testStack.stack), "no orphans: every connector is in the state");
        assert.deepEqual([...adopted].sort(), orphans.map((c) => c.name).sort(), "exactly the orphans were adopted");
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
        companyGroup: \`group-\${i}\`,
        credentials: { token: pulumi.interpolate\`\${token}-\${i}\` },
        adopt: adopt.includes(name),
    }).connectorId;
}
`;
