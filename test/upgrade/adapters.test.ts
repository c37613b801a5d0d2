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
import { companyGroupProvider, connectorProvider, serviceProvider } from "../../provider/dynamic";
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

/** How the SDK serializes a provider object into the state (pulumi.dynamic.Resource). */
async function serialized(provider: Loaded): Promise<string> {
    const { serializeFunction } = require("@pulumi/pulumi/runtime/closure/serializeClosure");
    return (await serializeFunction(() => provider, { allowSecrets: true })).text;
}

const PINNED_SDK = (require("../../../package.json") as { devDependencies: Record<string, string> }).devDependencies["@pulumi/pulumi"];
const RUNNING_SDK = (require("@pulumi/pulumi/package.json") as { version: string }).version;

describe("upgrade: the adapters stored in state", function () {
    this.timeout(30_000);
    let emulator: RunningEmulator;
    let http: FabricHttp;

    before(async () => {
        emulator = await startEmulator();
        http = fabricHttp(emulator.url);
    });
    after(async () => emulator?.stop());
    beforeEach(() => emulator.reset());

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

    const current = { connector: connectorProvider, companyGroup: companyGroupProvider, service: serviceProvider };
    for (const [kind, provider] of Object.entries(current)) {
        it(`this release stores the ${kind} adapter of V1 (a change needs a V2 fixture, and V1 kept)`, async () => {
            const text = await serialized(provider);
            // The closure serializer's layout belongs to the SDK: byte for byte only under the pinned one.
            if (RUNNING_SDK === PINNED_SDK) assert.equal(text, fixture(`v1-${kind}`));
            assert.match(text, /implementation\(\)\.adapterV1\(resource\)/);
            assert.match(text, new RegExp(`resource: "${kind}"`));
        });
    }

    it("the V1 adapters create, read, update and delete a company group and a connector through today's package", async () => {
        const groups = await configured(fixture("v1-companyGroup"));
        const groupInputs = (await groups.check!({}, { name: "Upgrade Store" })).inputs;
        const group = await groups.create(groupInputs);
        assert.ok((await http.integrations()).some((g) => g.name === "Upgrade Store"));

        const connectors = await configured(fixture("v1-connector"));
        const declared = {
            system: "shopify",
            environment: "live",
            companyGroup: "Upgrade Store",
            name: "Shopify upgraded",
            authType: "oauth2",
            credentials: { store: "upgrade.myshopify.com", access_token: "upgrade-token" },
        };
        const inputs = (await connectors.check!({}, declared)).inputs;
        const created = await connectors.create(inputs);
        assert.match(created.id, /^upgrade_store\|\d+$/);

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
        assert.ok(!(await http.integrations()).some((g) => g.name === "Upgrade Store"));
    });

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

    it("run where pulumi-patchworks is not installed, a stored adapter says so in one line: where it looked and what to do", () => {
        const elsewhere = mkdtempSync(path.join(os.tmpdir(), "patchworks-no-package-"));
        try {
            const requireFromString = require.resolve("require-from-string", {
                paths: [path.dirname(require.resolve("@pulumi/pulumi/package.json"))],
            });
            // Awaited as the dynamic-provider host awaits each call.
            const script = `const provider = require(${JSON.stringify(requireFromString)})(require("fs").readFileSync(0, "utf8")).handler();
                (async () => provider.read("uk_store|1", {}))().then(() => process.exit(3), (e) => { process.stdout.write(String(e.stack)); });`;
            const printed = execFileSync(process.execPath, ["-e", script], { cwd: elsewhere, input: fixture("v1-connector") }).toString();
            assert.equal(
                printed,
                `cannot load pulumi-patchworks/provider from ${elsewhere}: run Pulumi in the project directory whose node_modules holds ` +
                    "pulumi-patchworks (with the Automation API, set the workspace's workDir to it)",
            );
        } finally {
            rmSync(elsewhere, { recursive: true, force: true });
        }
    });

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
