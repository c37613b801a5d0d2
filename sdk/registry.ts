// The in-program uniqueness rule: one live and one test connector per system per company group.
// The registry lives on globalThis under a registered symbol, so two copies of this package loaded
// by one program still share it; it is kept per program run, so an Automation API process that
// runs an inline program many times starts each run afresh.
import * as pulumi from "@pulumi/pulumi";
import { connectorKey, describeKey, type KeyParts } from "../provider/connector/key";

const REGISTRY = Symbol.for("pulumi-patchworks.declared-connector-keys");

type Registry = Map<string, string>;

/** The Pulumi SDK runs each inline program inside its own async-local store; a CLI run has none. */
function currentRun(): object {
    const storage = (globalThis as { asyncLocalStorage?: { getStore(): unknown } }).asyncLocalStorage;
    const store = storage?.getStore();
    return typeof store === "object" && store !== null ? store : globalThis;
}

function registry(): Registry {
    const holder = globalThis as { [REGISTRY]?: WeakMap<object, Registry> };
    const runs = (holder[REGISTRY] ??= new WeakMap());
    const run = currentRun();
    let keys = runs.get(run);
    if (!keys) runs.set(run, (keys = new Map()));
    return keys;
}

/** For tests that declare several programs' resources in one mocked run. */
export function forgetDeclaredConnectors(): void {
    registry().clear();
}

function claim(resourceName: string, parts: KeyParts): void {
    const key = connectorKey(parts);
    const holder = registry().get(key);
    if (holder !== undefined && holder !== resourceName) {
        throw new pulumi.RunError(
            `Connector "${resourceName}" duplicates Connector "${holder}": both declare the ${describeKey(parts)}, ` +
                `and Patchworks allows one live and one test connector per system per company group. ` +
                `To run several ${parts.environment} ${parts.system} connectors, give each its own companyGroup.`,
        );
    }
    registry().set(key, resourceName);
}

type MaybeInput<T> = pulumi.Input<T> | undefined;

/**
 * Claims the key for a resource and returns the `system` input to register it with. A key known
 * now is checked now (a duplicate throws before anything is registered); a key that depends on
 * other resources is checked when it resolves, and the resource waits for that check.
 */
export function claimConnectorKey(
    resourceName: string,
    system: pulumi.Input<string>,
    environment: pulumi.Input<string>,
    companyGroup: MaybeInput<string>,
): pulumi.Input<string> {
    const plain = (v: unknown): v is string | undefined => v === undefined || typeof v === "string";
    if (plain(system) && plain(environment) && plain(companyGroup)) {
        claim(resourceName, { system, environment, companyGroup });
        return system;
    }
    return pulumi.all([system, environment, companyGroup]).apply(([s, e, g]) => {
        claim(resourceName, { system: s, environment: e, companyGroup: g });
        return s;
    });
}
