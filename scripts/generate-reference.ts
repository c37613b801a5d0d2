// `npm run schema`: writes schema.json (the Pulumi package schema), provider/catalog/systems.json (the
// systems catalog, from its evidence), docs/systems.md (the per-system reference) and docs/services.md
// (the service catalog's reference), generated from the SDK's declarations, the evidence and the
// catalogs. After a change to the systems catalog's evidence or builder, run
// `npm run build && npm run schema` twice: the docs render the catalog the build loaded. All are committed; test/reference fails when one differs
// from a fresh generation.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { systemIds, systems } from "../provider/catalog";
import { serviceCatalog } from "../provider/catalog/services";
import { buildSchema, formatJson, readSdkShapes, type PackageInfo } from "./reference/schema";
import { renderServicesDoc } from "./reference/services-doc";
import { buildSystemsCatalog } from "./reference/systems-catalog";
import { renderSystemsDoc } from "./reference/systems-doc";

/** dist/scripts/generate-reference.js → the repository root. */
export const REPO_ROOT = path.resolve(__dirname, "../..");

/** The generated files, by path relative to the repository root. */
export function generateReference(repoRoot: string = REPO_ROOT): Record<string, string> {
    const read = (file: string) => readFileSync(path.join(repoRoot, file), "utf8");
    const info = JSON.parse(read("package.json")) as PackageInfo;
    const catalog = systemIds.map((id) => systems[id]);
    return {
        "schema.json": formatJson(buildSchema(readSdkShapes(read), catalog, info)),
        "provider/catalog/systems.json": buildSystemsCatalog(read),
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
