// The API key check: the `Authorization` header holds the raw key (as the Core API documents), or
// `Bearer <key>` (how access tokens are sent), so one key exercises both paths.
import { createHash, timingSafeEqual } from "node:crypto";

function digest(value: string): Buffer {
    return createHash("sha256").update(value).digest();
}

// Comparing digests keeps the comparison constant-time whatever the lengths.
function safeEqual(a: string, b: string): boolean {
    return timingSafeEqual(digest(a), digest(b));
}

export function isAuthorized(header: string | undefined, apiKey: string): boolean {
    if (!header) {
        return false;
    }
    const bearer = /^Bearer\s+(.+)$/i.exec(header);
    return safeEqual(header, apiKey) || (bearer !== null && safeEqual(bearer[1], apiKey));
}
