// Mapping documents: Fabric keeps a service's field mappings in separate documents, named per
// (group, system, direction, entity) and shared by every service of the group with that system,
// direction and entity (fact sheet 3.6, 5). Their names and their inner encoding live here. Pure.
//
// INFERRED — the content encoding. [?] fact sheet 3.6 / open question 8: the structure of a
// mapping document's `content` is not defined in the evidence (Fabric stores the JSON string it is
// sent; Tapestry reads it). Chosen: the declared rows as a JSON list of
// {source?, destination, transforms: [{function, args}]}, keys in a fixed order, because it says
// exactly what the program declares and reads back unchanged; correct it here, in one edit, once
// a real document is seen.
import type { FactorySystem } from "../client/services";
import type { ServiceMappingRow } from "./types";

export type Direction = "pull" | "push";

/**
 * [?] fact sheet 3.6: which of a service's two documents (the source's pull document, the
 * destination's push document) holds the rows the dashboard's mapping tab shows is not stated.
 * Chosen: the destination's push document, because the docs group default mappings by the
 * destination connector; a service's declared `mappings` are written there and nowhere else.
 */
const DECLARED_MAPPINGS_DIRECTION: Direction = "push";

/** Fabric's default document name: "<factory_name>_<pull|push>_<entity>", lower-cased, spaces as "_". */
export function defaultDocumentName(systemFactoryName: string, direction: Direction, entity: string): string {
    return `${systemFactoryName}_${direction}_${entity}`.toLowerCase().replace(/ /g, "_");
}

/** The name of a template side's document: the factory-system's own default where Fabric gives it. */
function documentNameOf(side: FactorySystem, direction: Direction): string | undefined {
    if (side.defaultMapName) return side.defaultMapName.toLowerCase();
    const entity = side.entity ?? side.factory;
    return side.systemFactoryName && entity ? defaultDocumentName(side.systemFactoryName, direction, entity) : undefined;
}

/** A document's id: "<group username>_<name>" (Fabric lower-cases it to look it up). */
function documentId(groupUsername: string, name: string): string {
    return `${groupUsername}_${name}`.toLowerCase();
}

function canonicalRow(row: ServiceMappingRow): Record<string, unknown> {
    const canonical: Record<string, unknown> = {};
    if (row.source !== undefined && row.source !== null) canonical.source = row.source;
    canonical.destination = row.destination;
    canonical.transforms = (row.transforms ?? []).map((t) => ({
        function: t.function,
        args: Object.fromEntries(Object.entries(t.args ?? {}).sort(([a], [b]) => a.localeCompare(b))),
    }));
    return canonical;
}

export function encodeMappings(rows: readonly ServiceMappingRow[]): string {
    return JSON.stringify(rows.map(canonicalRow));
}

/** The rows of a document's content, or undefined when it is not in this encoding (the template's defaults, another tool's). */
export function decodeMappings(content: string): ServiceMappingRow[] | undefined {
    let parsed: unknown;
    try {
        parsed = JSON.parse(content);
    } catch {
        return undefined;
    }
    if (!Array.isArray(parsed)) return undefined;
    const rows: ServiceMappingRow[] = [];
    for (const item of parsed) {
        if (typeof item !== "object" || item === null || typeof (item as { destination?: unknown }).destination !== "string")
            return undefined;
        const { source, destination, transforms } = item as { source?: unknown; destination: string; transforms?: unknown };
        if (transforms !== undefined && !Array.isArray(transforms)) return undefined;
        const row: ServiceMappingRow = { destination, transforms: (transforms ?? []) as ServiceMappingRow["transforms"] };
        if (typeof source === "string") row.source = source;
        rows.push(row);
    }
    return rows;
}

/** Whether two declarations write the same document content. */
export function sameMappings(a: readonly ServiceMappingRow[], b: readonly ServiceMappingRow[]): boolean {
    return encodeMappings(a) === encodeMappings(b);
}

/** The documents a create of a service from this template resets to the template's defaults, by direction. */
export function documentsResetByCreate(
    groupUsername: string,
    source: FactorySystem,
    destination: FactorySystem,
): { direction: Direction; id: string; name: string }[] {
    const sides: [Direction, FactorySystem][] = [
        ["pull", source],
        ["push", destination],
    ];
    return sides.flatMap(([direction, side]) => {
        const name = documentNameOf(side, direction);
        return name ? [{ direction, name, id: documentId(groupUsername, name) }] : [];
    });
}

/** The document a service's declared mappings go to. */
export function declaredDocument(groupUsername: string, destination: FactorySystem): { id: string; name: string } | undefined {
    const name = documentNameOf(destination, DECLARED_MAPPINGS_DIRECTION);
    return name ? { name, id: documentId(groupUsername, name) } : undefined;
}
