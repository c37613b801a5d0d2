// The policies of the Patchworks policy pack, as plain objects so tests can call them directly.
// `index.ts` serves them to the Pulumi engine.
//
// Under `pulumi preview` a resource's properties may be unknown (they depend on another resource's
// outputs): reading one through the engine's proxy throws UnknownValueError, and a raw unknown is a
// sentinel string. Credentials are secrets in the state; a stack policy receives their plain
// values (or, from other callers, `Secret` wrappers or raw secret envelopes). Both are handled
// here, and no message ever contains a credential value.
import {
    Secret,
    UnknownValueError,
    type PolicyResource,
    type ReportViolation,
    type StackValidationArgs,
    type StackValidationPolicy,
} from "@pulumi/policy";
import * as pulumiRuntime from "@pulumi/pulumi/runtime";
import { usernameFromName } from "../provider/company-group/resolve";
import { connectorKey, describeKey, type KeyParts } from "../provider/connector/key";

/** The type token of every `patchworks.Connector` (and of any dynamic resource registered as one). */
export const CONNECTOR_TYPE = "pulumi-nodejs:dynamic/patchworks:Connector";
/** The type token of every `patchworks.Service`. */
export const SERVICE_TYPE = "pulumi-nodejs:dynamic/patchworks:Service";

/** A property whose value is not known yet (preview of a value that depends on other resources). */
const UNKNOWN: unique symbol = Symbol("unknown");

/** Pulumi's wire envelope of a secret, `{ [specialSigKey]: specialSecretSig, value }`, and its unknown string. */
const { specialSecretSig, specialSigKey, unknownValue } = pulumiRuntime;

function isUnknownValueError(error: unknown): boolean {
    return (
        error instanceof UnknownValueError ||
        (typeof error === "object" && error !== null && error.constructor?.name === "UnknownValueError")
    );
}

/** The plain value inside a secret wrapper or envelope (or the value itself), or UNKNOWN. */
function reveal(value: unknown): unknown {
    for (;;) {
        // Through the policy server's proxy an unknown of any kind throws UnknownValueError; a raw
        // value handed over by another caller can still be the engine's unknown string.
        if (value === unknownValue) return UNKNOWN;
        if (value instanceof Secret) {
            value = value.value;
            continue;
        }
        if (typeof value === "object" && value !== null) {
            const envelope = value as Record<string, unknown>;
            if (read(envelope, specialSigKey) === specialSecretSig) {
                value = read(envelope, "value");
                continue;
            }
        }
        return value;
    }
}

/** `obj[key]` without throwing on the engine's unknown-checking proxy. */
function read(obj: unknown, key: string): unknown {
    if (typeof obj !== "object" || obj === null) return undefined;
    try {
        return (obj as Record<string, unknown>)[key];
    } catch (error) {
        if (isUnknownValueError(error)) return UNKNOWN;
        throw error;
    }
}

/** A property of a resource, secrets revealed, UNKNOWN when not known yet. */
function prop(resource: PolicyResource, key: string): unknown {
    return reveal(read(resource.props, key));
}

interface Connector {
    readonly resource: PolicyResource;
    readonly parts: KeyParts;
    readonly key: string;
}

/** A group's name and its username name one group ("UK Store", "uk_store"): keys compare what Fabric derives from either. */
function keyOf(parts: KeyParts): string {
    const group = typeof parts.companyGroup === "string" ? usernameFromName(parts.companyGroup) : parts.companyGroup;
    return connectorKey({ ...parts, companyGroup: group });
}

/** The resource as a keyed connector, or undefined when it is not one or its key is not known yet. */
function asConnector(resource: PolicyResource): Connector | undefined {
    if (resource.type !== CONNECTOR_TYPE) return undefined;
    const system = prop(resource, "system");
    const environment = prop(resource, "environment");
    const companyGroup = prop(resource, "companyGroup");
    if (typeof system !== "string" || typeof environment !== "string") return undefined;
    if (companyGroup !== undefined && companyGroup !== null && typeof companyGroup !== "string") return undefined;
    const parts: KeyParts = { system, environment, companyGroup };
    return { resource, parts, key: keyOf(parts) };
}

