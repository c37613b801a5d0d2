// What the emulated account holds, as one JSON-serialisable value, and its file in --data-dir.
// Every save writes a temp file in the same directory, fsyncs it and renames it over state.json:
// rename is atomic, so a crash (even kill -9) mid-save leaves the old or the new file, never a
// torn one. Saves run one at a time.
import { mkdirSync, readFileSync } from "node:fs";
import { open, rename } from "node:fs/promises";
import path from "node:path";

export interface Integration {
    id: number;
    name: string;
    username: string;
    slug: string;
    parent_id: number | null;
    active: boolean;
    created_at: string;
    updated_at: string;
}

/** A row of type Credentials in a group's `idx_<username>` table (fact sheet 1.3). */
export interface ConnectorRow {
    row: number;
    system_id: number;
    /** `system_chain`: the system's factory name. */
    system_chain: string;
    /** `common_ref`: the environment. */
    common_ref: string;
    /** `extra`: the credentials with the four copied fields. */
    extra: Record<string, unknown>;
    deleted_at: string | null;
}

interface IdxTable {
    nextRow: number;
    rows: ConnectorRow[];
}

export interface ServiceRow {
    id: number;
    integration_id: number;
    service_template_id: number;
    username: string;
    description: string;
    schedule: string;
    status: boolean;
    billable: boolean;
    from_factory: string;
    to_factory: string;
    from_environment: string;
    to_environment: string;
    from_options: Record<string, unknown>;
    to_options: Record<string, unknown> | null;
    from_mapping: string | null;
    to_mapping: string | null;
    created_at: string;
    updated_at: string;
    deleted_at: string | null;
}

interface MappingDocument {
    username: string;
    mapping_name: string;
    search_field: string | null;
    content: string;
    created_at: string;
}

/** A login token, kept by its SHA-256 so the state file holds no usable token. */
interface StoredToken {
    digest: string;
    email: string;
    expiresAt: number;
}

export interface AccountState {
    nextIntegrationId: number;
    nextServiceId: number;
    integrations: Integration[];
    /** By group username; a deleted group's table stays (fact sheet 3.2). */
    idxTables: Record<string, IdxTable>;
    services: ServiceRow[];
    /** By document id `<username>_<mapping name>`. */
    mappings: Record<string, MappingDocument>;
    tokens: StoredToken[];
}

const STATE_FILE = "state.json";
// One emulator per data directory, so one fixed temp name is enough; a leftover from a crash is
// truncated by the next save.
const TEMP_FILE = ".state.json.tmp";

async function fsyncDirectory(dir: string): Promise<void> {
    // Makes the rename durable; where a directory cannot be opened for syncing the rename is still atomic.
    try {
        const handle = await open(dir, "r");
        try {
            await handle.sync();
        } finally {
            await handle.close();
        }
    } catch {
        return;
    }
}

export class StateFile {
    private readonly file: string;
    private readonly tempFile: string;
    private queue: Promise<void> = Promise.resolve();

    constructor(private readonly dir: string) {
        // The state holds credentials in the clear: readable by the owner only.
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        this.file = path.join(dir, STATE_FILE);
        this.tempFile = path.join(dir, TEMP_FILE);
    }

    /** The saved state, or undefined on first use. A corrupt file is an error, never ignored. */
    load(): AccountState | undefined {
        let text: string;
        try {
            text = readFileSync(this.file, "utf8");
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code === "ENOENT") {
                return undefined;
            }
            throw error;
        }
        try {
            const state = JSON.parse(text) as AccountState;
            if (!Array.isArray(state.integrations) || typeof state.idxTables !== "object" || !Array.isArray(state.services)) {
                throw new Error("integrations, idxTables or services is missing");
            }
            return state;
        } catch (error) {
            throw new Error(
                `${this.file} is not an emulator state file (${(error as Error).message}); move it away or pick another --data-dir`,
            );
        }
    }

    /** Queues a save of the state as it is when the save's turn comes; resolves once it is on disk. */
    save(snapshot: () => AccountState): Promise<void> {
        const saved = this.queue.then(() => this.writeAtomically(JSON.stringify(snapshot(), null, 2)));
        // A failed save fails its own caller; the saves queued after it still run.
        this.queue = saved.catch(() => undefined);
        return saved;
    }

    flush(): Promise<void> {
        return this.queue;
    }

    private async writeAtomically(text: string): Promise<void> {
        const handle = await open(this.tempFile, "w", 0o600);
        try {
            await handle.writeFile(text, "utf8");
            await handle.sync();
        } finally {
            await handle.close();
        }
        await rename(this.tempFile, this.file);
        await fsyncDirectory(this.dir);
    }
}
