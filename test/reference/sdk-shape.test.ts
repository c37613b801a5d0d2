// The SDK reader behind schema.json: what it takes from a declaration, and that it refuses what it
// cannot map instead of guessing.
import { strict as assert } from "node:assert";
import { readConnectorShape } from "../../scripts/reference/sdk-shape";

const SOURCE = `
import * as pulumi from "@pulumi/pulumi";
/** The mode. */
export type Mode = "fast" | "safe";
export interface ConnectorArgs {
    /** Where it goes. */
    target: pulumi.Input<string>;
    mode?: pulumi.Input<Mode>;
    labels?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}
/** A thing. */
export class Connector extends pulumi.dynamic.Resource {
    declare public readonly target: pulumi.Output<string>;
    /** Set by the service. */
    declare public readonly ready: pulumi.Output<boolean | undefined>;
    constructor() { super(); }
}
`;

describe("reading the Connector's shape from the SDK source", () => {
    const shape = readConnectorShape(SOURCE);

    it("takes inputs from ConnectorArgs with optionality, doc comment and type", () => {
        assert.equal(shape.description, "A thing.");
        assert.deepEqual(shape.inputs, [
            { name: "target", optional: false, description: "Where it goes.", type: { kind: "string" } },
            {
                name: "mode",
                optional: true,
                description: undefined,
                type: { kind: "enum", name: "Mode", values: ["fast", "safe"], description: "The mode." },
            },
            { name: "labels", optional: true, description: undefined, type: { kind: "map" } },
        ]);
    });

    it("takes outputs from the class, `| undefined` meaning optional", () => {
        assert.deepEqual(shape.outputs, [
            { name: "target", optional: false, description: undefined, type: { kind: "string" } },
            { name: "ready", optional: true, description: "Set by the service.", type: { kind: "boolean" } },
        ]);
    });

    it("refuses a type it has no schema mapping for", () => {
        const source = SOURCE.replace("target: pulumi.Input<string>;", "target: pulumi.Input<number>;");
        assert.throws(() => readConnectorShape(source), /no schema type for "pulumi\.Input<number>"/);
    });

    it("refuses a source without ConnectorArgs", () => {
        assert.throws(() => readConnectorShape("export class Connector {}"), /no declaration named ConnectorArgs/);
    });
});
