// Which services of the account use a connector. Fabric does not check on delete (fact sheet 3.1):
// a service finds its connectors by (group username, system factory name, environment), so those
// three decide.
import type { RemoteService } from "../client/services";
import { sameFactory } from "./account-catalog";

/** What of a service tells which connectors it uses, and names it. */
export type ServiceUse = Pick<
    RemoteService,
    "id" | "name" | "groupUsername" | "fromFactory" | "toFactory" | "sourceEnvironment" | "destinationEnvironment"
>;

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

export function servicesUsing<S extends ServiceUse>(services: readonly S[], key: ConnectorUseKey): S[] {
    return services.filter(
        (s) =>
            s.groupUsername === key.username &&
            ((usesFactory(s.fromFactory, key.factoryName) && s.sourceEnvironment === key.environment) ||
                (usesFactory(s.toFactory, key.factoryName) && s.destinationEnvironment === key.environment)),
    );
}

const LISTED = 10;

export function describeServices(services: readonly Pick<ServiceUse, "id" | "name">[]): string {
    const shown = services.slice(0, LISTED).map((s) => `${s.id} ("${s.name}")`);
    return shown.join(", ") + (services.length > LISTED ? ` and ${services.length - LISTED} more` : "");
}
