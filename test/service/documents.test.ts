// Shared mapping documents (CONTRACT 7, fact sheet 3.6): their names, the one inferred encoding, and
// the stack's declarations: two services sharing a document must declare the same mappings.
import { strict as assert } from "node:assert";
import { MappingDeclarations } from "../../provider/service/account";
import {
    decodeMappings,
    declaredDocument,
    defaultDocumentName,
    documentsResetByCreate,
    encodeMappings,
} from "../../provider/service/documents";
import { exampleInputs, template } from "./fixtures";

describe("mapping documents", () => {
    const names: [string, "pull" | "push", string, string][] = [
        ["Shopify", "pull", "Orders", "shopify_pull_orders"],
        ["Dynamics Nav", "push", "Purchase Orders", "dynamics_nav_push_purchase_orders"],
        ["Magentotwo", "push", "Stock", "magentotwo_push_stock"],
    ];
    for (const [system, direction, entity, expected] of names) {
        it(`names ${system}/${direction}/${entity} "${expected}"`, () => {
            assert.equal(defaultDocumentName(system, direction, entity), expected);
        });
    }

    it("a create resets both sides' documents, ids prefixed with the group username; Fabric's own default name wins", () => {
        const t = template("4", {});
        t.destination.defaultMapName = "NetSuite_Push_Sales_Orders";
        assert.deepEqual(documentsResetByCreate("uk_store", t.source, t.destination), [
            { direction: "pull", name: "shopify_pull_orders", id: "uk_store_shopify_pull_orders" },
            { direction: "push", name: "netsuite_push_sales_orders", id: "uk_store_netsuite_push_sales_orders" },
        ]);
        assert.deepEqual(declaredDocument("uk_store", template("4").destination), {
            name: "netsuite_push_orders",
            id: "uk_store_netsuite_push_orders",
        });
    });

    it("encodes the declared rows and reads them back unchanged, whatever the key order", () => {
        const rows = exampleInputs().mappings ?? [];
        assert.deepEqual(decodeMappings(encodeMappings(rows)), [
            { source: "email", destination: "customer.email", transforms: [] },
            { source: "created_at", destination: "tran_date", transforms: [{ function: "format_date", args: { format: "Y-m-d" } }] },
        ]);
        assert.equal(
            encodeMappings([{ destination: "a", source: "b" }]),
            encodeMappings([{ source: "b", destination: "a", transforms: [] }]),
        );
    });

    const foreign: [string, string][] = [
        ["not JSON", "{oops"],
        ["an object (Fabric's test document)", '{"testA": "testB"}'],
        ["rows without a destination", '[{"source": "a"}]'],
    ];
    for (const [what, content] of foreign) {
        it(`does not read content that is ${what} as rows`, () => {
            assert.equal(decodeMappings(content), undefined);
        });
    }

    describe("the stack's declarations", () => {
        const rows = [{ source: "a", destination: "b" }];
        const other = [{ source: "a", destination: "c" }];

        it("two services declaring the same content share a document without conflict", () => {
            const declarations = new MappingDeclarations();
            assert.equal(declarations.declare("doc", { name: "A" }, rows), undefined);
            assert.equal(declarations.declare("doc", { name: "B" }, rows), undefined);
            assert.deepEqual(declarations.declared("doc"), rows);
        });

        it("different content names the other service", () => {
            const declarations = new MappingDeclarations();
            declarations.declare("doc", { name: "A", serviceId: "1" }, rows);
            assert.deepEqual(declarations.declare("doc", { name: "B" }, other), { name: "A", serviceId: "1" });
        });

        it("one service checked twice (preview, then its replacement) is not its own conflict", () => {
            const declarations = new MappingDeclarations();
            declarations.declare("doc", { name: "A" }, rows);
            assert.equal(declarations.declare("doc", { name: "A" }, other), undefined);
            assert.deepEqual(declarations.declared("doc"), other);
        });
    });
});
