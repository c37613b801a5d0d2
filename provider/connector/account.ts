// The account-level rules for a connector this run would create (or move to a new key): whether a
// connector of the account holds its key, and what the user can do about it; and what Fabric's
// answer to a create means. Pure: the account's connectors and what this run knows are passed in.
import { storedCredentialsForComparison, type AuthType, type SystemEntry } from "../catalog";
import type { CreateAnswer, FabricConnector } from "../client/connectors";
import { isUnknown } from "../engine-values";
import type { CheckFailure } from "../model";
import { isSecretKey } from "./account-catalog";
import { holdsKey, type AccountKey } from "./key";
import type { RunLedger } from "./ledger";
import { credentialText } from "./mapping";
import type { ConnectorInputs } from "./validate";

export function describeRemote(remote: Pick<FabricConnector, "id" | "name">): string {
    return `${remote.id} ("${remote.name}")`;
}

const DESCRIBED_FIELDS = ["name", "timezone", "dateFormat", "authType"] as const;

/** What adopting `remote` with these inputs changes, field by field: `name "A" -> "B"`. */
export function adoptionChanges(remote: FabricConnector, inputs: ConnectorInputs): string[] {
    const changes: string[] = [];
    for (const field of DESCRIBED_FIELDS) {
        const declared = inputs[field];
        if (declared !== undefined && !isUnknown(declared) && declared !== remote[field]) {
            changes.push(`${field} ${JSON.stringify(remote[field])} -> ${JSON.stringify(declared)}`);
        }
    }
    if (inputs.credentials !== undefined) {
        const keys = isUnknown(inputs.credentials) ? "" : ` (${Object.keys(inputs.credentials).sort().join(", ")})`;
        changes.push(`credentials set to the declared ones${keys}`);
    }
    return changes;
}

/**
 * Fields in which an existing connector differs from a declaration; none means it looks exactly
 * like what this declaration creates (an interrupted run's connector does). Secret values cannot
 * be compared (Fabric masks some): only their presence is.
 */
function differencesFrom(
    remote: FabricConnector,
    inputs: ConnectorInputs,
    system: SystemEntry | undefined,
    authType: AuthType | undefined,
): string[] {
    const differences: string[] = DESCRIBED_FIELDS.filter((field) => inputs[field] !== remote[field]);
    const declared = inputs.credentials ?? {};
    const shown = system && authType ? storedCredentialsForComparison(system, authType, { ...declared }) : declared;
    for (const key of Object.keys(declared)) {
        const present = Object.hasOwn(remote.credentials, key);
        if (isSecretKey(authType, key) ? !present : credentialText(remote.credentials[key]) !== (shown[key] ?? declared[key])) {
            differences.push(`credentials.${key}`);
        }
    }
    return differences;
}

export type AccountVerdict =
    | { kind: "clear" }
    | { kind: "failure"; failure: CheckFailure }
    /** adopt: true and the connector exists: what adopting it will change. */
    | { kind: "adopt"; remote: FabricConnector; changes: string[] }
    /** patchworks:adoptMatching and an exact match: adopt it instead of creating. */
    | { kind: "adopt-matching"; remote: FabricConnector };

export interface AccountContext {
    ledger: Pick<RunLedger, "isVacated" | "creatorOf">;
    adoptMatching: boolean;
    system?: SystemEntry;
    authType?: AuthType;
}

/** Two Connectors of one stack declare one key, spelled differently (a group's name and its username). */
export function twoDeclareOneKey(first: string, described: string): string {
    return (
        `another Connector of this stack ("${first}") creates the ${described} in this run: two Connectors declare one key ` +
        `(their companyGroup names the same group, spelled differently), and Patchworks allows one live and one test ` +
        `connector per system per company group. Keep one of them.`
    );
}

/** Why a connector with this key blocks the create, and what to do, depending on where it may come from. */
export function conflictAdvice(
    key: AccountKey,
    described: string,
    remote: FabricConnector,
    inputs: ConnectorInputs,
    context: Omit<AccountContext, "adoptMatching">,
): string {
    const creator = context.ledger.creatorOf(key);
    // The engine may check or create the second of two such Connectors after the first one's create
    // answered: the connector it meets is this run's own, and adopting it would manage it twice.
    if (creator !== undefined) return twoDeclareOneKey(creator, described);
    const found = `a connector with this key exists in the Patchworks account: ${describeRemote(remote)}, the ${described}.`;
    if (context.ledger.isVacated(key)) {
        return (
            `${found} Another Connector of this stack moves off this key in this run, and Pulumi deletes its old connector only ` +
            `at the end of the run, after it would create this one. To hand ${remote.id} over to this Connector, set adopt: true on it: ` +
            `${remote.id} is then kept and managed by this Connector, and the other Connector's replacement is created anew.`
        );
    }
    const exact = differencesFrom(remote, inputs, context.system, context.authType).length === 0;
    const interrupted = exact
        ? ` It matches this declaration exactly, so an interrupted \`pulumi up\` of this stack may have created it: run ` +
          `\`pulumi refresh --clear-pending-creates\` if Pulumi reports pending operations, then \`PATCHWORKS_ADOPT_MATCHING=true pulumi up\`.`
        : "";
    return (
        `${found} Patchworks allows one live and one test connector per system per company group. Renamed this Connector? ` +
        `Add aliases: [{ name: "<its previous resource name>" }]. Made elsewhere? Set adopt: true to take it over. ` +
        `Or use another companyGroup or environment.${interrupted}`
    );
}

