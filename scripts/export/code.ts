// TypeScript literals as the examples write them (and the repository's formatter leaves them):
// 4-space indent, double quotes, trailing commas, an object or list on one line when it fits. Every
// string is escaped by JSON.stringify, so any text from the account (quotes, backslashes,
// newlines, `${`) stays a plain string literal. Pure.

/** Source text placed as it is: a variable that holds a resource. */
export class Code {
    constructor(readonly text: string) {}
}

/** A comment line inside an object, before the property that follows it. */
export class Comment {
    constructor(readonly text: string) {}
}

export type Value = string | number | boolean | Code | Value[] | { [key: string]: Value | Comment };

// The repository's formatter (biome.jsonc) wraps at 140 columns.
const MAX_LINE = 140;
const INDENT = "    ";

/** One line of comment text: anything that would end a `//` comment early becomes a space. */
export function commentText(text: string): string {
    return text.replace(/[\r\n\u2028\u2029]+/g, " ");
}

/** Double quotes, unless the text has more of them than single quotes (as the formatter decides). */
export function stringLiteral(text: string): string {
    const json = JSON.stringify(text);
    const count = (quote: string) => text.split(quote).length - 1;
    if (count('"') <= count("'")) return json;
    // JSON escapes every `"`, so the backslash right before one is always its escape.
    return `'${json.slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

function key(name: string): string {
    return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : stringLiteral(name);
}

function isRecord(value: Value): value is { [key: string]: Value | Comment } {
    return typeof value === "object" && !(value instanceof Code) && !Array.isArray(value);
}

function entries(value: { [key: string]: Value | Comment }): [string, Value | Comment][] {
    return Object.entries(value);
}

/** The value on one line; undefined when it holds a comment, which needs lines of its own. */
function inline(value: Value): string | undefined {
    if (value instanceof Code) return value.text;
    if (typeof value === "string") return stringLiteral(value);
    if (typeof value === "number" || typeof value === "boolean") return String(value);
    const parts: string[] = [];
    if (Array.isArray(value)) {
        for (const item of value) {
            const text = inline(item);
            if (text === undefined) return undefined;
            parts.push(text);
        }
        return `[${parts.join(", ")}]`;
    }
    for (const [name, item] of entries(value)) {
        if (item instanceof Comment) return undefined;
        const text = inline(item);
        if (text === undefined) return undefined;
        parts.push(`${key(name)}: ${text}`);
    }
    return parts.length === 0 ? "{}" : `{ ${parts.join(", ")} }`;
}

/**
 * The value as it appears after `prefix` on a line indented `depth` levels, followed by `suffix`
 * (a comma, or `);`). `multiline` forces an object or list onto lines of its own.
 */
export function render(value: Value, depth: number, prefix = "", suffix = "", multiline = false): string {
    const indent = INDENT.repeat(depth);
    const oneLine = inline(value);
    const isContainer = Array.isArray(value) || isRecord(value);
    if (
        oneLine !== undefined &&
        (!isContainer || (!multiline && indent.length + prefix.length + oneLine.length + suffix.length <= MAX_LINE))
    ) {
        return `${indent}${prefix}${oneLine}${suffix}`;
    }
    const empty = Array.isArray(value) ? value.length === 0 : isRecord(value) && Object.keys(value).length === 0;
    if (empty) return `${indent}${prefix}${Array.isArray(value) ? "[]" : "{}"}${suffix}`;
    const lines: string[] = [];
    if (Array.isArray(value)) {
        lines.push(`${indent}${prefix}[`);
        for (const item of value) lines.push(render(item, depth + 1, "", ","));
        lines.push(`${indent}]${suffix}`);
    } else if (isRecord(value)) {
        lines.push(`${indent}${prefix}{`);
        for (const [name, item] of entries(value)) {
            if (item instanceof Comment) lines.push(`${indent}${INDENT}// ${commentText(item.text)}`);
            else lines.push(render(item, depth + 1, `${key(name)}: `, ","));
        }
        lines.push(`${indent}}${suffix}`);
    }
    return lines.join("\n");
}
