// Connector programs under the real Pulumi CLI against the Fabric emulator: create, no-op, refresh,
// drift, delete of a connector a service uses, the revived connector, and secrets Fabric returns
// in clear. Every check of what exists reads the emulator over plain HTTP, never the provider.
import { strict as assert } from "node:assert";
import { type Declared, magento, shopify, Transcript, veeqo } from "../reliability/harness";
import { lifecycleSuite, postServiceFrom } from "./lifecycle-suite";

const isWrite = (r: { method: string }) => r.method !== "GET";

describe("end to end: connectors", function () {
    this.timeout(240_000);
    const suite = lifecycleSuite();
    const { scan, newStack, output, preview, up, failedUp, remote, mark, requestsSince, stateIds } = suite;

    const baseline = (): Declared[] => [
        shopify(scan.book, "UK Store", "live"),
        shopify(scan.book, "UK Store", "test"),
        magento(scan.book, "UK Store", "live"),
        veeqo(scan.book, "France Store", "live", { dateFormat: "Y-m-d H:i:s", timezone: "Europe/Paris" }),
    ];

    it("creates connectors of two groups as declared; a second up and a refresh write nothing, and the refresh reads the connectors once", async () => {
        const declared = baseline();
        const testStack = await newStack(declared);
        const result = await up(testStack.stack, declared);
        assert.equal(result.summary.resourceChanges?.create, 5); // 4 connectors + the stack

        const inFabric = await remote();
        assert.deepEqual(
            inFabric
                .map(
                    (c) =>
                        `${c.integration.username}/${c.system.factory_name}/${c.environment}/${c.connector_name}/${c.timeZone}/${c.dateFormat}/${c.authorisation_type}`,
                )
                .sort(),
            [
                "france_store/Veeqo/live/veeqo-france-store-live/Europe/Paris/Y-m-d H:i:s/basic_auth",
                "uk_store/Magentotwo/live/magento-uk-store-live/UTC/c/basic_auth",
                "uk_store/Shopify/live/shopify-uk-store-live/UTC/c/oauth2",
                "uk_store/Shopify/test/shopify-uk-store-test/UTC/c/oauth2",
            ],
        );
        const shop = inFabric.find((c) => c.connector_name === "shopify-uk-store-live");
        assert.equal(shop?.credentials.store, "shopify-uk-store-live.myshopify.com");
        assert.equal(shop?.credentials.public_app, true, "the flag of the oauth2 auth type is set by the provider");
        assert.equal(result.outputs["shopify-uk-store-live"].value, shop?.id);
        assert.deepEqual((await stateIds(testStack.stack)).sort(), inFabric.map((c) => c.id).sort());
        const { deployment } = await testStack.stack.exportStack();
        const stored = (deployment.resources as { id?: string; outputs?: Record<string, unknown> }[]).find((r) => r.id === shop?.id);
        assert.equal(stored?.outputs?.connectorId, shop?.id);
        assert.equal(stored?.outputs?.companyGroupId, String(shop?.integration.id));
        assert.equal(stored?.outputs?.systemId, String(shop?.system.id));

        const before = await mark();
        const again = await up(testStack.stack, declared);
        assert.deepEqual(again.summary.resourceChanges, { same: 5 });
        const refresh = await scan.transcript.run(testStack.stack.refresh(output()));
        assert.deepEqual(refresh.summary.resourceChanges, { same: 5 });
        const log = await requestsSince(before);
        assert.deepEqual(log.filter(isWrite), [], "a no-op up and a refresh write nothing");

        const refreshMark = await mark();
        await scan.transcript.run(testStack.stack.refresh({ ...output(), skipPreview: true } as never));
        const reads = (await requestsSince(refreshMark)).filter((r) => r.method === "GET" && r.path.startsWith("/api/v2/connectors"));
        assert.deepEqual(
            reads.map((r) => r.path),
            ["/api/v2/connectors"],
            "a refresh of four connectors reads them in one GET /api/v2/connectors",
        );
    });

    it("fails the preview on two connectors of one key in the program, naming both, before any write", async () => {
        const declared = [shopify(scan.book, "UK Store", "live"), { ...shopify(scan.book, " uk store ", "live"), name: "shop-copy" }];
        const testStack = await newStack(declared);
        const before = await mark();
        const message = await scan.transcript.failure(testStack.stack.preview(output()));
        assert.match(message, /shop-copy/);
        assert.match(message, /shopify-uk-store-live/);
        assert.deepEqual((await requestsSince(before)).filter(isWrite), []);
        assert.deepEqual(await remote(), []);
    });

    it("makes one connector, not two, of one key spelled by name and by username in one program", async () => {
        const declared = [shopify(scan.book, "UK Store", "live"), { ...shopify(scan.book, "uk_store", "live"), name: "shop-copy" }];
        const testStack = await newStack(declared);
        const message = await failedUp(testStack.stack, declared);
        // Whichever the engine reaches second is refused, before its POST or after the first one's answer.
        assert.match(message, /another Connector of this stack \("(shop-copy|shopify-uk-store-live)"\) creates the live shopify connector/);
        assert.doesNotMatch(message, /adopt: true/, "adopting this run's own connector would manage it twice");
        const made = await remote();
        assert.equal(made.length, 1, "one connector of the key");
        assert.deepEqual(await stateIds(testStack.stack), [made[0].id]);
        // The advice, followed: keep one of them (the one whose create succeeded).
        const kept = declared.filter((d) => d.name === made[0].connector_name);
        assert.equal(kept.length, 1, `one declaration made ${made[0].connector_name}`);
        await up(testStack.stack, kept);
        assert.deepEqual(
            (await remote()).map((c) => c.id),
            [made[0].id],
        );
        assert.deepEqual(await preview(testStack.stack, kept), { [kept[0].name]: "same" });
    });

    it("brings drift made in the dashboard into the state on refresh, drops a deleted connector, and up puts the declaration back", async () => {
        const declared = baseline();
        const testStack = await newStack(declared);
        const { outputs } = await up(testStack.stack, declared);
        const renamed = outputs["shopify-uk-store-test"].value as string;
        const gone = outputs["veeqo-france-store-live"].value as string;
        const moved = outputs["magento-uk-store-live"].value as string;
        const rename = await suite.api.request("PUT", `/api/v2/connectors/${encodeURIComponent(renamed)}`, {
            json: { environment: "test", connectorName: "Renamed in the dashboard" },
        });
        assert.equal(rename.status, 200, JSON.stringify(rename.body));
        const url = await suite.api.request("PUT", `/api/v2/connectors/${encodeURIComponent(moved)}`, {
            json: { environment: "live", credentials: { url: "https://moved.example.com" } },
        });
        assert.equal(url.status, 200, JSON.stringify(url.body));
        assert.equal((await suite.api.request("DELETE", `/api/v2/connectors/${encodeURIComponent(gone)}`)).status, 200);

        const refresh = await scan.transcript.run(testStack.stack.refresh(output()));
        assert.equal(refresh.summary.resourceChanges?.update, 2);
        assert.equal(refresh.summary.resourceChanges?.delete, 1);
        assert.deepEqual(await stateIds(testStack.stack), [moved, renamed, outputs["shopify-uk-store-live"].value].sort());

        assert.deepEqual(await preview(testStack.stack, declared), {
            "shopify-uk-store-live": "same",
            "shopify-uk-store-test": "update",
            "magento-uk-store-live": "update",
            "veeqo-france-store-live": "create",
        });
        await up(testStack.stack, declared);
        const now = await remote();
        assert.equal(now.find((c) => c.id === renamed)?.connector_name, "shopify-uk-store-test");
        assert.equal(now.find((c) => c.id === moved)?.credentials.url, "https://magento-uk-store-live.example.com");
        assert.equal(now.length, 4);
    });

    it("refuses to delete a connector a service uses, naming the service; once the service is gone, destroy deletes it", async () => {
        const declared = [shopify(scan.book, "UK Store", "live"), veeqo(scan.book, "UK Store", "live")];
        const testStack = await newStack(declared);
        const { outputs } = await up(testStack.stack, declared);
        const used = outputs["shopify-uk-store-live"].value as string;
        const service = await postServiceFrom(suite.api, "uk_store", "Shopify", "live", "Orders to the warehouse");

        const before = await mark();
        const message = await failedUp(testStack.stack, [declared[1]]);
        assert.match(message, /Orders to the warehouse/);
        assert.match(message, new RegExp(used.replace("|", "\\|")));
        assert.deepEqual(
            (await requestsSince(before)).filter((r) => r.method === "DELETE").map((r) => r.path),
            [],
            "no DELETE was sent",
        );
        assert.ok(
            (await remote()).some((c) => c.id === used),
            "the connector is still there",
        );
        assert.ok((await stateIds(testStack.stack)).includes(used), "and still in the state");

        // The message's advice: delete or move the service first, then run again.
        assert.equal((await suite.api.request("DELETE", `/api/v2/services/${service.id}`)).status, 200);
        await up(testStack.stack, [declared[1]]);
        assert.deepEqual(
            (await remote()).map((c) => c.connector_name),
            ["veeqo-uk-store-live"],
        );
    });

    it("gets a destroyed connector's old id back on the next up (Fabric revives it) and manages it as a create", async () => {
        const declared = [magento(scan.book, "UK Store", "live")];
        const testStack = await newStack(declared);
        const first = await up(testStack.stack, declared);
        const id = first.outputs["magento-uk-store-live"].value;
        await scan.transcript.run(testStack.stack.destroy(output()));
        assert.deepEqual(await remote(), []);

        const before = await mark();
        const second = await up(testStack.stack, declared);
        const posts = (await requestsSince(before)).filter((r) => r.method === "POST" && r.path === "/api/v2/connectors");
        assert.deepEqual(
            posts.map((r) => r.status),
            [200],
            "Fabric answers the revival 200",
        );
        assert.equal(second.outputs["magento-uk-store-live"].value, id, "the old id is back");
        assert.deepEqual(
            (await remote()).map((c) => c.id),
            [id],
        );
        assert.deepEqual(await preview(testStack.stack, declared), { "magento-uk-store-live": "same" });
    });

    it("keeps a secret Fabric returns in clear out of the state and the output after a refresh", async () => {
        const declared = [shopify(scan.book, "UK Store", "live")];
        const testStack = await newStack(declared);
        const { outputs } = await up(testStack.stack, declared);
        const id = outputs["shopify-uk-store-live"].value as string;
        // Outside oauth2, Fabric returns Shopify's access_token in clear (fact sheet 4.2).
        const changed = await suite.api.request("PUT", `/api/v2/connectors/${encodeURIComponent(id)}`, {
            json: { environment: "live", authorisation_type: "basic_auth" },
        });
        assert.equal(changed.status, 200, JSON.stringify(changed.body));
        const [inClear] = await remote();
        const token = declared[0].args.credentials as Record<string, string>;
        assert.equal(inClear.credentials.access_token, token.access_token, "the emulator returns the token in clear");

        // The engine's most verbose logs, provider and program included, go to stderr and are scanned too.
        const verbose = new Transcript();
        await scan.transcript.run(
            testStack.stack.refresh({
                onOutput: scan.transcript.onOutput,
                onError: verbose.onError,
                logVerbosity: 9,
                logToStdErr: true,
                logFlow: true,
            }),
        );
        assert.ok(verbose.length > 10_000, `verbose logs were captured (${verbose.length} characters)`);
        scan.book.assertAbsentFromVerboseLogs(verbose.text());
        assert.equal(verbose.text().includes(token.access_token), false, "the clear token reached the verbose logs");
        await scan.transcript.run(testStack.stack.preview({ ...output(), diff: true }));
        // The scan after the test looks for every secret of the book in the state at rest and in everything printed.
        const state = await testStack.exportState();
        assert.equal(state.includes(token.access_token), false, "the clear token reached the state");
    });

    it("reads a group given by name, username or another case as the same key: changing the spelling replaces nothing", async () => {
        const shop = shopify(scan.book, "UK Store", "live");
        const spelled = (companyGroup: string): Declared[] => [{ ...shop, args: { ...shop.args, companyGroup } }];
        const testStack = await newStack(spelled(" uk store "));
        await up(testStack.stack, spelled(" uk store "));
        const [made] = await remote();
        assert.equal(made.integration.username, "uk_store");
        for (const spelling of ["uk_store", "UK STORE"]) {
            const plan = await preview(testStack.stack, spelled(spelling));
            assert.notEqual(plan[shop.name], "create-replace", `${spelling} is the same group`);
        }
        await up(testStack.stack, spelled("uk_store"));
        assert.deepEqual(
            (await remote()).map((c) => c.id),
            [made.id],
        );
    });
});
