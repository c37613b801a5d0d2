// The client's endpoints against the emulator (an independent implementation of the API): what each
// call does to the account, checked through the API and the emulator's request log.
import assert from "node:assert/strict";
import { ApiError, isConflict, isNotFound, PatchworksClient, type ConnectorFields } from "../../provider/client";
import { httpTransport, type HttpRequest } from "../../provider/client/http";
import { settingsFor, type Settings } from "../../provider/settings";
import { startEmulator, TEST_COMPANY_GROUPS, type RunningEmulator } from "../support/emulator";
import { rejectionOf, SHOPIFY_TOKEN, shopifyUk } from "./fixtures";

describe("PatchworksClient over the emulator", () => {
    let emulator: RunningEmulator;

    before(async () => {
        emulator = await startEmulator();
    });
    beforeEach(() => emulator.reset());
    after(() => emulator.stop());

    function clientFor(settings: Partial<Settings> = {}): PatchworksClient {
        return new PatchworksClient(settingsFor({ apiUrl: emulator.apiUrl, apiKey: emulator.apiKey, retryBaseMs: 0, ...settings }));
    }

    /** A client whose HTTP layer also records each request it is given, bodies included. */
    function recordingClient(): { client: PatchworksClient; sent: HttpRequest[] } {
        const settings = settingsFor({ apiUrl: emulator.apiUrl, apiKey: emulator.apiKey });
        const http = httpTransport({ baseUrl: settings.apiUrl, authorization: emulator.apiKey, timeoutMs: settings.requestTimeoutMs });
        const sent: HttpRequest[] = [];
        const client = new PatchworksClient(settings, {
            transport: (request, signal) => {
                sent.push(request);
                return http(request, signal);
            },
        });
        return { client, sent };
    }

    async function wire(): Promise<string[]> {
        return (await emulator.requests()).map((r) => `${r.method} ${r.path} ${r.status}`);
    }

    const inGroup = (companyGroup: string | null, environment: ConnectorFields["environment"] = "live"): ConnectorFields => ({
        ...shopifyUk,
        companyGroup,
        environment,
        name: `Shopify ${companyGroup ?? "default"} ${environment}`,
    });

    it("creates a connector and reads it back by id, secrets masked", async () => {
        const client = clientFor();
        const created = await client.createConnector(shopifyUk);
        const { id, createdAt, updatedAt, ...rest } = created;
        assert.match(id, /\S/);
        assert.ok(!Number.isNaN(Date.parse(createdAt)) && !Number.isNaN(Date.parse(updatedAt)));
        assert.deepEqual(rest, {
            ...shopifyUk,
            credentials: { storeUrl: "my-store.myshopify.com", accessToken: "********" },
            status: "operational",
        });
        assert.deepEqual(await client.getConnector(id), created);
        assert.ok(!JSON.stringify(created).includes(SHOPIFY_TOKEN));
    });

    it("reports a connector that does not exist as a 404", async () => {
        const error = await rejectionOf(clientFor().getConnector("sc_missing"));
        assert.ok(isNotFound(error), String(error));
        assert.match(error.message, /^Patchworks API GET \/service-connectors\/sc_missing failed \(404\): /);
    });

    describe("listing", () => {
        it("lists every connector across pages of 250, each once, in the API's order", async () => {
            const client = clientFor();
            const fields = TEST_COMPANY_GROUPS.slice(0, 130).flatMap((group) => [inGroup(group, "live"), inGroup(group, "test")]);
            const ids: string[] = [];
            for (const f of fields) ids.push((await client.createConnector(f)).id);
            const before = (await emulator.requests()).length;

            const listed = await client.listConnectors();
            assert.deepEqual(
                listed.map((c) => c.id),
                ids,
            );
            assert.deepEqual((await wire()).slice(before), [
                "GET /api/v1/service-connectors?page=1&per_page=250 200",
                "GET /api/v1/service-connectors?page=2&per_page=250 200",
            ]);
        });

        it("lists nothing as one page", async () => {
            assert.deepEqual(await clientFor().listConnectors(), []);
            assert.deepEqual(await wire(), ["GET /api/v1/service-connectors?page=1&per_page=250 200"]);
        });

        const awkwardGroups = ["R&D", "north east", "north", "R"];
        const filters: { name: string; filter: Parameters<PatchworksClient["listConnectors"]>[0]; expected: string[]; query: string }[] = [
            { name: "a group with &", filter: { companyGroup: "R&D" }, expected: ["R&D"], query: "filter[company_group]=R%26D" },
            {
                name: "a group with a space",
                filter: { companyGroup: "north east" },
                expected: ["north east"],
                query: "filter[company_group]=north%20east",
            },
            { name: "the default group", filter: { companyGroup: null }, expected: ["default"], query: "filter[company_group]=" },
            {
                name: "system, environment and group together",
                filter: { system: "shopify", environment: "live", companyGroup: "north" },
                expected: ["north"],
                query: "filter[system]=shopify&filter[environment]=live&filter[company_group]=north",
            },
            { name: "an environment no connector has", filter: { environment: "test" }, expected: [], query: "filter[environment]=test" },
        ];
        for (const { name, filter, expected, query } of filters) {
            it(`filters by ${name}, encoded so the API reads it whole`, async () => {
                await emulator.addCompanyGroups(awkwardGroups);
                const client = clientFor();
                for (const group of [...awkwardGroups, null]) await client.createConnector(inGroup(group));
                const before = (await emulator.requests()).length;

                const listed = await client.listConnectors(filter);
                assert.deepEqual(
                    listed.map((c) => c.companyGroup ?? "default"),
                    expected,
                );
                assert.deepEqual((await wire()).slice(before), [`GET /api/v1/service-connectors?${query}&page=1&per_page=250 200`]);
            });
        }

        it("lists the company profile's groups", async () => {
            await emulator.addCompanyGroups(["R&D"]);
            const groups = await clientFor().listCompanyGroups();
            assert.deepEqual(
                groups.map((g) => g.name),
                [...TEST_COMPANY_GROUPS, "R&D"],
            );
            assert.ok(groups.every((g) => typeof g.id === "string" && g.id !== ""));
            assert.equal(new Set(groups.map((g) => g.id)).size, groups.length, "ids are unique");
            assert.deepEqual(await wire(), ["GET /api/v1/company-groups?page=1&per_page=250 200"]);
        });
    });

    describe("changes", () => {
        it("patches only the fields it is given", async () => {
            const { client, sent } = recordingClient();
            const created = await client.createConnector(shopifyUk);
            const updated = await client.updateConnector(created.id, { timezone: "UTC", dateFormat: "dd/MM/yyyy" });
            assert.deepEqual(sent[1], {
                method: "PATCH",
                path: `/service-connectors/${created.id}`,
                body: { timezone: "UTC", date_format: "dd/MM/yyyy" },
            });
            assert.deepEqual(
                { ...updated, updatedAt: created.updatedAt },
                { ...created, timezone: "UTC", dateFormat: "dd/MM/yyyy" },
                "everything else is as it was",
            );
        });

        it("sends credentials in a patch only when it is given them", async () => {
            const { client, sent } = recordingClient();
            const created = await client.createConnector(shopifyUk);
            const rotated = { storeUrl: "my-store.myshopify.com", accessToken: "shpat_rotated_token_0002" };
            await client.updateConnector(created.id, { name: "Renamed" });
            await client.updateConnector(created.id, { credentials: rotated });
            assert.deepEqual(
                sent.slice(1).map((r) => r.body),
                [{ name: "Renamed" }, { credentials: rotated }],
            );
        });

        it("deletes (204) and counts a connector already gone (404) as deleted", async () => {
            const client = clientFor();
            const { id } = await client.createConnector(shopifyUk);
            await client.deleteConnector(id);
            assert.ok(isNotFound(await rejectionOf(client.getConnector(id))));
            await client.deleteConnector(id);
            assert.deepEqual((await wire()).slice(1), [
                `DELETE /api/v1/service-connectors/${id} 204`,
                `GET /api/v1/service-connectors/${id} 404`,
                `DELETE /api/v1/service-connectors/${id} 404`,
            ]);
        });

        it("refuses to delete a connector a service uses, naming the services", async () => {
            const client = clientFor();
            const { id } = await client.createConnector(shopifyUk);
            await emulator.markInUse(id, ["Orders sync", "Stock sync"]);
            const error = await rejectionOf(client.deleteConnector(id));
            assert.ok(isConflict(error), String(error));
            assert.deepEqual(error.fieldErrors, { services: ["Orders sync", "Stock sync"] });
            assert.match(error.message, /^Patchworks API DELETE \/service-connectors\/\S+ failed \(409\): .*Orders sync, Stock sync/);
        });

        it("reports a second connector with the same key as a conflict", async () => {
            const client = clientFor();
            await client.createConnector(shopifyUk);
            const error = await rejectionOf(client.createConnector({ ...shopifyUk, name: "Another" }));
            assert.ok(isConflict(error), String(error));
            assert.equal(error.uncertain, false);
        });

        it("reports the API's validation as field errors", async () => {
            const error = await rejectionOf(clientFor().createConnector({ ...shopifyUk, timezone: "Mars/Olympus_Mons" }));
            assert.ok(error instanceof ApiError && error.status === 422, String(error));
            assert.deepEqual(Object.keys(error.fieldErrors), ["timezone"]);
            assert.match(error.message, / — timezone: /);
        });
    });

    describe("failures", () => {
        it("says which settings to check when the key is refused", async () => {
            const error = await rejectionOf(clientFor({ apiKey: "not-the-key" }).listConnectors());
            assert.ok(error instanceof ApiError && error.status === 401, String(error));
            assert.match(
                error.message,
                /\. Check patchworks:apiKey \/ PATCHWORKS_API_KEY \(or patchworks:accessToken \/ PATCHWORKS_ACCESS_TOKEN\)\.$/,
            );
            assert.ok(!error.message.includes("not-the-key"));
        });

        it("retries a GET the API fails, up to maxRetries", async () => {
            await emulator.setFaults({ failRate: 1, failStatus: 503, methods: ["GET"] });
            const error = await rejectionOf(clientFor({ maxRetries: 2 }).getConnector("sc_1"));
            assert.equal(
                error.message,
                "Patchworks API GET /service-connectors/sc_1 failed (503) after 3 attempts: injected fault: the service is unavailable",
            );
            assert.deepEqual(await wire(), Array(3).fill("GET /api/v1/service-connectors/sc_1 503"));
        });

        it("looks before re-posting a create the API failed with a 500, and posts again when nothing was made", async () => {
            await emulator.setFaults({ failRate: 1, failStatus: 500, methods: ["POST"] });
            const client = clientFor({ maxRetries: 1 });
            const looks: number[] = [];
            const error = await rejectionOf(
                client.createConnector(shopifyUk, async () => {
                    looks.push(looks.length);
                    return (await client.listConnectors({ system: "shopify", environment: "live", companyGroup: "uk" }))[0];
                }),
            );
            assert.ok(error instanceof ApiError && error.status === 500, String(error));
            assert.equal(error.uncertain, false, "the last look found nothing");
            const list =
                "GET /api/v1/service-connectors?filter[system]=shopify&filter[environment]=live&filter[company_group]=uk&page=1&per_page=250 200";
            assert.deepEqual(await wire(), ["POST /api/v1/service-connectors 500", list, "POST /api/v1/service-connectors 500", list]);
        });
    });
});
