// Reads a resource's inputs and outputs from the SDK source: `<Resource>Args` and the class's
// output properties, with names, optionality, doc comments and types, following each type it names
// into the file it is imported from. schema.json is generated from what users compile against, so
// a new argument or a reworded doc comment reaches the schema without a second copy to forget.
//
// Every kind of type maps to the schema deliberately, and anything else fails the generation:
//   string, boolean, number                   the schema's primitives (`true` alone is a boolean)
//   "a" | "b", (typeof VALUES)[number]        an enum type, named after its type alias
//   Record<string, T>                         a map of T
//   T[], Array<T>                             an array of T
//   an interface, a type literal              an object type (an interface `XArgs` names it `X`)
//   { a: A } | { b: B }                       one object type whose properties are exclusive
//   a class extending pulumi's Resource       a reference to that resource
//   A | B otherwise                           a union of the two
import path from "node:path";
import ts from "typescript";

export type ShapeType =
    | { readonly kind: "string" }
    | { readonly kind: "boolean" }
    | { readonly kind: "number" }
    /** A string-literal union, e.g. `type Environment = "live" | "test"`. */
    | { readonly kind: "enum"; readonly name: string; readonly values: readonly string[]; readonly description?: string }
    /** `Record<string, T>`. */
    | { readonly kind: "map"; readonly values: ShapeType }
    | { readonly kind: "array"; readonly items: ShapeType }
    /** `exclusive`: a union of object literals, so exactly one of the properties is set. */
    | {
          readonly kind: "object";
          readonly name: string;
          readonly description?: string;
          readonly properties: readonly ShapeProperty[];
          readonly exclusive: boolean;
      }
    /** A resource class of the SDK, e.g. `Connector`. */
    | { readonly kind: "resource"; readonly name: string }
    | { readonly kind: "union"; readonly members: readonly ShapeType[] };

export interface ShapeProperty {
    readonly name: string;
    /** `?` on an input, `| undefined` on an output. */
    readonly optional: boolean;
    readonly description?: string;
    readonly type: ShapeType;
}

export interface ResourceShape {
    readonly name: string;
    readonly description?: string;
    readonly inputs: readonly ShapeProperty[];
    readonly outputs: readonly ShapeProperty[];
}

/** The text of a source file by its path relative to the repository root, e.g. "sdk/connector.ts". */
export type ReadSource = (file: string) => string;

/**
 * An output the SDK declares loosely (`Record<string, unknown>`), described instead by a type the
 * provider declares, under a schema name of its own.
 */
interface LooseOutput {
    readonly file: string;
    readonly type: string;
    readonly name: string;
}

export interface ResourceSource {
    /** The SDK file that declares `<resource>Args` and the class, e.g. "sdk/service.ts". */
    readonly file: string;
    readonly resource: string;
    readonly looseOutputs?: Readonly<Record<string, LooseOutput>>;
}

type Declaration = ts.TypeAliasDeclaration | ts.InterfaceDeclaration | ts.ClassDeclaration | ts.VariableDeclaration;

interface Found {
    readonly file: string;
    readonly node: Declaration;
}

/** Where a type is read: its file, and the name an object literal here gets. */
interface Context {
    readonly file: string;
    readonly name: string;
    /** The property path from the resource, e.g. "mappings[].transforms[]". */
    readonly path: string;
}

const pascalCase = (name: string): string => name[0].toUpperCase() + name.slice(1);

function docComment(node: ts.Node): string | undefined {
    const texts = ts
        .getJSDocCommentsAndTags(node)
        .filter(ts.isJSDoc)
        // `*\/` is how a comment spells `*/` (a cron step in an example); the schema means `*/`.
        .map((doc) => ts.getTextOfJSDocComment(doc.comment)?.trim().replaceAll("*\\/", "*/"))
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
        return unwrapEventual(node.typeArguments[0]);
    }
    return ts.isParenthesizedTypeNode(node) ? unwrapEventual(node.type) : node;
}

/** A union's members without `undefined`, and whether it had it. */
function withoutUndefined(node: ts.TypeNode): { members: ts.TypeNode[]; hadUndefined: boolean } {
    const inner = unwrapEventual(node);
    if (!ts.isUnionTypeNode(inner)) return { members: [inner], hadUndefined: false };
    const members = inner.types.filter((t) => t.kind !== ts.SyntaxKind.UndefinedKeyword);
    return { members, hadUndefined: members.length < inner.types.length };
}

