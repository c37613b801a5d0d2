// Pipelines that run at the same time, under the real Pulumi engine: two stacks racing for the same
// connector, and one stack large enough that Pulumi's default parallelism would flood the API if
// the provider's client did not cap its requests in flight.
import { strict as assert } from "node:assert";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import type { PatchworksClient, RemoteConnector } from "../../provider/client";
import { apiClient } from "../support/api";
import { CLIENT_LIMITS } from "../../provider/settings";
import { Connector } from "../../sdk";
import { startEmulator, type RunningEmulator } from "../support/emulator";
import { createTestStack, pulumiCli, type TestStack } from "../support/pulumi";
import {
    API_KEY,
    assertNoDuplicates,
    assertNoStackTrace,
    fleet,
    maxInFlight,
    program,
    scannedScenarios,
    shopify,
    type Declared,
} from "../reliability/harness";

describe("end to end: concurrent pipelines", function () {
    this.timeout(120_000);

    let emulator: RunningEmulator;
    let api: PatchworksClient;

    before(async function () {
        this.timeout(30 * 60_000);
        await pulumiCli();
        emulator = await startEmulator({ apiKey: API_KEY });
        api = apiClient({ apiUrl: emulator.apiUrl, apiKey: API_KEY });
    });
    after(async () => emulator?.stop());
    beforeEach(() => emulator.reset());
    const scan = scannedScenarios();

    async function newStack(run: PulumiFn): Promise<TestStack> {
        const testStack = await createTestStack({ emulator, program: run });
        scan.stacks.push(testStack);
        return testStack;
    }

    async function connectors(): Promise<RemoteConnector[]> {
        await emulator.setFaults({});
        return api.listConnectors();
    }

    const output = () => ({ onOutput: scan.transcript.onOutput, onError: scan.transcript.onError });

    it("lets exactly one of two stacks that declare the same live connector create it, and corrupts neither", async () => {
        // Both programs register their connector at the same instant, and every GET answers 300 ms
        // late (the emulator answers from the moment of arrival), so both checks see an empty
        // account before either POST lands: the race is decided by the API's 409, not by the check.
        let arrived = 0;
        let release = () => {};
        const barrier = new Promise<void>((resolve) => (release = resolve));
        const racer =
            (declared: Declared): PulumiFn =>
            async () => {
                if (++arrived === 2) release();
                await barrier;
                return { id: new Connector(declared.name, declared.args).connectorId };
            };
        const a = shopify(scan.book, "uk", "live", { name: "Shopify UK (pipeline A)" });
        const b = shopify(scan.book, "uk", "live", { name: "Shopify UK (pipeline B)" });
        const stackA = await newStack(racer(a));
        const stackB = await newStack(racer(b));
        await emulator.setFaults({ latencyMs: 300, methods: ["GET"] });

        const results = await Promise.allSettled([stackA.stack.up(output()), stackB.stack.up(output())]);
        const winners = results.flatMap((r, i) => (r.status === "fulfilled" ? [i] : []));
        assert.equal(winners.length, 1, `exactly one up succeeds: ${results.map((r) => r.status)}`);
        const [winner, loser] = winners[0] === 0 ? [stackA, stackB] : [stackB, stackA];
        const failure = String(((results[winners[0] === 0 ? 1 : 0] as PromiseRejectedResult).reason as Error).message);
        scan.transcript.add(failure);

        const remote = await connectors();
        assert.equal(remote.length, 1, "exactly one connector exists");
        const [existing] = remote;
        assert.ok(
            failure.includes(`a connector with this key exists in the Patchworks account: ${existing.id} ("${existing.name}")`),
            failure,
        );
        assert.match(failure, /made outside this stack \(the dashboard, another stack or pipeline\).*set adopt: true on this Connector/);
        assertNoStackTrace(failure);
        // Which check ran first decides where the loser stops: at its check, or at the API's 409 on its
        // POST; the advice is the same either way (the key was taken since the preview looked).
        const statuses = (await emulator.requests())
            .filter((r) => r.method === "POST")
            .map((r) => r.status)
            .sort();
        const lostAtTheApi = statuses.includes(409);
        console.log(`      the loser failed ${lostAtTheApi ? "at create, on the API's 409" : "at its check"}`);
        assert.deepEqual(statuses, lostAtTheApi ? [201, 409] : [201], "one POST created the connector and no other succeeded");

        // Neither state is corrupted: both stacks load, refresh and preview as they should.
        await emulator.setFaults({});
        const winnerRefresh = await winner.stack.refresh(output());
        assert.equal(winnerRefresh.summary.result, "succeeded");
        assert.deepEqual((await winner.stack.preview(output())).changeSummary, { same: 2 });
        const winnerState = await winner.stack.exportStack();
        assert.ok(JSON.stringify(winnerState.deployment.resources).includes(existing.id));

        const loserRefresh = await loser.stack.refresh(output());
        assert.equal(loserRefresh.summary.result, "succeeded");
        const loserState = await loser.stack.exportStack();
        assert.ok(!JSON.stringify(loserState.deployment.resources ?? []).includes(existing.id), "the loser does not claim it");
        assert.deepEqual(loserState.deployment.pending_operations ?? [], []);
        const again = await scan.transcript.failure(loser.stack.preview(output()));
        assert.ok(again.includes(`${existing.id} ("${existing.name}")`), "the loser's next preview names the connector again");
        assert.equal((await connectors()).length, 1);
    });

    it("keeps 200 connectors under Pulumi's default parallelism within the client's concurrency cap", async () => {
        const declared = fleet(scan.book, 50);
        assert.equal(declared.length, 200);
        const testStack = await newStack(program(declared));
        // Slow answers make requests overlap, so the cap is what limits them.
        await emulator.setFaults({ latencyMs: 100 });

        const started = Date.now();
        const result = await testStack.stack.up(output());
        const upMs = Date.now() - started;
        assert.equal(result.summary.resourceChanges?.create, 201);
        const peak = await maxInFlight(emulator);
        console.log(`      200 connectors in ${upMs} ms; at most ${peak} requests in flight (cap ${CLIENT_LIMITS.maxConcurrency})`);
        assert.ok(peak <= CLIENT_LIMITS.maxConcurrency, `${peak} requests in flight, over the cap of ${CLIENT_LIMITS.maxConcurrency}`);
        assert.ok(peak > 1, "requests did overlap (else the cap was never tested)");

        const remote = await connectors();
        assert.equal(remote.length, 200);
        assertNoDuplicates(remote);
    });
});
