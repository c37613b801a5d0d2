// Between the resource's inputs/outputs and Fabric's connectors: the outputs after a write, the
// outputs after a refresh (drift), and the body of an in-place update. Pure. Secret credential
// values only ever come from what Pulumi already holds: Fabric masks some and returns others in
// clear (fact sheet 4.2), and neither reaches the state.
import { isMasked, storedCredentialsForComparison, type AuthType, type SystemEntry } from "../catalog";
import type { ConnectorUpdate, CredentialValue, FabricConnector } from "../client/connectors";
import { isSecretKey } from "./account-catalog";
import type { PATCH_PROPERTIES } from "./diff";
import type { ConnectorInputs } from "./validate";

export interface ConnectorOutputs extends ConnectorInputs {
    /** "<group username>|<n>". */
    connectorId: string;
    /** Fabric's numeric ids, as strings. */
    companyGroupId: string;
    systemId: string;
}

/** The outputs that are not inputs: what `read` leaves out when it hands the inputs back. */
export const CONNECTOR_OUTPUT_ONLY = ["connectorId", "companyGroupId", "systemId"] as const;

/** A credential value as the state holds it: a string; nested values (a reshaped driver's) as JSON. */
export function credentialText(value: CredentialValue): string | undefined {
    if (value === undefined || value === null) return undefined;
    return typeof value === "object" ? JSON.stringify(value) : String(value);
}

function findKey(record: Readonly<Record<string, unknown>>, key: string): string | undefined {
    if (Object.hasOwn(record, key)) return key;
    return Object.keys(record).find((k) => k.toLowerCase() === key.toLowerCase());
}

/**
 * The non-secret credentials Fabric shows of a connector nobody declared credentials for (an
 * adopted one): its own, so the outputs show them. Flags follow from the auth type and are left out.
 */
function ownCredentials(authType: AuthType | undefined, remote: FabricConnector): Record<string, string> {
    const shown: Record<string, string> = {};
    for (const [key, value] of Object.entries(remote.credentials)) {
        if (isSecretKey(authType, key) || isMasked(value) || (authType && Object.hasOwn(authType.flags, key))) continue;
        const text = credentialText(value);
        if (text !== undefined) shown[key] = text;
    }
    return shown;
}

export interface RefreshedCredentials {
    credentials: Record<string, string> | undefined;
    /** The non-secret keys whose value Fabric holds differently from the state (never values). */
    drifted: string[];
}

/**
 * The credentials as they are now. A secret key keeps the state's value whatever Fabric shows; a
 * non-secret key is compared after the reshaping Fabric does on read (fact sheet 4.2), so a value
 * Fabric only stores differently is not drift.
 */
export function refreshCredentials(
    system: SystemEntry | undefined,
    authType: AuthType | undefined,
    known: Readonly<Record<string, string>> | undefined,
    remote: FabricConnector,
): RefreshedCredentials {
    if (known === undefined) return { credentials: ownCredentials(authType, remote), drifted: [] };
    const expected = system && authType ? storedCredentialsForComparison(system, authType, { ...known }) : { ...known };
    const credentials: Record<string, string> = {};
    const drifted: string[] = [];
    for (const [key, value] of Object.entries(known)) {
        credentials[key] = value;
        if (isSecretKey(authType, key)) continue;
        const remoteKey = findKey(remote.credentials, key);
        const actual = remoteKey === undefined ? undefined : remote.credentials[remoteKey];
        // Masked, or reshaped under another key: Fabric does not show it, so nothing can be said.
        if (actual === undefined || isMasked(actual)) continue;
        const expectedKey = findKey(expected, key);
        const shownForDeclared = expectedKey === undefined ? value : expected[expectedKey];
        const text = credentialText(actual) as string;
        if (text !== shownForDeclared && text !== value) {
            credentials[key] = text;
            drifted.push(key);
        }
    }
    return { credentials, drifted: drifted.sort() };
}

/** The outputs after a write or a read: Fabric's settings and ids, the credentials given. */
export function toOutputs(
    inputs: ConnectorInputs,
    remote: FabricConnector,
    credentials: Record<string, string> | undefined,
): ConnectorOutputs {
    const outputs: ConnectorOutputs = {
        system: inputs.system,
        environment: inputs.environment,
        name: remote.name,
        timezone: remote.timezone,
        dateFormat: remote.dateFormat,
        authType: remote.authType,
        adopt: inputs.adopt,
        credentialsChanged: inputs.credentialsChanged,
        connectorId: remote.id,
        companyGroupId: remote.group.id,
        systemId: remote.system.id,
    };
    if (credentials !== undefined) outputs.credentials = credentials;
    if (inputs.companyGroup !== undefined) outputs.companyGroup = inputs.companyGroup;
    return outputs;
}

