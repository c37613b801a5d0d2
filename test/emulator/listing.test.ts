import assert from "node:assert/strict";
import { findAuthType, findSystem, systemIds } from "../../provider/catalog";
import { emulatorSuite, shopifyConnector } from "./http";

describe("emulator: listing and the catalog", () => {
    const suite = emulatorSuite();

    async function createAll(overrides: Record<string, unknown>[]): Promise<string[]> {
        const ids: string[] = [];
        for (const override of overrides) {
            const response = await suite.api.post("/service-connectors", shopifyConnector(override));
            assert.equal(response.status, 201, JSON.stringify(response.body));
            ids.push(response.body.data.id);
        }
        return ids;
    }

    describe("pagination", () => {
        it("splits the list into pages, with meta.last_page, covering every connector once", async () => {
            const ids = await createAll(Array.from({ length: 7 }, (_, i) => ({ company_group: `group-${i}` })));
            const pages = [];
            for (let page = 1; page <= 3; page++) {
                pages.push((await suite.api.get(`/service-connectors?page=${page}&per_page=3`)).body);
            }
            assert.deepEqual(
                pages.map((p) => p.data.length),
                [3, 3, 1],
            );
            assert.deepEqual(pages[1].meta, { current_page: 2, last_page: 3, per_page: 3, total: 7 });
            assert.deepEqual(
                pages.flatMap((p) => p.data.map((c: { id: string }) => c.id)),
                ids,
                "pages list every connector once, in creation order",
            );
            const beyond = (await suite.api.get("/service-connectors?page=4&per_page=3")).body;
            assert.deepEqual(beyond, { data: [], meta: { current_page: 4, last_page: 3, per_page: 3, total: 7 } });
        });

        it("defaults to page 1 of 50 and reports last_page 1 for an empty list", async () => {
            const response = await suite.api.get("/service-connectors");
            assert.deepEqual(response.body, { data: [], meta: { current_page: 1, last_page: 1, per_page: 50, total: 0 } });
        });

        it("caps per_page at 250", async () => {
            assert.equal((await suite.api.get("/service-connectors?per_page=1000")).body.meta.per_page, 250);
        });

        for (const query of ["page=0", "page=abc", "per_page=-1", "per_page=2.5", "page=1&page=2"]) {
            it(`refuses ${query} with 422`, async () => {
                const response = await suite.api.get(`/service-connectors?${query}`);
                assert.equal(response.status, 422);
                assert.equal(Object.keys(response.body.errors).length, 1);
            });
        }
    });

    describe("filters", () => {
        const veeqo = { system: "veeqo", auth_type: "default", credentials: { token: "t" } };
        const fixtures: Record<string, Record<string, unknown>> = {
            shopifyUkLive: { company_group: "UK" },
            shopifyUkTest: { company_group: "uk", environment: "test" },
            shopifyDefaultLive: { company_group: null },
            shopifyUsLive: { company_group: "us" },
            veeqoUkLive: { ...veeqo, company_group: " Uk " },
            veeqoDefaultTest: { ...veeqo, company_group: null, environment: "test" },
        };
        const cases: { query: string; expected: string[] }[] = [
            { query: "filter[system]=veeqo", expected: ["veeqoUkLive", "veeqoDefaultTest"] },
            { query: "filter%5Bsystem%5D=veeqo", expected: ["veeqoUkLive", "veeqoDefaultTest"] },
            { query: "filter[environment]=test", expected: ["shopifyUkTest", "veeqoDefaultTest"] },
            { query: "filter[company_group]=uk", expected: ["shopifyUkLive", "shopifyUkTest", "veeqoUkLive"] },
            { query: "filter[company_group]=%20UK%20", expected: ["shopifyUkLive", "shopifyUkTest", "veeqoUkLive"] },
            { query: "filter[company_group]=", expected: ["shopifyDefaultLive", "veeqoDefaultTest"] },
            {
                query: "filter[system]=shopify&filter[environment]=live&filter[company_group]=uK",
                expected: ["shopifyUkLive"],
            },
            { query: "filter[system]=magento-2", expected: [] },
        ];
        for (const { query, expected } of cases) {
            it(`${query} selects ${expected.join(", ") || "nothing"}`, async () => {
                const names = Object.keys(fixtures);
                const ids = await createAll(Object.values(fixtures));
                const response = await suite.api.get(`/service-connectors?${query}`);
                assert.equal(response.status, 200);
                const selected = response.body.data.map((c: { id: string }) => names[ids.indexOf(c.id)]);
                assert.deepEqual(selected, expected);
                assert.equal(response.body.meta.total, expected.length);
            });
        }

        it("refuses an environment filter other than live or test", async () => {
            const response = await suite.api.get("/service-connectors?filter[environment]=prod");
            assert.equal(response.status, 422);
            assert.deepEqual(Object.keys(response.body.errors), ["filter[environment]"]);
        });
    });

    describe("systems", () => {
        it("serves the shared catalog with auth implementations and variables when included", async () => {
            const response = await suite.api.get("/systems?include=authenticationImplementations.variables");
            assert.equal(response.status, 200);
            const served = response.body.data;
            assert.deepEqual(
                served.map((s: { id: string }) => s.id),
                systemIds,
            );
            const shopify = served.find((s: { id: string }) => s.id === "shopify");
            const token = shopify.authentication_implementations.find((a: { id: string }) => a.id === "token");
            const catalogToken = findAuthType(findSystem("shopify")!, "token")!;
            assert.deepEqual(
                token.variables.map((v: { key: string; secret: boolean; required: boolean }) => [v.key, v.secret, v.required]),
                catalogToken.fields.map((f) => [f.key, f.secret, f.required]),
            );
            assert.deepEqual(Object.keys(token.variables[0]).sort(), ["format", "key", "label", "required", "secret"]);
        });

        it("leaves related records out unless they are included", async () => {
            const bare = (await suite.api.get("/systems")).body.data[0];
            assert.deepEqual(Object.keys(bare).sort(), ["id", "label"]);
            const implementations = (await suite.api.get("/systems?include=authenticationImplementations")).body.data[0];
            assert.ok(implementations.authentication_implementations.length > 0);
            assert.equal(implementations.authentication_implementations[0].variables, undefined);
        });
    });
});
