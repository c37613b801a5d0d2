// Durable state in DIR/state.json. Every save writes a temp file in the same directory, fsyncs
// it, then renames it over state.json: rename is atomic, so a crash (even kill -9) mid-save
// leaves either the old or the new file, never a torn one. Saves run one at a time.
import { mkdirSync, readFileSync } from "node:fs";
import { open, rename } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { CompanyGroup } from "./company-groups";
import { ENVIRONMENTS, type Connector } from "./connector";
import { storedServiceSchema, type Service } from "./service";

export interface PersistedState {
    readonly connectors: readonly Connector[];
    /** Connector id → names of the services using it. */
    readonly usage: Readonly<Record<string, readonly string[]>>;
    /** The company profile's groups; absent in files written before the emulator kept a profile. */
    readonly companyGroups?: readonly CompanyGroup[];
    /** Absent in files written before the emulator kept services. */
    readonly services?: readonly Service[];
}

const STATE_FILE = "state.json";
// One emulator per data directory, so one fixed temp name is enough; a leftover from a crash is
// simply truncated by the next save.
const TEMP_FILE = ".state.json.tmp";

const persistedStateSchema = z.object({
    connectors: z.array(
        z.object({
            id: z.string(),
            name: z.string(),
            system: z.string(),
            environment: z.enum(ENVIRONMENTS),
            company_group: z.string().nullable(),
            timezone: z.string(),
            date_format: z.string(),
            auth_type: z.string(),
            credentials: z.record(z.string(), z.string()),
            status: z.enum(["operational", "unreachable", "failed_authentication"]),
            created_at: z.string(),
            updated_at: z.string(),
        }),
    ),
    usage: z.record(z.string(), z.array(z.string())),
    companyGroups: z.array(z.object({ id: z.string(), name: z.string() })).optional(),
    services: z.array(storedServiceSchema).optional(),
});

/** Parses a state file's text; exported so tests can check a file left behind by a crash. */
export function parseState(text: string): PersistedState {
    return persistedStateSchema.parse(JSON.parse(text));
}

async function fsyncDirectory(dir: string): Promise<void> {
    // Makes the rename itself durable. Some platforms cannot open a directory for syncing; the
    // rename is still atomic there, only its durability across power loss is weaker.
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
    load(): PersistedState | undefined {
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
            return parseState(text);
        } catch (error) {
            throw new Error(`${this.file} is not a valid emulator state file: ${(error as Error).message}`);
        }
    }

    /**
     * Queues a save. `snapshot` is called when the save's turn comes, so it captures every change
     * made so far, and the returned promise resolves once that state is on disk.
     */
    save(snapshot: () => PersistedState): Promise<void> {
        const saved = this.queue.then(() => this.writeAtomically(JSON.stringify(snapshot(), null, 2)));
        // A failed save fails its own caller; the saves queued after it still run.
        this.queue = saved.catch(() => undefined);
        return saved;
    }

    /** Resolves when every queued save has finished. */
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
