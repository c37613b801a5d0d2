// The Connector's provider methods over one runtime (one Pulumi run's process), against the
// emulator: check's account verdicts as a run sees them, the ledger across steps, what read hands
// back, the errors the engine gets (user errors one line, bugs with their stack) and redaction of
// every secret the process has seen.
import { strict as assert } from "node:assert";
import { unknownValue } from "@pulumi/pulumi/runtime";
import { PatchworksClient, type RemoteConnector } from "../../provider/client";
import type { Attempt, HttpRequest } from "../../provider/client/http";
import * as provider from "../../provider";
import type { CreatedWithError } from "../../provider/connector/lifecycle";
import { toConnectorFields, type ConnectorOutputs } from "../../provider/connector/mapping";
import { validateConnectorInputs, type ConnectorInputs } from "../../provider/connector/validate";
import { PROGRAM_CHECK_INPUT } from "../../provider/model";
import { settingsFor } from "../../provider/settings";
import { SHOPIFY_TOKEN, shopifyChecked, shopifyInputs } from "../support/connector-inputs";
import { apiConnector, rejectionOf } from "../client/fixtures";
import { TEST_COMPANY_GROUPS } from "../support/emulator";
import { emulatorWorld } from "./world";
import { assertNoSecret } from "./secrets";

const connector = provider.connector;
const STORE = "my-store.myshopify.com";

