// The bundled service catalog (services.json): Fabric's seeded service templates, its filter types
// and operators, and the service rules of the fact sheet. The account's own answers come first;
// this serves offline, in unit tests and where the account is silent.
import { z } from "zod";
import { findSystem } from "./index";
import raw from "./services.json";

const sideSchema = z.object({ systemFactoryName: z.string().min(1), factory: z.string().min(1) });

const catalogSchema = z.object({
    source: z.string(),
    limits: z.object({
        nameMin: z.number(),
        nameMax: z.number(),
        scheduleMax: z.number(),
        pageSizeMin: z.number(),
        pageSizeMax: z.number(),
        maxAttemptsMin: z.number(),
        maxAttemptsMax: z.number(),
        environmentMin: z.number(),
    }),
    defaults: z.object({ pageSize: z.number(), maxAttempts: z.number(), schedule: z.string(), active: z.boolean() }),
    scheduleMacros: z.array(z.string()),
    filterOperators: z.array(z.object({ name: z.string(), key: z.string() })),
    filterTypes: z.array(z.object({ key: z.string(), operators: z.array(z.string()), evidence: z.enum(["fabric", "inferred"]) })),
    templates: z.array(z.object({ name: z.string(), source: sideSchema, destination: sideSchema })),
});

export type ServiceCatalog = z.infer<typeof catalogSchema>;
export type BundledTemplate = ServiceCatalog["templates"][number];
export type FilterTypeEntry = ServiceCatalog["filterTypes"][number];

export const serviceCatalog: ServiceCatalog = Object.freeze(catalogSchema.parse(raw));

/** Names compare the way a user types them: case, spaces, "_" and "-" do not matter. */
export function sameName(a: string, b: string): boolean {
    const plain = (name: string) => name.toLowerCase().replace(/[\s_-]+/g, "");
    return plain(a) === plain(b);
}

/** The filter type of this key (Fabric's keys are case-sensitive, "TIME" but "string"; matched leniently). */
export function findFilterType(key: string): FilterTypeEntry | undefined {
    return serviceCatalog.filterTypes.find((t) => t.key === key) ?? serviceCatalog.filterTypes.find((t) => sameName(t.key, key));
}

export const filterOperatorKeys: readonly string[] = [...new Set(serviceCatalog.filterOperators.map((o) => o.key))];

/**
 * Patchworks' factory name of a catalog system ("magento-2" -> "Magentotwo"), per the catalog's
 * SystemEntry.factoryName (plan/interfaces.md). Typed by the one field read, so this module does
 * not depend on the rest of the entry's shape.
 */
export function factoryNameOf(systemId: string): string | undefined {
    const entry: { id: string; factoryName?: string } | undefined = findSystem(systemId);
    return entry?.factoryName;
}

/** The bundled templates from one system's entity, in the catalog's order. */
export function bundledTemplatesFrom(sourceFactoryName: string, entity: string): BundledTemplate[] {
    return serviceCatalog.templates.filter(
        (t) => sameName(t.source.systemFactoryName, sourceFactoryName) && sameName(t.source.factory, entity),
    );
}
