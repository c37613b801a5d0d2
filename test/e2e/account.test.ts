// The account as the provider meets it, under the real Pulumi engine (issue 13): company groups of
// the profile checked at preview, connectors made in the dashboard found by getConnector and used
// by a Service, and credentials that do not authenticate caught after a write. Each scenario ends
// with what exists in the emulator, by id, and a scan of the state and output for every secret.
import { strict as assert } from "node:assert";
import type { EngineEvent, PulumiFn } from "@pulumi/pulumi/automation";
import { Connector, getConnector, getConnectorOutput, Service, type ConnectorArgs, type ConnectorReference } from "../../sdk";
import { assertNoStackTrace, type SecretBook } from "../reliability/harness";
import { e2eWorld, stateIds } from "../support/e2e-world";
import type { LoggedRequest } from "../support/emulator";

const isWrite = (r: LoggedRequest) => r.method !== "GET";

function connectors(declared: Record<string, ConnectorArgs>): PulumiFn {
    return async () => {
        const ids: Record<string, unknown> = {};
        for (const [name, args] of Object.entries(declared)) ids[name] = new Connector(name, args).connectorId;
        return ids;
    };
}

function warningsOf(events: EngineEvent[]): string[] {
    return events.flatMap((e) => (e.diagnosticEvent?.severity === "warning" ? [e.diagnosticEvent.message.trim()] : []));
}

