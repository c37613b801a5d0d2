// The export's generator: names, the plan (filter by company group, references, what cannot be
// declared), and the program it writes, evaluated to check that it declares exactly what the
// account has (every string intact), that adopting it changes nothing, that it type-checks against
// this package's types, and that the repository's formatter leaves it as it is.
import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import ts from "typescript";
import type { RemoteConnector, RemoteService } from "../../provider/client";
import { validateConnectorInputs } from "../../provider/connector/validate";
import { validateServiceInputs } from "../../provider/service/validate";
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
import {
    connectorAdoptionDiff,
    planExport,
    serviceAdoptionDiff,
    serviceDeclaration,
    type Account,
    type GroupFilter,
} from "../../scripts/export/plan";
import { renderProgram } from "../../scripts/export/program";
import { renderProject, writeProject } from "../../scripts/export/project";
import { REPO_ROOT } from "../support/pulumi";
import {
    account,
    connector,
    FR_ORDERS,
    NETSUITE_LIVE,
    SHOPIFY_FR_LIVE,
    SHOPIFY_UK_LIVE,
    UK_ORDERS,
    UK_STOCK,
    VEEQO_LIVE,
} from "./fixtures";

const exec = promisify(execFile);
const SOURCE = { apiUrl: "https://core.wearepatchworks.com/api/v1" };

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

/** A declared service's connector as the SDK resolves it: a Connector's declared key, or the reference. */
function resolveConnector(value: unknown, connectors: readonly Declared[], remotes: readonly RemoteConnector[]) {
    const declared = connectors.find((c) => c.name === (value as { resourceName?: string }).resourceName);
    const key = declared ? declared.args : (value as Record<string, unknown>);
    const remote = remotes.find(
        (r) => r.system === key.system && r.environment === key.environment && (r.companyGroup ?? undefined) === key.companyGroup,
    );
    assert.ok(remote, `a connector of the account for ${JSON.stringify(key)}`);
    if (!declared) assert.equal(key.connectorId, remote.id, "a reference names the connector's id");
    return remote;
}

/** The program's declarations, checked against the account: what adopting each would change (nothing). */
function adoptionOf(program: string, source: Account): { connectors: Declared[]; services: Declared[]; changes: string[] } {
    const declared = evaluate(program);
    const connectors = declared.filter((d) => d.kind === "Connector");
    const services = declared.filter((d) => d.kind === "Service");
    const changes: string[] = [];
    for (const { name, args } of connectors) {
        const { inputs, failures } = validateConnectorInputs(args);
        assert.deepEqual(failures, [], name);
        const remote = source.connectors.find(
            (c) => c.system === args.system && c.environment === args.environment && (c.companyGroup ?? undefined) === args.companyGroup,
        );
        assert.ok(remote, name);
        assert.ok(!("credentials" in args), `${name} declares no credentials`);
        changes.push(...connectorAdoptionDiff(remote, inputs).map((c) => `${name}: ${c}`));
    }
    for (const { name, args } of services) {
        const endpoints = ["source", "destination"].map((side) =>
            resolveConnector((args[side] as Record<string, unknown>).connector, connectors, source.connectors),
        );
        const remote = source.services.find(
            (s) => s.name === args.name && s.source.connectorId === endpoints[0].id && s.destination.connectorId === endpoints[1].id,
        ) as RemoteService;
        assert.ok(remote, name);
        const sides = Object.fromEntries(
            ["source", "destination"].map((side, i) => {
                const { connector: _, ...rest } = args[side] as Record<string, unknown>;
                const key = serviceDeclaration(remote, endpoints[0], endpoints[1])[side] as Record<string, unknown>;
                return [
                    side,
                    {
                        ...rest,
                        connectorId: key.connectorId,
                        system: endpoints[i].system,
                        environment: endpoints[i].environment,
                        companyGroup: key.companyGroup,
                    },
                ];
            }),
        );
        const { inputs, failures } = validateServiceInputs(JSON.parse(JSON.stringify({ ...args, ...sides })));
        assert.deepEqual(failures, [], name);
        changes.push(...serviceAdoptionDiff(remote, inputs).map((c) => `${name}: ${c}`));
    }
    return { connectors, services, changes };
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

    it("names a connector after its key, leaving out the default group", () => {
        assert.equal(connectorBaseName({ system: "shopify", environment: "live", companyGroup: "UK Retail" }), "shopify-uk-retail-live");
        assert.equal(connectorBaseName({ system: "netsuite", environment: "test", companyGroup: null }), "netsuite-test");
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
        assert.ok(compareIds("9", "10") < 0, "ids compare as numbers");
    });

    it("makes identifiers that are valid, not keywords, not the imports, and unique", () => {
        assert.equal(identifierFor("shopify-uk-live"), "shopifyUkLive");
        assert.equal(identifierFor("3pl-live"), "_3plLive");
        assert.equal(identifierFor("default"), "_default");
        assert.equal(identifierFor("patchworks"), "_patchworks");
        assert.deepEqual([...uniqueIdentifiers(["a-1b", "a1b"]).values()], ["a1b", "a1b2"]);
    });

    it("keeps names stable: the same account in another order gets the same names", () => {
        const names = (source: Account) => renderProgram(planExport(source, undefined), SOURCE).match(/new patchworks\.\w+\("[^"]+"/g);
        const shuffled = account({ connectors: [...account().connectors].reverse(), services: [...account().services].reverse() });
        assert.deepEqual(names(shuffled), names(account()));
    });
});

