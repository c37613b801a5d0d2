// Every Patchworks API path the provider uses, relative to the configured apiUrl. The
// service-connector endpoints are not publicly documented, so corrections land here.

export const PAGE_SIZE = 250;

export const routes = {
    connectors: () => "/service-connectors",
    connector: (id: string) => `/service-connectors/${encodeURIComponent(id)}`,
    companyGroups: () => "/company-groups",
};

export function pageQuery(page: number): Record<string, string> {
    return { page: String(page), per_page: String(PAGE_SIZE) };
}

/**
 * Bracketed keys stay literal (filter[system]) as the Core API's clients send them; values are
 * percent-encoded.
 */
export function withQuery(path: string, query: Record<string, string>): string {
    const pairs = Object.entries(query).map(([key, value]) => `${key}=${encodeURIComponent(value)}`);
    return pairs.length === 0 ? path : `${path}?${pairs.join("&")}`;
}
