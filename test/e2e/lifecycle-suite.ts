// Shared by the lifecycle matrix's end-to-end files (lifecycle-*.test.ts): the replace kinds, the
// operations a preview plans (service.test.ts reads its previews with it too), the quick-retry
// settings (reliability.test.ts uses them too), and one suite's fixtures: an emulator, stacks whose
// state and output are scanned for secrets, and the commands a user runs. Not a test file itself.
import type { EngineEvent, Stack } from "@pulumi/pulumi/automation";
import type { RemoteConnector } from "../../provider/client";
import { assertNoStackTrace, program, shopify, veeqo, type Declared, type SecretBook } from "../reliability/harness";
import { apiClient } from "../support/api";
import type { RunningEmulator } from "../support/emulator";
import { e2eWorld, stateIds } from "../support/e2e-world";
import type { ConfigValue, TestStack } from "../support/pulumi";

export type Op = "same" | "update" | "create" | "delete" | "create-replace" | "delete-replace";

/** The operation the engine plans for each resource, by resource name, from the preview's events. */
export function plannedOperations(events: EngineEvent[]): Record<string, Op> {
    const sequence = new Map<string, string[]>();
    for (const event of events) {
        const metadata = event.resourcePreEvent?.metadata;
        if (!metadata || metadata.type === "pulumi:pulumi:Stack" || metadata.type.startsWith("pulumi:providers:")) continue;
        const name = metadata.urn.split("::").pop() as string;
        sequence.set(name, [...(sequence.get(name) ?? []), metadata.op]);
    }
    const plans: Record<string, Op> = {};
    for (const [name, ops] of sequence) {
        const created = ops.indexOf("create-replacement");
        const deleted = ops.indexOf("delete-replaced");
        if (created >= 0 && deleted >= 0) plans[name] = created < deleted ? "create-replace" : "delete-replace";
        else plans[name] = ops[0] as Op;
    }
    return plans;
}

/** Client settings that keep a failing scenario short; the defaults would retry for minutes. */
export const QUICK_RETRIES: Record<string, ConfigValue> = {
    "patchworks:maxRetries": { value: "2" },
    "patchworks:retryBaseMs": { value: "50" },
};

export interface ReplaceKind {
    title: string;
    /** The resource before and after the change; its name stays. */
    before: (book: SecretBook) => Declared;
    after: (book: SecretBook, before: Declared) => Declared;
    plan: "create-replace" | "delete-replace";
    /** A field of the replacement that proves it is the new declaration. */
    proof: (c: RemoteConnector) => boolean;
}

export const named = (d: Declared, name: string): Declared => ({ ...d, name, args: { ...d.args, name } });

export const REPLACE_KINDS: ReplaceKind[] = [
    {
        title: "companyGroup",
        before: (book) => named(shopify(book, "uk", "live"), "shop"),
        after: (book) => named(shopify(book, "fr", "live"), "shop"),
        plan: "create-replace",
        proof: (c) => c.companyGroup === "fr",
    },
    {
        title: "system",
        before: (book) => named(veeqo(book, "uk", "live"), "store"),
        after: (book) => ({
            name: "store",
            args: {
                system: "ometria",
                environment: "live",
                companyGroup: "uk",
                name: "store",
                credentials: { apiKey: book.make("ometria") },
            },
        }),
        plan: "create-replace",
        proof: (c) => c.system === "ometria",
    },
    {
        title: "environment",
        before: (book) => named(veeqo(book, "uk", "live"), "stock"),
        after: (book) => named(veeqo(book, "uk", "test"), "stock"),
        plan: "create-replace",
        proof: (c) => c.environment === "test",
    },
    {
        title: "authType",
        before: (book) => named(shopify(book, "uk", "live"), "shop"),
        after: (book) => ({
            name: "shop",
            args: {
                system: "shopify",
                environment: "live",
                companyGroup: "uk",
                name: "shop",
                authType: "legacy",
                credentials: {
                    store: "uk-live.myshopify.com",
                    apiKey: "legacy-app-key",
                    password: book.make("pw"),
                    sharedSecret: book.make("ss"),
                },
            },
        }),
        plan: "delete-replace",
        proof: (c) => c.authType === "legacy",
    },
];

/** One suite's fixtures; call it inside a `describe`. */
export function lifecycleSuite() {
    const world = e2eWorld();
    const { scan, output } = world;

    function newStack(declared: Declared[], on?: RunningEmulator, config: Record<string, ConfigValue> = QUICK_RETRIES): Promise<TestStack> {
        return world.newStack(program(declared), config, on);
    }

    async function preview(stack: Stack, declared: Declared[]): Promise<Record<string, Op>> {
        stack.workspace.program = program(declared);
        const events: EngineEvent[] = [];
        await scan.transcript.run(stack.preview({ ...output(), onEvent: (e) => events.push(e) }));
        return plannedOperations(events);
    }

    async function up(stack: Stack, declared: Declared[]) {
        stack.workspace.program = program(declared);
        return scan.transcript.run(stack.up(output()));
    }

    async function failedUp(stack: Stack, declared: Declared[]): Promise<string> {
        stack.workspace.program = program(declared);
        const message = await scan.transcript.failure(stack.up(output()));
        assertNoStackTrace(message);
        return message;
    }

    /** The connectors in the emulator now, read through its API (faults cleared first). */
    async function remote(on: RunningEmulator = world.emulator): Promise<RemoteConnector[]> {
        await on.setFaults({});
        return apiClient(on).listConnectors();
    }

    return {
        scan,
        get emulator() {
            return world.emulator;
        },
        get api() {
            return world.api;
        },
        newStack,
        output,
        preview,
        up,
        failedUp,
        remote,
        stateIds,
    };
}
