// What one provider process has learnt during a run about the connectors of this stack, so the
// steps of one run do not undo each other: a replacement is not mistaken for a stranger with its
// key, a connector one resource adopted is not deleted by another, and a connector deleted to make
// room for its replacement can be put back when the replacement cannot be created.
import { connectorKey, type KeyParts } from "./key";
import type { ConnectorOutputs } from "./mapping";

export class RunLedger {
    /** Keys whose connector a resource of this stack replaces in place (same key), by that connector's id. */
    private readonly replacing = new Map<string, string>();
    /** Keys a resource of this stack moves away from in this run; its old connector is deleted last. */
    private readonly vacated = new Set<string>();
    private readonly adopted = new Set<string>();
    /** Connectors of a recovery run to adopt instead of creating (key -> id). */
    private readonly matchingAdoptions = new Map<string, string>();
    private readonly deleted = new Map<string, ConnectorOutputs>();

    /** A check saw a resource of this stack with `before` in its state and `after` in the program. */
    noteKeys(before: KeyParts, after: KeyParts): void {
        const previous = connectorKey(before);
        if (previous !== connectorKey(after)) this.vacated.add(previous);
    }

    /** A diff planned to replace connector `connectorId` by one with the same key (an authType change). */
    noteReplacing(key: KeyParts, connectorId: string): void {
        this.replacing.set(connectorKey(key), connectorId);
    }

    /**
     * Whether `connectorId` is the very connector this run replaces under its own key: the
     * replacement's check (which the engine runs with no olds) must not take it for a stranger.
     * Another connector with that key (one an interrupted run left) still is one.
     */
    isBeingReplaced(key: KeyParts, connectorId: string): boolean {
        return this.replacing.get(connectorKey(key)) === connectorId;
    }

    isVacated(key: KeyParts): boolean {
        return this.vacated.has(connectorKey(key));
    }

    noteAdopted(connectorId: string): void {
        this.adopted.add(connectorId);
    }

    wasAdopted(connectorId: string): boolean {
        return this.adopted.has(connectorId);
    }

    planMatchingAdoption(key: KeyParts, connectorId: string): void {
        this.matchingAdoptions.set(connectorKey(key), connectorId);
    }

    plannedAdoption(key: KeyParts): string | undefined {
        return this.matchingAdoptions.get(connectorKey(key));
    }

    noteDeleted(state: ConnectorOutputs): void {
        this.deleted.set(connectorKey(state), state);
    }

    /** The connector with this key that this run deleted, once: it can be restored only once. */
    takeDeleted(key: KeyParts): ConnectorOutputs | undefined {
        const id = connectorKey(key);
        const state = this.deleted.get(id);
        this.deleted.delete(id);
        return state;
    }
}
