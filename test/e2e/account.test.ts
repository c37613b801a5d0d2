// The account as a program reads it, under the real Pulumi engine: getConnector, getConnectors and
// getCompanyGroups (and their Output forms) find what was made in the dashboard, answer from one
// read of each list, never return a credential value, and fail in one line when nothing matches.
import { strict as assert } from "node:assert";
import type * as pulumi from "@pulumi/pulumi";
import { getCompanyGroups, getConnector, getConnectorOutput, getConnectors, getCompanyGroupsOutput } from "../../sdk";
import { assertNoStackTrace } from "../reliability/harness";
import { e2eWorld } from "../support/e2e-world";
import { postConnector } from "./lifecycle-suite";

describe("end to end: the account (lookups)", function () {
    this.timeout(240_000);
    const world = e2eWorld();
    const { scan, output, newStack } = world;

    /** Three connectors made in the dashboard, with secrets the lookups must never return. */
    async function dashboard(): Promise<Record<string, string>> {
        const made: Record<string, string> = {};
        const rows = [
            {
                key: "pvx",
                factoryName: "Peoplevox",
                group: "uk_store",
                environment: "live",
                credentials: { client_id: "ACME", username: "ops", password: scan.book.make("pvx"), url: "https://acme.peoplevox.net" },
            },
            {
                key: "veeqo-uk",
                factoryName: "Veeqo",
                group: "uk_store",
                environment: "test",
                credentials: { token: scan.book.make("veeqo-uk") },
            },
            {
                key: "veeqo-fr",
                factoryName: "Veeqo",
                group: "france_store",
                environment: "live",
                credentials: { token: scan.book.make("veeqo-fr") },
            },
        ];
        for (const row of rows) {
            const answer = await postConnector(world.api, { ...row, name: `Dashboard ${row.key}`, authType: "basic_auth" });
            assert.equal(answer.status, 201, JSON.stringify(answer.body));
            made[row.key] = answer.body.data.id;
        }
        return made;
    }

    it("finds dashboard connectors and groups by name or username, with no credential, reading each list once", async () => {
        const made = await dashboard();
        const testStack = await newStack(async () => {
            const pvx = await getConnector({ system: "descartes-peoplevox", environment: "live", companyGroup: " uk store " });
            const viaOutput = getConnectorOutput({ system: "veeqo", environment: "test", companyGroup: "uk_store" });
            const veeqos = await getConnectors({ system: "veeqo" });
            const uk = await getConnectors({ companyGroup: "UK Store" });
            const groups = await getCompanyGroups();
            const groupsOut = getCompanyGroupsOutput();
            return {
                pvx,
                viaOutput,
                veeqos: veeqos.map((c) => c.connectorId).sort(),
                uk: uk.map((c) => c.connectorId).sort(),
                groups: groups.length,
                uk_store: groups.find((g) => g.username === "uk_store"),
                groupsOut: groupsOut.apply((all) => all.length) as pulumi.Output<number>,
            };
        });
        const result = await scan.transcript.run(testStack.stack.up(output()));
        const outputs = Object.fromEntries(Object.entries(result.outputs).map(([k, v]) => [k, v.value]));
        assert.equal(outputs.pvx.connectorId, made.pvx);
        assert.equal(outputs.pvx.name, "Dashboard pvx");
        assert.equal(outputs.pvx.companyGroup, "uk_store");
        assert.equal(outputs.pvx.authType, "basic_auth");
        assert.equal(outputs.pvx.credentials, undefined, "no credentials in a lookup");
        assert.equal(outputs.viaOutput.connectorId, made["veeqo-uk"]);
        assert.deepEqual(outputs.veeqos, [made["veeqo-fr"], made["veeqo-uk"]].sort());
        assert.deepEqual(outputs.uk, [made.pvx, made["veeqo-uk"]].sort());
        const groups = await world.api.integrations();
        assert.equal(outputs.groups, groups.length);
        assert.equal(outputs.groupsOut, groups.length);
        assert.equal(outputs.uk_store.companyGroupId, String(groups.find((g) => g.username === "uk_store")?.id));
        const log = await world.emulator.requests();
        const keyReads = log.filter((r) => r.auth === "key" && r.path === "/api/v2/connectors");
        assert.equal(keyReads.length, 1, "the lookups share one GET /api/v2/connectors");
        assert.deepEqual(
            log.filter((r) => r.auth === "key" && r.method !== "GET"),
            [],
            "lookups write nothing",
        );
    });

    it("fails the program in one line when the account has no such connector, or no such group", async () => {
        await dashboard();
        for (const lookup of [
            () => getConnector({ system: "shopify", environment: "live", companyGroup: "UK Store" }),
            () => getConnector({ system: "veeqo", environment: "live", companyGroup: "Mars" }),
        ]) {
            const testStack = await newStack(async () => {
                await lookup();
            });
            const message = await scan.transcript.failure(testStack.stack.preview(output()));
            assertNoStackTrace(message);
            assert.match(message, /shopify|Mars/);
        }
    });
});
