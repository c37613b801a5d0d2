// Reads the Connector's inputs and outputs from the SDK source (sdk/connector.ts): names,
// optionality, doc comments and types. schema.json is generated from what users compile against,
// so a new argument or a reworded doc comment reaches the schema without a second copy to forget.
import ts from "typescript";

export type ShapeType =
    | { readonly kind: "string" }
    | { readonly kind: "boolean" }
    /** A string-literal union declared in the same file, e.g. `type Environment = "live" | "test"`. */
    | { readonly kind: "enum"; readonly name: string; readonly values: readonly string[]; readonly description?: string }
    /** `Record<string, string>`: a map of strings. */
    | { readonly kind: "map" };

export interface ShapeProperty {
    readonly name: string;
    /** `?` on an input, `| undefined` on an output. */
    readonly optional: boolean;
    readonly description?: string;
    readonly type: ShapeType;
}

export interface ConnectorShape {
    readonly description?: string;
    readonly inputs: readonly ShapeProperty[];
    readonly outputs: readonly ShapeProperty[];
}

type Aliases = ReadonlyMap<string, ts.TypeAliasDeclaration>;

function docComment(node: ts.Node): string | undefined {
    const texts = ts
        .getJSDocCommentsAndTags(node)
        .filter(ts.isJSDoc)
        .map((doc) => ts.getTextOfJSDocComment(doc.comment)?.trim())
        .filter((text): text is string => !!text);
    return texts.length > 0 ? texts.join("\n\n") : undefined;
}

/** `pulumi.Input<T>` and `pulumi.Output<T>` are how the SDK spells eventual values; the schema means T. */
function unwrapEventual(node: ts.TypeNode): ts.TypeNode {
    if (
        ts.isTypeReferenceNode(node) &&
        ts.isQualifiedName(node.typeName) &&
        node.typeName.left.getText() === "pulumi" &&
        ["Input", "Output"].includes(node.typeName.right.text) &&
        node.typeArguments?.length === 1
    ) {
        return node.typeArguments[0];
    }
    return node;
}

function withoutUndefined(node: ts.TypeNode): { node: ts.TypeNode; hadUndefined: boolean } {
    if (!ts.isUnionTypeNode(node)) return { node, hadUndefined: false };
    const defined = node.types.filter((t) => t.kind !== ts.SyntaxKind.UndefinedKeyword);
    if (defined.length !== 1) return { node, hadUndefined: false };
    return { node: defined[0], hadUndefined: defined.length < node.types.length };
}

function stringLiterals(node: ts.TypeNode): string[] | undefined {
    const members = ts.isUnionTypeNode(node) ? [...node.types] : [node];
    const values = members.map((m) => (ts.isLiteralTypeNode(m) && ts.isStringLiteral(m.literal) ? m.literal.text : undefined));
    return values.every((v) => v !== undefined) ? (values as string[]) : undefined;
}

function isStringType(node: ts.TypeNode): boolean {
    return unwrapEventual(node).kind === ts.SyntaxKind.StringKeyword;
}

function shapeType(node: ts.TypeNode, aliases: Aliases): ShapeType {
    const inner = unwrapEventual(node);
    if (inner.kind === ts.SyntaxKind.StringKeyword) return { kind: "string" };
    if (inner.kind === ts.SyntaxKind.BooleanKeyword) return { kind: "boolean" };
    if (ts.isTypeReferenceNode(inner) && ts.isIdentifier(inner.typeName)) {
        const name = inner.typeName.text;
        const args = inner.typeArguments ?? [];
        if (name === "Record" && args.length === 2 && args.every(isStringType)) return { kind: "map" };
        const alias = aliases.get(name);
        const values = alias && stringLiterals(alias.type);
        if (values) return { kind: "enum", name, values, description: docComment(alias) };
    }
    // Failing here is the point: a new kind of argument needs a deliberate schema mapping.
    throw new Error(`sdk/connector.ts: no schema type for "${node.getText()}"; extend scripts/reference/sdk-shape.ts`);
}

function inputProperty(member: ts.TypeElement, aliases: Aliases): ShapeProperty {
    if (!ts.isPropertySignature(member) || !member.type || !ts.isIdentifier(member.name)) {
        throw new Error(`sdk/connector.ts: ConnectorArgs member "${member.getText()}" is not a plain property`);
    }
    return {
        name: member.name.text,
        optional: member.questionToken !== undefined,
        description: docComment(member),
        type: shapeType(member.type, aliases),
    };
}

function outputProperty(member: ts.PropertyDeclaration, aliases: Aliases): ShapeProperty {
    const { node, hadUndefined } = withoutUndefined(unwrapEventual(member.type as ts.TypeNode));
    return {
        name: member.name.getText(),
        optional: hadUndefined || member.questionToken !== undefined,
        description: docComment(member),
        type: shapeType(node, aliases),
    };
}

function findDeclaration<T extends ts.Node>(file: ts.SourceFile, test: (node: ts.Node) => node is T, name: string): T {
    const found = file.statements.find(
        (s): s is ts.Statement & T => test(s) && (s as unknown as { name?: ts.Identifier }).name?.text === name,
    );
    if (!found) throw new Error(`sdk/connector.ts: no declaration named ${name}`);
    return found;
}

/** The Connector resource as sdk/connector.ts declares it: `ConnectorArgs` and the class's output properties. */
export function readConnectorShape(sourceText: string): ConnectorShape {
    const file = ts.createSourceFile("connector.ts", sourceText, ts.ScriptTarget.ES2022, true);
    const aliases: Aliases = new Map(
        file.statements.filter(ts.isTypeAliasDeclaration).map((alias) => [alias.name.text, alias]),
    );
    const args = findDeclaration(file, ts.isInterfaceDeclaration, "ConnectorArgs");
    const connector = findDeclaration(file, ts.isClassDeclaration, "Connector");
    return {
        description: docComment(connector),
        inputs: args.members.map((member) => inputProperty(member, aliases)),
        outputs: connector.members
            .filter((m): m is ts.PropertyDeclaration => ts.isPropertyDeclaration(m) && m.type !== undefined)
            .map((member) => outputProperty(member, aliases)),
    };
}
