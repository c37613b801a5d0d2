// The CompanyGroup resource: Fabric's name and username rules, what updates in place, and the
// lifecycle over the fake Fabric of the connector suites (test/connector/world).
import { strict as assert } from "node:assert";
import { usernameFromName, resolveCompanyGroup } from "../../provider/company-group/resolve";
import { createGroup, deleteGroup, readGroup, updateGroup, type GroupContext } from "../../provider/company-group/lifecycle";
import { diffCompanyGroup, usernameChangeProblem, validateCompanyGroupInputs } from "../../provider/company-group/validate";
import * as companyGroup from "../../provider/company-group/provider";
import { useRuntime } from "../../provider/runtime";
import { rejectionOf } from "../client/fixtures";
import { fakeWorld, type World } from "../connector/world";

describe("company group rules", () => {
    const usernames = [
        ["UK Store", "uk_store"],
        ["UK & Ireland", "uk_ireland"],
        ["North-East  Hub", "north_east_hub"],
        ["Café Zürich", "cafe_zurich"],
        ["ops@acme", "ops_at_acme"],
        ["  Trim me  ", "trim_me"],
    ];
    for (const [name, username] of usernames) {
        it(`derives username "${username}" from "${name}" as Fabric does`, () => assert.equal(usernameFromName(name), username));
    }

    const invalid = [
        { title: "a name under 3 characters", news: { name: "UK" }, property: "name", reason: /3-128 characters \(got 2\)/ },
        {
            title: "a name with other characters",
            news: { name: "UK/Store" },
            property: "name",
            reason: /letters, digits, spaces, "-" and "&"/,
        },
        {
            title: "a username Fabric would store otherwise",
            news: { name: "UK Store", username: "UK-Store" },
            property: "username",
            reason: /it would store "uk_store"/,
        },
    ];
    for (const row of invalid) {
        it(`refuses ${row.title}`, () => {
            const { failures } = validateCompanyGroupInputs(row.news);
            assert.equal(failures[0]?.property, row.property);
            assert.match(failures[0].reason, row.reason);
        });
    }

    it("fails the preview of a username change, saying to declare a new CompanyGroup", () => {
        const { inputs } = validateCompanyGroupInputs({ name: "UK Store", username: "uk_shop" });
        const problem = usernameChangeProblem({ companyGroupId: "1", username: "uk_store" }, inputs);
        assert.match(problem?.reason ?? "", /cannot change from "uk_store" to "uk_shop".*declare a new CompanyGroup/);
    });

    const diffs = [
        { title: "nothing", news: {}, updates: [] },
        { title: "the name", news: { name: "UK Shop" }, updates: ["name"] },
        { title: "the parent", news: { parent: "9" }, updates: ["parent"] },
    ];
    for (const row of diffs) {
        it(`updates in place when ${row.title} changes, never replacing`, () => {
            const olds = { name: "UK Store", username: "uk_store", adopt: false, companyGroupId: "1", slug: "uk-store" };
            const result = diffCompanyGroup(olds, { name: "UK Store", username: "uk_store", adopt: false, ...row.news });
            assert.deepEqual([result.replaces, result.updates], [[], row.updates]);
        });
    }

    it("resolves a group by username before name, and lists the groups when none matches", () => {
        const groups = [
            { id: "1", name: "uk_store", username: "legacy", slug: "" },
            { id: "2", name: "UK Store", username: "uk_store", slug: "" },
        ];
        const found = resolveCompanyGroup(groups, "UK_STORE");
        assert.equal(found.kind === "found" && found.group.id, "2");
        const missing = resolveCompanyGroup(groups, "Spain");
        assert.match(
            missing.kind === "problem" ? missing.reason : "",
            /"Spain" is not a company group .*its groups are "uk_store" \(username legacy\), "UK Store"/,
        );
    });
});

