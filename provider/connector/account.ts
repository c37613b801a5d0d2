// The account-level rules a check applies to a new connector (or one whose key changes): whether a
// connector with its key already exists, and what the user can do about it. Pure: the account
// snapshot and what this run knows of the stack are passed in.
import type { CompanyGroup, RemoteConnector } from "../client";
import { isUnknown } from "../engine-values";
import type { RunLedger } from "./ledger";
import { describeKey, normaliseCompanyGroup, sameKey, type KeyParts } from "./key";
import { isSecretCredential } from "./mapping";
import type { CheckFailure, ConnectorInputs } from "./validate";

export function keyOf(inputs: Partial<ConnectorInputs>): KeyParts | undefined {
    const { system, environment, companyGroup } = inputs;
    if (typeof system !== "string" || typeof environment !== "string") return undefined;
    // Olds come from the state, which may hold anything; a key that is not one is no key.
    if (companyGroup !== undefined && companyGroup !== null && typeof companyGroup !== "string") return undefined;
    if ([system, environment, companyGroup].some(isUnknown)) return undefined;
    return { system, environment, companyGroup };
}

export function describeRemote(remote: Pick<RemoteConnector, "id" | "name">): string {
    return `${remote.id} ("${remote.name}")`;
}

const DESCRIBED_FIELDS = [
    ["name", "name"],
    ["timezone", "timezone"],
    ["dateFormat", "dateFormat"],
] as const;

/** What adopting `remote` with these inputs changes, field by field: `name "A" -> "B"`. */
export function adoptionChanges(remote: RemoteConnector, inputs: ConnectorInputs): string[] {
    const changes: string[] = [];
    for (const [field, label] of DESCRIBED_FIELDS) {
        const declared = inputs[field];
        if (declared !== undefined && !isUnknown(declared) && declared !== remote[field]) {
            changes.push(`${label} ${JSON.stringify(remote[field])} -> ${JSON.stringify(declared)}`);
        }
    }
    if (inputs.credentials !== undefined) {
        const keys = isUnknown(inputs.credentials) ? "" : ` (${Object.keys(inputs.credentials).sort().join(", ")})`;
        changes.push(`credentials replaced with the declared ones${keys}`);
    }
    return changes;
}

/**
 * Fields in which an existing connector differs from a declaration; none means it looks exactly
 * like what this declaration creates (an interrupted run's connector does).
 */
export function differencesFrom(remote: RemoteConnector, inputs: ConnectorInputs): string[] {
    const differences: string[] = DESCRIBED_FIELDS.filter(([field]) => inputs[field] !== remote[field]).map(([, label]) => label);
    if (remote.authType !== inputs.authType) differences.push("authType");
    const credentials = inputs.credentials ?? {};
    const keys = new Set([...Object.keys(credentials), ...Object.keys(remote.credentials)]);
    for (const key of keys) {
        // Secret values come back masked: only what the API shows can be compared.
        if (isSecretCredential(remote.system, remote.authType, key)) {
            if (!(key in credentials) || !(key in remote.credentials)) differences.push(`credentials.${key}`);
        } else if (credentials[key] !== remote.credentials[key]) {
            differences.push(`credentials.${key}`);
        }
    }
    return differences;
}

export type AccountVerdict =
    | { kind: "clear" }
    | { kind: "failure"; failure: CheckFailure }
    /** adopt: true and the connector exists: what adopting it will change. */
    | { kind: "adopt"; remote: RemoteConnector; changes: string[] }
    /** patchworks:adoptMatching and an exact match: adopt it instead of creating. */
    | { kind: "adopt-matching"; remote: RemoteConnector };

export interface AccountContext {
    ledger: Pick<RunLedger, "isBeingReplaced" | "isVacated">;
    adoptMatching: boolean;
}

