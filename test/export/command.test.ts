// `pulumi-patchworks export` as a user runs it, against the emulator: settings from the
// environment, a progress line per page read, a summary, the project it writes, the filter by
// company group, and one line for every way it can fail, each before anything is written.
import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { PatchworksClient } from "../../provider/client";
import { main, USAGE } from "../../scripts/export/main";
import { apiClient } from "../support/api";
import { startEmulator, type RunningEmulator } from "../support/emulator";
import { SEED_SECRETS, seedAccount, type SeededAccount } from "./seed";
import { closedPort } from "../client/fake-server";

const exec = promisify(execFile);
const MAIN = path.resolve(__dirname, "../../scripts/export/main.js");

interface Run {
    code: number;
    progress: string[];
    said: string[];
}

function declaredNames(dir: string, kind: "Connector" | "Service"): string[] {
    const program = readFileSync(path.join(dir, "index.ts"), "utf8");
    return [...program.matchAll(new RegExp(`new patchworks\\.${kind}\\("([^"]+)"`, "g"))].map((m) => m[1]);
}

describe("pulumi-patchworks export (emulator)", function () {
    this.timeout(60_000);

    let emulator: RunningEmulator;
    let api: PatchworksClient;
    let seeded: SeededAccount;
    let root: string;
    let out: string;

    before(async () => {
        emulator = await startEmulator();
        api = apiClient(emulator);
    });
    after(() => emulator.stop());
    beforeEach(async () => {
        await emulator.reset();
        seeded = await seedAccount(api);
        root = mkdtempSync(path.join(os.tmpdir(), "patchworks-export-"));
        out = path.join(root, "acme");
    });
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    const env = (extra: Record<string, string> = {}) => ({
        PATCHWORKS_API_URL: emulator.apiUrl,
        PATCHWORKS_API_KEY: emulator.apiKey,
        ...extra,
    });

    async function run(args: string[], environment: Record<string, string | undefined> = env()): Promise<Run> {
        const result: Run = { code: -1, progress: [], said: [] };
        result.code = await main(args, environment, {
            progress: (line) => result.progress.push(line),
            say: (line) => result.said.push(line),
        });
        return result;
    }

    it("exports the whole account: a progress line per page, a summary with the next commands, and no write", async () => {
        const mark = (await emulator.requests()).length;
        const result = await run(["export", "--out", out]);
        assert.equal(result.code, 0, result.progress.join("\n"));
        assert.deepEqual([...result.progress].sort(), [
            "read company groups: page 1 of 1 (206 so far)",
            "read connectors: page 1 of 1 (5 so far)",
            "read services: page 1 of 1 (2 so far)",
        ]);
        assert.match(
            result.said[0],
            new RegExp(`^Exported 5 connectors and 2 services \\(the whole account\\) to ${out} in \\d+\\.\\d s\\.$`),
        );
        assert.deepEqual(result.said.slice(1), [
            "Next:",
            `  cd ${out}`,
            "  npm install",
            "  pulumi stack init dev",
            `  pulumi config set patchworks:apiUrl ${emulator.apiUrl}`,
            "  pulumi config set --secret patchworks:apiKey <your Patchworks API key>",
            "  pulumi up",
        ]);
        const requests = (await emulator.requests()).slice(mark);
        assert.deepEqual([...new Set(requests.map((r) => r.method))], ["GET"], "an export only reads");

        assert.deepEqual(declaredNames(out, "Connector"), [
            "netsuite-live",
            "veeqo-test",
            "shopify-fr-live",
            "shopify-uk-live",
            "shopify-uk-test",
        ]);
        assert.deepEqual(declaredNames(out, "Service"), ["france-stock-from-netsuite", "uk-orders-to-netsuite"]);
        for (const file of ["Pulumi.yaml", "package.json", "tsconfig.json", "index.ts", "README.md"]) {
            const text = readFileSync(path.join(out, file), "utf8");
            for (const secret of [...SEED_SECRETS, emulator.apiKey]) assert.ok(!text.includes(secret), `${file} holds a secret`);
        }
        const program = readFileSync(path.join(out, "index.ts"), "utf8");
        assert.match(
            program,
            /new patchworks\.Connector\("netsuite-live", \{\n(.*\n)*?\s+authType: "suitetalk-oauth",\n\s+adopt: true,\n\}\);/,
        );
        assert.ok(program.includes(`connectorId`) === false, "no reference: every connector is in the program");
        assert.match(readFileSync(path.join(out, "Pulumi.yaml"), "utf8"), /^name: acme\n(.*\n)*main: index\.ts\n/);
    });

    type Name = keyof SeededAccount["connectors"];
    const filters: { title: string; group: string; connectors: string[]; services: string[]; references: Name[] }[] = [
        {
            title: "a company group, spelled with spaces and capitals",
            group: " UK ",
            connectors: ["shopify-uk-live", "shopify-uk-test"],
            services: ["uk-orders-to-netsuite"],
            references: ["netsuiteLive"],
        },
        {
            title: "the default group",
            group: "",
            connectors: ["netsuite-live", "veeqo-test"],
            services: ["france-stock-from-netsuite"],
            references: ["shopifyFrLive"],
        },
    ];
    for (const { title, group, connectors, services, references } of filters) {
        it(`exports only ${title}, referencing the connectors of others that its services use`, async () => {
            const result = await run(["export", "--out", out, "--company-group", group]);
            assert.equal(result.code, 0, result.progress.join("\n"));
            assert.deepEqual(declaredNames(out, "Connector"), connectors);
            assert.deepEqual(declaredNames(out, "Service"), services);
            const program = readFileSync(path.join(out, "index.ts"), "utf8");
            for (const reference of references) {
                const { id } = seeded.connectors[reference];
                assert.match(program, new RegExp(`\\nconst ${reference}: patchworks\\.ConnectorReference = \\{\\s*connectorId: "${id}",`));
            }
            assert.match(result.said[0], /, referencing 1 connector outside it\) to /);
        });
    }

    it("refuses a company group the profile does not have, listing those it has, and writes nothing", async () => {
        const result = await run(["export", "--out", out, "--company-group", "mars"]);
        assert.equal(result.code, 1);
        assert.match(
            result.progress.at(-1) as string,
            /^pulumi-patchworks export: --company-group "mars" is not a company group of the Patchworks account \(its groups are: uk, fr, de, /,
        );
        assert.ok(!existsSync(out));
    });

    it("refuses a directory that is not empty unless --force, before reading the account; --force keeps other files", async () => {
        mkdirSync(out);
        writeFileSync(path.join(out, "notes.txt"), "mine");
        const mark = (await emulator.requests()).length;
        const refused = await run(["export", "--out", out]);
        assert.equal(refused.code, 1);
        assert.equal(
            refused.progress.at(-1),
            `pulumi-patchworks export: ${out} is not empty: choose another --out, or add --force to overwrite the project's files in it ` +
                "(Pulumi.yaml, package.json, tsconfig.json, index.ts, README.md)",
        );
        assert.equal((await emulator.requests()).length, mark, "no request");
        const forced = await run(["export", "--out", out, "--force"]);
        assert.equal(forced.code, 0);
        assert.equal(readFileSync(path.join(out, "notes.txt"), "utf8"), "mine");
        assert.ok(existsSync(path.join(out, "index.ts")));
    });

    const failures: { title: string; env: () => Promise<Record<string, string>>; message: RegExp }[] = [
        {
            title: "no API key",
            env: async () => ({ PATCHWORKS_API_URL: emulator.apiUrl }),
            message:
                /^pulumi-patchworks export: no Patchworks API credentials: set PATCHWORKS_API_KEY to your API key \(or PATCHWORKS_ACCESS_TOKEN to an OAuth token\)$/,
        },
        {
            title: "an API that cannot be reached",
            env: async () => ({
                PATCHWORKS_API_URL: `http://127.0.0.1:${await closedPort()}/api/v1`,
                PATCHWORKS_API_KEY: "k",
                PATCHWORKS_MAX_RETRIES: "0",
            }),
            message:
                /^pulumi-patchworks export: Patchworks API GET \/[a-z-]+ failed: could not reach the Patchworks API at http:\/\/127\.0\.0\.1:\d+\/api\/v1 \(ECONNREFUSED\)$/,
        },
        {
            title: "an API key the API refuses, never printing it",
            env: async () => ({ PATCHWORKS_API_URL: emulator.apiUrl, PATCHWORKS_API_KEY: "pw-wrong-export-key-31d9" }),
            message:
                /^pulumi-patchworks export: Patchworks API GET \/[a-z-]+ failed \(401\): .*Check patchworks:apiKey \/ PATCHWORKS_API_KEY/,
        },
        {
            title: "a setting that is not usable",
            env: async () => ({ ...env(), PATCHWORKS_REQUEST_TIMEOUT_MS: "soon" }),
            message:
                /^pulumi-patchworks export: patchworks:requestTimeoutMs \(PATCHWORKS_REQUEST_TIMEOUT_MS\) must be a whole number >= 1, got "soon"$/,
        },
    ];
    for (const failure of failures) {
        it(`fails in one line for ${failure.title}, writing nothing`, async () => {
            const result = await run(["export", "--out", out], await failure.env());
            assert.equal(result.code, 1);
            assert.equal(result.progress.filter((l) => l.startsWith("pulumi-patchworks")).length, 1);
            assert.match(result.progress.at(-1) as string, failure.message);
            assert.ok(!(result.progress.at(-1) as string).includes("pw-wrong-export-key-31d9"));
            assert.ok(!existsSync(out));
        });
    }

    it("prints its usage for --help, and with exit code 2 for no command, another command or an unknown option", async () => {
        assert.deepEqual(await run(["--help"]), { code: 0, progress: [], said: [USAGE] });
        for (const args of [[], ["import"], ["export", "--outdir", "x"]]) {
            const result = await run(args);
            assert.equal(result.code, 2, args.join(" "));
            assert.ok(result.progress[0].endsWith(USAGE));
        }
    });

    it("reads every page of a long list, saying so page by page", async () => {
        // 64 groups x live and test x two systems, and the 5 seeded: past one page of 250.
        const groups = Array.from({ length: 64 }, (_, i) => `group-${String(i).padStart(3, "0")}`);
        for (const companyGroup of groups) {
            for (const environment of ["live", "test"] as const) {
                for (const [system, credentials] of [
                    ["veeqo", { token: `veeqo-${companyGroup}-${environment}` }],
                    ["ometria", { apiKey: `ometria-${companyGroup}-${environment}` }],
                ] as const) {
                    await api.createConnector({
                        system,
                        environment,
                        companyGroup,
                        name: `${system} ${companyGroup} ${environment}`,
                        timezone: "UTC",
                        dateFormat: "yyyy-MM-dd HH:mm:ss",
                        authType: "default",
                        credentials,
                    });
                }
            }
        }
        const result = await run(["export", "--out", out]);
        assert.equal(result.code, 0);
        const pages = result.progress.filter((l) => l.startsWith("read connectors"));
        assert.deepEqual(pages, ["read connectors: page 1 of 2 (250 so far)", "read connectors: page 2 of 2 (261 so far)"]);
        assert.equal(declaredNames(out, "Connector").length, 261);
    });

    it("runs as the package's bin: progress on stderr, the summary on stdout", async () => {
        const { stdout, stderr } = await exec(process.execPath, [MAIN, "export", "--out", out, "--company-group", "fr"], {
            env: { ...process.env, ...env() },
        });
        assert.match(stdout, /^Exported 1 connector and 0 services \(company group "fr"\) to /);
        assert.doesNotMatch(stdout, /read connectors/);
        assert.match(stderr, /^read (company groups|connectors|services): page 1 of 1/m);
        assert.deepEqual(declaredNames(out, "Connector"), ["shopify-fr-live"]);
    });

    it("exports 200 connectors and 100 services, each once, with unique names (and logs how long it took)", async () => {
        await emulator.reset();
        const groups = Array.from({ length: 50 }, (_, i) => `group-${String(i).padStart(3, "0")}`);
        for (const companyGroup of groups) {
            for (const environment of ["live", "test"] as const) {
                const base = { environment, companyGroup, timezone: "UTC", dateFormat: "yyyy-MM-dd HH:mm:ss" };
                const shop = await api.createConnector({
                    ...base,
                    system: "shopify",
                    name: `Shopify ${companyGroup} ${environment}`,
                    authType: "token",
                    credentials: { storeUrl: `${companyGroup}-${environment}.myshopify.com`, accessToken: `shpat-${companyGroup}` },
                });
                const stock = await api.createConnector({
                    ...base,
                    system: "veeqo",
                    name: `Veeqo ${companyGroup} ${environment}`,
                    authType: "default",
                    credentials: { token: `veeqo-${companyGroup}` },
                });
                await api.createService({
                    name: `Orders ${companyGroup} ${environment}`,
                    type: "standard",
                    active: true,
                    source: { connectorId: shop.id, entity: "orders", pageSize: 100, maxAttempts: 3, timezone: "UTC" },
                    destination: { connectorId: stock.id, entity: "orders", timezone: "UTC" },
                    trigger: { schedule: "*/5 * * * *" },
                    filters: [{ field: "financial_status", operator: "equals", value: "paid" }],
                    mappings: [{ sourceField: "email", destinationField: "customer.email", transforms: [] }],
                    alerts: null,
                    notes: null,
                });
            }
        }
        const timings: number[] = [];
        for (let i = 0; i < 3; i++) {
            const dir = path.join(root, `big-${i}`);
            const started = process.hrtime.bigint();
            const result = await run(["export", "--out", dir]);
            timings.push(Number(process.hrtime.bigint() - started) / 1e6);
            assert.equal(result.code, 0, result.progress.join("\n"));
            const connectors = declaredNames(dir, "Connector");
            const services = declaredNames(dir, "Service");
            assert.equal(connectors.length, 200);
            assert.equal(services.length, 100);
            assert.equal(new Set([...connectors, ...services]).size, 300, "unique names");
            assert.ok(!readFileSync(path.join(dir, "index.ts"), "utf8").includes("Not declared here"));
        }
        timings.sort((a, b) => a - b);
        console.log(
            `      export of 200 connectors and 100 services: ${timings.map((t) => `${t.toFixed(0)} ms`).join(", ")} (median ${timings[1].toFixed(0)} ms)`,
        );
    });
});
