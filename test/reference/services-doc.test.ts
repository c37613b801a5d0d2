// The committed docs/services.md covers the whole service catalog: every entity, system
// direction, operator, transform and argument, limit and source, with its evidence.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import path from "node:path";
import { systemIds } from "../../provider/catalog";
import { serviceCatalog as catalog } from "../../provider/catalog/services";
import { REPO_ROOT } from "../../scripts/generate-reference";

const doc = readFileSync(path.join(REPO_ROOT, "docs/services.md"), "utf8");

/** The text from an anchor to the next anchor or heading of the same level. */
function sectionOf(anchor: string): string {
    const start = doc.indexOf(`<a id="${anchor}"></a>`);
    assert.notEqual(start, -1, `docs/services.md has the anchor ${anchor}`);
    const next = doc.indexOf('<a id="', start + 1);
    return doc.slice(start, next === -1 ? undefined : next);
}

const evidenceOf = (item: { evidence: string; proxy?: string }) => (item.proxy ? `${item.evidence} (${item.proxy})` : item.evidence);

describe("docs/services.md", () => {
    it("says it is generated and how many entries each part has", () => {
        assert.ok(doc.includes("Generated from provider/catalog/services.json by `npm run schema`"));
        assert.ok(
            doc.includes(
                `${catalog.entityIds.length} entities, ${catalog.operatorIds.length} filter operators and ${catalog.transformIds.length} transform functions`,
            ),
        );
        const transforms = catalog.transformIds.map((id) => catalog.transforms[id]);
        const documented = transforms.filter((t) => t.evidence === "documented").length;
        assert.ok(doc.includes(`| transform functions | ${documented} | ${transforms.length - documented} |`));
    });

    it("lists every entity with its evidence and sources", () => {
        for (const id of catalog.entityIds) {
            const entity = catalog.entities[id];
            const row = doc.split("\n").find((line) => line.startsWith(`| \`${id}\` | ${entity.label} |`));
            assert.ok(row, `a row for ${id}`);
            assert.ok(row.includes(`| ${evidenceOf(entity)} |`), `${id} evidence`);
            for (const source of entity.sources) assert.ok(row.includes(`(${source})`), `${id} source ${source}`);
        }
    });

    it("gives every system's directions, linking to details where the catalog knows them", () => {
        for (const id of systemIds) {
            const facts = catalog.systems[id];
            const name = facts ? `[\`${id}\`](#system-${id})` : `\`${id}\``;
            assert.ok(doc.includes(`| ${name} |`), `a row for ${id}`);
            if (!facts) continue;
            const section = sectionOf(`system-${id}`);
            for (const role of ["source", "destination"] as const) {
                for (const c of facts[role].entities)
                    assert.ok(section.includes(`- \`${c.id}\` as ${role}: ${c.evidence}`), `${id}: ${c.id} as ${role}`);
            }
            for (const source of facts.sources) assert.ok(section.includes(`<${source}>`), `${id} source ${source}`);
        }
        assert.ok(
            doc.includes(
                "| [`inbound-api`](#system-inbound-api) | Inbound API | **only** `orders`, `products`, `custom` | **never** | **none** |",
            ),
        );
        assert.ok(doc.includes("| each field once |"), "NetSuite and Brightpearl take each filter field once");
    });

    it("lists every operator with its value format, evidence and the research id it stands for", () => {
        for (const id of catalog.operatorIds) {
            const operator = catalog.filterOperators[id];
            const row = doc.split("\n").find((line) => line.startsWith(`| \`${id}\` |`));
            assert.ok(row, `a row for ${id}`);
            assert.ok(row.includes(`[${operator.valueFormat}](#value-formats)`), `${id} value format`);
            assert.ok(row.includes(`value: "${operator.example.value}"`), `${id} example`);
            assert.ok(row.includes(`| ${evidenceOf(operator)} |`), `${id} evidence`);
            assert.ok(row.includes(`\`${operator.research.id}\``), `${id} research id`);
        }
        for (const format of Object.keys(catalog.valueFormats)) assert.ok(doc.includes(`| \`${format}\` |`), `value format ${format}`);
    });

    for (const id of catalog.transformIds) {
        it(`documents the transform ${id} and each of its arguments`, () => {
            const transform = catalog.transforms[id];
            const section = sectionOf(`transform-${id}`);
            assert.ok(section.includes(`### \`${id}\` (${transform.label})`), "heading");
            assert.ok(section.includes(`Evidence: **${evidenceOf(transform)}**`), "evidence");
            for (const parameter of transform.parameters) {
                if (parameter.role === "source") {
                    assert.ok(
                        section.includes(`(\`${parameter.name}\`) are not arguments`),
                        `${parameter.name} is named as a source field`,
                    );
                    continue;
                }
                const row = section.split("\n").find((line) => line.startsWith(`| \`${parameter.name}\` | [${parameter.type}]`));
                assert.ok(row, `an argument row for ${parameter.name}`);
                assert.ok(row.includes(`| ${parameter.required ? "yes" : "no"} |`), `${parameter.name} required`);
                for (const value of parameter.allowedValues ?? [])
                    assert.ok(row.includes(`\`"${value}"\``), `${parameter.name} allows ${value}`);
            }
            for (const source of transform.sources) assert.ok(section.includes(`<${source}>`), `source ${source}`);
        });
    }

    it("gives the trigger's cron fields and every limit", () => {
        for (const field of catalog.trigger.schedule.fields)
            assert.ok(doc.includes(`| ${field.name} | ${field.min}-${field.max} |`), field.name);
        for (const [name, limit] of Object.entries(catalog.limits)) {
            const value = "value" in limit ? String(limit.value) : `${limit.min}-${limit.max}`;
            assert.ok(doc.includes(`| \`${name}\` | ${value} | ${evidenceOf(limit)} |`), name);
        }
    });

    it("is linked from the README's Services section", () => {
        const readme = readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
        const section = readme.slice(readme.indexOf("\n## Services\n"), readme.indexOf("\n## Policy pack\n"));
        assert.ok(section.includes("](docs/services.md)"), "the Services section links to docs/services.md");
    });
});
