// The queries of GET /service-connectors and GET /services: `filter[x]` and `page`/`per_page`,
// Core API style.
import { ENVIRONMENTS, type Environment } from "./connector";
import { validationFailed } from "./errors";
import type { ConnectorFilter } from "./store";

const DEFAULT_PER_PAGE = 50;
const MAX_PER_PAGE = 250;

interface Paging {
    readonly page: number;
    readonly perPage: number;
}

export interface ListQuery extends Paging {
    readonly filter: ConnectorFilter;
}

export interface ServiceListQuery extends Paging {
    /** Services whose source or destination is this connector; all when undefined. */
    readonly connectorId?: string;
}

type Query = Record<string, unknown>;

/** A parameter given once, or undefined; a repeated one is ambiguous, so refused. */
function single(query: Query, name: string): string | undefined {
    const value = query[name];
    if (Array.isArray(value)) {
        throw validationFailed({ [name]: [`${name} must be given at most once`] });
    }
    return value === undefined ? undefined : String(value);
}

function positiveInteger(query: Query, name: string, fallback: number): number {
    const value = single(query, name);
    if (value === undefined) {
        return fallback;
    }
    if (!/^\d+$/.test(value) || Number(value) < 1) {
        throw validationFailed({ [name]: [`${name} must be a positive integer`] });
    }
    return Number(value);
}

function environmentFilter(query: Query): Environment | undefined {
    const value = single(query, "filter[environment]");
    if (value !== undefined && !ENVIRONMENTS.includes(value as Environment)) {
        throw validationFailed({ "filter[environment]": [`filter[environment] must be one of: ${ENVIRONMENTS.join(", ")}`] });
    }
    return value as Environment | undefined;
}

function paging(query: Query): Paging {
    return {
        page: positiveInteger(query, "page", 1),
        // Larger pages are capped rather than refused, as paginated APIs commonly do.
        perPage: Math.min(positiveInteger(query, "per_page", DEFAULT_PER_PAGE), MAX_PER_PAGE),
    };
}

export function parseListQuery(query: Query): ListQuery {
    // An empty filter[company_group] selects the default group; leaving it out selects all.
    const group = single(query, "filter[company_group]");
    return {
        filter: {
            system: single(query, "filter[system]"),
            environment: environmentFilter(query),
            companyGroup: group === undefined ? undefined : group.trim() === "" ? null : group,
        },
        ...paging(query),
    };
}

export function parseServiceListQuery(query: Query): ServiceListQuery {
    const connectorId = single(query, "filter[connector]");
    if (connectorId !== undefined && connectorId.trim() === "") {
        const reason = "filter[connector] must be a connector id; leave it out to list every service";
        throw validationFailed({ "filter[connector]": [reason] });
    }
    return { connectorId, ...paging(query) };
}

export function paginate<T>(items: readonly T[], page: number, perPage: number) {
    return {
        data: items.slice((page - 1) * perPage, page * perPage),
        meta: {
            current_page: page,
            last_page: Math.max(1, Math.ceil(items.length / perPage)),
            per_page: perPage,
            total: items.length,
        },
    };
}