function connectorsByKey(resources: readonly PolicyResource[]): Map<string, Connector[]> {
    const byKey = new Map<string, Connector[]>();
    for (const resource of resources) {
        const connector = asConnector(resource);
        if (!connector) continue;
        const group = byKey.get(connector.key);
        if (group) group.push(connector);
        else byKey.set(connector.key, [connector]);
    }
    return byKey;
}

const quoted = (connectors: readonly Connector[]) => connectors.map((c) => `"${c.resource.name}"`).join(", ");

/** Mandatory: one live and one test connector per system per company group, over the whole stack. */
export const oneConnectorPerKey: StackValidationPolicy = {
    name: "patchworks-one-connector-per-system-environment-group",
    description:
        "One live and one test Patchworks connector per system per company group: no two Connectors in a stack " +
        "may share a system, an environment and a company group (a group's name and its username name the same group; " +
        "no group is the account's only group).",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Remove the extra connectors, or give each its own companyGroup (several live stores of one system " +
        "belong in different company groups).",
    validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
        for (const group of connectorsByKey(args.resources).values()) {
            if (group.length < 2) continue;
            for (const connector of group) {
                const others = group.filter((c) => c !== connector);
                reportViolation(
                    `Connector "${connector.resource.name}" is one of ${group.length} connectors in this stack that ` +
                        `declare the ${describeKey(connector.parts)} (the others: ${quoted(others)}). Patchworks ` +
                        `allows one live and one test connector per system per company group: remove the extras, ` +
                        `or give each its own companyGroup.`,
                    connector.resource.urn,
                );
            }
        }
    },
};

type Credentials = Map<string, unknown>;

/** A connector's credential fields, values revealed; undefined when there are none or they are unknown. */
function credentialsOf(resource: PolicyResource): Credentials | undefined {
    const credentials = prop(resource, "credentials");
    if (credentials === UNKNOWN || typeof credentials !== "object" || credentials === null) return undefined;
    const fields: Credentials = new Map();
    for (const key of Object.keys(credentials)) {
        const value = reveal(read(credentials, key));
        if (value !== undefined && value !== null) fields.set(key, value);
    }
    return fields.size > 0 ? fields : undefined;
}

function sameValue(a: unknown, b: unknown): boolean {
    if (typeof a === "string" || typeof b === "string") return a === b;
    return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * true when both have the same fields with the same values; false when they certainly differ;
 * undefined when the known values agree but some are not known yet.
 */
function identical(a: Credentials, b: Credentials): boolean | undefined {
    if (a.size !== b.size) return false;
    let unknown = false;
    for (const [key, value] of a) {
        if (!b.has(key)) return false;
        const other = b.get(key);
        if (value === UNKNOWN || other === UNKNOWN) unknown = true;
        else if (!sameValue(value, other)) return false;
    }
    return unknown ? undefined : true;
}

/** Advisory: a test connector whose credentials are the live connector's is pointed at production. */
export const testConnectorNotOnLiveCredentials: StackValidationPolicy = {
    name: "patchworks-test-connector-uses-live-credentials",
    description:
        "A test Patchworks connector should not use exactly the credentials of the live connector of the same " +
        "system and company group: it would send test traffic to production.",
    enforcementLevel: "advisory",
    severity: "medium",
    remediationSteps: "Give the test connector the credentials of the system's test (sandbox) account.",
    validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
        const byKey = connectorsByKey(args.resources);
        for (const group of byKey.values()) {
            const [first] = group;
            if (first.parts.environment !== "test") continue;
            const live = byKey.get(keyOf({ ...first.parts, environment: "live" })) ?? [];
            for (const testConnector of group) {
                const testCredentials = credentialsOf(testConnector.resource);
                if (!testCredentials) continue;
                for (const liveConnector of live) {
                    const liveCredentials = credentialsOf(liveConnector.resource);
                    if (!liveCredentials || identical(testCredentials, liveCredentials) !== true) continue;
                    const fields = [...testCredentials.keys()].sort().join(", ");
                    reportViolation(
                        `Connector "${testConnector.resource.name}" (the ${describeKey(testConnector.parts)}) has ` +
                            `the same credentials as Connector "${liveConnector.resource.name}" (the ` +
                            `${describeKey(liveConnector.parts)}): every field is identical (${fields}), so the ` +
                            `test connector points at production. Give it the credentials of a test account.`,
                        testConnector.resource.urn,
                    );
                }
            }
        }
    },
};

