// GET /: a read-only page of what the account holds (groups, connectors, services), for a person
// looking at a running emulator. Names and ids only: no credential value, masked or not.
import type { FastifyInstance } from "fastify";
import type { ApiContext } from "./context";
import { connectorResource, liveConnectors } from "./connectors";

function escapeHtml(text: string): string {
    return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

function table(headings: readonly string[], rows: readonly (readonly string[])[]): string {
    const head = headings.map((heading) => `<th>${escapeHtml(heading)}</th>`).join("");
    const body = rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join("")}</tr>`).join("");
    return rows.length > 0 ? `<table><tr>${head}</tr>${body}</table>` : "<p>None.</p>";
}

export function registerPage(app: FastifyInstance, context: ApiContext): void {
    app.get("/", async (_request, reply) => {
        const { state } = context.account;
        const groups = state.integrations.map((group) => [String(group.id), group.name, group.username, group.slug]);
        const connectors = liveConnectors(context).map(({ integration, row, system }) => [
            `${integration.username}|${row.row}`,
            String(connectorResource({ integration, row, system }).connector_name ?? ""),
            system.name,
            row.common_ref,
        ]);
        const services = state.services
            .filter((service) => service.deleted_at === null)
            .map((service) => [
                String(service.id),
                service.description,
                service.username,
                service.from_factory,
                service.to_factory,
                service.status ? "active" : "inactive",
                service.schedule,
            ]);
        const html = [
            "<!doctype html><html><head><meta charset=utf-8><title>Patchworks emulator</title></head><body>",
            "<h1>Patchworks emulator</h1><p>The Fabric v2 API is served under <code>/api/v2</code>.</p>",
            `<h2>Company groups</h2>${table(["id", "name", "username", "slug"], groups)}`,
            `<h2>Connectors</h2>${table(["id", "name", "system", "environment"], connectors)}`,
            `<h2>Services</h2>${table(["id", "name", "group", "from", "to", "status", "schedule"], services)}`,
            "</body></html>",
        ].join("");
        return reply.type("text/html; charset=utf-8").send(html);
    });
}
