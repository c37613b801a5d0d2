// The emulator's page in a real browser (issue 21): headless Chromium, driven over the DevTools
// protocol, loads GET / after a `pulumi up` of the demo's program (examples/quickstart) and the
// test reads the DOM as a person reads the page: which connectors are on which tab of which
// group, the service's schedule and status, no secret value anywhere; with JavaScript off the
// page is still complete; and it follows a `pulumi destroy` without a reload. The screenshot is
// left in .e2e/artifacts/ for a person to look at.
import { strict as assert } from "node:assert";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type Browser, type BrowserPage, findChromium, launchChromium } from "../../scripts/chromium";
import { startEmulator, type RunningEmulator } from "../support/emulator";
import { createTestStack, pulumiCli, REPO_ROOT, type TestStack } from "../support/pulumi";

/** What scripts/demo starts the emulator with. */
const DEMO_COMPANY_GROUPS = ["UK Store", "France Store"];
/** The secrets examples/quickstart reads from stack config; none of these values may reach the page. */
const QUICKSTART_SECRETS = Object.fromEntries(
    [
        "shopifyUkToken",
        "shopifyUkTestToken",
        "shopifyFrToken",
        "netsuiteTokenId",
        "netsuiteTokenSecret",
        "netsuiteConsumerKey",
        "netsuiteConsumerSecret",
    ].map((key) => [key, `page-test-${key}-value`]),
);
const ARTIFACT = path.join(REPO_ROOT, ".e2e", "artifacts", "emulator-page.png");

interface GroupView {
    readonly name: string;
    readonly shownTab: string;
    readonly tabs: Record<string, string[]>;
}

/** Per group section: its heading, the tab the script shows, and the connector names of each tab's panel. */
const READ_GROUPS = `[...document.querySelectorAll("section.group")].map((section) => ({
    name: section.querySelector("h2").firstChild.textContent.trim(),
    shownTab: [...section.querySelectorAll('[role="tabpanel"]')].filter((panel) => !panel.hidden).map((panel) => panel.dataset.tab).join(","),
    tabs: Object.fromEntries([...section.querySelectorAll('[role="tabpanel"]')].map((panel) =>
        [panel.dataset.tab, [...panel.querySelectorAll("tr[data-connector-id] td.name")].map((cell) => cell.textContent)])),
}))`;

const READ_SERVICES = `[...document.querySelectorAll("tr[data-service-id]")].map((row) => ({
    group: row.closest("section.group").querySelector("h2").firstChild.textContent.trim(),
    name: row.querySelector(".name").textContent,
    status: row.querySelector(".status").textContent,
    flow: row.querySelector(".flow").textContent,
    environments: row.querySelector(".environments").textContent,
    schedule: row.querySelector(".schedule").textContent,
    filters: row.querySelector(".filters").textContent,
}))`;

