// The in-program uniqueness rule: one live and one test connector per system per company group.
// The registry lives on globalThis under a registered symbol, so two copies of this package loaded
// by one program still share it; it is kept per program run, so an Automation API process that
// runs an inline program many times starts each run afresh.
import * as pulumi from "@pulumi/pulumi";
import { connectorKey, describeKey, type KeyParts } from "../provider/connector/key";

const REGISTRY = Symbol.for("pulumi-patchworks.declared-connector-keys");

type Registry = Map<string, string>;

/** The Pulumi SDK runs each inline program inside its own async-local store; a CLI run has none. */
export function currentRun(): object {
    const storage = (globalThis as { asyncLocalStorage?: { getStore(): unknown } }).asyncLocalStorage;
    const store = storage?.getStore();
    return typeof store === "object" && store !== null ? store : globalThis;
}

function registry(): Registry {
    const holder = globalThis as { [REGISTRY]?: WeakMap<object, Registry> };
    holder[REGISTRY] ??= new WeakMap();
    const runs = holder[REGISTRY];
    const run = currentRun();
    let keys = runs.get(run);
    if (!keys) {
        keys = new Map();
        runs.set(run, keys);
    }
    return keys;
}

/** Claims the key for a resource; the message naming both resources when another holds it. */
function claim(resourceName: string, parts: KeyParts): string | undefined {
    const key = connectorKey(parts);
    const holder = registry().get(key);
    if (holder !== undefined && holder !== resourceName) {
        return (
            `Connector "${resourceName}" duplicates Connector "${holder}": both declare the ${describeKey(parts)}, ` +
            `and Patchworks allows one live and one test connector per system per company group. ` +
            `To run several ${parts.environment} ${parts.system} connectors, give each its own companyGroup.`
        );
    }
    registry().set(key, resourceName);
    return undefined;
}

type MaybeInput<T> = pulumi.Input<T> | undefined;

/**
 * A key known now is checked now: a duplicate fails the program before anything is registered. A
 * key that depends on other resources is checked when it resolves; the verdict returned then is an
 * input of the resource, so the provider's check fails the resource with it before any create,
 * and no other input has to wait for the key or become unknown.
 */
export function claimConnectorKey(
    resourceName: string,
    system: pulumi.Input<string>,
    environment: pulumi.Input<string>,
    companyGroup: MaybeInput<string>,
): pulumi.Output<string | undefined> | undefined {
    const plain = (v: unknown): v is string | undefined => v === undefined || typeof v === "string";
    if (plain(system) && plain(environment) && plain(companyGroup)) {
        const duplicate = claim(resourceName, { system, environment, companyGroup });
        if (duplicate) throw new pulumi.RunError(duplicate);
        return undefined;
    }
    return pulumi
        .all([system, environment, companyGroup])
        .apply(([s, e, g]) => claim(resourceName, { system: s, environment: e, companyGroup: g }));
}
