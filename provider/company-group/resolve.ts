// Which company group of the account a declaration means, and the username Fabric derives from a
// group's name. Shared by the Connector (its `companyGroup`), the CompanyGroup resource and the
// lookups. Pure.
import type { FabricGroup } from "../client/company-groups";

const LISTED_GROUPS = 20;

/** `"UK Store" (username uk_store), ...`, at most twenty. */
function describeGroups(groups: readonly FabricGroup[]): string {
    const names = groups.map((g) => `"${g.name}" (username ${g.username})`);
    const more = names.length > LISTED_GROUPS ? ` and ${names.length - LISTED_GROUPS} more` : "";
    return `${names.slice(0, LISTED_GROUPS).join(", ")}${more}`;
}

export type GroupResolution = { kind: "found"; group: FabricGroup } | { kind: "problem"; reason: string };

/**
 * A group by name or username (trimmed, case-insensitive); omitted, the account's only group. A
 * username match wins over a name match, since a username never changes.
 */
export function resolveCompanyGroup(groups: readonly FabricGroup[], declared: string | undefined): GroupResolution {
    const wanted = (declared ?? "").trim().toLowerCase();
    if (wanted === "") {
        if (groups.length === 1) return { kind: "found", group: groups[0] };
        return {
            kind: "problem",
            reason:
                groups.length === 0
                    ? "companyGroup is omitted and the Patchworks account has no company group yet; declare a CompanyGroup and pass its username"
                    : `companyGroup is omitted, but the Patchworks account has ${groups.length} company groups: ${describeGroups(groups)}; set companyGroup to one of them`,
        };
    }
    const group = groups.find((g) => g.username.toLowerCase() === wanted) ?? groups.find((g) => g.name.trim().toLowerCase() === wanted);
    if (group) return { kind: "found", group };
    return {
        kind: "problem",
        reason:
            `companyGroup "${(declared ?? "").trim()}" is not a company group of this Patchworks account (${groups.length === 0 ? "it has none" : `its groups are ${describeGroups(groups)}`}). ` +
            `Use one of those names or usernames, or declare a CompanyGroup and pass its username.`,
    };
}

/**
 * The username Fabric stores for a name (fact sheet 3.2: `Str::slug(input, "_")`): ASCII,
 * lower-case, "@" as "at", dashes and whitespace as single underscores, every other character
 * dropped, no underscore at either end. The one place that knows this rule.
 */
export function usernameFromName(name: string): string {
    return name
        .normalize("NFKD")
        .replace(/[\u0300-\u036f]/g, "")
        .replace(/-+/g, "_")
        .replace(/@/g, "_at_")
        .toLowerCase()
        .replace(/[^_\p{L}\p{N}\s]+/gu, "")
        .replace(/[_\s]+/g, "_")
        .replace(/^_+|_+$/g, "");
}
