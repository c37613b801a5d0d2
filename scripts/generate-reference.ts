// `npm run schema`: writes schema.json (the Pulumi package schema), provider/catalog/systems.json (the
// systems catalog, from its evidence), docs/systems.md (the per-system reference) and docs/services.md
// (the service catalog's reference), generated from the SDK's declarations, the evidence and the
// catalogs. schema.json and docs/systems.md render the systems catalog just built, not the one the
// build loaded, so one `npm run build && npm run schema` is enough after a change to its evidence or
// builder. All are committed; test/reference fails when one differs from a fresh generation.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { serviceCatalog } from "../provider/catalog/services";
import { buildSchema, formatJson, readSdkShapes, type PackageInfo } from "./reference/schema";
import { renderServicesDoc } from "./reference/services-doc";
import { buildSystemsCatalog } from "./reference/systems-catalog";
import { parseSystemsCatalog } from "./reference/systems-schema";
import { renderSystemsDoc } from "./reference/systems-doc";

/** dist/scripts/generate-reference.js → the repository root. */
export const REPO_ROOT = path.resolve(__dirname, "../..");

/** The generated files, by path relative to the repository root. */
export function generateReference(repoRoot: string = REPO_ROOT): Record<string, string> {
    const read = (file: string) => readFileSync(path.join(repoRoot, file), "utf8");
    const info = JSON.parse(read("package.json")) as PackageInfo;
    const systemsJson = buildSystemsCatalog(read);
    const catalog = parseSystemsCatalog(JSON.parse(systemsJson));
    return {
        "schema.json": formatJson(buildSchema(readSdkShapes(read), catalog, info)),
        "provider/catalog/systems.json": systemsJson,
        "docs/systems.md": renderSystemsDoc(catalog),
        "docs/services.md": renderServicesDoc(serviceCatalog, catalog),
    };
}

function main(): void {
    for (const [file, content] of Object.entries(generateReference())) {
        const target = path.join(REPO_ROOT, file);
        mkdirSync(path.dirname(target), { recursive: true });
        writeFileSync(target, content);
        console.log(`wrote ${file}`);
    }
}

if (require.main === module) main();
