// `node dist/scripts/screenshot-page.js URL FILE`: a PNG of the emulator's page at URL, as a
// reader's browser shows it once the page's script has run (scripts/screenshot and
// `npm run demo -- --screenshot FILE` call it while the demo's emulator runs).
import { writeFileSync } from "node:fs";
import { findChromium, launchChromium } from "./chromium";

/** Wide enough for the connector table's seven columns without wrapping the credentials. */
const PAGE_WIDTH = 1280;

async function main(): Promise<void> {
    const [url, file] = process.argv.slice(2);
    if (!url || !file) throw new Error("usage: screenshot-page URL FILE");
    const chromium = findChromium();
    if ("missing" in chromium) throw new Error(chromium.missing);
    const browser = await launchChromium(chromium.path);
    try {
        const page = await browser.newPage();
        await page.open(url);
        // The script says when its first poll came back; until then the status line is empty.
        for (let tries = 0; !(await page.evaluate<string>(`document.querySelector(".refresh").textContent`)); tries++) {
            if (tries > 50) throw new Error(`the page at ${url} never finished its first refresh`);
            await new Promise((resolve) => setTimeout(resolve, 100));
        }
        writeFileSync(file, await page.screenshot(PAGE_WIDTH));
        console.log(`Wrote ${file}`);
    } finally {
        await browser.close();
    }
}

main().catch((error: Error) => {
    console.error(`screenshot-page: ${error.message}`);
    process.exit(1);
});
