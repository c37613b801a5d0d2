// Shared by the lifecycle matrix's end-to-end files (lifecycle*.test.ts): the replace kinds, the
// operations a preview plans (service.test.ts reads its previews with it too), the quick-retry
// settings (reliability.test.ts uses them too), and one suite's fixtures: an emulator, stacks whose
// state and output are scanned for secrets, and the commands a user runs. Not a test file itself.
import { strict as assert } from "node:assert";
import type { EngineEvent, Stack } from "@pulumi/pulumi/automation";
import { assertNoStackTrace, type Declared, type FabricConnector, program, type SecretBook, shopify, veeqo } from "../reliability/harness";
import { fabricHttp } from "../support/fabric-http";
import type { RunningEmulator } from "../support/emulator";
import { e2eWorld, stateIds } from "../support/e2e-world";
import type { FabricHttp, Json } from "../support/fabric-http";
import type { ConfigValue, TestStack } from "../support/pulumi";

export type Op = "same" | "update" | "create" | "delete" | "create-replace" | "delete-replace";

/** The operation the engine plans for each resource, by resource name, from the preview's events. */
function plannedOperations(events: EngineEvent[]): Record<string, Op> {
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
    /** A field of the replacement, as Fabric holds it, that proves it is the new declaration. */
    proof: (c: FabricConnector) => boolean;
}

export const named = (d: Declared, name: string): Declared => ({ ...d, name, args: { ...d.args, name } });

/** Every change that replaces a connector: each gives a new key, so the replacement is always created first. */
export const REPLACE_KINDS: ReplaceKind[] = [
    {
        title: "companyGroup",
        before: (book) => named(shopify(book, "UK Store", "live"), "shop"),
        after: (book) => named(shopify(book, "France Store", "live"), "shop"),
        proof: (c) => c.integration.username === "france_store",
    },
    {
        title: "system",
        before: (book) => named(veeqo(book, "UK Store", "live"), "store"),
        after: (book) => ({
            name: "store",
            args: {
                system: "ometria",
                environment: "live",
                companyGroup: "UK Store",
                name: "store",
                credentials: { api_key: book.make("ometria") },
            },
        }),
        proof: (c) => c.system.factory_name === "Ometria",
    },
    {
        title: "environment",
        before: (book) => named(veeqo(book, "UK Store", "live"), "stock"),
        after: (book) => named(veeqo(book, "UK Store", "test"), "stock"),
        proof: (c) => c.environment === "test",
    },
];

/** A connector as someone outside the stack makes it (the dashboard, another program): POST /api/v2/connectors over plain HTTP. */
export interface OutsideConnector {
    /** Fabric's factory name, e.g. "Magentotwo". */
    factoryName: string;
    /** The group's username, e.g. "uk_store". */
    group: string;
    environment: string;
    name: string;
    authType: string;
    credentials: Record<string, unknown>;
    timeZone?: string;
    dateFormat?: string;
}

/** POSTs `connector` and resolves to Fabric's answer (status and body), whatever it is. */
export async function postConnector(api: FabricHttp, connector: OutsideConnector): Promise<{ status: number; body: Json }> {
    const systems = (await api.request("GET", "/api/v2/systems")).body.data as Json[];
    const system = systems.find((s) => s.factory_name === connector.factoryName);
    const group = (await api.integrations()).find((g) => g.username === connector.group);
    assert.ok(system && group, `no system ${connector.factoryName} or group ${connector.group} in the emulator`);
    return api.request("POST", "/api/v2/connectors", {
        json: {
            connectorName: connector.name,
            environment: connector.environment,
            timeZone: connector.timeZone ?? "UTC",
            dateFormat: connector.dateFormat ?? "c",
            authorisation_type: connector.authType,
            system_id: system.id,
            integration_id: group.id,
            credentials: connector.credentials,
        },
    });
}

/**
 * A service of group `group` that reads from `sourceFactory`'s `environment` connector, made over
 * plain HTTP (POST /api/v2/integrations/{id}/services with a template of the account): Fabric
 * finds the connector by (group, system, environment).
 */
export async function postServiceFrom(
    api: FabricHttp,
    group: string,
    sourceFactory: string,
    environment: string,
    name: string,
): Promise<Json> {
    const templates = (await api.request("GET", "/api/v2/service-templates")).body.data as Json[];
    const template = templates.find((t) => t.source_factory_system.system.factory_name === sourceFactory);
    const integration = (await api.integrations()).find((g) => g.username === group);
    assert.ok(template && integration, `no template from ${sourceFactory} or no group ${group}`);
    const answer = await api.request("POST", `/api/v2/integrations/${integration.id}/services`, {
        json: {
            description: name,
            schedule: "off",
            from_environment: environment,
            to_environment: environment,
            service_template_id: template.id,
            from_options: { page_size: 50, max_attempts: 3 },
        },
    });
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    return answer.body.data;
}

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

    /** The connectors in the emulator now, read over plain HTTP (faults cleared first). */
    async function remote(on: RunningEmulator = world.emulator): Promise<FabricConnector[]> {
        await on.setFaults({});
        return fabricHttp(on.url, on.user).connectors();
    }

    /** The requests the emulator logged after `mark` entries (see `mark()`). */
    async function requestsSince(mark: number, on: RunningEmulator = world.emulator) {
        return (await on.requests()).slice(mark);
    }

    /** How many requests the emulator has logged so far. */
    async function mark(on: RunningEmulator = world.emulator): Promise<number> {
        return (await on.requests()).length;
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
        mark,
        requestsSince,
        stateIds,
    };
}
