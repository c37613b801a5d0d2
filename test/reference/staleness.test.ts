// schema.json and the docs/ references are committed so users can read them without building; this
// fails as soon as any no longer matches the SDK and catalog they are generated from.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import path from "node:path";
import { generateReference, REPO_ROOT } from "../../scripts/generate-reference";

/** The first line where two texts part, so a stale file points at what changed. */
function firstDifference(committed: string, fresh: string): string {
    const a = committed.split("\n");
    const b = fresh.split("\n");
    const line = a.findIndex((text, i) => text !== b[i]);
    const at = line === -1 ? a.length : line;
    return `line ${at + 1}:\n  committed: ${a[at] ?? "(end of file)"}\n  generated: ${b[at] ?? "(end of file)"}`;
}

describe("reference files are up to date", () => {
    const fresh = generateReference();

    it("generates schema.json, the systems catalog, docs/systems.md and docs/services.md", () => {
        assert.deepEqual(Object.keys(fresh).sort(), [
            "docs/services.md",
            "docs/systems.md",
            "provider/catalog/systems.json",
            "schema.json",
        ]);
    });

    for (const [file, content] of Object.entries(fresh)) {
        it(`committed ${file} equals a fresh generation`, () => {
            const committed = readFileSync(path.join(REPO_ROOT, file), "utf8");
            assert.ok(
                committed === content,
                `${file} is stale: run \`npm run build && npm run schema\` and commit the result. ` +
                    `First difference at ${firstDifference(committed, content)}`,
            );
        });
    }

    it("generates the same bytes twice", () => {
        assert.deepEqual(generateReference(), fresh);
    });

    it("points at the first differing line", () => {
        assert.equal(firstDifference("a\nb\nc", "a\nB\nc"), "line 2:\n  committed: b\n  generated: B");
        assert.equal(firstDifference("a", "a\nb"), "line 2:\n  committed: (end of file)\n  generated: b");
    });
});