/**
 * Refresh: the connector as Fabric has it now. `credentialsChanged` names the credential keys that
 * changed outside Pulumi, so the refresh shows that they did without showing a value.
 */
export function refreshedOutputs(
    state: ConnectorOutputs,
    remote: FabricConnector,
    system: SystemEntry | undefined,
    authType: AuthType | undefined,
): ConnectorOutputs {
    const { credentials, drifted } = refreshCredentials(system, authType, state.credentials, remote);
    return toOutputs({ ...state, credentialsChanged: drifted }, remote, credentials);
}

/** The inputs a refresh hands back, so the next preview compares the program with what Patchworks has. */
export function inputsOf(outputs: ConnectorOutputs): ConnectorInputs {
    const inputs: Record<string, unknown> = { ...outputs, credentialsChanged: [] };
    for (const key of CONNECTOR_OUTPUT_ONLY) delete inputs[key];
    if (inputs.companyGroup === undefined) delete inputs.companyGroup;
    return inputs as unknown as ConnectorInputs;
}

/**
 * The credentials a create sends: the declared ones plus the auth type's flags (Shopify's
 * `public_app`). Fabric requires a non-empty object even for keyless systems (fact sheet 4.5,
 * Inbound API): an empty one gets the auth type's name as its only key.
 * [?] fact sheet 4.5 (what a keyless system's credentials should hold): `authorisation_type`,
 * chosen because Fabric copies that very key into the credentials anyway (3.1, create step 4).
 */
export function credentialsToCreate(
    authType: AuthType,
    declared: Readonly<Record<string, string>> | undefined,
): Record<string, CredentialValue> {
    const body: Record<string, CredentialValue> = { ...(declared ?? {}), ...authType.flags };
    return Object.keys(body).length > 0 ? body : { authorisation_type: authType.id };
}

/** The flags that select `authType` and switch off every other auth type's flags. */
function flagsSelecting(system: SystemEntry, authType: AuthType): Record<string, CredentialValue> {
    const flags: Record<string, CredentialValue> = {};
    for (const other of system.authTypes) {
        if (other.id === authType.id) continue;
        for (const key of Object.keys(other.flags)) if (!Object.hasOwn(authType.flags, key)) flags[key] = false;
    }
    return { ...flags, ...authType.flags };
}

export interface UpdatePlan {
    update: ConnectorUpdate;
    /** Stored credential keys the PUT cannot remove (Fabric merges, fact sheet 4.3). */
    staysBehind: string[];
    /** Keys the system's update must send again but whose value Pulumi does not hold. */
    missingResend: string[];
}

type PatchProperty = (typeof PATCH_PROPERTIES)[number];

function usable(value: string | undefined): value is string {
    return value !== undefined && !isMasked(value);
}

/**
 * The PUT for an in-place change: `environment` always, only the settings and credential keys
 * that change, plus the keys the system's update needs again (fact sheet 4.3), never a mask.
 */
export function updatePlan(
    system: SystemEntry,
    authType: AuthType,
    olds: ConnectorOutputs,
    news: ConnectorInputs,
    changed: readonly PatchProperty[],
): UpdatePlan {
    const update: ConnectorUpdate = { environment: news.environment };
    if (changed.includes("name") && news.name !== undefined) update.name = news.name;
    if (changed.includes("timezone") && news.timezone !== undefined) update.timezone = news.timezone;
    if (changed.includes("dateFormat") && news.dateFormat !== undefined) update.dateFormat = news.dateFormat;
    const before = olds.credentials ?? {};
    const declared = news.credentials;
    const credentials: Record<string, CredentialValue> = {};
    const staysBehind: string[] = [];
    if (changed.includes("authType")) {
        update.authType = authType.id;
        Object.assign(credentials, flagsSelecting(system, authType));
        for (const [key, value] of Object.entries(declared ?? {})) if (usable(value)) credentials[key] = value;
        const kept = new Set([...authType.fields.map((f) => f.key), ...Object.keys(authType.flags)]);
        staysBehind.push(...Object.keys(before).filter((key) => !kept.has(key)));
    } else if (changed.includes("credentials") && declared !== undefined) {
        for (const [key, value] of Object.entries(declared)) if (usable(value) && before[key] !== value) credentials[key] = value;
        staysBehind.push(...Object.keys(before).filter((key) => !Object.hasOwn(declared, key)));
    }
    // [?] fact sheet 4.3 (whether the resend is needed when no credential changes): sent on every
    // PUT, because Fabric merges and re-verifies the stored credentials on every update, a rename too.
    const missingResend: string[] = [];
    for (const key of authType.updateResendKeys) {
        const value = declared?.[key] ?? before[key];
        if (usable(value)) credentials[key] = value;
        else missingResend.push(key);
    }
    if (Object.keys(credentials).length > 0) update.credentials = credentials;
    return { update, staysBehind: staysBehind.sort(), missingResend };
}
