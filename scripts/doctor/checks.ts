// `pulumi-patchworks doctor`: read-only checks of a real account with the provider's own settings,
// client and decoders. Each route the provider reads is requested once, through the client the
// provider uses, and decoded by the wire module that decodes it for the provider: a decode failure
// names the field. Only GETs are sent (and the login the settings configure).
import { z } from "zod";
import { ApiError, PatchworksClient } from "../../provider/client";
import { listCompanyGroups, readGroupParents } from "../../provider/client/company-groups";
import { listConnectors } from "../../provider/client/connectors";
import { parse } from "../../provider/client/decode";
import { httpTransport, type Attempt, type Exchange, type Transport } from "../../provider/client/http";
import {
    listFilterFields,
    listServiceTemplates,
    readSubscriptionSummary,
    serviceFromApi,
    type ServiceClient,
    type ServiceTemplate,
} from "../../provider/client/services";
import { listSystems, SYSTEMS_QUERY, type FabricSystem } from "../../provider/client/systems";
import { messageOf } from "../../provider/errors";
import { resolveSettings, settingName, signInKind, signInSettings, type Settings, type SignInKind } from "../../provider/settings";
import { compareCatalog } from "./catalog";
import { cannotCheck, differs, ok, plural, type Finding } from "./report";

/** One exchange the client sent, and how it ended: what the sign-in and rate-limit checks read. */
interface Sent {
    exchange: Exchange;
    attempt: Attempt;
}

function recording(transport: Transport, sent: Sent[]): Transport {
    return async (exchange, signal) => {
        const attempt = await transport(exchange, signal);
        sent.push({ exchange, attempt });
        return attempt;
    };
}

const SIGN_IN_NAMES: Record<SignInKind, string> = {
    accessToken: "the access token",
    login: "the login with username and password",
    apiKey: "the API key",
};

/**
 * [?] fact sheet 2.4 and 8.1: whether Fabric accepts API keys on /api/v2 is not in the evidence;
 * doctor says which way it went, and a refusal points to the sign-ins the evidence shows.
 */
const API_KEY_UNPROVEN = "the evidence does not show Fabric taking API keys";

function signInFinding(kind: SignInKind, first: { error?: unknown }, sent: readonly Sent[]): Finding {
    const how = SIGN_IN_NAMES[kind];
    const logins = sent.filter((s) => s.exchange.url !== undefined);
    const loginTrail = logins.map((s) => `${s.exchange.url} answered ${s.attempt.kind === "response" ? s.attempt.status : "nothing"}`);
    const trail = loginTrail.length > 0 ? ` (${loginTrail.join(", ")})` : "";
    const status = first.error instanceof ApiError ? first.error.status : undefined;
    // An answer the provider cannot decode was still given to a signed-in request: the route's own check says what is wrong with it.
    if (first.error === undefined || (status !== undefined && status < 300)) {
        const note = kind === "apiKey" ? `; ${API_KEY_UNPROVEN}, this account does` : "";
        return ok(`sign-in: ${how} is accepted${trail}${note}`);
    }
    if (status === 401 || status === 403) {
        const alternative =
            kind === "apiKey"
                ? ` (${API_KEY_UNPROVEN}: sign in with ${settingName("accessToken")} or ${signInSettings("login")} instead, and report it)`
                : "";
        return differs(
            `sign-in: ${how} is refused (${status}): ${messageOf(first.error)}; set ${signInSettings(kind)} to a valid value${alternative}`,
        );
    }
    return cannotCheck(`sign-in: no answer to use: ${messageOf(first.error)}`);
}

interface Route<T> {
    /** As the provider sends it, e.g. "GET /systems?include=...". */
    label: string;
    why: string;
    read: () => Promise<T>;
    describe: (value: T) => string;
}

async function checkRoute<T>(route: Route<T>): Promise<{ finding: Finding; value?: T }> {
    try {
        const value = await route.read();
        return { finding: ok(`${route.label}: ${route.describe(value)}`), value };
    } catch (error) {
        if (!(error instanceof ApiError) || error.status === undefined) {
            return { finding: cannotCheck(`${route.label}: ${messageOf(error)}`) };
        }
        const what = error.status < 300 ? "its answer is not what the provider decodes" : `it answered ${error.status}`;
        return {
            finding: differs(
                `${route.label}: ${what} (${messageOf(error)}); the provider reads it ${route.why}: report it with this line and the API URL`,
            ),
        };
    }
}

const onePage = z.object({ data: z.array(z.unknown()), meta: z.object({ last_page: z.number(), total: z.number().optional() }) });

/** One page of one service: the shape of a service and of the page, without reading every service. */
function readOneServicePage(client: ServiceClient): Promise<{ services: number; total?: number }> {
    return client.request({
        request: { method: "GET", path: "/services", query: { perPage: "1", include: "serviceTemplate" } },
        decode: (body) => {
            const page = parse(onePage, body, "page of services");
            page.data.forEach(serviceFromApi);
            return { services: page.data.length, total: page.meta.total };
        },
    });
}

