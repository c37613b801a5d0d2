// GET /systems: the catalog in the API's shape. Like the Core API, related records appear only
// when asked for with `include` (authenticationImplementations, and .variables under it).
import { catalogSystems, type CatalogAuthType, type CatalogSystem } from "./catalog";

const INCLUDE_IMPLEMENTATIONS = "authenticationImplementations";
const INCLUDE_VARIABLES = "authenticationImplementations.variables";

function implementationView(authType: CatalogAuthType, withVariables: boolean) {
    const implementation = { id: authType.id, label: authType.label, interactive: authType.interactive };
    if (!withVariables) {
        return implementation;
    }
    const variables = authType.fields.map(({ key, label, secret, required, format }) => ({ key, label, secret, required, format }));
    return { ...implementation, variables };
}

function systemView(system: CatalogSystem, includes: ReadonlySet<string>) {
    const base = { id: system.id, label: system.label };
    const withVariables = includes.has(INCLUDE_VARIABLES);
    // Including a nested relation includes its parent, as in JSON:API.
    if (!withVariables && !includes.has(INCLUDE_IMPLEMENTATIONS)) {
        return base;
    }
    return {
        ...base,
        authentication_implementations: system.authTypes.map((a) => implementationView(a, withVariables)),
    };
}

/** `include` is a comma-separated list, e.g. "authenticationImplementations.variables". */
export function listSystems(include: string | undefined) {
    const includes = new Set((include ?? "").split(",").map((s) => s.trim()));
    return catalogSystems().map((system) => systemView(system, includes));
}
