// Pipelines that run at the same time, under the real Pulumi engine: two stacks racing for the same
// connector key, for a system whose duplicate Fabric refuses (Shopify) and for one whose duplicate
// it overwrites (Magento 2). Exactly one connector exists afterwards, read over plain HTTP, and
// neither stack's state claims what the other made.
import { strict as assert } from "node:assert";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import { Connector } from "../../sdk";
import { assertNoStackTrace, type Declared, magento, shopify } from "../reliability/harness";
import { e2eWorld, stateIds } from "../support/e2e-world";

describe("end to end: concurrent pipelines", function () {
    this.timeout(240_000);
    const world = e2eWorld();
    const { scan, output } = world;

    /** Both programs register their connector at the same instant. */
    function racers(a: Declared, b: Declared): [PulumiFn, PulumiFn] {
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
        return [racer(a), racer(b)];
    }

    const kinds = [
        { title: "Shopify (Fabric refuses a duplicate)", make: shopify },
        { title: "Magento 2 (Fabric overwrites a duplicate)", make: magento },
    ];
    for (const kind of kinds) {
        it(`lets exactly one of two stacks that declare the same ${kind.title} connector have it, and corrupts neither`, async () => {
            const a = kind.make(scan.book, "UK Store", "live", { name: "pipeline A" });
            const b = kind.make(scan.book, "UK Store", "live", { name: "pipeline B" });
            const [runA, runB] = racers(a, b);
            const stackA = await world.newStack(runA);
            const stackB = await world.newStack(runB);
            // Every read answers 300 ms late (after being served), so both checks see an empty account.
            await world.emulator.setFaults({ latencyMs: 300, methods: ["GET"], paths: ["/api/v2/connectors"] });

            const results = await Promise.allSettled([stackA.stack.up(output()), stackB.stack.up(output())]);
            await world.emulator.setFaults({});
            const failures = results.flatMap((r) => (r.status === "rejected" ? [String((r.reason as Error).message)] : []));
            for (const failure of failures) {
                scan.transcript.add(failure);
                assertNoStackTrace(failure);
            }
            const remote = await world.api.connectors();
            assert.equal(remote.length, 1, "exactly one connector exists");
            const [existing] = remote;
            const owners = [];
            for (const testStack of [stackA, stackB]) {
                if ((await stateIds(testStack.stack)).includes(existing.id)) owners.push(testStack);
            }
            if (owners.length === 2) {
                // [?] fact sheet 3.1: for a system whose duplicate Fabric overwrites, a 200 that reused
                // a row the run never saw is a revival or another program's connector made since the
                // re-read: the provider cannot tell, succeeds, and warns naming the row (a revival is common).
                assert.equal(kind.make, magento, "only where Fabric overwrites");
                assert.equal(failures.length, 0);
                assert.match(
                    scan.transcript.text(),
                    new RegExp(`reusing row ${existing.id.replace("|", "\\|")}.*check it in the dashboard`),
                );
                console.log("      both POSTs landed in the same moment: the second overwrote the first, and warned naming the row");
            } else {
                assert.equal(owners.length, 1, "exactly one stack holds it");
                const ownerName = owners[0] === stackA ? "pipeline A" : "pipeline B";
                assert.equal(existing.connector_name, ownerName, "it holds the settings of the stack that has it");
                assert.equal(failures.length, 1, `one up fails: ${results.map((r) => r.status)}`);
                assert.match(failures[0], new RegExp(existing.id.replace("|", "\\|")));
                assert.match(failures[0], /adopt: true/);
            }
            const owner = owners[0];

            // Neither state is corrupted: both refresh, and the owner's preview shows no change.
            for (const testStack of [stackA, stackB]) {
                const refreshed = await scan.transcript.run(testStack.stack.refresh(output()));
                assert.equal(refreshed.summary.result, "succeeded");
            }
            if (owners.length === 1) {
                assert.deepEqual((await scan.transcript.run(owner.stack.preview(output()))).changeSummary, { same: 2 });
            } else {
                // Both hold it; the refresh shows the stack whose settings were overwritten the drift.
                const overwritten = existing.connector_name === "pipeline A" ? stackB : stackA;
                assert.deepEqual((await scan.transcript.run(overwritten.stack.preview(output()))).changeSummary, { same: 1, update: 1 });
            }
            assert.equal((await world.api.connectors()).length, 1);
        });
    }
});