describe("company group lifecycle (fake Fabric)", () => {
    let world: World;
    let context: GroupContext;
    beforeEach(() => {
        world = fakeWorld();
        context = { account: world.runtime.groupAccount(), diagnose: world.runtime.diagnose };
    });

    it("creates a group under its parent and outputs Fabric's id, username and slug", async () => {
        const outputs = await createGroup(context, { name: "London", username: "london", parent: "1", adopt: false });
        assert.deepEqual(world.fabric.requests.find((r) => r.method === "POST")?.body, {
            name: "London",
            username: "london",
            parent_id: 1,
        });
        assert.deepEqual(outputs, { name: "London", username: "london", parent: "1", adopt: false, companyGroupId: "3", slug: "london" });
        assert.deepEqual(await readGroup(context, "3", outputs), outputs);
    });

    it("sends a PUT only with what changes, since Fabric refuses the group's own unchanged name", async () => {
        const olds = await createGroup(context, { name: "London", username: "london", adopt: false });
        await updateGroup(context, olds.companyGroupId, olds, { ...olds });
        assert.equal(world.fabric.sent().filter((r) => r.startsWith("PUT")).length, 0);
        const moved = await updateGroup(context, olds.companyGroupId, olds, {
            name: "London",
            username: "london",
            parent: "1",
            adopt: false,
        });
        assert.deepEqual(world.fabric.requests.find((r) => r.method === "PUT")?.body, { parent_id: 1 });
        assert.equal(moved.parent, "1");
    });

    it("refuses to delete a group that holds connectors, services or child groups, naming them, before any DELETE", async () => {
        world.fabric.addConnector({ username: "uk_store", factoryName: "Shopify", environment: "live", name: "Shopify UK" });
        world.fabric.addService();
        world.fabric.groups.push({ id: 9, name: "London", username: "london", slug: "london", parentId: 1 });
        const state = { name: "UK Store", username: "uk_store", adopt: false, companyGroupId: "1", slug: "uk-store" };
        const error = await rejectionOf(deleteGroup(context, "1", state));
        assert.match(
            error.message,
            /still holds connectors uk_store\|1 \("Shopify UK"\); services 40 \("UK orders"\); child groups "London"\./,
        );
        assert.equal(world.fabric.sent().filter((r) => r.startsWith("DELETE")).length, 0);
    });

    it("deletes an empty group", async () => {
        const state = { name: "France Store", username: "france_store", adopt: false, companyGroupId: "2", slug: "france-store" };
        await deleteGroup(context, "2", state);
        assert.deepEqual(
            world.fabric.sent().filter((r) => r.startsWith("DELETE")),
            ["DELETE /integrations/2"],
        );
    });

    it("explains a 403 as needing a client admin", async () => {
        world.fabric.scripted.set("POST /integrations", [
            { kind: "response", status: 403, text: JSON.stringify({ message: "This action is unauthorized." }) },
        ]);
        const error = await rejectionOf(createGroup(context, { name: "London", username: "london", adopt: false }));
        assert.match(error.message, /^creating company group "London": .*needs a client-admin user/);
    });

    it("deletes the half-made group when Fabric cannot make its table, and asks for another username", async () => {
        world.fabric.onRequest = (request) => {
            if (request.method !== "POST") return;
            world.fabric.onRequest = undefined;
            world.fabric.groups.push({ id: 5, name: "London", username: "london", slug: "london", parentId: null });
            world.fabric.scripted.set("POST /integrations", [
                { kind: "response", status: 500, text: JSON.stringify({ message: "IDX Table already exists" }) },
            ]);
        };
        const error = await rejectionOf(createGroup(context, { name: "London", username: "london", adopt: false }));
        assert.match(
            error.message,
            /a group deleted earlier used the username "london".*The half-made group 5 \("London"\) was deleted\. Set another username/,
        );
        assert.ok(world.fabric.sent().includes("DELETE /integrations/5"));
    });
});

describe("company group check (fake Fabric)", () => {
    let world: World;
    beforeEach(() => {
        world = fakeWorld();
        useRuntime(world.runtime);
    });

    const rows = [
        {
            title: "a name the account has, pointing to adopt",
            news: { name: "uk store" },
            property: "name",
            reason: /already has company group 1 \("UK Store"\).*set adopt: true/,
        },
        {
            title: "a username another group has",
            news: { name: "Britain", username: "uk_store" },
            property: "username",
            reason: /"uk_store" is taken by company group 1/,
        },
        {
            title: "adopt of a group the account lacks",
            news: { name: "Spain", adopt: true },
            property: "adopt",
            reason: /no company group named "Spain"/,
        },
    ];
    for (const row of rows) {
        it(`fails the preview for ${row.title}`, async () => {
            const { failures } = await companyGroup.check({}, row.news);
            assert.equal(failures[0]?.property, row.property);
            assert.match(failures[0].reason, row.reason);
        });
    }

    it("passes the next preview of a group in the state (old inputs, no companyGroupId), and a rename keeps the username it was made with", async () => {
        const { inputs: made } = await companyGroup.check({}, { name: "UK Store" });
        const { inputs, failures } = await companyGroup.check(made as never, { name: "UK Stores" });
        assert.deepEqual([failures, inputs.username], [[], "uk_store"]);
    });

    it("passes a group of the state, given its old inputs as the engine hands them, as itself, not a duplicate name", async () => {
        const { failures } = await companyGroup.check(
            { name: "UK Store", username: "uk_store" },
            { name: "UK Store", username: "uk_store" },
        );
        assert.deepEqual(failures, []);
    });

    it("fails the preview of a username change given the old inputs, and keeps the username a rename leaves out", async () => {
        const olds = { name: "UK Store", username: "uk_store", adopt: false };
        const changed = await companyGroup.check(olds, { name: "UK Store", username: "britain" });
        assert.equal(changed.failures[0]?.property, "username");
        const renamed = await companyGroup.check(olds, { name: "UK Shop" });
        assert.deepEqual([renamed.failures, renamed.inputs.username], [[], "uk_store"]);
    });

    it("passes a new group, its username derived from the name", async () => {
        const { inputs, failures } = await companyGroup.check({}, { name: "Spain & Portugal" });
        assert.deepEqual([failures, inputs.username], [[], "spain_portugal"]);
    });
});
