import * as pulumi from "@pulumi/pulumi";
import { CONNECTOR_OUTPUT_ONLY } from "../provider/connector/mapping";
import { unsetOutputs } from "../provider/engine-values";
import { PROGRAM_CHECK_INPUT, type Environment } from "../provider/model";
import { claimConnectorKey } from "./registry";
import { PatchworksResource } from "./resource";

export interface ConnectorArgs {
    /** Catalog id of the system, e.g. "shopify"; see `patchworks.systems`. Changing it replaces the connector (the new one is created first). */
    system: pulumi.Input<string>;
    /** "live" or "test". Changing it replaces the connector. */
    environment: pulumi.Input<Environment>;
    /**
     * A company group of the account by name or username (trimmed, case-insensitive), e.g. a
     * CompanyGroup's `username`; omitted: the account's only group. Moving to another group replaces the connector.
     */
    companyGroup?: pulumi.Input<string>;
    /** Display name in Patchworks; defaults to the resource name (with `adopt`, to the connector's own name). */
    name?: pulumi.Input<string>;
    /** IANA time zone; default the system's own in Patchworks, else "UTC" (with `adopt`, the connector's own). */
    timezone?: pulumi.Input<string>;
    /** A PHP date() format; default the system's own in Patchworks, else "c" (with `adopt`, the connector's own). */
    dateFormat?: pulumi.Input<string>;
    /** Patchworks' authorisation type ("oauth2", "basic_auth", ...); optional when the system has exactly one. Changes in place. */
    authType?: pulumi.Input<string>;
    /** Patchworks' own credential keys for the system and auth type. Always stored as a secret. With `adopt`, optional: omitted keeps them as they are. */
    credentials?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** Take over the existing connector with the same system, environment and company group. */
    adopt?: pulumi.Input<boolean>;
}

/** Keys a JavaScript object treats specially; the engine would drop `__proto__` without a word. */
const FORBIDDEN_CREDENTIAL_KEYS = ["__proto__", "constructor", "prototype"];

function forbiddenKeyProblem(resourceName: string, credentials: unknown): string | undefined {
    if (typeof credentials !== "object" || credentials === null) return undefined;
    const key = FORBIDDEN_CREDENTIAL_KEYS.find((k) => Object.hasOwn(credentials, k));
    return (
        key &&
        `Connector "${resourceName}": credentials.${key}: "${key}" cannot be a credential key; remove it (see patchworks.systems for the valid keys)`
    );
}

/** Without `name`, a connector is named after its resource, except an adopted one, which keeps its own. */
function defaultName(resourceName: string, adopt: pulumi.Input<boolean> | undefined): pulumi.Input<string | undefined> {
    if (adopt === undefined || typeof adopt === "boolean") return adopt === true ? undefined : resourceName;
    return pulumi.output(adopt).apply((a) => (a === true ? undefined : resourceName));
}

/** A Patchworks service connector (Fabric `/connectors`). */
export class Connector extends PatchworksResource {
    declare public readonly system: pulumi.Output<string>;
    declare public readonly environment: pulumi.Output<Environment>;
    declare public readonly companyGroup: pulumi.Output<string | undefined>;
    declare public readonly name: pulumi.Output<string>;
    declare public readonly timezone: pulumi.Output<string>;
    declare public readonly dateFormat: pulumi.Output<string>;
    declare public readonly authType: pulumi.Output<string>;
    declare public readonly credentials: pulumi.Output<Record<string, string>>;
    declare public readonly adopt: pulumi.Output<boolean>;
    /** The credential keys the last change set anew (never their values), so a rotation shows in a preview. */
    declare public readonly credentialsChanged: pulumi.Output<string[]>;
    /** Patchworks' id of the connector, "<group username>|<n>". */
    declare public readonly connectorId: pulumi.Output<string>;
    /** Patchworks' numeric id of the connector's company group, as a string. */
    declare public readonly companyGroupId: pulumi.Output<string>;
    /** Patchworks' numeric id of the system, as a string. */
    declare public readonly systemId: pulumi.Output<string>;

    constructor(name: string, args: ConnectorArgs, opts?: pulumi.CustomResourceOptions) {
        const duplicate = claimConnectorKey(name, args.system, args.environment, args.companyGroup);
        // Only a plain object can be looked at: @pulumi/pulumi drops an own `__proto__` key of an
        // Output's value before any apply sees it (the provider refuses `constructor` and `prototype`).
        const forbidden = forbiddenKeyProblem(name, args.credentials);
        if (forbidden) throw new pulumi.RunError(forbidden);
        super(
            "connector",
            name,
            {
                // Every output is named here, even when unset: the SDK makes an Output only for the
                // properties it is given.
                system: args.system,
                environment: args.environment,
                companyGroup: args.companyGroup,
                name: args.name ?? defaultName(name, args.adopt),
                timezone: args.timezone,
                dateFormat: args.dateFormat,
                authType: args.authType,
                credentials: args.credentials === undefined ? undefined : pulumi.secret(args.credentials),
                adopt: args.adopt,
                // Only when there is a verdict to wait for: the SDK makes four promises, each with
                // a stack trace, for every property a resource registers, whatever its value.
                ...(duplicate === undefined ? {} : { [PROGRAM_CHECK_INPUT]: duplicate }),
                credentialsChanged: undefined,
                ...unsetOutputs(CONNECTOR_OUTPUT_ONLY),
            },
            {
                ...opts,
                additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "credentials"],
            },
        );
    }
}
