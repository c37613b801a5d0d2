// The Patchworks API client: the only code that talks to the API. It builds the transport from
// small layers (HTTP, throttle, retries) and owns the API's paths and field names. It knows HTTP,
// not the resources: which existing record a create of unknown outcome may have produced is the
// caller's question, passed in as `reconcile`.
import { systemClock, type Clock } from "./clock";
import { ApiError, errorFromResponse, isNotFound, networkError, unexpectedResponseError } from "./errors";
import { httpTransport, type HttpRequest, type Transport } from "./http";
import {
    companyGroupFromApiBody,
    connectorFilterToQuery,
    connectorFromApi,
    connectorToApi,
    pageFromApi,
    patchToApi,
    UnexpectedResponseError,
    type CompanyGroup,
    type ConnectorFields,
    type ConnectorKey,
    type ConnectorPatch,
    type RemoteConnector,
} from "./mapping";
import { SecretBook } from "./redact";
import {
    serviceFilterToQuery,
    serviceFromApi,
    servicePatchToApi,
    serviceToApi,
    type RemoteService,
    type ServiceFields,
    type ServicePatch,
} from "./service-wire";
import { sendWithRetries, type Outcome } from "./retry";
import { pageQuery, routes } from "./routes";
import { throttle, type Throttle } from "./throttle";
import type { Settings } from "../settings";

export interface ClientDependencies {
    /** Every secret the process has seen; the client adds what it sends. */
    secrets?: SecretBook;
    clock?: Clock;
    random?: () => number;
    /** A cancelled run stops waiting and sending. */
    signal?: AbortSignal;
    /** One line per request and retry decision, already redacted. */
    log?: (line: string) => void;
    /** Replaces the HTTP layer (tests). */
    transport?: Transport;
}

/** Told after each page of a list is read (progress lines); `items` counts that page's. */
export type PageListener = (page: { page: number; lastPage: number; items: number }) => void;

export interface RequestSpec<T> {
    request: HttpRequest;
    /** The parsed JSON body of a 2xx answer, and its status (Fabric's connector create answers 201 or 200). */
    decode: (body: unknown, status: number) => T;
    reconcile?: () => Promise<T | undefined>;
    /**
     * A connector create or update: Fabric checks the credentials with the remote system first, so a
     * 500 is not retried (each retry would run the check again) and a 401 whose message is not
     * "Unauthenticated." is the remote system's answer, not an expired session.
     */
    verifiesCredentials?: boolean;
}

function authorization(settings: Settings): string | undefined {
    if (settings.apiKey) return settings.apiKey;
    if (settings.accessToken) return `Bearer ${settings.accessToken}`;
    return undefined;
}

function parseJson(text: string): unknown {
    if (text.trim() === "") return undefined;
    try {
        return JSON.parse(text);
    } catch {
        // JSON.parse's own message quotes the body, which may hold anything.
        throw new UnexpectedResponseError("a body that is not JSON");
    }
}

function parseJsonLoosely(text: string): unknown {
    try {
        return parseJson(text);
    } catch {
        return undefined;
    }
}

export class PatchworksClient {
    readonly secrets: SecretBook;
    private readonly throttle: Throttle;
    private readonly clock: Clock;

    constructor(
        private readonly settings: Settings,
        private readonly dependencies: ClientDependencies = {},
    ) {
        this.secrets = dependencies.secrets ?? new SecretBook();
        this.secrets.add([settings.apiKey, settings.accessToken]);
        this.clock = dependencies.clock ?? systemClock;
        const http =
            dependencies.transport ??
            httpTransport({ baseUrl: settings.apiUrl, authorization: authorization(settings), timeoutMs: settings.requestTimeoutMs });
        this.throttle = throttle(http, settings.maxConcurrency, this.clock);
    }

    listConnectors(filter: Partial<ConnectorKey> = {}, onPage?: PageListener): Promise<RemoteConnector[]> {
        return this.listAll(routes.connectors(), connectorFilterToQuery(filter), connectorFromApi, onPage);
    }

    getConnector(id: string): Promise<RemoteConnector> {
        return this.request({ request: { method: "GET", path: routes.connector(id) }, decode: connectorFromApi });
    }

    createConnector(fields: ConnectorFields, reconcile?: () => Promise<RemoteConnector | undefined>): Promise<RemoteConnector> {
        this.secrets.add(Object.values(fields.credentials));
        return this.request({
            request: { method: "POST", path: routes.connectors(), body: connectorToApi(fields) },
            decode: connectorFromApi,
            reconcile,
        });
    }

