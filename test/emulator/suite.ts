// Shared setup of the emulator suites: one in-process emulator per suite, reset before each test,
// a virtual clock tests can move, and valid request bodies for the systems the suites use.
import type { FabricHttp, Json } from "../support/fabric-http";
import { type EmulatorOptions, type RunningEmulator, startEmulator } from "../support/emulator";

export interface Suite {
    emulator: RunningEmulator;
    /** Moves the emulator's clock (token expiry, rate-limit windows). */
    advance(ms: number): void;
}

export function emulatorSuite(options: EmulatorOptions = {}): Suite {
    let offset = 0;
    const suite = {
        advance: (ms: number) => {
            offset += ms;
        },
    } as Suite;
    before(async () => {
        suite.emulator = await startEmulator({ ...options, now: () => Date.now() + offset });
    });
    beforeEach(async () => {
        offset = 0;
        await suite.emulator.reset();
    });
    after(() => suite.emulator.stop());
    return suite;
}

/** Valid credentials per factory name, as each driver's create rules ask. */
export const VALID_CREDENTIALS: Record<string, Record<string, unknown>> = {
    Shopify: { store: "acme.myshopify.com", public_app: true, access_token: "shpat_emulator_secret" },
    Magentotwo: { token: "magento-token-secret", url: "https://shop.example.com" },
    SekoAPI: { token: "seko-token-secret", url: "https://seko.example.com" },
    Brightpearlv2: {
        base_url: "https://euw1.brightpearlconnect.com",
        account_code: "acme",
        app_reference: "patchworks",
        token: "bp-token-secret",
    },
    InboundAPI: { inbound_api_id: "1" },
    Veeqo: { token: "veeqo-token-secret" },
    Netsuite: { oauth_token_id: "token-id-secret", oauth_token_secret: "token-secret", account_id: "123456", script_id: "42" },
    Peoplevox: { client_id: "acme", username: "api", password: "pvx-password", url: "https://qac.peoplevox.net" },
    Rebound: { login: "acme", api_key: "rebound-key", url: "https://test.intelligentreturns.net/api/v1" },
    "Dynamics Nav": {
        type: "ntlm",
        server_instance: "DynamicsNAV100",
        username: "nav",
        password: "nav-password",
        company: "CRONUS",
        url: "https://nav.example.com/prefix",
        domain: "ACME",
    },
    SapB1: { api_url: "https://sap.example.com", api_user: "sap", api_password: "sap-password", sap_db: "SBODEMO" },
    Emarsys: {
        username: "acme",
        api_secret: "emarsys-secret",
        ftp_host: "ftp.example.com",
        ftp_port: 22,
        ftp_username: "acme",
        ftp_password: "ftp-secret",
        ftp_passive: 1,
    },
};

const systemIds = new Map<string, number>();

/** Fabric's numeric id of a system, by factory name. */
export async function systemId(http: FabricHttp, factoryName: string): Promise<number> {
    if (!systemIds.has(factoryName)) {
        const systems = (await http.request("GET", "/api/v2/systems")).body.data as Json[];
        for (const system of systems) systemIds.set(system.factory_name, system.id);
    }
    const id = systemIds.get(factoryName);
    if (id === undefined) throw new Error(`the emulator has no system ${factoryName}`);
    return id;
}

/** A valid POST /connectors body for `factoryName` in group 1 (UK Store); `overrides` replace top-level fields. */
export async function connectorBody(
    http: FabricHttp,
    factoryName: string,
    overrides: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
    return {
        connectorName: `${factoryName} live`,
        environment: "live",
        timeZone: "Europe/London",
        dateFormat: "c",
        authorisation_type: factoryName === "Shopify" ? "oauth2" : "basic_auth",
        system_id: await systemId(http, factoryName),
        integration_id: 1,
        credentials: VALID_CREDENTIALS[factoryName],
        ...overrides,
    };
}

/** Creates a connector and returns its resource; fails the test on anything but 200/201. */
export async function createConnector(http: FabricHttp, factoryName: string, overrides: Record<string, unknown> = {}): Promise<Json> {
    const answer = await http.request("POST", "/api/v2/connectors", { json: await connectorBody(http, factoryName, overrides) });
    if (answer.status !== 201 && answer.status !== 200) {
        throw new Error(`creating a ${factoryName} connector answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    }
    return answer.body.data;
}

/** The connector id in a path: "|" sent as %7C, as a client must. */
export function connectorPath(id: string): string {
    return `/api/v2/connectors/${encodeURIComponent(id)}`;
}
