// The page's HTML, rendered on the server from the page model: the whole document for GET /, and
// its <main> alone for /page.json, which the page's script swaps in while a `pulumi up` runs. One
// renderer for both, so the page reads the same with JavaScript on or off. Every text is escaped.
import { MASK } from "./credentials";
import type { PageConnector, PageGroup, PageModel, PageRequest, PageService } from "./page-model";
import { PAGE_SCRIPT_PATH, PAGE_STYLE_PATH } from "./page-assets";

function escapeHtml(text: string | number): string {
    return String(text).replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

function cell(className: string, html: string): string {
    return `<td class="${className}">${html}</td>`;
}

function table(headings: readonly string[], rows: readonly string[], empty: string): string {
    if (rows.length === 0) return `<p class="empty">${escapeHtml(empty)}</p>`;
    const head = headings.map((heading) => `<th scope="col">${escapeHtml(heading)}</th>`).join("");
    return `<table><thead><tr>${head}</tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function credentialList(connector: PageConnector): string {
    if (connector.credentials.length === 0) return '<span class="none">none</span>';
    const items = connector.credentials.map(
        ({ key, value }) => `<div><dt>${escapeHtml(key)}</dt><dd${value === MASK ? ' class="masked"' : ""}>${escapeHtml(value)}</dd></div>`,
    );
    return `<dl class="credentials">${items.join("")}</dl>`;
}

type Tab = "live" | "testing";

const TAB_TITLES: Record<Tab, string> = { live: "Live connectors", testing: "Testing" };

function connectorRow(connector: PageConnector, tab: Tab): string {
    return [
        `<tr data-connector-id="${escapeHtml(connector.id)}">`,
        cell("system", escapeHtml(connector.system)),
        cell("name", escapeHtml(connector.name)),
        tab === "testing" ? cell("environment", escapeHtml(connector.environment)) : "",
        cell("auth-type", escapeHtml(connector.authType)),
        cell("time-zone", escapeHtml(connector.timeZone)),
        cell("date-format", `<code>${escapeHtml(connector.dateFormat)}</code>`),
        cell("credentials", credentialList(connector)),
        cell("id", `<code>${escapeHtml(connector.id)}</code>`),
        "</tr>",
    ].join("");
}

function connectorPanel(group: PageGroup, tab: Tab): string {
    const connectors = tab === "live" ? group.live : group.testing;
    const headings = [
        "System",
        "Name",
        ...(tab === "testing" ? ["Environment"] : []),
        "Auth type",
        "Time zone",
        "Date format",
        "Credentials",
        "ID",
    ];
    const rows = connectors.map((connector) => connectorRow(connector, tab));
    return [
        `<div class="panel" id="${escapeHtml(`${group.username}-${tab}`)}" data-tab="${tab}" role="tabpanel">`,
        `<h4 class="panel-title">${TAB_TITLES[tab]}</h4>`,
        table(headings, rows, tab === "live" ? "No live connectors." : "No testing connectors."),
        "</div>",
    ].join("");
}

function flowEnd(end: PageService["source"]): string {
    return `<span class="system">${escapeHtml(end.system)}</span> <span class="entity">${escapeHtml(end.entity)}</span>`;
}

function serviceRow(service: PageService): string {
    const status = service.active ? '<span class="badge active">Active</span>' : '<span class="badge inactive">Inactive</span>';
    return [
        `<tr data-service-id="${service.id}">`,
        cell("name", escapeHtml(service.name)),
        cell("status", status),
        cell("flow", `${flowEnd(service.source)} <span class="arrow" aria-label="to">→</span> ${flowEnd(service.destination)}`),
        cell("environments", `${escapeHtml(service.source.environment)} → ${escapeHtml(service.destination.environment)}`),
        cell("schedule", `<code>${escapeHtml(service.schedule)}</code>`),
        cell("filters", escapeHtml(service.filterCount)),
        cell("id", `<code>${service.id}</code>`),
        "</tr>",
    ].join("");
}

function groupSection(group: PageGroup): string {
    const tabs = (["live", "testing"] as const).map((tab) => {
        const count = tab === "live" ? group.live.length : group.testing.length;
        const target = escapeHtml(`${group.username}-${tab}`);
        return `<a href="#${target}" role="tab" data-tab="${tab}" aria-controls="${target}">${TAB_TITLES[tab]} <span class="count">${count}</span></a>`;
    });
    return [
        `<section class="group" data-group="${escapeHtml(group.username)}">`,
        `<h2>${escapeHtml(group.name)} <small>${escapeHtml(group.username)}</small></h2>`,
        '<div class="card connectors"><h3>Connectors</h3>',
        `<nav class="tabs" role="tablist">${tabs.join("")}</nav>`,
        connectorPanel(group, "live"),
        connectorPanel(group, "testing"),
        "</div>",
        '<div class="card services"><h3>Services</h3>',
        table(
            ["Name", "Status", "Source → destination", "Environments", "Schedule", "Filters", "ID"],
            group.services.map(serviceRow),
            "No services.",
        ),
        "</div></section>",
    ].join("");
}

function requestItem(request: PageRequest): string {
    const outcome = request.status < 400 ? "ok" : "failed";
    return [
        `<li><time datetime="${escapeHtml(request.at)}">${escapeHtml(request.at.slice(11, 19))}</time> `,
        `<span class="method">${escapeHtml(request.method)}</span> <code class="path">${escapeHtml(request.path)}</code> `,
        `<span class="http-status ${outcome}">${request.status}</span></li>`,
    ].join("");
}

function requestLine(model: PageModel): string {
    const count = `${model.requestCount} API ${model.requestCount === 1 ? "request" : "requests"}`;
    const recent = model.recentRequests.length > 0 ? `, the last ${model.recentRequests.length} (newest first, UTC):` : ".";
    return [
        '<section class="requests card" aria-label="API requests">',
        `<p><strong class="request-count" data-count="${model.requestCount}">${count}</strong>${recent}</p>`,
        model.recentRequests.length > 0 ? `<ol class="recent">${model.recentRequests.map(requestItem).join("")}</ol>` : "",
        "</section>",
    ].join("");
}

/** The content of <main>: what /page.json carries for the script to swap in. */
export function renderMain(model: PageModel): string {
    return [requestLine(model), ...model.groups.map(groupSection)].join("");
}

export function renderDocument(model: PageModel): string {
    return [
        '<!doctype html><html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Patchworks emulator</title>",
        `<link rel="stylesheet" href="${PAGE_STYLE_PATH}"><script src="${PAGE_SCRIPT_PATH}" defer></script>`,
        "</head><body>",
        '<header class="topbar"><span class="brand">patchworks</span><span class="product">emulator</span>',
        '<span class="api">Fabric v2 API at <code>/api/v2</code></span><span class="refresh" role="status"></span></header>',
        `<main id="account">${renderMain(model)}</main>`,
        "<footer>A read-only view of the account this emulator holds. A credential value shows only where the bundled catalog calls " +
            "its key not secret; every other value is masked, also where Fabric itself returns it in clear.</footer>",
        "</body></html>",
    ].join("");
}
