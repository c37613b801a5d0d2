// The only module in the project that speaks HTTP. It adds what a flaky network and a
// rate-limited API need: retries that never duplicate a create, a concurrency cap, timeouts,
// and redaction of every secret from what it reports.
import axios, { type AxiosInstance, type RawAxiosResponseHeaders, type AxiosResponseHeaders } from "axios";
import { sameKey } from "../connector/key";
import {
    errorFromResponse,
    networkError,
    NotFoundError,
    oneLine,
    parseErrorBody,
    type PatchworksApiError,
    type RequestContext,
    unexpectedResponseError,
} from "./errors";
import {
    companyGroupFromApiBody,
    connectorFilterToQuery,
    connectorFromApi,
    connectorToApi,
    pageFromApi,
    patchToApi,
    UnexpectedResponseError,
} from "./mapping";
import { redact } from "./redact";
import {
    decideRetry,
    type HttpMethod,
    networkOutcome,
    type NetworkOutcome,
    parseRetryAfterMs,
    retryDelayMs,
} from "./retry-policy";
import { pageQuery, routes, withQuery } from "./routes";
import { Semaphore } from "./semaphore";
import { resolveSettings, type Settings } from "./settings";
import type {
    ClientOptions,
    CompanyGroup,
    ConnectorFields,
    ConnectorKey,
    ConnectorPatch,
    RemoteConnector,
} from "./types";

interface RequestSpec<T> {
    method: HttpMethod;
    /** Without the query string. */
    path: string;
    query?: Record<string, string>;
    body?: unknown;
    decode: (body: unknown) => T;
    /**
     * For a request that is not idempotent: finds what an attempt of unknown outcome may have
     * created, so the request is repeated only when it provably did not take effect.
     */
    reconcile?: () => Promise<T | undefined>;
}

/** How one attempt ended: the response, or the network failure as the retry policy sees it. */
type Attempt =
    | { kind: "response"; status: number; text: string; retryAfter?: string }
    | (NetworkOutcome & { timedOut: boolean });

function isSuccess(status: number): boolean {
    return status >= 200 && status < 300;
}

function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

function headerValue(headers: RawAxiosResponseHeaders | AxiosResponseHeaders, name: string): string | undefined {
    const value = headers[name];
    return value === undefined || value === null ? undefined : String(value);
}

