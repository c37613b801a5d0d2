// Directory programs (index.ts, run by the CLI through our Node.js language host) for the bench's
// program-error step and test/e2e/program-error.test.ts: one connector, and the same followed by
// the error a user's typo makes. One definition, so the bench measures what the test asserts.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

/** The credential the programs declare; it must never appear in what a user sees. */
export const PROGRAM_TOKEN = "veeqo-program-error-token";

/** What the throwing programs throw, as Node words it. */
export const USER_ERROR = "TypeError: Cannot read properties of undefined (reading 'boom')";

export interface DirectoryProgram {
    readonly id: string;
    readonly label: string;
    readonly lines: readonly string[];
    /** The 1-based line of index.ts that throws; none for a program that succeeds. */
    readonly throwsAt?: number;
}

const IMPORT = 'import * as patchworks from "pulumi-patchworks";';
// The test emulator holds several company groups, so the connector names its own.
const CONNECTOR = `new patchworks.Connector("veeqo-live", { system: "veeqo", environment: "live", companyGroup: "UK Store", credentials: { token: "${PROGRAM_TOKEN}" } });`;

export const SUCCEEDING_PROGRAM: DirectoryProgram = {
    id: "succeeds",
    label: "one connector",
    lines: [IMPORT, CONNECTOR],
};

export const THROWING_PROGRAMS: readonly DirectoryProgram[] = [
    {
        id: "throwsAtTopLevel",
        label: "one connector, then a TypeError at the top level",
        lines: [IMPORT, CONNECTOR, "const settings: any = undefined;", "settings.boom();"],
        throwsAt: 4,
    },
    {
        // This stack reaches the SDK's own frames, which its source maps place at
        // node_modules/@pulumi/resource.ts: the line Node's util.inspect looped on (issue 15).
        id: "throwsInAsyncEntryPoint",
        label: "one connector, then a TypeError in an async entry point",
        lines: [IMPORT, "export = async () => {", `    ${CONNECTOR}`, "    const settings: any = undefined;", "    settings.boom();", "};"],
        throwsAt: 5,
    },
];

/** Writes the program as DIR/index.ts (createTestStack's `exampleDir`) and returns DIR. */
export function writeProgram(dir: string, program: DirectoryProgram): string {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "index.ts"), `${program.lines.join("\n")}\n`);
    return dir;
}
