// The sizes the emulated API refuses, as a real service would rather than storing anything it is
// sent. Lengths count characters (Unicode code points), not bytes.
//
// - A whole request body over BODY_MAX_BYTES (BODY_MAX_BYTES_SERVICE for a service) is refused
//   with 413 before it is read, so that answer cannot name a field.
// - Each field has its own limit, answered with 422 naming the field (`name`, `company_group`,
//   `credentials.<key>`, ...), so a client learns which value to shorten.
//
// The field limits are chosen so that every body within them fits the body limit: an auth type has
// at most 7 credential fields (systems.json), and 7 x 4096 characters of credentials plus the
// other fields stay under 64 KiB as long as the text is mostly ASCII. 4096 characters hold a
// PEM-encoded 4096-bit RSA private key (about 3.3 KB), the largest credential in the catalog.

export const BODY_MAX_BYTES = 64 * 1024;

/**
 * A service's body: its filters and mappings are lists with no limit on their length, and a large
 * integration maps a few hundred fields with transforms. 1 MiB holds thousands of mappings.
 */
export const BODY_MAX_BYTES_SERVICE = 1024 * 1024;

export const FIELD_MAX_CHARS = {
    name: 255,
    company_group: 255,
    date_format: 255,
    credentialValue: 4096,
} as const;

/** Characters as a person counts them: a string iterates by code point. */
export function charCount(value: string): number {
    return [...value].length;
}
