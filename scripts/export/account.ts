// Reads what an export needs from the account, each list once, through the provider's runtime and
// wire modules: company groups, connectors (whose secret values, some returned in clear, join the
// runtime's redaction book), services, the service templates and the account's systems.
import { listServices, listServiceTemplates } from "../../provider/client/services";
import type { Runtime } from "../../provider/runtime";
import type { Account } from "./plan";

export type ProgressLine = (line: string) => void;

export async function readAccount(rt: Runtime, progress: ProgressLine): Promise<Account> {
    const read = async <T>(what: string, list: () => Promise<T[]>): Promise<T[]> => {
        const items = await list();
        progress(`read ${items.length} ${what}`);
        return items;
    };
    // One after another: Fabric allows 60 requests a minute, and the client paces them anyway.
    const groups = await read("company groups", () => rt.companyGroups.get());
    const connectors = await read("connectors", () => rt.connectors.get());
    const services = await read("services", () => listServices(rt.api()));
    const templates = await read("service templates", () => listServiceTemplates(rt.api()));
    const systems = await read("systems", () => rt.systems.get());
    return { groups, connectors, services, templates, systems };
}
