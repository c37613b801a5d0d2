// The lifecycle matrix under the real Pulumi engine, part 1: in-place changes (one PUT, same id)
// and every replace (the new connector created first), also with the create refused (422) and
// failing (500). For each: the operation the preview plans, how `up` ends, and the connectors in
// the emulator afterwards, read over plain HTTP.
import { strict as assert } from "node:assert";
import { type Declared, type FabricConnector, program, shopify } from "../reliability/harness";
import { lifecycleSuite, REPLACE_KINDS } from "./lifecycle-suite";

describe("end to end: lifecycle matrix, changes and replacements", function () {
    this.timeout(240_000);
    const suite = lifecycleSuite();
    const { scan, newStack, output, preview, up, failedUp, remote, mark, requestsSince, stateIds } = suite;

    describe("in-place changes", () => {
        const rows: { title: string; change: () => Partial<Declared["args"]>; check: (c: FabricConnector) => void }[] = [
            {
                title: "name",
                change: () => ({ name: "Shopify UK (renamed)" }),
                check: (c) => assert.equal(c.connector_name, "Shopify UK (renamed)"),
            },
            { title: "timezone", change: () => ({ timezone: "Europe/London" }), check: (c) => assert.equal(c.timeZone, "Europe/London") },
            { title: "dateFormat", change: () => ({ dateFormat: "d/m/Y H:i" }), check: (c) => assert.equal(c.dateFormat, "d/m/Y H:i") },
            {
                title: "authType (oauth2 to basic_auth)",
                change: () => ({
                    authType: "basic_auth",
                    credentials: {
                        store: "shopify-uk-store-live.myshopify.com",
                        api_key: scan.book.make("api-key"),
                        password: scan.book.make("password"),
                        shared_secret: scan.book.make("shared"),
                    },
                }),
                check: (c) => {
                    assert.equal(c.authorisation_type, "basic_auth");
                    assert.equal(c.credentials.private_app, true, "the flag of basic_auth is set");
                },
            },
        ];
        for (const row of rows) {
            it(`updates ${row.title} in place: same id, one PUT`, async () => {
                const start = [shopify(scan.book, "UK Store", "live")];
                const testStack = await newStack(start);
                await up(testStack.stack, start);
                const [original] = await remote();
                const changed = [{ ...start[0], args: { ...start[0].args, ...row.change() } }];
                assert.deepEqual(await preview(testStack.stack, changed), { [start[0].name]: "update" });
                const before = await mark();
                await up(testStack.stack, changed);
                const writes = (await requestsSince(before)).filter((r) => r.method !== "GET");
                assert.deepEqual(
                    writes.map((r) => `${r.method} ${r.path}`),
                    [`PUT /api/v2/connectors/${encodeURIComponent(original.id)}`],
                );
                const [after] = await remote();
                assert.equal(after.id, original.id);
                row.check(after);
                assert.deepEqual(await preview(testStack.stack, changed), { [start[0].name]: "same" });
            });
        }

        it("rotates a credential in place, and the preview names the rotated key, never its value", async () => {
            const start = [shopify(scan.book, "UK Store", "live")];
            const testStack = await newStack(start);
            await up(testStack.stack, start);
            const [original] = await remote();
            const rotated = [
                {
                    ...start[0],
                    args: {
                        ...start[0].args,
                        credentials: { store: "shopify-uk-store-live.myshopify.com", access_token: scan.book.make("rotated") },
                    },
                },
            ];
            testStack.stack.workspace.program = program(rotated);
            const shown = await scan.transcript.run(testStack.stack.preview({ ...output(), diff: true }));
            assert.match(shown.stdout, /~ credentialsChanged: \[\s*\+\s*\[0\]: "access_token"\s*\]/);
            await up(testStack.stack, rotated);
            const [after] = await remote();
            assert.equal(after.id, original.id);
            assert.deepEqual(
                await preview(testStack.stack, rotated),
                { [start[0].name]: "same" },
                "a rotated credential is not shown again",
            );
        });
    });

    describe("replacements", () => {
        for (const kind of REPLACE_KINDS) {
            it(`replaces on ${kind.title}, created first: the new connector exists, the old one is gone`, async () => {
                const before = kind.before(scan.book);
                const testStack = await newStack([before]);
                await up(testStack.stack, [before]);
                const [original] = await remote();
                const after = kind.after(scan.book, before);
                assert.deepEqual(await preview(testStack.stack, [after]), { [before.name]: "create-replace" });
                await up(testStack.stack, [after]);
                const now = await remote();
                assert.equal(now.length, 1);
                assert.notEqual(now[0].id, original.id);
                assert.ok(kind.proof(now[0]), JSON.stringify(now[0]));
                assert.deepEqual(await stateIds(testStack.stack), [now[0].id]);
                assert.deepEqual(await preview(testStack.stack, [after]), { [before.name]: "same" });
            });

            // 500 for every kind; the 422 refusal takes the same path, so one kind shows it.
            const failures = [{ status: 500, title: "failing (500, not retried: it may be the credential check)" }];
            if (kind === REPLACE_KINDS[0]) failures.push({ status: 422, title: "refused (422)" });
            for (const failure of failures) {
                it(`replaces on ${kind.title} with the create ${failure.title}: the old connector is untouched, and a second up converges`, async () => {
                    const before = kind.before(scan.book);
                    const testStack = await newStack([before]);
                    await up(testStack.stack, [before]);
                    const [original] = await remote();
                    const after = kind.after(scan.book, before);
                    await suite.emulator.setFaults({
                        failCount: 1,
                        failStatus: failure.status,
                        methods: ["POST"],
                        paths: ["/api/v2/connectors"],
                    });
                    const start = await mark();
                    const message = await failedUp(testStack.stack, [after]);
                    const posts = (await requestsSince(start)).filter((r) => r.method === "POST" && r.path === "/api/v2/connectors");
                    assert.equal(posts.length, 1, "one POST, no retry");
                    assert.match(message, new RegExp(`${failure.status}`));
                    assert.deepEqual(
                        (await remote()).map((c) => c.id),
                        [original.id],
                        "the original is untouched",
                    );
                    assert.deepEqual(await stateIds(testStack.stack), [original.id]);
                    // The cause is gone (the fault fired once): run `pulumi up` again.
                    await up(testStack.stack, [after]);
                    const now = await remote();
                    assert.equal(now.length, 1);
                    assert.ok(kind.proof(now[0]));
                    assert.deepEqual(await stateIds(testStack.stack), [now[0].id]);
                });
            }
        }
    });
});