const EXPECTED_CONNECTORS = {
    "UK Store": { live: ["NetSuite UK", "Shopify UK"], testing: ["Shopify UK (staging)"] },
    "France Store": { live: ["Shopify France"], testing: [] },
};

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
    const deadline = Date.now() + 15_000;
    for (;;) {
        const value = await read();
        if (done(value)) return value;
        if (Date.now() > deadline) assert.fail(`the page never showed ${what}; last: ${JSON.stringify(value)}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
    }
}

function connectorsByGroup(groups: readonly GroupView[]): Record<string, Record<string, string[]>> {
    return Object.fromEntries(groups.map((group) => [group.name, { live: group.tabs.live.sort(), testing: group.tabs.testing.sort() }]));
}

describe("end to end: the emulator's page in headless Chromium", function () {
    this.timeout(240_000);
    const chromium = findChromium();
    let emulator: RunningEmulator;
    let testStack: TestStack;
    let browser: Browser;
    let page: BrowserPage;

    before(async function () {
        if ("missing" in chromium) {
            console.log(`    skipping the browser test: ${chromium.missing}`);
            this.skip();
        }
        this.timeout(30 * 60_000); // a cold build of the CLI from Go modules, once per machine
        await pulumiCli();
        emulator = await startEmulator({ companyGroups: DEMO_COMPANY_GROUPS });
        testStack = await createTestStack({ emulator, exampleDir: path.join(REPO_ROOT, "examples", "quickstart") });
        await testStack.stack.setAllConfig(
            Object.fromEntries(Object.entries(QUICKSTART_SECRETS).map(([key, value]) => [key, { value, secret: true }])),
        );
        await testStack.stack.up();
        browser = await launchChromium((chromium as { path: string }).path);
        page = await browser.newPage();
        await page.open(`${emulator.url}/`);
    });
    after(async () => {
        await browser?.close();
        testStack?.dispose();
        await emulator?.stop();
    });

    it("shows the four connectors on the right tabs of the right groups, live first", async () => {
        const groups = await page.evaluate<GroupView[]>(READ_GROUPS);
        assert.deepEqual(connectorsByGroup(groups), EXPECTED_CONNECTORS);
        assert.deepEqual(
            groups.map((group) => group.shownTab),
            ["live", "live"],
        );
        await page.evaluate(`document.querySelector('section[data-group="uk_store"] [role="tab"][data-tab="testing"]').click()`);
        const afterClick = await page.evaluate<GroupView[]>(READ_GROUPS);
        assert.deepEqual(
            afterClick.map((group) => group.shownTab),
            ["testing", "live"],
            "the testing tab of UK Store shows, France Store keeps its own tab",
        );
        await page.evaluate(`document.querySelector('section[data-group="uk_store"] [role="tab"][data-tab="live"]').click()`);
    });

    it("shows the service with its flow, schedule and status", async () => {
        assert.deepEqual(await page.evaluate(READ_SERVICES), [
            {
                group: "UK Store",
                name: "UK orders to NetSuite",
                status: "Active",
                flow: "Shopify Orders → NetSuite Orders",
                environments: "live → live",
                schedule: "*/15 * * * *",
                filters: "1",
            },
        ]);
    });

    it("counts the API requests `pulumi up` sent", async () => {
        const logged = (await emulator.requests()).length;
        const shown = await page.evaluate<string>(`document.querySelector(".request-count").dataset.count`);
        assert.equal(Number(shown), logged);
        assert.ok(logged > 0);
    });

    it("never shows a secret value, in the page or in what its script polls", async () => {
        const html = await page.evaluate<string>("document.documentElement.outerHTML");
        const polled = await page.evaluate<string>(`fetch("/page.json").then((response) => response.text())`);
        for (const [key, value] of Object.entries(QUICKSTART_SECRETS)) {
            assert.ok(!html.includes(value), `the page shows the value of ${key}`);
            assert.ok(!polled.includes(value), `/page.json carries the value of ${key}`);
        }
        assert.ok(html.includes("acme-uk.myshopify.com"), "a value the catalog calls harmless (the store) is shown");
        mkdirSync(path.dirname(ARTIFACT), { recursive: true });
        writeFileSync(ARTIFACT, await page.screenshot(1280));
        console.log(`    screenshot: ${path.relative(REPO_ROOT, ARTIFACT)}`);
    });

    it("is complete with JavaScript off: both tabs' connectors show, the tabs are links to them", async () => {
        const plain = await browser.newPage({ javaScript: false });
        await plain.open(`${emulator.url}/`);
        const groups = await plain.evaluate<GroupView[]>(READ_GROUPS);
        assert.deepEqual(connectorsByGroup(groups), EXPECTED_CONNECTORS);
        assert.deepEqual(
            groups.map((group) => group.shownTab),
            ["live,testing", "live,testing"],
        );
        const links = await plain.evaluate<string[]>(
            `[...document.querySelectorAll('section[data-group="uk_store"] [role="tab"]')].map((link) => link.getAttribute("href"))`,
        );
        assert.deepEqual(links, ["#uk_store-live", "#uk_store-testing"]);
    });

    it("follows a `pulumi destroy` without a reload", async () => {
        await page.evaluate("window.sameDocument = true");
        await testStack.stack.destroy();
        const groups = await until(
            () => page.evaluate<GroupView[]>(READ_GROUPS),
            (shown) => shown.every((group) => group.tabs.live.length === 0 && group.tabs.testing.length === 0),
            "every connector gone",
        );
        assert.equal(groups.length, 2);
        assert.deepEqual(await page.evaluate(READ_SERVICES), []);
        assert.equal(await page.evaluate("window.sameDocument"), true, "the page was not reloaded");
    });
});
