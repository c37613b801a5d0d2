// The exported program's index.ts, from the plan. Pure.
import { Code, Comment, commentText, render, type Value } from "./code";
import type { FabricGroup } from "../../provider/client/company-groups";
import { connectorDeclaration, serviceArgs, type DeclaredConnector, type DeclaredService, type ExportPlan } from "./plan";

export function describeScope(group: FabricGroup | undefined): string {
    return group === undefined ? "the whole account" : `company group "${group.name}"`;
}

/** The declaration, with a comment in the place of each field left to Patchworks. */
function connectorArgs(connector: DeclaredConnector): Value {
    const { remote, kept, system } = connector;
    const args: Record<string, Value | Comment> = {};
    for (const [field, value] of Object.entries(connectorDeclaration(remote, system))) {
        const keep = kept.find((k) => k.field === field);
        if (keep) args[`// ${field}`] = new Comment(`${field} ${JSON.stringify(value)} is left as Patchworks has it: ${keep.reason}`);
        else args[field] = value as Value;
    }
    return args;
}

function declareConnector(connector: DeclaredConnector): string {
    return `const ${connector.variable} = ${render(connectorArgs(connector), 0, `new patchworks.Connector(${JSON.stringify(connector.resourceName)}, `, ");", true)}`;
}

function declareService(service: DeclaredService): string {
    const args = serviceArgs(service.remote, new Code(service.source.variable), new Code(service.destination.variable)) as Value;
    return render(args, 0, `new patchworks.Service(${JSON.stringify(service.resourceName)}, `, ");", true);
}

export function renderProgram(plan: ExportPlan, source: { apiUrl: string }): string {
    const header = [
        `// The Patchworks account at ${source.apiUrl} (${describeScope(plan.group)}), as \`pulumi-patchworks export\` found it.`,
        "//",
        "// Every connector and service is declared with adopt: true, exactly as Patchworks has it: the first",
        "// `pulumi up` takes each over and changes nothing in Patchworks. From then on this program manages them.",
        "// Credentials are not exported: each connector keeps the ones it has in Patchworks. To manage a",
        "// connector's credentials here, add `credentials` (from `pulumi config set --secret ...`) to its",
        "// declaration; the next `pulumi up` rotates them. Services leave `mappings` out, so their shared",
        "// mapping documents stay as they are. README.md says more.",
        'import * as patchworks from "pulumi-patchworks";',
    ];
    const sections = [header.join("\n")];
    if (plan.connectors.length > 0) sections.push(plan.connectors.map(declareConnector).join("\n\n"));
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