describe("end to end: the account (company groups, lookups, credential verification)", function () {
    this.timeout(240_000);

    const world = e2eWorld();
    const { scan, output, newStack } = world;

    it("fails the preview of a connector whose company group the profile lacks, naming it and listing the groups, with no write", async () => {
        const { stack } = await newStack(
            connectors({
                "veeqo-mars-live": {
                    system: "veeqo",
                    environment: "live",
                    companyGroup: " Mars ",
                    credentials: { token: scan.book.make("veeqo") },
                },
            }),
        );
        const message = await scan.transcript.failure(stack.preview(output()));
        assert.match(
            message,
            /companyGroup "Mars" is not a company group of this Patchworks account \(its groups are: uk, fr, de, eu, us, europe, group-0,/,
        );
        assert.match(
            message,
            /and \d+ more\)\. Add it to the company profile in the Patchworks dashboard first, or use one of those; omit companyGroup for the default group/,
        );
        assertNoStackTrace(message);
        assert.deepEqual((await world.emulator.requests()).filter(isWrite), []);
    });

    describe("getConnector finds a connector made in the dashboard, and a Service uses it as a reference", () => {
        const forms: { title: string; lookup: () => Promise<ConnectorReference> | ConnectorReference }[] = [
            { title: "getConnector", lookup: () => getConnector({ system: "netsuite", environment: "live", companyGroup: " UK " }) },
            {
                title: "getConnectorOutput",
                lookup: () => getConnectorOutput({ system: "netsuite", environment: "live", companyGroup: "uk" }),
            },
        ];
        for (const form of forms) {
            it(`with ${form.title}: up creates the service on it, a preview shows no change, destroy leaves it in Patchworks`, async () => {
                const netsuite = await world.api.createConnector({
                    system: "netsuite",
                    environment: "live",
                    companyGroup: "uk",
                    name: "NetSuite (authorised by Jane)",
                    timezone: "UTC",
                    dateFormat: "yyyy-MM-dd HH:mm:ss",
                    authType: "suitetalk-oauth",
                    credentials: {},
                });
                const token = scan.book.make("shopify");
                const { stack } = await newStack(async () => {
                    const shopify = new Connector("shopify-uk-live", {
                        system: "shopify",
                        environment: "live",
                        companyGroup: "uk",
                        authType: "token",
                        credentials: { storeUrl: "acme-uk.myshopify.com", accessToken: token },
                    });
                    const service = new Service("uk-orders-to-netsuite", {
                        source: { connector: shopify, entity: "orders" },
                        destination: { connector: await form.lookup(), entity: "orders" },
                    });
                    return { serviceId: service.serviceId, destinationSystem: service.destinationSystem };
                });
                const up = await scan.transcript.run(stack.up(output()));
                const service = await world.api.getService(up.outputs.serviceId.value as string);
                assert.equal(service.destination.connectorId, netsuite.id);
                assert.equal(up.outputs.destinationSystem.value, "netsuite");

                const mark = (await world.emulator.requests()).length;
                await scan.transcript.run(stack.preview({ ...output(), expectNoChanges: true }));
                assert.deepEqual((await world.emulator.requests()).slice(mark).filter(isWrite), []);

                await scan.transcript.run(stack.destroy(output()));
                assert.deepEqual(
                    (await world.api.listServices()).map((s) => s.id),
                    [],
                );
                assert.deepEqual(
                    (await world.api.listConnectors()).map((c) => c.id),
                    [netsuite.id],
                    "the dashboard's connector stays",
                );
            });
        }

        it("fails the program in one line when the account has no such connector", async () => {
            const { stack } = await newStack(async () => {
                await getConnector({ system: "netsuite", environment: "live", companyGroup: "fr" });
            });
            const message = await scan.transcript.failure(stack.preview(output()));
            assert.match(
                message,
                /patchworks\.getConnector\(\{ system: "netsuite", environment: "live", companyGroup: "fr" \}\): no live netsuite connector in company group "fr" in the Patchworks account \(connectors of netsuite: none\)/,
            );
            assertNoStackTrace(message);
        });
    });

    describe("credentials that do not work, after a write that sends them", () => {
        interface Broken {
            title: string;
            status: "failed_authentication" | "unreachable";
            args: (book: SecretBook) => ConnectorArgs;
            fix: RegExp;
            repaired: (book: SecretBook) => ConnectorArgs;
        }
        const shopify = (token: string): ConnectorArgs => ({
            system: "shopify",
            environment: "live",
            companyGroup: "uk",
            name: "Shopify UK",
            authType: "token",
            credentials: { storeUrl: "acme-uk.myshopify.com", accessToken: token },
        });
        const magento = (baseUrl: string, book: SecretBook): ConnectorArgs => ({
            system: "magento-2",
            environment: "live",
            name: "Magento",
            credentials: { baseUrl, accessToken: book.make("magento") },
        });
        const BROKEN: Broken[] = [
            {
                title: "a token the system refuses",
                status: "failed_authentication",
                // The emulator refuses a value that starts with "invalid"; the book still finds the value if it leaks.
                args: (book) => shopify(`invalid-${book.make("shopify")}`),
                fix: /its credentials did not authenticate: rotate them \(set the current values and run `pulumi up`\)/,
                repaired: (book) => shopify(book.make("rotated")),
            },
            {
                title: "a host that cannot be reached",
                status: "unreachable",
                args: (book) => magento("https://acme-shop.invalid", book),
                fix: /Patchworks cannot reach the system: check the store URL or host in its credentials/,
                repaired: (book) => magento("https://acme-shop.example.com", book),
            },
        ];

        for (const broken of BROKEN) {
            it(`verifyCredentials=fail fails up for ${broken.title}, keeping the connector in the state and in Patchworks; rotating fixes it in place`, async () => {
                const name = "store";
                const { stack } = await newStack(connectors({ [name]: broken.args(scan.book) }), {
                    "patchworks:verifyCredentials": { value: "fail" },
                });
                const message = await scan.transcript.failure(stack.up(output()));
                const [created] = await world.api.listConnectors();
                assert.equal(created.status, broken.status);
                assert.match(
                    message,
                    new RegExp(`connector ${created.id} \\("${created.name.replace(/[()]/g, "\\$&")}"\\) is ${broken.status}: `),
                );
                assert.match(message, broken.fix);
                assertNoStackTrace(message);
                assert.deepEqual(await stateIds(stack), [created.id], "the connector is in the state");
                assert.equal((await world.api.getConnector(created.id)).id, created.id, "and in Patchworks");

                // The advice, followed literally: set working credentials and run `pulumi up`.
                stack.workspace.program = connectors({ [name]: broken.repaired(scan.book) });
                const mark = (await world.emulator.requests()).length;
                await scan.transcript.run(stack.up(output()));
                assert.deepEqual(
                    (await world.emulator.requests())
                        .slice(mark)
                        .filter(isWrite)
                        .map((r) => r.method),
                    ["PATCH"],
                    "an update in place",
                );
                const after = await world.api.getConnector(created.id);
                assert.equal(after.status, "operational");
                assert.deepEqual(await stateIds(stack), [created.id]);
            });
        }

        for (const broken of BROKEN) {
            it(`warns once by default for ${broken.title}, naming the connector and the fix, never the value`, async () => {
                const { stack } = await newStack(connectors({ store: broken.args(scan.book) }));
                const events: EngineEvent[] = [];
                await scan.transcript.run(stack.up({ ...output(), onEvent: (e) => events.push(e) }));
                const [created] = await world.api.listConnectors();
                const warnings = warningsOf(events);
                assert.equal(warnings.length, 1, warnings.join("\n"));
                assert.match(warnings[0], new RegExp(`^connector ${created.id} \\(".*"\\) is ${broken.status}: `));
                assert.match(warnings[0], broken.fix);
                assert.match(warnings[0], /\(patchworks:verifyCredentials=fail makes this an error\)$/);
                scan.transcript.add(warnings.join("\n"));
            });
        }

        it("prints no warning with verifyCredentials=off", async () => {
            const { stack } = await newStack(connectors({ store: BROKEN[0].args(scan.book) }), {
                "patchworks:verifyCredentials": { value: "off" },
            });
            const events: EngineEvent[] = [];
            await scan.transcript.run(stack.up({ ...output(), onEvent: (e) => events.push(e) }));
            assert.deepEqual(warningsOf(events), []);
            assert.equal((await world.api.listConnectors())[0].status, "failed_authentication", "the connector is broken all the same");
        });
    });
});
