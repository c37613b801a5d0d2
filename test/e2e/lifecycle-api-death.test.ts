// The lifecycle matrix, part 2: every replace with the API dying mid-run (the emulator killed while
// the replacement's create is in flight), then recovered by following the messages literally.
import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { LocalWorkspace } from "@pulumi/pulumi/automation";
import { API_KEY, assertNoStackTrace, program, waitFor } from "../reliability/harness";
import { portForARestart, startEmulatorProcess, type EmulatorProcess } from "../support/emulator";
import { fabricHttp } from "../support/fabric-http";
import { lifecycleSuite, REPLACE_KINDS } from "./lifecycle-suite";

describe("end to end: lifecycle matrix, the API dying mid-run", function () {
    this.timeout(240_000);
    const suite = lifecycleSuite();
    const { scan, newStack, output, up, remote, stateIds } = suite;

    describe("with the API dying mid-run", () => {
        let dataDir: string;
        let process_: EmulatorProcess | undefined;

        beforeEach(() => {
            dataDir = mkdtempSync(path.join(os.tmpdir(), "patchworks-matrix-"));
        });
        afterEach(async () => {
            await process_?.stop().catch(() => undefined);
            process_ = undefined;
            rmSync(dataDir, { recursive: true, force: true });
        });

        for (const kind of REPLACE_KINDS) {
            it(`replaces on ${kind.title}: a create cut off by the API's death is recovered as the messages say`, async () => {
                process_ = await startEmulatorProcess({ apiKey: API_KEY, dataDir, port: await portForARestart() });
                const port = Number(new URL(process_.url).port);
                const before = kind.before(scan.book);
                const testStack = await newStack([before], process_);
                await up(testStack.stack, [before]);
                const [original] = await remote(process_);

                // The suite.emulator creates on arrival and would answer late; it is killed once the
                // replacement exists and before it answers.
                await process_.setFaults({ latencyMs: 10_000, methods: ["POST"], paths: ["/api/v2/connectors"] });
                const dying = process_;
                const lookout = fabricHttp(dying.url, dying.user);
                const watcher = (async () => {
                    await waitFor(
                        "the replacement to be created",
                        async () => (await lookout.connectors().catch(() => [])).some(kind.proof),
                        120_000,
                        // The watcher signs in as the run's user: polling faster would spend the
                        // shared per-user limit the provider paces itself by (X-RateLimit-Remaining).
                        1_000,
                    );
                    await dying.kill("SIGKILL");
                })();
                testStack.stack.workspace.program = program([kind.after(scan.book, before)]);
                const message = await scan.transcript.failure(testStack.stack.up(output()));
                await watcher;
                assertNoStackTrace(message);

                process_ = await startEmulatorProcess({ apiKey: API_KEY, dataDir, port });
                const survivors = await remote(process_);
                const after = kind.after(scan.book, before);
                // The replacement is created first: the original is kept, whatever became of the create.
                assert.match(message, /may have taken effect, but Patchworks did not confirm it/);
                assert.ok(
                    survivors.some((c) => c.id === original.id),
                    "the original is kept",
                );
                assert.deepEqual(await stateIds(testStack.stack), [original.id]);
                // Advice followed literally: preview names a connector the run left behind, and the
                // adopt-matching run takes it over; or `pulumi up` creates what is missing.
                testStack.stack.workspace.program = program([after]);
                const previewed = await scan.transcript.run(testStack.stack.preview(output())).catch((e: Error) => e);
                if (previewed instanceof Error) {
                    assert.match(previewed.message, /PATCHWORKS_ADOPT_MATCHING=true pulumi up/);
                    (testStack.stack.workspace as LocalWorkspace).envVars.PATCHWORKS_ADOPT_MATCHING = "true";
                }
                await up(testStack.stack, [after]);
                delete (testStack.stack.workspace as LocalWorkspace).envVars.PATCHWORKS_ADOPT_MATCHING;
                const converged = await remote(process_);
                assert.equal(converged.length, 1, JSON.stringify(converged));
                assert.ok(kind.proof(converged[0]));
                assert.deepEqual(await stateIds(testStack.stack), [converged[0].id]);
                const quiet = await scan.transcript.run(testStack.stack.preview(output()));
                assert.deepEqual(quiet.changeSummary, { same: 2 });
            });
        }
    });
});
