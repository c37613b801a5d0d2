// Renders docs/services.md, the reference of what a Service is made of, from the service catalog. Pure.
import type { SystemEntry } from "../../provider/catalog";
import type {
    Evidence,
    FilterOperator,
    ServiceCatalog,
    SystemServiceFacts,
    TransformFunction,
    TransformParameter,
} from "../../provider/catalog/services";
import { cell, paragraph, table } from "./systems-doc";

interface Sourced {
    readonly evidence: Evidence;
    readonly proxy?: string;
    readonly sources?: readonly string[];
    readonly notes?: string;
}

const code = (text: string): string => `\`${text}\``;
const codes = (values: readonly string[]): string => values.map(code).join(", ");

function evidenceText(item: Sourced): string {
    return item.proxy ? `${item.evidence} (${item.proxy})` : item.evidence;
}

/** Sources inside a table cell: numbered links, so the table stays readable. */
function links(sources: readonly string[] = []): string {
    return sources.map((source, i) => `[${i + 1}](${source})`).join(" ");
}

function sourceList(sources: readonly string[] = []): string[] {
    return sources.length === 0 ? [] : ["Sources:", "", ...sources.map((source) => `- <${source}>`), ""];
}

function count<T>(items: readonly T[], evidenceOf: (item: T) => Evidence): [number, number] {
    const documented = items.filter((item) => evidenceOf(item) === "documented").length;
    return [documented, items.length - documented];
}

// ---- Entities

function entitySection(catalog: ServiceCatalog): string[] {
    const rows = catalog.entityIds.map((id) => {
        const e = catalog.entities[id];
        return [code(id), cell(e.label), cell(e.aliases.join(", ")), evidenceText(e), cell(e.notes ?? ""), links(e.sources)];
    });
    return [
        "## Entities",
        "",
        "`source.entity` and `destination.entity` take one of these ids.",
        "",
        ...table(["entity", "label", "aliases", "evidence", "notes", "sources"], rows),
        "",
    ];
}

function directionText(facts: SystemServiceFacts | undefined, role: "source" | "destination"): string {
    const direction = facts?.[role];
    if (!direction || direction.entities.length === 0) return direction?.complete ? "**never**" : "any";
    const ids = codes(direction.entities.map((cell) => cell.id));
    return direction.complete ? `**only** ${ids}` : `${ids} documented; any accepted`;
}

function systemDetails(id: string, label: string, facts: SystemServiceFacts): string[] {
    const cells = (["source", "destination"] as const).flatMap((role) =>
        facts[role].entities.map(
            (c) => `- ${code(c.id)} as ${role}: ${c.evidence}${c.notes ? `. ${paragraph(c.notes)}` : ""} ${links(c.sources)}`,
        ),
    );
    const proxy = facts.processFlowProxy;
    return [
        `<a id="system-${id}"></a>`,
        "",
        `### ${paragraph(label)} (${code(id)})`,
        "",
        `Services page: ${facts.servicesPage ? "yes" : "no"}. ${paragraph(facts.notes)}`,
        "",
        `- As source: ${facts.source.complete ? "complete list. " : ""}${paragraph(facts.source.notes)}`,
        `- As destination: ${facts.destination.complete ? "complete list. " : ""}${paragraph(facts.destination.notes)}`,
        ...(facts.filters
            ? [`- Filters (${facts.filters.evidence}): ${paragraph(facts.filters.notes ?? "")} ${links(facts.filters.sources)}`]
            : []),
        ...cells,
        ...(proxy
            ? [
                  `- Process-flow blueprints (not services): as source ${paragraph(proxy.asSource.join("; "))}; ` +
                      `as destination ${paragraph(proxy.asDestination.join("; "))}. ${links(proxy.sources)}`,
              ]
            : []),
        "",
        ...sourceList(facts.sources),
    ];
}

