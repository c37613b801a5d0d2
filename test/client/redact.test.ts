import assert from "node:assert/strict";
import { redact } from "../../provider/client";

describe("redact", () => {
    const cases: { name: string; text: string; secrets: string[]; expected: string }[] = [
        { name: "masks every occurrence", text: "key abcd and abcd", secrets: ["abcd"], expected: "key [redacted] and [redacted]" },
        { name: "leaves short values alone", text: "id abc", secrets: ["abc"], expected: "id abc" },
        { name: "masks the longer of overlapping secrets whole", text: "x secret-long y", secrets: ["secret", "secret-long"], expected: "x [redacted] y" },
        { name: "masks a JSON-escaped echo", text: '{"v":"a\\"quoted\\"b"}', secrets: ['a"quoted"b'], expected: '{"v":"[redacted]"}' },
        { name: "masks a URL-encoded echo", text: "?token=p%40ss%2Fword", secrets: ["p@ss/word"], expected: "?token=[redacted]" },
        { name: "treats regex characters literally", text: "a.b*c+ and axbyc", secrets: ["a.b*c+"], expected: "[redacted] and axbyc" },
        { name: "returns text without secrets unchanged", text: "nothing here", secrets: [], expected: "nothing here" },
    ];
    for (const { name, text, secrets, expected } of cases) {
        it(name, () => assert.equal(redact(text, secrets), expected));
    }
});
