// docs/services.md is what the bundled service catalog says: the rules, every filter type and
// operator, every seeded template; and the committed file is a fresh rendering of it.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import path from "node:path";
import { systemIds, systems } from "../../provider/catalog";
import { serviceCatalog as catalog } from "../../provider/catalog/services";
import { REPO_ROOT } from "../../scripts/generate-reference";
import { renderServicesDoc } from "../../scripts/reference/services-doc";

const rendered = renderServicesDoc(
    catalog,
    systemIds.map((id) => systems[id]),
);
const lines = rendered.split("\n");

describe("docs/services.md", () => {
    it("says it is generated and how many entries each part has", () => {
        assert.ok(rendered.startsWith("<!-- Generated from provider/catalog/services.json by `npm run schema`"));
        assert.ok(
            rendered.includes(
                `${catalog.templates.length} service templates, ${catalog.filterTypes.length} filter types and ${catalog.filterOperators.length} filter operators.`,
            ),
        );
    });

    it("states each limit Fabric checks, with what a change does", () => {
        assert.ok(lines.includes("| `source.pageSize` | whole number 1-1000 | the template's, else 50 | replace |"));
        assert.ok(lines.includes("| `source.maxAttempts` | whole number 1-15 | the template's, else 3 | replace |"));
        assert.ok(lines.some((l) => l.startsWith("| `name` | 3-255 characters (code points) |")));
    });

    it("lists every filter type with its operators and evidence", () => {
        for (const type of catalog.filterTypes) {
            assert.ok(
                lines.includes(`| \`${type.key}\` | ${type.operators.map((o) => `\`${o}\``).join(" ")} | ${type.evidence} |`),
                type.key,
            );
        }
    });

    it("lists every seeded template by factory names", () => {
        const rows = lines.filter((l) => l.startsWith("| `") && l.split(" | ").length === 7);
        assert.equal(rows.length, catalog.templates.length);
        assert.ok(rows.some((r) => r.startsWith("| `Shopify` |") && r.includes("| `Orders` | `Seko` |")));
    });

    it("the committed file is the current rendering (run `npm run schema`)", () => {
        assert.equal(readFileSync(path.join(REPO_ROOT, "docs/services.md"), "utf8"), rendered);
    });
});