type Side = "source" | "destination";
const SIDES: readonly Side[] = ["source", "destination"];

/** The stack's connectors by their Patchworks id (known once created) and by URN. */
function connectorIndex(resources: readonly PolicyResource[]): { byId: Map<string, Connector>; byUrn: Map<string, Connector> } {
    const byId = new Map<string, Connector>();
    const byUrn = new Map<string, Connector>();
    for (const resource of resources) {
        const connector = asConnector(resource);
        if (!connector) continue;
        byUrn.set(resource.urn, connector);
        const id = prop(resource, "connectorId");
        if (typeof id === "string") byId.set(id, connector);
    }
    return { byId, byUrn };
}

/**
 * The stack's Connector a service's endpoint uses: the one whose `connectorId` it holds, or, while
 * that id is not known yet (preview of a new connector), the one Connector the endpoint's value
 * comes from. Undefined for a connector managed elsewhere, or when that cannot be told.
 */
function endpointConnector(service: PolicyResource, side: Side, index: ReturnType<typeof connectorIndex>): Connector | undefined {
    const endpoint = prop(service, side);
    if (endpoint === UNKNOWN || typeof endpoint !== "object" || endpoint === null) return undefined;
    const id = reveal(read(endpoint, "connectorId"));
    if (typeof id === "string") return index.byId.get(id);
    if (id !== UNKNOWN) return undefined;
    const sources = new Set((service.propertyDependencies[side] ?? []).map((r) => index.byUrn.get(r.urn)).filter((c) => c !== undefined));
    return sources.size === 1 ? [...sources][0] : undefined;
}

interface Endpoint {
    readonly environment: string;
    /** How the message names it. */
    readonly described: string;
}

/**
 * An endpoint's environment: the stack's Connector's own where the endpoint is one of them, else
 * what the endpoint carries (a connector managed elsewhere, as patchworks.getConnector gives it).
 * Undefined while it is not known.
 */
function endpointOf(service: PolicyResource, side: Side, index: ReturnType<typeof connectorIndex>): Endpoint | undefined {
    const connector = endpointConnector(service, side, index);
    if (connector)
        return {
            environment: connector.parts.environment,
            described: `Connector "${connector.resource.name}", the ${describeKey(connector.parts)}`,
        };
    const endpoint = prop(service, side);
    if (endpoint === UNKNOWN || typeof endpoint !== "object" || endpoint === null) return undefined;
    const environment = reveal(read(endpoint, "environment"));
    const system = reveal(read(endpoint, "system"));
    const id = reveal(read(endpoint, "connectorId"));
    if (typeof environment !== "string") return undefined;
    const what = typeof system === "string" ? `${environment} ${system} connector` : `${environment} connector`;
    return { environment, described: typeof id === "string" ? `connector ${id}, a ${what} managed outside this stack` : `a ${what}` };
}

/**
 * Mandatory: a service between a live and a test connector. Fabric takes a source and a
 * destination environment of their own, so it would run one, moving test records into production
 * or production records into a test system; the provider does not refuse it.
 */
export const serviceConnectorsSameEnvironment: StackValidationPolicy = {
    name: "patchworks-service-connectors-same-environment",
    description:
        "A Patchworks service uses two live connectors or two test connectors, never one of each: a live source into a " +
        "test destination, or a test source into a live destination, mixes test and production records.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Point the service at two connectors of one environment: the live connectors of its group for a live service, " +
        "the test connectors for a test service.",
    validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
        const index = connectorIndex(args.resources);
        for (const service of args.resources) {
            if (service.type !== SERVICE_TYPE) continue;
            const [source, destination] = SIDES.map((side) => endpointOf(service, side, index));
            if (!source || !destination || source.environment === destination.environment) continue;
            reportViolation(
                `Service "${service.name}" mixes environments: its source is ${source.described}, and its destination is ` +
                    `${destination.described}. A service must not move records between live and test systems: use two ` +
                    `${source.environment} connectors or two ${destination.environment} connectors.`,
                service.urn,
            );
        }
    },
};

/** Every policy of the pack, in the order the engine reports them. */
export const policies: StackValidationPolicy[] = [oneConnectorPerKey, testConnectorNotOnLiveCredentials, serviceConnectorsSameEnvironment];
