// The exported program's index.ts, from the plan. Pure.
import { Code, Comment, commentText, render, type Value } from "./code";
import {
    connectorDeclaration,
    serviceArgs,
    type DeclaredConnector,
    type DeclaredService,
    type ExportPlan,
    type GroupFilter,
    type ReferencedConnector,
} from "./plan";

export function describeFilter(filter: GroupFilter): string {
    if (filter === undefined) return "the whole account";
    return filter === null ? "the default company group" : `company group ${JSON.stringify(filter.trim())}`;
}

/** The declaration, with a comment in the place of each field left to Patchworks. */
function connectorArgs(connector: DeclaredConnector): Value {
    const { remote, kept } = connector;
    const args: Record<string, Value | Comment> = {};
    for (const [field, value] of Object.entries(connectorDeclaration(remote))) {
        const keep = kept.find((k) => k.field === field);
        if (keep) args[`// ${field}`] = new Comment(`${field} ${JSON.stringify(value)} is left as Patchworks has it: ${keep.reason}`);
        else args[field] = value as Value;
    }
    return args;
}

function declareConnector(connector: DeclaredConnector): string {
    return `const ${connector.variable} = ${render(connectorArgs(connector), 0, `new patchworks.Connector(${JSON.stringify(connector.resourceName)}, `, ");", true)}`;
}

function declareReference(reference: ReferencedConnector): string {
    const { remote } = reference;
    const value: Record<string, Value> = { connectorId: remote.id, system: remote.system, environment: remote.environment };
    if (remote.companyGroup !== null) value.companyGroup = remote.companyGroup;
    return [
        `// ${commentText(JSON.stringify(remote.name))}: managed outside this program.`,
        render(value, 0, `const ${reference.variable}: patchworks.ConnectorReference = `, ";"),
    ].join("\n");
}

function declareService(service: DeclaredService): string {
    const args = serviceArgs(service.remote, new Code(service.source.variable), new Code(service.destination.variable)) as Value;
    return render(args, 0, `new patchworks.Service(${JSON.stringify(service.resourceName)}, `, ");", true);
}

export function renderProgram(plan: ExportPlan, source: { apiUrl: string }): string {
    const header = [
        `// The Patchworks account at ${source.apiUrl} (${describeFilter(plan.filter)}), as \`pulumi-patchworks export\` found it.`,
        "//",
        "// Every connector and service is declared with adopt: true, exactly as Patchworks has it: the first",
        "// `pulumi up` takes each over and changes nothing in Patchworks. From then on this program manages them.",
        "// Credentials are not exported: each connector keeps the ones it has in Patchworks. To manage a",
        "// connector's credentials here, add `credentials` (from `pulumi config set --secret ...`) to its",
        "// declaration; the next `pulumi up` rotates them. README.md says more.",
        'import * as patchworks from "pulumi-patchworks";',
    ];
    const sections = [header.join("\n")];
    if (plan.connectors.length > 0) sections.push(plan.connectors.map(declareConnector).join("\n\n"));
    if (plan.references.length > 0) {
        sections.push(
            [`// Connectors outside ${describeFilter(plan.filter)} that its services use.`, ...plan.references.map(declareReference)].join(
                "\n",
            ),
        );
    }
    if (plan.services.length > 0) sections.push(plan.services.map(declareService).join("\n\n"));
    if (plan.skipped.length > 0) {
        sections.push(
            [
                "// Not declared here: Patchworks has them, but the provider would refuse them as they are.",
                "// Correct them in the Patchworks dashboard and export again, or declare them by hand.",
                ...plan.skipped.map((s) => `// - ${commentText(`${s.what}: ${s.reason}`)}`),
            ].join("\n"),
        );
    }
    return `${sections.join("\n\n")}\n`;
}
