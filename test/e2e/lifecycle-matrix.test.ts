// The lifecycle matrix under the real Pulumi engine: for each kind of change, what the preview plans
// (update, create-first or delete-first replace), how `up` ends, and which connectors exist in the
// emulator afterwards, by id, read through its API. Every replace is also run with the create
// failing (422, 500) and with the API dying mid-run. The original connector is kept or replaced,
// never lost, and every piece of advice the provider prints is followed literally.
import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { EngineEvent, LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import type { PatchworksClient, RemoteConnector } from "../../provider/client";
import {
    API_KEY,
    assertNoStackTrace,
    program,
    scannedScenarios,
    shopify,
    veeqo,
    waitFor,
    type Declared,
    type SecretBook,
} from "../reliability/harness";
import { apiClient } from "../support/api";
import { startEmulator, startEmulatorProcess, type EmulatorProcess, type RunningEmulator } from "../support/emulator";
import { createTestStack, pulumiCli, type ConfigValue, type TestStack } from "../support/pulumi";

type Op = "same" | "update" | "create" | "delete" | "create-replace" | "delete-replace";

/** The operation the engine plans for each resource, by resource name, from the preview's events. */
function plannedOperations(events: EngineEvent[]): Record<string, Op> {
    const sequence = new Map<string, string[]>();
    for (const event of events) {
        const metadata = event.resourcePreEvent?.metadata;
        if (!metadata || metadata.type === "pulumi:pulumi:Stack" || metadata.type.startsWith("pulumi:providers:")) continue;
        const name = metadata.urn.split("::").pop() as string;
        sequence.set(name, [...(sequence.get(name) ?? []), metadata.op]);
    }
    const plans: Record<string, Op> = {};
    for (const [name, ops] of sequence) {
        const created = ops.indexOf("create-replacement");
        const deleted = ops.indexOf("delete-replaced");
        if (created >= 0 && deleted >= 0) plans[name] = created < deleted ? "create-replace" : "delete-replace";
        else plans[name] = ops[0] as Op;
    }
    return plans;
}

/** Client settings that keep a failing scenario short; the defaults would retry for minutes. */
const QUICK_RETRIES: Record<string, ConfigValue> = {
    "patchworks:maxRetries": { value: "2" },
    "patchworks:retryBaseMs": { value: "50" },
};

interface ReplaceKind {
    title: string;
    /** The resource before and after the change; its name stays. */
    before: (book: SecretBook) => Declared;
    after: (book: SecretBook, before: Declared) => Declared;
    plan: "create-replace" | "delete-replace";
    /** A field of the replacement that proves it is the new declaration. */
    proof: (c: RemoteConnector) => boolean;
}

const named = (d: Declared, name: string): Declared => ({ ...d, name, args: { ...d.args, name } });

const REPLACE_KINDS: ReplaceKind[] = [
    {
        title: "companyGroup",
        before: (book) => named(shopify(book, "uk", "live"), "shop"),
        after: (book) => named(shopify(book, "fr", "live"), "shop"),
        plan: "create-replace",
        proof: (c) => c.companyGroup === "fr",
    },
    {
        title: "system",
        before: (book) => named(veeqo(book, "uk", "live"), "store"),
        after: (book) => ({
            name: "store",
            args: { system: "ometria", environment: "live", companyGroup: "uk", name: "store", credentials: { apiKey: book.make("ometria") } },
        }),
        plan: "create-replace",
        proof: (c) => c.system === "ometria",
    },
    {
        title: "environment",
        before: (book) => named(veeqo(book, "uk", "live"), "stock"),
        after: (book) => named(veeqo(book, "uk", "test"), "stock"),
        plan: "create-replace",
        proof: (c) => c.environment === "test",
    },
    {
        title: "authType",
        before: (book) => named(shopify(book, "uk", "live"), "shop"),
        after: (book) => ({
            name: "shop",
            args: {
                system: "shopify",
                environment: "live",
                companyGroup: "uk",
                name: "shop",
                authType: "legacy",
                credentials: { store: "uk-live.myshopify.com", apiKey: "legacy-app-key", password: book.make("pw"), sharedSecret: book.make("ss") },
            },
        }),
        plan: "delete-replace",
        proof: (c) => c.authType === "legacy",
    },
];

describe("end to end: the lifecycle matrix", function () {
    this.timeout(240_000);

    let emulator: RunningEmulator;
    let api: PatchworksClient;
    const scan = scannedScenarios();

    before(async function () {
        this.timeout(30 * 60_000);
        await pulumiCli();
        emulator = await startEmulator({ apiKey: API_KEY });
        api = apiClient(emulator);
    });
    after(async () => emulator?.stop());
    beforeEach(() => emulator.reset());

    async function newStack(declared: Declared[], on: RunningEmulator = emulator, config: Record<string, ConfigValue> = QUICK_RETRIES): Promise<TestStack> {
        const testStack = await createTestStack({ emulator: on, program: program(declared), config });
        scan.stacks.push(testStack);
        return testStack;
    }

    const output = () => ({ onOutput: scan.transcript.onOutput, onError: scan.transcript.onError });

    async function preview(stack: Stack, declared: Declared[]): Promise<Record<string, Op>> {
        stack.workspace.program = program(declared);
        const events: EngineEvent[] = [];
        await scan.transcript.run(stack.preview({ ...output(), onEvent: (e) => events.push(e) }));
        return plannedOperations(events);
    }

    async function up(stack: Stack, declared: Declared[]) {
        stack.workspace.program = program(declared);
        return scan.transcript.run(stack.up(output()));
    }

    async function failedUp(stack: Stack, declared: Declared[]): Promise<string> {
        stack.workspace.program = program(declared);
        const message = await scan.transcript.failure(stack.up(output()));
        assertNoStackTrace(message);
        return message;
    }

    /** The connectors in the emulator now, read through its API (faults cleared first). */
    async function remote(on: RunningEmulator = emulator): Promise<RemoteConnector[]> {
        await on.setFaults({});
        return apiClient(on).listConnectors();
    }

    async function stateIds(stack: Stack): Promise<string[]> {
        const { deployment } = await stack.exportStack();
        return ((deployment.resources ?? []) as { type: string; id?: string }[])
            .filter((r) => r.type === "pulumi-nodejs:dynamic/patchworks:Connector")
            .map((r) => r.id as string)
            .sort();
    }

    describe("in-place changes", () => {
        const rows: { title: string; change: Partial<Declared["args"]>; check: (c: RemoteConnector) => void }[] = [
            { title: "name", change: { name: "Shopify UK (renamed)" }, check: (c) => assert.equal(c.name, "Shopify UK (renamed)") },
            { title: "timezone", change: { timezone: "Europe/London" }, check: (c) => assert.equal(c.timezone, "Europe/London") },
            { title: "dateFormat", change: { dateFormat: "dd/MM/yyyy HH:mm" }, check: (c) => assert.equal(c.dateFormat, "dd/MM/yyyy HH:mm") },
        ];
        for (const row of rows) {
            it(`updates ${row.title} in place: same id, one PATCH`, async () => {
                const start = [shopify(scan.book, "uk", "live")];
                const testStack = await newStack(start);
                await up(testStack.stack, start);
                const [original] = await remote();
                const changed = [{ ...start[0], args: { ...start[0].args, ...row.change } }];
                assert.deepEqual(await preview(testStack.stack, changed), { [start[0].name]: "update" });
                const mark = (await emulator.requests()).length;
                await up(testStack.stack, changed);
                const writes = (await emulator.requests()).slice(mark).filter((r) => r.method !== "GET");
                assert.deepEqual(writes.map((r) => r.method), ["PATCH"]);
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
            const rotated = [{ ...start[0], args: { ...start[0].args, credentials: { storeUrl: "uk-live.myshopify.com", accessToken: scan.book.make("rotated") } } }];
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
                await emulator.setFaults({ failCount: 1, failStatus: 422, methods: ["POST"] });
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
                await emulator.setFaults({ failRate: 1, failStatus: 500, methods: ["POST"] });
                const message = await failedUp(testStack.stack, [after]);
                assert.match(message, /POST \/service-connectors failed \(500\) after 3 attempts/);
                const now = await remote();
                if (kind.plan === "create-replace") {
                    assert.deepEqual(now.map((c) => c.id), [original.id], "the original is untouched");
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
                process_ = await startEmulatorProcess({ apiKey: API_KEY, dataDir });
                const port = Number(new URL(process_.url).port);
                const before = kind.before(scan.book);
                const testStack = await newStack([before], process_);
                await up(testStack.stack, [before]);
                const [original] = await remote(process_);

                // The emulator creates on arrival and would answer late; it is killed once the
                // replacement exists and before it answers.
                await process_.setFaults({ latencyMs: 10_000, methods: ["POST"] });
                const dying = process_;
                const lookout = apiClient(dying);
                const watcher = (async () => {
                    await waitFor("the replacement to be created", async () => (await lookout.listConnectors().catch(() => [])).some(kind.proof), 120_000);
                    await dying.kill("SIGKILL");
                })();
                testStack.stack.workspace.program = program([kind.after(scan.book, before)]);
                const message = await scan.transcript.failure(testStack.stack.up(output()));
                await watcher;
                assertNoStackTrace(message);

                process_ = await startEmulatorProcess({ apiKey: API_KEY, dataDir, port });
                const survivors = await remote(process_);
                const after = kind.after(scan.book, before);
                if (kind.plan === "create-replace") {
                    assert.match(message, /may have taken effect, but Patchworks did not confirm it/);
                    assert.ok(survivors.some((c) => c.id === original.id), "the original is kept");
                    assert.deepEqual(await stateIds(testStack.stack), [original.id]);
                } else {
                    assert.match(message, /putting it back failed too|may have taken effect/);
                }
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

    describe("renames and hand-overs", () => {
        it("a rename without aliases: the preview says so truthfully; following `aliases` keeps the connector", async () => {
            // Without `name`, Pulumi names the connector after its resource.
            const old = { ...shopify(scan.book, "uk", "live"), name: "shop-old" };
            const testStack = await newStack([old]);
            await up(testStack.stack, [old]);
            const [original] = await remote();
            const renamed = { ...old, name: "shop-new" };
            testStack.stack.workspace.program = program([renamed]);
            const message = await scan.transcript.failure(testStack.stack.preview(output()));
            assert.match(message, new RegExp(`a connector with this key exists in the Patchworks account: ${original.id} \\("shop-old"\\)`));
            assert.match(message, /aliases: \[\{ name: "<its previous name>" \}\]/);
            assert.match(message, /the previous name may be "shop-old"/);
            assert.match(message, /adopt: true/);
            assert.doesNotMatch(message, /interrupted/, "a rename is not an interrupted run");

            const aliased = { ...renamed, opts: { aliases: [{ name: "shop-old" }] } };
            assert.deepEqual(await preview(testStack.stack, [aliased]), { "shop-new": "update" }, "the default name follows the resource name");
            await up(testStack.stack, [aliased]);
            assert.deepEqual((await remote()).map((c) => [c.id, c.name]), [[original.id, "shop-new"]]);
            assert.deepEqual(await stateIds(testStack.stack), [original.id]);
        });

        it("a rename without aliases, following `adopt: true` instead: the connector is kept, not deleted by the old resource", async () => {
            const old = { ...shopify(scan.book, "uk", "live"), name: "shop-old" };
            const testStack = await newStack([old]);
            await up(testStack.stack, [old]);
            const [original] = await remote();
            const adopting = { ...old, name: "shop-new", args: { ...old.args, adopt: true } };
            const plans = await preview(testStack.stack, [adopting]);
            assert.deepEqual(plans, { "shop-new": "create", "shop-old": "delete" });
            await up(testStack.stack, [adopting]);
            assert.deepEqual((await remote()).map((c) => c.id), [original.id], "the adopted connector survives the old resource's delete");
            assert.deepEqual(await stateIds(testStack.stack), [original.id]);
            assert.match(scan.transcript.text(), new RegExp(`kept connector ${original.id} \\("shop-old"\\): another Connector of this stack adopted it in this run`));
            assert.deepEqual(await preview(testStack.stack, [adopting]), { "shop-new": "same" });
        });

        it("hands a key over from one resource to another: the advice (adopt) keeps the connector and moves the other", async () => {
            const a = named(veeqo(scan.book, "uk", "live"), "a");
            const testStack = await newStack([a]);
            await up(testStack.stack, [a]);
            const [original] = await remote();
            const aMoves = { ...a, args: { ...a.args, companyGroup: "fr" } };
            const bTakesUk = named(veeqo(scan.book, "uk", "live"), "b");
            testStack.stack.workspace.program = program([aMoves, bTakesUk]);
            const message = await scan.transcript.failure(testStack.stack.preview(output()));
            assert.match(message, new RegExp(`resource 'b'.*${original.id}`));
            // Whether the engine checked a before b decides which wording; both give the same advice.
            assert.match(message, /moves off this key in this (run|change), (and Pulumi deletes|set adopt: true on this Connector)|set adopt: true on it/);
            const bAdopts = { ...bTakesUk, args: { ...bTakesUk.args, adopt: true } };
            assert.deepEqual(await preview(testStack.stack, [aMoves, bAdopts]), { a: "create-replace", b: "create" });
            await up(testStack.stack, [aMoves, bAdopts]);
            const now = await remote();
            assert.equal(now.length, 2);
            const uk = now.find((c) => c.companyGroup === "uk");
            const fr = now.find((c) => c.companyGroup === "fr");
            assert.equal(uk?.id, original.id, "the uk connector is the original, now b's");
            assert.equal(uk?.name, "b");
            assert.ok(fr && fr.id !== original.id, "a has a new connector in fr");
            assert.deepEqual(await stateIds(testStack.stack), [original.id, fr.id].sort());
        });
    });

    describe("adopting a dashboard connector", () => {
        async function dashboardNetSuite(): Promise<RemoteConnector> {
            return api.createConnector({
                system: "netsuite",
                environment: "live",
                companyGroup: null,
                name: "NetSuite (authorised by Jane)",
                timezone: "America/New_York",
                dateFormat: "MM/dd/yyyy",
                authType: "legacy-oauth1",
                credentials: {
                    accountId: "1234567",
                    scriptId: "126",
                    deployId: "1",
                    tokenId: scan.book.make("tid"),
                    tokenSecret: scan.book.make("ts"),
                    consumerKey: scan.book.make("ck"),
                    consumerSecret: scan.book.make("cs"),
                },
            });
        }

        const adoptNetSuite = (extra: Partial<Declared["args"]> = {}): Declared => ({
            name: "netsuite-live",
            args: { system: "netsuite", environment: "live", authType: "legacy-oauth1", adopt: true, ...extra },
        });

        it("changes only what the program declares, says what before it does, and sends no write for the rest", async () => {
            const dashboard = await dashboardNetSuite();
            const testStack = await newStack([adoptNetSuite()]);
            const mark = (await emulator.requests()).length;
            await up(testStack.stack, [adoptNetSuite()]);
            const writes = (await emulator.requests()).slice(mark).filter((r) => r.method !== "GET");
            assert.deepEqual(writes, [], "adopting as it is writes nothing");
            const [kept] = await remote();
            assert.equal(kept.id, dashboard.id);
            assert.equal(kept.name, "NetSuite (authorised by Jane)");
            assert.equal(kept.timezone, "America/New_York");
            assert.equal(kept.dateFormat, "MM/dd/yyyy");
            assert.deepEqual(await preview(testStack.stack, [adoptNetSuite()]), { "netsuite-live": "same" });

            // A declared field changes, and only it, after the preview said so.
            const withZone = adoptNetSuite({ timezone: "UTC" });
            assert.deepEqual(await preview(testStack.stack, [withZone]), { "netsuite-live": "update" });
            await up(testStack.stack, [withZone]);
            const [zoned] = await remote();
            assert.equal(zoned.timezone, "UTC");
            assert.equal(zoned.name, "NetSuite (authorised by Jane)");
        });

        it("names the changes of a first adoption in the preview, and fails at preview on the wrong authType", async () => {
            await dashboardNetSuite();
            const testStack = await newStack([adoptNetSuite({ name: "NetSuite", timezone: "UTC" })]);
            testStack.stack.workspace.program = program([adoptNetSuite({ name: "NetSuite", timezone: "UTC" })]);
            const shown = await scan.transcript.run(testStack.stack.preview(output()));
            assert.match(
                `${shown.stdout}\n${shown.stderr}`,
                /adopting connector \S+ \("NetSuite \(authorised by Jane\)"\), the live netsuite connector in the default company group: changes name "NetSuite \(authorised by Jane\)" -> "NetSuite"; timezone "America\/New_York" -> "UTC"/,
            );
            const wrong = { ...adoptNetSuite(), args: { ...adoptNetSuite().args, authType: "suitetalk-oauth" } };
            testStack.stack.workspace.program = program([wrong]);
            const message = await scan.transcript.failure(testStack.stack.preview(output()));
            assert.match(message, /it uses authType "legacy-oauth1", not "suitetalk-oauth"; declare authType: "legacy-oauth1"/);
        });
    });
});
