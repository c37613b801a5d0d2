// Laravel 6's request handling as Fabric inherits it (fact sheet 3.0): strings are trimmed and ""
// becomes null before validation (top-level passwords excepted), and failures read as the English
// defaults of resources/lang/en/validation.php with the field shown as words.
import { FabricError, INVALID_DATA, type Validation } from "./errors";

export type Body = Record<string, unknown>;

/** TrimStrings + ConvertEmptyStringsToNull, applied to every nested string. */
function normaliseInput(value: unknown, topLevel = true): unknown {
    if (typeof value === "string") {
        const trimmed = value.trim();
        return trimmed === "" ? null : trimmed;
    }
    if (Array.isArray(value)) {
        return value.map((item) => normaliseInput(item, false));
    }
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(
            Object.entries(value).map(([key, item]) => {
                const keepAsSent = topLevel && (key === "password" || key === "password_confirmation") && typeof item === "string";
                return [key, keepAsSent ? item : normaliseInput(item, false)];
            }),
        );
    }
    return value;
}

/** The request body as an object; a JSON array or scalar is no form Laravel can validate. */
export function bodyOf(raw: unknown): Body {
    if (raw === undefined || raw === null) {
        return {};
    }
    if (typeof raw !== "object" || Array.isArray(raw)) {
        throw new FabricError(422, INVALID_DATA, { body: ["The body must be a JSON object."] });
    }
    return normaliseInput(raw) as Body;
}

/** How Laravel names a field in a message: "connectorName" → "connector name", "from_options.page_size" → "from options.page size". */
export function attributeName(field: string): string {
    return field
        .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
        .replace(/_/g, " ")
        .toLowerCase();
}

export const messages = {
    required: (a: string) => `The ${a} field is required.`,
    filled: (a: string) => `The ${a} field must have a value.`,
    string: (a: string) => `The ${a} must be a string.`,
    integer: (a: string) => `The ${a} must be an integer.`,
    numeric: (a: string) => `The ${a} must be a number.`,
    boolean: (a: string) => `The ${a} field must be true or false.`,
    array: (a: string) => `The ${a} must be an array.`,
    minChars: (a: string, n: number) => `The ${a} must be at least ${n} characters.`,
    maxChars: (a: string, n: number) => `The ${a} may not be greater than ${n} characters.`,
    minNumber: (a: string, n: number) => `The ${a} must be at least ${n}.`,
    maxNumber: (a: string, n: number) => `The ${a} may not be greater than ${n}.`,
    selected: (a: string) => `The selected ${a} is invalid.`,
    taken: (a: string) => `The ${a} has already been taken.`,
    format: (a: string) => `The ${a} format is invalid.`,
    json: (a: string) => `The ${a} must be a valid JSON string.`,
    alphaNum: (a: string) => `The ${a} may only contain letters and numbers.`,
};

export function isPresent(value: unknown): boolean {
    return value !== undefined && value !== null;
}

export function isObject(value: unknown): value is Body {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Laravel's `integer` rule: an integer, or a string of one. */
export function isIntegerLike(value: unknown): boolean {
    return (typeof value === "number" && Number.isInteger(value)) || (typeof value === "string" && /^[+-]?\d+$/.test(value));
}

export function isNumericLike(value: unknown): boolean {
    return (
        (typeof value === "number" && Number.isFinite(value)) ||
        (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)))
    );
}

/** Laravel's `boolean` rule: true, false, 1, 0, "1", "0". */
export function isBooleanLike(value: unknown): boolean {
    return value === true || value === false || value === 0 || value === 1 || value === "0" || value === "1";
}

/** `required|string|min:a|max:b` for one field, as most Fabric text fields are declared. */
export function checkText(
    validation: Validation,
    body: Body,
    field: string,
    rule: { required: boolean; min?: number; max?: number; attribute?: string },
): string | undefined {
    const value = body[field];
    const attribute = rule.attribute ?? attributeName(field);
    if (!isPresent(value)) {
        if (rule.required) validation.add(field, messages.required(attribute));
        return undefined;
    }
    if (typeof value !== "string") {
        validation.add(field, messages.string(attribute));
        return undefined;
    }
    const length = [...value].length;
    if (rule.min !== undefined && length < rule.min) validation.add(field, messages.minChars(attribute, rule.min));
    if (rule.max !== undefined && length > rule.max) validation.add(field, messages.maxChars(attribute, rule.max));
    return value;
}
