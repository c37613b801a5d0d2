// Which changes replace a service and which are patched in place. Pure.
import { isDeepStrictEqual } from "node:util";
import { serviceCatalog } from "../catalog/services";
import { normaliseCompanyGroup } from "../connector/key";
import { isUnknown } from "../engine-values";
import type { ServiceInputs } from "./validate";

/**
 * A service cannot move to other connectors or another entity, and its type is fixed (the settings
 * page: "the ID and Type fields cannot be changed"). The replacement is created first: two
 * services may share connectors, entity and name, so nothing forces the old one out before.
 */
export const REPLACE_PATHS = ["type", "source.connectorId", "source.entity", "destination.connectorId", "destination.entity"] as const;

/**
 * Everything else changes in place. The endpoints' key fields (system, environment, companyGroup)
 * describe the connector, which the API does not report: a change only updates the state.
 */
export const UPDATE_PATHS = [
    "name",
    "source.system",
    "source.environment",
    "source.companyGroup",
    "source.timezone",
    "source.pageSize",
    "source.maxAttempts",
    "destination.system",
    "destination.environment",
    "destination.companyGroup",
    "destination.timezone",
    "trigger",
    "filters",
    "mappings",
    "alerts",
    "notes",
    "active",
    "adopt",
] as const;

export interface ServiceDiff {
    changes: boolean;
    /** Top-level properties, as the engine shows them ("source", "type", ...). */
    replaces: string[];
    /** Top-level properties changed in place. */
    updates: string[];
    /** Always false: the replacement is created before the old service is deleted. */
    deleteBeforeReplace: false;
    /** The precise changed paths behind `replaces`, e.g. "source.entity". */
    replacePaths: string[];
    /** The precise changed paths behind `updates`, e.g. "source.pageSize"; toServicePatch takes these. */
    updatePaths: string[];
}

type Raw = Record<string, unknown>;

const isObject = (value: unknown): value is Raw => typeof value === "object" && value !== null && !Array.isArray(value);

/** Values that mean the same compare the same: defaults spelled out or left out, absent or null. */
function normaliseEndpoint(endpoint: unknown): unknown {
    if (!isObject(endpoint)) return endpoint;
    const { companyGroup, timezone, pageSize, maxAttempts, ...rest } = endpoint;
    return {
        ...rest,
        companyGroup: isUnknown(companyGroup) ? companyGroup : normaliseCompanyGroup(companyGroup as string | undefined),
        timezone: timezone ?? serviceCatalog.defaults.timezone.value,
        pageSize: pageSize ?? null,
        maxAttempts: maxAttempts ?? null,
    };
}

function normaliseMapping(mapping: unknown): unknown {
    if (!isObject(mapping)) return mapping;
    const transforms = mapping.transforms ?? [];
    return {
        source: mapping.source ?? null,
        destination: mapping.destination,
        transforms: Array.isArray(transforms)
            ? transforms.map((t) => (isObject(t) ? { function: t.function, args: t.args ?? {} } : t))
            : transforms,
    };
}

function normalise(properties: Raw): Raw {
    const { mappings = [] } = properties;
    return {
        name: properties.name,
        type: properties.type ?? serviceCatalog.defaults.type.value,
        source: normaliseEndpoint(properties.source),
        destination: normaliseEndpoint(properties.destination),
        trigger: properties.trigger ?? null,
        filters: properties.filters ?? [],
        mappings: Array.isArray(mappings) ? mappings.map(normaliseMapping) : mappings,
        alerts: properties.alerts ?? null,
        notes: properties.notes ?? null,
        active: properties.active ?? serviceCatalog.defaults.active.value,
        adopt: properties.adopt ?? false,
    };
}

/** The value at a dotted path; inside an unknown value, the unknown itself. */
function at(properties: Raw, path: string): unknown {
    let value: unknown = properties;
    for (const key of path.split(".")) {
        if (isUnknown(value)) return value;
        value = isObject(value) ? (value[key] ?? null) : null;
    }
    return value;
}

function containsUnknown(value: unknown): boolean {
    if (isUnknown(value)) return true;
    if (Array.isArray(value)) return value.some(containsUnknown);
    return isObject(value) && Object.values(value).some(containsUnknown);
}

const topLevel = (paths: readonly string[]): string[] => [...new Set(paths.map((p) => p.split(".")[0]))];

/** `olds` are the stored outputs, `news` the checked inputs (validateServiceInputs applied the defaults). */
export function diffService(olds: Partial<ServiceInputs>, news: Partial<ServiceInputs>): ServiceDiff {
    const before = normalise(olds as Raw);
    const after = normalise(news as Raw);
    // A value the engine does not know yet may turn out to be anything: it counts as a change.
    const changed = (path: string) => {
        const next = at(after, path);
        return containsUnknown(next) || !isDeepStrictEqual(at(before, path), next);
    };
    const replacePaths = REPLACE_PATHS.filter(changed);
    const updatePaths = UPDATE_PATHS.filter(changed);
    return {
        changes: replacePaths.length + updatePaths.length > 0,
        replaces: topLevel(replacePaths),
        updates: topLevel(updatePaths),
        deleteBeforeReplace: false,
        replacePaths,
        updatePaths,
    };
}
