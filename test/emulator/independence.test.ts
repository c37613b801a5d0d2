// The emulator implements the contract on its own (contract section 8): it may read the catalog
// data the provider ships, never the provider's code. Checked on the sources, so a forbidden import
// fails here whatever it is used for.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

const REPO_ROOT = path.resolve(__dirname, "../../..");
const EMULATOR_DIR = path.join(REPO_ROOT, "emulator");
const PROVIDER_DIR = path.join(REPO_ROOT, "provider");
const PACKAGE_NAME = "pulumi-patchworks";

/** Every module a source file names: imports, re-exports, `import x = require()`, `require()` and `import()`. */
function modulesNamedBy(source: string): string[] {
    return ts.preProcessFile(source, true, true).importedFiles.map((file) => file.fileName);
}

/** Why importing `specifier` from `file` breaks the emulator's independence, or undefined. */
function violation(file: string, specifier: string): string | undefined {
    if (specifier === PACKAGE_NAME || specifier.startsWith(`${PACKAGE_NAME}/`)) {
        return `${specifier} (the package itself, which is the provider and SDK)`;
    }
    if (!specifier.startsWith(".")) {
        return undefined;
    }
    const target = path.resolve(path.dirname(file), specifier);
    const insideProvider = target === PROVIDER_DIR || target.startsWith(PROVIDER_DIR + path.sep);
    return insideProvider && !target.endsWith(".json") ? specifier : undefined;
}

function emulatorSources(): string[] {
    return readdirSync(EMULATOR_DIR, { recursive: true, encoding: "utf8" })
        .filter((name) => name.endsWith(".ts"))
        .map((name) => path.join(EMULATOR_DIR, name));
}

function violationsIn(file: string, source: string): string[] {
    return modulesNamedBy(source).flatMap((specifier) => {
        const why = violation(file, specifier);
        return why === undefined ? [] : [`${path.relative(REPO_ROOT, file)} imports ${why}`];
    });
}

describe("emulator: independent of the provider", () => {
    it("imports nothing from provider/ but its JSON data", () => {
        const files = emulatorSources();
        assert.ok(files.length >= 10, `found only ${files.length} emulator sources under ${EMULATOR_DIR}`);
        const found = files.flatMap((file) => violationsIn(file, readFileSync(file, "utf8")));
        assert.deepEqual(found, []);
        const readsCatalogData = files.some((file) => modulesNamedBy(readFileSync(file, "utf8")).some((s) => s.endsWith("systems.json")));
        assert.ok(readsCatalogData, "the emulator reads the shared catalog data");
    });

    // The check above must be able to fail: each of these would be reported.
    const fakeFile = path.join(EMULATOR_DIR, "example.ts");
    const cases: { source: string; reported: boolean }[] = [
        { source: 'import { findSystem } from "../provider/catalog";', reported: true },
        { source: 'import type { Environment } from "../provider/connector/key";', reported: true },
        { source: 'export { normaliseCompanyGroup } from "../provider/connector/key";', reported: true },
        { source: 'const key = require("../provider/connector/key");', reported: true },
        { source: 'const catalog = await import("../provider/catalog/index");', reported: true },
        { source: 'import { systems } from "pulumi-patchworks";', reported: true },
        { source: 'import * as p from "pulumi-patchworks/provider";', reported: true },
        { source: 'import data from "../provider/catalog/systems.json";', reported: false },
        { source: 'import { lookUpSystem } from "./catalog";', reported: false },
        { source: 'import { IANAZone } from "luxon";', reported: false },
    ];
    for (const { source, reported } of cases) {
        it(`${reported ? "reports" : "allows"} ${source}`, () => {
            assert.equal(violationsIn(fakeFile, source).length > 0, reported);
        });
    }
});
