// A small Fabric in memory, behind the client's transport: the connector, group, system and service
// routes with the quirks the provider must survive (fact sheet 3.1, 3.2): POST as an upsert that
// revives deleted rows and, for the systems Fabric's duplicate check misses, overwrites live ones;
// a failed credential check answered 500; masking with gaps; the delete that reports failure in a
// 200. Written from the fact sheet for these suites; not the emulator. Not a test file.
import type { Attempt, Exchange } from "../../provider/client/http";
import type { Severity } from "../../provider/diagnostics";
import { Runtime } from "../../provider/runtime";
import { settingsFor, type Settings } from "../../provider/settings";

export interface FakeGroup {
    id: number;
    name: string;
    username: string;
    slug: string;
    parentId: number | null;
}

export interface FakeRow {
    row: number;
    username: string;
    factoryName: string;
    environment: string;
    name: string;
    timeZone: string;
    dateFormat: string;
    authType: string;
    credentials: Record<string, unknown>;
    deleted: boolean;
}

export interface FakeService {
    id: number;
    description: string;
    username: string;
    from_factory: string;
    to_factory: string;
    from_environment: string;
    to_environment: string;
}

export interface Recorded {
    method: string;
    /** With the query, as a server logs it. */
    path: string;
    body?: unknown;
}

const SYSTEMS = [
    { id: 7, name: "Shopify", factory_name: "Shopify", auth: ["basic_auth", "oauth2"], date_format: "c", time_zone: null },
    { id: 12, name: "Magento 2", factory_name: "Magentotwo", auth: ["basic_auth"], date_format: null, time_zone: null },
    { id: 21, name: "Peoplevox", factory_name: "Peoplevox", auth: ["basic_auth"], date_format: null, time_zone: "Europe/London" },
    { id: 30, name: "SapB1", factory_name: "SapB1", auth: ["basic_auth"], date_format: null, time_zone: null },
];

/** Keys Fabric masks on read, per factory and auth type; what is not listed comes back in clear. */
const MASKED: Record<string, (authType: string) => string[]> = {
    Shopify: (authType) => (authType === "oauth2" ? ["access_token", "refresh_token"] : ["api_key", "password", "shared_secret"]),
    Magentotwo: () => ["token"],
    Peoplevox: () => ["password"],
    SapB1: () => ["api_password"],
};

/** Fabric's duplicate check compares the display name with the stored factory name (fact sheet 3.1). */
const DUPLICATE_CHECK_MISSES = new Set(["Magentotwo"]);

function answer(status: number, body: unknown): Attempt {
    return { kind: "response", status, text: body === undefined ? "" : JSON.stringify(body) };
}

export class FakeFabric {
    groups: FakeGroup[] = [
        { id: 1, name: "UK Store", username: "uk_store", slug: "uk-store", parentId: null },
        { id: 2, name: "France Store", username: "france_store", slug: "france-store", parentId: null },
    ];
    rows: FakeRow[] = [];
    services: FakeService[] = [];
    readonly requests: Recorded[] = [];
    /** Shows masked keys in clear too, as Fabric does for some secrets (fact sheet 4.2). */
    maskingGaps = false;
    /** The next answers to give instead of the fake's own, by "METHOD /path". */
    readonly scripted = new Map<string, Attempt[]>();
    /** Runs before each request is answered: another program acting between two of the provider's requests. */
    onRequest?: (request: Exchange) => void;
    private nextRow = 1;
    private nextGroup = 3;

    readonly transport = async (request: Exchange): Promise<Attempt> => {
        const query = new URLSearchParams(request.query ?? {}).toString();
        this.requests.push({ method: request.method, path: query ? `${request.path}?${query}` : request.path, body: request.body });
        this.onRequest?.(request);
        const queued = this.scripted.get(`${request.method} ${request.path}`);
        if (queued && queued.length > 0) return queued.shift() as Attempt;
        return this.handle(request);
    };

    /** What was sent, "METHOD path" per request. */
    sent(): string[] {
        return this.requests.map((r) => `${r.method} ${r.path}`);
    }

    /** A service as the dashboard makes it: by default "UK orders", Shopify to NetSuite, live, in uk_store. */
    addService(service: Partial<FakeService> = {}): void {
        this.services.push({
            id: 40,
            description: "UK orders",
            username: "uk_store",
            from_factory: "Shopify\\Pull\\Orders",
            to_factory: "Netsuite\\Push\\Orders",
            from_environment: "live",
            to_environment: "live",
            ...service,
        });
    }

