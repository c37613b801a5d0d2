// What a Service needs of its connectors at preview: system, environment and company group as the
// program declared them, which are plain values when the program wrote them plainly (a Connector's
// outputs are unknown until it exists). Kept beside each Connector without widening its public type.
import type * as pulumi from "@pulumi/pulumi";

export interface DeclaredKey {
    system: pulumi.Input<string>;
    environment: pulumi.Input<string>;
    companyGroup?: pulumi.Input<string>;
}

const declared = new WeakMap<object, DeclaredKey>();

export function rememberDeclaredKey(connector: object, key: DeclaredKey): void {
    declared.set(connector, key);
}

export function declaredKeyOf(connector: object): DeclaredKey | undefined {
    return declared.get(connector);
}
