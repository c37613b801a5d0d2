// The emulator's command line: `node dist/emulator/main.js [--port 8787] [--host 127.0.0.1]
// [--data-dir DIR] [--api-key KEY] [--company-groups uk,fr,de]`. Prints one line with the API URL,
// stops cleanly on SIGINT/SIGTERM. The API key is never printed.
import { parseArgs } from "node:util";
import { charCount, FIELD_MAX_CHARS } from "./limits";
import { createEmulator, type Emulator } from "./server";

const USAGE = "usage: npm run emulator -- [--port 8787] [--host 127.0.0.1] [--data-dir DIR] [--api-key KEY] [--company-groups uk,fr,de]";

interface CliOptions {
    readonly port: number;
    readonly host: string;
    readonly dataDir?: string;
    readonly apiKey?: string;
    readonly companyGroups: readonly string[];
    readonly help: boolean;
}

/** A mistake on the command line: reported as one line, exit status 2. */
class UsageError extends Error {}

function parsePort(value: string): number {
    if (!/^\d+$/.test(value) || Number(value) > 65535) {
        throw new UsageError(`--port must be an integer from 0 to 65535 (0 picks a free port), got "${value}"`);
    }
    return Number(value);
}

/** A comma-separated list of names; "" is no groups (only the default group). */
function parseCompanyGroups(value: string | undefined): string[] {
    if (value === undefined || value.trim() === "") {
        return [];
    }
    const names = value.split(",").map((name) => name.trim());
    if (names.some((name) => name === "")) {
        throw new UsageError(`--company-groups takes names separated by commas, with none blank, got "${value}"`);
    }
    if (names.some((name) => charCount(name) > FIELD_MAX_CHARS.company_group)) {
        throw new UsageError(`--company-groups: a name may have at most ${FIELD_MAX_CHARS.company_group} characters`);
    }
    return names;
}

const CLI_OPTIONS = {
    port: { type: "string", default: "8787" },
    host: { type: "string", default: "127.0.0.1" },
    "data-dir": { type: "string" },
    "api-key": { type: "string" },
    "company-groups": { type: "string" },
    help: { type: "boolean", short: "h", default: false },
} as const;

function readArgs(argv: string[]) {
    try {
        return parseArgs({ args: argv, strict: true, allowPositionals: false, options: CLI_OPTIONS }).values;
    } catch (error) {
        // parseArgs says exactly what is wrong ("Unknown option '--x'"); its stack says nothing.
        throw new UsageError((error as Error).message);
    }
}

function parseCli(argv: string[]): CliOptions {
    const values = readArgs(argv);
    if (values["api-key"] === "") {
        throw new UsageError("--api-key must not be empty");
    }
    return {
        port: parsePort(values.port),
        host: values.host,
        dataDir: values["data-dir"],
        apiKey: values["api-key"],
        companyGroups: parseCompanyGroups(values["company-groups"]),
        help: values.help,
    };
}

function stopOnSignals(emulator: Emulator): void {
    const stop = () => {
        emulator.close().then(
            () => process.exit(0),
            (error: Error) => {
                console.error(`patchworks emulator: error while stopping: ${error.message}`);
                process.exit(1);
            },
        );
    };
    // `once`: a second signal while stopping falls back to Node's default, an immediate exit.
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
}

async function main(): Promise<void> {
    let options: CliOptions;
    try {
        options = parseCli(process.argv.slice(2));
    } catch (error) {
        console.error(`patchworks emulator: ${(error as Error).message}; ${USAGE}`);
        process.exit(2);
    }
    if (options.help) {
        console.log(USAGE);
        return;
    }
    try {
        const emulator = createEmulator({ apiKey: options.apiKey, dataDir: options.dataDir, companyGroups: options.companyGroups });
        const baseUrl = await emulator.listen(options.port, options.host);
        stopOnSignals(emulator);
        console.log(`Patchworks emulator listening on ${baseUrl}/api/v1`);
    } catch (error) {
        console.error(`patchworks emulator: cannot start: ${(error as Error).message}`);
        process.exit(1);
    }
}

void main();
