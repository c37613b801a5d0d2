// The adapter Pulumi stores in each resource's outputs is called for refresh and destroy as long as
// the resource lives, so every adapter a release has stored is a public interface. Each fixture is
// the text as stored, loaded the way Pulumi's dynamic-provider host loads it, and driven through
// the package as built now against the emulator; what exists afterwards is read over plain HTTP.
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { storedAdapter } from "../../provider/dynamic";
import { Runtime, useRuntime } from "../../provider/runtime";
import { resolveSettings } from "../../provider/settings";
import type { ResourceKind } from "../../provider/upgrade";
import { startEmulator, type RunningEmulator } from "../support/emulator";
import { fabricHttp, type FabricHttp } from "../support/fabric-http";

const FIXTURES = path.resolve(__dirname, "../../../test/upgrade/fixtures");
const fixture = (name: string) => readFileSync(path.join(FIXTURES, `${name}.js`), "utf8");

type Loaded = pulumi.dynamic.ResourceProvider;

/** As Pulumi's dynamic-provider host does: the stored text as a module, then its handler. */
function loadAsPulumiDoes(text: string): Loaded {
    const sdkRoot = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
    const requireFromString = require(require.resolve("require-from-string", { paths: [sdkRoot] })) as (code: string) => {
        handler(): Loaded;
    };
    return requireFromString(text).handler();
}

/**
 * The adapter texts releases have stored since the move to Fabric, oldest first: until 0.1.0 the
 * SDK's closure serializer made them; since then ../../provider/dynamic writes them out, first
 * calling `adapterV1` (v1-handwritten), now as one line calling `adapterV2`.
 */
const STORED_SINCE_FABRIC = ["v1", "v1-handwritten", "v2"] as const;
const STORED_NOW = STORED_SINCE_FABRIC[STORED_SINCE_FABRIC.length - 1];

