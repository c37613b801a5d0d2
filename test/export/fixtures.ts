// The export's tests read a real account: the emulator, seeded through its HTTP API (./seed), read
// with the provider's own client and wire modules, as the export command reads it.
import type { PatchworksClient } from "../../provider/client";
import { Runtime } from "../../provider/runtime";
import { resolveSettings } from "../../provider/settings";
import { readAccount } from "../../scripts/export/account";
import type { Account } from "../../scripts/export/plan";
import { startEmulator, type RunningEmulator } from "../support/emulator";
import { seedAccount, type SeededAccount } from "./seed";

export interface ExportWorld {
    emulator: RunningEmulator;
    seeded: SeededAccount;
    client: PatchworksClient;
    account: Account;
    /** The environment the command reads its settings from. */
    env: Record<string, string>;
}

/**
 * The emulator reports Fabric's 60 a minute in X-RateLimit-Remaining and the client waits when it
 * reaches 0; the suites' many exports get a limit that never binds.
 */
const UNBINDING_RATE_LIMIT = 1_000_000;

export async function exportWorld(): Promise<ExportWorld> {
    const emulator = await startEmulator({ rateLimit: UNBINDING_RATE_LIMIT });
    const seeded = await seedAccount(emulator);
    const env = { PATCHWORKS_API_URL: emulator.apiUrl, PATCHWORKS_API_KEY: emulator.apiKey, PATCHWORKS_REQUESTS_PER_MINUTE: "6000" };
    const rt = new Runtime(resolveSettings(() => undefined, env));
    const client = rt.api();
    const account = await readAccount(rt, () => {});
    return { emulator, seeded, client, account, env };
}
