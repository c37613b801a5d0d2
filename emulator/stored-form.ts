// How some drivers reshape credentials between the request and storage (getTapestryFormat) and
// back on read (getFabricFormat), and the attributes a driver needs to be built at all. Written
// from fact sheet 4.1-4.3 and the `storedAs` / `notes` words of fabric-credentials.json; the read
// form is what a connector shows and what an update merges into, so a value can read back
// differently from what was sent (Peoplevox, Rebound, Dynamics NAV, Emarsys).
import credentialsEvidence from "../provider/catalog/evidence/fabric-credentials.json";
import type { Credentials } from "./credentials";
import { FabricError } from "./errors";
import type { FabricSystem } from "./systems";

interface Reshaping {
    readonly toStored: (credentials: Credentials) => Credentials;
    readonly toRead: (stored: Credentials) => Credentials;
}

const FTP_KEYS = ["host", "port", "username", "password", "passive"] as const;

function nestFtp(credentials: Credentials): Credentials {
    const { ftp_connection: previous, ...rest } = credentials;
    const connection: Credentials = typeof previous === "object" && previous !== null ? { ...(previous as Credentials) } : {};
    for (const key of FTP_KEYS) {
        if (Object.hasOwn(rest, `ftp_${key}`)) {
            connection[key] = rest[`ftp_${key}`];
            delete rest[`ftp_${key}`];
        }
    }
    return { ...rest, ftp_connection: connection };
}

function flattenFtp(stored: Credentials): Credentials {
    const { ftp_connection: connection, ...rest } = stored;
    const flat: Credentials = { ...rest };
    for (const [key, value] of Object.entries((connection ?? {}) as Credentials)) flat[`ftp_${key}`] = value;
    return flat;
}

function originOf(url: unknown): string | undefined {
    try {
        const parsed = new URL(String(url));
        return `${parsed.protocol}//${parsed.host}`;
    } catch {
        return undefined;
    }
}

const unchanged = (credentials: Credentials) => credentials;

const RESHAPING: Record<string, Reshaping> = {
    // ftp_* nested in storage; Seko flattens them back, Emarsys does not (fact sheet 4.2).
    Seko: { toStored: nestFtp, toRead: flattenFtp },
    Emarsys: { toStored: nestFtp, toRead: unchanged },
    // url stored as "{url}/{client_id}"; the read removes the client id text, leaving a trailing "/".
    Peoplevox: {
        toStored: (credentials) => ({ ...credentials, url: `${credentials.url}/${credentials.client_id}` }),
        toRead: (stored) => ({ ...stored, url: String(stored.url).replace(String(stored.client_id), "") }),
    },
    // url cut to scheme://host; a `test` flag for the test host, dropped on read.
    Rebound: {
        toStored: (credentials) => {
            const origin = originOf(credentials.url) ?? credentials.url;
            return { ...credentials, url: origin, ...(String(origin).endsWith("//test.intelligentreturns.net") ? { test: true } : {}) };
        },
        toRead: ({ test: _test, ...stored }) => stored,
    },
    // server = "{url}/{server_instance}/WS" plus ntlm_* keys; the read rebuilds url from the host only.
    "Dynamics Nav": {
        toStored: ({ url, server_instance, username, password, domain, type, ...rest }) => ({
            ...rest,
            server: `${url}/${server_instance}/WS`,
            auth_type: type === "basic" ? "CURLAUTH_ANY" : "CURLAUTH_NTLM",
            ntlm_domain: domain ?? null,
            ntlm_username: username,
            ntlm_password: password,
        }),
        toRead: ({ server, auth_type, ntlm_domain, ntlm_username, ntlm_password, ...rest }) => ({
            ...rest,
            url: originOf(server) ?? server,
            server_instance: String(server).split("/")[3],
            type: auth_type === "CURLAUTH_ANY" ? "basic" : "ntlm",
            username: ntlm_username,
            password: ntlm_password,
            domain: ntlm_domain,
        }),
    },
    // Keys upper-cased in storage with USES_OAUTH, lower-cased on read.
    Netsuite: {
        toStored: (credentials) => ({
            ...Object.fromEntries(Object.entries(credentials).map(([key, value]) => [key.toUpperCase(), value])),
            USES_OAUTH: true,
        }),
        toRead: (stored) => Object.fromEntries(Object.entries(stored).map(([key, value]) => [key.toLowerCase(), value])),
    },
};

export function toStoredForm(system: FabricSystem, credentials: Credentials): Credentials {
    return (RESHAPING[system.factoryName]?.toStored ?? unchanged)(credentials);
}

export function toReadForm(system: FabricSystem, stored: Credentials): Credentials {
    return (RESHAPING[system.factoryName]?.toRead ?? unchanged)(stored);
}

/** A driver's "Missing ... attribute(s)" check while it is built (MissingSystemAuthAttributesException, 422). */
function buildChecks(): Map<string, { message: string; keys: string[] }> {
    const checks = new Map<string, { message: string; keys: string[] }>();
    for (const [factoryName, system] of Object.entries(credentialsEvidence as Record<string, { notes?: string }>)) {
        const message = /422 '(Missing[^']+)'/.exec(system.notes ?? "")?.[1];
        if (message) checks.set(factoryName, { message, keys: [...message.matchAll(/`([^`]+)`/g)].map((match) => match[1]) });
    }
    return checks;
}

const DRIVER_ATTRIBUTE_CHECKS = buildChecks();

/** Fails the way Fabric does when the (merged) credentials lack what the driver is built from. */
export function checkDriverAttributes(system: FabricSystem, credentials: Credentials): void {
    const check = DRIVER_ATTRIBUTE_CHECKS.get(system.factoryName);
    if (check?.keys.some((key) => credentials[key] === undefined || credentials[key] === null)) {
        throw new FabricError(422, check.message);
    }
}
