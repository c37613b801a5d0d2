// The package as a user gets it: `npm pack`, the tarball installed into a fresh TypeScript project
// outside the repository next to the newest @pulumi/pulumi from the registry, its types checked by
// TypeScript 5 and 6, then `pulumi up`, a no-op preview and `destroy` against the emulator.
import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { Stack } from "@pulumi/pulumi/automation";
import { startEmulator, type RunningEmulator } from "../support/emulator";
import type { Json } from "../support/fabric-http";
import { installedProjectStack, npm, packTarball, readTree, REPO_ROOT } from "../support/pulumi";

const exec = promisify(execFile);
const TOKEN = "shopify-packaging-secret-5e1d";
const NETSUITE_SECRET = "netsuite-packaging-secret-77a0";

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import * as patchworks from "pulumi-patchworks";

const config = new pulumi.Config();
const group = new patchworks.CompanyGroup("packaging", { name: "Packaging Store" });
const shopify = new patchworks.Connector("shopify-live", {
    system: "shopify",
    authType: "oauth2",
    environment: "live",
    companyGroup: group.username,
    credentials: { store: "packaging.myshopify.com", access_token: config.requireSecret("shopifyToken") },
});
const netsuite = new patchworks.Connector("netsuite-live", {
    system: "netsuite",
    authType: "oauth1",
    environment: "live",
    companyGroup: group.username,
    credentials: {
        account_id: "1234567",
        script_id: "126",
        deploy_id: "1",
        oauth_token_id: config.requireSecret("netsuiteSecret"),
        oauth_token_secret: config.requireSecret("netsuiteSecret"),
        consumer_key: config.requireSecret("netsuiteSecret"),
        consumer_secret: config.requireSecret("netsuiteSecret"),
    },
});
const orders = new patchworks.Service("orders", {
    name: "Packaging orders",
    source: { connector: shopify, entity: "Orders" },
    destination: { connector: netsuite, entity: "Orders" },
    schedule: "*/15 * * * *",
    active: true,
});
export const companyGroupId = group.companyGroupId;
export const connectorId = shopify.connectorId;
export const serviceId = orders.serviceId;
`;

/** What a user's tsconfig holds; the module settings come from each type check's flags. */
const TSCONFIG = { compilerOptions: { strict: true, target: "ES2022", types: ["node"], noEmit: true }, files: ["index.ts"] };

/** The resolutions TypeScript 6 still accepts (it rejects `node`), as tsc flags. */
const RESOLUTIONS = {
    node16: ["--module", "node16", "--moduleResolution", "node16"],
    bundler: ["--module", "preserve", "--moduleResolution", "bundler"],
};

/** Every @pulumi/pulumi in `npm ls --all --json`, as name@version at its place in the tree. */
function sdkCopies(tree: { dependencies?: Record<string, unknown> }, at = ""): string[] {
    return Object.entries(tree.dependencies ?? {}).flatMap(([name, node]) => {
        const dep = node as { version?: string; dependencies?: Record<string, unknown> };
        const here = name === "@pulumi/pulumi" ? [`${at}${name}@${dep.version}`] : [];
        return [...here, ...sdkCopies(dep, `${at}${name} > `)];
    });
}

describe("the published package, installed from its tarball into a fresh project", function () {
    this.timeout(180_000);

    let root: string;
    let project: string;
    let emulator: RunningEmulator;
    let stack: Stack;

    before(async function () {
        this.timeout(15 * 60_000); // installs from the registry, and a cold CLI build once per machine
        emulator = await startEmulator();
        root = realpathSync(mkdtempSync(path.join(os.tmpdir(), "patchworks-packaging-")));
        project = path.join(root, "project");
        mkdirSync(project);

        const tarball = await packTarball(root);
        writeFileSync(
            path.join(project, "package.json"),
            JSON.stringify({ name: "patchworks-packaging", private: true, main: "index.ts" }),
        );
        writeFileSync(
            path.join(project, "Pulumi.yaml"),
            "name: patchworks-packaging\nruntime:\n  name: nodejs\n  options:\n    typescript: true\n",
        );
        writeFileSync(path.join(project, "tsconfig.json"), JSON.stringify(TSCONFIG));
        writeFileSync(path.join(project, "index.ts"), PROGRAM);
        // What the README tells a user to run; TypeScript as `npm install typescript` picks it
        // next to @pulumi/pulumi (whose range ends before 7), and 5 under another name.
        await npm(project, "install", tarball, "@pulumi/pulumi");
        await npm(project, "install", "--save-dev", "typescript", "@types/node", "typescript5@npm:typescript@5");

        stack = await installedProjectStack(project, root, emulator, {
            shopifyToken: { value: TOKEN, secret: true },
            netsuiteSecret: { value: NETSUITE_SECRET, secret: true },
        });
    });
    after(async () => {
        await emulator?.stop();
        if (root) rmSync(root, { recursive: true, force: true });
    });

    it("ships the README, LICENSE and CHANGELOG.md", () => {
        const installed = path.join(project, "node_modules/pulumi-patchworks");
        for (const file of ["README.md", "LICENSE", "CHANGELOG.md"]) {
            assert.ok(readFileSync(path.join(installed, file), "utf8").length > 0, `${file} is in the tarball`);
        }
    });

    it("passes npm publish --dry-run without a warning (but the one for not being logged in)", async () => {
        const { stderr } = await exec("npm", ["publish", "--dry-run"], { cwd: REPO_ROOT, maxBuffer: 16 << 20 });
        const warnings = stderr.split("\n").filter((line) => /^npm (warn|error)/i.test(line) && !/requires you to be logged in/.test(line));
        assert.deepEqual(warnings, []);
    });

    it("shares one copy of @pulumi/pulumi with the program, the newest", async () => {
        const tree = JSON.parse(await npm(project, "ls", "@pulumi/pulumi", "--all", "--json"));
        const versions = new Set(sdkCopies(tree).map((copy) => copy.split("@").pop()));
        assert.equal(versions.size, 1, `copies of the SDK: ${sdkCopies(tree).join(", ")}`);
        const latest = (await npm(project, "view", "@pulumi/pulumi", "version")).trim();
        assert.deepEqual([...versions], [latest]);
        // What Node.js loads from inside the package is the program's copy.
        const fromPackage = require.resolve("@pulumi/pulumi", { paths: [path.join(project, "node_modules/pulumi-patchworks")] });
        assert.equal(fromPackage, require.resolve("@pulumi/pulumi", { paths: [project] }));
        console.log(`      @pulumi/pulumi ${latest}, one copy`);
    });

    for (const [major, tsc] of [
        ["5", "node_modules/typescript5/bin/tsc"],
        ["6", "node_modules/typescript/bin/tsc"],
    ]) {
        for (const [resolution, flags] of Object.entries(RESOLUTIONS)) {
            it(`type-checks the program with TypeScript ${major}, moduleResolution ${resolution}, through the package's types`, async () => {
                const version = (await exec(process.execPath, [tsc, "--version"], { cwd: project })).stdout;
                assert.match(version, new RegExp(`Version ${major}\\.`));
                // strict: a package whose types do not resolve is an implicit any, an error (TS7016).
                const { stdout } = await exec(process.execPath, [tsc, "-p", ".", ...flags, "--listFiles"], { cwd: project }).catch(
                    (error: { stdout?: string }) => assert.fail(`tsc failed:\n${error.stdout ?? String(error)}`),
                );
                assert.ok(stdout.includes(path.join(project, "node_modules/pulumi-patchworks/dist/sdk/index.d.ts")), stdout);
            });
        }
    }

    it("goes up (a company group, two connectors, a service), previews no change, and destroys, with no path of this machine in the state", async () => {
        const up = await stack.up();
        assert.equal(up.summary.resourceChanges?.create, 5); // the group, two connectors, the service and the stack
        const group = (await emulator.integrations()).find((g: Json) => g.name === "Packaging Store");
        assert.equal(String(group?.id), up.outputs.companyGroupId.value);
        const connectors = (await emulator.connectors()).filter((c: Json) => c.id.startsWith(`${group.username}|`));
        assert.deepEqual(connectors.map((c: Json) => c.connector_name).sort(), ["netsuite-live", "shopify-live"]);
        assert.ok(
            connectors.some((c: Json) => `${c.username}|${c.id}` === up.outputs.connectorId.value || c.id === up.outputs.connectorId.value),
        );
        const [service, ...others] = (await emulator.services()).filter((s: Json) => s.username === group.username);
        assert.deepEqual(others, []);
        assert.deepEqual([String(service.id), service.description, service.status], [up.outputs.serviceId.value, "Packaging orders", true]);

        const preview = await stack.preview({ expectNoChanges: true });
        assert.deepEqual(preview.changeSummary, { same: 5 });

        const state = readTree(path.join(root, "backend", ".pulumi", "stacks"));
        assert.ok(state.includes('require(\\"pulumi-patchworks/provider\\")'), "the serialized provider loads the package by name");
        const machinePaths = { repository: REPO_ROOT, project, scratch: root, tmp: os.tmpdir(), home: os.homedir() };
        for (const [what, dir] of Object.entries(machinePaths)) {
            for (const form of new Set([dir, realpathSync(dir)])) {
                assert.ok(!state.includes(form), `the state holds the ${what} path ${form}`);
            }
        }
        for (const secret of [TOKEN, NETSUITE_SECRET]) assert.ok(!state.includes(secret), "a credential is in the state in plaintext");

        const destroyed = await stack.destroy();
        assert.equal(destroyed.summary.resourceChanges?.delete, 5);
        assert.deepEqual(await emulator.services(), []);
        assert.deepEqual(await emulator.connectors(), []);
        assert.equal(
            (await emulator.integrations()).find((g: Json) => g.name === "Packaging Store"),
            undefined,
        );
    });
});
