// Names in an exported program: resource names people can read (`shopify-uk-live`,
// `uk-orders-to-netsuite`), unique and stable (the same account exports to the same names), and
// the TypeScript variables that hold them. Pure.
import { createHash } from "node:crypto";

const MAX_SLUG = 60;

/** "UK orders → NetSuite (live)" -> "uk-orders-netsuite-live"; accents dropped; "" when nothing readable is left. */
export function slugify(text: string): string {
    const slug = text
        .normalize("NFKD")
        .replace(/\p{M}/gu, "")
        .toLowerCase()
        .replace(/&/g, " and ")
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-+|-+$/g, "");
    if (slug.length <= MAX_SLUG) return slug;
    const cut = slug.slice(0, MAX_SLUG);
    return (cut.includes("-") ? cut.slice(0, cut.lastIndexOf("-")) : cut).replace(/-+$/, "");
}

/** A short, stable stand-in for text that has no readable slug (a group named in another script). */
function shortHash(text: string): string {
    return createHash("sha256").update(text).digest("hex").slice(0, 6);
}

/** `shopify-uk-store-live`: system, company group, environment. */
export function connectorBaseName(key: { system: string; environment: string; companyGroup: string }): string {
    const group = slugify(key.companyGroup) || `group-${shortHash(key.companyGroup.trim().toLowerCase())}`;
    return `${slugify(key.system)}-${group}-${key.environment}`;
}

/** The service's name as a slug; `service-<id>` when the name has nothing readable. */
export function serviceBaseName(service: { id: string; name: string }): string {
    return slugify(service.name) || `service-${slugify(service.id) || shortHash(service.id)}`;
}

/** Ids compare as numbers when they are numbers (Patchworks ids are), so "9" comes before "10". */
export function compareIds(a: string, b: string): number {
    return a.localeCompare(b, "en", { numeric: true });
}

/**
 * Unique names for items that want `base(item)`: where several want the same name, the one with
 * the lowest id keeps it and the others get `-2`, `-3`, ... by id, never a name another item wants.
 */
export function uniqueNames<T extends { id: string }>(items: readonly T[], base: (item: T) => string): Map<T, string> {
    const wanted = new Map<T, string>(items.map((item) => [item, base(item)]));
    const taken = new Set(wanted.values());
    const names = new Map<T, string>();
    const claimed = new Set<string>();
    const byId = [...items].sort((a, b) => compareIds(a.id, b.id));
    const later: T[] = [];
    for (const item of byId) {
        const name = wanted.get(item) as string;
        if (claimed.has(name)) later.push(item);
        else {
            claimed.add(name);
            names.set(item, name);
        }
    }
    for (const item of later) {
        const name = wanted.get(item) as string;
        let n = 2;
        while (taken.has(`${name}-${n}`) || claimed.has(`${name}-${n}`)) n++;
        claimed.add(`${name}-${n}`);
        names.set(item, `${name}-${n}`);
    }
    return names;
}

const RESERVED = new Set(
    (
        "break case catch class const continue debugger default delete do else enum export extends false finally for function if " +
        "import in instanceof new null return super switch this throw true try typeof var void while with as implements interface " +
        "let package private protected public static yield await any boolean number string symbol type of undefined " +
        "pulumi patchworks"
    ).split(" "),
);

/** `shopify-uk-live` -> `shopifyUkLive`, a valid identifier that is not a keyword or an import of the program. */
export function identifierFor(resourceName: string): string {
    const camel = resourceName.replace(/-+([a-z0-9])/g, (_, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9_$]/g, "");
    return /^[0-9]/.test(camel) || RESERVED.has(camel) || camel === "" ? `_${camel}` : camel;
}

/** Identifiers for names that are unique already; two names may camel-case alike ("a-1b", "a1b"). */
export function uniqueIdentifiers(resourceNames: readonly string[]): Map<string, string> {
    const identifiers = new Map<string, string>();
    const used = new Set<string>();
    for (const name of resourceNames) {
        const base = identifierFor(name);
        let identifier = base;
        for (let n = 2; used.has(identifier); n++) identifier = `${base}${n}`;
        used.add(identifier);
        identifiers.set(name, identifier);
    }
    return identifiers;
}
