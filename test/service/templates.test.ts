// Which template a Service is built from (CONTRACT 7): the account's, the group's own before the
// global ones and enabled first; none lists where the source entity can go; the bundled catalog
// answers by factory names.
import { strict as assert } from "node:assert";
import { candidateTemplates, chooseBundledTemplate, chooseTemplate, type TemplateQuery } from "../../provider/service/templates";
import { template } from "./fixtures";

const query: TemplateQuery = {
    groupId: "7",
    source: { systemId: "12", systemFactoryName: "Shopify", entity: "orders" },
    destination: { systemId: "30", systemFactoryName: "Netsuite", entity: "ORDERS" },
};

describe("service template choice", () => {
    const orderCases: [string, ReturnType<typeof template>[], string][] = [
        ["the only one", [template("1")], "1"],
        ["the group's own before a global one", [template("1"), template("2", { groupId: "7" })], "2"],
        ["an enabled one before a disabled one", [template("1", { enabled: false }), template("2")], "2"],
        [
            "an enabled global one before the group's own disabled one",
            [template("1", { groupId: "7", enabled: false }), template("2")],
            "2",
        ],
        ["never another group's own", [template("1", { groupId: "8" }), template("2")], "2"],
        ["the first listed among equals", [template("3"), template("2")], "3"],
    ];
    for (const [what, templates, id] of orderCases) {
        it(`takes ${what}`, () => {
            const choice = chooseTemplate(templates, query);
            assert.ok("template" in choice, JSON.stringify(choice));
            assert.equal(choice.template.id, id);
        });
    }

    it("orders candidates in one place: own enabled, global enabled, own disabled, global disabled", () => {
        const ordered = candidateTemplates(
            [
                template("g-off", { enabled: false }),
                template("g-on"),
                template("own-off", { groupId: "7", enabled: false }),
                template("own-on", { groupId: "7" }),
            ],
            "7",
        );
        assert.deepEqual(
            ordered.map((t) => t.id),
            ["own-on", "g-on", "own-off", "g-off"],
        );
    });

    it("matches by factory names where the connector gives no system id", () => {
        const choice = chooseTemplate([template("1")], { ...query, source: { systemFactoryName: "shopify", entity: "Orders" } });
        assert.ok("template" in choice);
    });

    it("without a match, lists where the source entity can go, on destination.entity", () => {
        const products = template("5", { destination: { id: "d", systemId: "40", systemFactoryName: "Peoplevox", factory: "Orders" } });
        const choice = chooseTemplate([template("1"), products], {
            ...query,
            destination: { systemId: "99", systemFactoryName: "Veeqo", entity: "Orders" },
        });
        assert.deepEqual(choice, {
            property: "destination.entity",
            problem:
                "Patchworks has no service template from Shopify orders to Veeqo Orders; orders from that source can go to: Netsuite Orders, Peoplevox Orders",
        });
    });

    it("without a template from the source entity, lists the entities the source offers, on source.entity", () => {
        const choice = chooseTemplate([template("1")], { ...query, source: { ...query.source, entity: "Refunds" } });
        assert.deepEqual(choice, {
            property: "source.entity",
            problem: "Patchworks has no service template from Shopify Refunds in this account; source.entity takes one of: Orders",
        });
    });

    it("the bundled catalog knows Fabric's seeded templates by factory name", () => {
        const choice = chooseBundledTemplate({
            source: { systemFactoryName: "Shopify", entity: "orders" },
            destination: { systemFactoryName: "Seko", entity: "Orders" },
        });
        assert.ok("template" in choice);
        const none = chooseBundledTemplate({
            source: { systemFactoryName: "Shopify", entity: "orders" },
            destination: { systemFactoryName: "Veeqo", entity: "Orders" },
        });
        assert.ok("problem" in none);
        assert.match(
            none.problem,
            /^the bundled catalog has no service template from Shopify orders to Veeqo Orders; orders from that source can go to: .*Seko Orders/,
        );
    });
});