/** Node reports some connection failures as an AggregateError (one per address tried). */
function errorCode(error: unknown): string {
    const e = error as { code?: unknown; cause?: { code?: unknown }; errors?: { code?: unknown }[] } | undefined;
    const code = e?.code ?? e?.cause?.code ?? e?.errors?.[0]?.code;
    return typeof code === "string" ? code : "EUNKNOWN";
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

/** What a create sent that the API reports back unmasked. */
function looksCreatedFrom(remote: RemoteConnector, sent: ConnectorFields): boolean {
    return (
        remote.name === sent.name &&
        remote.authType === sent.authType &&
        remote.timezone === sent.timezone &&
        remote.dateFormat === sent.dateFormat
    );
}

export class PatchworksClient {
    private readonly settings: Settings;
    private readonly http: AxiosInstance;
    private readonly slots: Semaphore;
    /** No request is sent before this time (ms since the epoch): the API's last Retry-After. */
    private pausedUntil = 0;
    /** The API key, the token and every credential value this client has sent. */
    private readonly secrets = new Set<string>();

    constructor(options: ClientOptions) {
        for (const secret of [options.apiKey, options.accessToken]) if (secret) this.secrets.add(secret);
        this.settings = resolveSettings(options);
        this.slots = new Semaphore(this.settings.maxConcurrency);
        this.http = axios.create({
            timeout: this.settings.timeoutMs,
            // A redirect could carry the Authorization header somewhere unchecked; the API has no reason to redirect.
            maxRedirects: 0,
            validateStatus: () => true,
            responseType: "text",
            transformResponse: [(data: unknown) => data],
            transitional: { clarifyTimeoutError: true },
            headers: {
                Accept: "application/json",
                ...(this.settings.authorization ? { Authorization: this.settings.authorization } : {}),
            },
        });
    }

    async listConnectors(filter: Partial<ConnectorKey> = {}): Promise<RemoteConnector[]> {
        return this.listAll(routes.connectors(), connectorFilterToQuery(filter), connectorFromApi);
    }

    async findConnector(key: ConnectorKey): Promise<RemoteConnector | undefined> {
        // Filter again locally: a server that ignored a filter must not hand back someone else's connector.
        const { system, environment, companyGroup } = key;
        const candidates = await this.listConnectors({ system, environment, companyGroup });
        return candidates.find((connector) => sameKey(connector, key));
    }

    async getConnector(id: string): Promise<RemoteConnector> {
        return this.send({ method: "GET", path: routes.connector(id), decode: connectorFromApi });
    }

    async createConnector(fields: ConnectorFields): Promise<RemoteConnector> {
        this.rememberSecrets(fields.credentials);
        return this.send({
            method: "POST",
            path: routes.connectors(),
            body: connectorToApi(fields),
            decode: connectorFromApi,
            // Only a connector that looks like what this request sent counts as its effect: one
            // with the same key but another name or auth type was made by someone else.
            reconcile: async () => {
                const found = await this.findConnector(fields);
                return found && looksCreatedFrom(found, fields) ? found : undefined;
            },
        });
    }

    async updateConnector(id: string, patch: ConnectorPatch): Promise<RemoteConnector> {
        this.rememberSecrets(patch.credentials ?? {});
        return this.send({ method: "PATCH", path: routes.connector(id), body: patchToApi(patch), decode: connectorFromApi });
    }

    async deleteConnector(id: string): Promise<void> {
        try {
            await this.send({ method: "DELETE", path: routes.connector(id), decode: () => undefined });
        } catch (error) {
            if (error instanceof NotFoundError) return;
            throw error;
        }
    }

    async listCompanyGroups(): Promise<CompanyGroup[]> {
        return this.listAll(routes.companyGroups(), {}, companyGroupFromApiBody);
    }

    private rememberSecrets(credentials: Record<string, string>): void {
        for (const value of Object.values(credentials)) this.secrets.add(value);
    }

    private redact(text: string): string {
        return redact(text, this.secrets);
    }

    private log(line: string): void {
        this.settings.log?.(this.redact(line));
    }

    private async listAll<T>(path: string, query: Record<string, string>, decodeItem: (item: unknown) => T): Promise<T[]> {
        const items: T[] = [];
        for (let page = 1, lastPage = 1; page <= lastPage; page++) {
            const result = await this.send({
                method: "GET",
                path,
                query: { ...query, ...pageQuery(page) },
                decode: (body) => {
                    const { items: raw, lastPage: last } = pageFromApi(body);
                    return { items: raw.map(decodeItem), lastPage: last };
                },
            });
            items.push(...result.items);
            lastPage = result.lastPage;
        }
        return items;
    }

    private async send<T>(spec: RequestSpec<T>): Promise<T> {
        const target = `${spec.method} ${withQuery(spec.path, spec.query ?? {})}`;
        // Set once an attempt may have taken effect unseen: a later 409 may then be that attempt's doing.
        let uncertain = false;
        // Attempts that used up the retry budget: failures, as opposed to waiting as the API asked.
        let failed = 0;
        let throttledMs = 0;
        for (let attempt = 1; ; attempt++) {
            // The slot is held only while the request is in flight, never while waiting to retry.
            const result = await this.slots.run(async () => {
                await this.unthrottled();
                return this.attempt(spec, target, attempt);
            });
            if (result.kind === "response" && isSuccess(result.status)) return this.decode(spec, result, attempt);
            if (result.kind === "response" && result.status === 409 && uncertain && spec.reconcile) {
                // The earlier attempt landed after the last look; a conflict with itself is its success.
                const existing = await spec.reconcile();
                if (existing !== undefined) {
                    this.log(`${target}: an earlier attempt had taken effect; not repeating it`);
                    return existing;
                }
            }

            const decision = decideRetry(spec.method, result);
            // Without a way to look, an outcome that may have taken effect has to be final.
            const reconcile = decision === "reconcile" ? spec.reconcile : undefined;
            const retryAfterMs = result.kind === "response" ? parseRetryAfterMs(result.retryAfter, Date.now()) : undefined;
            // A 429 with Retry-After says the request was not processed and when to come back: waiting
            // as told is not a failure, so it spends a time budget of its own, not the retries. A stack
            // larger than the rate limit then still goes through, at the pace the API sets.
            const throttled = result.kind === "response" && result.status === 429 && retryAfterMs !== undefined;
            if (!throttled) failed++;
            const wait = retryDelayMs(Math.max(1, failed), retryAfterMs, {
                baseMs: this.settings.retryBaseMs,
                maxDelayMs: this.settings.maxRetryDelayMs,
            });
            const retriesLeft = throttled
                ? throttledMs + wait <= this.settings.maxRateLimitWaitMs
                : failed <= this.settings.maxRetries;
            if (decision === "stop" || (decision === "reconcile" && !reconcile) || (decision === "retry" && !retriesLeft)) {
                throw this.failure(spec, result, attempt);
            }

            if (throttled) {
                throttledMs += wait;
                // The limit is the account's, not this request's: every request of this client waits.
                this.pausedUntil = Math.max(this.pausedUntil, Date.now() + wait);
            }
            const next = reconcile ? "checking whether it took effect" : throttled ? "rate-limited; retrying" : "retrying";
            this.log(`${target}: ${next} in ${wait} ms (attempt ${attempt}, ${failed} of ${this.settings.maxRetries} retries used)`);
            await sleep(wait);

            if (reconcile) {
                uncertain = true;
                const existing = await reconcile();
                if (existing !== undefined) {
                    this.log(`${target}: attempt ${attempt} had taken effect; not repeating it`);
                    return existing;
                }
                if (!retriesLeft) throw this.failure(spec, result, attempt);
                this.log(`${target}: attempt ${attempt} had not taken effect; retrying`);
            }
        }
    }

    /** Resolves once no Retry-After the API sent is still running. */
    private async unthrottled(): Promise<void> {
        for (let now = Date.now(); now < this.pausedUntil; now = Date.now()) await sleep(this.pausedUntil - now);
    }

    private async attempt<T>(spec: RequestSpec<T>, target: string, attempt: number): Promise<Attempt> {
        const started = Date.now();
        const deadline = AbortSignal.timeout(this.settings.timeoutMs);
        try {
            const response = await this.http.request<string>({
                method: spec.method,
                url: this.settings.baseUrl + withQuery(spec.path, spec.query ?? {}),
                data: spec.body,
                // axios's timeout watches an idle socket; this bounds the whole exchange.
                signal: deadline,
            });
            const text = typeof response.data === "string" ? response.data : "";
            const summary = this.serverMessage(response.status, text);
            this.log(`${target} -> ${response.status} in ${Date.now() - started} ms (attempt ${attempt})${summary}`);
            return { kind: "response", status: response.status, text, retryAfter: headerValue(response.headers, "retry-after") };
        } catch (error) {
            const code = deadline.aborted ? "ETIMEDOUT" : errorCode(error);
            const timedOut = code === "ETIMEDOUT";
            this.log(`${target} -> ${code} after ${Date.now() - started} ms (attempt ${attempt})`);
            return { ...networkOutcome(code, timedOut), timedOut };
        }
    }

    /** What the server said about a failure, for the log line of an attempt that may be retried. */
    private serverMessage(status: number, text: string): string {
        if (isSuccess(status)) return "";
        const message = parseErrorBody(parseJsonLoosely(text)).message;
        return message ? `: ${oneLine(message)}` : "";
    }

    private context<T>(spec: RequestSpec<T>, attempts: number): RequestContext {
        return { method: spec.method, path: spec.path, attempts };
    }

    private decode<T>(spec: RequestSpec<T>, response: { status: number; text: string }, attempts: number): T {
        try {
            return spec.decode(parseJson(response.text));
        } catch (error) {
            if (!(error instanceof UnexpectedResponseError)) throw error;
            throw unexpectedResponseError(this.context(spec, attempts), response.status, error.message, (t) =>
                this.redact(t),
            );
        }
    }

    private failure<T>(spec: RequestSpec<T>, result: Attempt, attempts: number): PatchworksApiError {
        const context = this.context(spec, attempts);
        const redactor = (text: string) => this.redact(text);
        if (result.kind === "response") {
            return errorFromResponse(context, result.status, parseJsonLoosely(result.text), redactor);
        }
        const failure = { code: result.code, timedOut: result.timedOut, unsent: result.kind === "unsent" };
        return networkError(context, this.settings.baseUrl, failure, this.settings.timeoutMs, redactor);
    }
}