function rateLimitFinding(settings: Settings, sent: readonly Sent[]): Finding {
    const answers = sent.flatMap((s) => (s.exchange.url === undefined && s.attempt.kind === "response" ? [s.attempt] : []));
    if (answers.length === 0) return cannotCheck("rate-limit headers: no API answer to read them from");
    const limits = answers.map((a) => a.rateLimitLimit).filter((n): n is number => n !== undefined);
    const remaining = answers.map((a) => a.rateLimitRemaining).filter((n): n is number => n !== undefined);
    const pace = `${settingName("requestsPerMinute")} = ${settings.requestsPerMinute}`;
    const absent = [...(limits.length === 0 ? ["X-RateLimit-Limit"] : []), ...(remaining.length === 0 ? ["X-RateLimit-Remaining"] : [])];
    const limit = limits.length > 0 ? Math.min(...limits) : undefined;
    if (limit !== undefined && limit < settings.requestsPerMinute) {
        return differs(
            `rate-limit headers: Fabric allows ${limit} requests a minute (X-RateLimit-Limit), the client spends up to ${pace}: set it to ${limit}`,
        );
    }
    const seen = [
        ...(limit === undefined ? [] : [`X-RateLimit-Limit ${limit}`]),
        ...(remaining.length === 0 ? [] : [`X-RateLimit-Remaining ${Math.min(...remaining)} at the lowest`]),
    ];
    const missing = absent.length === 0 ? "" : `; ${absent.join(" and ")} not sent (not required: the client keeps to ${pace} alone)`;
    return ok(`rate-limit headers: ${seen.length > 0 ? seen.join(", ") : "none sent"}${missing}`);
}

const SUBSCRIPTION_FIELDS = "summary.usage.active_services and summary.allowance.services";

/** Every check, in order; one finding per check. */
export async function runChecks(env: Record<string, string | undefined>): Promise<Finding[]> {
    const resolved = resolveSettings(() => undefined, env);
    if (resolved.problem) return [differs(`settings: ${resolved.problem}`)];
    const { settings } = resolved;
    const kind = signInKind(settings) as SignInKind;
    const sent: Sent[] = [];
    const base = httpTransport({ baseUrl: settings.apiUrl, timeoutMs: settings.requestTimeoutMs });
    const client = new PatchworksClient(settings, { transport: recording(base, sent) });
    const findings: Finding[] = [ok(`settings: API ${settings.apiUrl}, signing in with ${SIGN_IN_NAMES[kind]}`)];

    // The first request signs in: its outcome is the sign-in's.
    const connectors = listConnectors(client);
    const first = await connectors.then(
        () => ({}),
        (error: unknown) => ({ error }),
    );
    const signIn = signInFinding(kind, first, sent);
    findings.push(signIn);
    if (signIn.verdict !== "ok") {
        findings.push(cannotCheck("routes, answers, rate-limit headers and catalog: the sign-in did not succeed"));
        return findings;
    }

    findings.push(
        (
            await checkRoute({
                label: "GET /connectors",
                why: "for every connector check, refresh and lookup",
                read: () => connectors,
                describe: (all) => `${plural(all.length, "connector")}, each as the provider decodes it`,
            })
        ).finding,
        (
            await checkRoute({
                label: "GET /integrations",
                why: "to resolve companyGroup",
                read: () => listCompanyGroups(client),
                describe: (all) => `${plural(all.length, "company group")}, each as the provider decodes it`,
            })
        ).finding,
        (
            await checkRoute({
                label: "GET /integrations?to_tree=1",
                why: "for CompanyGroup parents",
                read: () => readGroupParents(client),
                describe: (parents) => `the tree of ${plural(parents.size, "company group")}`,
            })
        ).finding,
    );
    const systemsCheck = await checkRoute<FabricSystem[]>({
        label: `GET /systems?include=${SYSTEMS_QUERY.include}`,
        why: "for the account's systems, auth types and credential keys",
        read: () => listSystems(client),
        describe: (all) => `${plural(all.length, "system")} with their auth types and credential forms`,
    });
    findings.push(systemsCheck.finding);
    const templatesCheck = await checkRoute<ServiceTemplate[]>({
        label: "GET /service-templates",
        why: "to find each Service's template",
        read: () => listServiceTemplates(client),
        describe: (all) => `${plural(all.length, "service template")}, each with its source and destination`,
    });
    findings.push(templatesCheck.finding);
    findings.push(
        (
            await checkRoute({
                label: "GET /services?perPage=1",
                why: "for every Service's adopt, refresh and in-use check",
                read: () => readOneServicePage(client),
                describe: ({ services, total }) =>
                    `${plural(services, "service")} on the page${total === undefined ? "" : ` of ${total}`}, each as the provider decodes it`,
            })
        ).finding,
    );
    const template = templatesCheck.value?.[0];
    if (template) {
        findings.push(
            (
                await checkRoute({
                    label: `GET /filter-fields?filter[factory_system_id]=${template.source.id}`,
                    why: "to check each Service's filters",
                    read: () => listFilterFields(client, template.source.id),
                    describe: (all) =>
                        `${plural(all.length, "filter field")} of template ${template.id}'s source, each with its types and operators`,
                })
            ).finding,
        );
    } else {
        findings.push(cannotCheck("GET /filter-fields: no service template to take a source from"));
    }
    const subscriptions = await checkRoute({
        label: "GET /company-subscriptions",
        why: "to check the active-service allowance at preview",
        read: () => readSubscriptionSummary(client),
        describe: (s) => `${s.activeServices ?? "?"} active services of ${s.allowedServices ?? "?"} allowed`,
    });
    if (subscriptions.value && (subscriptions.value.activeServices === undefined || subscriptions.value.allowedServices === undefined)) {
        findings.push(
            differs(
                `GET /company-subscriptions: the answer lacks ${SUBSCRIPTION_FIELDS}, so previews cannot check the active-service allowance ` +
                    "(a Service with active: true may then fail at up): report it with this line",
            ),
        );
    } else {
        findings.push(subscriptions.finding);
    }

    findings.push(rateLimitFinding(settings, sent));
    findings.push(
        ...(systemsCheck.value ? compareCatalog(systemsCheck.value) : [cannotCheck("catalog: the account's systems could not be read")]),
    );
    return findings;
}
