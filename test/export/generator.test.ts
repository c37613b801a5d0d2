// The export's generator: names, the plan (each declaration through the provider's checks and
// adoption diff, what cannot be declared and why), and the program it writes, evaluated to check
// that it declares exactly what the account has (every string intact), that it type-checks
// against this package's types, and that the repository's formatter leaves it as it is.
import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import ts from "typescript";
import type { FabricConnector } from "../../provider/client/connectors";
import { validateConnectorInputs } from "../../provider/connector/validate";
import { serviceAccount } from "../../provider/service/account";
import { stringLiteral } from "../../scripts/export/code";
import {
    compareIds,
    connectorBaseName,
    identifierFor,
    serviceBaseName,
    slugify,
    uniqueIdentifiers,
    uniqueNames,
} from "../../scripts/export/names";
import { planExport, type Account, type ExportPlan } from "../../scripts/export/plan";
import { renderProgram } from "../../scripts/export/program";
import { renderProject, writeProject, type ProjectFacts } from "../../scripts/export/project";
import { REPO_ROOT } from "../support/pulumi";
import { exportWorld, type ExportWorld } from "./fixtures";

const exec = promisify(execFile);
const SOURCE = { apiUrl: "https://app.wearepatchworks.com/fabric/api/v2" };
const FACTS: ProjectFacts = {
    ...SOURCE,
    signIn: "apiKey",
    name: "acme",
    version: "0.1.0",
    pulumiRange: "^3.216.0",
    dependency: "file:/opt/pulumi-patchworks",
};

interface Declared {
    kind: "Connector" | "Service";
    name: string;
    args: Record<string, unknown>;
}

/** Runs the program with a stand-in for the package that records each declaration. */
function evaluate(program: string): Declared[] {
    const declared: Declared[] = [];
    const resource = (kind: Declared["kind"]) =>
        class {
            constructor(
                readonly resourceName: string,
                args: Record<string, unknown>,
            ) {
                declared.push({ kind, name: resourceName, args });
            }
        };
    const patchworks = { Connector: resource("Connector"), Service: resource("Service") };
    const { outputText } = ts.transpileModule(program, {
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    });
    const load = (id: string) => {
        assert.equal(id, "pulumi-patchworks", "the program imports nothing else");
        return patchworks;
    };
    new Function("require", "exports", outputText)(load, {});
    return declared;
}

describe("export: names", () => {
    const slugs: [string, string][] = [
        ["UK orders to NetSuite", "uk-orders-to-netsuite"],
        ["  Café → Crème (FR)  ", "cafe-creme-fr"],
        ["Orders & Returns", "orders-and-returns"],
        ["a--b__c", "a-b-c"],
        ["注文", ""],
        [`${"very-long-word ".repeat(8)}`, "very-long-word-very-long-word-very-long-word-very-long-word"],
    ];
    for (const [text, slug] of slugs) {
        it(`slugifies ${JSON.stringify(text)} as ${JSON.stringify(slug)}`, () => assert.equal(slugify(text), slug));
    }

    it("names a connector after its system, company group and environment", () => {
        assert.equal(connectorBaseName({ system: "shopify", environment: "live", companyGroup: "UK Retail" }), "shopify-uk-retail-live");
        assert.match(
            connectorBaseName({ system: "shopify", environment: "live", companyGroup: "日本" }),
            /^shopify-group-[0-9a-f]{6}-live$/,
        );
        assert.equal(
            connectorBaseName({ system: "shopify", environment: "live", companyGroup: "日本" }),
            connectorBaseName({ system: "shopify", environment: "live", companyGroup: " 日本 " }),
            "the same group, spelled with spaces, gets the same name",
        );
    });

    it("names a service after its name, or its id when the name has nothing readable", () => {
        assert.equal(serviceBaseName({ id: "7", name: "Stock → Shopify" }), "stock-shopify");
        assert.equal(serviceBaseName({ id: "7", name: "在庫" }), "service-7");
    });

    it("gives the lowest id the wanted name and the others -2, -3, never a name another item wants", () => {
        const items = [
            { id: "10", want: "orders" },
            { id: "9", want: "orders" },
            { id: "11", want: "orders-2" },
            { id: "12", want: "orders" },
        ];
        const names = uniqueNames(items, (i) => i.want);
        assert.deepEqual(
            items.map((i) => names.get(i)),
            ["orders-3", "orders", "orders-2", "orders-4"],
        );
        assert.ok(compareIds("uk_store|9", "uk_store|10") < 0, "ids compare as numbers");
    });

    it("makes identifiers that are valid, not keywords, not the imports, and unique", () => {
        assert.equal(identifierFor("shopify-uk-live"), "shopifyUkLive");
        assert.equal(identifierFor("3pl-live"), "_3plLive");
        assert.equal(identifierFor("default"), "_default");
        assert.equal(identifierFor("patchworks"), "_patchworks");
        assert.deepEqual([...uniqueIdentifiers(["a-1b", "a1b"]).values()], ["a1b", "a1b2"]);
    });

    it("escapes a string with more double quotes than single ones in single quotes, as the formatter does", () => {
        for (const text of ['say "hi"', `it's "x" 'y' "z"`, 'back\\slash "q"', "new\nline", "plain"]) {
            const literal = stringLiteral(text);
            assert.equal(new Function(`return ${literal};`)(), text, literal);
        }
        assert.equal(stringLiteral('a "b"'), `'a "b"'`);
        assert.equal(stringLiteral(`a "b" 'c'`), `"a \\"b\\" 'c'"`);
    });
});

