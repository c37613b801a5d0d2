// Headless Chromium driven over the DevTools protocol with Node's own WebSocket and nothing else
// (no browser-automation package): the page test and the README screenshot use it. Chromium comes
// from the system (Debian's `chromium` package, which .ci/run installs when missing).
import { type ChildProcess, spawn } from "node:child_process";
import { accessSync, constants, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** Where Debian and other distributions put the browser; CHROMIUM_PATH wins when set. */
const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];
const STARTUP_TIMEOUT_MS = 20_000;
const COMMAND_TIMEOUT_MS = 20_000;

/** The browser's path, or why there is none (a sentence a skipped test can print). */
export function findChromium(): { path: string } | { missing: string } {
    const candidates = process.env.CHROMIUM_PATH ? [process.env.CHROMIUM_PATH] : CANDIDATES;
    for (const candidate of candidates) {
        try {
            accessSync(candidate, constants.X_OK);
            return { path: candidate };
        } catch {
            // try the next one
        }
    }
    return { missing: `no Chromium at ${candidates.join(", ")} (install Debian's chromium package, or set CHROMIUM_PATH)` };
}

interface WebSocketLike {
    send(data: string): void;
    close(): void;
    addEventListener(type: "message", listener: (event: { data: unknown }) => void): void;
    addEventListener(type: "open" | "close" | "error", listener: () => void): void;
}

type WebSocketConstructor = new (url: string) => WebSocketLike;

function webSocketClass(): WebSocketConstructor {
    // Global since Node.js 22; @types/node of the oldest supported line does not declare it.
    const found = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!found) throw new Error(`driving Chromium needs Node.js 22 or newer (global WebSocket); this is ${process.version}`);
    return found;
}

interface Pending {
    resolve(result: Record<string, unknown>): void;
    reject(error: Error): void;
}

/** One DevTools connection to the browser; page commands go to a session attached to one tab. */
class DevTools {
    private nextId = 1;
    private readonly pending = new Map<number, Pending>();
    private readonly waiters: { method: string; sessionId?: string; resolve(): void }[] = [];

    private constructor(private readonly socket: WebSocketLike) {
        socket.addEventListener("message", (event) => this.receive(String(event.data)));
        socket.addEventListener("close", () => {
            for (const { reject } of this.pending.values()) reject(new Error("the browser closed the DevTools connection"));
            this.pending.clear();
        });
    }

    static open(url: string): Promise<DevTools> {
        const socket = new (webSocketClass())(url);
        return new Promise((resolve, reject) => {
            socket.addEventListener("open", () => resolve(new DevTools(socket)));
            socket.addEventListener("error", () => reject(new Error(`cannot open the DevTools connection ${url}`)));
        });
    }

    send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> {
        const id = this.nextId++;
        this.socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
        return new Promise((resolve, reject) => {
            const timer = setTimeout(() => {
                this.pending.delete(id);
                reject(new Error(`Chromium did not answer ${method} within ${COMMAND_TIMEOUT_MS} ms`));
            }, COMMAND_TIMEOUT_MS);
            this.pending.set(id, {
                resolve: (result) => {
                    clearTimeout(timer);
                    resolve(result);
                },
                reject: (error) => {
                    clearTimeout(timer);
                    reject(error);
                },
            });
        });
    }

    /** Resolves on the next `method` event of the session; ask for it before the command that causes it. */
    next(method: string, sessionId?: string): Promise<void> {
        return new Promise((resolve) => this.waiters.push({ method, sessionId, resolve }));
    }

    close(): void {
        this.socket.close();
    }

    private receive(text: string): void {
        const message = JSON.parse(text) as {
            id?: number;
            method?: string;
            sessionId?: string;
            result?: Record<string, unknown>;
            error?: { message: string };
        };
        if (message.id !== undefined) {
            const pending = this.pending.get(message.id);
            this.pending.delete(message.id);
            if (message.error) pending?.reject(new Error(`Chromium: ${message.error.message}`));
            else pending?.resolve(message.result ?? {});
            return;
        }
        const index = this.waiters.findIndex((waiter) => waiter.method === message.method && waiter.sessionId === message.sessionId);
        if (index >= 0) this.waiters.splice(index, 1)[0].resolve();
    }
}

