// What a user sees when a connector cannot be made: at `pulumi preview`, each kind of bad input
// with its property path and fix, before any write; at `pulumi up`, Patchworks' credential check
// refusing the credentials on create (one POST, no retry, nothing made) and on update (the stored
// connector unchanged). Each message's advice is followed to the wanted state.
import { strict as assert } from "node:assert";
import { Connector, type ConnectorArgs } from "../../sdk";
import { assertNoStackTrace, magento, shopify } from "../reliability/harness";
import { lifecycleSuite } from "./lifecycle-suite";

const TOKEN = "shpat-e2e-check-secret-5d3e";
const valid: ConnectorArgs = {
    system: "shopify",
    environment: "live",
    companyGroup: "UK Store",
    authType: "oauth2",
    credentials: { store: "acme.myshopify.com", access_token: TOKEN },
};

const cases: { title: string; args: ConnectorArgs; expected: RegExp[] }[] = [
    { title: "unknown system", args: { ...valid, system: "shopfy" }, expected: [/system/, /shopfy/, /"shopify"/] },
    { title: "unknown auth type", args: { ...valid, authType: "token" }, expected: [/authType/, /"token"/, /oauth2/, /basic_auth/] },
    { title: "missing auth type of a system with two", args: { ...valid, authType: undefined }, expected: [/authType/, /oauth2/] },
    {
        title: "missing credential",
        args: { ...valid, credentials: { store: "acme.myshopify.com" } },
        expected: [/credentials\.access_token/],
    },
    {
        title: "unknown credential key (the invented API's)",
        args: { ...valid, credentials: { storeUrl: "acme.myshopify.com", accessToken: TOKEN } },
        expected: [/credentials\.storeUrl/, /store/, /access_token/],
    },
    {
        title: "ill-formed credential",
        args: { ...valid, credentials: { store: "acme.example.com", access_token: TOKEN } },
        expected: [/credentials\.store/, /\.myshopify\.com/],
    },
    {
        title: "Magento 2 url over http",
        args: {
            system: "magento-2",
            environment: "live",
            companyGroup: "UK Store",
            credentials: { url: "http://shop.example.com", token: TOKEN },
        },
        expected: [/credentials\.url/, /https/],
    },
    { title: "invalid timezone", args: { ...valid, timezone: "Europe/Londres" }, expected: [/timezone/, /IANA/] },
    {
        title: "date format with an unknown PHP token",
        args: { ...valid, dateFormat: "Y-m-d kk:i" },
        expected: [/dateFormat/, /"k"/, /PHP date\(\)/],
    },
    { title: "empty name", args: { ...valid, name: "" }, expected: [/name/] },
    {
        title: "company group the account lacks",
        args: { ...valid, companyGroup: "Spain" },
        expected: [/companyGroup/, /"Spain"/, /UK Store/],
    },
    {
        title: "company group left out with several groups",
        args: { ...valid, companyGroup: undefined },
        expected: [/companyGroup/, /set companyGroup/],
    },
    {
        title: "OAuth-only system without adopt",
        args: { system: "tiktok-shop", environment: "live", companyGroup: "UK Store", credentials: { shop_code: "ACME" } },
        expected: [/adopt/, /dashboard/],
    },
];

describe("end to end: check failures", function () {
    this.timeout(240_000);
    const suite = lifecycleSuite();
    const { scan, newStack, output, up, failedUp, remote, mark, requestsSince } = suite;

    describe("at preview, before any write", () => {
        for (const row of cases) {
            it(`shows ${row.title}`, async () => {
                const testStack = await suite.newStack([]);
                testStack.stack.workspace.program = async () => void new Connector("shop", row.args);
                const before = await mark();
                const message = await scan.transcript.failure(testStack.stack.preview(output()));
                for (const expected of row.expected) assert.match(message, expected);
                assert.equal(message.includes(TOKEN), false, "the message echoes a credential");
                assertNoStackTrace(message);
                assert.deepEqual(
                    (await requestsSince(before)).filter((r) => r.method !== "GET"),
                    [],
                );
            });
        }
    });

    describe("Patchworks' credential check at up", () => {
        it("on create: one POST, no retry, one line naming the connector and system, nothing created; corrected, up creates it", async () => {
            const refused = magento(scan.book, "UK Store", "live");
            refused.args.credentials = { url: "https://magento-uk-store-live.example.com", token: `invalid-${scan.book.make("token")}` };
            const testStack = await newStack([refused]);
            const before = await mark();
            const message = await failedUp(testStack.stack, [refused]);
            const posts = (await requestsSince(before)).filter((r) => r.method === "POST" && r.path === "/api/v2/connectors");
            assert.equal(posts.length, 1, "one POST, no retry");
            const line = message.split("\n").find((l) => /did not pass Patchworks' check/.test(l));
            assert.ok(line, message);
            assert.match(line, /magento-uk-store-live/);
            assert.match(line, /magento-2|Magento 2/);
            assert.deepEqual(await remote(), [], "nothing created");

            const corrected = magento(scan.book, "UK Store", "live");
            await up(testStack.stack, [corrected]);
            assert.deepEqual(
                (await remote()).map((c) => c.connector_name),
                ["magento-uk-store-live"],
            );
        });

        it("on update: the stored connector is unchanged, and the state still says what is stored", async () => {
            const declared = shopify(scan.book, "UK Store", "live");
            const testStack = await newStack([declared]);
            await up(testStack.stack, [declared]);
            const [original] = await remote();
            const rotated = {
                ...declared,
                args: {
                    ...declared.args,
                    name: "Shopify UK (renamed)",
                    credentials: { store: "shopify-uk-store-live.myshopify.com", access_token: `invalid-${scan.book.make("rotated")}` },
                },
            };
            const before = await mark();
            const message = await failedUp(testStack.stack, [rotated]);
            assert.match(message, /did not pass Patchworks' check/);
            assert.equal((await requestsSince(before)).filter((r) => r.method === "PUT").length, 1, "one PUT, no retry");
            const [after] = await remote();
            assert.equal(after.id, original.id);
            assert.equal(after.connector_name, original.connector_name, "the name is unchanged");
            const again = await suite.preview(testStack.stack, [declared]);
            assert.deepEqual(again, { [declared.name]: "same" }, "the state still holds the stored connector");
        });
    });
});
