// No API key, access token or credential value reaches an error or a log line: the SecretBook on
// its own, then the client's errors and logs when a server echoes what it was sent.
import assert from "node:assert/strict";
import { inspect } from "node:util";
import fc from "fast-check";
import { ApiError, type PatchworksClient } from "../../provider/client";
import { REDACTED, SecretBook } from "../../provider/client/redact";
import { ACCESS_TOKEN, API_KEY, rejectionOf, SHOPIFY_TOKEN, scriptedClient, shopifyUk } from "./fixtures";
import { checkProperty, seeded } from "./property";
import { answer, scriptedTransport, virtualTime, type Step } from "./virtual-time";

function book(...secrets: unknown[]): SecretBook {
    const secretBook = new SecretBook();
    secretBook.add(secrets);
    return secretBook;
}

describe("SecretBook", () => {
    const cases: { name: string; secrets: unknown[]; text: string; expected: string }[] = [
        { name: "masks every occurrence", secrets: ["abcd"], text: "key abcd and abcd", expected: "key [redacted] and [redacted]" },
        {
            name: "masks a secret inside a word when it has 4 characters or more",
            secrets: ["s3cr"],
            text: "xs3cry",
            expected: "x[redacted]y",
        },
        { name: "masks a 3-character secret standing alone", secrets: ["abc"], text: "id abc.", expected: "id [redacted]." },
        { name: "masks a 1-character secret standing alone", secrets: ["7"], text: "pin 7 of 17", expected: "pin [redacted] of 17" },
        { name: "leaves a short secret inside a word alone", secrets: ["ab"], text: "table tab ab", expected: "table tab [redacted]" },
        {
            name: "masks a short secret between punctuation",
            secrets: ["k9"],
            text: '{"pin":"k9"} /k9/',
            expected: '{"pin":"[redacted]"} /[redacted]/',
        },
        {
            name: "masks the longer of nested secrets whole",
            secrets: ["secret", "secret-long"],
            text: "x secret-long y",
            expected: "x [redacted] y",
        },
        {
            name: "masks a short secret inside a longer one with the longer one",
            secrets: ["ab", "ab-cd"],
            text: "ab-cd ab",
            expected: "[redacted] [redacted]",
        },
        { name: "masks a JSON-escaped echo", secrets: ['a"quoted"b'], text: '{"v":"a\\"quoted\\"b"}', expected: '{"v":"[redacted]"}' },
        { name: "masks a JSON-escaped backslash", secrets: ["C:\\keys"], text: '{"path":"C:\\\\keys"}', expected: '{"path":"[redacted]"}' },
        { name: "masks a URL-encoded echo", secrets: ["p@ss/word"], text: "?token=p%40ss%2Fword", expected: "?token=[redacted]" },
        {
            name: "masks a URL-encoded non-ASCII secret",
            secrets: ["pässwörd"],
            text: "/x/p%C3%A4ssw%C3%B6rd and pässwörd",
            expected: "/x/[redacted] and [redacted]",
        },
        { name: "treats regex characters literally", secrets: ["a.b*c+"], text: "a.b*c+ and axbbc", expected: "[redacted] and axbbc" },
        { name: "ignores empty and blank values", secrets: ["", "   "], text: "a   b", expected: "a   b" },
        { name: "ignores values that are not strings", secrets: [undefined, null, 1234, true], text: "1234 true", expected: "1234 true" },
        { name: "returns a text without secrets unchanged", secrets: ["abcd"], text: "nothing here", expected: "nothing here" },
    ];
    for (const { name, secrets, text, expected } of cases) {
        it(name, () => assert.equal(book(...secrets).redact(text), expected));
    }

    it("masks secrets added after it was first used", () => {
        const secrets = book("first-secret");
        assert.equal(secrets.redact("first-secret second-secret"), "[redacted] second-secret");
        secrets.add(["second-secret"]);
        assert.equal(secrets.redact("first-secret second-secret"), "[redacted] [redacted]");
    });

    // Tokens are separated by spaces; secrets use upper case, digits and symbols, filler words lower
    // case only, so the expected text is known exactly: each secret spelling becomes [redacted].
    const secretText = fc.string({ unit: fc.constantFrom(...'ABCXYZ0123456789-_.@/"\\%+&=:'), minLength: 1, maxLength: 16 });
    const filler = fc.string({ unit: fc.constantFrom(..."abcdefxyz"), minLength: 1, maxLength: 8 });
    const spellings = (secret: string) => [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)];
    it(seeded("masks every spelling of every secret, of any length, whole, and nothing else"), () => {
        checkProperty(
            fc.property(
                fc.uniqueArray(secretText, { minLength: 1, maxLength: 5 }),
                fc.array(
                    fc.oneof(
                        filler.map((word) => ({ word })),
                        fc.tuple(fc.nat(), fc.nat({ max: 2 })),
                    ),
                    { maxLength: 20 },
                ),
                (secrets, picks) => {
                    const tokens = picks.map((pick) =>
                        "word" in pick
                            ? { text: pick.word, secret: false }
                            : { text: spellings(secrets[pick[0] % secrets.length])[pick[1]], secret: true },
                    );
                    const text = tokens.map((t) => t.text).join(" ");
                    const expected = tokens.map((t) => (t.secret ? REDACTED : t.text)).join(" ");
                    assert.equal(book(...secrets).redact(text), expected);
                },
            ),
        );
    });
});

