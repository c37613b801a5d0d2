// The committed docs/systems.md covers the whole catalog: every system, auth type and credential key,
// with whether it is secret and required and the evidence it rests on.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import path from "node:path";
import { type SystemEntry, systemIds, systems } from "../../provider/catalog";
import { REPO_ROOT } from "../../scripts/generate-reference";

const doc = readFileSync(path.join(REPO_ROOT, "docs/systems.md"), "utf8");

/** The text from a system's anchor to the next one. */
function sectionOf(system: SystemEntry): string {
    const start = doc.indexOf(`<a id="${system.id}"></a>`);
    assert.notEqual(start, -1, `docs/systems.md has a section for ${system.id}`);
    const next = doc.indexOf('<a id="', start + 1);
    return doc.slice(start, next === -1 ? undefined : next);
}

const yesNo = (flag: boolean) => (flag ? "yes" : "no");

describe("docs/systems.md", () => {
    it(`has a section for each of the ${systemIds.length} systems`, () => {
        assert.equal((doc.match(/^## /gm) ?? []).length, systemIds.length);
    });

    for (const id of systemIds) {
        it(`documents ${id} completely`, () => {
            const system = systems[id];
            const section = sectionOf(system);
            assert.ok(section.includes(`(\`${id}\`)`), "heading names the id");
            assert.ok(
                section.includes(`Evidence: **${system.evidence}**. Patchworks system \`${system.factoryName}\``),
                "evidence and factory name",
            );
            for (const authType of system.authTypes) {
                assert.ok(section.includes(`### \`${authType.id}\``), `auth type ${authType.id}`);
                for (const [flag, value] of Object.entries(authType.flags)) {
                    assert.ok(section.includes(`\`${flag}: ${JSON.stringify(value)}\``), `flag ${flag}`);
                }
                for (const field of authType.fields) {
                    const row = `| \`${field.key}\` | ${field.label} | ${yesNo(field.required)} | ${yesNo(field.secret)} | ${field.evidence} |`;
                    assert.ok(section.includes(row), `field row ${row}`);
                }
            }
            const cannotCreate = /Pulumi cannot create it: authorise the connector in the Patchworks dashboard/.test(section);
            assert.equal(cannotCreate, system.oauthOnly, "says when only the dashboard can create it");
        });
    }

    it("is linked from the README", () => {
        const readme = readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
        assert.ok(readme.includes("](docs/systems.md)"), "README.md links to docs/systems.md");
    });
});
