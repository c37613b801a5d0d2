// The company profile of the emulated account (contract sections 3, 7 and 8): the groups it was
// started with, groups added through the admin hook, and connectors refused for any other group.
import assert from "node:assert/strict";
import { startEmulator, type RunningEmulator } from "../support/emulator";
import { apiClient, shopifyConnector, type ApiClient } from "./http";

const STARTED_WITH = ["uk", " FR ", "de", "UK"];
const PROFILE = [
    { id: "1", name: "uk" },
    { id: "2", name: "FR" },
    { id: "3", name: "de" },
];

describe("emulator: company groups of the profile", () => {
    let emulator: RunningEmulator;
    let api: ApiClient;

    before(async () => {
        emulator = await startEmulator({ companyGroups: STARTED_WITH });
        api = apiClient(emulator);
    });
    beforeEach(() => emulator.reset());
    after(() => emulator.stop());

    async function groups(): Promise<unknown> {
        const response = await api.get("/company-groups");
        assert.equal(response.status, 200);
        return response.body;
    }

    it("lists the groups it was started with, once each, trimmed and as first spelled", async () => {
        assert.deepEqual(await groups(), { data: PROFILE });
    });

    it("lists the profile whatever the connectors: groups without connectors, and no group a connector lacks", async () => {
        const created = await api.post("/service-connectors", shopifyConnector({ company_group: " Uk " }));
        assert.equal(created.status, 201);
        await api.delete(`/service-connectors/${created.body.data.id}`);
        assert.deepEqual(await groups(), { data: PROFILE });
    });

    it("needs the API key, like every /api/v1 route", async () => {
        assert.equal((await api.request("GET", "/company-groups", { omitAuth: true })).status, 401);
    });

    describe("a connector's company_group", () => {
        const onProfile = ["uk", " UK ", "Uk", "fr", "\tfr\n", "DE"];
        for (const group of onProfile) {
            it(`accepts ${JSON.stringify(group)}, a group on the profile`, async () => {
                const response = await api.post("/service-connectors", shopifyConnector({ company_group: group }));
                assert.equal(response.status, 201, JSON.stringify(response.body));
            });
        }

        const defaultGroup: { title: string; group: unknown }[] = [
            { title: "omitted", group: undefined },
            { title: "null", group: null },
            { title: "empty", group: "" },
            { title: "blank", group: "   " },
        ];
        for (const { title, group } of defaultGroup) {
            it(`accepts a group that is ${title}: the default group, which needs no entry`, async () => {
                const response = await api.post("/service-connectors", shopifyConnector({ company_group: group }));
                assert.equal(response.status, 201, JSON.stringify(response.body));
                assert.equal(response.body.data.company_group, null);
            });
        }

        for (const group of ["es", " ES ", "u k", "ukk"]) {
            it(`refuses ${JSON.stringify(group)} with 422 naming it and listing the groups, and creates nothing`, async () => {
                const response = await api.post("/service-connectors", shopifyConnector({ company_group: group }));
                assert.equal(response.status, 422);
                assert.deepEqual(Object.keys(response.body.errors), ["company_group"]);
                const reason = response.body.errors.company_group.join(" ");
                assert.ok(reason.includes(`"${group.trim()}" is not a company group of this account`), reason);
                assert.match(reason, /its groups are: uk, FR, de\b/);
                assert.match(reason, /add it to the company profile first/);
                assert.equal((await api.get("/service-connectors")).body.meta.total, 0);
            });
        }

        it("is reported together with the body's other problems", async () => {
            const response = await api.post(
                "/service-connectors",
                shopifyConnector({ company_group: "es", name: "", timezone: "Mars/Olympus" }),
            );
            assert.equal(response.status, 422);
            assert.deepEqual(Object.keys(response.body.errors).sort(), ["company_group", "name", "timezone"]);
        });

        it("lists the first 20 groups of a large profile and says how many more there are", async () => {
            await emulator.addCompanyGroups(Array.from({ length: 30 }, (_, i) => `region-${i}`));
            const response = await api.post("/service-connectors", shopifyConnector({ company_group: "es" }));
            const reason = response.body.errors.company_group.join(" ");
            assert.match(reason, /its groups are: uk, FR, de, region-0, .*, region-16 and 13 more \(GET \/company-groups lists them all\)/);
            assert.ok(!reason.includes("region-17"), reason);
        });

        it("says so when the account has no groups at all", async () => {
            const bare = await startEmulator({ companyGroups: [] });
            try {
                const bareApi = apiClient(bare);
                assert.deepEqual((await bareApi.get("/company-groups")).body, { data: [] });
                const refused = await bareApi.post("/service-connectors", shopifyConnector({ company_group: "uk" }));
                assert.equal(refused.status, 422);
                assert.match(refused.body.errors.company_group.join(" "), /it has no company groups/);
                assert.equal((await bareApi.post("/service-connectors", shopifyConnector({ company_group: null }))).status, 201);
            } finally {
                await bare.stop();
            }
        });
    });

    describe("POST /__admin/company-groups", () => {
        it("adds groups, after the existing ones, and a connector may then use them", async () => {
            const profile = await emulator.addCompanyGroups(["es", "Nordics"]);
            const expected = [...PROFILE, { id: "4", name: "es" }, { id: "5", name: "Nordics" }];
            assert.deepEqual(profile, expected);
            assert.deepEqual(await groups(), { data: expected });
            const created = await api.post("/service-connectors", shopifyConnector({ company_group: "NORDICS" }));
            assert.equal(created.status, 201, JSON.stringify(created.body));
        });

        it("is idempotent: a group already there, in any spelling, is neither repeated nor renamed", async () => {
            const first = await emulator.addCompanyGroups(["es", " ES ", "Uk", "fr"]);
            const second = await emulator.addCompanyGroups(["ES", "es"]);
            const expected = [...PROFILE, { id: "4", name: "es" }];
            assert.deepEqual(first, expected);
            assert.deepEqual(second, expected);
            assert.deepEqual(await groups(), { data: expected });
        });

        const invalid: { title: string; body: unknown }[] = [
            { title: "no names", body: {} },
            { title: "names that are not a list", body: { names: "es" } },
            { title: "a blank name", body: { names: ["es", "  "] } },
            { title: "a name that is not a string", body: { names: [7] } },
            { title: "a name over 255 characters", body: { names: ["g".repeat(256)] } },
            { title: "an unknown field", body: { names: ["es"], colour: "red" } },
        ];
        for (const { title, body } of invalid) {
            it(`refuses ${title} with 400 and changes nothing`, async () => {
                const response = await fetch(`${emulator.url}/__admin/company-groups`, {
                    method: "POST",
                    headers: { "content-type": "application/json" },
                    body: JSON.stringify(body),
                });
                assert.equal(response.status, 400);
                assert.deepEqual(await groups(), { data: PROFILE });
            });
        }

        it("is never written to the request log", async () => {
            await emulator.addCompanyGroups(["es"]);
            assert.deepEqual(await emulator.requests(), []);
        });
    });

    it("reset restores the groups it was started with and forgets the ones added", async () => {
        await emulator.addCompanyGroups(["es"]);
        await emulator.reset();
        assert.deepEqual(await groups(), { data: PROFILE });
        const refused = await api.post("/service-connectors", shopifyConnector({ company_group: "es" }));
        assert.equal(refused.status, 422);
    });
});