describe("the client's errors and logs", () => {
    const time = virtualTime();

    const SENT_CREDENTIAL = "shpat_rotated_00000000000000";
    const SHORT_CREDENTIAL = "k9z";
    const PASSWORD = "s3cr3t/p@ss w0rd";

    /** Everything a user could see of a failure: the message, the error as printed, its fields. */
    function visible(error: Error, logs: string[]): string {
        return [error.message, String(error), inspect(error, { depth: 10 }), JSON.stringify(error), ...logs].join("\n");
    }

    function assertNoSecret(text: string, secrets: string[]): void {
        for (const secret of secrets) {
            for (const spelling of [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]) {
                assert.ok(
                    !new RegExp(`(?<![A-Za-z0-9])${spelling.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![A-Za-z0-9])`).test(text),
                    `leaked ${spelling} in:\n${text}`,
                );
            }
        }
    }

    const echo = (secret: string): Step[] => [
        answer(422, {
            message: `Key ${API_KEY} may not set ${secret}`,
            errors: { [`credentials.${secret}`]: [`"${secret}" is not valid`], "credentials.accessToken": [`must not be ${secret}`] },
        }),
    ];

    const cases: {
        name: string;
        secrets: string[];
        steps: Step[];
        call: (client: PatchworksClient) => Promise<unknown>;
        settings?: { apiKey?: string; accessToken?: string };
    }[] = [
        {
            name: "a credential sent in a create, echoed in the message and in field names and reasons",
            secrets: [API_KEY, SHOPIFY_TOKEN],
            steps: echo(SHOPIFY_TOKEN),
            call: (client) => client.createConnector(shopifyUk),
        },
        {
            name: "a credential sent in an update, echoed in later errors of other requests too",
            secrets: [API_KEY, SENT_CREDENTIAL],
            steps: [answer(200, { data: { id: "sc_1" } }), answer(404, { message: `no connector holds ${SENT_CREDENTIAL}` })],
            call: async (client) => {
                await client.updateConnector("sc_1", { credentials: { accessToken: SENT_CREDENTIAL } }).catch(() => undefined);
                return client.getConnector("sc_1");
            },
        },
        {
            name: "a short credential, echoed as a word",
            secrets: [API_KEY, SHORT_CREDENTIAL],
            steps: echo(SHORT_CREDENTIAL),
            call: (client) => client.createConnector({ ...shopifyUk, credentials: { ...shopifyUk.credentials, pin: SHORT_CREDENTIAL } }),
        },
        {
            name: "the access token, echoed with its Bearer prefix",
            secrets: [ACCESS_TOKEN],
            settings: { apiKey: undefined, accessToken: ACCESS_TOKEN },
            steps: [answer(401, { message: `Token Bearer ${ACCESS_TOKEN} has expired` })],
            call: (client) => client.listConnectors(),
        },
        {
            name: "a credential in a path the server echoes, URL-encoded",
            secrets: [API_KEY, PASSWORD],
            steps: [
                answer(200, { data: { id: "sc_1" } }),
                answer(404, { message: `no route GET /api/v1/sftp/${encodeURIComponent(PASSWORD)}/inbox` }),
            ],
            call: async (client) => {
                await client.updateConnector("sc_1", { credentials: { password: PASSWORD } }).catch(() => undefined);
                return client.getConnector("sc_1");
            },
        },
        {
            name: "a secret in the request's own path, on every retry's log line",
            secrets: [API_KEY, SENT_CREDENTIAL],
            steps: [answer(503), answer(503), answer(503)],
            call: async (client) => {
                await client.updateConnector("sc_1", { credentials: { accessToken: SENT_CREDENTIAL } }).catch(() => undefined);
                return client.getConnector(`lookup ${SENT_CREDENTIAL}`);
            },
        },
    ];
    for (const { name, secrets, steps, call, settings } of cases) {
        it(`never shows ${name}`, async () => {
            const script = scriptedTransport(steps, answer(503));
            const { client, logs } = scriptedClient(script, { maxRetries: 1, ...settings });
            const error = await rejectionOf(time.settle(call(client)));
            assert.ok(error instanceof ApiError, String(error));
            assert.ok(logs.length > 0, "the client logged its requests");
            assert.ok(visible(error, logs).includes(REDACTED), "the echo was there, and masked");
            assertNoSecret(visible(error, logs), secrets);
            for (const property of ["config", "request", "response", "cause", "headers"]) assert.ok(!(property in error), property);
        });
    }

    it("masks field names and reasons in fieldErrors as in the message", async () => {
        const script = scriptedTransport(echo(SHOPIFY_TOKEN));
        const { client } = scriptedClient(script);
        const error = (await rejectionOf(time.settle(client.createConnector(shopifyUk)))) as ApiError;
        assert.deepEqual(error.fieldErrors, {
            "credentials.[redacted]": ['"[redacted]" is not valid'],
            "credentials.accessToken": ["must not be [redacted]"],
        });
        assert.equal(
            error.message,
            "Patchworks API POST /service-connectors failed (422): Key [redacted] may not set [redacted] — " +
                'credentials.[redacted]: "[redacted]" is not valid; credentials.accessToken: must not be [redacted]',
        );
    });
});
