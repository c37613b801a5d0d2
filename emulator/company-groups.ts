// The company groups of the account's company profile. A connector may only name a group that is
// on the profile (contract sections 3 and 8: groups are set up before connectors use them); the
// default group needs no entry. Groups are told apart the way the contract says: trimmed and
// case-insensitively, so " UK " and "uk" are one group.

export interface CompanyGroup {
    /** A numeric-like string, given in the order groups join the profile. */
    readonly id: string;
    /** As spelled (trimmed) when the group was added. */
    readonly name: string;
}

/** What two spellings of one group have in common; "" is the default group (no group at all). */
export function groupIdentity(group: string | null | undefined): string {
    return typeof group === "string" ? group.trim().toLowerCase() : "";
}

export function isDefaultGroup(group: string | null | undefined): boolean {
    return groupIdentity(group) === "";
}

export class CompanyProfile {
    private groups: CompanyGroup[] = [];

    /**
     * `initial` are the groups the emulator was started with, which a reset restores; `saved` is
     * the profile as persisted, when there is one.
     */
    constructor(
        private readonly initial: readonly string[],
        saved?: readonly CompanyGroup[],
    ) {
        if (saved) {
            this.groups = [...saved];
            this.add(initial);
        } else {
            this.restoreInitial();
        }
    }

    list(): CompanyGroup[] {
        return [...this.groups];
    }

    find(group: string | null | undefined): CompanyGroup | undefined {
        const identity = groupIdentity(group);
        return this.groups.find((g) => groupIdentity(g.name) === identity);
    }

    /** Adds the groups not on the profile yet, keeping the spelling of those that are. Returns whether anything changed. */
    add(names: readonly string[]): boolean {
        let changed = false;
        for (const name of names) {
            if (isDefaultGroup(name) || this.find(name)) {
                continue;
            }
            this.groups.push({ id: this.nextId(), name: name.trim() });
            changed = true;
        }
        return changed;
    }

    restoreInitial(): void {
        this.groups = [];
        this.add(this.initial);
    }

    private nextId(): string {
        const highest = this.groups.reduce((max, group) => Math.max(max, Number(group.id) || 0), 0);
        return String(highest + 1);
    }
}