function systemsSection(catalog: ServiceCatalog, systems: readonly SystemEntry[]): string[] {
    const sorted = [...systems].sort((a, b) => (a.id < b.id ? -1 : 1));
    const rows = sorted.map((system) => {
        const facts = catalog.systems[system.id] as SystemServiceFacts | undefined;
        const name = facts ? `[${code(system.id)}](#system-${system.id})` : code(system.id);
        const filters = !facts?.filters
            ? "yes"
            : !facts.filters.available
              ? "**none**"
              : facts.filters.eachFieldOnce
                ? "each field once"
                : "yes";
        return [name, cell(system.label), directionText(facts, "source"), directionText(facts, "destination"), filters];
    });
    const covered = sorted.filter((system) => catalog.systems[system.id]);
    return [
        "## Entities per system",
        "",
        "**only**: the catalog knows the whole list, and `pulumi preview` refuses any other entity in that direction. " +
            "**never**: the system is not used on that side. An open list shows the entities documented for services; " +
            "any known entity is accepted, because the rest is not known. **any**: no services evidence, so any known entity. " +
            "*filters*: what the system takes as a source's filters.",
        "",
        ...table(["system", "label", "as source", "as destination", "filters"], rows),
        "",
        ...covered.flatMap((system) => systemDetails(system.id, system.label, catalog.systems[system.id])),
    ];
}

// ---- Filters

function operatorRow(operator: FilterOperator): string[] {
    const e = operator.example;
    return [
        code(operator.id),
        cell(operator.label),
        `[${operator.valueFormat}](#value-formats)`,
        code(`{ field: "${e.field}", operator: "${e.operator}", value: "${e.value}" }`),
        evidenceText(operator),
        `${code(operator.research.id)}: ${cell(operator.research.label)}`,
    ];
}

function filtersSection(catalog: ServiceCatalog): string[] {
    const operators = catalog.operatorIds.map((id) => catalog.filterOperators[id]);
    const formats = Object.entries(catalog.valueFormats).map(([id, format]) => [
        code(id),
        cell(format.description),
        codes(format.examples ?? [format.example]),
        format.units ? codes(format.units) : "",
    ]);
    return [
        "## Filters",
        "",
        `Each filter is \`{ field, operator, value }\`; the rows are AND-ed. A value is text of at most ${catalog.limits.filterValueLength.value} characters ` +
            "in the operator's value format. The operator ids are the provider's: the services docs do not name their operators, so " +
            "each row gives the research's id and label it stands for.",
        "",
        ...table(["operator", "label", "value", "example", "evidence", "research"], operators.map(operatorRow)),
        "",
        ...operators.map((o) =>
            `- ${code(o.id)}: ${paragraph(o.notes ?? "")} Field types: ${paragraph(o.fieldTypes.join(", "))}. ${links(o.sources)}`.trimEnd(),
        ),
        "",
        '<a id="value-formats"></a>',
        "",
        "### Value formats",
        "",
        ...table(["format", "accepts", "examples", "units"], formats),
        "",
        "Not operators here:",
        "",
        ...catalog.filterOperatorsNotIncluded.map((item) => `- ${paragraph(item.name)}: ${paragraph(item.why)}. ${links(item.sources)}`),
        "",
    ];
}

// ---- Transforms

function argumentRow(parameter: TransformParameter): string[] {
    const allowed = parameter.allowedValues ? codes(parameter.allowedValues.map((v) => JSON.stringify(v))) : "";
    return [
        code(parameter.name),
        `[${parameter.type}](#argument-types)${parameter.minimum === undefined ? "" : `, from ${parameter.minimum}`}`,
        parameter.required ? "yes" : "no",
        allowed || (parameter.type === "enum" ? "not known: any non-empty text" : ""),
        parameter.evidence,
        cell(parameter.notes ?? ""),
    ];
}

