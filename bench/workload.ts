// The benchmark's workloads. Connectors: N spread over systems, environments and company groups so
// that no two share a (system, environment, companyGroup) key: 3 systems x 2 environments per
// company group. Services: N over N/2 Shopify-to-NetSuite connector pairs, two per pair. Credentials
// use Patchworks' own keys, and the services Fabric's seeded Shopify-to-NetSuite templates.
import type { PulumiFn } from "@pulumi/pulumi/automation";
import type { ConnectorArgs, ServiceArgs } from "../sdk";
import { contractServiceSettings } from "../test/support/contract-service";

interface SystemTemplate {
    readonly system: string;
    readonly authType?: string;
    credentials(i: number): Record<string, string>;
}

const SYSTEMS: readonly SystemTemplate[] = [
    { system: "veeqo", credentials: (i) => ({ token: `veeqo-bench-token-${i}` }) },
    {
        system: "shopify",
        authType: "oauth2",
        credentials: (i) => ({ store: `bench-${i}.myshopify.com`, access_token: `shpat-bench-${i}` }),
    },
    {
        system: "magento-2",
        credentials: (i) => ({ url: `https://bench-${i}.example.com`, token: `magento-bench-${i}` }),
    },
];
const ENVIRONMENTS = ["live", "test"] as const;
const KEYS_PER_GROUP = SYSTEMS.length * ENVIRONMENTS.length;

/** The timezone of every connector before, and after, the "change one field" step. */
export const TIMEZONES = { before: "Europe/London", after: "Europe/Paris" } as const;

export interface Declared {
    readonly name: string;
    readonly args: ConnectorArgs;
}

function companyGroupOf(i: number): string {
    return `group-${Math.floor(i / KEYS_PER_GROUP)}`;
}

/** The company groups a workload of n connectors uses: the emulator's profile must hold them. */
export function workloadCompanyGroups(n: number): string[] {
    return [...new Set(Array.from({ length: n }, (_, i) => companyGroupOf(i)))];
}

export function workload(n: number, timezone: string): Declared[] {
    const declared: Declared[] = [];
    for (let i = 0; i < n; i++) {
        const template = SYSTEMS[i % SYSTEMS.length];
        const environment = ENVIRONMENTS[Math.floor(i / SYSTEMS.length) % ENVIRONMENTS.length];
        const group = companyGroupOf(i);
        declared.push({
            name: `${template.system}-${environment}-${group}`,
            args: {
                system: template.system,
                environment,
                companyGroup: group,
                timezone,
                ...(template.authType ? { authType: template.authType } : {}),
                credentials: template.credentials(i),
            },
        });
    }
    return declared;
}

/** An inline program that declares every connector with `declare` (Connector or the floor). */
export function program(declared: readonly Declared[], declare: (name: string, args: ConnectorArgs) => unknown): PulumiFn {
    return async () => {
        for (const d of declared) declare(d.name, d.args);
    };
}

/** Settings every benchmark service has: CONTRACT section 5's example, without its connectors. */
const SERVICE_SETTINGS = contractServiceSettings() satisfies Omit<ServiceArgs, "source" | "destination">;

/**
 * The two services each connector pair carries: Shopify Orders to NetSuite Orders and to NetSuite
 * Cash Sales (two of Fabric's seeded templates), so both take the example's order filters.
 */
const PAIR_SERVICES = [
    { source: "Orders", destination: "Orders" },
    { source: "Orders", destination: "CashSales" },
] as const;
export const SERVICES_PER_PAIR = PAIR_SERVICES.length;
/** Pairs per company group: a live pair and a test pair (one live and one test connector per system per group). */
const PAIRS_PER_GROUP = ENVIRONMENTS.length;

/** A service of the workload: its connectors by index into `connectors`, and the entity of each side. */
interface DeclaredService {
    readonly name: string;
    readonly source: number;
    readonly destination: number;
    readonly sourceEntity: string;
    readonly destinationEntity: string;
}

export interface ServiceWorkload {
    readonly connectors: Declared[];
    readonly services: DeclaredService[];
}

function pairGroup(pair: number): string {
    return `group-${Math.floor(pair / PAIRS_PER_GROUP)}`;
}

/** The company groups a workload of n services uses. */
export function serviceWorkloadCompanyGroups(n: number): string[] {
    return [...new Set(Array.from({ length: Math.ceil(n / SERVICES_PER_PAIR) }, (_, p) => pairGroup(p)))];
}

/** n services over n/2 connector pairs (Shopify to NetSuite), each pair carrying orders and products. */
export function serviceWorkload(n: number): ServiceWorkload {
    if (n % SERVICES_PER_PAIR !== 0)
        throw new Error(`the services benchmark takes an even N (${SERVICES_PER_PAIR} services per connector pair)`);
    const connectors: Declared[] = [];
    const services: DeclaredService[] = [];
    for (let pair = 0; pair < n / SERVICES_PER_PAIR; pair++) {
        const environment = ENVIRONMENTS[pair % PAIRS_PER_GROUP];
        const companyGroup = pairGroup(pair);
        const source = connectors.length;
        connectors.push({
            name: `shopify-${environment}-${companyGroup}`,
            args: {
                system: "shopify",
                environment,
                companyGroup,
                authType: "oauth2",
                credentials: { store: `bench-${pair}.myshopify.com`, access_token: `shpat-bench-${pair}` },
            },
        });
        connectors.push({
            name: `netsuite-${environment}-${companyGroup}`,
            args: {
                system: "netsuite",
                environment,
                companyGroup,
                authType: "oauth1",
                credentials: {
                    account_id: "1234567",
                    script_id: "126",
                    deploy_id: "1",
                    oauth_token_id: `tid-bench-${pair}`,
                    oauth_token_secret: `ts-bench-${pair}`,
                    consumer_key: `ck-bench-${pair}`,
                    consumer_secret: `cs-bench-${pair}`,
                },
            },
        });
        for (const { source: sourceEntity, destination: destinationEntity } of PAIR_SERVICES) {
            services.push({
                name: `${destinationEntity.toLowerCase()}-${environment}-${companyGroup}`,
                source,
                destination: source + 1,
                sourceEntity,
                destinationEntity,
            });
        }
    }
    return { connectors, services };
}

/** How one side of the benchmark declares a connector and a service between two of them. */
export interface ServiceDeclarations<C> {
    connector(name: string, args: ConnectorArgs): C;
    service(
        name: string,
        settings: Omit<ServiceArgs, "source" | "destination">,
        source: { connector: C; entity: string },
        destination: { connector: C; entity: string },
    ): unknown;
}

/** An inline program that declares the workload's connectors, then its services between them. */
export function serviceProgram<C>(workload: ServiceWorkload, declare: ServiceDeclarations<C>): PulumiFn {
    return async () => {
        const connectors = workload.connectors.map((d) => declare.connector(d.name, d.args));
        for (const s of workload.services) {
            declare.service(
                s.name,
                { ...SERVICE_SETTINGS, name: s.name },
                { connector: connectors[s.source], entity: s.sourceEntity },
                { connector: connectors[s.destination], entity: s.destinationEntity },
            );
        }
    };
}
