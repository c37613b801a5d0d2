// The SDK reader behind schema.json: what it takes from a declaration, how it follows the types a
// file imports, and that it refuses what it cannot map instead of guessing.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "../../scripts/generate-reference";
import { SDK_RESOURCES } from "../../scripts/reference/schema";
import { readResourceShape, type ReadSource, type ResourceSource, type ShapeType } from "../../scripts/reference/sdk-shape";

const MODEL = `
export const MODES = ["fast", "safe"] as const;
export type Mode = (typeof MODES)[number];
/** How it is started. */
export type Start = { schedule: string } | { webhook: true };
export interface Resolved {
    id: string;
    /** Where it went. */
    target: string;
    size?: number;
}
`;

const SDK = `
import * as pulumi from "@pulumi/pulumi";
import { type Mode, type Start } from "../model/mode";
import { Other } from "./other";

/** Label. */
export type Level = "low" | "high";

export interface BaseArgs {
    /** A base field. */
    base: pulumi.Input<string>;
}
export interface PartArgs extends BaseArgs {
    count?: pulumi.Input<number>;
    peer: Other | { id: pulumi.Input<string> };
}
export interface ThingArgs {
    /** Where it goes. */
    target: pulumi.Input<string>;
    mode?: pulumi.Input<Mode>;
    level?: pulumi.Input<Level>;
    labels?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    values?: pulumi.Input<Record<string, pulumi.Input<string | number | boolean>>>;
    parts?: pulumi.Input<pulumi.Input<PartArgs>[]>;
    start?: pulumi.Input<Start>;
    alert?: pulumi.Input<{ group: pulumi.Input<string> }>;
}
/** A thing. */
export class Thing extends pulumi.dynamic.Resource {
    declare public readonly target: pulumi.Output<string>;
    /** Set by the service. */
    declare public readonly ready: pulumi.Output<boolean | undefined>;
    declare public readonly tags: pulumi.Output<string[]>;
    declare public readonly alert: pulumi.Output<{ group: string } | undefined>;
    declare public readonly resolved: pulumi.Output<Record<string, unknown>>;
    constructor() { super(); }
}
`;

const OTHER = `
import * as pulumi from "@pulumi/pulumi";
export class Other extends pulumi.dynamic.Resource {}
`;

function files(overrides: Record<string, string> = {}): ReadSource {
    const all: Record<string, string> = { "sdk/thing.ts": SDK, "sdk/other.ts": OTHER, "model/mode.ts": MODEL, ...overrides };
    return (file) => {
        if (all[file] === undefined) throw new Error(`no file ${file}`);
        return all[file];
    };
}

const THING: ResourceSource = {
    file: "sdk/thing.ts",
    resource: "Thing",
    looseOutputs: { resolved: { file: "model/mode.ts", type: "Resolved", name: "ResolvedThing" } },
};

const input = (name: string) => {
    const found = readResourceShape(files(), THING).inputs.find((p) => p.name === name);
    assert.ok(found, name);
    return found;
};
const output = (name: string) => {
    const found = readResourceShape(files(), THING).outputs.find((p) => p.name === name);
    assert.ok(found, name);
    return found;
};
const objectProperties = (type: ShapeType) => {
    assert.equal(type.kind, "object");
    return type.kind === "object" ? type.properties.map((p) => `${p.name}${p.optional ? "?" : ""}: ${p.type.kind}`) : [];
};

