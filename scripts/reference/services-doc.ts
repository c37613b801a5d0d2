// Renders docs/services.md, the reference of what a Service is built from on Fabric, from the
// bundled service catalog. Pure.
import type { SystemEntry } from "../../provider/catalog";
import type { BundledTemplate, ServiceCatalog } from "../../provider/catalog/services";
import { cell, paragraph, table } from "./systems-doc";

const code = (text: string): string => `\`${text}\``;

/** The catalog ids of the systems with this factory name (plan/interfaces.md: SystemEntry.factoryName). */
function catalogIdsOf(factoryName: string, systems: readonly SystemEntry[]): string {
    const ids = systems
        .filter((s) => (s as { id: string; factoryName?: string }).factoryName?.toLowerCase() === factoryName.toLowerCase())
        .map((s) => code(s.id));
    return ids.join(", ");
}

function limitsSection(catalog: ServiceCatalog): string[] {
    const { limits, defaults } = catalog;
    return [
        '<a id="rules"></a>',
        "## Rules Fabric checks (fact sheet 3.3, 7.13)",
        "",
        ...table(
            ["property", "rule", "default", "after the create"],
            [
                ["`name`", `${limits.nameMin}-${limits.nameMax} characters (code points)`, "the resource name", "update"],
                [
                    "`schedule`",
                    `at most ${limits.scheduleMax} characters: a cron expression (5 fields, optional year), ${catalog.scheduleMacros.map(code).join(", ")}, \`event\` or \`off\``,
                    code(defaults.schedule),
                    "update",
                ],
                [
                    "`source.pageSize`",
                    `whole number ${limits.pageSizeMin}-${limits.pageSizeMax}`,
                    `the template's, else ${defaults.pageSize}`,
                    "replace",
                ],
                [
                    "`source.maxAttempts`",
                    `whole number ${limits.maxAttemptsMin}-${limits.maxAttemptsMax}`,
                    `the template's, else ${defaults.maxAttempts}`,
                    "replace",
                ],
                ["`source.timezone`", "an IANA id, a PHP abbreviation or an offset such as `+01:00`", "the template's", "replace"],
                ["`active`", "within the subscription's allowance of active services", String(defaults.active), "update"],
            ],
        ),
        "",
    ];
}

function filterSection(catalog: ServiceCatalog): string[] {
    return [
        '<a id="filters"></a>',
        "## Filter types and operators (fact sheet 3.5)",
        "",
        paragraph(
            "A filter names the source's filter field by its key, an operator by Patchworks' key, and optionally a type; the account's filter fields decide which apply.",
        ),
        "",
        ...table(
            ["type", "operators", "evidence"],
            catalog.filterTypes.map((t) => [code(t.key), t.operators.map(code).join(" "), t.evidence]),
        ),
        "",
        ...table(
            ["operator", "key"],
            catalog.filterOperators.map((o) => [cell(o.name), code(o.key)]),
        ),
        "",
    ];
}

function templateRow(template: BundledTemplate, systems: readonly SystemEntry[]): string[] {
    return [
        code(template.source.systemFactoryName),
        catalogIdsOf(template.source.systemFactoryName, systems),
        code(template.source.factory),
        code(template.destination.systemFactoryName),
        catalogIdsOf(template.destination.systemFactoryName, systems),
        code(template.destination.factory),
        cell(template.name),
    ];
}

function templateSection(catalog: ServiceCatalog, systems: readonly SystemEntry[]): string[] {
    return [
        '<a id="templates"></a>',
        "## Service templates Fabric seeds (fact sheet 3.4)",
        "",
        paragraph(
            "A Service's `source.entity` and `destination.entity` are the factory names of one of these. The account's own templates (GET /service-templates) come first; this list serves offline, under `patchworks:catalogValidation`.",
        ),
        "",
        ...table(
            ["source system", "catalog ids", "source entity", "destination system", "catalog ids", "destination entity", "template"],
            catalog.templates.map((t) => templateRow(t, systems)),
        ),
        "",
    ];
}

export function renderServicesDoc(catalog: ServiceCatalog, systems: readonly SystemEntry[]): string {
    return [
        "<!-- Generated from provider/catalog/services.json by `npm run schema`; edit the catalog, not this file. -->",
        "",
        "# Services",
        "",
        paragraph(catalog.source),
        "",
        `${catalog.templates.length} service templates, ${catalog.filterTypes.length} filter types and ${catalog.filterOperators.length} filter operators.`,
        "",
        ...limitsSection(catalog),
        ...filterSection(catalog),
        ...templateSection(catalog, systems),
    ].join("\n");
}
