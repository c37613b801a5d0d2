// A client of the emulator's API for tests that check what exists there, by id, independently of
// what the provider under test believes.
import { PatchworksClient } from "../../provider/client";
import { settingsFor } from "../../provider/settings";

export function apiClient(target: { apiUrl: string; apiKey: string }): PatchworksClient {
    return new PatchworksClient(settingsFor({ apiUrl: target.apiUrl, apiKey: target.apiKey, retryBaseMs: 5 }));
}
