// Shared by the reliability and concurrency end-to-end suites (test/e2e/reliability.test.ts,
// test/e2e/concurrency.test.ts): fleets of connectors with recognisable secrets, a transcript of
// everything the CLI printed, the secret scan every scenario ends with, and process-tree kills.
// Not a test file itself: mocha's unit run only loads *.test.js.
import { strict as assert } from "node:assert";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import type * as pulumi from "@pulumi/pulumi";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import { Connector, type ConnectorArgs } from "../../sdk";
import type { LoggedRequest } from "../support/emulator";
import { type TestStack, unexpectedSuccess } from "../support/pulumi";

/** A distinctive API key, so a leak of it can be found by a plain substring search. */
export const API_KEY = `pwk-reliability-api-key-${randomBytes(6).toString("hex")}`;

export interface Declared {
    name: string;
    args: ConnectorArgs;
    opts?: pulumi.CustomResourceOptions;
}

/** @pulumi/pulumi's runtime/resource.js: `log.debug(\`RegisterResource RPC finished: ${label}; err: ..., resp: ${innerResponse}\`)`. */
const UPSTREAM_SDK_DEBUG_LINE = /RegisterResource RPC finished: resource:[^;]*; err: null, resp: urn:pulumi:/;

/** Every credential value a suite hands to Pulumi; none may appear in plaintext anywhere. */
export class SecretBook {
    private readonly values = new Set<string>([API_KEY]);

    /** A fresh secret with a recognisable prefix (and no regex metacharacters). */
    make(label: string): string {
        const value = `sek-${label}-${randomBytes(8).toString("hex")}`;
        this.values.add(value);
        return value;
    }

    all(): string[] {
        return [...this.values];
    }

    /**
     * For the engine's verbose logs (-v=9): secrets may appear only on the Node.js SDK's own debug
     * line "RegisterResource RPC finished: ... resp: ...", which prints every registered resource's
     * outputs, secret ones in plaintext (@pulumi/pulumi 3.270 to 3.276 at least, outside this
     * package). The API key may appear nowhere. Returns how many lines that upstream line leaked on.
     */
    assertAbsentFromVerboseLogs(text: string): number {
        const apiKeyAt = text.indexOf(API_KEY);
        assert.equal(apiKeyAt, -1, "the verbose logs hold the API key");
        let upstream = 0;
        for (const line of text.split("\n")) {
            if (!this.all().some((secret) => line.includes(secret))) continue;
            if (UPSTREAM_SDK_DEBUG_LINE.test(line)) {
                upstream++;
                continue;
            }
            this.assertAbsent(line, "a verbose log line that is not the SDK's RegisterResource debug line");
        }
        return upstream;
    }

    /** Fails naming where a secret was found (the secret itself is not printed). */
    assertAbsent(text: string, where: string): void {
        for (const secret of this.values) {
            const at = text.indexOf(secret);
            if (at >= 0) {
                if (process.env.RELIABILITY_DUMP) writeFileSync(process.env.RELIABILITY_DUMP, text);
                const context = text.slice(Math.max(0, at - 80), at).replace(/\s+/g, " ");
                assert.fail(`${where} holds a secret in plaintext (after: "...${context}")`);
            }
        }
    }
}

/** Everything a user would have seen: stdout, stderr and the error of each command. */
export class Transcript {
    private readonly chunks: string[] = [];

    readonly onOutput = (text: string): void => {
        this.chunks.push(text);
    };
    readonly onError = (text: string): void => {
        this.chunks.push(text);
    };

    /** Records the error of a failed command, then rethrows it. */
    async run<T>(operation: Promise<T>): Promise<T> {
        try {
            return await operation;
        } catch (error) {
            this.chunks.push(String((error as Error).message));
            throw error;
        }
    }