function transformSection(transform: TransformFunction): string[] {
    const args = transform.parameters.filter((p) => p.role === "arg");
    const sourceFields = transform.parameters.filter((p) => p.role === "source");
    const reads =
        transform.valueFrom === "none"
            ? "Makes the value: a mapping that starts with it needs no `source`."
            : "Transforms the value it is given: the mapping's `source`, or the previous transform's result." +
              (sourceFields.length > 0 ? ` Its source fields (${codes(sourceFields.map((p) => p.name))}) are not arguments.` : "");
    const renamed = transform.parameters.filter((p) => p.research);
    return [
        `<a id="transform-${transform.id}"></a>`,
        "",
        `### ${code(transform.id)} (${paragraph(transform.label)})`,
        "",
        `${paragraph(transform.description)} Evidence: **${evidenceText(transform)}**.${transform.customScript ? " Counts as a custom script." : ""}`,
        "",
        reads,
        "",
        ...(args.length === 0
            ? ["No arguments: `args` is `{}` or left out."]
            : table(["argument", "type", "required", "allowed values", "evidence", "notes"], args.map(argumentRow))),
        "",
        ...renamed.map((p) => `The argument ${code(p.name)} stands for the research's ${codes(p.research?.parameters ?? [])}.`),
        ...(renamed.length > 0 ? [""] : []),
        ...(transform.notes ? [`Notes: ${paragraph(transform.notes)}`, ""] : []),
        ...sourceList(transform.sources),
    ];
}

function transformsSection(catalog: ServiceCatalog): string[] {
    const transforms = catalog.transformIds.map((id) => catalog.transforms[id]);
    const rows = transforms.map((t) => [
        `[${code(t.id)}](#transform-${t.id})`,
        cell(t.label),
        t.group,
        t.valueFrom === "none" ? "no" : "yes",
        codes(t.parameters.filter((p) => p.role === "arg").map((p) => (p.required ? p.name : `${p.name}?`))) || "none",
        evidenceText(t),
    ]);
    const types = Object.entries(catalog.argumentTypes).map(([id, type]) => [code(id), cell(type.description)]);
    const php = catalog.argumentTypes["php-date-format"];
    return [
        "## Transforms",
        "",
        "A mapping is `{ source?, destination, transforms? }`; each transform is `{ function, args }`. `args` are the function's " +
            "arguments (its parameters except its source fields, which the mapping's `source` gives); `?` marks an optional one. " +
            `A mapping has at most ${catalog.limits.customScriptsPerMapping.value} custom-script transforms.`,
        "",
        ...table(["function", "label", "group", "reads a value", "arguments", "evidence"], rows),
        "",
        "Rules:",
        "",
        ...catalog.transformRules.map((r) => `- ${paragraph(r.rule)} (${evidenceText(r)}) ${links(r.sources)}`.trimEnd()),
        "",
        '<a id="argument-types"></a>',
        "",
        "### Argument types",
        "",
        ...table(["type", "accepts"], types),
        "",
        `PHP date format characters: ${code(php.characters ?? "")}. ${paragraph(php.notes ?? "")} ${links(php.sources)}`,
        "",
        ...transforms.flatMap(transformSection),
        "Searched for and not found (so not in the catalog):",
        "",
        ...catalog.transformsNotFound.map((t) => `- ${paragraph(t.name)}: ${paragraph(t.result)}`),
        "",
    ];
}

// ---- Trigger, limits, defaults, rules

function triggerSection(catalog: ServiceCatalog): string[] {
    const schedule = catalog.trigger.schedule;
    const fields = schedule.fields.map((f) => [
        cell(f.name),
        `${f.min}-${f.max}`,
        f.names ? `${f.names[0]}-${f.names[f.names.length - 1]}` : "",
        cell(f.notes ?? ""),
    ]);
    return [
        "## Trigger",
        "",
        `\`trigger\` is \`{ schedule: "${schedule.example}" }\` or \`{ webhook: true }\`, or left out (then \`active\` must be false).`,
        "",
        ...catalog.trigger.kinds.map((k) => `- ${code(k.id)} (${k.evidence}): ${paragraph(k.notes)} ${links(k.sources)}`),
        "",
        `Schedule (in ${schedule.timezone}): ${paragraph(schedule.format)}. Evidence: **${evidenceText(schedule)}**. ${paragraph(schedule.notes ?? "")}`,
        "",
        "Each field is `*`, a value, a range `a-b`, a step `*/n`, `a-b/n` or `a/n`, or a comma-separated list of these; names are case-insensitive.",
        "",
        ...table(["field", "values", "names", "notes"], fields),
        "",
        ...sourceList(schedule.sources),
    ];
}

