// What a user sees at `pulumi preview` for each kind of bad input: the property path and the fix.
import { strict as assert } from "node:assert";
import { Connector, type ConnectorArgs } from "../../sdk";
import { startEmulator, type RunningEmulator } from "../support/emulator";
import { createTestStack, failureOf, pulumiCli, type TestStack } from "../support/pulumi";

const TOKEN = "shpat-e2e-check-secret-5d3e";
const valid: ConnectorArgs = {
    system: "shopify",
    environment: "live",
    authType: "token",
    credentials: { storeUrl: "acme.myshopify.com", accessToken: TOKEN },
};

const cases: { title: string; args: ConnectorArgs; expected: RegExp[] }[] = [
    {
        title: "unknown system",
        args: { ...valid, system: "shopfy" },
        expected: [/system/, /unknown system "shopfy"; did you mean "shopify"\?/],
    },
    {
        title: "unknown auth type",
        args: { ...valid, authType: "password" },
        expected: [/authType/, /"password" is not an authentication type of Shopify/, /"token"/, /"legacy"/],
    },
    { title: "missing auth type", args: { ...valid, authType: undefined }, expected: [/authType/, /several authentication types/] },
    {
        title: "missing credential",
        args: { ...valid, credentials: { storeUrl: "acme.myshopify.com" } },
        expected: [/credentials\.accessToken/, /Access Token \(accessToken\) is required/],
    },
    {
        title: "unknown credential",
        args: { ...valid, credentials: { storeUrl: "acme.myshopify.com", accessToken: TOKEN, password: TOKEN } },
        expected: [/credentials\.password/, /valid keys: storeUrl, accessToken/],
    },
    {
        title: "ill-formed credential",
        args: { ...valid, credentials: { storeUrl: "https://acme.myshopify.com/", accessToken: TOKEN } },
        expected: [/credentials\.storeUrl/, /without http:\/\/ or a trailing '\/'/],
    },
    { title: "invalid timezone", args: { ...valid, timezone: "Europe/Londres" }, expected: [/timezone/, /IANA time zone/] },
    {
        title: "date format that does not round-trip",
        args: { ...valid, dateFormat: "yyyy-MM-dd hh:mm" },
        expected: [/dateFormat/, /different hour/],
    },
    { title: "empty name", args: { ...valid, name: "" }, expected: [/name/, /non-empty/] },
    {
        title: "OAuth system without adopt",
        args: { system: "tiktok-shop", environment: "live", credentials: { shopCode: "ACME" } },
        expected: [/adopt/, /interactive OAuth redirect/, /Patchworks dashboard/],
    },
];

describe("end to end: check failures at preview", function () {
    this.timeout(120_000);
    let emulator: RunningEmulator;
    let testStack: TestStack;
    let args: ConnectorArgs = valid;

    before(async function () {
        this.timeout(30 * 60_000);
        await pulumiCli();
        emulator = await startEmulator();
        testStack = await createTestStack({ emulator, program: async () => void new Connector("shop", args) });
    });
    after(async () => {
        testStack?.dispose();
        await emulator?.stop();
    });

    for (const row of cases) {
        it(`shows ${row.title}`, async () => {
            args = row.args;
            const message = await failureOf(testStack.stack.preview());
            for (const expected of row.expected) assert.match(message, expected);
            assert.equal(message.includes(TOKEN), false, "the message echoes a credential");
            assert.doesNotMatch(message, /at .*\.js:\d+/, "no stack trace");
            assert.deepEqual(
                (await emulator.requests()).filter((r) => r.method !== "GET"),
                [],
            );
        });
    }
});
