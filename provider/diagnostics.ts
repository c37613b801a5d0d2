// Warnings and notes in the run's output, as Pulumi diagnostics. The dynamic-provider host gives a
// provider no logger, but it is started with the engine's address as its first argument, and the
// engine's Log call needs nothing else. Where there is no engine (unit tests, other hosts) the
// line goes to stderr, which the engine also shows.
import path from "node:path";

export type Severity = "info" | "warning";

export type Diagnose = (severity: Severity, message: string) => Promise<void>;

interface EngineLog {
    send(severity: Severity, message: string): Promise<void>;
}

/** Loaded beside the @pulumi/pulumi that runs this process, so both speak the same protocol. */
function connectToEngine(address: string): EngineLog {
    const sdkRoot = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
    const fromSdk = (id: string) => require(require.resolve(id, { paths: [sdkRoot] }));
    const grpc = fromSdk("@grpc/grpc-js");
    const services = require("@pulumi/pulumi/proto/engine_grpc_pb");
    const messages = require("@pulumi/pulumi/proto/engine_pb");
    const client = new services.EngineClient(address, grpc.credentials.createInsecure());
    const severities: Record<Severity, number> = { info: messages.LogSeverity.INFO, warning: messages.LogSeverity.WARNING };
    return {
        send: (severity, message) =>
            new Promise((resolve, reject) => {
                const request = new messages.LogRequest();
                request.setSeverity(severities[severity]);
                request.setMessage(message);
                client.log(request, (error: unknown) => (error ? reject(error) : resolve()));
            }),
    };
}

/** The engine's address when this process is a dynamic-provider host (`node .../dynamic-provider <address>`). */
function engineAddress(): string | undefined {
    const [script, address] = process.argv.slice(1);
    return script?.includes("dynamic-provider") && address && /^[\w.[\]:-]+:\d+$/.test(address) ? address : undefined;
}

let engine: EngineLog | undefined | null;

function toStderr(severity: Severity, message: string): void {
    process.stderr.write(`${severity === "warning" ? "warning" : "info"}: ${message}\n`);
}

/** Reports through the engine when there is one; never fails the operation that reports. */
export const diagnose: Diagnose = async (severity, message) => {
    if (engine === undefined) {
        const address = engineAddress();
        try {
            engine = address ? connectToEngine(address) : null;
        } catch {
            engine = null;
        }
    }
    if (engine) {
        try {
            await engine.send(severity, message);
            return;
        } catch {
            engine = null;
        }
    }
    toStderr(severity, message);
};
