// Every example is a real Pulumi project; previewing each one through the CLI and the Node.js
// language host keeps them from rotting.
import { strict as assert } from "node:assert";
import { readdirSync } from "node:fs";
import path from "node:path";
import { startEmulator, type RunningEmulator } from "../support/emulator";
import { createTestStack, pulumiCli, REPO_ROOT, type ConfigValue } from "../support/pulumi";

/** Secret config each example reads; fake values for the emulator. */
const exampleConfig: Record<string, Record<string, ConfigValue>> = {
    quickstart: Object.fromEntries(
        ["shopifyUkToken", "shopifyUkTestToken", "shopifyFrToken", "netsuiteTokenId", "netsuiteTokenSecret", "netsuiteConsumerKey", "netsuiteConsumerSecret"].map(
            (key) => [key, { value: `e2e-${key}`, secret: true }],
        ),
    ),
};

describe("end to end: examples preview cleanly", function () {
    this.timeout(180_000);
    let emulator: RunningEmulator;

    before(async function () {
        this.timeout(30 * 60_000);
        await pulumiCli();
        emulator = await startEmulator();
    });
    after(async () => emulator?.stop());

    const examples = readdirSync(path.join(REPO_ROOT, "examples"), { withFileTypes: true }).filter((e) => e.isDirectory());
    for (const example of examples) {
        it(`previews examples/${example.name}`, async () => {
            const testStack = await createTestStack({
                emulator,
                exampleDir: path.join(REPO_ROOT, "examples", example.name),
                config: exampleConfig[example.name] ?? {},
            });
            try {
                const preview = await testStack.stack.preview();
                assert.ok((preview.changeSummary.create ?? 0) > 1, `examples/${example.name} declares connectors`);
                assert.deepEqual((await emulator.requests()).filter((r) => r.method !== "GET"), []);
            } finally {
                testStack.dispose();
            }
        });
    }
});
