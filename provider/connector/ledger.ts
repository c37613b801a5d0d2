// What one provider process has learnt during a run about the connectors of this stack, so the
// steps of one run do not undo each other: a key another resource of the stack moves off is named
// in the advice, and a connector one resource adopted is not deleted by another.
import { accountKeyString, type AccountKey } from "./key";

export class RunLedger {
    /** Keys a resource of this stack moves away from in this run; its old connector is deleted last. */
    private readonly vacated = new Set<string>();
    private readonly adopted = new Set<string>();
    /** Connectors of a recovery run to adopt instead of creating (key -> id). */
    private readonly matchingAdoptions = new Map<string, string>();
    /** Keys a create of this run has claimed, with the connector's name. */
    private readonly creations = new Map<string, string>();

    /** A check saw a resource of this stack with `before` in its state and `after` in the program. */
    noteKeys(before: AccountKey, after: AccountKey): void {
        const previous = accountKeyString(before);
        if (previous !== accountKeyString(after)) this.vacated.add(previous);
    }

    isVacated(key: AccountKey): boolean {
        return this.vacated.has(accountKeyString(key));
    }

    noteAdopted(connectorId: string): void {
        this.adopted.add(connectorId);
    }

    wasAdopted(connectorId: string): boolean {
        return this.adopted.has(connectorId);
    }

    planMatchingAdoption(key: AccountKey, connectorId: string): void {
        this.matchingAdoptions.set(accountKeyString(key), connectorId);
    }

    plannedAdoption(key: AccountKey): string | undefined {
        return this.matchingAdoptions.get(accountKeyString(key));
    }

    /**
     * Claims a key for a create; the name of the connector that claimed it first in this run, if
     * any. Two Connectors can spell one group differently (its name and its username), which the
     * program's own rule cannot see; all creates of a run happen in one process, which can.
     */
    claimCreation(key: AccountKey, name: string): string | undefined {
        const id = accountKeyString(key);
        const first = this.creations.get(id);
        if (first === undefined) this.creations.set(id, name);
        return first;
    }

    /** The name of the Connector whose create claimed this key in this run, if one did. */
    creatorOf(key: AccountKey): string | undefined {
        return this.creations.get(accountKeyString(key));
    }

    /** A create that failed leaves its key free for another. */
    releaseCreation(key: AccountKey): void {
        this.creations.delete(accountKeyString(key));
    }
}
