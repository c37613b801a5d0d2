// What an end-to-end file shares: the real CLI, one emulator reset before each test, stacks whose
// state and output are scanned for secrets after each test. Call it inside a `describe`.
import type { PulumiFn, Stack } from "@pulumi/pulumi/automation";
import { CONNECTOR_TYPE } from "../../policy/policies";
import { API_KEY, scannedScenarios } from "../reliability/harness";
import { startEmulator, type RunningEmulator } from "./emulator";
import { fabricHttp, type FabricHttp } from "./fabric-http";
import { createTestStack, pulumiCli, type ConfigValue, type TestStack } from "./pulumi";

/** The ids of the connectors a stack's state holds, sorted. */
export async function stateIds(stack: Stack): Promise<string[]> {
    const { deployment } = await stack.exportStack();
    return ((deployment.resources ?? []) as { type: string; id?: string }[])
        .filter((r) => r.type === CONNECTOR_TYPE)
        .map((r) => r.id as string)
        .sort();
}

export function e2eWorld() {
    let emulator: RunningEmulator;
    /** Plain HTTP to the emulator, never the provider's client: what exists there, independently of the code under test. */
    let api: FabricHttp;
    const scan = scannedScenarios();

    before(async function () {
        this.timeout(30 * 60_000); // a cold build of the CLI from Go modules, once per machine
        await pulumiCli();
        emulator = await startEmulator({ apiKey: API_KEY });
        api = fabricHttp(emulator.url);
    });
    after(async () => emulator?.stop());
    beforeEach(() => emulator.reset());

    async function newStack(
        program: PulumiFn,
        config: Record<string, ConfigValue> = {},
        on: RunningEmulator = emulator,
    ): Promise<TestStack> {
        const testStack = await createTestStack({ emulator: on, program, config });
        scan.stacks.push(testStack);
        return testStack;
    }

    return {
        scan,
        get emulator() {
            return emulator;
        },
        get api() {
            return api;
        },
        /** Every line the CLI prints, into the scanned transcript. */
        output: () => ({ onOutput: scan.transcript.onOutput, onError: scan.transcript.onError }),
        newStack,
    };
}