export interface BrowserPage {
    /** Loads `url` and waits for its load event. */
    open(url: string): Promise<void>;
    /** The value of a JavaScript expression in the page (JSON-serialisable), e.g. a DOM query. */
    evaluate<T>(expression: string): Promise<T>;
    /** A PNG of the whole page, `width` CSS pixels wide. */
    screenshot(width: number): Promise<Buffer>;
}

export interface Browser {
    /** A new tab; with `javaScript: false` the page's scripts never run, as for a reader who turned them off. */
    newPage(options?: { javaScript?: boolean }): Promise<BrowserPage>;
    close(): Promise<void>;
}

function waitForDevToolsUrl(child: ChildProcess, output: () => string): Promise<string> {
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => fail(`no DevTools address within ${STARTUP_TIMEOUT_MS} ms`), STARTUP_TIMEOUT_MS);
        const onExit = (code: number | null) => fail(`it exited with code ${code}`);
        const onData = () => {
            const match = /DevTools listening on (ws:\/\/\S+)/.exec(output());
            if (match) {
                settle();
                resolve(match[1]);
            }
        };
        function settle(): void {
            clearTimeout(timer);
            child.off("exit", onExit);
            child.stderr?.off("data", onData);
        }
        function fail(why: string): void {
            settle();
            child.kill("SIGKILL");
            reject(new Error(`Chromium did not start: ${why}\n${output().split("\n").slice(-5).join("\n")}`));
        }
        child.stderr?.on("data", onData);
        child.once("exit", onExit);
    });
}

/** Starts headless Chromium with a throwaway profile; `close()` ends it and deletes the profile. */
export async function launchChromium(executable: string): Promise<Browser> {
    const profile = mkdtempSync(path.join(tmpdir(), "patchworks-chromium-"));
    const args = [
        "--headless",
        "--remote-debugging-port=0",
        `--user-data-dir=${profile}`,
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        // Chromium refuses its sandbox to root, which CI runs as.
        ...(process.getuid?.() === 0 ? ["--no-sandbox"] : []),
        "about:blank",
    ];
    const child = spawn(executable, args, { stdio: ["ignore", "ignore", "pipe"] });
    let output = "";
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const stop = async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
        await exited;
        rmSync(profile, { recursive: true, force: true });
    };
    let devTools: DevTools;
    try {
        devTools = await DevTools.open(await waitForDevToolsUrl(child, () => output));
    } catch (error) {
        await stop();
        throw error;
    }

    const newPage = async ({ javaScript = true } = {}): Promise<BrowserPage> => {
        const { targetId } = await devTools.send("Target.createTarget", { url: "about:blank" });
        const { sessionId } = (await devTools.send("Target.attachToTarget", { targetId, flatten: true })) as { sessionId: string };
        const send = (method: string, params?: Record<string, unknown>) => devTools.send(method, params, sessionId);
        await send("Page.enable");
        if (!javaScript) await send("Emulation.setScriptExecutionDisabled", { value: true });
        return {
            open: async (url) => {
                const loaded = devTools.next("Page.loadEventFired", sessionId);
                const navigation = (await send("Page.navigate", { url })) as { errorText?: string };
                if (navigation.errorText) throw new Error(`Chromium could not open ${url}: ${navigation.errorText}`);
                await loaded;
            },
            evaluate: async <T>(expression: string) => {
                const answer = (await send("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true })) as {
                    result: { value?: T };
                    exceptionDetails?: { text: string; exception?: { description?: string } };
                };
                if (answer.exceptionDetails) {
                    throw new Error(`in the page: ${answer.exceptionDetails.exception?.description ?? answer.exceptionDetails.text}`);
                }
                return answer.result.value as T;
            },
            screenshot: async (width) => {
                // Lay the page out at `width`, then grow the viewport to the page's full height.
                await send("Emulation.setDeviceMetricsOverride", { width, height: 800, deviceScaleFactor: 1, mobile: false });
                const { cssContentSize } = (await send("Page.getLayoutMetrics")) as { cssContentSize: { height: number } };
                const height = Math.ceil(cssContentSize.height);
                await send("Emulation.setDeviceMetricsOverride", { width, height, deviceScaleFactor: 1, mobile: false });
                const { data } = (await send("Page.captureScreenshot", { format: "png" })) as { data: string };
                return Buffer.from(data, "base64");
            },
        };
    };

    return {
        newPage,
        close: async () => {
            devTools.close();
            await stop();
        },
    };
}
