#!/usr/bin/env node
// The `pulumi-patchworks` command: `export` and `doctor`, each with its own arguments.
import { doctor, DOCTOR_USAGE } from "../doctor/main";
import { exportCommand, type Io } from "../export/main";

export const USAGE = `Usage: pulumi-patchworks <command> [options]

Commands:
  export   write the Patchworks account as a Pulumi project that adopts it (pulumi-patchworks export --help)
  doctor   check, read-only, that the account answers as the provider expects (pulumi-patchworks doctor --help)`;

/** The command line; resolves to the exit code. */
export async function main(argv: string[], env: Record<string, string | undefined>, io: Io): Promise<number> {
    const [command, ...rest] = argv;
    if (command === "export") return exportCommand(rest, env, io);
    if (command === "doctor") {
        if (rest.includes("--help") || rest.includes("-h")) {
            io.say(DOCTOR_USAGE);
            return 0;
        }
        if (rest.length > 0) {
            io.progress(`pulumi-patchworks doctor: unexpected argument ${JSON.stringify(rest[0])}\n${DOCTOR_USAGE}`);
            return 2;
        }
        return doctor(env, io);
    }
    if (command === "--help" || command === "-h" || command === "help") {
        io.say(USAGE);
        return 0;
    }
    io.progress(
        `pulumi-patchworks: ${command === undefined ? "no command given" : `unknown command ${JSON.stringify(command)}`}\n${USAGE}`,
    );
    return 2;
}

if (require.main === module) {
    const io: Io = {
        progress: (line) => process.stderr.write(`${line}\n`),
        say: (line) => process.stdout.write(`${line}\n`),
    };
    void main(process.argv.slice(2), process.env, io).then((code) => {
        process.exitCode = code;
    });
}