    addConnector(row: Partial<FakeRow> & Pick<FakeRow, "username" | "factoryName" | "environment">): string {
        const full: FakeRow = {
            row: this.nextRow++,
            name: "Made elsewhere",
            timeZone: "UTC",
            dateFormat: "c",
            authType: "basic_auth",
            credentials: {},
            deleted: false,
            ...row,
        };
        this.rows.push(full);
        return `${full.username}|${full.row}`;
    }

    private group(id: number): FakeGroup | undefined {
        return this.groups.find((g) => g.id === id);
    }

    private wireConnector(row: FakeRow): unknown {
        const system = SYSTEMS.find((s) => s.factory_name === row.factoryName);
        const group = this.groups.find((g) => g.username === row.username);
        const masked = this.maskingGaps ? [] : (MASKED[row.factoryName]?.(row.authType) ?? []);
        const credentials = Object.fromEntries(Object.entries(row.credentials).map(([k, v]) => [k, masked.includes(k) ? "*****" : v]));
        return {
            id: `${row.username}|${row.row}`,
            environment: row.environment,
            authorisation_type: row.authType,
            connector_name: row.name,
            timeZone: row.timeZone,
            dateFormat: row.dateFormat,
            credentials: {
                ...credentials,
                authorisation_type: row.authType,
                connector_name: row.name,
                timezone: row.timeZone,
                date_format: row.dateFormat,
            },
            system: { id: system?.id, name: system?.name, factory_name: row.factoryName, website: null },
            integration: { id: group?.id, name: group?.name, username: row.username, _lft: 1, _rgt: 2 },
        };
    }

    private findRow(id: string): FakeRow | undefined {
        const [username, row] = decodeURIComponent(id).split("|");
        return this.rows.find((r) => r.username === username && String(r.row) === row && !r.deleted);
    }

    private handle(request: Exchange): Attempt {
        const body = (request.body ?? {}) as Record<string, unknown>;
        const [, collection, id] = request.path.split("/");
        if (collection === "connectors") {
            if (request.method === "GET")
                return answer(200, { data: this.rows.filter((r) => !r.deleted).map((r) => this.wireConnector(r)) });
            if (request.method === "POST") return this.createConnector(body);
            const row = this.findRow(id);
            if (!row) return answer(404, { message: "No query results for model [App\\Models\\Tapestry\\Connector] 1" });
            if (request.method === "DELETE") {
                row.deleted = true;
                return answer(200, { status: 200, message: "Connector deleted successfully." });
            }
            if (request.method === "PUT") {
                const merged = { ...row.credentials, ...((body.credentials as object) ?? {}) };
                if (Object.values(merged).some((v) => typeof v === "string" && v.startsWith("invalid")))
                    return answer(500, { message: "Server Error" });
                row.credentials = merged;
                row.environment = body.environment as string;
                if (body.connectorName !== undefined) row.name = body.connectorName as string;
                if (body.timeZone !== undefined) row.timeZone = body.timeZone as string;
                if (body.dateFormat !== undefined) row.dateFormat = body.dateFormat as string;
                if (body.authorisation_type !== undefined) row.authType = body.authorisation_type as string;
                return answer(200, { data: this.wireConnector(row) });
            }
        }
        if (collection === "integrations") return this.handleGroups(request, body, id);
        if (collection === "systems") {
            return answer(200, {
                data: SYSTEMS.map((s) => ({
                    id: s.id,
                    name: s.name,
                    factory_name: s.factory_name,
                    date_format: s.date_format,
                    time_zone: s.time_zone,
                    system_authorisation_types: s.auth.map((name, i) => ({
                        id: i,
                        credentials_schema: JSON.stringify({ attributes: [{ type: "text", label: "Store", value: "store" }] }),
                        authorisation_type: { id: i, name },
                    })),
                })),
            });
        }
        if (collection === "services") {
            const username = request.query?.["filter[username]"];
            const data = this.services
                .filter((s) => username === undefined || s.username === username)
                .map((s) => ({ status: false, filters: null, ...s }));
            return answer(200, { data, meta: { last_page: 1, current_page: 1 } });
        }
        return answer(404, { message: "" });
    }

