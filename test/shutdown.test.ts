// The engine ends a provider process with SIGINT and kills it only 5 s later: a provider that
// outlives the signal makes every pulumi command 5 s slower. These run the provider's runtime in a
// child process kept alive by a timer, as the dynamic-provider host's gRPC server keeps it.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";

const runtimeModule = path.resolve(__dirname, "../provider/runtime.js");

/** The child: configures the runtime, optionally starts an operation, and reports what it reaches. */
const child = (withOperation: boolean) => `
const { configure, runtime } = require(${JSON.stringify(runtimeModule)});
configure({ get: () => undefined });
setInterval(() => {}, 60_000);
process.once("SIGINT", () => console.log("signalled"));
${
    withOperation
        ? `
let finish;
runtime().userFacing(() => new Promise((resolve) => { finish = resolve; })).then(() => console.log("answered"));
process.stdin.on("data", () => finish());`
        : ""
}
console.log("ready");
`;

interface Ended {
    lines: string[];
    signal: NodeJS.Signals | null;
}

/** Children still running when a test ends (it failed): killed, so the suite can end. */
const running = new Set<ReturnType<typeof spawn>>();

function run(withOperation: boolean, onLine: (line: string, write: (text: string) => void, signal: () => void) => void): Promise<Ended> {
    const proc = spawn(process.execPath, ["-e", child(withOperation)], { stdio: ["pipe", "pipe", "inherit"] });
    running.add(proc);
    const lines: string[] = [];
    createInterface({ input: proc.stdout }).on("line", (line) => {
        lines.push(line);
        onLine(
            line,
            (text) => proc.stdin.write(text),
            () => proc.kill("SIGINT"),
        );
    });
    return new Promise((resolve) =>
        proc.on("exit", (_code, signal) => {
            running.delete(proc);
            resolve({ lines, signal });
        }),
    );
}

describe("the provider process on SIGINT", function () {
    this.timeout(20_000);
    afterEach(() => {
        for (const proc of running) proc.kill("SIGKILL");
    });

    it("ends by the signal when no operation is under way, as a process without a listener would", async () => {
        const ended = await run(false, (line, _write, signal) => line === "ready" && signal());
        assert.deepEqual(ended.lines, ["ready", "signalled"]);
        assert.equal(ended.signal, "SIGINT");
    });

    it("lets the operation under way answer first, then ends", async () => {
        const ended = await run(true, (line, write, signal) => {
            if (line === "ready") signal();
            // The operation finishes only after the signal arrived: the process must still be there.
            if (line === "signalled") write("finish\n");
        });
        assert.deepEqual(ended.lines, ["ready", "signalled", "answered"]);
        assert.equal(ended.signal, "SIGINT");
    });
});
