// A replaced active service never runs twice (CONTRACT 7): the replacement is created inactive and
// activated by the old service's delete step, once the old one is gone. This ledger carries that
// from the diff (which knows both) through the create (which knows only the new inputs) to the
// delete (which knows only the old id), all in the one provider process of a run.
import type { ServiceInputs } from "./types";

/**
 * What identifies one declared service between the steps of a run (a planned replacement from the
 * diff to the create, a planned activation across checks). Not the whole inputs: the engine checks
 * a replacement again with no old state, which fills defaults (page size, attempts) the diff's
 * inputs did not have.
 */
export function serviceKey(inputs: ServiceInputs): string {
    const { name, schedule, source, destination } = inputs;
    return JSON.stringify([
        name,
        schedule,
        source.connectorId,
        source.entity.toLowerCase(),
        destination.connectorId,
        destination.entity.toLowerCase(),
    ]);
}

export interface WaitingReplacement {
    serviceId: string;
    name: string;
}

export class ActivationLedger {
    /** Replacements the diffs planned: the new inputs, and the active service they replace. */
    private readonly planned: { key: string; oldServiceId: string }[] = [];
    /** Old service id -> the replacement waiting for it to be deleted. */
    private readonly waiting = new Map<string, WaitingReplacement>();

    /** A diff planned to replace active service `oldServiceId` by one with `inputs`, active too. */
    noteReplacement(oldServiceId: string, inputs: ServiceInputs): void {
        const key = serviceKey(inputs);
        if (!this.planned.some((p) => p.oldServiceId === oldServiceId && p.key === key)) this.planned.push({ oldServiceId, key });
    }

    /** Whether a diff planned these inputs as the replacement of an active service. */
    isPlannedReplacement(inputs: ServiceInputs): boolean {
        const key = serviceKey(inputs);
        return this.planned.some((p) => p.key === key);
    }

    /** The active service a create with these inputs replaces, once. */
    takeReplaced(inputs: ServiceInputs): string | undefined {
        const key = serviceKey(inputs);
        const index = this.planned.findIndex((p) => p.key === key);
        if (index < 0) return undefined;
        const [{ oldServiceId }] = this.planned.splice(index, 1);
        return oldServiceId;
    }

    /** The replacement `replacement` stays inactive until `oldServiceId` is deleted. */
    waitForDeletion(oldServiceId: string, replacement: WaitingReplacement): void {
        this.waiting.set(oldServiceId, replacement);
    }

    /** The replacement to activate now that `oldServiceId` is gone (or stays inactive because it is not). */
    takeWaiting(oldServiceId: string): WaitingReplacement | undefined {
        const replacement = this.waiting.get(oldServiceId);
        this.waiting.delete(oldServiceId);
        return replacement;
    }
}
