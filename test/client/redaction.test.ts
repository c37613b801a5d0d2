// No API key, access token or credential value may reach an error or a log line, even when the
// server echoes them back.
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { PatchworksApiError, ValidationError } from "../../provider/client";
import { FakeServer } from "./fake-server";
import { ACCESS_TOKEN, API_KEY, rejectionOf, SHOPIFY_TOKEN, shopifyUk, testClient } from "./fixtures";

function assertNoSecret(text: string, secrets: string[]): void {
    for (const secret of secrets) assert.ok(!text.includes(secret), `leaked ${secret} in: ${text}`);
}

describe("redaction", () => {
    let server: FakeServer;

    beforeEach(async () => {
        server = await FakeServer.start();
    });

    afterEach(async () => {
        await server.close();
    });

    it("masks an API key and a credential value the server echoes back", async () => {
        server.answerRest({
            status: 422,
            body: {
                message: `Key ${API_KEY} may not set token ${SHOPIFY_TOKEN}`,
                errors: { "credentials.accessToken": [`"${SHOPIFY_TOKEN}" is not valid`] },
            },
        });
        const { client, logs } = testClient(server);
        const error = await rejectionOf(client.createConnector(shopifyUk));
        assert.ok(error instanceof ValidationError);
        assert.equal(
            error.message,
            "Patchworks API POST /service-connectors failed (422): Key [redacted] may not set token [redacted] — " +
                'credentials.accessToken: "[redacted]" is not valid',
        );
        assert.deepEqual(error.fieldErrors, { "credentials.accessToken": ['"[redacted]" is not valid'] });
        assert.ok(logs.length > 0);
        assertNoSecret([...logs, error.message, inspect(error, { depth: 10 })].join("\n"), [API_KEY, SHOPIFY_TOKEN]);
    });

    it("masks an echoed access token and attaches no request details to the error", async () => {
        server.answerRest({ status: 401, body: { message: `Token Bearer ${ACCESS_TOKEN} has expired` } });
        const { client, logs } = testClient(server, { apiKey: undefined, accessToken: ACCESS_TOKEN });
        const error = await rejectionOf(client.listConnectors());
        assert.ok(error instanceof PatchworksApiError);
        assert.match(error.message, /Token Bearer \[redacted\] has expired\. Check patchworks:apiKey/);
        for (const property of ["config", "request", "response", "cause"]) assert.ok(!(property in error), property);
        assertNoSecret([...logs, error.message, inspect(error, { depth: 10 })].join("\n"), [ACCESS_TOKEN]);
    });

    it("masks credential values sent in an update, in later errors too", async () => {
        const rotated = "shpat_rotated_0000000000000";
        server.answerNext(
            { status: 503, body: { message: `cannot store ${rotated}` } },
            { status: 503, body: { message: `cannot store ${rotated}` } },
        );
        server.answerRest({ status: 404, body: { message: `no connector holds ${rotated}` } });
        const { client, logs } = testClient(server, { maxRetries: 1 });
        const update = await rejectionOf(client.updateConnector("sc_1", { credentials: { accessToken: rotated } }));
        const read = await rejectionOf(client.getConnector("sc_1"));
        assert.match(update.message, /cannot store \[redacted\]$/);
        assert.match(read.message, /no connector holds \[redacted\]$/);
        assertNoSecret([...logs, update.message, read.message].join("\n"), [rotated, API_KEY]);
    });
});
