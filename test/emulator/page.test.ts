// The emulator's page (GET /) and the JSON its script polls, read over plain HTTP: which values
// it shows and which it masks (also the ones Fabric itself returns in clear), the tab each
// environment lands on, that it only reads, and that it asks nothing of any other host.
// test/e2e/page.test.ts reads the same page in a real browser.
import { strict as assert } from "node:assert";
import { connectorPath, createConnector, emulatorSuite } from "./suite";

const pageHtml = async (http: ReturnType<typeof emulatorSuite>["emulator"]) => {
    const answer = await http.request("GET", "/", { auth: { as: "none" } });
    assert.equal(answer.status, 200);
    const polled = await http.request("GET", "/page.json", { auth: { as: "none" } });
    assert.equal(polled.status, 200);
    return { page: String(answer.body), polled: JSON.stringify(polled.body) };
};

describe("emulator: the page at GET /", () => {
    const suite = emulatorSuite({ companyGroups: ["UK Store", "France Store"] });
    const http = () => suite.emulator;

    // [system, values the page must never show, values the catalog calls harmless, shown as sent]
    const cases: [string, string[], string[]][] = [
        ["Shopify", ["shpat_emulator_secret"], ["acme.myshopify.com"]],
        ["Netsuite", ["token-id-secret", "token-secret"], ["123456"]],
        ["Veeqo", ["veeqo-token-secret"], []],
        ["Peoplevox", ["pvx-password"], ["https://qac.peoplevox.net/"]],
        ["Rebound", ["rebound-key"], ["https://test.intelligentreturns.net"]],
        ["SapB1", ["sap-password"], ["SBODEMO"]],
        // Fabric returns api_secret and the FTP password in clear (fact sheet 4.5); the page does not.
        ["Emarsys", ["emarsys-secret", "ftp-secret"], []],
    ];
    for (const [system, hidden, shown] of cases) {
        it(`${system}: masks ${hidden.join(", ")}${shown.length > 0 ? `, shows ${shown.join(", ")}` : ""}`, async () => {
            await createConnector(http(), system);
            const { page, polled } = await pageHtml(http());
            for (const value of hidden) {
                assert.ok(!page.includes(value), `the page shows ${value}`);
                assert.ok(!polled.includes(value), `/page.json carries ${value}`);
            }
            for (const value of shown) assert.ok(page.includes(value), `the page lacks ${value}`);
            assert.ok(page.includes("*****"), "a masked value reads as the mask");
        });
    }

    it("masks what Fabric returns in clear: the API shows Emarsys's api_secret, the page does not", async () => {
        const connector = await createConnector(http(), "Emarsys");
        assert.equal(connector.credentials.api_secret, "emarsys-secret", "the emulator answers as Fabric does");
        const { page } = await pageHtml(http());
        assert.ok(!page.includes("emarsys-secret"));
    });

    // [environment, the tab it is on]
    const tabs: [string, string][] = [
        ["live", "live"],
        ["test", "testing"],
        ["dev", "testing"],
        ["staging", "testing"],
    ];
    for (const [environment, tab] of tabs) {
        it(`puts a connector of environment "${environment}" on the ${tab} tab of its group`, async () => {
            const connector = await createConnector(http(), "Veeqo", { environment, integration_id: 2 });
            const { page } = await pageHtml(http());
            const panel = new RegExp(`<div class="panel" id="france_store-${tab}"[^>]*>(.*?)</div>`).exec(page);
            assert.ok(panel, `no ${tab} panel for France Store`);
            assert.ok(panel[1].includes(`data-connector-id="${connector.id}"`), `${connector.id} is not on the ${tab} tab`);
        });
    }

    it("escapes what the account holds: a connector name is text, never markup", async () => {
        await createConnector(http(), "Veeqo", { connectorName: `<img src=x onerror="alert(1)">` });
        const { page } = await pageHtml(http());
        assert.ok(!page.includes("<img"));
        assert.ok(page.includes("&#60;img src=x onerror=&#34;alert(1)&#34;&#62;"));
    });

    it("lists the request count and the last requests, newest first", async () => {
        await createConnector(http(), "Veeqo");
        const created = await createConnector(http(), "Shopify");
        await http().request("DELETE", connectorPath(created.id));
        const logged = await http().requests();
        const { page } = await pageHtml(http());
        assert.ok(page.includes(`data-count="${logged.length}"`));
        const listed = [
            ...page.matchAll(/<span class="method">(\w+)<\/span> <code class="path">([^<]+)<\/code> <span class="http-status \w+">(\d+)/g),
        ];
        assert.deepEqual(listed[0].slice(1), ["DELETE", "/api/v2/connectors/uk_store%7C2", "200"]);
    });

    it("only reads: writes to the page's routes are unknown routes, and no request of the page is logged as an API request", async () => {
        for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
            for (const path of ["/", "/page.json"]) {
                const answer = await http().request(method, path, { json: {}, auth: { as: "none" } });
                assert.equal(answer.status, 404, `${method} ${path}`);
            }
        }
        assert.deepEqual(await http().requests(), []);
    });

    it("asks nothing of any other host: a strict Content-Security-Policy, and no address in the page, its script or its styles", async () => {
        const answer = await fetch(`${http().url}/`);
        assert.match(answer.headers.get("content-security-policy") ?? "", /default-src 'none'; script-src 'self'; style-src 'self'/);
        for (const path of ["/", "/page.js", "/page.css"]) {
            const text = await (await fetch(`${http().url}${path}`)).text();
            assert.doesNotMatch(text, /https?:|\/\/[a-z]/i, `${path} names another host`);
        }
    });
});
