// The lifecycle matrix under the real Pulumi engine, part 1: in-place changes and every replace,
// also with the create refused (422) and failing (500). For each: the operation the preview plans,
// how `up` ends, and the connectors in the emulator afterwards, by id, through its API.
import { strict as assert } from "node:assert";
import type { RemoteConnector } from "../../provider/client";
import { program, shopify, type Declared } from "../reliability/harness";
import { lifecycleSuite, REPLACE_KINDS } from "./lifecycle-suite";

describe("end to end: lifecycle matrix, changes and replacements", function () {
    this.timeout(240_000);
    const suite = lifecycleSuite();
    const { scan, newStack, output, preview, up, failedUp, remote, stateIds } = suite;

    describe("in-place changes", () => {
        const rows: { title: string; change: Partial<Declared["args"]>; check: (c: RemoteConnector) => void }[] = [
            { title: "name", change: { name: "Shopify UK (renamed)" }, check: (c) => assert.equal(c.name, "Shopify UK (renamed)") },
            { title: "timezone", change: { timezone: "Europe/London" }, check: (c) => assert.equal(c.timezone, "Europe/London") },
            {
                title: "dateFormat",
                change: { dateFormat: "dd/MM/yyyy HH:mm" },
                check: (c) => assert.equal(c.dateFormat, "dd/MM/yyyy HH:mm"),
            },
        ];
        for (const row of rows) {
            it(`updates ${row.title} in place: same id, one PATCH`, async () => {
                const start = [shopify(scan.book, "uk", "live")];
                const testStack = await newStack(start);
                await up(testStack.stack, start);
                const [original] = await remote();
                const changed = [{ ...start[0], args: { ...start[0].args, ...row.change } }];
                assert.deepEqual(await preview(testStack.stack, changed), { [start[0].name]: "update" });
                const mark = (await suite.emulator.requests()).length;
                await up(testStack.stack, changed);
                const writes = (await suite.emulator.requests()).slice(mark).filter((r) => r.method !== "GET");
                assert.deepEqual(
                    writes.map((r) => r.method),
                    ["PATCH"],
                );
                const [after] = await remote();
                assert.equal(after.id, original.id);
                row.check(after);
            });
        }

        it("rotates a credential in place, and the preview names the rotated key, never its value", async () => {
            const start = [shopify(scan.book, "uk", "live")];
            const testStack = await newStack(start);
            await up(testStack.stack, start);
            const [original] = await remote();
            const rotated = [
                {
                    ...start[0],
                    args: { ...start[0].args, credentials: { storeUrl: "uk-live.myshopify.com", accessToken: scan.book.make("rotated") } },
                },
            ];
            testStack.stack.workspace.program = program(rotated);
            const shown = await scan.transcript.run(testStack.stack.preview({ ...output(), diff: true }));
            assert.match(shown.stdout, /~ credentialsChanged: \[\s*\+\s*\[0\]: "accessToken"\s*\]/);
            await up(testStack.stack, rotated);
            const [after] = await remote();
            assert.equal(after.id, original.id);
            const again = await preview(testStack.stack, rotated);
            assert.deepEqual(again, { [start[0].name]: "same" }, "a rotated credential is not shown again");
        });
    });

    describe("replacements", () => {
        for (const kind of REPLACE_KINDS) {
            it(`replaces on ${kind.title} (${kind.plan}): the new connector exists, the old one is gone`, async () => {
                const before = kind.before(scan.book);
                const testStack = await newStack([before]);
                await up(testStack.stack, [before]);
                const [original] = await remote();
                const after = kind.after(scan.book, before);
                assert.deepEqual(await preview(testStack.stack, [after]), { [before.name]: kind.plan });
                await up(testStack.stack, [after]);
                const now = await remote();
                assert.equal(now.length, 1);
                assert.notEqual(now[0].id, original.id);
                assert.ok(kind.proof(now[0]), JSON.stringify(now[0]));
                assert.deepEqual(await stateIds(testStack.stack), [now[0].id]);
                assert.deepEqual(await preview(testStack.stack, [after]), { [before.name]: "same" });
            });

            it(`replaces on ${kind.title} with the create refused (422): the connector is kept, then replaced once the API accepts`, async () => {
                const before = kind.before(scan.book);
                const testStack = await newStack([before]);
                await up(testStack.stack, [before]);
                const [original] = await remote();
                const after = kind.after(scan.book, before);
                await suite.emulator.setFaults({ failCount: 1, failStatus: 422, methods: ["POST"] });
                const message = await failedUp(testStack.stack, [after]);
                assert.match(message, /POST \/service-connectors failed \(422\)/);
                const kept = await remote();
                assert.equal(kept.length, 1, "one connector, the original or its put-back copy");
                if (kind.plan === "create-replace") {
                    assert.equal(kept[0].id, original.id, "the original is untouched");
                } else {
                    // Deleted to make room (same key), then put back with its settings under a new id.
                    assert.match(message, new RegExp(`has been put back with its settings as ${kept[0].id}`));
                    assert.equal(kept[0].authType, original.authType);
                    assert.equal(kept[0].name, original.name);
                }
                assert.deepEqual(await stateIds(testStack.stack), [kept[0].id], "the state holds the connector that exists");
                // The message's advice: fix the cause and run `pulumi up` again.
                await up(testStack.stack, [after]);
                const now = await remote();
                assert.equal(now.length, 1);
                assert.ok(kind.proof(now[0]));
                assert.deepEqual(await stateIds(testStack.stack), [now[0].id]);
            });

            it(`replaces on ${kind.title} with the API failing every create (500): never lost, converges when it recovers`, async () => {
                const before = kind.before(scan.book);
                const testStack = await newStack([before]);
                await up(testStack.stack, [before]);
                const [original] = await remote();
                const after = kind.after(scan.book, before);
                await suite.emulator.setFaults({ failRate: 1, failStatus: 500, methods: ["POST"] });
                const message = await failedUp(testStack.stack, [after]);
                assert.match(message, /POST \/service-connectors failed \(500\) after 3 attempts/);
                const now = await remote();
                if (kind.plan === "create-replace") {
                    assert.deepEqual(
                        now.map((c) => c.id),
                        [original.id],
                        "the original is untouched",
                    );
                    assert.deepEqual(await stateIds(testStack.stack), [original.id]);
                } else {
                    // The key had to be freed first; with every create refused nothing can be put back,
                    // and the message says so and what to run.
                    assert.deepEqual(now, []);
                    assert.match(message, /putting it back failed too/);
                    assert.match(message, /Run `pulumi up` again to create the connector as declared/);
                }
                await up(testStack.stack, [after]);
                const converged = await remote();
                assert.equal(converged.length, 1);
                assert.ok(kind.proof(converged[0]));
                assert.deepEqual(await stateIds(testStack.stack), [converged[0].id]);
            });
        }
    });
});
