// No API key, access token or credential value reaches an error or a log line: the SecretBook on
// its own, then the client's errors and logs when a server echoes what it was sent.
import assert from "node:assert/strict";
import { inspect } from "node:util";
import fc from "fast-check";
import { ApiError, type PatchworksClient } from "../../provider/client";
import { REDACTED, SecretBook } from "../../provider/client/redact";
import {
    ACCESS_TOKEN,
    API_KEY,
    CONNECTOR_SECRET,
    connectorCreate,
    get,
    PASSWORD,
    rejectionOf,
    SCRIPTED_LOGIN_URL,
    scriptedClient,
    send,
    SIGN_INS,
} from "./fixtures";
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
    const SFTP_PASSWORD = "s3cr3t/p@ss w0rd";
    const SESSION_TOKEN = "session-token-0123456789";

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
            errors: { [`credentials.${secret}`]: [`"${secret}" is not valid`], "credentials.access_token": [`must not be ${secret}`] },
        }),
    ];

    /** A connector write whose credential values the caller (a wire module) hands the SecretBook, as they must. */
    function write(client: PatchworksClient, credentials: Record<string, string>, path = "/connectors") {
        client.secrets.add(Object.values(credentials));
        return client.request(send({ method: "PUT", path, body: { environment: "live", credentials } }, { verifiesCredentials: true }));
    }

    const cases: {
        name: string;
        secrets: string[];
        steps: Step[];
        call: (client: PatchworksClient) => Promise<unknown>;
        settings?: Record<string, string>;
    }[] = [
        {
            name: "a credential sent in a write, echoed in the message and in field names and reasons",
            secrets: [API_KEY, CONNECTOR_SECRET],
            steps: echo(CONNECTOR_SECRET),
            call: (client) => write(client, { access_token: CONNECTOR_SECRET }),
        },
        {
            name: "a credential sent in one write, echoed in later errors of other requests too",
            secrets: [API_KEY, SENT_CREDENTIAL],
            steps: [answer(200, { data: {} }), answer(404, { message: `no connector holds ${SENT_CREDENTIAL}` })],
            call: async (client) => {
                await write(client, { access_token: SENT_CREDENTIAL }).catch(() => undefined);
                return client.request(get("/connectors/uk_store%7C12"));
            },
        },
        {
            name: "a short credential, echoed as a word",
            secrets: [API_KEY, SHORT_CREDENTIAL],
            steps: echo(SHORT_CREDENTIAL),
            call: (client) => write(client, { pin: SHORT_CREDENTIAL }),
        },
        {
            name: "the access token, echoed with its Bearer prefix",
            secrets: [ACCESS_TOKEN],
            settings: SIGN_INS.accessToken,
            steps: [answer(401, { message: `Token Bearer ${ACCESS_TOKEN} has expired` })],
            call: (client) => client.request(get("/connectors")),
        },
        {
            name: "the password, echoed by a login that refuses it",
            secrets: [PASSWORD],
            settings: SIGN_INS.login,
            steps: [answer(401, { message: `Incorrect email or password ${PASSWORD}.` })],
            call: (client) => client.request(get("/connectors")),
        },
        {
            name: "a session token from a login, echoed by a later answer",
            secrets: [PASSWORD, SESSION_TOKEN],
            settings: SIGN_INS.login,
            steps: [answer(200, { token: SESSION_TOKEN }), answer(400, { message: `token ${SESSION_TOKEN} is not for this route` })],
            call: (client) => client.request(get("/connectors")),
        },
        {
            name: "a credential in a path the server echoes, URL-encoded",
            secrets: [API_KEY, SFTP_PASSWORD],
            steps: [
                answer(200, { data: {} }),
                answer(404, { message: `no route GET /api/v2/sftp/${encodeURIComponent(SFTP_PASSWORD)}/inbox` }),
            ],
            call: async (client) => {
                await write(client, { password: SFTP_PASSWORD }).catch(() => undefined);
                return client.request(get("/connectors/uk_store%7C12"));
            },
        },
        {
            name: "a secret in the request's own path, on every retry's log line",
            secrets: [API_KEY, SENT_CREDENTIAL],
            steps: [answer(503), answer(503), answer(503)],
            call: async (client) => {
                await write(client, { access_token: SENT_CREDENTIAL }).catch(() => undefined);
                return client.request(get(`/lookup/${SENT_CREDENTIAL}`));
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

    it("never puts the password in the login's log lines or its error", async () => {
        const script = scriptedTransport([answer(401, { message: "Incorrect email or password." })]);
        const { client, logs } = scriptedClient(script, SIGN_INS.login);
        const error = await rejectionOf(time.settle(client.request(get("/connectors"))));
        assert.deepEqual(logs, [`POST ${SCRIPTED_LOGIN_URL} -> 401 in 0 ms (attempt 1)`]);
        assertNoSecret(visible(error, logs), [PASSWORD]);
    });

    it("masks field names and reasons in fieldErrors as in the message", async () => {
        const script = scriptedTransport(echo(CONNECTOR_SECRET));
        const { client } = scriptedClient(script);
        const error = (await rejectionOf(time.settle(write(client, { access_token: CONNECTOR_SECRET })))) as ApiError;
        assert.deepEqual(error.fieldErrors, {
            "credentials.[redacted]": ['"[redacted]" is not valid'],
            "credentials.access_token": ["must not be [redacted]"],
        });
        assert.equal(
            error.message,
            "Patchworks API PUT /connectors failed (422): Key [redacted] may not set [redacted] — " +
                'credentials.[redacted]: "[redacted]" is not valid; credentials.access_token: must not be [redacted]',
        );
        assert.equal(error.serverMessage, "Key [redacted] may not set [redacted]");
    });

    it("masks a connector create's credential in a credential-check failure", async () => {
        const script = scriptedTransport([answer(401, { message: `remote refused token ${CONNECTOR_SECRET}` })]);
        const { client } = scriptedClient(script);
        const create = connectorCreate();
        client.secrets.add([CONNECTOR_SECRET]);
        const error = await rejectionOf(time.settle(client.request(create)));
        assert.equal(error.message, "Patchworks API POST /connectors failed (401): remote refused token [redacted]");
    });
});
