// The emulator's command line (CONTRACT section 9). Prints the sign-in it serves and one line
// "Patchworks emulator listening on <url>/api/v2"; stops cleanly on SIGINT/SIGTERM. Passwords of
// --user and the API key are never printed; the default user's, which is public, is.
import { parseArgs } from "node:util";
import { DEFAULT_USER, ROLES, type Role, type User } from "./access";
import { laravelSlug } from "./account";
import { createEmulator, type Emulator } from "./server";

const USAGE =
    "usage: npm run emulator -- [--port 8787] [--host 127.0.0.1] [--data-dir DIR] [--api-key KEY] [--user EMAIL:PASSWORD[:ROLE]]... " +
    '[--company-groups "UK Store,France Store"] [--rate-limit N] [--active-service-limit N] [--token-ttl SECONDS]';

/** A mistake on the command line: reported as one line, exit status 2. */
class UsageError extends Error {}

function integerOption(flag: string, value: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
    if (value === undefined) return undefined;
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
        throw new UsageError(`${flag} must be an integer from ${min} to ${max}, got "${value}"`);
    }
    return Number(value);
}

function parseUser(value: string): Omit<User, "id"> {
    const [email, password, role = "client-admin", ...rest] = value.split(":");
    if (!email || !password || rest.length > 0 || !ROLES.includes(role as Role)) {
        throw new UsageError(`--user takes EMAIL:PASSWORD[:ROLE] with ROLE one of ${ROLES.join(", ")}; got one for "${email ?? ""}"`);
    }
    return { email, password, role: role as Role };
}

/** Fabric's rule for group names (3-128 characters: letters, digits, space, "-", "&"). */
function parseCompanyGroups(value: string | undefined): string[] {
    if (value === undefined || value.trim() === "") return [];
    const names = value.split(",").map((name) => name.trim());
    const bad = names.find((name) => !/^[\p{L}\p{N} &-]{3,128}$/u.test(name));
    if (bad !== undefined) {
        throw new UsageError(
            `--company-groups: "${bad}" is not a group name (3-128 characters: letters, digits, space, "-", "&"), names separated by commas`,
        );
    }
    // Fabric refuses a second group of the same name, and two usernames alike would share one table.
    const seen = new Map<string, string>();
    for (const name of names) {
        for (const key of [`name ${name.toLowerCase()}`, `username ${laravelSlug(name, "_")}`]) {
            const earlier = seen.get(key);
            if (earlier !== undefined)
                throw new UsageError(`--company-groups: "${earlier}" and "${name}" would be the same group (same ${key.split(" ")[0]})`);
            seen.set(key, name);
        }
    }
    return names;
}

const CLI_OPTIONS = {
    port: { type: "string", default: "8787" },
    host: { type: "string", default: "127.0.0.1" },
    "data-dir": { type: "string" },
    "api-key": { type: "string" },
    user: { type: "string", multiple: true },
    "company-groups": { type: "string" },
    "rate-limit": { type: "string" },
    "active-service-limit": { type: "string" },
    "token-ttl": { type: "string" },
    help: { type: "boolean", short: "h", default: false },
} as const;

function parseCli(argv: string[]) {
    let values: ReturnType<typeof parseArgs<{ args: string[]; options: typeof CLI_OPTIONS; strict: true }>>["values"];
    try {
        values = parseArgs({ args: argv, strict: true, allowPositionals: false, options: CLI_OPTIONS }).values;
    } catch (error) {
        // parseArgs says exactly what is wrong ("Unknown option '--x'"); its stack says nothing.
        throw new UsageError((error as Error).message);
    }
    if (values["api-key"] === "") throw new UsageError("--api-key must not be empty");
    return {
        help: values.help,
        port: integerOption("--port", values.port, 0, 65535) as number,
        host: values.host,
        options: {
            dataDir: values["data-dir"],
            apiKey: values["api-key"],
            users: (values.user ?? []).map(parseUser),
            companyGroups: parseCompanyGroups(values["company-groups"]),
            rateLimit: integerOption("--rate-limit", values["rate-limit"], 1),
            activeServiceLimit: integerOption("--active-service-limit", values["active-service-limit"], 0),
            tokenTtlSeconds: integerOption("--token-ttl", values["token-ttl"], 1),
        },
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
    let cli: ReturnType<typeof parseCli>;
    try {
        cli = parseCli(process.argv.slice(2));
    } catch (error) {
        console.error(`patchworks emulator: ${(error as Error).message}; ${USAGE}`);
        process.exit(2);
    }
    if (cli.help) {
        console.log(USAGE);
        return;
    }
    try {
        const emulator = createEmulator(cli.options);
        const baseUrl = await emulator.listen(cli.port, cli.host);
        stopOnSignals(emulator);
        if (cli.options.users.length === 0) {
            console.log(`Sign in as ${DEFAULT_USER.email} with the password ${DEFAULT_USER.password} (${DEFAULT_USER.role})`);
        }
        console.log(`Patchworks emulator listening on ${baseUrl}/api/v2`);
    } catch (error) {
        console.error(`patchworks emulator: cannot start: ${(error as Error).message}`);
        process.exit(1);
    }
}

void main();
