// GET /: a read-only page of the account the emulator holds, for a person watching what a
// `pulumi up` does (issue 21): company groups, their connectors on a live and a testing tab, their
// services, and the last API requests. GET only, no sign-in, and never a secret value (see
// page-model.ts); a strict Content-Security-Policy keeps the page to its own script and styles.
import type { FastifyInstance, FastifyReply } from "fastify";
import type { ApiContext } from "./context";
import { PAGE_DATA_PATH, PAGE_SCRIPT, PAGE_SCRIPT_PATH, PAGE_STYLE, PAGE_STYLE_PATH } from "./page-assets";
import { renderDocument, renderMain } from "./page-html";
import { pageModel } from "./page-model";
import type { RequestLog } from "./request-log";

const CONTENT_SECURITY_POLICY =
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function sendPagePart(reply: FastifyReply, type: string, body: string): FastifyReply {
    return reply
        .header("content-security-policy", CONTENT_SECURITY_POLICY)
        .header("x-content-type-options", "nosniff")
        .header("cache-control", "no-store")
        .type(type)
        .send(body);
}

export function registerPage(app: FastifyInstance, context: ApiContext, requestLog: RequestLog): void {
    app.get("/", async (_request, reply) =>
        sendPagePart(reply, "text/html; charset=utf-8", renderDocument(pageModel(context, requestLog))),
    );
    app.get(PAGE_DATA_PATH, async (_request, reply) =>
        sendPagePart(reply, "application/json; charset=utf-8", JSON.stringify({ main: renderMain(pageModel(context, requestLog)) })),
    );
    app.get(PAGE_STYLE_PATH, async (_request, reply) => sendPagePart(reply, "text/css; charset=utf-8", PAGE_STYLE));
    app.get(PAGE_SCRIPT_PATH, async (_request, reply) => sendPagePart(reply, "text/javascript; charset=utf-8", PAGE_SCRIPT));
}
