// Signing in to Patchworks under the real Pulumi CLI, each way the provider offers (an access
// token, a username and password, an API key), a wrong password, and a session token that
// expires in the middle of a run. What the emulator logged shows how each request signed in.
import { strict as assert } from "node:assert";
import type * as pulumi from "@pulumi/pulumi";
import { Connector } from "../../sdk";
import { API_KEY, magento, shopify, veeqo } from "../reliability/harness";
import { startEmulator, type RunningEmulator } from "../support/emulator";
import { e2eWorld } from "../support/e2e-world";
import { fabricHttp } from "../support/fabric-http";
import type { ConfigValue, TestStack } from "../support/pulumi";

const isLogin = (r: { path: string }) => /^\/api\/(v1\/)?login/.test(r.path);
const isApi = (r: { path: string }) => r.path.startsWith("/api/v2/");

describe("end to end: signing in", function () {
    this.timeout(240_000);
    const world = e2eWorld();
    const { scan, output } = world;

    /** A stack on `on` that signs in with `config` only (the API key of emulatorConfig removed). */
    async function signedInStack(config: Record<string, ConfigValue>, on: RunningEmulator = world.emulator): Promise<TestStack> {
        const declared = veeqo(scan.book, "UK Store", "live");
        const testStack = await world.newStack(async () => void new Connector(declared.name, declared.args), config, on);
        await testStack.stack.removeConfig("patchworks:apiKey");
        return testStack;
    }

    /** Tokens a case signed in with: secrets, looked for in the state and the output. */
    const tokens: string[] = [];
    const cases: { title: string; config: () => Promise<Record<string, ConfigValue>>; auth: string; logins: number }[] = [
        {
            title: "an access token from a login (patchworks:accessToken)",
            config: async () => {
                const token = await fabricHttp(world.emulator.url, world.emulator.user).token();
                tokens.push(token);
                return { "patchworks:accessToken": { value: token, secret: true } };
            },
            auth: "bearer",
            logins: 0,
        },
        {
            title: "username and password (patchworks:username, patchworks:password)",
            config: async () => ({
                "patchworks:username": { value: world.emulator.user.email },
                "patchworks:password": { value: world.emulator.user.password, secret: true },
            }),
            auth: "bearer",
            logins: 1,
        },
        {
            title: "an API key (patchworks:apiKey)",
            config: async () => ({ "patchworks:apiKey": { value: API_KEY, secret: true } }),
            auth: "key",
            logins: 0,
        },
    ];

    for (const row of cases) {
        it(`signs in with ${row.title}: every API request signs in that way`, async () => {
            const config = await row.config();
            const testStack = await signedInStack(config);
            if (row.auth === "key") await testStack.stack.setConfig("patchworks:apiKey", { value: API_KEY, secret: true });
            // The log starts after the test's own login for the token.
            await world.emulator.reset();
            const result = await scan.transcript.run(testStack.stack.up(output()));
            assert.equal(result.summary.result, "succeeded");
            const log = await world.emulator.requests();
            const provider = log.filter((r) => isApi(r));
            assert.ok(provider.length > 0);
            assert.deepEqual([...new Set(provider.map((r) => r.auth))], [row.auth]);
            assert.equal(log.filter(isLogin).length, row.logins, "logins");
            assert.equal((await world.api.connectors()).length, 1);
            const state = await testStack.exportState();
            for (const secret of [...tokens, world.emulator.user.password]) {
                assert.equal(state.includes(secret), false, "a sign-in secret reached the state");
                assert.equal(scan.transcript.text().includes(secret), false, "a sign-in secret reached the output");
            }
        });
    }

    it("a wrong password fails in one line naming the setting, never printing the password; the right one then works", async () => {
        const wrong = `wrong-${scan.book.make("password")}`;
        const testStack = await signedInStack({
            "patchworks:username": { value: world.emulator.user.email },
            "patchworks:password": { value: wrong, secret: true },
        });
        const message = await scan.transcript.failure(testStack.stack.up(output()));
        assert.match(message, /patchworks:password/);
        assert.equal(message.includes(wrong), false);
        assert.equal(message.includes(world.emulator.user.password), false);
        const lines = message.split("\n").filter((l) => /password/.test(l) && /error:/.test(l));
        assert.ok(lines.length >= 1, message);
        assert.equal((await world.api.connectors()).length, 0);
        // The advice: check patchworks:username and patchworks:password.
        await testStack.stack.setConfig("patchworks:password", { value: world.emulator.user.password, secret: true });
        await scan.transcript.run(testStack.stack.up(output()));
        assert.equal((await world.api.connectors()).length, 1);
        assert.equal(scan.transcript.text().includes(world.emulator.user.password), false);
    });

    describe("a session that expires in the middle of a run", () => {
        let shortLived: RunningEmulator;
        before(async () => {
            shortLived = await startEmulator({ apiKey: API_KEY, tokenTtlSeconds: 2 });
        });
        after(async () => shortLived?.stop());

        it("signs in again once and the run succeeds", async () => {
            const first = shopify(scan.book, "UK Store", "live");
            const second = magento(scan.book, "UK Store", "live");
            const testStack = await world.newStack(
                async () => {
                    const made = new Connector(first.name, first.args);
                    // Registered once the first exists: its requests come after the session has expired.
                    const name: pulumi.Input<string> = made.connectorId.apply(() => second.name);
                    new Connector(second.name, { ...second.args, name });
                },
                {
                    "patchworks:username": { value: shortLived.user.email },
                    "patchworks:password": { value: shortLived.user.password, secret: true },
                },
                shortLived,
            );
            await testStack.stack.removeConfig("patchworks:apiKey");
            // The first create is answered after the 2-second session has lapsed.
            await shortLived.setFaults({ latencyMs: 2500, methods: ["POST"], paths: ["/api/v2/connectors"] });
            await scan.transcript.run(testStack.stack.up(output()));
            const log = await shortLived.requests();
            assert.equal(log.filter(isLogin).length, 2, "one login, then one more once the session lapsed");
            await shortLived.setFaults({});
            const made = await fabricHttp(shortLived.url, shortLived.user).connectors();
            assert.deepEqual(made.map((c: { connector_name: string }) => c.connector_name).sort(), [second.name, first.name].sort());
        });
    });
});
