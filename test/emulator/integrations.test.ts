// Company groups as fact sheet 3.2 describes Fabric's integrations.
import { strict as assert } from "node:assert";
import { DEFAULT_COMPANY_GROUP } from "../../emulator/account";
import { IDX_TABLE_EXISTS } from "../../emulator/integrations";
import { startEmulator } from "../support/emulator";
import { createConnector, emulatorSuite } from "./suite";

describe("emulator: company groups", () => {
    const suite = emulatorSuite({ companyGroups: ["UK Store", "France Store"] });
    const http = () => suite.emulator;

    it("starts with the groups of --company-groups, each with the username and slug Fabric derives", async () => {
        const groups = await http().integrations();
        assert.deepEqual(
            groups.map((group) => [group.id, group.name, group.username, group.slug]),
            [
                [1, "UK Store", "uk_store", "uk-store"],
                [2, "France Store", "france_store", "france-store"],
            ],
        );
        assert.equal(groups[0].parent_id, undefined, "the resource has no parent_id");
    });

    it("creates a group with 201, slugging the username before validation and making the slug unique", async () => {
        const answer = await http().request("POST", "/api/v2/integrations", { json: { name: "UK & Ireland", username: " UK--Ireland! " } });
        assert.equal(answer.status, 201);
        assert.deepEqual([answer.body.data.username, answer.body.data.slug], ["uk_ireland", "uk-ireland"]);
        const clash = await http().request("POST", "/api/v2/integrations", { json: { name: "UK-Store", username: "uk_store_2" } });
        assert.equal(clash.body.data.slug, "uk-store-1");
    });

    const refusals: [Record<string, unknown>, Record<string, string[]>][] = [
        [{}, { name: ["The name field is required."], username: ["The username field is required."] }],
        [
            { name: "UK", username: "ab" },
            { name: ["The name must be at least 3 characters."], username: ["The username must be at least 3 characters."] },
        ],
        [{ name: "x".repeat(129), username: "long_one" }, { name: ["The name may not be greater than 128 characters."] }],
        [
            { name: "UK/Store", username: "uk_slash" },
            { name: ["The name must only contain alphanumeric, ampersand, dash and space characters only."] },
        ],
        [{ name: "uk store", username: "uk_again" }, { name: ["The name has already been taken."] }],
        [{ name: "Child Store", username: "child", parent_id: 99 }, { parent_id: ["The selected parent id is invalid."] }],
    ];
    for (const [body, errors] of refusals) {
        it(`refuses ${JSON.stringify(body).slice(0, 60)} with 422 and Laravel's texts`, async () => {
            const answer = await http().request("POST", "/api/v2/integrations", { json: body });
            assert.equal(answer.status, 422);
            assert.deepEqual(answer.body, { message: "The given data was invalid.", errors });
        });
    }

    it("fails with 500 IDX Table already exists after saving the row when a deleted group's username is used again", async () => {
        const made = await http().request("POST", "/api/v2/integrations", { json: { name: "Pop Up", username: "pop_up" } });
        await createConnector(http(), "Veeqo", { integration_id: made.body.data.id });
        assert.equal((await http().request("DELETE", `/api/v2/integrations/${made.body.data.id}`)).status, 200);
        const again = await http().request("POST", "/api/v2/integrations", { json: { name: "Pop Up Again", username: "pop_up" } });
        assert.deepEqual([again.status, again.body], [500, { message: IDX_TABLE_EXISTS }]);
        assert.equal(IDX_TABLE_EXISTS, "IDX Table already exists");
        const groups = await http().integrations();
        assert.ok(
            groups.some((group) => group.name === "Pop Up Again"),
            "the row was saved before the table failed",
        );
        const connectors = await http().connectors();
        assert.deepEqual(
            connectors.map((connector) => connector.id),
            ["pop_up|1"],
            "the old table, with its connector, belongs to the new group",
        );
    });

    it("refuses an update that resends the unchanged name (no self-exclusion) and never changes the username", async () => {
        const same = await http().request("PUT", "/api/v2/integrations/1", { json: { name: "UK Store" } });
        assert.deepEqual(same.body.errors, { name: ["The name has already been taken."] });
        const renamed = await http().request("PUT", "/api/v2/integrations/1", { json: { name: "Britain Store", username: "britain" } });
        assert.equal(renamed.status, 200);
        assert.deepEqual([renamed.body.data.name, renamed.body.data.username], ["Britain Store", "uk_store"]);
        assert.equal(
            (await http().request("GET", "/api/v2/integrations/99")).body.message,
            "No query results for model [App\\Models\\Fabric\\Integration] 99",
        );
    });

    it("hard-deletes a group with its child groups and leaves its connectors and services in their table", async () => {
        const parent = (await http().request("POST", "/api/v2/integrations", { json: { name: "Europe", username: "europe" } })).body.data;
        const child = (
            await http().request("POST", "/api/v2/integrations", {
                json: { name: "Spain Store", username: "spain_store", parent_id: parent.id },
            })
        ).body.data;
        await http().request("POST", "/api/v2/integrations", {
            json: { name: "Madrid Store", username: "madrid_store", parent_id: child.id },
        });
        const tree = (await http().request("GET", "/api/v2/integrations?to_tree=1")).body.data;
        const europe = tree.find((group: { name: string }) => group.name === "Europe");
        assert.equal(europe.children[0].children[0].name, "Madrid Store");
        const answer = await http().request("DELETE", `/api/v2/integrations/${parent.id}`);
        assert.deepEqual([answer.status, answer.body], [200, { message: "Integration deleted successfully." }]);
        assert.deepEqual(
            (await http().integrations()).map((group) => group.name),
            ["UK Store", "France Store"],
        );
    });

    it("pages groups 15 at a time", async () => {
        for (let i = 0; i < 14; i++) await http().createIntegration(`Store ${String(i).padStart(2, "0")}`);
        const first = (await http().request("GET", "/api/v2/integrations")).body;
        assert.deepEqual([first.data.length, first.meta.last_page, first.meta.total, first.meta.per_page], [15, 2, 16, 15]);
        assert.equal((await http().integrations()).length, 16);
    });
});

describe("emulator: the default company group", () => {
    it("makes one group when --company-groups is not given", async () => {
        const emulator = await startEmulator({ companyGroups: [] });
        try {
            assert.deepEqual(
                (await emulator.integrations()).map((group) => [group.name, group.username]),
                [[DEFAULT_COMPANY_GROUP, "default_group"]],
            );
        } finally {
            await emulator.stop();
        }
    });
});
