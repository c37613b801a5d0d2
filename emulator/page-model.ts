// What the page at GET / shows, read from the account and the request log: the company groups,
// each with its connectors on a live and a testing tab and its services, and the last API
// requests. A credential value is shown only where the bundled catalog (provider/catalog/
// systems.json, data only) says the key is not secret and Fabric does not mask it either: every
// other value, including the secret-like ones Fabric returns in clear, is the mask.
import catalogSystems from "../provider/catalog/systems.json";
import type { ApiContext } from "./context";
import { connectorResource, liveConnectors, type BoundConnector } from "./connectors";
import { EXTRA_CREDENTIAL_FIELDS, MASK } from "./credentials";
import type { RequestLog } from "./request-log";
import type { ServiceRow } from "./state";
import { SERVICE_TEMPLATES } from "./templates";

interface PageCredential {
    readonly key: string;
    /** The value, or MASK for anything secret or not known to be harmless. */
    readonly value: string;
}

export interface PageConnector {
    readonly id: string;
    readonly system: string;
    readonly name: string;
    readonly environment: string;
    readonly authType: string;
    readonly timeZone: string;
    readonly dateFormat: string;
    readonly credentials: readonly PageCredential[];
}

interface PageFlowEnd {
    readonly system: string;
    readonly entity: string;
    readonly environment: string;
}

export interface PageService {
    readonly id: number;
    readonly name: string;
    readonly active: boolean;
    readonly source: PageFlowEnd;
    readonly destination: PageFlowEnd;
    readonly schedule: string;
    readonly filterCount: number;
}

export interface PageGroup {
    readonly name: string;
    readonly username: string;
    readonly live: readonly PageConnector[];
    readonly testing: readonly PageConnector[];
    readonly services: readonly PageService[];
}

export interface PageRequest {
    readonly method: string;
    readonly path: string;
    readonly status: number;
    readonly at: string;
}

export interface PageModel {
    readonly groups: readonly PageGroup[];
    readonly requestCount: number;
    /** The newest first. */
    readonly recentRequests: readonly PageRequest[];
}

/** How many of the last API requests the page lists. */
const RECENT_REQUESTS = 12;

// [?] fact sheet 5 (environment): any text; the dashboard offers live and testing. The live tab
// holds `live` (any case), the testing tab every other environment (test, dev, staging, ...),
// chosen so no connector is left off the page; the testing tab names each one's environment.
function isLiveEnvironment(environment: string): boolean {
    return environment.toLowerCase() === "live";
}

interface CatalogField {
    readonly key: string;
    readonly secret: boolean;
}

interface CatalogSystem {
    readonly factoryName: string;
    readonly authTypes: readonly { readonly fields: readonly CatalogField[] }[];
}

/**
 * By lower-cased factory name: the credential keys the catalog calls not secret wherever it lists
 * them for that factory. A key that one auth type, or one of several catalog systems sharing the
 * factory, calls secret is secret for all of them, so no reading of the auth type can reveal it.
 */
const CLEAR_KEYS: ReadonlyMap<string, ReadonlySet<string>> = (() => {
    const fieldsByFactory = new Map<string, CatalogField[]>();
    for (const system of catalogSystems as readonly CatalogSystem[]) {
        const factory = system.factoryName.toLowerCase();
        fieldsByFactory.set(factory, [...(fieldsByFactory.get(factory) ?? []), ...system.authTypes.flatMap((authType) => authType.fields)]);
    }
    return new Map(
        [...fieldsByFactory].map(([factory, fields]) => {
            const secret = new Set(fields.filter((field) => field.secret).map((field) => field.key));
            return [factory, new Set(fields.map((field) => field.key).filter((key) => !secret.has(key)))];
        }),
    );
})();

const COPIED_FIELDS: ReadonlySet<string> = new Set(Object.values(EXTRA_CREDENTIAL_FIELDS));

function shownValue(clearKeys: ReadonlySet<string> | undefined, key: string, value: unknown): string {
    const isScalar = typeof value === "string" || typeof value === "number" || typeof value === "boolean";
    return clearKeys?.has(key) && isScalar && value !== MASK ? String(value) : MASK;
}

function pageConnector(bound: BoundConnector): PageConnector {
    const resource = connectorResource(bound);
    // The resource's credentials are Fabric's read form with Fabric's own masking already applied.
    const credentials = resource.credentials as Record<string, unknown>;
    const clearKeys = CLEAR_KEYS.get(bound.system.factoryName.toLowerCase());
    return {
        id: String(resource.id),
        system: bound.system.name,
        name: String(resource.connector_name ?? ""),
        environment: bound.row.common_ref,
        authType: String(resource.authorisation_type),
        timeZone: String(resource.timeZone ?? ""),
        dateFormat: String(resource.dateFormat ?? ""),
        credentials: Object.entries(credentials)
            .filter(([key]) => !COPIED_FIELDS.has(key))
            .map(([key, value]) => ({ key, value: shownValue(clearKeys, key, value) })),
    };
}

/** Stored filters are an object keyed by field and operator, or whatever a client stored verbatim (fact sheet 3.5). */
function filterCount(filters: unknown): number {
    if (Array.isArray(filters)) return filters.length;
    return typeof filters === "object" && filters !== null ? Object.keys(filters).length : 0;
}

function pageService(service: ServiceRow): PageService {
    const template = SERVICE_TEMPLATES.find((candidate) => candidate.id === service.service_template_id);
    return {
        id: service.id,
        name: service.description,
        active: service.status,
        source: {
            system: template?.source.system.name ?? service.from_factory,
            entity: template?.source.entity.name ?? "",
            environment: service.from_environment,
        },
        destination: {
            system: template?.destination.system.name ?? service.to_factory,
            entity: template?.destination.entity.name ?? "",
            environment: service.to_environment,
        },
        schedule: service.schedule,
        filterCount: filterCount(service.from_options.filters),
    };
}

export function pageModel(context: ApiContext, requestLog: RequestLog): PageModel {
    const { state } = context.account;
    const connectors = liveConnectors(context);
    const groups = state.integrations.map((integration) => {
        const own = connectors.filter((bound) => bound.integration.id === integration.id).map(pageConnector);
        return {
            name: integration.name,
            username: integration.username,
            live: own.filter((connector) => isLiveEnvironment(connector.environment)),
            testing: own.filter((connector) => !isLiveEnvironment(connector.environment)),
            services: state.services
                .filter((service) => service.deleted_at === null && service.integration_id === integration.id)
                .map(pageService),
        };
    });
    const requests = requestLog.list();
    return {
        groups,
        requestCount: requests.length,
        recentRequests: requests
            .slice(-RECENT_REQUESTS)
            .reverse()
            .map(({ method, path, status, at }) => ({ method, path, status, at })),
    };
}
