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
}
