// The page's stylesheet and script, served by the emulator itself from these strings (no build
// step, no framework, nothing fetched from elsewhere). The script only reads: it turns the two
// connector lists of each group into tabs and polls /page.json to swap in the new <main> while a
// `pulumi up` runs. Without JavaScript the page is complete: both lists show, the tab links jump
// to them, and a reload shows the news.

export const PAGE_STYLE_PATH = "/page.css";
export const PAGE_SCRIPT_PATH = "/page.js";
export const PAGE_DATA_PATH = "/page.json";

/** How often the script asks for news: often enough to follow a `pulumi up` request by request. */
const POLL_INTERVAL_MS = 1000;

export const PAGE_STYLE = `
:root { --ink: #1f2430; --muted: #667085; --line: #e4e7ec; --paper: #f5f6fa; --card: #fff; --accent: #5b3fd9; --ok: #12805c; --bad: #c4320a; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--paper); }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
.topbar { display: flex; align-items: baseline; gap: 12px; padding: 14px 28px; background: #1d1640; color: #fff; }
.topbar .brand { font-weight: 700; font-size: 18px; letter-spacing: .02em; }
.topbar .product { color: #c9bfff; }
.topbar .api { color: #c9c6d8; }
.topbar .api code { color: #fff; }
.topbar .refresh { margin-left: auto; color: #c9c6d8; font-size: 12px; }
main { max-width: 1240px; margin: 0 auto; padding: 20px 28px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 14px 18px; margin: 12px 0; }
.group { margin-top: 28px; }
.group h2 { margin: 0 0 4px; font-size: 20px; }
.group h2 small { font-weight: 400; font-size: 13px; color: var(--muted); margin-left: 6px; }
h3 { margin: 0 0 10px; font-size: 15px; }
h4.panel-title { margin: 14px 0 6px; font-size: 13px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
.js h4.panel-title { display: none; }
.tabs { display: flex; gap: 4px; border-bottom: 1px solid var(--line); margin-bottom: 6px; }
.tabs a { padding: 8px 14px; color: var(--muted); text-decoration: none; border-bottom: 2px solid transparent; margin-bottom: -1px; font-weight: 600; }
.tabs a[aria-selected="true"] { color: var(--accent); border-bottom-color: var(--accent); }
.tabs .count { display: inline-block; min-width: 20px; padding: 0 6px; border-radius: 10px; background: #eef0f6; color: var(--ink); font-size: 12px; text-align: center; }
table { width: 100%; border-collapse: collapse; }
th { text-align: left; font-size: 12px; font-weight: 600; color: var(--muted); padding: 6px 8px; border-bottom: 1px solid var(--line); }
td { padding: 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
tr:last-child td { border-bottom: 0; }
td.name { font-weight: 600; }
td.id code { color: var(--muted); }
.credentials { margin: 0; display: grid; grid-template-columns: max-content 1fr; gap: 0 10px; font-size: 12px; }
.credentials div { display: contents; }
.credentials dt { color: var(--muted); }
.credentials dd { margin: 0; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; word-break: break-all; }
.credentials dd.masked { color: var(--muted); letter-spacing: .1em; }
.badge { display: inline-block; padding: 1px 10px; border-radius: 10px; font-size: 12px; font-weight: 600; }
.badge.active { background: #dcfae6; color: var(--ok); }
.badge.inactive { background: #f2f4f7; color: var(--muted); }
.flow .arrow { color: var(--accent); font-weight: 700; padding: 0 4px; }
.flow .entity { color: var(--muted); }
.empty, .none { color: var(--muted); margin: 8px 0; }
.requests p { margin: 0 0 6px; }
.recent { margin: 0; padding: 0; list-style: none; columns: 2; column-gap: 28px; font-size: 12px; }
.recent li { padding: 1px 0; break-inside: avoid; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.recent time { color: var(--muted); }
.recent .method { display: inline-block; min-width: 52px; font-weight: 600; }
.http-status { font-weight: 600; }
.http-status.ok { color: var(--ok); }
.http-status.failed { color: var(--bad); }
footer { max-width: 1240px; margin: 0 auto; padding: 8px 28px 28px; color: var(--muted); font-size: 12px; }
`;

export const PAGE_SCRIPT = `"use strict";
(() => {
    const main = document.getElementById("account");
    const refresh = document.querySelector(".refresh");
    // The tab each group shows, by group username; live unless the reader picked another.
    const chosen = new Map();
    document.documentElement.classList.add("js");

    const fromHash = /^#(.+)-(live|testing)$/.exec(location.hash);
    if (fromHash) chosen.set(fromHash[1], fromHash[2]);

    function showChosenTabs() {
        for (const section of main.querySelectorAll("section.group")) {
            const tab = chosen.get(section.dataset.group) || "live";
            for (const link of section.querySelectorAll('[role="tab"]')) link.setAttribute("aria-selected", String(link.dataset.tab === tab));
            for (const panel of section.querySelectorAll('[role="tabpanel"]')) panel.hidden = panel.dataset.tab !== tab;
        }
    }

    main.addEventListener("click", (event) => {
        const link = event.target.closest('[role="tab"]');
        if (!link) return;
        event.preventDefault();
        chosen.set(link.closest("section.group").dataset.group, link.dataset.tab);
        history.replaceState(null, "", link.getAttribute("href"));
        showChosenTabs();
    });

    let shown = null;
    async function poll() {
        try {
            const response = await fetch("${PAGE_DATA_PATH}", { cache: "no-store" });
            if (!response.ok) throw new Error("HTTP " + response.status);
            const page = await response.json();
            if (page.main !== shown) {
                shown = page.main;
                main.innerHTML = page.main;
                showChosenTabs();
            }
            refresh.textContent = "Live: checked at " + new Date().toLocaleTimeString();
        } catch {
            refresh.textContent = "The emulator is not answering; trying again";
        }
        setTimeout(poll, ${POLL_INTERVAL_MS});
    }

    showChosenTabs();
    poll();
})();
`;
