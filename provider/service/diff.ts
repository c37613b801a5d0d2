// Which changes replace a service and which update it in place (fact sheet 3.3, 7.10). Pure.
import { isDeepStrictEqual } from "node:util";
import { sameName } from "../catalog/services";
import { isUnknown } from "../engine-values";
import { sameMappings } from "./documents";
import type { ServiceFilterInput, ServiceInputs } from "./types";

/**
 * What Fabric cannot change after the create: the template (either connector's system, either
 * entity), the environments and the group (either connector: the group is the part of its id
 * before "|", so another group is another connector), and the source's page size,
 * attempts and time zone (a PUT applies only `from_options.*filters*`). The replacement is created
 * first; an active one is activated only after the old one is gone (./activation).
 */
export const REPLACE_PATHS = [
    "source.connectorId",
    "destination.connectorId",
    "source.entity",
    "destination.entity",
    "source.pageSize",
    "source.maxAttempts",
    "source.timezone",
] as const;

/** What a PUT changes: `description`, `schedule`, `from_options.filters`, `to_options` (whole), `status`, and the mapping documents. */
export const UPDATE_PATHS = ["name", "schedule", "filters", "mappings", "active", "destination.options"] as const;

export type ServicePath = (typeof REPLACE_PATHS)[number] | (typeof UPDATE_PATHS)[number];

export interface ServiceDiff {
    changes: boolean;
    /** Top-level properties, as the engine shows them. */
    replaces: string[];
    /** Always false: the replacement is created before the old service is deleted. */
    deleteBeforeReplace: false;
    replacePaths: ServicePath[];
    updatePaths: ServicePath[];
}

const filterKey = (f: ServiceFilterInput) => `${f.field} ${f.operator}=${String(f.value)}`;

/**
 * Filters compare as a set: Fabric stores them as an object keyed "<field> <operator>", so their
 * order is not kept. A type left out is the field's own, so only a declared type is compared.
 */
export function sameFilters(olds: readonly ServiceFilterInput[], news: readonly ServiceFilterInput[]): boolean {
    const sorted = (filters: readonly ServiceFilterInput[]) => [...filters].sort((a, b) => filterKey(a).localeCompare(filterKey(b)));
    const [before, after] = [sorted(olds), sorted(news)];
    if (before.length !== after.length) return false;
    return after.every((f, i) => {
        const old = before[i];
        if (filterKey(old) !== filterKey(f)) return false;
        return f.type === undefined || old.type?.toLowerCase() === f.type.toLowerCase();
    });
}

function containsUnknown(value: unknown): boolean {
    if (isUnknown(value)) return true;
    if (Array.isArray(value)) return value.some(containsUnknown);
    return typeof value === "object" && value !== null && Object.values(value).some(containsUnknown);
}

type Comparison = (olds: ServiceInputs, news: ServiceInputs) => boolean;

/** Whether each path changed; a value the engine does not know yet counts as a change. */
const CHANGED: Record<ServicePath, Comparison> = {
    "source.connectorId": (o, n) => o.source.connectorId !== n.source.connectorId,
    "destination.connectorId": (o, n) => o.destination.connectorId !== n.destination.connectorId,
    "source.entity": (o, n) => !sameName(o.source.entity, n.source.entity),
    "destination.entity": (o, n) => !sameName(o.destination.entity, n.destination.entity),
    // Left out: the service keeps what it has (the template's default when it was created).
    "source.pageSize": (o, n) => n.source.pageSize !== undefined && o.source.pageSize !== n.source.pageSize,
    "source.maxAttempts": (o, n) => n.source.maxAttempts !== undefined && o.source.maxAttempts !== n.source.maxAttempts,
    "source.timezone": (o, n) => n.source.timezone !== undefined && o.source.timezone !== n.source.timezone,
    name: (o, n) => o.name !== n.name,
    schedule: (o, n) => o.schedule !== n.schedule,
    filters: (o, n) => !sameFilters(o.filters ?? [], n.filters ?? []),
    // Left out: the service does not manage its document.
    mappings: (o, n) => n.mappings !== undefined && (o.mappings === undefined || !sameMappings(o.mappings, n.mappings)),
    active: (o, n) => o.active !== n.active,
    "destination.options": (o, n) => !isDeepStrictEqual(o.destination.options ?? {}, n.destination.options ?? {}),
};

function valueAt(inputs: ServiceInputs, path: ServicePath): unknown {
    const [head, tail] = path.split(".") as [keyof ServiceInputs, string | undefined];
    const top = inputs[head] as unknown;
    if (tail === undefined || isUnknown(top)) return top;
    return (top as Record<string, unknown> | undefined)?.[tail];
}

function changed(olds: ServiceInputs, news: ServiceInputs, path: ServicePath): boolean {
    const next = valueAt(news, path);
    if (containsUnknown(next)) return true;
    return CHANGED[path](olds, news);
}

const topLevel = (paths: readonly string[]): string[] => [...new Set(paths.map((p) => p.split(".")[0]))];

/** `olds`: the stored outputs; `news`: the checked inputs. */
export function diffService(olds: ServiceInputs, news: ServiceInputs): ServiceDiff {
    const replacePaths = REPLACE_PATHS.filter((path) => changed(olds, news, path));
    const updatePaths = UPDATE_PATHS.filter((path) => changed(olds, news, path));
    return {
        changes: replacePaths.length + updatePaths.length > 0,
        replaces: topLevel(replacePaths),
        deleteBeforeReplace: false,
        replacePaths,
        updatePaths,
    };
}
