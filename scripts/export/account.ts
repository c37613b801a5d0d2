// Reads what an export needs from the account: the company profile, every connector and every
// service, with a progress line per page read.
import type { PageListener, PatchworksClient } from "../../provider/client";
import type { Account } from "./plan";

export type ProgressLine = (line: string) => void;

function pages(what: string, progress: ProgressLine): PageListener {
    let read = 0;
    return ({ page, lastPage, items }) => {
        read += items;
        progress(`read ${what}: page ${page} of ${lastPage} (${read} so far)`);
    };
}

export async function readAccount(
    api: Pick<PatchworksClient, "listCompanyGroups" | "listConnectors" | "listServices">,
    progress: ProgressLine,
): Promise<Account> {
    // Every connector, whatever the filter: services of the exported group may use connectors of others.
    const [companyGroups, connectors, services] = await Promise.all([
        api.listCompanyGroups(pages("company groups", progress)),
        api.listConnectors({}, pages("connectors", progress)),
        api.listServices({}, pages("services", progress)),
    ]);
    return { companyGroups, connectors, services };
}
