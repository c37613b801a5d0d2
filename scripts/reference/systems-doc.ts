// Renders docs/systems.md, the per-system reference, from the catalog. Pure.
import type { AuthType, CredentialField, SystemEntry } from "../../provider/catalog";
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

function fieldRow(field: CredentialField): string[] {
    return [
        `\`${field.key}\``,
        cell(field.label),
        yesNo(field.required),
        yesNo(field.secret),
        field.format ? cell(field.format) : "",
        field.rule ? `\`${field.rule}\`` : "",
    ];
}

function authTypeSection(system: SystemEntry, authType: AuthType): string[] {
    const how = authType.interactive
        ? "Interactive OAuth: Pulumi cannot create it. Authorise the connector in the Patchworks dashboard, " +
          "then declare it with `adopt: true`."
        : "Pulumi creates it headlessly.";
    const fields =
        authType.fields.length === 0
            ? ["No credential fields: omit `credentials`."]
            : table(["key", "label", "required", "secret", "format", "checked as"], authType.fields.map(fieldRow));
    return [
        `### \`${authType.id}\`: ${paragraph(authType.label)}`,
        "",
        `${how} Schema type: \`${credentialsTypeToken(system, authType)}\`.`,
        "",
        ...fields,
        "",
    ];
}

function systemSection(system: SystemEntry): string[] {
    return [
        `<a id="${system.id}"></a>`,
        "",
        `## ${paragraph(system.label)} (\`${system.id}\`)`,
        "",
        `Evidence: **${system.evidence}**. Auth types: ${system.authTypes.map((a) => `\`${a.id}\``).join(", ")}` +
            (system.authTypes.length > 1 ? " (set `authType`)." : " (`authType` may be omitted)."),
        "",
        ...system.authTypes.flatMap((authType) => authTypeSection(system, authType)),
        `Notes: ${paragraph(system.notes)}`,
        "",
        "Sources:",
        "",
        ...system.sources.map((source) => `- <${source}>`),
        "",
    ];
}

function summaryRow(system: SystemEntry): string[] {
    const authTypes = system.authTypes.map((a) => `\`${a.id}\`${a.interactive ? " (interactive OAuth)" : ""}`);
    return [`[\`${system.id}\`](#${system.id})`, cell(system.label), system.evidence, authTypes.join(", ")];
}

export function renderSystemsDoc(systems: readonly SystemEntry[]): string {
    const sorted = [...systems].sort((a, b) => (a.id < b.id ? -1 : 1)); // code units: locale-independent
    const documented = sorted.filter((s) => s.evidence === "documented").length;
    const lines = [
        "# Systems reference",
        "",
        "<!-- Generated from provider/catalog/systems.json by `npm run schema`; edit the catalog, not this file. -->",
        "",
        `Every system a \`patchworks.Connector\` can connect: ${sorted.length} systems, ` +
            `${documented} documented and ${sorted.length - documented} inferred.`,
        "",
        "- `system` is the id, `authType` one of the system's auth types, `credentials` the fields of that auth type.",
        "- **documented**: read from a Patchworks service page. **inferred**: a best guess from other sources; " +
            "confirm the field names in the Patchworks dashboard before relying on them.",
        "- *secret* fields belong in `pulumi config set --secret`; every credential is stored as a secret regardless.",
        "- *checked as*: the format `pulumi preview` enforces on the value.",
        "",
        ...table(["id", "system", "evidence", "auth types"], sorted.map(summaryRow)),
        "",
        ...sorted.flatMap(systemSection),
    ];
    return `${lines.join("\n").trimEnd()}\n`;
}