    /** The failure's message (recorded), or an assertion error if the command succeeded. */
    async failure(operation: Promise<unknown>): Promise<string> {
        let result: unknown;
        try {
            result = await operation;
        } catch (error) {
            const message = String((error as Error).message);
            this.chunks.push(message);
            return message;
        }
        throw unexpectedSuccess(result);
    }

    add(text: string): void {
        this.chunks.push(text);
    }

    text(): string {
        return this.chunks.join("\n");
    }

    get length(): number {
        return this.chunks.reduce((n, c) => n + c.length, 0);
    }
}

/** The username Fabric derives from a group name (fact sheet 5): "UK Store" -> "uk_store". */
function usernameOf(groupName: string): string {
    return groupName
        .trim()
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "_")
        .replace(/^_|_$/g, "");
}

/** "<system>-<group username>-<environment>": a resource name per key. */
function keyName(system: string, group: string | undefined, environment: string): string {
    return `${system}-${group === undefined ? "default" : usernameOf(group).replace(/_/g, "-")}-${environment}`;
}

/** A Shopify connector (authType oauth2, Patchworks' keys `store` and `access_token`) in company group `group`. */
export function shopify(
    book: SecretBook,
    group: string | undefined,
    environment: "live" | "test",
    extra: Partial<ConnectorArgs> = {},
): Declared {
    const name = keyName("shopify", group, environment);
    return {
        name,
        args: {
            system: "shopify",
            environment,
            ...(group === undefined ? {} : { companyGroup: group }),
            authType: "oauth2",
            credentials: { store: `${name}.myshopify.com`, access_token: book.make(name) },
            ...extra,
        },
    };
}

/** A Veeqo connector (one auth type, key `token`). */
export function veeqo(
    book: SecretBook,
    group: string | undefined,
    environment: "live" | "test",
    extra: Partial<ConnectorArgs> = {},
): Declared {
    const name = keyName("veeqo", group, environment);
    return {
        name,
        args: {
            system: "veeqo",
            environment,
            ...(group === undefined ? {} : { companyGroup: group }),
            credentials: { token: book.make(name) },
            ...extra,
        },
    };
}

/** A Magento 2 connector (`url` over https, `token`): a system whose duplicate Fabric overwrites instead of refusing. */
export function magento(
    book: SecretBook,
    group: string | undefined,
    environment: "live" | "test",
    extra: Partial<ConnectorArgs> = {},
): Declared {
    const name = keyName("magento", group, environment);
    return {
        name,
        args: {
            system: "magento-2",
            environment,
            ...(group === undefined ? {} : { companyGroup: group }),
            credentials: { url: `https://${name}.example.com`, token: book.make(name) },
            ...extra,
        },
    };
}

/** The test emulator's numbered groups, "Group 000" ... */
function numberedGroup(index: number): string {
    return `Group ${String(index).padStart(3, "0")}`;
}

/** groups × {shopify, veeqo} × {live, test}: every connector has its own key. */
export function fleet(book: SecretBook, groups: number): Declared[] {
    const declared: Declared[] = [];
    for (let g = 0; g < groups; g++) {
        for (const environment of ["live", "test"] as const) {
            declared.push(shopify(book, numberedGroup(g), environment), veeqo(book, numberedGroup(g), environment));
        }
    }
    return declared;
}

export function program(declared: readonly Declared[]): PulumiFn {
    return async () => {
        const ids: Record<string, pulumi.Output<string>> = {};
        for (const d of declared) ids[d.name] = new Connector(d.name, d.args, d.opts).connectorId;
        return ids;
    };
}

/** A connector as GET /api/v2/connectors returns it (the fields the suites read). */
export interface FabricConnector {
    readonly id: string;
    readonly environment: string;
    readonly authorisation_type: string;
    readonly connector_name: string | null;
    readonly timeZone: string | null;
    readonly dateFormat: string | null;
    readonly credentials: Record<string, unknown>;
    readonly system: { readonly id: number; readonly name: string; readonly factory_name: string };
    readonly integration: { readonly id: number; readonly name: string; readonly username: string };
}