describe("export: the plan and the program", function () {
    this.timeout(60_000);
    let world: ExportWorld;
    before(async () => {
        world = await exportWorld();
    });
    after(async () => world?.emulator.stop());

    const plan = (account: Account = world.account, group?: string) =>
        planExport(account, group === undefined ? undefined : account.groups.find((g) => g.username === group), {
            account: serviceAccount(world.client),
            catalogValidation: "strict",
            warn: () => {},
        });
    /** The account with one connector changed. */
    const withConnector = (id: string, change: Partial<FabricConnector>): Account => ({
        ...world.account,
        connectors: world.account.connectors.map((c) => (c.id === id ? { ...c, ...change } : c)),
    });
    const program = (p: ExportPlan) => renderProgram(p, SOURCE);

    it("declares every connector (no credentials) and service in its company group by name, adopting each without a change", async () => {
        const exported = await plan();
        assert.deepEqual(exported.skipped, [], "every declaration adopts without a write");
        const declared = evaluate(program(exported));
        assert.deepEqual(
            declared.map((d) => `${d.kind} ${d.name}`),
            [
                "Connector netsuite-france-store-live",
                "Connector shopify-france-store-live",
                "Connector netsuite-uk-store-live",
                "Connector shopify-uk-store-live",
                "Connector shopify-uk-store-test",
                "Service france-stock-from-netsuite",
                "Service uk-orders-to-netsuite",
            ],
        );
        for (const { kind, name, args } of declared) {
            assert.equal(args.adopt, true, name);
            if (kind !== "Connector") continue;
            assert.ok(!("credentials" in args), `${name} declares no credentials`);
            assert.ok(["UK Store", "France Store"].includes(args.companyGroup as string), `${name} names its group: ${args.companyGroup}`);
            assert.deepEqual(validateConnectorInputs(args).failures, [], name);
        }
        const orders = declared.find((d) => d.name === "uk-orders-to-netsuite")?.args as Record<string, Record<string, unknown>>;
        assert.deepEqual(orders.filters, [
            { field: "financial_status", operator: "=", type: "string", value: "paid" },
            { field: "created_at_min", operator: ">", type: "TIME", value: "-2 days" },
        ]);
        assert.equal(orders.active, true);
        assert.ok(!("mappings" in orders), "a service's shared mapping document is never written by the export");
    });

    it("keeps every string exactly as Patchworks has it: quotes, backslashes, newlines, template placeholders, */", async () => {
        // A template placeholder in a name must stay text, never become code.
        const name = `Shopify "UK" \\ Café ${"$"}{x} */ it's\nsecond line`;
        const declared = evaluate(program(await plan(withConnector(world.seeded.connectors.shopifyUkLive, { name }))));
        assert.equal(declared.find((d) => d.name === "shopify-uk-store-live")?.args.name, name);
    });

    it("leaves to Patchworks a field the provider would refuse, saying why in a comment", async () => {
        const exported = await plan(withConnector(world.seeded.connectors.shopifyUkTest, { timezone: "Mars/Olympus" }));
        const text = program(exported);
        const args = evaluate(text).find((d) => d.name === "shopify-uk-store-test")?.args;
        assert.ok(args && !("timezone" in args), "timezone is left out");
        assert.match(text, /\/\/ timezone "Mars\/Olympus" is left as Patchworks has it: .*IANA/);
        assert.deepEqual(exported.skipped, [], "a field left out is kept, not changed");
    });

    it("lists what it cannot declare at the end of the program with the reason, and the services that need it", async () => {
        const exported = await plan(withConnector(world.seeded.connectors.netsuiteUkLive, { environment: "dev" }));
        const text = program(exported);
        assert.deepEqual(
            exported.skipped.map((s) => s.what.split(",")[0]),
            [
                `connector ${world.seeded.connectors.netsuiteUkLive} ("NetSuite UK")`,
                `service ${world.seeded.services.ukOrders} ("UK orders to NetSuite")`,
            ],
        );
        assert.match(
            text,
            /\/\/ - connector uk_store\|3 \("NetSuite UK"\), the dev NetSuite connector in company group "UK Store": environment/,
        );
        assert.match(
            text,
            /\/\/ - service 1 \("UK orders to NetSuite"\): its destination connector \(live Netsuite in company group uk_store\)/,
        );
        assert.ok(!evaluate(text).some((d) => d.name === "uk-orders-to-netsuite"));
    });

    it("does not declare a service that adopt could not tell apart from another (same group, template, environments, name)", async () => {
        const [orders] = world.account.services.filter((s) => s.id === world.seeded.services.ukOrders);
        const twin = { ...orders, id: "99" };
        const exported = await plan({ ...world.account, services: [...world.account.services, twin] });
        const reasons = exported.skipped.filter((s) => s.what.startsWith("service")).map((s) => s.reason);
        assert.equal(reasons.length, 2);
        for (const reason of reasons) assert.match(reason, /2 services share \(1, 99\): give each a name of its own/);
    });

    it("does not declare what its adoption would still write, saying what it would change", async () => {
        const services = world.account.services.map((s) =>
            s.id === world.seeded.services.frStock ? { ...s, destinationOptions: { warehouse: { code: "FR1" } } } : s,
        );
        const exported = await plan({ ...world.account, services });
        assert.deepEqual(
            exported.skipped.map((s) => `${s.what}: ${s.reason}`),
            [
                `service ${world.seeded.services.frStock} ("France stock from NetSuite"): adopting it as Patchworks has it would still change destination.options; declare it by hand with the values you want`,
            ],
        );
    });

    it("exports one company group: its connectors and services only", async () => {
        const declared = evaluate(program(await plan(world.account, "france_store")));
        assert.deepEqual(
            declared.map((d) => d.name),
            ["netsuite-france-store-live", "shopify-france-store-live", "france-stock-from-netsuite"],
        );
    });

    it("keeps names stable: the same account in another order gets the same names", async () => {
        const names = async (account: Account) => program(await plan(account)).match(/new patchworks\.\w+\("[^"]+"/g);
        const shuffled = {
            ...world.account,
            connectors: [...world.account.connectors].reverse(),
            services: [...world.account.services].reverse(),
        };
        assert.deepEqual(await names(shuffled), await names(world.account));
    });

    it("is left as it is by the repository's formatter (biome)", async () => {
        const text = program(await plan(withConnector(world.seeded.connectors.shopifyUkTest, { timezone: "Mars/Olympus" })));
        const biome = path.join(REPO_ROOT, "node_modules/.bin/biome");
        const child = execFile(biome, ["format", "--stdin-file-path=exported/index.ts"], { cwd: REPO_ROOT });
        child.stdin?.end(text);
        let formatted = "";
        child.stdout?.on("data", (chunk: Buffer) => (formatted += chunk.toString()));
        await new Promise((resolve) => child.on("close", resolve));
        assert.equal(formatted, text);
    });

    it("type-checks with tsc --noEmit against this package's types, in its own tsconfig", async () => {
        const dir = path.join(REPO_ROOT, ".e2e", `export-tsc-${process.pid}`);
        rmSync(dir, { recursive: true, force: true });
        mkdirSync(dir, { recursive: true });
        try {
            writeProject(dir, renderProject(await plan(), FACTS));
            const tsc = path.join(REPO_ROOT, "node_modules/typescript/bin/tsc");
            await exec(process.execPath, [tsc, "-p", dir, "--noEmit"]).catch((error: { stdout?: string }) =>
                assert.fail(`tsc failed:\n${error.stdout}`),
            );
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });

    it("writes a project whose package.json installs as generated (a file: spec to the package the export ran from)", async () => {
        const files = renderProject(await plan(), FACTS);
        assert.match(files["Pulumi.yaml"], /^name: acme\n/);
        assert.match(files["Pulumi.yaml"], /\nmain: index\.ts\n/);
        const manifest = JSON.parse(files["package.json"]);
        assert.deepEqual(manifest.dependencies, { "@pulumi/pulumi": "^3.216.0", "pulumi-patchworks": "file:/opt/pulumi-patchworks" });
        assert.equal(JSON.parse(files["tsconfig.json"]).compilerOptions.moduleResolution, "node16");
        assert.doesNotMatch(files["README.md"], /pulumi config set patchworks:apiUrl/, "the default API URL needs no config");
        assert.doesNotMatch(files["README.md"], /verifyCredentials|storeUrl|accessToken:/, "nothing of the old API");
    });

    const signIns: [ProjectFacts["signIn"], RegExp][] = [
        ["apiKey", /pulumi config set --secret patchworks:apiKey </],
        ["accessToken", /pulumi config set --secret patchworks:accessToken </],
        ["login", /pulumi config set patchworks:username <.*\npulumi config set --secret patchworks:password </],
    ];
    for (const [signIn, expected] of signIns) {
        it(`tells the stack to sign in as the export did (${signIn})`, async () => {
            const readme = renderProject(await plan(), { ...FACTS, signIn, apiUrl: "http://127.0.0.1:8787/api/v2" })["README.md"];
            assert.match(readme, expected);
            assert.match(readme, /pulumi config set patchworks:apiUrl http:\/\/127\.0\.0\.1:8787\/api\/v2\n/);
        });
    }
});