function stringLiterals(node: ts.TypeNode): string[] | undefined {
    const members = ts.isUnionTypeNode(node) ? [...node.types] : [node];
    const values = members.map((m) => (ts.isLiteralTypeNode(m) && ts.isStringLiteral(m.literal) ? m.literal.text : undefined));
    return values.every((v) => v !== undefined) ? (values as string[]) : undefined;
}

const isRecordOfUnknown = (node: ts.TypeNode): boolean =>
    ts.isTypeReferenceNode(node) &&
    node.typeName.getText() === "Record" &&
    node.typeArguments?.length === 2 &&
    node.typeArguments[1].kind === ts.SyntaxKind.UnknownKeyword;

class SdkReader {
    private readonly files = new Map<string, ts.SourceFile>();
    /** Object types read from a type literal, which take their name from where they are. */
    private readonly literals = new WeakSet<ShapeType>();

    constructor(private readonly read: ReadSource) {}

    sourceFile(file: string): ts.SourceFile {
        let parsed = this.files.get(file);
        if (!parsed) {
            parsed = ts.createSourceFile(file, this.read(file), ts.ScriptTarget.ES2022, true);
            this.files.set(file, parsed);
        }
        return parsed;
    }

    fail(file: string, text: string): never {
        throw new Error(`${file}: ${text}`);
    }

