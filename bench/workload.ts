// N connectors spread over systems, environments and company groups so that no two share a
// (system, environment, companyGroup) key: 3 systems x 2 environments per company group.
import type { PulumiFn } from "@pulumi/pulumi/automation";
import type { ConnectorArgs } from "../sdk";

interface SystemTemplate {
    readonly system: string;
    readonly authType?: string;
    credentials(i: number): Record<string, string>;
}

const SYSTEMS: readonly SystemTemplate[] = [
    { system: "veeqo", credentials: (i) => ({ token: `veeqo-bench-token-${i}` }) },
    {
        system: "shopify",
        authType: "token",
        credentials: (i) => ({ storeUrl: `bench-${i}.myshopify.com`, accessToken: `shpat-bench-${i}` }),
    },
    {
        system: "magento-2",
        credentials: (i) => ({ baseUrl: `https://bench-${i}.example.com`, accessToken: `magento-bench-${i}` }),
    },
];
const ENVIRONMENTS = ["live", "test"] as const;
export const KEYS_PER_GROUP = SYSTEMS.length * ENVIRONMENTS.length;

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
