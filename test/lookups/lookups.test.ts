// The lookups (CONTRACT 8) called as a program calls them, over HTTP against the fake Fabric of the
// connector suites: settings from stack config, results without credentials, answers from the
// process's batched reads, and every failure one line that names the call and what to do.
import { strict as assert } from "node:assert";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import * as pulumi from "@pulumi/pulumi";
import type { HttpMethod } from "../../provider/client/http";
import { getCompanyGroups, getCompanyGroupsOutput, getConnector, getConnectorOutput, getConnectors } from "../../sdk";
import { assertNoSecret } from "../connector/secrets";
import { FakeFabric } from "../connector/world";

const SHOPIFY_TOKEN = "shpat-lookup-secret-9d1c";

/** The fake Fabric on a local port, under /api/v2 as the emulator serves it. */
async function serve(fabric: FakeFabric): Promise<{ apiUrl: string; server: Server }> {
    const server = createServer((request, response) => {
        const chunks: Buffer[] = [];
        request.on("data", (chunk: Buffer) => chunks.push(chunk));
        request.on("end", async () => {
            const url = new URL(request.url ?? "/", "http://localhost");
            const text = Buffer.concat(chunks).toString();
            const attempt = await fabric.transport({
                method: request.method as HttpMethod,
                path: url.pathname.replace(/^\/api\/v2/, ""),
                query: Object.fromEntries(url.searchParams),
                body: text ? JSON.parse(text) : undefined,
            });
            if (attempt.kind !== "response") {
                response.destroy();
                return;
            }
            response.writeHead(attempt.status, { "content-type": "application/json" }).end(attempt.text);
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return { apiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2`, server };
}

/** What a failed lookup throws: a RunError (the CLI prints its message alone) of one line. */
async function failure(operation: Promise<unknown>): Promise<string> {
    try {
        await operation;
    } catch (error) {
        assert.ok(pulumi.RunError.isInstance(error), `a RunError, not ${String(error)}`);
        const message = (error as Error).message;
        assert.equal(message.split("\n").length, 1, message);
        return message;
    }
    throw new Error("expected the lookup to fail");
}

function resolved<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply((value) => resolve(value)));
}

describe("lookups (fake Fabric over HTTP)", () => {
    let fabric: FakeFabric;
    let server: Server;
    const savedConfig = pulumi.runtime.allConfig();

    beforeEach(async () => {
        fabric = new FakeFabric();
        fabric.maskingGaps = true;
        fabric.addConnector({
            username: "uk_store",
            factoryName: "Shopify",
            environment: "live",
            name: "Shopify UK",
            authType: "oauth2",
            credentials: { store: "acme-uk.myshopify.com", access_token: SHOPIFY_TOKEN },
        });
        fabric.addConnector({
            username: "france_store",
            factoryName: "Magentotwo",
            environment: "test",
            name: "Magento FR",
            credentials: { token: SHOPIFY_TOKEN },
        });
        const served = await serve(fabric);
        server = served.server;
        // Each test serves on its own port: other settings, so a fresh runtime and a fresh set of reads.
        pulumi.runtime.setAllConfig(
            { "patchworks:apiUrl": served.apiUrl, "patchworks:apiKey": "pk_lookup_key", "patchworks:maxRetries": "0" },
            ["patchworks:apiKey"],
        );
    });
    afterEach(() => server.close());
    after(() => pulumi.runtime.setAllConfig(savedConfig, []));

    it("getConnector finds a connector by system, environment and group name or username, without its credentials", async () => {
        const connector = await getConnector({ system: "shopify", environment: "live", companyGroup: " uk store " });
        assert.deepEqual(connector, {
            connectorId: "uk_store|1",
            system: "shopify",
            environment: "live",
            companyGroup: "uk_store",
            companyGroupId: "1",
            systemId: "7",
            name: "Shopify UK",
            timezone: "UTC",
            dateFormat: "c",
            authType: "oauth2",
        });
        assertNoSecret(JSON.stringify(connector), [SHOPIFY_TOKEN], "the lookup's result");
    });

    it("answers several lookups of one run from one read of connectors and groups", async () => {
        await getConnector({ system: "shopify", environment: "live", companyGroup: "uk_store" });
        await getConnectors({ system: "magento-2" });
        await getCompanyGroups();
        assert.deepEqual(
            fabric.sent().filter((r) => r.startsWith("GET")),
            ["GET /connectors", "GET /integrations?page=1"],
        );
    });

    it("getConnectors filters by system, environment and group", async () => {
        const rows = [
            { args: {}, ids: ["uk_store|1", "france_store|2"] },
            { args: { system: "magento-2" }, ids: ["france_store|2"] },
            { args: { environment: "live" as const }, ids: ["uk_store|1"] },
            { args: { companyGroup: "France Store" }, ids: ["france_store|2"] },
        ];
        for (const row of rows) {
            assert.deepEqual(
                (await getConnectors(row.args)).map((c) => c.connectorId),
                row.ids,
                JSON.stringify(row.args),
            );
        }
    });

    it("getCompanyGroups lists the groups with id, name, username and slug", async () => {
        assert.deepEqual(await resolved(getCompanyGroupsOutput()), [
            { companyGroupId: "1", name: "UK Store", username: "uk_store", slug: "uk-store" },
            { companyGroupId: "2", name: "France Store", username: "france_store", slug: "france-store" },
        ]);
    });

    it("fails in one line naming the call and the key when the account has none", async () => {
        const message = await failure(getConnector({ system: "shopify", environment: "test", companyGroup: "uk_store" }));
        assert.match(
            message,
            /^patchworks\.getConnector\(\{ system: "shopify", environment: "test", companyGroup: "uk_store" \}\): no test shopify connector in company group "uk_store"/,
        );
    });

    it("fails listing the groups when companyGroup is omitted and the account has several", async () => {
        const message = await failure(getConnector({ system: "shopify", environment: "live" }));
        assert.match(message, /companyGroup is omitted, but the Patchworks account has 2 company groups/);
    });

    it("getConnectorOutput takes outputs as arguments", async () => {
        const found = getConnectorOutput({
            system: pulumi.output("shopify"),
            environment: "live",
            companyGroup: pulumi.output("uk_store"),
        });
        assert.equal(await resolved(found.connectorId), "uk_store|1");
    });
});