describe("export: the program", () => {
    it("declares every connector (no credentials) and service of the account, adopting them without a change", () => {
        const program = renderProgram(planExport(account(), undefined), SOURCE);
        const { connectors, services, changes } = adoptionOf(program, account());
        assert.deepEqual(
            connectors.map((c) => c.name),
            ["netsuite-live", "veeqo-live", "shopify-fr-live", "shopify-uk-live", "shopify-uk-test"],
        );
        assert.deepEqual(
            services.map((s) => s.name),
            ["uk-orders-to-netsuite", "uk-orders-to-netsuite-2", "uk-stock-from-veeqo"],
        );
        assert.deepEqual(changes, []);
        for (const { args } of [...connectors, ...services]) assert.equal(args.adopt, true);
        assert.ok(!program.includes("********"), "no masked credential");
    });

    it("keeps every string exactly as Patchworks has it: quotes, backslashes, newlines, template placeholders, */", () => {
        const declared = evaluate(renderProgram(planExport(account(), undefined), SOURCE));
        const byName = (name: string) => declared.find((d) => d.name === name)?.args as Record<string, unknown>;
        assert.equal(byName("shopify-fr-live").name, SHOPIFY_FR_LIVE.name);
        assert.equal(byName("veeqo-live").name, VEEQO_LIVE.name);
        assert.equal(byName("uk-orders-to-netsuite").notes, UK_ORDERS.notes);
        assert.deepEqual(
            (byName("uk-orders-to-netsuite").mappings as unknown[])[3],
            {
                source: "sku",
                destination: "item.sku",
                transforms: [{ function: "pad", args: { direction: "left", length: 8, padCharacter: "0" } }],
            },
            "numbers stay numbers",
        );
        assert.deepEqual(byName("uk-stock-from-veeqo").trigger, { webhook: true });
    });

    it("declares an OAuth-authorised connector by adopting it, with its auth type", () => {
        const args = evaluate(renderProgram(planExport(account(), undefined), SOURCE)).find((d) => d.name === "netsuite-live")?.args;
        assert.deepEqual(args, {
            system: "netsuite",
            environment: "live",
            name: "NetSuite",
            timezone: "UTC",
            dateFormat: "yyyy-MM-dd HH:mm:ss",
            authType: "suitetalk-oauth",
            adopt: true,
        });
    });

    const filters: { filter: GroupFilter; connectors: string[]; services: string[]; references: string[] }[] = [
        {
            filter: " uk ",
            connectors: ["shopify-uk-live", "shopify-uk-test"],
            services: ["uk-orders-to-netsuite"],
            references: [
                `const netsuiteLive: patchworks.ConnectorReference = { connectorId: "${NETSUITE_LIVE.id}", system: "netsuite", environment: "live" };`,
            ],
        },
        {
            filter: "FR",
            connectors: ["shopify-fr-live"],
            services: ["uk-orders-to-netsuite"],
            references: ["const netsuiteLive: patchworks.ConnectorReference"],
        },
        {
            filter: null,
            connectors: ["netsuite-live", "veeqo-live"],
            services: ["uk-stock-from-veeqo"],
            references: [
                `const shopifyUkLive: patchworks.ConnectorReference = { connectorId: "${SHOPIFY_UK_LIVE.id}", system: "shopify", environment: "live", companyGroup: "UK" };`,
            ],
        },
    ];
    for (const { filter, connectors, services, references } of filters) {
        it(`exports only ${filter === null ? "the default group" : `company group ${JSON.stringify(filter)}`}: its connectors, the services whose source is in it, references to the rest`, () => {
            const program = renderProgram(planExport(account(), filter), SOURCE);
            const declared = adoptionOf(program, account());
            assert.deepEqual(
                declared.connectors.map((c) => c.name),
                connectors,
            );
            assert.deepEqual(
                declared.services.map((s) => s.name),
                services,
            );
            assert.deepEqual(declared.changes, []);
            for (const reference of references) assert.ok(program.includes(reference), `${reference}\nin\n${program}`);
        });
    }

    it("declares each service in exactly one export of a group: together they cover the account once", () => {
        const servicesOf = (filter: GroupFilter) => planExport(account(), filter).services.map((s) => s.remote.id);
        const everyGroup = [null, "uk", "fr"].flatMap(servicesOf).sort(compareIds);
        assert.deepEqual(everyGroup, [UK_ORDERS.id, UK_STOCK.id, FR_ORDERS.id].sort(compareIds));
    });

    it("leaves to Patchworks a field the provider would refuse, saying why in a comment", () => {
        const odd = connector("21", {
            system: "veeqo",
            environment: "test",
            name: "Veeqo test",
            dateFormat: "yyyy-MM-dd HH:mm:ss.SSS ZZZZ",
        });
        const source = account({ connectors: [...account().connectors, odd] });
        const plan = planExport(source, undefined);
        const program = renderProgram(plan, SOURCE);
        const args = evaluate(program).find((d) => d.name === "veeqo-test")?.args;
        assert.ok(args && !("dateFormat" in args) && args.name === "Veeqo test", JSON.stringify(args));
        assert.match(
            program,
            /\/\/ dateFormat "yyyy-MM-dd HH:mm:ss\.SSS ZZZZ" is left as Patchworks has it: dateFormat must be a Luxon format that round-trips/,
        );
        assert.deepEqual(adoptionOf(program, source).changes, []);
    });

    it("lists what it cannot declare at the end of the program, with the reason, and the services that need it", () => {
        const stray = connector("31", { system: "veeqo", environment: "test", companyGroup: "mars", name: "Veeqo Mars" });
        const badCron = { ...UK_ORDERS, id: "104", name: "Broken schedule", trigger: { schedule: "every day" } };
        const onStray = { ...UK_STOCK, id: "105", name: "Mars stock", source: { ...UK_STOCK.source, connectorId: stray.id } };
        const source = account({ connectors: [...account().connectors, stray], services: [...account().services, badCron, onStray] });
        const plan = planExport(source, undefined);
        assert.deepEqual(
            plan.skipped.map((s) => s.what),
            [
                'connector 31 ("Veeqo Mars"), the test veeqo connector in company group "mars"',
                'service 104 ("Broken schedule")',
                'service 105 ("Mars stock")',
            ],
        );
        assert.match(
            plan.skipped[0].reason,
            /companyGroup "mars" is not a company group of this Patchworks account \(its groups are: uk, fr\)/,
        );
        assert.match(plan.skipped[1].reason, /trigger\.schedule must be a 5-field cron expression/);
        assert.equal(plan.skipped[2].reason, "its source connector 31 is not exported (above)");
        const program = renderProgram(plan, SOURCE);
        assert.match(program, /\/\/ Not declared here: Patchworks has them, but the provider would refuse them as they are\.\n/);
        assert.match(program, /\n\/\/ - service 104 \("Broken schedule"\): trigger\.schedule must be/);
        assert.deepEqual(adoptionOf(program, source).changes, []);
    });

    it("does not declare services that adopt could not tell apart (same connectors, source entity and name)", () => {
        const twin = { ...UK_ORDERS, id: "106", notes: null };
        const plan = planExport(account({ services: [...account().services, twin] }), undefined);
        assert.deepEqual(
            plan.services.map((s) => s.remote.id),
            [FR_ORDERS.id, UK_STOCK.id],
        );
        assert.deepEqual(
            plan.skipped.map((s) => s.what),
            ['service 101 ("UK orders to NetSuite")', 'service 106 ("UK orders to NetSuite")'],
        );
        assert.match(
            plan.skipped[0].reason,
            /which 2 services share \(101, 106\): give each a name of its own in the dashboard, then export again$/,
        );
    });

    it("is left as it is by the repository's formatter (biome)", async () => {
        const program = renderProgram(planExport(account(), "uk"), SOURCE) + renderProgram(planExport(account(), undefined), SOURCE);
        const biome = path.join(REPO_ROOT, "node_modules/.bin/biome");
        const child = execFile(biome, ["format", "--stdin-file-path=exported/index.ts"], { cwd: REPO_ROOT });
        child.stdin?.end(program);
        let formatted = "";
        child.stdout?.on("data", (chunk: Buffer) => (formatted += chunk.toString()));
        await new Promise((resolve) => child.on("close", resolve));
        assert.equal(formatted, program);
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

describe("export: the project", function () {
    this.timeout(120_000);

    it("type-checks with tsc --noEmit against this package's types, in its own tsconfig", async () => {
        const dir = path.join(REPO_ROOT, ".e2e", `export-tsc-${process.pid}`);
        rmSync(dir, { recursive: true, force: true });
        mkdirSync(dir, { recursive: true });
        try {
            const files = renderProject(planExport(account(), "uk"), {
                ...SOURCE,
                name: "acme",
                version: "0.1.0",
                pulumiRange: "^3.216.0",
            });
            // Both filters: references and in-program connectors, in one file each.
            writeProject(dir, files);
            const tsc = path.join(REPO_ROOT, "node_modules/typescript/bin/tsc");
            await exec(process.execPath, [tsc, "-p", dir, "--noEmit"]).catch((error: { stdout?: string }) =>
                assert.fail(`tsc failed:\n${error.stdout}`),
            );
            writeProject(dir, { "index.ts": renderProgram(planExport(account(), undefined), SOURCE) });
            await exec(process.execPath, [tsc, "-p", dir, "--noEmit"]).catch((error: { stdout?: string }) =>
                assert.fail(`tsc failed:\n${error.stdout}`),
            );
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });

    it("writes Pulumi.yaml with main: index.ts, and a package.json with this package's version and a caret @pulumi/pulumi", () => {
        const files = renderProject(planExport(account(), undefined), {
            ...SOURCE,
            name: "acme",
            version: "0.1.0",
            pulumiRange: "^3.216.0",
        });
        assert.match(files["Pulumi.yaml"], /^name: acme\n/);
        assert.match(files["Pulumi.yaml"], /\nmain: index\.ts\n/);
        const manifest = JSON.parse(files["package.json"]);
        assert.deepEqual(manifest.dependencies, { "@pulumi/pulumi": "^3.216.0", "pulumi-patchworks": "0.1.0" });
        assert.ok(manifest.devDependencies.typescript);
        assert.equal(JSON.parse(files["tsconfig.json"]).compilerOptions.moduleResolution, "node16");
        assert.match(files["README.md"], /pulumi config set --secret patchworks:apiKey/);
        assert.doesNotMatch(files["README.md"], /pulumi config set patchworks:apiUrl/, "the default API URL needs no config");
        const local = renderProject(planExport(account(), undefined), {
            apiUrl: "http://127.0.0.1:8787/api/v1",
            name: "acme",
            version: "0.1.0",
            pulumiRange: "^3",
        });
        assert.match(local["README.md"], /pulumi config set patchworks:apiUrl http:\/\/127\.0\.0\.1:8787\/api\/v1\n/);
    });
});
