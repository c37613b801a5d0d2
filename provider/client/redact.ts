// Every message and log line that leaves the provider passes through a SecretBook, so a secret the
// server echoes back (or that lands in a path or URL) never reaches a Pulumi user's terminal or logs.

export const REDACTED = "[redacted]";

/**
 * A credential value this short that the catalog does not call secret (a port, a deploy id "1", a
 * flag "true" under a key the catalog does not know) names nothing: masking it would garble every
 * id and count in a message. Values of keys the catalog calls secret are masked whatever their length.
 */
export const READABLE_BELOW = 6;

/**
 * Longer values are never sent (check refuses a credential value over 4096 characters and all of
 * them over 64 KiB), so they cannot come back in an answer; not keeping them keeps redaction cheap.
 */
const MAX_SECRET_LENGTH = 65_536;

/** Below this length a secret is masked only where it stands alone, so "ab" does not eat "table". */
const SUBSTRING_MIN_LENGTH = 4;

function escapeRegExp(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The forms a secret takes when a server echoes it raw, inside JSON, or in a URL. */
function spellings(secret: string): string[] {
    return [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)];
}

export class SecretBook {
    private readonly secrets = new Set<string>();
    /**
     * Every spelling of every secret, longest first, so a secret that contains another is masked
     * whole. Kept in order as secrets arrive: a create adds its connector's secrets and its next
     * request redacts, and spelling the whole book again each time was quadratic in the stack.
     */
    private readonly spelled: string[] = [];
    private readonly spelledSet = new Set<string>();
    /** Short secrets, as whole tokens only; a handful of short strings, so the expression stays small. */
    private shortPattern: RegExp | null | undefined = null;

    /** Remembers values to mask from now on; empty strings and whitespace are not secrets. */
    add(values: Iterable<unknown>): void {
        for (const value of values) {
            if (typeof value !== "string" || value.trim() === "" || value.length > MAX_SECRET_LENGTH || this.secrets.has(value)) continue;
            this.secrets.add(value);
            for (const spelling of spellings(value)) this.addSpelling(spelling);
        }
    }

    private addSpelling(spelling: string): void {
        if (this.spelledSet.has(spelling)) return;
        this.spelledSet.add(spelling);
        // The first place whose spelling is shorter: equal lengths keep the order they arrived in.
        let low = 0;
        let high = this.spelled.length;
        while (low < high) {
            const middle = (low + high) >>> 1;
            if (this.spelled[middle].length >= spelling.length) low = middle + 1;
            else high = middle;
        }
        this.spelled.splice(low, 0, spelling);
        if (spelling.length < SUBSTRING_MIN_LENGTH) this.shortPattern = undefined;
    }

    redact(text: string): string {
        if (this.secrets.size === 0) return text;
        // Plain string replacement: no expression built from secrets, whatever their size or content.
        let out = text;
        for (const secret of this.spelled) {
            if (secret.length >= SUBSTRING_MIN_LENGTH && secret.length <= out.length && out.includes(secret))
                out = out.split(secret).join(REDACTED);
        }
        if (this.shortPattern === undefined) {
            const short = this.spelled.filter((s) => s.length < SUBSTRING_MIN_LENGTH).map(escapeRegExp);
            this.shortPattern = short.length > 0 ? new RegExp(`(?<![A-Za-z0-9])(?:${short.join("|")})(?![A-Za-z0-9])`, "g") : null;
        }
        return this.shortPattern ? out.replace(this.shortPattern, REDACTED) : out;
    }
}
