// A program that throws, as a user runs it: `pulumi preview` of a directory project through the
// real CLI and our Node.js language host. The user sees their own error, pointing at their own
// line, the preview writes nothing to the account, and the report fits in a small heap: the SDK's
// colored report of an uncaught error used to loop in Node's util.inspect until it ran out of
// memory (issue 15; the times and memory are in BENCHMARKS.md, measured by `npm run bench`).
import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmulator, type RunningEmulator } from "../support/emulator";
import { createTestStack, failureOf, pulumiCli, type TestStack } from "../support/pulumi";

/**
 * The heap the program's Node.js process gets, as on a small CI runner. A preview of these
 * programs needs well under this; the looping report needed gigabytes and was killed.
 */
const RUNNER_HEAP_MB = 256;

const TOKEN = "veeqo-e2e-program-error-token";
const CONNECTOR = `new patchworks.Connector("veeqo-live", { system: "veeqo", environment: "live", credentials: { token: "${TOKEN}" } });`;

const cases: { title: string; source: string[]; line: number }[] = [
    {
        title: "at the top level, after declaring a connector",
        source: ['import * as patchworks from "pulumi-patchworks";', CONNECTOR, "const settings: any = undefined;", "settings.boom();"],
        line: 4,
    },
    {
        // The stack of this one reaches the SDK's frames, which its source maps place at
        // node_modules/@pulumi/resource.ts: the line Node's util.inspect looped on.
        title: "in an async entry point, after declaring a connector",
        source: [
            'import * as patchworks from "pulumi-patchworks";',
            "export = async () => {",
            `    ${CONNECTOR}`,
            "    const settings: any = undefined;",
            "    settings.boom();",
            "};",
        ],
        line: 5,
    },
];

describe("end to end: a program that throws", function () {
    this.timeout(120_000);
    let emulator: RunningEmulator;
    let programsDir: string;
    const stacks: TestStack[] = [];

    before(async function () {
        this.timeout(30 * 60_000);
        await pulumiCli();
        emulator = await startEmulator();
        programsDir = mkdtempSync(path.join(os.tmpdir(), "patchworks-program-error-"));
    });
    afterEach(async () => {
        for (const stack of stacks.splice(0)) stack.dispose();
        await emulator.reset();
    });
    after(async () => {
        await emulator?.stop();
        if (programsDir) rmSync(programsDir, { recursive: true, force: true });
    });

    for (const [index, row] of cases.entries()) {
        it(`reports the user's error ${row.title}, and creates nothing`, async () => {
            const exampleDir = path.join(programsDir, String(index));
            mkdirSync(exampleDir);
            writeFileSync(path.join(exampleDir, "index.ts"), row.source.join("\n") + "\n");
            const testStack = await createTestStack({ emulator, exampleDir });
            stacks.push(testStack);
            const workspace = testStack.stack.workspace;
            const settings = await workspace.projectSettings();
            settings.runtime = { name: "nodejs", options: { typescript: true, nodeargs: `--max-old-space-size=${RUNNER_HEAP_MB}` } };
            await workspace.saveProjectSettings(settings);

            const message = await failureOf(testStack.stack.preview());

            assert.match(message, /Running program '[^']*index\.ts' failed with an unhandled exception:/);
            assert.match(message, /TypeError: Cannot read properties of undefined \(reading 'boom'\)/);
            assert.match(message, new RegExp(`index\\.ts:${row.line}:\\d+`), "the stack points at the user's line");
            assert.doesNotMatch(message, /terminated by signal|out of memory|heap limit/i);
            assert.equal(message.includes(TOKEN), false, "the message echoes a credential");
            assert.deepEqual((await emulator.requests()).filter((r) => r.method !== "GET"), [], "a preview writes nothing");
            const listed = await fetch(`${emulator.apiUrl}/service-connectors`, { headers: { Authorization: emulator.apiKey } });
            assert.deepEqual(((await listed.json()) as { data: unknown[] }).data, [], "no connector exists");
        });
    }
});
