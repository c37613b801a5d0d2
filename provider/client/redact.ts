// Every message and log line the client produces passes through redact(), so a secret the server
// echoes back (or that lands in a path or URL) never reaches a Pulumi user's terminal or logs.

export const REDACTED = "[redacted]";

/** Shorter values are too likely to collide with ordinary words to be worth masking. */
export const MIN_SECRET_LENGTH = 4;

/** The forms a secret takes when a server echoes it raw, inside JSON, or in a URL. */
function spellings(secret: string): string[] {
    return [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)];
}

export function redact(text: string, secrets: Iterable<string>): string {
    const needles = [...new Set([...secrets].filter((s) => s.length >= MIN_SECRET_LENGTH).flatMap(spellings))]
        // Longest first, so a secret that contains another is masked whole.
        .sort((a, b) => b.length - a.length);
    return needles.reduce((out, needle) => out.split(needle).join(REDACTED), text);
}
