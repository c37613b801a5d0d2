// The test hooks under /__admin/: the request log, injected faults, reset; and the page at /.
import { strict as assert } from "node:assert";
import { connectorBody, connectorPath, createConnector, emulatorSuite } from "./suite";

describe("emulator: admin hooks", () => {
    const suite = emulatorSuite();
    const http = () => suite.emulator;

    it("logs every API request with its path from the root and query, status, time and auth scheme, never a header or body", async () => {
        const body = await connectorBody(http(), "Veeqo");
        await http().reset();
        suite.emulator.forgetToken();
        const connector = (await http().request("POST", "/api/v2/connectors", { json: body })).body.data;
        await http().request("GET", `${connectorPath(connector.id)}?x=1`);
        await http().request("GET", "/api/v2/connectors", { auth: { as: "none" } });
        await http().request("GET", "/__admin/requests", { auth: { as: "none" } });
        const log = await http().requests();
        assert.deepEqual(
            log.map(({ method, path, status, auth }) => [method, path, status, auth]),
            [
                ["POST", "/api/v1/login", 200, "none"],
                ["POST", "/api/v2/connectors", 201, "bearer"],
                ["GET", "/api/v2/connectors/uk_store%7C1?x=1", 200, "bearer"],
                ["GET", "/api/v2/connectors", 401, "none"],
            ],
        );
        assert.ok(log.every((entry) => !Number.isNaN(Date.parse(entry.at))));
        const text = JSON.stringify(log);
        for (const secret of ["veeqo-token-secret", "emulator-password", await http().token()]) assert.ok(!text.includes(secret));
    });

    it("stands in for the dashboard's OAuth authorisation: an authorised connector appears as a live row of the group", async () => {
        const answer = await http().request("POST", "/__admin/authorised-connectors", {
            json: { group: "uk_store", system: "NetSuiteRest", name: "NetSuite (authorised)" },
            auth: { as: "none" },
        });
        assert.equal(answer.status, 201);
        const [listed] = (await http().connectors()).filter((c) => c.id === answer.body.data.id);
        assert.deepEqual(
            [listed.system.factory_name, listed.environment, listed.connector_name, listed.authorisation_type],
            ["NetSuiteRest", "live", "NetSuite (authorised)", "oauth2"],
        );
        const unknown = await http().request("POST", "/__admin/authorised-connectors", {
            json: { group: "nowhere", system: "NetSuiteRest", name: "x" },
            auth: { as: "none" },
        });
        assert.equal(unknown.status, 404);
    });

    it("fails the next N matching requests with failStatus, only for the methods and path prefixes given", async () => {
        await http().setFaults({ failCount: 2, failStatus: 502, methods: ["POST"], paths: ["/api/v2/connectors"] });
        assert.equal((await http().request("GET", "/api/v2/connectors")).status, 200);
        assert.equal(
            (await http().request("POST", "/api/v2/integrations", { json: { name: "Faultless", username: "faultless" } })).status,
            201,
        );
        const failed = [
            await http().request("POST", "/api/v2/connectors", { json: {} }),
            await http().request("POST", "/api/v2/connectors", { json: {} }),
        ];
        assert.deepEqual(
            failed.map((answer) => answer.status),
            [502, 502],
        );
        await createConnector(http(), "Veeqo");
        assert.deepEqual(
            await http()
                .connectors()
                .then((list) => list.length),
            1,
        );
    });

    it("does the work of a slow request even when the client gives up on the answer", async () => {
        await http().token();
        await http().setFaults({ latencyMs: 500, methods: ["POST"] });
        const body = JSON.stringify({ name: "Slow Store", username: "slow_store" });
        await assert.rejects(
            fetch(`${http().url}/api/v2/integrations`, {
                method: "POST",
                headers: {
                    authorization: `Bearer ${await http().token()}`,
                    "content-type": "application/json",
                    accept: "application/json",
                },
                body,
                signal: AbortSignal.timeout(100),
            }),
            /TimeoutError|aborted/,
        );
        assert.ok((await http().integrations()).some((group) => group.name === "Slow Store"));
    });

    it("limits requests per second with 429 and Retry-After, and {} clears every fault", async () => {
        await http().token();
        await http().setFaults({ rateLimitPerSecond: 1 });
        const answers = await Promise.all([1, 2, 3].map(() => http().request("GET", "/api/v2/connectors")));
        const limited = answers.filter((answer) => answer.status === 429);
        assert.ok(limited.length >= 1);
        assert.equal(limited[0].headers.get("retry-after"), "1");
        await http().setFaults({ failRate: 1 });
        assert.equal((await http().request("GET", "/api/v2/connectors")).status, 503);
        await http().setFaults({});
        assert.equal((await http().request("GET", "/api/v2/connectors")).status, 200);
        await assert.rejects(http().setFaults({ methods: [] } as never), /answered 400/);
    });

    it("resets to how it started: the flags' groups, no connectors, services or mappings, no faults, an empty log", async () => {
        await createConnector(http(), "Veeqo");
        await http().createIntegration("Extra Store");
        await http().request("POST", "/api/v2/mappings", { json: { integration_id: 1, mapping_name: "custom", content: "{}" } });
        await http().setFaults({ failRate: 1, paths: ["/api/v2/services"] });
        await http().reset();
        assert.deepEqual(await http().requests(), []);
        assert.deepEqual(await http().connectors(), []);
        assert.equal((await http().integrations()).length, 105);
        assert.equal(await http().mapping("uk_store_custom"), undefined);
        assert.equal((await http().request("GET", "/api/v2/services")).status, 200);
    });

    it("shows a read-only page of the account at / without any credential", async () => {
        await createConnector(http(), "Veeqo", { connectorName: "Veeqo <UK>" });
        const page = await http().request("GET", "/", { auth: { as: "none" } });
        assert.equal(page.status, 200);
        assert.match(page.body, /Veeqo &#60;UK&#62;/);
        assert.ok(!page.body.includes("veeqo-token-secret"));
    });

    it('answers an unknown route with Laravel\'s 404 {message: ""}', async () => {
        for (const auth of [{ as: "user" }, { as: "none" }] as const) {
            const answer = await http().request("GET", "/api/v2/nothing-here", { auth });
            assert.deepEqual([answer.status, answer.body], [404, { message: "" }]);
        }
    });
});
