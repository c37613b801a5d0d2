// What the emulator-backed connector suites share: one emulator per suite (reset before each test),
// a client that reads what exists there independently of the provider, the diagnostics a run
// printed, and a provider runtime or lifecycle context with given settings. Not a test file.
import { PatchworksClient, type RemoteConnector } from "../../provider/client";
import type { LifecycleContext } from "../../provider/connector/lifecycle";
import { RunLedger } from "../../provider/connector/ledger";
import type { Severity } from "../../provider/diagnostics";
import { Runtime, useRuntime } from "../../provider/runtime";
import { resolveSettings, type ResolvedSettings } from "../../provider/settings";
import { apiClient } from "../support/api";
import { SHOPIFY_TOKEN } from "../support/connector-inputs";
import { startEmulator, type RunningEmulator } from "../support/emulator";

/** `patchworks:*` settings by their short name, e.g. `{ verifyCredentials: "fail" }`. */
type SettingOverrides = Record<string, string>;

export interface World {
    readonly emulator: RunningEmulator;
    /** Reads and writes the emulator as the dashboard or another pipeline would. */
    readonly api: PatchworksClient;
    /** What the provider printed in the current test, oldest first. */
    readonly diagnostics: { severity: Severity; message: string }[];
    /** Settings pointing at the emulator; quick retries unless overridden. */
    settings(overrides?: SettingOverrides): ResolvedSettings;
    /** A fresh provider runtime (the process of one Pulumi run), installed for the provider methods. */
    runtime(overrides?: SettingOverrides, client?: PatchworksClient): Runtime;
    /** A fresh lifecycle context (one run's ledger) over a client with these settings. */
    context(overrides?: SettingOverrides): LifecycleContext;
    /** A connector made outside Pulumi, as in the dashboard: the Shopify fixture's key unless overridden. */
    dashboard(overrides?: Partial<Parameters<PatchworksClient["createConnector"]>[0]>): Promise<RemoteConnector>;
}

export function emulatorWorld(): World {
    let emulator: RunningEmulator | undefined;
    let api: PatchworksClient | undefined;
    const diagnostics: World["diagnostics"] = [];
    const diagnose = async (severity: Severity, message: string) => {
        diagnostics.push({ severity, message });
    };

    before(async () => {
        emulator = await startEmulator();
        api = apiClient(emulator);
    });
    after(() => emulator?.stop());
    beforeEach(async () => {
        diagnostics.length = 0;
        await running().reset();
    });

    function running(): RunningEmulator {
        if (!emulator) throw new Error("the emulator runs only inside the suite");
        return emulator;
    }

    const world: World = {
        get emulator() {
            return running();
        },
        get api() {
            if (!api) throw new Error("the emulator runs only inside the suite");
            return api;
        },
        diagnostics,
        settings(overrides = {}) {
            const config: Record<string, string> = {
                apiUrl: running().apiUrl,
                apiKey: running().apiKey,
                retryBaseMs: "5",
                maxRetries: "2",
                ...overrides,
            };
            return resolveSettings((key) => config[key.replace(/^patchworks:/, "")], {});
        },
        runtime(overrides, client) {
            const rt = new Runtime(world.settings(overrides), { diagnose, client });
            useRuntime(rt);
            return rt;
        },
        context(overrides) {
            const { settings } = world.settings(overrides);
            return {
                api: new PatchworksClient(settings),
                ledger: new RunLedger(),
                diagnose,
                verifyCredentials: settings.verifyCredentials,
            };
        },
        dashboard(overrides = {}) {
            return world.api.createConnector({
                system: "shopify",
                environment: "live",
                companyGroup: "uk",
                name: "Made in the dashboard",
                timezone: "America/New_York",
                dateFormat: "dd/MM/yyyy HH:mm",
                authType: "token",
                credentials: { storeUrl: "dashboard-store.myshopify.com", accessToken: `${SHOPIFY_TOKEN}-dashboard` },
                ...overrides,
            });
        },
    };
    return world;
}
