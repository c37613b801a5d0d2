// Leak assertions that do not leak: a failure shows where a secret was found, with the secret
// itself replaced, so test output never holds one either. Not a test file.
import { strict as assert } from "node:assert";

/** Fails if `text` holds any of `secrets`, naming `where` and showing the text with each one masked. */
export function assertNoSecret(text: string, secrets: readonly string[], where: string): void {
    const found = secrets.filter((secret) => text.includes(secret));
    if (found.length === 0) return;
    // Longest first, so a secret that contains another is masked whole.
    const shown = [...found]
        .sort((a, b) => b.length - a.length)
        .reduce((masked, secret) => masked.split(secret).join(`<secret #${secrets.indexOf(secret)}>`), text);
    assert.fail(`${where} holds ${found.length} secret(s) in plaintext: ${shown}`);
}
