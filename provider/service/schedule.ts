// Fabric's schedule: one string, a cron expression, "event" or "off" (fact sheet 3.3). Fabric checks
// cron with dragonmantank/cron-expression 2.3: five fields, an optional sixth year field, and the
// @macros; this checks the same shape and each field's bounds, so a typo fails the preview instead
// of the create. Pure.
import { serviceCatalog } from "../catalog/services";

interface CronField {
    name: string;
    min: number;
    max: number;
    /** Names the field takes instead of numbers (JAN=1, SUN=0). */
    names?: readonly string[];
    /** Characters of the field beside digits, names, "*", ",", "-", "/": "?" "L" "W" "#". */
    extra?: RegExp;
}

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

const FIELDS: readonly CronField[] = [
    { name: "minute", min: 0, max: 59 },
    { name: "hour", min: 0, max: 23 },
    // "L" (last day), "15W" (nearest weekday), "?" (no specific day).
    { name: "day of month", min: 1, max: 31, extra: /^(\?|L|\d{1,2}W|LW)$/ },
    { name: "month", min: 1, max: 12, names: MONTHS },
    // 7 is Sunday too; "5L" (last Friday), "5#3" (third Friday), "?".
    { name: "day of week", min: 0, max: 7, names: DAYS, extra: /^(\?|[0-7]L|[0-7]#[1-5])$/ },
    { name: "year", min: 1970, max: 2099 },
];

function numberOf(field: CronField, token: string): number | undefined {
    if (/^\d+$/.test(token)) return Number(token);
    const index = field.names?.indexOf(token.toUpperCase()) ?? -1;
    if (index < 0) return undefined;
    return field.names === MONTHS ? index + 1 : index;
}

/** What is wrong with one comma-separated part of a field, e.g. "1-5/2", "*\/15", "MON-FRI". */
function partProblem(field: CronField, part: string): string | undefined {
    if (field.extra?.test(part.toUpperCase())) return undefined;
    const [range, step, ...more] = part.split("/");
    if (more.length > 0) return `"${part}" has more than one "/"`;
    if (step !== undefined && !/^\d+$/.test(step)) return `the step of "${part}" must be a whole number`;
    if (step !== undefined && Number(step) === 0) return `the step of "${part}" must be at least 1`;
    if (range === "*") return undefined;
    const bounds = range.split("-");
    if (bounds.length > 2) return `"${part}" is not a value or a range`;
    const values = bounds.map((b) => numberOf(field, b));
    if (values.some((v) => v === undefined)) {
        const names = field.names ? ` or ${field.names[0]}-${field.names[field.names.length - 1]}` : "";
        return `"${part}" is not a number${names}`;
    }
    const numbers = values as number[];
    const out = numbers.find((v) => v < field.min || v > field.max);
    if (out !== undefined) return `${out} is outside ${field.min}-${field.max}`;
    if (numbers.length === 2 && numbers[0] > numbers[1]) return `the range "${part}" runs backwards`;
    return undefined;
}

/** Why `schedule` is not one Fabric takes, or undefined when it is. */
export function scheduleProblem(schedule: string): string | undefined {
    const { scheduleMax } = serviceCatalog.limits;
    if ([...schedule].length > scheduleMax) return `must be at most ${scheduleMax} characters`;
    const trimmed = schedule.trim();
    if (/^(off|event)$/i.test(trimmed)) return undefined;
    if (trimmed.startsWith("@")) {
        const macros = serviceCatalog.scheduleMacros;
        return macros.includes(trimmed.toLowerCase()) ? undefined : `unknown macro "${trimmed}"; use one of ${macros.join(", ")}`;
    }
    const parts = trimmed.split(/\s+/);
    if (parts.length < 5 || parts.length > 6) {
        return `a cron expression has 5 fields (minute hour day-of-month month day-of-week) and an optional year; "${trimmed}" has ${parts.length}`;
    }
    for (const [i, text] of parts.entries()) {
        const field = FIELDS[i];
        for (const part of text.split(",")) {
            const problem = partProblem(field, part);
            if (problem) return `the ${field.name} field: ${problem}`;
        }
    }
    return undefined;
}
