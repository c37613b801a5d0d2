// A POST is not idempotent: whatever the network does, one createConnector call must leave at
// most one connector on the server.
import assert from "node:assert/strict";
import { NetworkError, ServerError } from "../../provider/client";
import { FakeServer, type RecordedRequest, type Reply } from "./fake-server";
import { apiConnector, listPage, rejectionOf, shopifyUk, testClient } from "./fixtures";

/** A connector service whose POST answer each test chooses, after it has (or has not) created. */
class ConnectorService {
    readonly created: Record<string, unknown>[] = [];

    constructor(server: FakeServer, postAnswers: ("create" | "skip")[], replies: (Reply | "hang")[]) {
        let post = 0;
        server.answerRest((request) => {
            if (request.method === "GET") return { status: 200, body: listPage(this.matching(request)) };
            const index = post++;
            if (postAnswers[index] === "create") this.create(request);
            return replies[index];
        });
    }

    private create(request: RecordedRequest): void {
        const body = request.body as Record<string, unknown>;
        this.created.push(apiConnector({ ...body, id: `sc_${this.created.length + 1}` }));
    }

    private matching(request: RecordedRequest): Record<string, unknown>[] {
        return this.created.filter(
            (c) =>
                c.system === request.query.get("filter[system]") &&
                c.environment === request.query.get("filter[environment]") &&
                c.company_group === request.query.get("filter[company_group]"),
        );
    }
}

const created = (id: string): Reply => ({ status: 201, body: { data: apiConnector({ id }) } });

describe("createConnector never creates twice", () => {
    let server: FakeServer;

    beforeEach(async () => {
        server = await FakeServer.start();
    });

    afterEach(async () => {
        await server.close();
    });

    it("returns the connector a timed-out POST created, without posting again", async () => {
        const service = new ConnectorService(server, ["create"], [{ ...created("sc_1"), delayMs: 1000 }]);
        const { client, logs } = testClient(server, { timeoutMs: 150 });
        const connector = await client.createConnector(shopifyUk);
        assert.equal(connector.id, "sc_1");
        assert.equal(server.requestsFor("POST").length, 1);
        assert.equal(service.created.length, 1);
        assert.ok(logs.some((line) => /had taken effect/.test(line)), logs.join("\n"));
    });

    it("posts once more when the timed-out POST created nothing", async () => {
        const service = new ConnectorService(server, ["skip", "create"], ["hang", created("sc_1")]);
        const { client } = testClient(server, { timeoutMs: 150 });
        const connector = await client.createConnector(shopifyUk);
        assert.equal(connector.id, "sc_1");
        assert.deepEqual(
            server.requests.map((r) => r.method),
            ["POST", "GET", "POST"],
        );
        assert.equal(service.created.length, 1);
    });

    const gatewayCases: { status: number; firstCreated: boolean; methods: string[] }[] = [
        { status: 502, firstCreated: true, methods: ["POST", "GET"] },
        { status: 504, firstCreated: true, methods: ["POST", "GET"] },
        { status: 502, firstCreated: false, methods: ["POST", "GET", "POST"] },
        { status: 504, firstCreated: false, methods: ["POST", "GET", "POST"] },
    ];
    for (const { status, firstCreated, methods } of gatewayCases) {
        it(`looks before re-posting after a ${status} (first attempt ${firstCreated ? "created" : "did not create"})`, async () => {
            const service = new ConnectorService(
                server,
                [firstCreated ? "create" : "skip", "create"],
                [{ status }, created("sc_1")],
            );
            const { client } = testClient(server);
            assert.equal((await client.createConnector(shopifyUk)).id, "sc_1");
            assert.deepEqual(
                server.requests.map((r) => r.method),
                methods,
            );
            assert.equal(service.created.length, 1);
        });
    }

    for (const status of [429, 503]) {
        it(`re-posts straight away after a ${status}, which the server did not process`, async () => {
            const service = new ConnectorService(server, ["skip", "create"], [{ status }, created("sc_1")]);
            const { client } = testClient(server);
            assert.equal((await client.createConnector(shopifyUk)).id, "sc_1");
            assert.deepEqual(
                server.requests.map((r) => r.method),
                ["POST", "POST"],
            );
            assert.equal(service.created.length, 1);
        });
    }

    it("looks even when the last attempt timed out, and returns what it finds", async () => {
        const service = new ConnectorService(server, ["create"], [{ ...created("sc_1"), delayMs: 1000 }]);
        const { client } = testClient(server, { timeoutMs: 150, maxRetries: 0 });
        assert.equal((await client.createConnector(shopifyUk)).id, "sc_1");
        assert.equal(service.created.length, 1);
    });

    it("fails after the last attempt when the lookup finds nothing", async () => {
        new ConnectorService(server, ["skip"], ["hang"]);
        const { client } = testClient(server, { timeoutMs: 150, maxRetries: 0 });
        const error = await rejectionOf(client.createConnector(shopifyUk));
        assert.ok(error instanceof NetworkError);
        assert.match(error.message, /^Patchworks API POST \/service-connectors failed: .* timed out after 150 ms$/);
        assert.deepEqual(
            server.requests.map((r) => r.method),
            ["POST", "GET"],
        );
    });

    it("does not retry a 500, which may have been processed", async () => {
        new ConnectorService(server, ["skip"], [{ status: 500, body: { message: "Server Error" } }]);
        const { client } = testClient(server);
        assert.ok((await rejectionOf(client.createConnector(shopifyUk))) instanceof ServerError);
        assert.equal(server.requests.length, 1);
    });
});
