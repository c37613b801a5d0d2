// What `doctor` prints: one line per check, starting with its verdict. Pure.

type Verdict = "ok" | "differs" | "cannot check";

export interface Finding {
    verdict: Verdict;
    /** What was checked, then a colon and what was found (and, for `differs`, what to set or report). */
    text: string;
}

export const ok = (text: string): Finding => ({ verdict: "ok", text });
export const differs = (text: string): Finding => ({ verdict: "differs", text });
export const cannotCheck = (text: string): Finding => ({ verdict: "cannot check", text });

/** One line; a newline in text from the account cannot start a line that reads like another verdict. */
export function formatFinding(finding: Finding): string {
    return `${finding.verdict} ${finding.text.replace(/[\r\n\u2028\u2029]+/g, " ")}`;
}

/**
 * 0 only when no check differs and the account itself was checked: the settings' own `ok` line
 * alone (the API never answered) is not a clean bill, so scripts do not take silence for health.
 */
export function exitCodeOf(findings: readonly Finding[]): number {
    const checkedAccount = findings.filter((f) => f.verdict === "ok").length > 1;
    return findings.some((f) => f.verdict === "differs") || !checkedAccount ? 1 : 0;
}

export function plural(n: number, what: string): string {
    return `${n} ${what}${n === 1 ? "" : "s"}`;
}