describe("reading a resource's shape from the SDK source", () => {
    it("takes inputs from <Resource>Args with optionality, doc comment and type", () => {
        const shape = readResourceShape(files(), THING);
        assert.equal(shape.name, "Thing");
        assert.equal(shape.description, "A thing.");
        assert.deepEqual(input("target"), { name: "target", optional: false, description: "Where it goes.", type: { kind: "string" } });
        assert.deepEqual(input("labels").type, { kind: "map", values: { kind: "string" } });
        assert.deepEqual(input("values").type, {
            kind: "map",
            values: { kind: "union", members: [{ kind: "string" }, { kind: "number" }, { kind: "boolean" }] },
        });
    });

    it("follows imported aliases: a string-literal union or the values of a const array is an enum", () => {
        assert.deepEqual(input("level").type, { kind: "enum", name: "Level", values: ["low", "high"], description: "Label." });
        assert.deepEqual(input("mode").type, { kind: "enum", name: "Mode", values: ["fast", "safe"], description: undefined });
    });

    it("makes an interface an object type named without Args, its base's properties first", () => {
        const parts = input("parts").type;
        assert.equal(parts.kind, "array");
        if (parts.kind !== "array") return;
        assert.equal(parts.items.kind === "object" && parts.items.name, "Part");
        assert.deepEqual(objectProperties(parts.items), ["base: string", "count?: number", "peer: union"]);
    });

    it("makes a resource class a reference, and a union with a literal a union named by its place", () => {
        const parts = input("parts").type;
        const part = parts.kind === "array" && parts.items.kind === "object" ? parts.items : undefined;
        const peer = part?.properties.find((p) => p.name === "peer")?.type;
        assert.deepEqual(peer, {
            kind: "union",
            members: [
                { kind: "resource", name: "Other" },
                {
                    kind: "object",
                    name: "PartPeer",
                    properties: [{ name: "id", optional: false, description: undefined, type: { kind: "string" } }],
                    exclusive: false,
                },
            ],
        });
    });

    it("makes a union of object literals one object whose properties are exclusive and optional", () => {
        const start = input("start").type;
        assert.equal(start.kind === "object" && start.exclusive, true);
        assert.equal(start.kind === "object" && start.name, "Start");
        assert.equal(start.kind === "object" && start.description, "How it is started.");
        assert.deepEqual(objectProperties(start), ["schedule?: string", "webhook?: boolean"]);
    });

    it("takes outputs from the class, `| undefined` meaning optional, literals named as the input at their path", () => {
        assert.deepEqual(output("target"), { name: "target", optional: false, description: undefined, type: { kind: "string" } });
        assert.deepEqual(output("ready"), { name: "ready", optional: true, description: "Set by the service.", type: { kind: "boolean" } });
        assert.deepEqual(output("tags").type, { kind: "array", items: { kind: "string" } });
        const alert = output("alert");
        assert.equal(alert.optional, true);
        assert.equal(alert.type.kind === "object" && alert.type.name, "ThingAlert");
        assert.equal(input("alert").type.kind === "object" && (input("alert").type as { name: string }).name, "ThingAlert");
    });

    it("reads a loosely declared output from the type it names, under its own schema name", () => {
        const resolved = output("resolved").type;
        assert.equal(resolved.kind === "object" && resolved.name, "ResolvedThing");
        assert.deepEqual(objectProperties(resolved), ["id: string", "target: string", "size?: number"]);
    });

    it("refuses a loose output without a type to read it from, and an override that is no longer needed", () => {
        assert.throws(
            () => readResourceShape(files(), { ...THING, looseOutputs: undefined }),
            /sdk\/thing\.ts: no schema type for "Record<string, unknown>"/,
        );
        const precise = SDK.replace("pulumi.Output<Record<string, unknown>>", "pulumi.Output<string>");
        assert.throws(() => readResourceShape(files({ "sdk/thing.ts": precise }), THING), /resolved is no longer Record<string, unknown>/);
    });

    it("refuses a type it has no schema mapping for, naming the file", () => {
        const source = SDK.replace("target: pulumi.Input<string>;", "target: pulumi.Input<Date>;");
        assert.throws(() => readResourceShape(files({ "sdk/thing.ts": source }), THING), /sdk\/thing\.ts: no declaration named Date/);
        const bigint = SDK.replace("target: pulumi.Input<string>;", "target: pulumi.Input<bigint>;");
        assert.throws(
            () => readResourceShape(files({ "sdk/thing.ts": bigint }), THING),
            /no schema type for "bigint"; extend scripts\/reference\/sdk-shape\.ts/,
        );
    });

    it("refuses a type from another package and a source without <Resource>Args", () => {
        const imported = SDK.replace('import { Other } from "./other";', 'import { Other } from "@acme/other";');
        assert.throws(() => readResourceShape(files({ "sdk/thing.ts": imported }), THING), /Other comes from the package "@acme\/other"/);
        assert.throws(() => readResourceShape(files({ "sdk/thing.ts": "export class Thing {}" }), THING), /no declaration named ThingArgs/);
    });

    it("reads the repository's CompanyGroup, Connector and Service", () => {
        const read: ReadSource = (file) => readFileSync(path.join(REPO_ROOT, file), "utf8");
        const service = readResourceShape(read, SDK_RESOURCES.service);
        const source = service.inputs.find((p) => p.name === "source")?.type;
        assert.equal(source?.kind === "object" && source.name, "ServiceSource");
        const connector = readResourceShape(read, SDK_RESOURCES.connector);
        assert.deepEqual(connector.inputs.find((p) => p.name === "environment")?.type, {
            kind: "enum",
            name: "Environment",
            values: ["live", "test"],
            description: undefined,
        });
        const group = readResourceShape(read, SDK_RESOURCES.companyGroup);
        // A parent is another CompanyGroup in the program, and its companyGroupId once made.
        assert.deepEqual(group.inputs.find((p) => p.name === "parent")?.type, { kind: "resource", name: "CompanyGroup" });
        assert.deepEqual(
            group.outputs.find((p) => p.name === "parent"),
            {
                name: "parent",
                optional: true,
                description: "The parent group's companyGroupId.",
                type: { kind: "string" },
            },
        );
    });
});