    private createConnector(body: Record<string, unknown>): Attempt {
        const system = SYSTEMS.find((s) => s.id === body.system_id);
        const group = this.group(body.integration_id as number);
        if (!system || !group) return answer(500, { message: "Server Error" });
        const credentials = (body.credentials ?? {}) as Record<string, unknown>;
        if (Object.keys(credentials).length === 0)
            return answer(422, { message: "The given data was invalid.", errors: { credentials: ["The credentials field is required."] } });
        const sameKey = (r: FakeRow) =>
            r.username === group.username && r.factoryName === system.factory_name && r.environment === body.environment;
        const live = this.rows.find((r) => sameKey(r) && !r.deleted);
        if (live && !DUPLICATE_CHECK_MISSES.has(system.factory_name)) {
            return answer(422, { message: "The given data was invalid.", errors: { environment: ["Please enter a unique value"] } });
        }
        if (Object.values(credentials).some((v) => typeof v === "string" && v.startsWith("invalid")))
            return answer(500, { message: "Server Error" });
        const reused = live ?? this.rows.find((r) => sameKey(r) && r.deleted);
        const row: FakeRow = reused ?? {
            row: this.nextRow++,
            username: group.username,
            factoryName: system.factory_name,
            environment: body.environment as string,
            name: "",
            timeZone: "",
            dateFormat: "",
            authType: "",
            credentials: {},
            deleted: false,
        };
        Object.assign(row, {
            name: body.connectorName,
            timeZone: body.timeZone,
            dateFormat: body.dateFormat,
            authType: body.authorisation_type,
            credentials,
            deleted: false,
        });
        if (!reused) this.rows.push(row);
        return answer(reused ? 200 : 201, { data: this.wireConnector(row) });
    }

    private wireGroup(group: FakeGroup): unknown {
        return { id: group.id, name: group.name, username: group.username, slug: group.slug, company_id: 1, active: true };
    }

    private handleGroups(request: Exchange, body: Record<string, unknown>, id?: string): Attempt {
        if (request.method === "GET") {
            if (request.query?.to_tree === "1") {
                const node = (g: FakeGroup): unknown => ({
                    ...(this.wireGroup(g) as object),
                    children: this.groups.filter((c) => c.parentId === g.id).map(node),
                });
                return answer(200, { data: this.groups.filter((g) => g.parentId === null).map(node) });
            }
            return answer(200, { data: this.groups.map((g) => this.wireGroup(g)), meta: { current_page: 1, last_page: 1 } });
        }
        if (request.method === "POST") {
            const group: FakeGroup = {
                id: this.nextGroup++,
                name: body.name as string,
                username: body.username as string,
                slug: String(body.name).toLowerCase().replace(/\s+/g, "-"),
                parentId: (body.parent_id as number | undefined) ?? null,
            };
            this.groups.push(group);
            return answer(201, { data: this.wireGroup(group) });
        }
        const group = this.group(Number(id));
        if (!group) return answer(404, { message: "No query results for model [App\\Models\\Fabric\\Integration] 9" });
        if (request.method === "PUT") {
            if (body.name !== undefined) {
                if (this.groups.some((g) => g.name === body.name)) {
                    return answer(422, { message: "The given data was invalid.", errors: { name: ["The name has already been taken."] } });
                }
                group.name = body.name as string;
            }
            if (body.parent_id !== undefined) group.parentId = body.parent_id as number | null;
            return answer(200, { data: this.wireGroup(group) });
        }
        if (request.method === "DELETE") {
            this.groups = this.groups.filter((g) => g.id !== group.id && g.parentId !== group.id);
            return answer(200, { message: "Integration deleted successfully." });
        }
        return answer(405, { message: "" });
    }
}

export interface World {
    fabric: FakeFabric;
    runtime: Runtime;
    diagnostics: { severity: Severity; message: string }[];
}

/** A provider process (runtime) over a fake Fabric, fresh unless one is given. */
export function fakeWorld(settings: Partial<Settings> = {}, fabric = new FakeFabric()): World {
    const resolved = {
        settings: settingsFor({
            apiUrl: "https://patchworks.test/fabric/api/v2",
            apiKey: "pk_test_fake_key",
            maxRetries: 0,
            retryBaseMs: 0,
            requestsPerMinute: 1_000_000,
            ...settings,
        }),
    };
    const diagnostics: World["diagnostics"] = [];
    const runtime = new Runtime(resolved, {
        transport: fabric.transport,
        diagnose: async (severity, message) => {
            diagnostics.push({ severity, message });
        },
    });
    return { fabric, runtime, diagnostics };
}