describe("connector provider (runtime + emulator)", () => {
    const world = emulatorWorld();
    beforeEach(() => {
        world.runtime();
    });

    /** How many times this run read the account's connectors and its company groups. */
    async function accountReads(): Promise<{ connectors: number; groups: number }> {
        const gets = (await world.emulator.requests()).filter((r) => r.method === "GET");
        return {
            connectors: gets.filter((r) => /^\/api\/v1\/service-connectors(\?|$)/.test(r.path)).length,
            groups: gets.filter((r) => /^\/api\/v1\/company-groups(\?|$)/.test(r.path)).length,
        };
    }

    async function checked(news: Record<string, unknown>, olds: Record<string, unknown> = {}): Promise<ConnectorInputs> {
        const { inputs, failures } = await connector.check(olds, news);
        assert.deepEqual(failures, []);
        return inputs;
    }

    async function created(news: Record<string, unknown>): Promise<ConnectorOutputs> {
        return (await connector.create(await checked(news))).outs;
    }

    describe("check against the account", () => {
        it("fails a new connector whose key a stranger holds, naming it", async () => {
            const existing = await world.dashboard();
            const { failures } = await connector.check({}, shopifyInputs());
            assert.deepEqual(
                failures.map((f) => f.property),
                ["adopt"],
            );
            assert.match(
                failures[0].reason,
                new RegExp(`^a connector with this key exists in the Patchworks account: ${existing.id} \\("Made in the dashboard"\\)`),
            );
        });

        it("asks the account nothing for a resource whose key stays", async () => {
            await world.dashboard();
            assert.deepEqual((await connector.check(shopifyInputs(), shopifyInputs({ name: "Renamed" }))).failures, []);
            assert.deepEqual(await accountReads(), { connectors: 0, groups: 0 });
        });

        it("does not take the connector an authType change replaces for a stranger (the engine's second check has no olds)", async () => {
            const original = await created(shopifyInputs());
            const legacy = shopifyInputs({
                authType: "legacy",
                credentials: { store: STORE, apiKey: "k", password: "legacy-pw", sharedSecret: "legacy-ss" },
            });
            // Without the first check of this run, the connector is a stranger: the ledger is what tells them apart.
            world.runtime();
            assert.deepEqual(
                (await connector.check({}, legacy)).failures.map((f) => f.property),
                ["adopt"],
            );
            // The engine's order in one run: check with olds, diff (which plans the replace), check with none.
            world.runtime();
            assert.deepEqual((await connector.check(original as never, legacy)).failures, []);
            const diff = await connector.diff(original, await checked(legacy, original as never));
            assert.deepEqual(diff, { changes: true, replaces: ["authType"], deleteBeforeReplace: true });
            assert.deepEqual((await connector.check({}, legacy)).failures, []);
        });

        it("hands a key over between two Connectors of the stack: the advice, followed, keeps the connector", async () => {
            const moving = await created(shopifyInputs());
            world.runtime();
            // Connector A moves from uk to fr; connector B is declared in uk, in the same run.
            assert.deepEqual((await connector.check(moving as never, shopifyInputs({ companyGroup: "fr" }))).failures, []);
            const { failures } = await connector.check({}, shopifyInputs({ name: "B" }));
            assert.deepEqual(
                failures.map((f) => f.property),
                ["adopt"],
            );
            assert.match(failures[0].reason, /Another Connector of this stack moves off this key in this run/);
            assert.match(failures[0].reason, /set adopt: true on it/);

            // Following it: B adopts, A's replacement is created in fr, A's old connector is deleted last.
            world.runtime();
            await connector.check(moving as never, shopifyInputs({ companyGroup: "fr" }));
            const adopter = await connector.create(await checked(shopifyInputs({ name: "B", adopt: true })));
            const replacement = await connector.create(await checked(shopifyInputs({ companyGroup: "fr" })));
            await connector.remove(moving.connectorId, moving);
            assert.equal(adopter.id, moving.connectorId);
            const left = (await world.api.listConnectors()).map((c) => [c.id, c.companyGroup, c.name]).sort();
            assert.deepEqual(
                left,
                [
                    [moving.connectorId, "uk", "B"],
                    [replacement.id, "fr", "Shopify UK"],
                ].sort(),
            );
        });

        it("says at preview what adopting changes, field by field", async () => {
            const existing = await world.dashboard();
            assert.deepEqual((await connector.check({}, shopifyInputs({ adopt: true, timezone: "UTC" }))).failures, []);
            assert.deepEqual(world.diagnostics, [
                {
                    severity: "info",
                    message:
                        `adopting connector ${existing.id} ("Made in the dashboard"), the live shopify connector in company group "uk": ` +
                        'changes name "Made in the dashboard" -> "Shopify UK"; timezone "America/New_York" -> "UTC"; credentials replaced with the declared ones (accessToken, storeUrl)',
                },
            ]);
        });

        it("says adopting changes nothing when nothing is declared", async () => {
            const existing = await world.dashboard();
            const news = { system: "shopify", environment: "live", companyGroup: "uk", authType: "token", adopt: true };
            assert.deepEqual((await connector.check({}, news)).failures, []);
            assert.deepEqual(
                world.diagnostics.map((d) => d.message),
                [
                    `adopting connector ${existing.id} ("Made in the dashboard"), the live shopify connector in company group "uk": changes nothing`,
                ],
            );
        });

        const refusals: { title: string; setup: () => Promise<unknown>; news: Record<string, unknown>; property: string }[] = [
            {
                title: "adopt with nothing to take over",
                setup: async () => undefined,
                news: shopifyInputs({ adopt: true }),
                property: "adopt",
            },
            {
                title: "adopt of a connector with another authType",
                setup: () =>
                    world.dashboard({
                        authType: "legacy",
                        credentials: { store: STORE, apiKey: "k", password: "p-1", sharedSecret: "s-1" },
                    }),
                news: shopifyInputs({ adopt: true }),
                property: "authType",
            },
        ];
        for (const refusal of refusals) {
            it(`fails at preview: ${refusal.title}`, async () => {
                await refusal.setup();
                assert.deepEqual(
                    (await connector.check({}, refusal.news)).failures.map((f) => f.property),
                    [refusal.property],
                );
            });
        }

        it("reads an unknown adopt as neither true nor false", async () => {
            assert.deepEqual(
                (await connector.check({}, shopifyInputs({ adopt: unknownValue }))).failures,
                [],
                "not true: nothing to take over is no failure",
            );
            await world.dashboard();
            world.runtime();
            assert.deepEqual(
                (await connector.check({}, shopifyInputs({ adopt: unknownValue, companyGroup: " UK " }))).failures,
                [],
                "not false: a holder of the key is no failure",
            );
        });

        it("asks the account nothing while a key part is unknown", async () => {
            await world.dashboard();
            assert.deepEqual((await connector.check({}, shopifyInputs({ companyGroup: unknownValue }))).failures, []);
            assert.deepEqual(await accountReads(), { connectors: 0, groups: 0 });
        });

        describe("company groups: set up on the company profile first", () => {
            it("fails a group the profile lacks, listing the groups it has", async () => {
                const { failures } = await connector.check({}, shopifyInputs({ companyGroup: " Atlantis " }));
                assert.deepEqual(
                    failures.map((f) => f.property),
                    ["companyGroup"],
                );
                const listed = TEST_COMPANY_GROUPS.slice(0, 20).join(", ");
                assert.equal(
                    failures[0].reason,
                    `companyGroup "Atlantis" is not a company group of this Patchworks account (its groups are: ${listed} and ${TEST_COMPANY_GROUPS.length - 20} more). ` +
                        "Add it to the company profile in the Patchworks dashboard first, or use one of those; omit companyGroup for the default group.",
                );
            });

            it("matches a group trimmed and case-insensitively", async () => {
                assert.deepEqual((await connector.check({}, shopifyInputs({ companyGroup: "  EUROPE " }))).failures, []);
            });

            it("never asks about the default group", async () => {
                assert.deepEqual((await connector.check({}, shopifyInputs({ companyGroup: undefined }))).failures, []);
                assert.deepEqual(await accountReads(), { connectors: 1, groups: 0 });
            });

            it("follows the profile: a group added in the dashboard is accepted by the next run", async () => {
                assert.deepEqual(
                    (await connector.check({}, shopifyInputs({ companyGroup: "atlantis" }))).failures.map((f) => f.property),
                    ["companyGroup"],
                );
                await world.emulator.addCompanyGroups(["Atlantis"]);
                world.runtime();
                assert.deepEqual((await connector.check({}, shopifyInputs({ companyGroup: "atlantis" }))).failures, []);
            });

            it("says when the profile has no group at all", async () => {
                world.runtime(
                    {},
                    scriptedClient(async () => listAnswer([])),
                );
                const { failures } = await connector.check({}, shopifyInputs());
                assert.match(
                    failures[0]?.reason ?? "",
                    /^companyGroup "uk" is not a company group of this Patchworks account \(it has none yet\)\./,
                );
            });
        });

        it("fails on the SDK's verdict before any API call", async () => {
            const { failures } = await connector.check(
                {},
                shopifyInputs({ [PROGRAM_CHECK_INPUT]: 'Connector "b" duplicates Connector "a"' }),
            );
            assert.deepEqual(failures, [{ property: "", reason: 'Connector "b" duplicates Connector "a"' }]);
            assert.deepEqual(await accountReads(), { connectors: 0, groups: 0 });
        });

        it("lists the account once per run, whatever the number of checks", async () => {
            for (const environment of ["live", "test"]) {
                for (const companyGroup of ["uk", "fr", "de"]) await checked(shopifyInputs({ environment, companyGroup }));
            }
            assert.deepEqual(await accountReads(), { connectors: 1, groups: 1 });
        });

        it("reports a failed listing in one line, and tries again at the next check", async () => {
            await world.emulator.setFaults({ failCount: 1, failStatus: 400, methods: ["GET"] });
            const { failures } = await connector.check({}, shopifyInputs());
            assert.equal(failures.length, 1);
            assert.equal(failures[0].property, "");
            // The connectors and the company groups are read at once; either may be the one refused.
            assert.match(
                failures[0].reason,
                /^cannot check the account for existing connectors: Patchworks API GET \/(service-connectors|company-groups) failed \(400\)/,
            );
            assert.doesNotMatch(failures[0].reason, /\n/);
            assert.deepEqual((await connector.check({}, shopifyInputs({ companyGroup: "fr" }))).failures, []);
        });

        it("asks for an API key when none is configured", async () => {
            world.runtime({ apiKey: "" });
            const { failures } = await connector.check({}, shopifyInputs());
            assert.match(failures[0].reason, /no Patchworks API credentials: run `pulumi config set --secret patchworks:apiKey <key>`/);
        });
    });

    describe("recovery after an interrupted run (patchworks:adoptMatching)", () => {
        const groups = ["group-1", "group-2", "group-3"];
        const declared = (companyGroup: string) => shopifyInputs({ companyGroup, name: `Shopify ${companyGroup}` });

        it("without the setting, each leftover fails with the one command that recovers", async () => {
            for (const group of groups) await world.api.createConnector(toConnectorFields(validateConnectorInputs(declared(group)).inputs));
            for (const group of groups) {
                const { failures } = await connector.check({}, declared(group));
                assert.match(failures[0]?.reason ?? "", /`PATCHWORKS_ADOPT_MATCHING=true pulumi up`/, group);
            }
        });

        it("with it, one run adopts every exact match instead of creating", async () => {
            const leftovers: RemoteConnector[] = [];
            for (const group of groups)
                leftovers.push(await world.api.createConnector(toConnectorFields(validateConnectorInputs(declared(group)).inputs)));
            const posts = (await world.emulator.requests()).filter((r) => r.method === "POST").length;
            world.runtime({ adoptMatching: "true" });
            const ids: string[] = [];
            for (const group of groups) ids.push((await connector.create(await checked(declared(group)))).id);
            assert.deepEqual(
                ids,
                leftovers.map((c) => c.id),
            );
            assert.equal((await world.emulator.requests()).filter((r) => r.method === "POST").length, posts, "nothing created");
            assert.equal((await world.api.listConnectors()).length, groups.length);
            assert.deepEqual(
                world.diagnostics.map((d) => d.message),
                leftovers.map(
                    (c) =>
                        `adopting connector ${c.id} ("${c.name}"), the live shopify connector in company group "${c.companyGroup}": it matches its declaration exactly (patchworks:adoptMatching)`,
                ),
            );
        });

        it("with it, a connector that differs still fails", async () => {
            await world.dashboard();
            world.runtime({ adoptMatching: "true" });
            assert.deepEqual(
                (await connector.check({}, shopifyInputs())).failures.map((f) => f.property),
                ["adopt"],
            );
        });
    });

    describe("read", () => {
        it("hands back the inputs, so the next preview compares the program with what Patchworks has", async () => {
            const outs = await created(shopifyInputs());
            await world.api.updateConnector(outs.connectorId, { name: "Renamed in the dashboard" });
            const result = await connector.read(outs.connectorId, outs);
            assert.equal(result.id, outs.connectorId);
            assert.equal(result.props?.name, "Renamed in the dashboard");
            assert.equal(result.props?.credentials?.accessToken, SHOPIFY_TOKEN);
            const inputs = result.inputs as ConnectorInputs;
            assert.deepEqual(inputs, {
                ...shopifyInputs(),
                name: "Renamed in the dashboard",
                timezone: "UTC",
                dateFormat: "yyyy-MM-dd HH:mm:ss",
                adopt: false,
                credentialsChanged: [],
            });
            assert.equal(
                (await connector.diff(result.props as ConnectorOutputs, await checked(shopifyInputs(), inputs as never))).changes,
                true,
                "the program's name differs",
            );
        });

        it("tells the engine a connector deleted out of band is gone", async () => {
            const outs = await created(shopifyInputs());
            await world.api.deleteConnector(outs.connectorId);
            assert.deepEqual(await connector.read(outs.connectorId, outs), { id: "" });
        });
    });

    describe("a failed create after a delete in the same run (delete-first replace)", () => {
        it("restores the deleted connector and records it, with the serialized provider", async () => {
            const original = await created(shopifyInputs({ timezone: "Europe/London" }));
            const legacy = await checked(
                shopifyInputs({
                    authType: "legacy",
                    credentials: { store: STORE, apiKey: "k", password: "legacy-pw", sharedSecret: "legacy-ss" },
                }),
                original as never,
            );
            await connector.remove(original.connectorId, original);
            await world.emulator.setFaults({ failCount: 1, failStatus: 422, methods: ["POST"] });
            const error = (await rejectionOf(
                connector.create({ ...legacy, __provider: "serialized-provider" } as never),
            )) as CreatedWithError;

            const [restored, ...others] = await world.api.listConnectors();
            assert.deepEqual(others, []);
            assert.equal(error.id, restored.id);
            assert.notEqual(restored.id, original.connectorId, "Patchworks gives it a new id");
            assert.deepEqual(
                [restored.authType, restored.name, restored.timezone, restored.credentials.storeUrl],
                ["token", "Shopify UK", "Europe/London", STORE],
            );
            assert.equal(error.properties.connectorId, restored.id);
            assert.equal(error.properties.authType, "token");
            assert.equal(error.properties.credentials?.accessToken, SHOPIFY_TOKEN, "the state keeps the real secret");
            assert.equal((error.properties as unknown as Record<string, unknown>).__provider, "serialized-provider");
            assert.deepEqual(error.reasons, [error.message]);
            assert.match(error.message, /POST \/service-connectors failed \(422\)/);
            assert.match(
                error.message,
                new RegExp(`has been put back with its settings as ${restored.id} \\("Shopify UK"\\) \\(Patchworks gives it a new id\\)`),
            );
            assert.match(error.message, /fix the cause above and run `pulumi up` again to replace it\.$/);
            assert.equal(error.stack, "");
        });
    });

    describe("what the engine gets when a step fails", () => {
        it("a user error is one line with no stack", async () => {
            const inputs = await checked(shopifyInputs());
            await world.dashboard({ name: "Other pipeline" });
            const error = await rejectionOf(connector.create(inputs));
            assert.match(error.message, /a connector with this key exists in the Patchworks account: \S+ \("Other pipeline"\)/);
            assert.equal(error.stack, "");
            assert.equal(String(error), error.message);
            assert.doesNotMatch(error.message, /\n/);
        });

        it("an unexpected error keeps its stack, redacted, and says it is a bug", async () => {
            const secret = "shpat-unexpected-secret-99";
            const client = scriptedClient(function explodingTransport(): Promise<Attempt> {
                throw new TypeError(`socket exploded near ${secret}`);
            });
            world.runtime({}, client);
            const error = await rejectionOf(connector.create(shopifyChecked({ credentials: { storeUrl: STORE, accessToken: secret } })));
            assert.equal(
                error.message,
                "pulumi-patchworks internal error (please report it with this message): socket exploded near [redacted]",
            );
            assert.match(error.stack ?? "", /^TypeError: socket exploded near \[redacted\]\n\s+at explodingTransport /);
            assertNoSecret(error.stack ?? "", [secret], "the stack");
        });
    });

    describe("redaction of every secret the process has seen, whatever its length", () => {
        // One to four characters and more; short ones are masked where they stand alone.
        const SECRETS = ["Ж", "Жq", "Ж9q", "Жq9z", "shpat-long-redaction-secret-5150"];
        const echo = `rejected ${SECRETS.join(", ")} as given`;
        const echoing = () =>
            scriptedClient(async () => ({
                kind: "response",
                status: 400,
                text: JSON.stringify({ message: echo, errors: { [SECRETS[4]]: [echo] } }),
            }));
        const state = (credentials: Record<string, string>): ConnectorOutputs => ({
            ...shopifyChecked(),
            credentials,
            connectorId: "sc_1",
            status: "operational",
            createdAt: "",
            updatedAt: "",
        });
        const assertRedacted = (text: string) => {
            assertNoSecret(text, SECRETS, "the message");
            assert.match(text, /\[redacted\]/);
        };

        it("in check, the secrets of the program and of the state", async () => {
            world.runtime({}, echoing());
            // The state may hold any keys; all of their values are secrets the process has seen.
            const olds = shopifyInputs({
                companyGroup: "fr",
                credentials: { storeUrl: STORE, accessToken: SECRETS[1], a: SECRETS[2], b: SECRETS[3], c: SECRETS[4] },
            });
            const news = shopifyInputs({ credentials: { storeUrl: STORE, accessToken: SECRETS[0] } });
            const { failures } = await connector.check(olds, news);
            assert.equal(failures.length, 1);
            assertRedacted(failures[0].reason);
        });

        it("but a non-secret field too short to name anything (a deploy id) stays readable; a short secret does not", async () => {
            const readable = scriptedClient(async () => ({
                kind: "response",
                status: 400,
                text: JSON.stringify({ message: `rejected step 1 of 2 at ${STORE} with ${SECRETS[4]}` }),
            }));
            world.runtime({}, readable);
            // storeUrl is not secret for Shopify, accessToken is.
            const news = shopifyInputs({ credentials: { storeUrl: STORE, accessToken: SECRETS[4] } });
            const olds = shopifyInputs({ companyGroup: "fr", credentials: { storeUrl: "2", accessToken: "1" } });
            const { failures } = await connector.check(olds, news);
            assert.equal(failures.length, 1);
            assert.match(failures[0].reason, /rejected step \[redacted\] of 2 at \[redacted\] with \[redacted\]/);
            assertNoSecret(failures[0].reason, [SECRETS[4], STORE], "the message");
        });

        it("in read, the secrets of the state", async () => {
            world.runtime({}, echoing());
            const error = await rejectionOf(
                connector.read(
                    "sc_1",
                    state({ storeUrl: STORE, accessToken: SECRETS[0], a: SECRETS[1], b: SECRETS[2], c: SECRETS[3], d: SECRETS[4] }),
                ),
            );
            assertRedacted(error.message);
        });

        it("in delete, the secrets of the state", async () => {
            world.runtime({}, echoing());
            const error = await rejectionOf(
                connector.remove(
                    "sc_1",
                    state({ storeUrl: STORE, accessToken: SECRETS[0], a: SECRETS[1], b: SECRETS[2], c: SECRETS[3], d: SECRETS[4] }),
                ),
            );
            assertRedacted(error.message);
        });

        it("after credentials too large to send, whatever their number", async () => {
            // Each is refused by check; the process has seen them all the same.
            for (let i = 0; i < 5; i++) {
                const huge = `huge-secret-${i}-${"x".repeat(1_000_000)}`;
                const { failures } = await connector.check(
                    {},
                    shopifyInputs({ companyGroup: `group-${i}`, credentials: { storeUrl: STORE, accessToken: huge } }),
                );
                assert.deepEqual(
                    failures.map((f) => f.property),
                    ["credentials.accessToken", "credentials"],
                );
            }
            await world.emulator.setFaults({ failCount: 1, failStatus: 400, methods: ["GET"] });
            // Said briefly: a message holding five megabytes of secrets must not reach the test output either.
            const { failures } = await connector
                .check({}, shopifyInputs())
                .catch((error: Error) =>
                    assert.fail(
                        `check threw ${error.name} (${error.message.length} characters${error.message.includes("huge-secret-") ? ", holding the secrets" : ""})`,
                    ),
                );
            assert.deepEqual(
                failures.map((f) => f.property),
                [""],
            );
            assert.match(failures[0].reason, /^cannot check the account for existing connectors: /);
            assertNoSecret(failures[0].reason, ["huge-secret-", SHOPIFY_TOKEN], "the failure");
        });

        // A connector whose id and name quote a credential the program holds: check's messages quote both.
        const quoting = () =>
            scriptedClient(async (request) =>
                request.path === "/company-groups"
                    ? listAnswer([{ id: 1, name: "uk" }])
                    : listAnswer([apiConnector({ id: `sc_${SHOPIFY_TOKEN}`, name: `Copy of ${SHOPIFY_TOKEN}`, timezone: "UTC" })]),
            );

        it("in check's verdict on the account's connectors", async () => {
            world.runtime({}, quoting());
            const { failures } = await connector.check({}, shopifyInputs());
            assert.equal(failures.length, 1);
            assertNoSecret(failures[0].reason, [SHOPIFY_TOKEN], "the failure");
        });

        it("in check's note on what adopting changes", async () => {
            world.runtime({}, quoting());
            assert.deepEqual((await connector.check({}, shopifyInputs({ adopt: true }))).failures, []);
            assert.equal(world.diagnostics.length, 1);
            assertNoSecret(world.diagnostics[0].message, [SHOPIFY_TOKEN], "the note");
        });

        it("in what the engine prints for a create that failed after creating (reasons, as the message)", async () => {
            // Named after its store, as people do: the store is a credential value, so it is masked.
            world.runtime({ verifyCredentials: "fail" });
            const inputs = shopifyChecked({ name: STORE, credentials: { storeUrl: STORE, accessToken: "invalid-token-for-tests-7731" } });
            const error = (await rejectionOf(connector.create(inputs))) as CreatedWithError;
            assertNoSecret(error.message, [STORE], "the message");
            assert.deepEqual(error.reasons, [error.message]);
        });
    });
});

/** A client whose requests go to `transport`; it knows no secret but the API key, so redaction is the provider's. */
function scriptedClient(transport: (request: HttpRequest) => Promise<Attempt>): PatchworksClient {
    return new PatchworksClient(settingsFor({ apiUrl: "https://patchworks.test/api/v1", apiKey: "pk_scripted", maxRetries: 0 }), {
        transport,
        random: () => 0.5,
    });
}

function listAnswer(items: Record<string, unknown>[]): Attempt {
    return { kind: "response", status: 200, text: JSON.stringify({ data: items, meta: { last_page: 1 } }) };
}