/** Why a connector with this key blocks the create, and what to do, depending on where it may come from. */
export function conflictAdvice(
    key: KeyParts,
    remote: RemoteConnector,
    inputs: ConnectorInputs,
    context: Pick<AccountContext, "ledger">,
): string {
    const found = `a connector with this key exists in the Patchworks account: ${describeRemote(remote)}, the ${describeKey(key)}.`;
    if (context.ledger.isVacated(key)) {
        return (
            `${found} Another Connector of this stack moves off this key in this run, and Pulumi deletes its old connector only ` +
            `at the end of the run, after it would create this one, which Patchworks refuses (one live and one test connector ` +
            `per system per company group). To hand ${remote.id} over to this Connector, set adopt: true on it: ${remote.id} is ` +
            `then kept and managed by this Connector, and the other Connector's replacement is created anew.`
        );
    }
    const differences = differencesFrom(remote, inputs);
    const interrupted =
        differences.length === 0
            ? ` It matches this declaration exactly, so an interrupted \`pulumi up\` of this stack may have created it: ` +
              `then clear the pending operations Pulumi reports with \`pulumi refresh --clear-pending-creates\`, and run ` +
              `\`PATCHWORKS_ADOPT_MATCHING=true pulumi up\` (or set patchworks:adoptMatching), which adopts every connector ` +
              `that matches its declaration exactly, in one run.`
            : "";
    return (
        `${found} This Connector (new to the stack, or moving to this key) would create a second connector with it, which ` +
        `Patchworks refuses (one live and one test connector per system per company group). ` +
        `If you renamed this Connector, add the resource option aliases: [{ name: "<its previous resource name>" }] so Pulumi ` +
        `keeps ${remote.id} (the first argument of new Connector(...) before the rename; a Connector declared without ` +
        `name names its connector after it, so if ${remote.id} was made that way, it is "${remote.name}"). If ${remote.id} was made outside this stack (the dashboard, another stack or pipeline), or ` +
        `another Connector of this stack moves off this key in this change, set adopt: true on this Connector to take ` +
        `${remote.id} over (a connector one Connector adopts is never deleted by another in the same run). ` +
        `Or use another companyGroup.` +
        interrupted
    );
}

/**
 * The verdict for a connector this run would create: `existing` is the account's connectors. Call
 * only when the inputs validated and their key and adopt are known.
 */
export function accountVerdict(existing: readonly RemoteConnector[], inputs: ConnectorInputs, context: AccountContext): AccountVerdict {
    const key = keyOf(inputs);
    if (!key || isUnknown(inputs.adopt)) return { kind: "clear" };
    const remote = existing.find((c) => sameKey(c, key));
    if (inputs.adopt) {
        if (!remote) {
            return {
                kind: "failure",
                failure: {
                    property: "adopt",
                    reason:
                        `adopt is true, but the Patchworks account has no ${describeKey(key)} to take over. ` +
                        `Create (or authorise) it in the Patchworks dashboard first, or remove adopt to let Pulumi create it.`,
                },
            };
        }
        if (!isUnknown(inputs.authType) && remote.authType !== inputs.authType) {
            return {
                kind: "failure",
                failure: {
                    property: "authType",
                    reason: `cannot adopt connector ${describeRemote(remote)}: it uses authType "${remote.authType}", not "${inputs.authType}"; declare authType: "${remote.authType}"`,
                },
            };
        }
        return { kind: "adopt", remote, changes: adoptionChanges(remote, inputs) };
    }
    // The connector this stack replaces in place of itself (an auth type change): not a stranger.
    if (!remote || context.ledger.isBeingReplaced(key, remote.id)) return { kind: "clear" };
    if (context.adoptMatching && differencesFrom(remote, inputs).length === 0) return { kind: "adopt-matching", remote };
    return { kind: "failure", failure: { property: "adopt", reason: conflictAdvice(key, remote, inputs, context) } };
}

const LISTED_GROUPS = 20;

/**
 * Company groups are set up on the company profile before connectors can use them: a group the
 * account does not have fails the check, listing those it has (compared trimmed, case-insensitively).
 */
export function companyGroupProblem(groups: readonly CompanyGroup[], companyGroup: string | undefined): CheckFailure | undefined {
    const wanted = normaliseCompanyGroup(companyGroup);
    if (wanted === null || groups.some((g) => normaliseCompanyGroup(g.name) === wanted)) return undefined;
    const names = groups.map((g) => g.name);
    const listed =
        names.length === 0
            ? "it has none yet"
            : `its groups are: ${names.slice(0, LISTED_GROUPS).join(", ")}${names.length > LISTED_GROUPS ? ` and ${names.length - LISTED_GROUPS} more` : ""}`;
    return {
        property: "companyGroup",
        reason:
            `companyGroup "${(companyGroup ?? "").trim()}" is not a company group of this Patchworks account (${listed}). ` +
            `Add it to the company profile in the Patchworks dashboard first, or use one of those; omit companyGroup for the default group.`,
    };
}
