// Renders docs/systems.md, the per-system reference, from the catalog. Pure.
import type { AuthType, CredentialField, FormatCheck, SystemEntry } from "../../provider/catalog";
import { credentialsTypeToken } from "./schema";

/** Catalog text as Markdown: a "<" would open an HTML tag. */
export function paragraph(text: string): string {
    return text.replace(/</g, "&lt;");
}

/** Catalog text inside a Markdown table cell: also no pipes and no line breaks. */
export function cell(text: string): string {
    return paragraph(text)
        .replace(/\s*\n\s*/g, " ")
        .replace(/\|/g, "\\|");
}

const yesNo = (flag: boolean): string => (flag ? "yes" : "no");

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
    return [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...rows.map((row) => `| ${row.join(" | ")} |`)];
}

function checkText(check: FormatCheck): string {
    const detail =
        check.kind === "suffix"
            ? ` ${check.suffix}`
            : check.kind === "prefix"
              ? ` ${check.prefix}`
              : check.kind === "https-host"
                ? ` ${check.hosts.join(", ")}`
                : check.kind === "one-of"
                  ? ` ${check.values.join(", ")}`
                  : "";
    return `\`${check.kind}${detail}\` (${check.evidence})`;
}

function fieldRow(field: CredentialField): string[] {
    return [
        `\`${field.key}\``,
        cell(field.label),
        yesNo(field.required),
        yesNo(field.secret),
        field.evidence,
        field.secret && !field.maskedOnRead ? "no: returned in clear" : field.maskedOnRead ? "yes" : "",
        field.rule ? cell(field.rule) : "",
        field.checks.map(checkText).join(", "),
    ];
}

function authTypeSection(system: SystemEntry, authType: AuthType): string[] {
    const flags = Object.entries(authType.flags).map(([key, value]) => `\`${key}: ${JSON.stringify(value)}\``);
    const fields =
        authType.fields.length === 0
            ? ["No credential fields."]
            : table(
                  ["key", "label", "required", "secret", "evidence", "masked on read", "rule", "checked as"],
                  authType.fields.map(fieldRow),
              );
    return [
        `### \`${authType.id}\`: ${paragraph(authType.label)}`,
        "",
        `Evidence: ${authType.evidence}. Schema type: \`${credentialsTypeToken(system, authType)}\`.` +
            (flags.length > 0 ? ` The provider sets ${flags.join(", ")}.` : "") +
            (authType.requireOneOf.length > 0
                ? ` Set at least one of ${authType.requireOneOf.map((group) => group.map((k) => `\`${k}\``).join(" or ")).join("; ")}.`
                : "") +
            (authType.updateResendKeys.length > 0
                ? ` Every credentials update sends again: ${authType.updateResendKeys.map((k) => `\`${k}\``).join(", ")}.`
                : ""),
        "",
        ...fields,
        "",
    ];
}

function creation(system: SystemEntry): string {
    if (system.oauthOnly) {
        return "Pulumi cannot create it: authorise the connector in the Patchworks dashboard (OAuth), then declare it with `adopt: true`.";
    }
    if (!system.fabricDriver) {
        return "Patchworks' API had no credential driver for it in the 2023 evidence: creating it may fail; adopting works.";
    }
    return "Pulumi creates it; Patchworks verifies the credentials with the system first.";
}

function systemSection(system: SystemEntry): string[] {
    const defaults = [
        system.defaultTimezone ? `time zone \`${system.defaultTimezone}\`` : "",
        system.defaultDateFormat ? `date format \`${system.defaultDateFormat}\`` : "",
    ].filter(Boolean);
    return [
        `<a id="${system.id}"></a>`,
        "",
        `## ${paragraph(system.label)} (\`${system.id}\`)`,
        "",
        `Evidence: **${system.evidence}**. Patchworks system \`${system.factoryName}\` (${paragraph(system.fabricName)}). ${creation(system)}`,
        "",
        `Auth types: ${system.authTypes.map((a) => `\`${a.id}\``).join(", ")}` +
            (system.authTypes.length > 1 ? " (set `authType`)." : " (`authType` may be omitted).") +
            (defaults.length > 0 ? ` Patchworks' defaults: ${defaults.join(", ")}.` : "") +
            (system.duplicateCheckMissed
                ? " Patchworks' own duplicate check misses this system (a second connector overwrites the first): the provider checks before creating."
                : ""),
        "",
        ...system.authTypes.flatMap((authType) => authTypeSection(system, authType)),
        ...(system.notes ? [`Notes: ${paragraph(system.notes)}`, ""] : []),
    ];
}

function summaryRow(system: SystemEntry): string[] {
    const authTypes = system.authTypes.map((a) => `\`${a.id}\``).join(", ");
    const how = system.oauthOnly ? "adopt only (OAuth)" : system.fabricDriver ? "create" : "adopt (no driver)";
    return [`[\`${system.id}\`](#${system.id})`, cell(system.label), `\`${system.factoryName}\``, system.evidence, authTypes, how];
}

export function renderSystemsDoc(systems: readonly SystemEntry[]): string {
    const sorted = [...systems].sort((a, b) => (a.id < b.id ? -1 : 1)); // code units: locale-independent
    const count = (evidence: string) => sorted.filter((s) => s.evidence === evidence).length;
    const lines = [
        "# Systems reference",
        "",
        "<!-- Generated from provider/catalog/systems.json by `npm run schema`; edit the catalog, not this file. -->",
        "",
        `Every system a \`patchworks.Connector\` can connect: ${sorted.length} systems, ` +
            `${count("fabric")} from Patchworks' own rules, ${count("docs")} from its docs and ${count("inferred")} inferred.`,
        "",
        "- `system` is the id, `authType` one of the system's auth types, `credentials` Patchworks' own keys for it.",
        "- Evidence: **fabric**: Patchworks' credential rules; **docs**: Patchworks' documentation; **inferred**: a best guess. " +
            "A check resting only on an inferred rule fails the preview under `patchworks:catalogValidation=strict` (the default), " +
            "warns under `warn` and is skipped under `off`.",
        "- *secret* fields belong in `pulumi config set --secret`; every credential is stored as a secret regardless. " +
            "Some secrets come back from Patchworks in clear (*masked on read*: no); the provider never puts them in state.",
        "- *checked as*: the format `pulumi preview` enforces on the value, with its evidence. Values with spaces at either end fail: Patchworks would trim them.",
        "",
        ...table(["id", "system", "Patchworks system", "evidence", "auth types", "Pulumi can"], sorted.map(summaryRow)),
        "",
        ...sorted.flatMap(systemSection),
    ];
    return `${lines.join("\n").trimEnd()}\n`;
}
