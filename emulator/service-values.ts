// How the emulator reads the value kinds the service catalog data names: the value formats of
// filter operators (`valueFormats`) and the argument types of transform parameters
// (`argumentTypes`). Each check answers with the end of a sentence "... must be <expected>", or
// undefined when the value is fine. A kind the data names that has no check here stops the
// emulator at start, so a catalog change that adds one cannot be silently accepted.
import { DateTime } from "luxon";
import { charCount } from "./limits";
import {
    allOperators,
    allTransforms,
    argumentTypeCharacters,
    serviceLimits,
    valueFormat,
    type OperatorRecord,
    type ParameterRecord,
} from "./service-catalog";

// ---- Filter values (strings, as the contract's filters carry them).

const DECIMAL = /^-?\d+(\.\d+)?$/;
const CALENDAR_DATE_START = /^\d{4}-\d{2}-\d{2}(T|$)/;

function isNumberOrDate(value: string): boolean {
    return DECIMAL.test(value) || (CALENDAR_DATE_START.test(value) && DateTime.fromISO(value, { zone: "utc" }).isValid);
}

function escapeRegExp(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function relativePeriodPattern(): RegExp {
    const singular = (valueFormat("relative-period").units ?? []).map((plural) => escapeRegExp(plural.replace(/s$/, "")));
    return new RegExp(`^[1-9]\\d* (${singular.join("|")})s?$`);
}

const RELATIVE_PERIOD = relativePeriodPattern();

const VALUE_FORMATS: Readonly<Record<string, (value: string) => boolean>> = {
    text: () => true,
    "non-empty-text": (value) => value.trim() !== "",
    "number-or-date": isNumberOrDate,
    "relative-period": (value) => RELATIVE_PERIOD.test(value),
};

/** Why a filter value does not suit the operator, completing "value must be ...", or undefined. */
export function filterValueProblem(operator: OperatorRecord, value: string): string | undefined {
    if (charCount(value) > serviceLimits.filterValue) {
        return `at most ${serviceLimits.filterValue} characters`;
    }
    const format = valueFormat(operator.valueFormat);
    return VALUE_FORMATS[operator.valueFormat](value) ? undefined : `${format.description}, e.g. "${format.example}"`;
}

// ---- PHP date() formats.

const PHP_FORMAT_CHARACTERS = new Set(argumentTypeCharacters("php-date-format"));

/**
 * Why a string is not a PHP date() format as the data describes one (format characters, literal
 * punctuation, a backslash before a literal letter; a doubled format character such as "dd" or
 * "MM" is the Unicode style by mistake), or undefined.
 */
function phpDateFormatProblem(format: string): string | undefined {
    if (format === "") {
        return 'a non-empty PHP date format such as "Y-m-d"';
    }
    for (let i = 0; i < format.length; i++) {
        const character = format[i];
        if (character === "\\") {
            if (i === format.length - 1) return 'without a trailing backslash (it escapes nothing; "\\\\" is a literal backslash)';
            i++;
        } else if (PHP_FORMAT_CHARACTERS.has(character)) {
            if (format[i + 1] === character) {
                return `one character per part, as PHP writes them ("Y-m-d H:i:s"), not "${character}${character}"`;
            }
        } else if (/[A-Za-z]/.test(character)) {
            return `made of PHP date format characters: "${character}" is not one (write a literal letter as "\\${character}")`;
        }
    }
    return undefined;
}

// ---- Transform arguments.

type ArgumentCheck = (value: unknown, parameter: ParameterRecord) => string | undefined;

const isText = (value: unknown): value is string => typeof value === "string";
const tooLong = (value: string): boolean => charCount(value) > serviceLimits.argument;
const textLimit = `at most ${serviceLimits.argument} characters`;

function minimumText(parameter: ParameterRecord): string {
    return parameter.minimum === undefined ? "" : ` from ${parameter.minimum}`;
}

function isJsonObjectOfText(value: string): boolean {
    try {
        const parsed: unknown = JSON.parse(value);
        return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) && Object.values(parsed).every(isText);
    } catch {
        return false;
    }
}

const ARGUMENT_TYPES: Readonly<Record<string, ArgumentCheck>> = {
    string: (value) => (!isText(value) ? "a string" : tooLong(value) ? textLimit : undefined),
    character: (value) => (isText(value) && charCount(value) === 1 ? undefined : "exactly one character (a string)"),
    integer: (value, parameter) =>
        typeof value === "number" && Number.isInteger(value) && (parameter.minimum === undefined || value >= parameter.minimum)
            ? undefined
            : `a whole number${minimumText(parameter)} (a JSON number, not a string)`,
    number: (value, parameter) =>
        typeof value === "number" && Number.isFinite(value) && (parameter.minimum === undefined || value >= parameter.minimum)
            ? undefined
            : `a number${minimumText(parameter)} (a JSON number, not a string)`,
    boolean: (value) => (typeof value === "boolean" ? undefined : "true or false (a JSON boolean, not a string)"),
    enum: (value, parameter) => {
        const choices = parameter.allowedValues ?? [];
        if (choices.length > 0) {
            return isText(value) && choices.includes(value) ? undefined : `one of ${choices.map((c) => `"${c}"`).join(", ")}`;
        }
        // The data lists no options for this one: any non-blank text is one Patchworks might have.
        return isText(value) && value.trim() !== "" ? (tooLong(value) ? textLimit : undefined) : "a non-blank string";
    },
    reference: (value) =>
        (isText(value) && value.trim() !== "" && !tooLong(value)) || (typeof value === "number" && Number.isInteger(value) && value > 0)
            ? undefined
            : "the id of a Patchworks object: a non-blank string or a positive whole number",
    "json-object": (value) =>
        isText(value) && !tooLong(value) && isJsonObjectOfText(value)
            ? undefined
            : `a JSON object of string values written as a string, e.g. "{\\"threshold\\":\\"5\\"}"`,
    "php-date-format": (value) => {
        if (!isText(value)) return 'a PHP date format string such as "Y-m-d"';
        if (tooLong(value)) return textLimit;
        return phpDateFormatProblem(value);
    },
};

/** Why an argument value does not suit its parameter, completing "<name> must be ...", or undefined. */
export function argumentProblem(parameter: ParameterRecord, value: unknown): string | undefined {
    return ARGUMENT_TYPES[parameter.type](value, parameter);
}

for (const operator of allOperators()) {
    if (!Object.hasOwn(VALUE_FORMATS, operator.valueFormat)) {
        throw new Error(`services.json: operator ${operator.id} has value format "${operator.valueFormat}", unknown to the emulator`);
    }
}
for (const transform of allTransforms()) {
    for (const parameter of transform.parameters) {
        if (parameter.role === "arg" && !Object.hasOwn(ARGUMENT_TYPES, parameter.type)) {
            throw new Error(`services.json: ${transform.id}.${parameter.name} has type "${parameter.type}", unknown to the emulator`);
        }
    }
}
