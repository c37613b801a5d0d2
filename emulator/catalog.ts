// The global catalog routes (systems, authorisation types, service templates, factory-systems,
// filter fields/operators/types), mappings and the company's subscription summary. Fact sheet
// 3.4-3.6, 3.8, 3.9, 7.3.
import type { FastifyInstance, FastifyRequest } from "fastify";
import { type ApiContext, paginate, perPageOf } from "./context";
import { FabricError, MODELS, modelNotFound, Validation } from "./errors";
import { AUTHORISATION_TYPES, SYSTEMS, systemResource } from "./systems";
import {
    FACTORY_SYSTEMS,
    FILTER_FIELDS,
    FILTER_OPERATORS,
    FILTER_TYPES,
    factorySystemResource,
    filterFieldResource,
    filterTypeResource,
    SERVICE_TEMPLATES,
    templateResource,
} from "./templates";
import { bodyOf, checkText, isIntegerLike, isPresent, messages } from "./validation";

const PAGE_OF_15 = 15;
const PAGE_OF_100 = 100;

type Query = Record<string, unknown>;

function filtersOf(request: FastifyRequest): Record<string, string> {
    return ((request.query as Query).filter ?? {}) as Record<string, string>;
}

function includesOf(request: FastifyRequest): string[] {
    const raw = (request.query as Query).include;
    return typeof raw === "string" ? raw.split(",").map((include) => include.trim()) : [];
}

/** Exact filters on numeric ids: every given one must match. */
function matches(filters: Record<string, string>, values: Record<string, unknown>): boolean {
    return Object.entries(values).every(([name, value]) => filters[name] === undefined || String(value) === filters[name]);
}

export function registerCatalog(app: FastifyInstance, context: ApiContext): void {
    const { account } = context;

    const systemsView = (request: FastifyRequest) => {
        const includes = includesOf(request);
        return {
            authTypes: includes.some((include) => include.startsWith("systemAuthorisationTypes")),
            authTypeNames: includes.includes("systemAuthorisationTypes.authorisationType"),
        };
    };
    app.get("/api/v2/systems", async (request) => {
        const { name } = filtersOf(request);
        const view = systemsView(request);
        return {
            data: SYSTEMS.filter((system) => name === undefined || system.name === name).map((system) => systemResource(system, view)),
        };
    });
    app.get<{ Params: { id: string } }>("/api/v2/systems/:id", async (request) => {
        const system = SYSTEMS.find((candidate) => String(candidate.id) === request.params.id);
        if (!system) throw modelNotFound(MODELS.system, request.params.id);
        return { data: systemResource(system, systemsView(request)) };
    });
    app.get("/api/v2/authorisation-types", async (request) => paginate(AUTHORISATION_TYPES, request, PAGE_OF_15));

    app.get("/api/v2/service-templates", async (request) => {
        const filters = filtersOf(request);
        const templates = SERVICE_TEMPLATES.filter((template) =>
            matches(filters, {
                "source.system_id": template.source.system.id,
                "destination.system_id": template.destination.system.id,
                source_factory_system_id: template.source.id,
                destination_factory_system_id: template.destination.id,
            }),
        );
        return { data: templates.map(templateResource) };
    });
    app.get<{ Params: { id: string } }>("/api/v2/service-templates/:id", async (request) => {
        const template = SERVICE_TEMPLATES.find((candidate) => String(candidate.id) === request.params.id);
        if (!template) throw modelNotFound(MODELS.serviceTemplate, request.params.id);
        return { data: templateResource(template) };
    });

    app.get("/api/v2/factory-systems", async (request) => {
        const filters = filtersOf(request);
        const found = FACTORY_SYSTEMS.filter((factorySystem) =>
            matches(filters, {
                factory_id: factorySystem.factory.id,
                system_id: factorySystem.system.id,
                entity_id: factorySystem.entity.id,
                direction: factorySystem.direction,
            }),
        );
        return paginate(found.map(factorySystemResource), request, perPageOf(request, PAGE_OF_100));
    });

    app.get("/api/v2/filter-fields", async (request) => {
        const filters = filtersOf(request);
        const found = FILTER_FIELDS.filter(
            (field) =>
                matches(filters, { factory_system_id: field.factorySystem.id, "factorySystem.system.id": field.factorySystem.system.id }) &&
                (filters.key === undefined || field.key.includes(filters.key)) &&
                (filters.name === undefined || field.name.toLowerCase().includes(filters.name.toLowerCase())) &&
                (filters.default === undefined ||
                    String(Number(field.default)) === filters.default ||
                    String(field.default) === filters.default),
        );
        return paginate(found.map(filterFieldResource), request, perPageOf(request, PAGE_OF_15));
    });
    app.get("/api/v2/filter-operators", async (request) => paginate(FILTER_OPERATORS, request, perPageOf(request, PAGE_OF_15)));
    app.get("/api/v2/filter-types", async (request) =>
        paginate(FILTER_TYPES.map(filterTypeResource), request, perPageOf(request, PAGE_OF_15)),
    );

    app.post("/api/v2/mappings", async (request, reply) => {
        const body = bodyOf(request.body);
        const validation = new Validation();
        const integration = isIntegerLike(body.integration_id) ? account.integrationById(Number(body.integration_id)) : undefined;
        if (!isPresent(body.integration_id)) validation.add("integration_id", messages.required("integration id"));
        else if (!integration) validation.add("integration_id", messages.selected("integration id"));
        const name = checkText(validation, body, "mapping_name", { required: true, min: 3, max: 500 });
        const content = checkText(validation, body, "content", { required: true });
        if (content !== undefined) {
            try {
                JSON.parse(content);
            } catch {
                validation.add("content", messages.json("content"));
            }
        }
        checkText(validation, body, "search_field", { required: false, min: 3, max: 500 });
        if (isPresent(body.username_override)) validation.add("username_override", "This action is unauthorized.");
        validation.check();
        const username = (integration as NonNullable<typeof integration>).username;
        const document = {
            username,
            mapping_name: name as string,
            search_field: (body.search_field as string | undefined) ?? null,
            content: content as string,
            created_at: account
                .now()
                .toISOString()
                .replace(/\.\d{3}Z$/, "+00:00"),
        };
        account.state.mappings[`${username}_${name}`] = document;
        await account.save();
        return reply.code(200).send({ data: { ...document, overrides: null } });
    });
    app.get<{ Params: { id: string } }>("/api/v2/mappings/:id", async (request) => {
        const document = account.state.mappings[request.params.id.toLowerCase()];
        if (!document) throw new FabricError(500, "Unable to retrieve mappings as no content was given.");
        return { data: { ...document, overrides: null } };
    });
    app.delete<{ Params: { id: string } }>("/api/v2/mappings/:id", async (request) => {
        delete account.state.mappings[request.params.id];
        await account.save();
        return { message: "Mapping deleted successfully." };
    });

    app.get("/api/v2/company-subscriptions", async () => {
        const active = account.state.services.filter((service) => service.deleted_at === null && service.status && service.billable).length;
        return {
            data: [{ id: 1, company_id: 1, subscription: { id: 1, name: "Emulator", services: context.activeServiceLimit, api_keys: 1 } }],
            summary: { usage: { active_services: active }, allowance: { services: context.activeServiceLimit, api_keys: 1 } },
        };
    });
}
