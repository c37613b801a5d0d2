// The catalog as this account sees it (CONTRACT 5): key names and auth types come from the account's
// systems answer, united with the bundled catalog's; the rules and which keys are secret come from
// the bundled catalog only. Without the account's answer (offline, unit tests) the bundled catalog
// serves alone. Pure.
import { findSystem, systemsForFactoryName, type AuthType, type CredentialField, type SystemEntry } from "../catalog";
import type { FabricSystem } from "../client/systems";
import { memoised } from "../memo";

export const FALLBACK_TIMEZONE = "UTC";
export const FALLBACK_DATE_FORMAT = "c";

export interface SystemView {
    /** The bundled entry with the account's auth types and form keys added. */
    entry: SystemEntry;
    /** The account's own system, when its answer has it: its numeric id is what a create sends. */
    fabric?: FabricSystem;
    /** The system's default in Fabric, else the bundled catalog's, else UTC / "c". */
    defaultTimezone: string;
    defaultDateFormat: string;
}

/** Factory names compare as Fabric's driver lookup does: case-insensitively, spaces ignored ("Dynamics Nav" = "DynamicsNav"). */
export function sameFactory(a: string, b: string): boolean {
    return normalisedFactory(a) === normalisedFactory(b);
}

/** A factory name as `sameFactory` compares it; remembered, since a create compares it with every connector of the account. */
export const normalisedFactory = memoised((name) => name.replace(/\s+/g, "").toLowerCase());

/**
 * A key only the account's form names: [?] nothing in the evidence says whether it is secret, so it
 * is treated as one (never printed, never read back from Fabric), and as optional (the bundled
 * catalog's rules decide what is required).
 */
function accountOnlyField(key: string): CredentialField {
    return { key, label: key, secret: true, required: false, evidence: "inferred", maskedOnRead: false, checks: [] };
}

function withFormKeys(authType: AuthType, formKeys: readonly string[]): AuthType {
    const known = new Set([...authType.fields.map((f) => f.key), ...Object.keys(authType.flags)]);
    const added = formKeys.filter((key) => !known.has(key)).map(accountOnlyField);
    return added.length === 0 ? authType : { ...authType, fields: [...authType.fields, ...added] };
}

function mergedAuthTypes(entry: SystemEntry, fabric: FabricSystem): AuthType[] {
    const merged = entry.authTypes.map((authType) => {
        const offered = fabric.authTypes.find((t) => t.name === authType.id);
        return offered ? withFormKeys(authType, offered.formKeys) : authType;
    });
    for (const offered of fabric.authTypes) {
        if (merged.some((a) => a.id === offered.name)) continue;
        merged.push({
            id: offered.name,
            label: offered.name,
            fields: offered.formKeys.map(accountOnlyField),
            flags: {},
            updateResendKeys: [],
            requireOneOf: [],
            evidence: "inferred",
        });
    }
    return merged;
}

function fabricSystemOf(entry: SystemEntry, fabricSystems: readonly FabricSystem[] | undefined): FabricSystem | undefined {
    return fabricSystems?.find((s) => sameFactory(s.factoryName, entry.factoryName));
}

function systemView(entry: SystemEntry, fabricSystems?: readonly FabricSystem[]): SystemView {
    const fabric = fabricSystemOf(entry, fabricSystems);
    return {
        entry: fabric ? { ...entry, authTypes: mergedAuthTypes(entry, fabric) } : entry,
        fabric,
        defaultTimezone: fabric?.timeZone ?? entry.defaultTimezone ?? FALLBACK_TIMEZONE,
        defaultDateFormat: fabric?.dateFormat ?? entry.defaultDateFormat ?? FALLBACK_DATE_FORMAT,
    };
}

/** Looks a catalog id up as this account sees it. */
export type SystemLookup = (catalogId: string) => SystemView | undefined;

export function accountCatalog(fabricSystems?: readonly FabricSystem[]): SystemLookup {
    return (catalogId) => {
        const entry = findSystem(catalogId);
        return entry && systemView(entry, fabricSystems);
    };
}

/**
 * Whether a credential key is secret: the bundled catalog says, never Fabric's masking; a key it
 * does not know counts as secret.
 */
export function isSecretKey(authType: AuthType | undefined, key: string): boolean {
    return authType?.fields.find((f) => f.key === key)?.secret ?? true;
}

/**
 * The bundled entry of a Fabric factory name (a connector's system as Fabric reports it); where
 * several catalog ids share one Fabric system they share its credential rules, so the first serves.
 */
export function entryOfFactory(factoryName: string): SystemEntry | undefined {
    return systemsForFactoryName(factoryName)[0];
}
