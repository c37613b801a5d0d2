// Schedules as the service trigger takes them: standard 5-field cron (minute hour day-of-month
// month day-of-week), evaluated in UTC, with the field ranges and names of the service catalog
// data. Each field is a comma-separated list of items; an item is `*`, a value or a range `a-b`,
// optionally with a step `/n` (`5/15` counts from 5 to the field's end). Names are the data's
// three-letter names in any case. Quartz and macro extensions (`?`, `L`, `W`, `#`, `@hourly`) and
// the 6- and 7-field forms are not cron as the data describes it, so they are refused.
import { cronFields, scheduleExample, type CronFieldRecord } from "./service-catalog";

const NUMBER = /^\d+$/;

function allowed(field: CronFieldRecord): string {
    const names = field.names ? `, or ${field.names[0]} to ${field.names[field.names.length - 1]}` : "";
    return `${field.min} to ${field.max}${names}`;
}

/** The number a value token stands for in this field, or undefined when it is not one of its values. */
function tokenValue(token: string, field: CronFieldRecord): number | undefined {
    if (NUMBER.test(token)) {
        const value = Number(token);
        return value >= field.min && value <= field.max ? value : undefined;
    }
    const index = field.names?.findIndex((name) => name.toLowerCase() === token.toLowerCase()) ?? -1;
    return index >= 0 ? field.min + index : undefined;
}

function itemProblem(item: string, field: CronFieldRecord): string | undefined {
    const parts = item.split("/");
    if (parts.length > 2) {
        return `"${item}" has more than one "/"`;
    }
    const [base, step] = parts;
    if (step !== undefined && !(NUMBER.test(step) && Number(step) >= 1 && Number(step) <= field.max)) {
        return `"${item}" has the step "${step}"; a step is a whole number from 1 to ${field.max}`;
    }
    if (base === "*") {
        return undefined;
    }
    const bounds = base.split("-");
    if (bounds.length > 2) {
        return `"${item}" is not a value or a range a-b`;
    }
    const values = bounds.map((token) => tokenValue(token, field));
    const outside = bounds.find((_, i) => values[i] === undefined);
    if (outside !== undefined) {
        return `"${outside === "" ? item : outside}" is not ${allowed(field)}`;
    }
    if (values.length === 2 && (values[1] as number) < (values[0] as number)) {
        return `the range "${base}" runs backwards`;
    }
    return undefined;
}

/** Why the expression is not a 5-field cron schedule, or undefined when it is one. */
export function cronProblem(expression: string): string | undefined {
    const fields = expression.trim() === "" ? [] : expression.trim().split(/\s+/);
    if (fields.length !== cronFields.length) {
        const names = cronFields.map((field) => field.name).join(", ");
        return `a schedule has ${cronFields.length} fields (${names}), e.g. "${scheduleExample}"; this one has ${fields.length}`;
    }
    for (let i = 0; i < fields.length; i++) {
        for (const item of fields[i].split(",")) {
            const problem = item === "" ? "an item of its list is empty" : itemProblem(item, cronFields[i]);
            if (problem) {
                return `the ${cronFields[i].name} field (${allowed(cronFields[i])}): ${problem}`;
            }
        }
    }
    return undefined;
}
