// The Patchworks API client: the only code that talks to the API. It builds the transport from
// small layers (HTTP, pace, retries, sign-in) and knows HTTP, not the resources: each resource's
// wire module (provider/client/<resource>.ts) owns its paths and fields and calls `request`; which
// existing record a create of unknown outcome may have produced is the caller's question, passed
// in as `reconcile`.
import { signInFor, type SignIn } from "./auth";
import { systemClock, type Clock } from "./clock";
import { UnexpectedResponseError } from "./decode";
import { ApiError, errorFromResponse, isUnauthenticated, networkError, unexpectedResponseError, type RequestContext } from "./errors";
import { httpTransport, type HttpRequest, type Transport } from "./http";
import { SecretBook } from "./redact";
import { sendWithRetries, type Outcome, type RetryContext, type RetrySpec } from "./retry";
import { throttle, type Throttle, type WaitListener } from "./throttle";
import { UserError } from "../errors";
import { SECRET_SETTINGS, settingsProblem, type Settings } from "../settings";

export interface ClientDependencies {
    /** Every secret the process has seen; the client adds the sign-in's and every token it gets. */
    secrets?: SecretBook;
    clock?: Clock;
    random?: () => number;
    /** A cancelled run stops waiting and sending. */
    signal?: AbortSignal;
    /** One line per request and retry decision, already redacted. */
    log?: (line: string) => void;
    /** Told before a wait of more than about 2 s, and why (a status line: "waiting 41 s: ..."). */
    onWait?: WaitListener;
    /** Replaces the HTTP layer (tests). */
    transport?: Transport;
}

export interface RequestSpec<T> {
    request: HttpRequest;
    /** The parsed JSON body of a 2xx answer, and its status (Fabric's connector create answers 201 or 200). */
    decode: (body: unknown, status: number) => T;
    reconcile?: () => Promise<T | undefined>;
    /**
     * A connector create or update: Fabric checks the credentials with the remote system first, so
     * an answered attempt is not repeated (each repeat would run the check again), and a 401 whose
     * message is not "Unauthenticated." is the remote system's answer, not an expired session.
     */
    verifiesCredentials?: boolean;
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
    private readonly signIn: SignIn;

    constructor(
        private readonly settings: Settings,
        private readonly dependencies: ClientDependencies = {},
    ) {
        this.secrets = dependencies.secrets ?? new SecretBook();
        this.secrets.add(SECRET_SETTINGS.map((key) => settings[key]));
        // The settings resolver reports these first; checked again here because this is the code that sends the secrets.
        const problem = settingsProblem(settings);
        if (problem) throw new UserError(problem);
        this.clock = dependencies.clock ?? systemClock;
        const http = dependencies.transport ?? httpTransport({ baseUrl: settings.apiUrl, timeoutMs: settings.requestTimeoutMs });
        this.throttle = throttle(http, {
            maxConcurrency: settings.maxConcurrency,
            requestsPerMinute: settings.requestsPerMinute,
            clock: this.clock,
            onWait: dependencies.onWait,
        });
        this.signIn = signInFor(settings, {
            clock: this.clock,
            secrets: this.secrets,
            redact: (text) => this.redact(text),
            send: (spec, signal) => sendWithRetries(spec, this.retryContext(this.throttle.transport, signal)),
        });
    }

    /** Removes every secret this process has seen from a text bound for a user. */
    redact(text: string): string {
        return this.secrets.redact(text);
    }

    /** One API call through sign-in, pace, retries and redaction; every resource's wire module calls this. */
    async request<T>(spec: RequestSpec<T>): Promise<T> {
        const { request } = spec;
        // Paths come from the wire modules' constants; anything else could send the token elsewhere.
        if (!request.path.startsWith("/")) throw new Error(`request path must start with "/": ${this.redact(request.path)}`);
        const signal = this.dependencies.signal;
        const retrySpec: RetrySpec<T> = { request, reconcile: spec.reconcile, verifiesCredentials: spec.verifiesCredentials };
        for (let renewed = false; ; renewed = true) {
            let used: string | undefined;
            const signed: Transport = async (exchange, sendSignal) => {
                used = await this.signIn.authorization(sendSignal);
                return this.throttle.transport({ ...exchange, authorization: used }, sendSignal);
            };
            const outcome = await sendWithRetries(retrySpec, this.retryContext(signed, signal));
            const ended = outcome.kind === "failed" && outcome.attempt.kind === "response" ? outcome.attempt : undefined;
            // A 401 "Unauthenticated." was not processed: once per request, a fresh session and the same request again.
            if (ended && !renewed && this.signIn.renewable && used !== undefined) {
                const message = (parseJsonLoosely(ended.text) as { message?: unknown } | undefined)?.message;
                if (isUnauthenticated(ended.status, typeof message === "string" ? message : undefined)) {
                    this.log(`${request.method} ${request.path}: the session ended; signing in again`);
                    this.signIn.discard(used);
                    continue;
                }
            }
            return this.settle(spec, outcome);
        }
    }

    private retryContext(transport: Transport, signal: AbortSignal | undefined): RetryContext {
        return {
            transport,
            throttle: this.throttle,
            clock: this.clock,
            random: this.dependencies.random ?? Math.random,
            limits: this.settings,
            log: (line) => this.log(line),
            onWait: this.dependencies.onWait,
            signal,
        };
    }

    private log(line: string): void {
        this.dependencies.log?.(this.redact(line));
    }

    /** The value of an outcome, or the one-line error that says why there is none. */
    private settle<T>(spec: RequestSpec<T>, outcome: Outcome<T>): T {
        const context: RequestContext = {
            method: spec.request.method,
            // An error's fields are printed too (util.inspect, JSON): an id can hold anything.
            path: this.redact(spec.request.path),
            attempts: outcome.attempts,
            verifiesCredentials: spec.verifiesCredentials,
        };
        const redactor = (text: string) => this.redact(text);
        if (outcome.kind === "reconciled") return outcome.value;
        if (outcome.kind === "answered") {
            try {
                return spec.decode(parseJson(outcome.attempt.text), outcome.attempt.status);
            } catch (error) {
                if (!(error instanceof UnexpectedResponseError)) throw error;
                throw unexpectedResponseError(context, outcome.attempt.status, error.message, redactor);
            }
        }
        const { attempt, uncertain, rateLimitNote } = outcome;
        if (attempt.kind === "network") {
            throw networkError(context, this.settings.apiUrl, attempt, this.settings.requestTimeoutMs, redactor, uncertain);
        }
        const body = parseJsonLoosely(attempt.text);
        const error = errorFromResponse(context, attempt.status, body, redactor, uncertain, this.signIn.hints);
        if (!rateLimitNote) throw error;
        throw new ApiError(`${error.message.replace(/\.+$/, "")}; ${rateLimitNote}`, context, {
            status: attempt.status,
            fieldErrors: error.fieldErrors,
            serverMessage: error.serverMessage,
            uncertain,
        });
    }
}