/** "<group username>/<factory name>/<environment>": the key Fabric means to keep unique. */
export function fabricKey(connector: FabricConnector): string {
    return `${connector.integration.username}/${connector.system.factory_name}/${connector.environment}`;
}

/** Fails unless every connector has its own key and name. */
export function assertNoDuplicates(connectors: readonly FabricConnector[]): void {
    const keys = connectors.map(fabricKey);
    assert.deepEqual(
        keys.filter((k, i) => keys.indexOf(k) !== i),
        [],
        "duplicated connector keys",
    );
    const names = connectors.map((c) => `${c.integration.username}/${c.connector_name}`);
    assert.deepEqual(
        names.filter((n, i) => names.indexOf(n) !== i),
        [],
        "duplicated connector names",
    );
}

export function countBy(log: readonly LoggedRequest[], predicate: (r: LoggedRequest) => boolean): number {
    return log.filter(predicate).length;
}

/** Every process below `root`, from /proc (Linux): the CLI's language host, plugins and their children. */
function descendants(root: number): number[] {
    const children = new Map<number, number[]>();
    for (const entry of readdirSync("/proc")) {
        if (!/^\d+$/.test(entry)) continue;
        try {
            const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
            // The command name may hold spaces and parentheses; the fields after the last ")" do not.
            const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
            const list = children.get(ppid) ?? [];
            list.push(Number(entry));
            children.set(ppid, list);
        } catch {
            // The process ended while we looked.
        }
    }
    const found: number[] = [];
    const queue = [root];
    while (queue.length > 0) {
        for (const child of children.get(queue.shift() as number) ?? []) {
            found.push(child);
            queue.push(child);
        }
    }
    return found;
}

/**
 * SIGKILLs a process and everything below it, as a CI runner that dies takes the whole job with
 * it. The Pulumi CLI starts its plugins in process groups of their own, so killing its group alone
 * would leave them running.
 */
export function killTree(root: number): number[] {
    const pids = [root, ...descendants(root)];
    for (const pid of pids) {
        try {
            process.kill(pid, "SIGKILL");
        } catch {
            // Already gone.
        }
    }
    return pids;
}

function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `condition` every `everyMs` until it holds; fails after `timeoutMs` saying what it waited for. */
export async function waitFor(what: string, condition: () => Promise<boolean>, timeoutMs = 60_000, everyMs = 25): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
        if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
        await sleep(everyMs);
    }
}

/** No line of a user-facing message looks like a JavaScript stack frame. */
export function assertNoStackTrace(text: string): void {
    assert.doesNotMatch(text, /^\s+at .+[.:(]\S*\.(js|ts):\d+/m, "a stack trace was printed");
    assert.doesNotMatch(text, /\.js:\d+:\d+\)?$/m, "a stack frame was printed");
}

export interface ScannedScenario {
    book: SecretBook;
    transcript: Transcript;
    /** Stacks made by the current test: scanned after it passes, then disposed. */
    stacks: TestStack[];
}

/**
 * Mocha hooks: each test gets a fresh SecretBook and Transcript, and ends with the scan of every
 * stack's state at rest and everything printed. Nothing a user or a log reader sees holds a secret.
 */
export function scannedScenarios(): ScannedScenario {
    const scenario = { stacks: [] } as unknown as ScannedScenario;
    beforeEach(() => {
        scenario.book = new SecretBook();
        scenario.transcript = new Transcript();
    });
    afterEach(async function () {
        try {
            if (this.currentTest?.state === "passed") {
                for (const s of scenario.stacks) scenario.book.assertAbsent(await s.exportState(), `the state at rest of ${s.workDir}`);
                scenario.book.assertAbsent(scenario.transcript.text(), "the CLI output, error messages or verbose logs");
            }
        } finally {
            for (const s of scenario.stacks) s.dispose();
            scenario.stacks = [];
        }
    });
    return scenario;
}