/**
 * The verdict for a connector this run would create: `existing` is the account's connectors as
 * last read. Call only when the inputs validated and their key and adopt are known.
 */
export function accountVerdict(
    existing: readonly FabricConnector[],
    inputs: ConnectorInputs,
    key: AccountKey,
    described: string,
    context: AccountContext,
): AccountVerdict {
    if (isUnknown(inputs.adopt)) return { kind: "clear" };
    const remote = existing.find((c) => holdsKey(c, key));
    if (inputs.adopt) {
        if (!remote) {
            return {
                kind: "failure",
                failure: {
                    property: "adopt",
                    reason:
                        `adopt is true, but the Patchworks account has no ${described} to take over. ` +
                        `Create (or authorise) it in the Patchworks dashboard first, or remove adopt to let Pulumi create it.`,
                },
            };
        }
        return { kind: "adopt", remote, changes: adoptionChanges(remote, inputs) };
    }
    if (!remote) return { kind: "clear" };
    if (context.adoptMatching && differencesFrom(remote, inputs, context.system, context.authType).length === 0) {
        return { kind: "adopt-matching", remote };
    }
    // About the whole resource, not one property: the engine prints it without echoing a value.
    return { kind: "failure", failure: { property: "", reason: conflictAdvice(key, described, remote, inputs, context) } };
}

export type CreateVerdict =
    | { kind: "created" }
    /** A deleted connector of this key came back with its old id: a successful create. */
    | { kind: "revived" }
    /** A live connector of this key was overwritten (Fabric's duplicate check missed it). */
    | { kind: "overwrote"; previous: FabricConnector }
    /** A deleted row revived, most likely; or one another program made in the moment since the re-read: the answer cannot tell. */
    | { kind: "unsure" };

/** The row number of "<username>|<n>". */
function rowNumber(id: string): number {
    return Number(id.slice(id.lastIndexOf("|") + 1));
}

/**
 * What a create's answer means (fact sheet 3.1): 201 made a row; 200 reused one. A row that was
 * live as the provider last read the account was overwritten. Rows are numbered in order of
 * creation per group, so a reused row numbered at most the group's highest live row existed
 * before that read: a revival of a deleted one. A higher number is either a revival of a
 * connector deleted after the newest live one (a destroy then an up), or another program's connector
 * made in the moment between the re-read and the POST. [?] fact sheet 3.1 (which of the two, for
 * systems Fabric's duplicate check misses): "unsure", a success with a warning that names the row,
 * because the first is common and the second needs a race of milliseconds.
 */
export function judgeCreateAnswer(
    answer: CreateAnswer,
    liveBefore: readonly FabricConnector[],
    duplicateCheckMissed: boolean,
): CreateVerdict {
    if (!answer.reusedRow) return { kind: "created" };
    const previous = liveBefore.find((c) => c.id === answer.connector.id);
    if (previous) return { kind: "overwrote", previous };
    // Fabric refuses a live duplicate of the systems it checks: there a reused row is a revival.
    if (!duplicateCheckMissed) return { kind: "revived" };
    const group = answer.connector.group.id;
    const highest = Math.max(0, ...liveBefore.filter((c) => c.group.id === group).map((c) => rowNumber(c.id)));
    return rowNumber(answer.connector.id) <= highest ? { kind: "revived" } : { kind: "unsure" };
}

export function overwriteMessage(previous: Pick<FabricConnector, "id" | "name">, described: string, systemLabel: string): string {
    return (
        `Patchworks overwrote connector ${describeRemote(previous)}, the ${described}, instead of refusing a second one ` +
        `(its duplicate check misses ${systemLabel}): it appeared after this run read the account, so another program or a ` +
        `person made it. It now holds this Connector's name and credentials. Tell whoever manages it; to manage it from this ` +
        `stack, set adopt: true on this Connector and run \`pulumi up\`; otherwise restore its settings in the Patchworks ` +
        `dashboard and remove this Connector or give it another companyGroup or environment.`
    );
}

export function unsureReuseMessage(id: string, described: string, systemLabel: string): string {
    return (
        `Patchworks answered the create of the ${described} by reusing row ${id} (its duplicate check misses ${systemLabel}): ` +
        `most likely it revived a connector deleted earlier; if another program created this key in the moment since this run ` +
        `read the account, Patchworks overwrote that connector, and ${id} now holds this Connector's settings: check it in the dashboard`
    );
}
