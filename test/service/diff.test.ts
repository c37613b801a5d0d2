// Replace or update, per path (CONTRACT 7): what Fabric cannot change after the create replaces the
// service (created first); the rest is a PUT. Equal values in another spelling change nothing.
import { strict as assert } from "node:assert";
import { unknownValue } from "@pulumi/pulumi/runtime";
import { diffService } from "../../provider/service/diff";
import type { ServiceInputs } from "../../provider/service/types";
import { exampleInputs } from "./fixtures";

type Change = (inputs: ServiceInputs) => void;

const cases: [string, Change, "replace" | "update" | "none", string[]][] = [
    ["the source connector", (i) => (i.source.connectorId = "uk_store|9"), "replace", ["source"]],
    ["the destination connector", (i) => (i.destination.connectorId = "uk_store|9"), "replace", ["destination"]],
    ["the source entity", (i) => (i.source.entity = "Products"), "replace", ["source"]],
    ["the destination entity", (i) => (i.destination.entity = "CashSales"), "replace", ["destination"]],
    [
        "the group (both connectors)",
        (i) => {
            i.source.connectorId = "fr_store|1";
            i.destination.connectorId = "fr_store|2";
        },
        "replace",
        ["source", "destination"],
    ],
    ["the page size", (i) => (i.source.pageSize = 100), "replace", ["source"]],
    ["the attempts", (i) => (i.source.maxAttempts = 5), "replace", ["source"]],
    ["the source time zone", (i) => (i.source.timezone = "UTC"), "replace", ["source"]],
    ["the name", (i) => (i.name = "Renamed"), "update", []],
    ["the schedule", (i) => (i.schedule = "@daily"), "update", []],
    ["a filter value", (i) => (i.filters[0].value = "pending"), "update", []],
    ["the mappings", (i) => (i.mappings = [{ destination: "x" }]), "update", []],
    ["active", (i) => (i.active = false), "update", []],
    ["the destination options", (i) => (i.destination.options = { origin: "web" }), "update", []],
    ["the entity's case", (i) => (i.source.entity = "ORDERS"), "none", []],
    ["the filters' order", (i) => i.filters.reverse(), "none", []],
    ["page size left out (the service keeps its own)", (i) => delete i.source.pageSize, "none", []],
    ["mappings left out (the document is not managed)", (i) => delete i.mappings, "none", []],
    ["a filter type left out (the field's own)", (i) => delete i.filters[1].type, "none", []],
    ["adopt", (i) => (i.adopt = true), "none", []],
    ["the connector's declared group name", (i) => (i.source.companyGroup = "uk store"), "none", []],
    ["a source connector not known yet", (i) => (i.source.connectorId = unknownValue as string), "replace", ["source"]],
    ["a name not known yet", (i) => (i.name = unknownValue as string), "update", []],
];

describe("service diff", () => {
    for (const [what, change, kind, replaces] of cases) {
        it(`${what}: ${kind}`, () => {
            const result = diffService(exampleInputs(), exampleInputs(change));
            assert.equal(result.changes, kind !== "none", JSON.stringify(result));
            assert.deepEqual(result.replaces, replaces);
            assert.equal(result.updatePaths.length > 0, kind === "update", JSON.stringify(result));
            assert.equal(result.deleteBeforeReplace, false);
        });
    }

    it("a filter value given as a number equals the text Fabric returns", () => {
        const olds = exampleInputs((i) => (i.filters = [{ field: "qty", operator: ">", type: "integer", value: "5" }]));
        const news = exampleInputs((i) => (i.filters = [{ field: "qty", operator: ">", type: "integer", value: 5 }]));
        assert.equal(diffService(olds, news).changes, false);
    });

    it("names the exact paths behind a replacement and an update", () => {
        const result = diffService(
            exampleInputs(),
            exampleInputs((i) => {
                i.source.pageSize = 10;
                i.name = "New name";
                i.destination.options = { a: 1 };
            }),
        );
        assert.deepEqual(result.replacePaths, ["source.pageSize"]);
        assert.deepEqual(result.updatePaths, ["name", "destination.options"]);
    });
});
