// The CompanyGroup resource under the real Pulumi CLI against the Fabric emulator: create, rename
// (one PUT), parent, a username change refused at preview, delete refused while the group holds a
// connector, a client user's 403, and a username a deleted group used. Each message's advice is
// followed to the wanted state; what exists is read over plain HTTP.
import { strict as assert } from "node:assert";
import { CompanyGroup, Connector } from "../../sdk";
import { API_KEY, assertNoStackTrace } from "../reliability/harness";
import { startEmulator, type RunningEmulator } from "../support/emulator";
import { e2eWorld } from "../support/e2e-world";
import type { Json } from "../support/fabric-http";
import { fabricHttp } from "../support/fabric-http";
import { postConnector } from "./lifecycle-suite";

interface GroupDecl {
    name: string;
    username?: string;
    parentOf?: boolean;
}

describe("end to end: company groups", function () {
    this.timeout(240_000);
    const world = e2eWorld();
    const { scan, output } = world;
    /** The connector's token, the same for every program of a test. */
    let stockToken: string;
    beforeEach(() => {
        stockToken = scan.book.make("stock");
    });

    /** A program of an "Outlet" group (optionally under "Outlets EU") and, optionally, a connector in it. */
    function groupProgram(outlet: GroupDecl, options: { parent?: string; connector?: boolean } = {}) {
        return async () => {
            const parent = options.parent ? new CompanyGroup("parent", { name: options.parent }) : undefined;
            const group = new CompanyGroup("outlet", { name: outlet.name, username: outlet.username, parent });
            if (options.connector) {
                new Connector("stock", {
                    system: "veeqo",
                    environment: "live",
                    companyGroup: group.username,
                    credentials: { token: stockToken },
                });
            }
            return { companyGroupId: group.companyGroupId, username: group.username, slug: group.slug };
        };
    }

    const groupNamed = async (name: string): Promise<Json | undefined> => (await world.api.integrations()).find((g) => g.name === name);
    const failure = async (operation: Promise<unknown>) => {
        const message = await scan.transcript.failure(operation);
        assertNoStackTrace(message);
        return message;
    };

    it("creates a group with a connector in it, renames it with one PUT (the connector stays), and deletes both", async () => {
        const testStack = await world.newStack(groupProgram({ name: "Outlet" }, { connector: true }));
        const made = await scan.transcript.run(testStack.stack.up(output()));
        const group = await groupNamed("Outlet");
        assert.equal(group?.username, "outlet");
        assert.equal(made.outputs.companyGroupId.value, String(group?.id));
        assert.equal(made.outputs.username.value, "outlet");
        const [connector] = (await world.api.connectors()).filter((c) => c.integration.username === "outlet");
        assert.ok(connector, "the connector is in the group");

        const start = (await world.emulator.requests()).length;
        testStack.stack.workspace.program = groupProgram({ name: "Outlet Store" }, { connector: true });
        await scan.transcript.run(testStack.stack.up(output()));
        const writes = (await world.emulator.requests()).slice(start).filter((r) => r.method !== "GET");
        assert.deepEqual(
            writes.map((r) => `${r.method} ${r.path}`),
            [`PUT /api/v2/integrations/${group?.id}`],
        );
        assert.equal((await groupNamed("Outlet Store"))?.id, group?.id);
        assert.equal((await world.api.connectors()).find((c) => c.id === connector.id)?.integration.name, "Outlet Store");

        await scan.transcript.run(testStack.stack.destroy(output()));
        assert.equal(await groupNamed("Outlet Store"), undefined);
        assert.deepEqual(
            (await world.api.connectors()).filter((c) => c.integration.username === "outlet"),
            [],
        );
    });

    it("nests a group under a parent and moves it out in place", async () => {
        const testStack = await world.newStack(groupProgram({ name: "Outlet" }, { parent: "Outlets EU" }));
        await scan.transcript.run(testStack.stack.up(output()));
        const parent = await groupNamed("Outlets EU");
        const tree = (await world.api.request("GET", "/api/v2/integrations?to_tree=1")).body.data as Json[];
        const node = tree.find((g) => g.id === parent?.id);
        assert.deepEqual(
            (node?.children ?? []).map((c: Json) => c.name),
            ["Outlet"],
        );
        const outlet = await groupNamed("Outlet");
        testStack.stack.workspace.program = async () => {
            new CompanyGroup("parent", { name: "Outlets EU" });
            new CompanyGroup("outlet", { name: "Outlet" });
        };
        await scan.transcript.run(testStack.stack.up(output()));
        assert.equal((await groupNamed("Outlet"))?.id, outlet?.id, "moved in place");
        const after = (await world.api.request("GET", "/api/v2/integrations?to_tree=1")).body.data as Json[];
        assert.deepEqual(after.find((g) => g.id === parent?.id)?.children ?? [], []);
    });

    it("fails the preview of a username change, saying to declare a new CompanyGroup; following it works", async () => {
        const testStack = await world.newStack(groupProgram({ name: "Outlet" }));
        await scan.transcript.run(testStack.stack.up(output()));
        testStack.stack.workspace.program = groupProgram({ name: "Outlet", username: "outlet_2" });
        const start = (await world.emulator.requests()).length;
        const message = await failure(testStack.stack.preview(output()));
        assert.match(message, /username cannot change from "outlet" to "outlet_2"/);
        assert.match(message, /declare a new CompanyGroup/);
        assert.deepEqual(
            (await world.emulator.requests()).slice(start).filter((r) => r.method !== "GET"),
            [],
        );
        // Advice followed: a new CompanyGroup (a new resource name) with the new username.
        testStack.stack.workspace.program = async () => void new CompanyGroup("outlet-2", { name: "Outlet Two", username: "outlet_2" });
        await scan.transcript.run(testStack.stack.up(output()));
        assert.equal((await groupNamed("Outlet Two"))?.username, "outlet_2");
        assert.equal(await groupNamed("Outlet"), undefined);
    });

    it("refuses to delete a group that holds a connector made elsewhere, naming it; once it is gone, the delete goes through", async () => {
        const testStack = await world.newStack(groupProgram({ name: "Outlet" }));
        await scan.transcript.run(testStack.stack.up(output()));
        const made = await postConnector(world.api, {
            factoryName: "Veeqo",
            group: "outlet",
            environment: "live",
            name: "Veeqo (dashboard)",
            authType: "basic_auth",
            credentials: { token: scan.book.make("veeqo") },
        });
        assert.equal(made.status, 201, JSON.stringify(made.body));
        const start = (await world.emulator.requests()).length;
        const message = await failure(testStack.stack.destroy(output()));
        assert.match(message, new RegExp(`${made.body.data.id.replace("|", "\\|")} \\("Veeqo \\(dashboard\\)"\\)`));
        assert.deepEqual(
            (await world.emulator.requests()).slice(start).filter((r) => r.method === "DELETE"),
            [],
            "no DELETE sent",
        );
        assert.ok(await groupNamed("Outlet"));
        // Advice followed: delete or move the connector first.
        assert.equal((await world.api.request("DELETE", `/api/v2/connectors/${encodeURIComponent(made.body.data.id)}`)).status, 200);
        await scan.transcript.run(testStack.stack.destroy(output()));
        assert.equal(await groupNamed("Outlet"), undefined);
    });

    it("cannot make a group again under a deleted group's username: says so, and another username works", async () => {
        const testStack = await world.newStack(groupProgram({ name: "Outlet" }));
        await scan.transcript.run(testStack.stack.up(output()));
        await scan.transcript.run(testStack.stack.destroy(output()));
        testStack.stack.workspace.program = groupProgram({ name: "Outlet Again", username: "outlet" });
        const message = await failure(testStack.stack.up(output()));
        assert.match(message, /username "outlet"/);
        assert.match(message, /Set another username on this CompanyGroup and run `pulumi up` again/);
        assert.equal(await groupNamed("Outlet Again"), undefined, "no half-made group is left");
        testStack.stack.workspace.program = groupProgram({ name: "Outlet Again", username: "outlet_again" });
        await scan.transcript.run(testStack.stack.up(output()));
        assert.equal((await groupNamed("Outlet Again"))?.username, "outlet_again");
    });

    describe("as a client user", () => {
        let clientUser: RunningEmulator;
        const clerk = { email: "clerk@patchworks.test", password: "clerk-password-1", role: "client-user" as const };
        before(async () => {
            clientUser = await startEmulator({ apiKey: API_KEY, users: [clerk] });
        });
        after(async () => clientUser?.stop());

        it("says a client-admin user is needed, and changes nothing", async () => {
            const testStack = await world.newStack(groupProgram({ name: "Outlet" }), {}, clientUser);
            const message = await failure(testStack.stack.up(output()));
            assert.match(message, /needs a client-admin user/);
            const groups = await fabricHttp(clientUser.url, clerk).integrations();
            assert.equal(
                groups.find((g: Json) => g.name === "Outlet"),
                undefined,
            );
        });
    });
});