describe("upgrade: the adapters stored in state", function () {
    this.timeout(30_000);
    let emulator: RunningEmulator;
    let http: FabricHttp;

    before(async () => {
        emulator = await startEmulator();
        http = fabricHttp(emulator.url);
    });
    after(async () => emulator?.stop());
    beforeEach(() => {
        emulator.reset();
        // A runtime of its own per test, as Pulumi starts a provider process per command: a run's
        // ledger remembers the keys its creates claimed.
        useRuntime(new Runtime(resolveSettings(() => undefined, {})));
    });

    async function configured(text: string): Promise<Loaded> {
        const provider = loadAsPulumiDoes(text);
        const config: Record<string, string> = {
            "patchworks:apiUrl": emulator.apiUrl,
            "patchworks:apiKey": emulator.apiKey,
            "patchworks:requestsPerMinute": "100000",
        };
        await provider.configure?.({ config: { get: (key: string) => config[key], require: (key: string) => config[key] } } as never);
        return provider;
    }

    for (const kind of ["connector", "companyGroup", "service"] satisfies ResourceKind[]) {
        it(`this release stores the ${kind} adapter text kept as ${STORED_NOW} (a change needs a new fixture, the old ones kept)`, () => {
            assert.equal(storedAdapter(kind), fixture(`${STORED_NOW}-${kind}`));
        });
    }

    for (const text of STORED_SINCE_FABRIC) {
        it(`the ${text} adapters create, read, update and delete a company group and a connector through today's package`, async () => {
            const groupName = `Upgrade ${text}`;
            const groups = await configured(fixture(`${text}-companyGroup`));
            const groupInputs = (await groups.check!({}, { name: groupName })).inputs;
            const group = await groups.create(groupInputs);
            assert.ok((await http.integrations()).some((g) => g.name === groupName));

            const connectors = await configured(fixture(`${text}-connector`));
            const declared = {
                system: "shopify",
                environment: "live",
                companyGroup: groupName,
                name: "Shopify upgraded",
                authType: "oauth2",
                credentials: { store: "upgrade.myshopify.com", access_token: "upgrade-token" },
            };
            const inputs = (await connectors.check!({}, declared)).inputs;
            const created = await connectors.create(inputs);
            assert.match(created.id, new RegExp(`^${groupName.toLowerCase().replace(/\W/g, "_")}\\|\\d+$`));

            const read = await connectors.read!(created.id, created.outs);
            assert.equal(read.props.name, "Shopify upgraded");

            const renamed = (await connectors.check!(created.outs, { ...declared, name: "Shopify renamed" })).inputs;
            await connectors.update!(created.id, created.outs, renamed);
            const [stored] = (await http.connectors()).filter((c) => c.id === created.id);
            assert.equal(stored.connector_name, "Shopify renamed");

            await connectors.delete!(created.id, { ...created.outs, name: "Shopify renamed" });
            assert.deepEqual(
                (await http.connectors()).filter((c) => c.id === created.id),
                [],
            );
            await groups.delete!(group.id, group.outs);
            assert.ok(!(await http.integrations()).some((g) => g.name === groupName));
        });
    }

    it("a stored adapter's check failures lead with the property path and carry no property, so the engine echoes no value", async () => {
        const connectors = await configured(fixture("v1-connector"));
        const huge = "x".repeat(5_000);
        const { failures } = await connectors.check!(
            {},
            {
                system: "shopify",
                environment: "live",
                companyGroup: "UK Store",
                name: "Shop",
                authType: "oauth2",
                credentials: { store: huge, access_token: "t" },
            },
        );
        assert.ok(failures && failures.length > 0);
        for (const failure of failures) {
            assert.equal(failure.property, "");
            assert.match(failure.reason, /^credentials\.store: /);
            assert.ok(failure.reason.length < 1_000, "the value is not echoed");
        }
    });

    for (const text of STORED_SINCE_FABRIC) {
        it(`run where pulumi-patchworks is not installed, a ${text} adapter says so in one line: where it looked and what to do`, () => {
            const elsewhere = mkdtempSync(path.join(os.tmpdir(), "patchworks-no-package-"));
            try {
                const requireFromString = require.resolve("require-from-string", {
                    paths: [path.dirname(require.resolve("@pulumi/pulumi/package.json"))],
                });
                // As the dynamic-provider host does: in one async step, the handler (which may load
                // the package at once), then the call (which may load it then).
                const script = `const text = require("fs").readFileSync(0, "utf8");
                (async () => require(${JSON.stringify(requireFromString)})(text).handler().read("uk_store|1", {}))()
                    .then(() => process.exit(3), (e) => { process.stdout.write(String(e.stack)); });`;
                const printed = execFileSync(process.execPath, ["-e", script], {
                    cwd: elsewhere,
                    input: fixture(`${text}-connector`),
                }).toString();
                assert.equal(
                    printed,
                    `cannot load pulumi-patchworks/provider from ${elsewhere}: run Pulumi in the project directory whose node_modules holds ` +
                        "pulumi-patchworks (with the Automation API, set the workspace's workDir to it)",
                );
            } finally {
                rmSync(elsewhere, { recursive: true, force: true });
            }
        });
    }

    const preFabric = [
        { kind: "connector", id: "17", props: { connectorId: "17", system: "shopify", environment: "live", status: "operational" } },
        { kind: "service", id: "4", props: { serviceId: "4", name: "Orders", trigger: { schedule: "*/5 * * * *" } } },
    ];
    for (const { kind, id, props } of preFabric) {
        it(`a ${kind} recorded before the move to Fabric: its stored adapter answers refresh and destroy with one line of advice`, async () => {
            const provider = await configured(fixture(`pre-fabric-${kind}`));
            const requestsBefore = (await http.requests()).length;
            for (const call of [() => provider.read!(id, props), () => provider.delete!(id, props)]) {
                await assert.rejects(call(), (error: Error) => {
                    assert.match(error.message, /before its move to Patchworks' Fabric API/);
                    assert.match(error.message, /`pulumi stack --show-urns`.*`pulumi state delete '<URN>' --yes`, then `pulumi up`/);
                    assert.doesNotMatch(error.message, /\n/);
                    return true;
                });
            }
            assert.equal((await http.requests()).length, requestsBefore, "nothing is sent for state of another API");
        });
    }
});
