// Every Patchworks API path the provider uses, relative to the configured apiUrl. The
// service-connector and service endpoints are not publicly documented, so corrections land here.

const PAGE_SIZE = 250;

export const routes = {
    connectors: () => "/service-connectors",
    connector: (id: string) => `/service-connectors/${encodeURIComponent(id)}`,
    companyGroups: () => "/company-groups",
    services: () => "/services",
    service: (id: string) => `/services/${encodeURIComponent(id)}`,
};

export function pageQuery(page: number): Record<string, string> {
    return { page: String(page), per_page: String(PAGE_SIZE) };
}
