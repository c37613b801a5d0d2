// Reads what an export needs from the account, each list once, through the provider's wire modules:
// company groups, connectors, services, the service templates and the account's systems.
import type { PatchworksClient } from "../../provider/client";
import { listCompanyGroups } from "../../provider/client/company-groups";
import { listConnectors } from "../../provider/client/connectors";
import { listServices, listServiceTemplates } from "../../provider/client/services";
import { listSystems } from "../../provider/client/systems";
import type { Account } from "./plan";

export type ProgressLine = (line: string) => void;

export async function readAccount(client: PatchworksClient, progress: ProgressLine): Promise<Account> {
    const read = async <T>(what: string, list: () => Promise<T[]>): Promise<T[]> => {
        const items = await list();
        progress(`read ${items.length} ${what}`);
        return items;
    };
    // One after another: Fabric allows 60 requests a minute, and the client paces them anyway.
    const groups = await read("company groups", () => listCompanyGroups(client));
    const connectors = await read("connectors", () => listConnectors(client));
    const services = await read("services", () => listServices(client));
    const templates = await read("service templates", () => listServiceTemplates(client));
    const systems = await read("systems", () => listSystems(client));
    return { groups, connectors, services, templates, systems };
}
