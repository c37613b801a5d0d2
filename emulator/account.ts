// The one company the emulator serves: its state, how it starts (the groups of --company-groups),
// reset, and saving to --data-dir. Route modules read and change `state`, then call `save()`.
import type { AccountState, Integration, StateFile } from "./state";

/** The group made when --company-groups is not given. */
export const DEFAULT_COMPANY_GROUP = "Default Group";

export const COMPANY_ID = 1;

/** `Str::slug(value, separator)` of Laravel 6: ASCII, lower case, other characters dropped, runs of separators and spaces as one. */
export function laravelSlug(value: string, separator: "_" | "-"): string {
    const other = separator === "_" ? "-" : "_";
    return value
        .normalize("NFKD")
        .replace(/[\u0300-\u036f]/g, "")
        .split(other)
        .join(separator)
        .replace(/@/g, `${separator}at${separator}`)
        .toLowerCase()
        .replace(new RegExp(`[^${separator}a-z0-9\\s]`, "g"), "")
        .replace(new RegExp(`[${separator}\\s]+`, "g"), separator)
        .replace(new RegExp(`^${separator}+|${separator}+$`, "g"), "");
}

/** Fabric's timestamps on resources: ISO 8601 UTC with microseconds (fact sheet 3.0). */
export function resourceTime(date: Date): string {
    return date.toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

/** Raw embedded rows use `YYYY-MM-DD HH:MM:SS`. */
export function rawTime(iso: string): string {
    return iso.slice(0, 19).replace("T", " ");
}

export interface AccountOptions {
    readonly companyGroups: readonly string[];
    readonly stateFile?: StateFile;
    readonly now: () => number;
}

export class Account {
    state: AccountState;

    constructor(private readonly options: AccountOptions) {
        this.state = options.stateFile?.load() ?? this.initialState();
    }

    now(): Date {
        return new Date(this.options.now());
    }

    /** Back to how it started: the flags' groups, no connectors, services or mappings. Sign-ins survive. */
    async reset(): Promise<void> {
        const tokens = this.state.tokens;
        this.state = { ...this.initialState(), tokens };
        await this.save();
    }

    save(): Promise<void> {
        return this.options.stateFile?.save(() => this.state) ?? Promise.resolve();
    }

    flush(): Promise<void> {
        return this.options.stateFile?.flush() ?? Promise.resolve();
    }

    /** A group row and its idx table; the caller has checked the name. */
    addIntegration(name: string, username: string, parentId: number | null): Integration {
        const at = resourceTime(this.now());
        const integration: Integration = {
            id: this.state.nextIntegrationId++,
            name,
            username,
            slug: this.uniqueSlug(name),
            parent_id: parentId,
            active: true,
            created_at: at,
            updated_at: at,
        };
        this.state.integrations.push(integration);
        return integration;
    }

    /** The group slug: unique across every company, `-1`, `-2` on a clash (fact sheet 5). */
    private uniqueSlug(name: string): string {
        const base = laravelSlug(name, "-");
        const taken = new Set(this.state.integrations.map((integration) => integration.slug));
        let slug = base;
        for (let n = 1; taken.has(slug); n++) slug = `${base}-${n}`;
        return slug;
    }

    integrationById(id: number): Integration | undefined {
        return this.state.integrations.find((integration) => integration.id === id);
    }

    integrationByUsername(username: string): Integration | undefined {
        return this.state.integrations.find((integration) => integration.username === username);
    }

    private initialState(): AccountState {
        const blank: AccountState = {
            nextIntegrationId: 1,
            nextServiceId: 1,
            integrations: [],
            idxTables: {},
            services: [],
            mappings: {},
            tokens: [],
        };
        const previous = this.state;
        this.state = blank;
        const names = this.options.companyGroups.length > 0 ? this.options.companyGroups : [DEFAULT_COMPANY_GROUP];
        for (const name of names) {
            const username = laravelSlug(name, "_");
            this.addIntegration(name, username, null);
            blank.idxTables[username] = { nextRow: 1, rows: [] };
        }
        this.state = previous ?? blank;
        return blank;
    }
}