    /** The declaration `name` stands for in `file`: declared there, imported, or re-exported. */
    resolve(file: string, name: string, seen = new Set<string>()): Found {
        const key = `${file}#${name}`;
        if (seen.has(key)) this.fail(file, `${name} is imported in a cycle`);
        seen.add(key);
        const source = this.sourceFile(file);
        for (const statement of source.statements) {
            if (
                (ts.isTypeAliasDeclaration(statement) || ts.isInterfaceDeclaration(statement) || ts.isClassDeclaration(statement)) &&
                statement.name?.text === name
            ) {
                return { file, node: statement };
            }
            if (ts.isVariableStatement(statement)) {
                const declaration = statement.declarationList.declarations.find((d) => ts.isIdentifier(d.name) && d.name.text === name);
                if (declaration) return { file, node: declaration };
            }
        }
        for (const statement of source.statements) {
            const specifier = (statement as { moduleSpecifier?: ts.Expression }).moduleSpecifier;
            if (!specifier || !ts.isStringLiteral(specifier)) continue;
            let imported: string | undefined;
            if (ts.isImportDeclaration(statement)) {
                const bindings = statement.importClause?.namedBindings;
                const element = bindings && ts.isNamedImports(bindings) ? bindings.elements.find((e) => e.name.text === name) : undefined;
                imported = element ? (element.propertyName ?? element.name).text : undefined;
            } else if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
                const element = statement.exportClause.elements.find((e) => e.name.text === name);
                imported = element ? (element.propertyName ?? element.name).text : undefined;
            }
            if (imported === undefined) continue;
            if (!specifier.text.startsWith("."))
                this.fail(file, `${name} comes from the package "${specifier.text}"; no schema type for it`);
            return this.resolve(path.posix.join(path.posix.dirname(file), `${specifier.text}.ts`), imported, seen);
        }
        return this.fail(file, `no declaration named ${name}`);
    }

    /** `["live", "test"] as const`, the values of `(typeof X)[number]`. */
    private constValues(file: string, name: string): string[] | undefined {
        const { node } = this.resolve(file, name);
        if (!ts.isVariableDeclaration(node) || !node.initializer) return undefined;
        const init = node.initializer;
        if (!ts.isAsExpression(init) || init.type.getText() !== "const" || !ts.isArrayLiteralExpression(init.expression)) return undefined;
        const values = init.expression.elements.map((e) => (ts.isStringLiteral(e) ? e.text : undefined));
        return values.every((v) => v !== undefined) ? (values as string[]) : undefined;
    }

    private enumValues(found: Found & { node: ts.TypeAliasDeclaration }): string[] | undefined {
        const literal = stringLiterals(found.node.type);
        if (literal) return literal;
        const type = unwrapEventual(found.node.type);
        if (
            ts.isIndexedAccessTypeNode(type) &&
            type.indexType.kind === ts.SyntaxKind.NumberKeyword &&
            ts.isTypeQueryNode(unwrapEventual(type.objectType))
        ) {
            const query = unwrapEventual(type.objectType) as ts.TypeQueryNode;
            if (ts.isIdentifier(query.exprName)) return this.constValues(found.file, query.exprName.text);
        }
        return undefined;
    }

    property(member: ts.TypeElement | ts.ClassElement, context: Context, optionalFromUndefined: boolean): ShapeProperty {
        if (!(ts.isPropertySignature(member) || ts.isPropertyDeclaration(member)) || !member.type || !ts.isIdentifier(member.name)) {
            return this.fail(context.file, `"${member.getText()}" is not a plain property`);
        }
        const name = member.name.text;
        const { members, hadUndefined } = withoutUndefined(member.type);
        const child: Context = {
            file: context.file,
            name: `${context.name}${pascalCase(name)}`,
            path: context.path ? `${context.path}.${name}` : name,
        };
        return {
            name,
            optional: member.questionToken !== undefined || (optionalFromUndefined && hadUndefined),
            description: docComment(member),
            type: this.union(members, child),
        };
    }

    private union(members: readonly ts.TypeNode[], context: Context): ShapeType {
        if (members.length === 1) return this.type(members[0], context);
        const unwrapped = members.map(unwrapEventual);
        if (unwrapped.every(ts.isTypeLiteralNode)) {
            // `{ schedule: string } | { webhook: true }`: one object, exactly one of its properties set.
            const properties = unwrapped.flatMap((literal) =>
                literal.members.map((m) => ({ ...this.property(m, context, false), optional: true })),
            );
            return { kind: "object", name: context.name, properties, exclusive: true };
        }
        return { kind: "union", members: unwrapped.map((m) => this.type(m, context)) };
    }

    /** The object type of an interface, its bases' properties first. */
    private interfaceObject(found: Found & { node: ts.InterfaceDeclaration }, context: Context): ShapeType {
        const name = found.node.name.text.replace(/Args$/, "");
        const inner: Context = { ...context, file: found.file, name };
        const properties = new Map<string, ShapeProperty>();
        for (const clause of found.node.heritageClauses ?? []) {
            for (const base of clause.types) {
                const baseType = this.named(found.file, base.expression.getText(), inner);
                if (baseType.kind !== "object") this.fail(found.file, `${name} extends ${base.getText()}, which is not an object type`);
                for (const p of baseType.properties) properties.set(p.name, p);
            }
        }
        for (const member of found.node.members) {
            const p = this.property(member, inner, false);
            properties.set(p.name, p);
        }
        return { kind: "object", name, description: docComment(found.node), properties: [...properties.values()], exclusive: false };
    }

    private named(file: string, name: string, context: Context): ShapeType {
        const found = this.resolve(file, name);
        const { node } = found;
        if (ts.isClassDeclaration(node)) {
            const base = node.heritageClauses?.flatMap((c) => c.types.map((t) => t.expression.getText())) ?? [];
            // PatchworksResource (sdk/resource.ts) is the SDK's own pulumi.CustomResource.
            if (base.some((b) => /^(pulumi\.(dynamic\.|)(Custom|)Resource|PatchworksResource)$/.test(b))) return { kind: "resource", name };
            return this.fail(found.file, `${name} is a class that is not a Pulumi resource; no schema type for it`);
        }
        if (ts.isInterfaceDeclaration(node)) return this.interfaceObject({ file: found.file, node }, context);
        if (ts.isTypeAliasDeclaration(node)) {
            const values = this.enumValues({ file: found.file, node });
            if (values) return { kind: "enum", name, values, description: docComment(node) };
            const inner: Context = { ...context, file: found.file, name };
            const { members } = withoutUndefined(node.type);
            const shape = this.union(members, inner);
            return shape.kind === "object" ? { ...shape, description: docComment(node) } : shape;
        }
        return this.fail(found.file, `${name} is a value, not a type`);
    }

    type(node: ts.TypeNode, context: Context): ShapeType {
        const inner = unwrapEventual(node);
        switch (inner.kind) {
            case ts.SyntaxKind.StringKeyword:
                return { kind: "string" };
            case ts.SyntaxKind.BooleanKeyword:
                return { kind: "boolean" };
            case ts.SyntaxKind.NumberKeyword:
                return { kind: "number" };
        }
        if (ts.isLiteralTypeNode(inner) && inner.literal.kind === ts.SyntaxKind.TrueKeyword) return { kind: "boolean" };
        if (ts.isUnionTypeNode(inner)) return this.union(withoutUndefined(inner).members, context);
        if (ts.isArrayTypeNode(inner))
            return { kind: "array", items: this.type(inner.elementType, { ...context, path: `${context.path}[]` }) };
        if (ts.isTypeLiteralNode(inner)) {
            const properties = inner.members.map((m) => this.property(m, context, false));
            const literal: ShapeType = { kind: "object", name: context.name, properties, exclusive: false };
            this.literals.add(literal);
            return literal;
        }
        if (ts.isTypeReferenceNode(inner) && ts.isIdentifier(inner.typeName)) {
            const name = inner.typeName.text;
            const args = inner.typeArguments ?? [];
            if (name === "Record" && args.length === 2 && unwrapEventual(args[0]).kind === ts.SyntaxKind.StringKeyword) {
                if (args[1].kind !== ts.SyntaxKind.UnknownKeyword) return { kind: "map", values: this.type(args[1], context) };
            } else if (name === "Array" && args.length === 1) {
                return { kind: "array", items: this.type(args[0], { ...context, path: `${context.path}[]` }) };
            } else if (args.length === 0) {
                return this.named(context.file, name, context);
            }
        }
        // Failing here is the point: a new kind of argument needs a deliberate schema mapping.
        return this.fail(context.file, `no schema type for "${node.getText()}"; extend scripts/reference/sdk-shape.ts`);
    }

    /** The class's output properties, each literal object named as the input's at the same path. */
    outputs(source: ResourceSource, cls: ts.ClassDeclaration, inputNames: ReadonlyMap<string, string>): ShapeProperty[] {
        const rename = (type: ShapeType, at: string): ShapeType => {
            switch (type.kind) {
                case "array":
                    return { ...type, items: rename(type.items, `${at}[]`) };
                case "map":
                    return { ...type, values: rename(type.values, at) };
                case "union":
                    return { ...type, members: type.members.map((m) => rename(m, at)) };
                case "object":
                    return {
                        ...type,
                        name: this.literals.has(type) ? (inputNames.get(at) ?? type.name) : type.name,
                        properties: type.properties.map((p) => ({ ...p, type: rename(p.type, `${at}.${p.name}`) })),
                    };
                default:
                    return type;
            }
        };
        const context: Context = { file: source.file, name: source.resource, path: "" };
        return cls.members
            .filter((m): m is ts.PropertyDeclaration => ts.isPropertyDeclaration(m) && m.type !== undefined)
            .map((member) => {
                const name = member.name.getText();
                const loose = source.looseOutputs?.[name];
                const declared = withoutUndefined(member.type as ts.TypeNode);
                const isLoose = declared.members.length === 1 && isRecordOfUnknown(declared.members[0]);
                if (loose && !isLoose) this.fail(source.file, `${name} is no longer Record<string, unknown>: drop its looseOutputs entry`);
                if (!loose) {
                    const property = this.property(member, context, true);
                    return { ...property, type: rename(property.type, name) };
                }
                const found = this.resolve(loose.file, loose.type);
                if (!ts.isInterfaceDeclaration(found.node)) this.fail(loose.file, `${loose.type} is not an interface`);
                const shape = this.interfaceObject(
                    { file: found.file, node: found.node },
                    { file: found.file, name: loose.name, path: name },
                );
                return {
                    name,
                    optional: declared.hadUndefined,
                    description: docComment(member),
                    type: { ...shape, name: loose.name } as ShapeType,
                };
            });
    }
}

