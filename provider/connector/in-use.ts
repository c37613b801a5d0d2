// Which services of the account use a connector. Fabric does not check on delete (fact sheet 3.1):
// a service finds its connectors by (group username, system factory name, environment), so those
// three decide. Only the fields this question needs are read from the services list.
import { z } from "zod";
import type { FabricClient } from "../client/connectors";
import { apiId, parse } from "../client/decode";
import { listAllPages } from "../client/pages";
import { sameFactory } from "./account-catalog";

export interface ServiceUse {
    id: string;
    name: string;
    username: string;
    fromFactory: string;
    toFactory: string;
    fromEnvironment: string;
    toEnvironment: string;
}

const wireServiceUse = z.object({
    id: apiId,
    description: z.string().nullish(),
    username: z.string(),
    from_factory: z.string().nullish(),
    to_factory: z.string().nullish(),
    from_environment: z.string().nullish(),
    to_environment: z.string().nullish(),
});

function serviceUseFromWire(item: unknown): ServiceUse {
    const s = parse(wireServiceUse, item, "service");
    return {
        id: s.id,
        name: s.description ?? "",
        username: s.username,
        fromFactory: s.from_factory ?? "",
        toFactory: s.to_factory ?? "",
        fromEnvironment: s.from_environment ?? "",
        toEnvironment: s.to_environment ?? "",
    };
}

/** Fabric's largest useful page: fewer requests against the 60-a-minute limit. */
const SERVICES_PER_PAGE = "100";

export function listServicesOfGroup(client: FabricClient, username: string): Promise<ServiceUse[]> {
    return listAllPages(client, "/services", { perPage: SERVICES_PER_PAGE, "filter[username]": username }, serviceUseFromWire);
}

/** `Shopify\Pull\Orders` belongs to the factory name `Shopify`. */
function usesFactory(factory: string, factoryName: string): boolean {
    const cut = factory.indexOf("\\");
    return cut > 0 && sameFactory(factory.slice(0, cut), factoryName);
}

export interface ConnectorUseKey {
    username: string;
    factoryName: string;
    environment: string;
}

export function servicesUsing(services: readonly ServiceUse[], key: ConnectorUseKey): ServiceUse[] {
    return services.filter(
        (s) =>
            s.username === key.username &&
            ((usesFactory(s.fromFactory, key.factoryName) && s.fromEnvironment === key.environment) ||
                (usesFactory(s.toFactory, key.factoryName) && s.toEnvironment === key.environment)),
    );
}

const LISTED = 10;

export function describeServices(services: readonly ServiceUse[]): string {
    const shown = services.slice(0, LISTED).map((s) => `${s.id} ("${s.name}")`);
    return shown.join(", ") + (services.length > LISTED ? ` and ${services.length - LISTED} more` : "");
}
