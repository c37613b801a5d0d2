// The Connector's provider methods over one runtime (one provider process) and the fake Fabric:
// what check says at preview, how many reads a run costs, and what never leaves the process.
import { strict as assert } from "node:assert";
import * as companyGroup from "../../provider/company-group/provider";
import * as connector from "../../provider/connector/provider";
import { useRuntime } from "../../provider/runtime";
import { SHOPIFY_TOKEN, shopifyInputs } from "../support/connector-inputs";
import { assertNoSecret } from "./secrets";
import { fakeWorld, type World } from "./world";

describe("connector provider (fake Fabric)", () => {
    let world: World;
    beforeEach(() => {
        world = fakeWorld();
        useRuntime(world.runtime);
    });

    it("checks many connectors with one read of systems, groups and connectors", async () => {
        for (const environment of ["live", "test"]) {
            for (const companyGroup of ["uk_store", "France Store"]) {
                const { failures } = await connector.check({}, shopifyInputs({ environment, companyGroup }));
                assert.deepEqual(failures, []);
            }
        }
        assert.deepEqual(world.fabric.sent(), [
            "GET /systems?include=systemAuthorisationTypes.authorisationType",
            "GET /integrations?page=1",
            "GET /connectors",
        ]);
    });

    it("fails the preview of a new connector whose key the account holds, naming it", async () => {
        const id = world.fabric.addConnector({
            username: "uk_store",
            factoryName: "Shopify",
            environment: "live",
            name: "Made in the dashboard",
        });
        const { failures } = await connector.check({}, shopifyInputs());
        // The whole resource's problem: no property, so the engine prints the reason without a value.
        assert.equal(failures[0]?.property, "");
        assert.match(
            failures[0].reason,
            new RegExp(`${id.replace("|", "\\|")} \\("Made in the dashboard"\\), the live shopify connector in company group "uk_store"`),
        );
    });

    it("passes the next preview of a connector in the state: Pulumi hands check its old inputs, which hold no companyGroupId", async () => {
        world.fabric.addConnector({ username: "uk_store", factoryName: "Shopify", environment: "live", name: "Shopify UK" });
        const { failures } = await connector.check(
            shopifyInputs({ companyGroup: "UK Store" }),
            shopifyInputs({ companyGroup: "UK Store" }),
        );
        assert.deepEqual(failures, []);
    });

    it("passes a connector in a group a CompanyGroup of this run creates", async () => {
        await companyGroup.check({}, { name: "Spain Store" });
        for (const declared of ["spain_store", "Spain Store"]) {
            const { failures } = await connector.check({}, shopifyInputs({ companyGroup: declared }));
            assert.deepEqual(failures, [], declared);
        }
    });

    it("checks a connector of the state, given its old inputs as the engine hands them, as its own key, not a duplicate", async () => {
        world.fabric.addConnector({ username: "uk_store", factoryName: "Shopify", environment: "live", name: "Shopify UK" });
        for (const spelling of ["uk_store", "UK Store"]) {
            const { failures } = await connector.check(
                shopifyInputs({ companyGroup: spelling }),
                shopifyInputs({ name: "Shopify UK (renamed)" }),
            );
            assert.deepEqual(failures, [], spelling);
        }
    });

    it("fails the preview for a group the account lacks, listing its groups", async () => {
        const { failures } = await connector.check({}, shopifyInputs({ companyGroup: "Spain" }));
        assert.deepEqual(
            failures.map((f) => f.property),
            ["companyGroup"],
        );
        assert.match(failures[0].reason, /"Spain" is not a company group .*"UK Store" \(username uk_store\)/);
    });

    it("says at preview which stored keys an auth type change leaves behind", async () => {
        const olds = {
            ...shopifyInputs({
                authType: "basic_auth",
                credentials: { store: "s.myshopify.com", api_key: "k-1-secret", password: "p-1-secret", shared_secret: "s-1-secret" },
            }),
            connectorId: "uk_store|1",
            companyGroupId: "1",
            systemId: "7",
        };
        await connector.check(olds, shopifyInputs());
        assert.match(
            world.diagnostics.map((d) => d.message).join("\n"),
            /leaves the stored credential keys api_key, password, shared_secret in Patchworks/,
        );
    });

    it("does not replace a connector whose companyGroup is now spelled with the group's name", async () => {
        const olds = {
            ...shopifyInputs(),
            connectorId: "uk_store|1",
            companyGroupId: "1",
            systemId: "7",
            adopt: false,
            credentialsChanged: [],
        };
        const { inputs } = await connector.check(olds, shopifyInputs({ companyGroup: "UK Store" }));
        const result = await connector.diff(olds as never, inputs);
        assert.deepEqual(result.replaces, []);
    });

    it("never prints a secret Fabric returns in clear", async () => {
        world.fabric.maskingGaps = true;
        world.fabric.addConnector({
            username: "uk_store",
            factoryName: "Shopify",
            environment: "live",
            authType: "basic_auth",
            credentials: { store: "s.myshopify.com", password: "clear-from-fabric-77" },
        });
        await world.runtime.connectors.get();
        assertNoSecret(world.runtime.secrets.redact("Fabric said clear-from-fabric-77"), ["clear-from-fabric-77"], "a redacted message");
    });

    it("refreshes without secrets from Fabric, and hands the inputs back", async () => {
        const { inputs } = await connector.check({}, shopifyInputs());
        const { id, outs } = await connector.create(inputs);
        world.fabric.maskingGaps = true;
        const read = await connector.read(id, outs);
        assert.equal(read.id, id);
        assert.equal(read.props?.credentials?.access_token, SHOPIFY_TOKEN);
        assert.equal("connectorId" in (read.inputs ?? {}), false);
    });
});