function limitsSection(catalog: ServiceCatalog): string[] {
    const rows = Object.entries(catalog.limits).map(([name, limit]) => {
        const value = "value" in limit ? String(limit.value) : `${limit.min}-${limit.max}`;
        return [code(name), value, evidenceText(limit), cell(limit.notes ?? ""), links(limit.sources)];
    });
    const defaults = Object.entries(catalog.defaults).map(([name, d]) => [
        code(name),
        code(JSON.stringify(d.value)),
        evidenceText(d),
        cell(d.notes ?? ""),
        links(d.sources),
    ]);
    return [
        "## Limits",
        "",
        ...table(["limit", "value", "evidence", "notes", "sources"], rows),
        "",
        "## Defaults",
        "",
        ...table(["input", "default", "evidence", "notes", "sources"], defaults),
        "",
    ];
}

function rulesSection(catalog: ServiceCatalog): string[] {
    return [
        "## Rules",
        "",
        ...table(
            ["rule", "evidence", "notes", "sources"],
            catalog.rules.map((r) => [cell(r.rule), evidenceText(r), cell(r.notes ?? ""), links(r.sources)]),
        ),
        "",
    ];
}

function summary(catalog: ServiceCatalog): string[] {
    const entities = catalog.entityIds.map((id) => catalog.entities[id]);
    const operators = catalog.operatorIds.map((id) => catalog.filterOperators[id]);
    const transforms = catalog.transformIds.map((id) => catalog.transforms[id]);
    const args = transforms.flatMap((t) => t.parameters.filter((p) => p.role === "arg"));
    const cells = Object.values(catalog.systems).flatMap((s) => [...s.source.entities, ...s.destination.entities]);
    const limits = Object.values(catalog.limits);
    const rows: [string, [number, number]][] = [
        ["entities", count(entities, (e) => e.evidence)],
        ["entities per system (documented cells)", count(cells, (c) => c.evidence)],
        ["filter operators", count(operators, (o) => o.evidence)],
        ["transform functions", count(transforms, (t) => t.evidence)],
        ["transform arguments", count(args, (p) => p.evidence)],
        ["trigger kinds and schedule format", count([...catalog.trigger.kinds, catalog.trigger.schedule], (k) => k.evidence)],
        ["limits", count(limits, (l) => l.evidence)],
        ["rules", count([...catalog.rules, ...catalog.transformRules], (r) => r.evidence)],
    ];
    return table(
        ["part", "documented", "inferred"],
        rows.map(([part, [documented, inferred]]) => [part, String(documented), String(inferred)]),
    );
}

export function renderServicesDoc(catalog: ServiceCatalog, systems: readonly SystemEntry[]): string {
    const lines = [
        "# Services reference",
        "",
        "<!-- Generated from provider/catalog/services.json by `npm run schema`; edit the catalog, not this file. -->",
        "",
        `What a \`patchworks.Service\` is made of and what \`pulumi preview\` checks: ${catalog.entityIds.length} entities, ` +
            `${catalog.operatorIds.length} filter operators and ${catalog.transformIds.length} transform functions, each with its evidence.`,
        "",
        `- **documented**: ${paragraph(catalog.meta.evidence.documented)}.`,
        `- **inferred**: ${paragraph(catalog.meta.evidence.inferred)}. Confirm an inferred entry in the Patchworks dashboard before relying on it.`,
        ...catalog.meta.notes.map((note) => `- ${paragraph(note)}`),
        "",
        ...summary(catalog),
        "",
        ...entitySection(catalog),
        ...systemsSection(catalog, systems),
        ...filtersSection(catalog),
        ...transformsSection(catalog),
        ...triggerSection(catalog),
        ...limitsSection(catalog),
        ...rulesSection(catalog),
    ];
    return `${lines.join("\n").trimEnd()}\n`;
}