    updateConnector(id: string, patch: ConnectorPatch): Promise<RemoteConnector> {
        this.secrets.add(Object.values(patch.credentials ?? {}));
        return this.request({ request: { method: "PATCH", path: routes.connector(id), body: patchToApi(patch) }, decode: connectorFromApi });
    }

    /** Resolves when the connector is gone, including when it already was (404). */
    deleteConnector(id: string): Promise<void> {
        return this.deleteAt(routes.connector(id));
    }

    /** Every service, or those that use a connector as source or destination. */
    listServices(filter: { connectorId?: string } = {}, onPage?: PageListener): Promise<RemoteService[]> {
        return this.listAll(routes.services(), serviceFilterToQuery(filter), serviceFromApi, onPage);
    }

    getService(id: string): Promise<RemoteService> {
        return this.request({ request: { method: "GET", path: routes.service(id) }, decode: serviceFromApi });
    }

    createService(fields: ServiceFields, reconcile?: () => Promise<RemoteService | undefined>): Promise<RemoteService> {
        return this.request({
            request: { method: "POST", path: routes.services(), body: serviceToApi(fields) },
            decode: serviceFromApi,
            reconcile,
        });
    }

    updateService(id: string, patch: ServicePatch): Promise<RemoteService> {
        return this.request({
            request: { method: "PATCH", path: routes.service(id), body: servicePatchToApi(patch) },
            decode: serviceFromApi,
        });
    }

    /** Resolves when the service is gone, including when it already was (404). */
    deleteService(id: string): Promise<void> {
        return this.deleteAt(routes.service(id));
    }

    listCompanyGroups(onPage?: PageListener): Promise<CompanyGroup[]> {
        return this.listAll(routes.companyGroups(), {}, companyGroupFromApiBody, onPage);
    }

    /** Removes every secret this process has seen from a text bound for a user. */
    redact(text: string): string {
        return this.secrets.redact(text);
    }

    private log(line: string): void {
        this.dependencies.log?.(this.redact(line));
    }

    private async deleteAt(path: string): Promise<void> {
        try {
            await this.request({ request: { method: "DELETE", path }, decode: () => undefined });
        } catch (error) {
            if (!isNotFound(error)) throw error;
        }
    }

    private async listAll<T>(
        path: string,
        query: Record<string, string>,
        decodeItem: (item: unknown) => T,
        onPage?: PageListener,
    ): Promise<T[]> {
        const items: T[] = [];
        for (let page = 1, lastPage = 1; page <= lastPage; page++) {
            const result = await this.request({
                request: { method: "GET", path, query: { ...query, ...pageQuery(page) } },
                decode: (body) => {
                    const { items: raw, lastPage: last } = pageFromApi(body);
                    return { items: raw.map(decodeItem), lastPage: last };
                },
            });
            items.push(...result.items);
            lastPage = result.lastPage;
            onPage?.({ page, lastPage, items: result.items.length });
        }
        return items;
    }

    /** One API call through pace, retries and redaction; every resource's wire module calls this. */
    async request<T>(spec: RequestSpec<T>): Promise<T> {
        const outcome: Outcome<T> = await sendWithRetries(
            { request: spec.request, reconcile: spec.reconcile },
            {
                transport: this.throttle.transport,
                throttle: this.throttle,
                clock: this.clock,
                random: this.dependencies.random ?? Math.random,
                limits: this.settings,
                log: (line) => this.log(line),
                signal: this.dependencies.signal,
            },
        );
        const context = { method: spec.request.method, path: spec.request.path, attempts: outcome.attempts };
        if (outcome.kind === "reconciled") return outcome.value;
        if (outcome.kind === "answered") {
            try {
                return spec.decode(parseJson(outcome.attempt.text), outcome.attempt.status);
            } catch (error) {
                if (!(error instanceof UnexpectedResponseError)) throw error;
                throw unexpectedResponseError(context, outcome.attempt.status, error.message, (t) => this.redact(t));
            }
        }
        const { attempt, uncertain, rateLimitNote } = outcome;
        const redactor = (text: string) => this.redact(text);
        if (attempt.kind === "network") {
            throw networkError(context, this.settings.apiUrl, attempt, this.settings.requestTimeoutMs, redactor, uncertain);
        }
        const error = errorFromResponse(context, attempt.status, parseJsonLoosely(attempt.text), redactor, uncertain);
        const details = { status: attempt.status, fieldErrors: error.fieldErrors, uncertain };
        if (rateLimitNote) throw new ApiError(`${error.message.replace(/\.+$/, "")}; ${rateLimitNote}`, context, details);
        throw error;
    }
}
