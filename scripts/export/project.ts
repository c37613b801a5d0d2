// The files of the exported Pulumi project beside index.ts, and writing them. The project is made
// to run outside this repository, on what `npm install` gives it.
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { DEFAULT_API_URL, type SignInKind } from "../../provider/settings";
import type { ExportPlan } from "./plan";
import { describeScope, renderProgram } from "./program";
import { slugify } from "./names";

export interface PackageFacts {
    /** This package's version: the exported program was written for its adopt semantics. */
    version: string;
    /**
     * How the project depends on this package: a `file:` spec to the package the export ran from
     * (pulumi-patchworks is not on the registry yet), so `npm install` installs it as generated.
     */
    dependency: string;
    /** The @pulumi/pulumi range this package accepts (its peer dependency). */
    pulumiRange: string;
}

export interface ProjectFacts extends PackageFacts {
    apiUrl: string;
    /** The sign-in the export used: the stack is told to sign in the same way. */
    signIn: SignInKind;
    /** The Pulumi project name. */
    name: string;
}

export const PROJECT_FILES = ["Pulumi.yaml", "package.json", "tsconfig.json", "index.ts", "README.md"] as const;

/** A Pulumi project name from the output directory: letters, digits, `-`; `patchworks-export` when nothing is left. */
export function projectNameFor(dir: string): string {
    return slugify(path.basename(path.resolve(dir))) || "patchworks-export";
}

function json(value: unknown): string {
    return `${JSON.stringify(value, null, 4)}\n`;
}

function count(n: number, what: string): string {
    return `${n} ${what}${n === 1 ? "" : "s"}`;
}

const SIGN_IN_CONFIG: Record<SignInKind, string[]> = {
    accessToken: ["pulumi config set --secret patchworks:accessToken <your Patchworks access token>"],
    login: [
        "pulumi config set patchworks:username <your Patchworks user name>",
        "pulumi config set --secret patchworks:password <your password>",
    ],
    apiKey: ["pulumi config set --secret patchworks:apiKey <your Patchworks API key>"],
};

/** The commands that set up a stack for the project, in order. */
export function setupCommands(facts: Pick<ProjectFacts, "apiUrl" | "signIn">): string[] {
    return [
        "npm install",
        "pulumi stack init dev",
        ...(facts.apiUrl === DEFAULT_API_URL ? [] : [`pulumi config set patchworks:apiUrl ${facts.apiUrl}`]),
        ...SIGN_IN_CONFIG[facts.signIn],
        "pulumi up",
    ];
}

function readme(plan: ExportPlan, facts: ProjectFacts): string {
    const exported = `${count(plan.connectors.length, "connector")} and ${count(plan.services.length, "service")}`;
    const skipped =
        plan.skipped.length === 0
            ? ""
            : `\n${count(plan.skipped.length, "item")} of the account could not be declared as ${plan.skipped.length === 1 ? "it is" : "they are"}; ` +
              "the end of `index.ts` lists each with the reason. Correct them in the dashboard and export again, or declare them by hand.\n";
    return `# ${facts.name}

The Patchworks account at ${facts.apiUrl} (${describeScope(plan.group)}) as code: ${exported},
written by \`pulumi-patchworks export\` (pulumi-patchworks ${facts.version}).
${skipped}
## Run it

With Node.js 22 or newer and the Pulumi CLI (\`pulumi login\` first, or \`pulumi login --local\` to keep
the state on this machine):

\`\`\`bash
${setupCommands(facts).join("\n")}
\`\`\`

\`pulumi preview\` before the first \`pulumi up\` shows one "adopting ..." line per connector, each
saying it changes nothing. The first \`pulumi up\` then takes everything over and sends no change
to Patchworks, and \`pulumi preview --expect-no-changes\` passes after it.

## What adopt means

Each resource is declared with \`adopt: true\`: instead of creating a connector or service, Pulumi
takes over the one Patchworks already has (the connector with the same system, environment and
company group; the service of the group with the same template, environments and name) and manages
it from then on. Declared fields are brought to the declared values, so change a field here and \`pulumi up\`
changes it in Patchworks. A resource you remove from the program is deleted in Patchworks by the
next \`pulumi up\`, and \`pulumi destroy\` deletes them all; add the resource option
\`retainOnDelete: true\` to those that must outlive the program.

## Credentials

Credentials are not exported, and nothing here changes them: each connector keeps the credentials
it has in Patchworks. To manage a connector's credentials from this program, keep them in the
stack's config as secrets and declare them with Patchworks' own keys for the system and auth type:

\`\`\`ts
import * as pulumi from "@pulumi/pulumi";

const config = new pulumi.Config();
// in the connector's declaration:
    credentials: {
        store: "my-store.myshopify.com",
        access_token: config.requireSecret("shopifyUkToken"),
    },
\`\`\`

\`pulumi config set --secret shopifyUkToken <token>\`, then \`pulumi up\` sends them to Patchworks, which
checks them with the system. \`patchworks.systems\` lists each system's auth types and credential
keys. Connectors authorised through an OAuth redirect in the dashboard stay authorised there.

## Mappings

Services leave \`mappings\` out, so the program never writes their mapping documents (Patchworks
shares one document between the services of a group with the same system and entity). Declare
\`mappings\` on a service to manage its document from here.

## The pulumi-patchworks dependency

\`package.json\` names pulumi-patchworks as \`${facts.dependency}\`, the copy the export ran from.
Point it at another copy or a registry version when you move the project to another machine.
`;
}

export function renderProject(plan: ExportPlan, facts: ProjectFacts): Record<(typeof PROJECT_FILES)[number], string> {
    return {
        "Pulumi.yaml":
            `name: ${facts.name}\n` +
            `description: The Patchworks account, exported by pulumi-patchworks export\n` +
            `main: index.ts\n` +
            `runtime:\n  name: nodejs\n  options:\n    typescript: true\n`,
        "package.json": json({
            name: facts.name,
            private: true,
            main: "index.ts",
            dependencies: { "@pulumi/pulumi": facts.pulumiRange, "pulumi-patchworks": facts.dependency },
            // TypeScript below 7: the range @pulumi/pulumi accepts.
            devDependencies: { "@types/node": "^22.0.0", typescript: ">=5.0.0 <7" },
        }),
        "tsconfig.json": json({
            compilerOptions: {
                target: "ES2022",
                module: "node16",
                moduleResolution: "node16",
                strict: true,
                esModuleInterop: true,
                skipLibCheck: true,
                types: ["node"],
            },
            files: ["index.ts"],
        }),
        "index.ts": renderProgram(plan, facts),
        "README.md": readme(plan, facts),
    };
}

/** What a fresh repository holds before anything is written: a directory with only these counts as empty. */
const EMPTY_DIR_ENTRIES = new Set([".git", ".gitkeep"]);

/** The reason a directory cannot take the project, or undefined. */
export function outputDirProblem(dir: string, force: boolean): string | undefined {
    let entries: string[];
    try {
        entries = readdirSync(dir);
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "ENOENT") return undefined;
        return `cannot use ${dir} as the output directory (${code ?? (error as Error).message})`;
    }
    if (entries.every((entry) => EMPTY_DIR_ENTRIES.has(entry)) || force) return undefined;
    return `${dir} holds more than .git or .gitkeep: choose another --out, or add --force to overwrite the project's files in it (${PROJECT_FILES.join(", ")})`;
}

export function writeProject(dir: string, files: Record<string, string>): void {
    mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
}
