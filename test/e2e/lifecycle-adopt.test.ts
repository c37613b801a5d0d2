// The lifecycle matrix, part 3: renames with and without aliases, a key handed over between two
// resources, and adopting a dashboard connector, each ending with what exists in the emulator.
import { strict as assert } from "node:assert";
import type { RemoteConnector } from "../../provider/client";
import { program, shopify, veeqo, type Declared } from "../reliability/harness";
import { lifecycleSuite, named } from "./lifecycle-suite";

describe("end to end: lifecycle matrix, renames, hand-overs and adoption", function () {
    this.timeout(240_000);
    const suite = lifecycleSuite();
    const { scan, newStack, output, preview, up, remote, stateIds } = suite;

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
            assert.match(
                message,
                new RegExp(`a connector with this key exists in the Patchworks account: ${original.id} \\("shop-old"\\)`),
            );
            assert.match(message, /aliases: \[\{ name: "<its previous resource name>" \}\]/);
            assert.match(message, /if \S+ was made that way, it is "shop-old"/);
            assert.match(message, /adopt: true/);
            assert.doesNotMatch(message, /interrupted/, "a rename is not an interrupted run");

            const aliased = { ...renamed, opts: { aliases: [{ name: "shop-old" }] } };
            assert.deepEqual(
                await preview(testStack.stack, [aliased]),
                { "shop-new": "update" },
                "the default name follows the resource name",
            );
            await up(testStack.stack, [aliased]);
            assert.deepEqual(
                (await remote()).map((c) => [c.id, c.name]),
                [[original.id, "shop-new"]],
            );
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
            assert.deepEqual(
                (await remote()).map((c) => c.id),
                [original.id],
                "the adopted connector survives the old resource's delete",
            );
            assert.deepEqual(await stateIds(testStack.stack), [original.id]);
            assert.match(
                scan.transcript.text(),
                new RegExp(`kept connector ${original.id} \\("shop-old"\\): another Connector of this stack adopted it in this run`),
            );
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
            assert.match(
                message,
                /moves off this key in this (run|change), (and Pulumi deletes|set adopt: true on this Connector)|set adopt: true on it/,
            );
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
            return suite.api.createConnector({
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
            const mark = (await suite.emulator.requests()).length;
            await up(testStack.stack, [adoptNetSuite()]);
            const writes = (await suite.emulator.requests()).slice(mark).filter((r) => r.method !== "GET");
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
