// Every message and log line that leaves the provider passes through a SecretBook, so a secret the
// server echoes back (or that lands in a path or URL) never reaches a Pulumi user's terminal or logs.

export const REDACTED = "[redacted]";

/** Below this length a secret is masked only where it stands alone, so "ab" does not eat "table". */
const SUBSTRING_MIN_LENGTH = 4;

function escapeRegExp(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The forms a secret takes when a server echoes it raw, inside JSON, or in a URL. */
function spellings(secret: string): string[] {
    return [...new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)])];
}

export class SecretBook {
    private readonly secrets = new Set<string>();
    private pattern: RegExp | undefined;

    /** Remembers values to mask from now on; empty strings and whitespace are not secrets. */
    add(values: Iterable<unknown>): void {
        for (const value of values) {
            if (typeof value === "string" && value.trim() !== "" && !this.secrets.has(value)) {
                this.secrets.add(value);
                this.pattern = undefined;
            }
        }
    }

    redact(text: string): string {
        if (this.secrets.size === 0) return text;
        this.pattern ??= this.compile();
        return text.replace(this.pattern, REDACTED);
    }

    private compile(): RegExp {
        const alternatives = [...this.secrets]
            .flatMap(spellings)
            // Longest first, so a secret that contains another is masked whole.
            .sort((a, b) => b.length - a.length)
            .map((s) => (s.length >= SUBSTRING_MIN_LENGTH ? escapeRegExp(s) : `(?<![A-Za-z0-9])${escapeRegExp(s)}(?![A-Za-z0-9])`));
        return new RegExp(alternatives.join("|"), "g");
    }
}
