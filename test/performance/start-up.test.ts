// What a provider process loads before its first answer (issue 20): every step of a run starts
// one, and each module it loads is start-up time and peak memory the floor does not pay. Each case
// runs in a fresh Node process, as the engine starts the provider, and lists the modules loaded.
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import path from "node:path";

const DIST = path.resolve(__dirname, "../..");

/** The modules a fresh process has loaded after `script` (run with `dist` as the compiled tree), relative to dist or node_modules. */
function modulesLoadedBy(script: string): string[] {
    const program = `const dist = ${JSON.stringify(DIST)};
Promise.resolve((async () => { ${script} })()).then(() => {
    process.stdout.write(JSON.stringify(Object.keys(require.cache)));
});`;
    const loaded = JSON.parse(
        execFileSync(process.execPath, ["-e", program], { encoding: "utf8", env: { ...process.env, PULUMI_CONFIG: "" } }),
    ) as string[];
    return loaded.map((file) => file.replace(/^.*node_modules\//, "node_modules/").replace(`${DIST}/`, ""));
}

const CONNECTOR = { name: "shop", system: "shopify", environment: "live", companyGroup: "acme", authType: "oauth2" };

const cases: { title: string; script: string; loads: RegExp[]; skips: RegExp[] }[] = [
    {
        // The runtime reads which services use a connector (before a delete), so service/account is shared.
        title: "a check of a connector loads the connector's modules, not the services' provider nor their catalog",
        script: `await require(dist + "/provider/index.js").adapterV2("connector").check({}, ${JSON.stringify(CONNECTOR)});`,
        loads: [/^provider\/connector\/provider\.js$/, /^provider\/catalog\/systems\.json$/],
        skips: [
            /^provider\/service\/(provider|lifecycle|validate|templates)\.js$/,
            /^provider\/catalog\/services\.js/,
            /^provider\/company-group\/provider\.js$/,
        ],
    },
    {
        title: "a check of a service loads the services' modules and their catalog",
        script: `await require(dist + "/provider/index.js").adapterV2("service").check({}, { name: "orders" }).catch(() => undefined);`,
        loads: [/^provider\/service\/provider\.js$/, /^provider\/catalog\/services\.json$/],
        skips: [],
    },
    {
        title: "the systems catalog loads without a schema library (systems.json is checked where it is written)",
        script: `require(dist + "/provider/catalog/index.js");`,
        loads: [/^provider\/catalog\/systems\.json$/],
        skips: [/^node_modules\/zod\//],
    },
];

describe("provider start-up: what a fresh provider process loads", () => {
    for (const c of cases) {
        it(c.title, () => {
            const loaded = modulesLoadedBy(c.script);
            for (const expected of c.loads)
                assert.ok(
                    loaded.some((file) => expected.test(file)),
                    `expected a module matching ${expected}`,
                );
            for (const unexpected of c.skips) {
                const found = loaded.filter((file) => unexpected.test(file));
                assert.deepEqual(found, [], `loaded ${found.join(", ")}`);
            }
        });
    }
});