/** Where each input object type sits, by path: outputs of the same shape reuse its name. */
function objectNames(properties: readonly ShapeProperty[]): Map<string, string> {
    const names = new Map<string, string>();
    const visit = (type: ShapeType, at: string) => {
        if (type.kind === "array") visit(type.items, `${at}[]`);
        else if (type.kind === "map") visit(type.values, at);
        else if (type.kind === "union") for (const m of type.members) visit(m, at);
        else if (type.kind === "object") {
            names.set(at, type.name);
            for (const p of type.properties) visit(p.type, `${at}.${p.name}`);
        }
    };
    for (const p of properties) visit(p.type, p.name);
    return names;
}

/** A resource as its SDK file declares it: `<Resource>Args` and the class's output properties. */
export function readResourceShape(read: ReadSource, source: ResourceSource): ResourceShape {
    const reader = new SdkReader(read);
    const args = reader.resolve(source.file, `${source.resource}Args`);
    const cls = reader.resolve(source.file, source.resource);
    if (!ts.isInterfaceDeclaration(args.node) || args.file !== source.file) {
        reader.fail(source.file, `${source.resource}Args is not an interface declared here`);
    }
    if (!ts.isClassDeclaration(cls.node) || cls.file !== source.file)
        reader.fail(source.file, `${source.resource} is not a class declared here`);
    const context: Context = { file: source.file, name: source.resource, path: "" };
    const inputs = (args.node as ts.InterfaceDeclaration).members.map((member) => reader.property(member, context, false));
    return {
        name: source.resource,
        description: docComment(cls.node),
        inputs,
        outputs: reader.outputs(source, cls.node as ts.ClassDeclaration, objectNames(inputs)),
    };
}
