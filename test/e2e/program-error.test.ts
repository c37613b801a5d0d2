// A program that throws, as a user runs it: `pulumi preview` of a directory project through the
// real CLI and our Node.js language host. The user sees their own error, pointing at their own
// line, the preview writes nothing to the account, and the report fits in a small heap: the SDK's
// colored report of an uncaught error used to loop in Node's util.inspect until it ran out of
// memory (issue 15). `npm run bench -- --quick` measures the same programs' time and memory.
import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PROGRAM_TOKEN, THROWING_PROGRAMS, USER_ERROR, writeProgram } from "../../bench/error-programs";
import { startEmulator, type RunningEmulator } from "../support/emulator";
import { createTestStack, failureOf, pulumiCli, type TestStack } from "../support/pulumi";

/**
 * The heap the program's Node.js process gets, as on a small CI runner. A preview of these
 * programs needs well under this; the looping report grew past it and was killed.
 */
const RUNNER_HEAP_MB = 256;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

describe("end to end: a program that throws", function () {
    this.timeout(120_000);
    let emulator: RunningEmulator;
    let sources: string;
    const stacks: TestStack[] = [];

    before(async function () {
        this.timeout(30 * 60_000);
        await pulumiCli();
        emulator = await startEmulator();
        sources = mkdtempSync(path.join(os.tmpdir(), "patchworks-program-error-"));
    });
    afterEach(async () => {
        for (const testStack of stacks.splice(0)) testStack.dispose();
        await emulator.reset();
    });
    after(async () => {
        await emulator?.stop();
        if (sources) rmSync(sources, { recursive: true, force: true });
    });

    for (const program of THROWING_PROGRAMS) {
        it(`reports the user's error: ${program.label}; creates nothing`, async () => {
            const testStack = await createTestStack({ emulator, exampleDir: writeProgram(path.join(sources, program.id), program) });
            stacks.push(testStack);
            const workspace = testStack.stack.workspace;
            const settings = await workspace.projectSettings();
            settings.runtime = { name: "nodejs", options: { typescript: true, nodeargs: `--max-old-space-size=${RUNNER_HEAP_MB}` } };
            await workspace.saveProjectSettings(settings);

            const message = await failureOf(testStack.stack.preview());

            assert.match(message, /Running program '[^']*index\.ts' failed with an unhandled exception:/);
            assert.match(message, new RegExp(escapeRegExp(USER_ERROR)));
            assert.match(message, new RegExp(`index\\.ts:${program.throwsAt}:\\d+`), "the stack points at the user's line");
            assert.doesNotMatch(message, /terminated by signal|out of memory|heap limit/i);
            assert.equal(message.includes(PROGRAM_TOKEN), false, "the message echoes a credential");
            assert.deepEqual(
                (await emulator.requests()).filter((r) => r.method !== "GET"),
                [],
                "a preview writes nothing",
            );
            assert.deepEqual(await emulator.connectors(), [], "no connector exists");
        });
    }
});
