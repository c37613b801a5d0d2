// The systems the emulated account knows, read from the catalog data the provider also ships
// (provider/catalog/systems.json). Only the data is shared: every rule the emulator applies to it
// is written here, in emulator/, from the contract, so tests compare two implementations.
import rawCatalog from "../provider/catalog/systems.json";

/** How a credential value is checked, as the data spells it (see credentials.ts for each one). */
type FieldRule = string;

export interface CatalogField {
    readonly key: string;
    readonly label: string;
    readonly secret: boolean;
    readonly required: boolean;
    readonly format: string | null;
    readonly rule: FieldRule | null;
}

export interface CatalogAuthType {
    readonly id: string;
    readonly label: string;
    readonly interactive: boolean;
    readonly fields: readonly CatalogField[];
}

export interface CatalogSystem {
    readonly id: string;
    readonly label: string;
    readonly authTypes: readonly CatalogAuthType[];
}

/** The shape of one entry of systems.json, as far as the emulator reads it. */
interface SystemRecord {
    readonly system_id: string;
    readonly label: string;
    readonly auth_types: readonly {
        readonly id: string;
        readonly label: string;
        readonly interactive: boolean;
        readonly fields: readonly CatalogField[];
    }[];
    readonly evidence: string;
    readonly sources: readonly string[];
    readonly notes: string;
}

const byId = new Map<string, CatalogSystem>(
    (rawCatalog as readonly SystemRecord[]).map((record) => [
        record.system_id,
        {
            id: record.system_id,
            label: record.label,
            authTypes: record.auth_types.map(({ id, label, interactive, fields }) => ({ id, label, interactive, fields })),
        },
    ]),
);

/** Every system, ordered by id as GET /systems lists them. */
export function catalogSystems(): CatalogSystem[] {
    return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function lookUpSystem(id: string): CatalogSystem | undefined {
    return byId.get(id);
}

export function lookUpAuthType(system: CatalogSystem, id: string): CatalogAuthType | undefined {
    return system.authTypes.find((authType) => authType.id === id);
}

/** The fields of a connector's auth type; none when the catalog no longer has it. */
export function fieldsOf(systemId: string, authTypeId: string): readonly CatalogField[] {
    const system = lookUpSystem(systemId);
    return (system && lookUpAuthType(system, authTypeId)?.fields) ?? [];
}
