import * as pulumi from "@pulumi/pulumi";
import { connectorProvider } from "../provider/dynamic";
import { claimConnectorKey } from "./registry";

export type Environment = "live" | "test";
export type ConnectorStatus = "operational" | "unreachable" | "failed_authentication";

export interface ConnectorArgs {
    /** Catalog id of the system, e.g. "shopify"; see `patchworks.systems`. Changing it replaces the connector. */
    system: pulumi.Input<string>;
    /** "live" or "test". Changing it replaces the connector. */
    environment: pulumi.Input<Environment>;
    /** The company group; omitted means the company's default group. Changing it replaces the connector. */
    companyGroup?: pulumi.Input<string>;
    /** Display name in Patchworks; defaults to the resource name. */
    name?: pulumi.Input<string>;
    /** IANA time zone; default "UTC". */
    timezone?: pulumi.Input<string>;
    /** Luxon/Unicode date format; default "yyyy-MM-dd HH:mm:ss". */
    dateFormat?: pulumi.Input<string>;
    /** Authentication type; optional when the system has exactly one. Changing it replaces the connector. */
    authType?: pulumi.Input<string>;
    /** Credential fields for the system and auth type. Always stored as a secret. */
    credentials?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** Take over the existing connector with the same system, environment and company group. */
    adopt?: pulumi.Input<boolean>;
}

/** A Patchworks service connector. */
export class Connector extends pulumi.dynamic.Resource {
    declare public readonly system: pulumi.Output<string>;
    declare public readonly environment: pulumi.Output<Environment>;
    declare public readonly companyGroup: pulumi.Output<string | undefined>;
    declare public readonly name: pulumi.Output<string>;
    declare public readonly timezone: pulumi.Output<string>;
    declare public readonly dateFormat: pulumi.Output<string>;
    declare public readonly authType: pulumi.Output<string>;
    declare public readonly credentials: pulumi.Output<Record<string, string>>;
    declare public readonly adopt: pulumi.Output<boolean>;
    /** The Patchworks id of the connector. */
    declare public readonly connectorId: pulumi.Output<string>;
    declare public readonly status: pulumi.Output<ConnectorStatus>;
    /** ISO 8601, UTC. */
    declare public readonly createdAt: pulumi.Output<string>;
    /** ISO 8601, UTC. */
    declare public readonly updatedAt: pulumi.Output<string>;

    constructor(name: string, args: ConnectorArgs, opts?: pulumi.CustomResourceOptions) {
        const system = claimConnectorKey(name, args.system, args.environment, args.companyGroup);
        super(
            connectorProvider,
            name,
            {
                // Every output is named here, even when unset: the SDK makes an Output only for the
                // properties it is given.
                system,
                environment: args.environment,
                companyGroup: args.companyGroup,
                name: args.name ?? name,
                timezone: args.timezone,
                dateFormat: args.dateFormat,
                authType: args.authType,
                credentials: args.credentials === undefined ? undefined : pulumi.secret(args.credentials),
                adopt: args.adopt,
                connectorId: undefined,
                status: undefined,
                createdAt: undefined,
                updatedAt: undefined,
            },
            {
                ...opts,
                additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "credentials"],
            },
            "patchworks",
            "Connector",
        );
    }
}
