// `pulumi-patchworks doctor`: the checks, printed one line each; exit 0 only when none differs.
import { runChecks } from "./checks";
import { exitCodeOf, formatFinding } from "./report";

export const DOCTOR_USAGE = `Usage: pulumi-patchworks doctor

Checks, without changing anything, that the Patchworks account answers as the provider expects:
the sign-in, each route the provider reads, the shape of each answer, the rate-limit headers, and
the account's systems, auth types and credential keys against the evidence the package's catalog
was built from (fabric-credentials.json). One line per check, starting "ok", "differs" (what, and
what to set or report) or "cannot check" (why). Exit code 0 only when none differs and the
account answered.

Settings come from the environment, as the provider reads them: PATCHWORKS_API_URL, and exactly one
sign-in: PATCHWORKS_ACCESS_TOKEN, PATCHWORKS_USERNAME with PATCHWORKS_PASSWORD (and
PATCHWORKS_LOGIN_URL), or PATCHWORKS_API_KEY.`;

export interface DoctorIo {
    say: (line: string) => void;
}

/** Resolves to the exit code. */
export async function doctor(env: Record<string, string | undefined>, io: DoctorIo): Promise<number> {
    const findings = await runChecks(env);
    for (const finding of findings) io.say(formatFinding(finding));
    return exitCodeOf(findings);
}
