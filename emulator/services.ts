// Services (fact sheet 3.3, 3.5, 3.6): created only under a group from a service template, with
// the template's default filters instead of any posted, its default mapping documents cloned
// (resetting a document other services of the group share), and status off. Updates apply only
// the `*filters*` keys of from_options, replace to_options whole, and check the active-service
// allowance when an inactive service is sent a status. Delete turns it off and soft-deletes it.
import type { FastifyInstance, FastifyRequest } from "fastify";
import { resourceTime } from "./account";
import { type ApiContext, paginate, perPageOf } from "./context";
import { connectorResource, liveConnectors } from "./connectors";
import { FabricError, MODELS, modelNotFound, serverError, Validation } from "./errors";
import { integrationResource } from "./integrations";
import type { Integration, ServiceRow } from "./state";
import { systemResource } from "./systems";
import {
    defaultFilters,
    defaultMapName,
    FILTER_FIELDS,
    FILTER_OPERATORS,
    type FactorySystem,
    type FilterField,
    type FilterType,
    filterTypeByKey,
    SERVICE_TEMPLATES,
    type ServiceTemplate,
    storedFilterValue,
    TEMPLATE_SOURCE_DEFAULTS,
    templateResource,
} from "./templates";
import { type Body, bodyOf, checkText, isBooleanLike, isIntegerLike, isObject, isPresent, messages } from "./validation";

export const ACTIVE_SERVICE_LIMIT_REACHED = "You have reached your active service limit. Please upgrade your subscription.";
const SCHEDULE_INVALID = "The schedule must be a valid cron expression.";
const SERVICES_PER_PAGE = 50;
const ALLOWED_INCLUDES = ["integration", "alertConfigs", "serviceTemplate", "serviceTemplate.source", "serviceTemplate.destination"];
const ALLOWED_FILTERS = ["username", "billable"];

// [?] fact sheet 3.6: the default mapping content a template clones is not in the evidence; an
// empty JSON object, chosen because it maps nothing, so a reset is visible and harmless.
export const DEFAULT_MAPPING_CONTENT = "{}";

const CRON_MACROS = /^@(yearly|annually|monthly|weekly|daily|midnight|hourly)$/i;
const CRON_FIELD = /^(\*|\?|[0-9A-Za-z]+(-[0-9A-Za-z]+)?|[0-9]+[LW#][0-9]*|L)(\/\d+)?(,(\*|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(\/\d+)?)*$/;

/** dragonmantank/cron-expression 2.3: 5 fields, an optional 6th (year), or a macro; plus "off" and "event". */
function isSchedule(value: string): boolean {
    if (/^(off|event)$/i.test(value) || CRON_MACROS.test(value)) return true;
    const fields = value.split(/\s+/);
    return (fields.length === 5 || fields.length === 6) && fields.every((field) => CRON_FIELD.test(field));
}

function isTimeZone(value: unknown): boolean {
    if (typeof value !== "string") return false;
    if (/^[+-]\d{2}:?\d{2}$/.test(value)) return true;
    try {
        new Intl.DateTimeFormat("en", { timeZone: value });
        return true;
    } catch {
        return false;
    }
}

function templateOf(service: ServiceRow): ServiceTemplate {
    return SERVICE_TEMPLATES.find((template) => template.id === service.service_template_id) as ServiceTemplate;
}

/** The stored filter object as the list form the resource shows (fact sheet 3.5 "Reading"); null when it cannot be built. */
function filtersForRead(source: FactorySystem, stored: unknown): unknown[] | null {
    if (!isObject(stored)) return null;
    const list: unknown[] = [];
    for (const [id, value] of Object.entries(stored)) {
        const space = id.lastIndexOf(" ");
        const fieldKey = space < 0 ? id : id.slice(0, space);
        const operatorKey = space < 0 ? "=" : id.slice(space + 1);
        const field = FILTER_FIELDS.find((candidate) => candidate.factorySystem.id === source.id && candidate.key === fieldKey);
        const operator = FILTER_OPERATORS.find((candidate) => candidate.key === operatorKey);
        if (!field || !operator) return null;
        const prefixed = typeof value === "string" ? /^(TIME|TIMESTAMP): (.*)$/.exec(value) : null;
        const type = prefixed ? (filterTypeByKey(prefixed[1]) as FilterType) : field.defaultType;
        list.push({
            id,
            field: { id: field.id, key: field.key, name: field.name },
            operator: { id: operator.id, key: operator.key, name: operator.name },
            type: { id: type.id, key: type.key, name: type.name },
            value: prefixed ? prefixed[2] : value,
        });
    }
    return list;
}

/** A type given as `{id}` by numeric id or key; else guessed from the value. */
function typeOf(field: FilterField, element: Body): FilterType | undefined {
    const given = isObject(element.type) ? element.type.id : element.type;
    if (isPresent(given)) {
        return field.types.find((type) => String(type.id) === String(given) || type.key.toLowerCase() === String(given).toLowerCase());
    }
    return field.types[0];
}

/**
 * `from_options.filters` as a list of filter objects, converted to the stored object form; any
 * invalid field, type or operator is a plain exception in Fabric, so a 500 (fact sheet 3.5).
 */
function filtersForStorage(source: FactorySystem, list: unknown[]): Record<string, unknown> {
    const stored: Record<string, unknown> = {};
    for (const element of list) {
        if (!isObject(element)) throw serverError();
        const fieldKey = isObject(element.field) ? String(element.field.key ?? element.field.id ?? "") : String(element.field ?? "");
        const id =
            typeof element.id === "string"
                ? element.id
                : `${fieldKey} ${isObject(element.operator) ? (element.operator.key ?? element.operator.id) : (element.operator ?? "=")}`;
        const space = id.lastIndexOf(" ");
        const key = space < 0 ? id : id.slice(0, space);
        const operatorKey = space < 0 ? "=" : id.slice(space + 1);
        const field = FILTER_FIELDS.find(
            (candidate) => candidate.factorySystem.id === source.id && (candidate.key === key || String(candidate.id) === key),
        );
        if (!field) throw serverError();
        const type = typeOf(field, element);
        if (!type) throw serverError();
        const operator = [...type.operators].find((candidate) => candidate.key === operatorKey);
        if (!operator) throw serverError();
        stored[`${field.key} ${operator.key}`] = storedFilterValue(type, element.value);
    }
    return stored;
}

export function registerServices(app: FastifyInstance, context: ApiContext): void {
    const { account } = context;

    const activeCount = () =>
        account.state.services.filter((service) => service.deleted_at === null && service.status && service.billable).length;

    const integrationOf = (service: ServiceRow): Integration | undefined =>
        account.state.integrations.find((integration) => integration.id === service.integration_id);

    const connectorFor = (service: ServiceRow, factorySystem: FactorySystem, environment: string) => {
        const found = liveConnectors(context).find(
            (connector) =>
                connector.integration.username === service.username &&
                connector.row.system_chain.toLowerCase() === factorySystem.system.factoryName.toLowerCase() &&
                connector.row.common_ref === environment,
        );
        return found ? connectorResource(found) : null;
    };

    const resource = (service: ServiceRow, includes: readonly string[]): Record<string, unknown> => {
        const template = templateOf(service);
        const { source, destination } = template;
        const integration = integrationOf(service);
        const { service_template_id: _template, integration_id, ...fields } = service;
        return {
            ...fields,
            run_id: null,
            timeout: null,
            idle_timeout: null,
            run_count: 0,
            dashboard_visibility: true,
            filterable: true,
            filters: filtersForRead(source, service.from_options.filters),
            source_connector: connectorFor(service, source, service.from_environment),
            destination_connector: connectorFor(service, destination, service.to_environment),
            source: `${source.system.name} ${source.entity.name}`,
            destination: `${destination.system.name} ${destination.entity.name}`,
            integration_id,
            source_filter_template_id: null,
            source_entity_id: source.entity.id,
            destination_entity_id: destination.entity.id,
            source_system_id: source.system.id,
            destination_system_id: destination.system.id,
            source_system: systemResource(source.system, { authTypes: false, authTypeNames: false }),
            destination_system: systemResource(destination.system, { authTypes: false, authTypeNames: false }),
            source_entity: source.entity,
            destination_entity: destination.entity,
            ...(includes.some((include) => include.startsWith("serviceTemplate")) ? { service_template: templateResource(template) } : {}),
            ...(includes.includes("integration") && integration ? { integration: integrationResource(integration) } : {}),
        };
    };

    const includesOf = (request: FastifyRequest): string[] => {
        const raw = (request.query as Record<string, string | undefined>).include;
        const includes = raw ? raw.split(",").map((include) => include.trim()) : [];
        const unknown = includes.filter((include) => !ALLOWED_INCLUDES.includes(include));
        if (unknown.length > 0) {
            throw new FabricError(
                400,
                `Requested include(s) \`${unknown.join(", ")}\` are not allowed. Allowed include(s) are \`${ALLOWED_INCLUDES.join(", ")}\`.`,
            );
        }
        return includes;
    };

    const find = (id: string): ServiceRow => {
        const service = account.state.services.find((candidate) => String(candidate.id) === id && candidate.deleted_at === null);
        if (!service || !integrationOf(service)) throw modelNotFound(MODELS.service, id);
        return service;
    };

    app.get("/api/v2/services", async (request) => {
        const includes = includesOf(request);
        const filters = ((request.query as Record<string, unknown>).filter ?? {}) as Record<string, string>;
        const unknown = Object.keys(filters).filter((name) => !ALLOWED_FILTERS.includes(name));
        if (unknown.length > 0) {
            throw new FabricError(
                400,
                `Requested filter(s) \`${unknown.join(", ")}\` are not allowed. Allowed filter(s) are \`${ALLOWED_FILTERS.join(", ")}\`.`,
            );
        }
        const services = account.state.services.filter(
            (service) =>
                service.deleted_at === null &&
                integrationOf(service) !== undefined &&
                (filters.username === undefined || service.username === filters.username) &&
                (filters.billable === undefined || String(Number(service.billable)).includes(filters.billable)),
        );
        return paginate(
            services.map((service) => resource(service, includes)),
            request,
            perPageOf(request, SERVICES_PER_PAGE),
        );
    });

    app.get<{ Params: { id: string } }>("/api/v2/services/:id", async (request) => ({
        data: resource(find(request.params.id), includesOf(request)),
    }));

    app.get<{ Params: { id: string } }>("/api/v2/integrations/:id/services", async (request) => {
        const integration = account.integrationById(Number(request.params.id));
        if (!integration) throw modelNotFound(MODELS.integration, request.params.id);
        const services = account.state.services.filter(
            (service) => service.deleted_at === null && service.integration_id === integration.id,
        );
        return paginate(
            services.map((service) => resource(service, ["integration"])),
            request,
            SERVICES_PER_PAGE,
        );
    });

    app.post<{ Params: { id: string } }>("/api/v2/integrations/:id/services", async (request, reply) => {
        const integration = /^\d+$/.test(request.params.id) ? account.integrationById(Number(request.params.id)) : undefined;
        if (!integration) throw modelNotFound(MODELS.integration, request.params.id);
        const body = bodyOf(request.body);
        const validation = new Validation();
        checkText(validation, body, "description", { required: true, min: 3, max: 255, attribute: "service name" });
        const schedule = checkText(validation, body, "schedule", { required: true, max: 50 });
        if (schedule !== undefined && !isSchedule(schedule)) validation.add("schedule", SCHEDULE_INVALID);
        checkText(validation, body, "from_environment", { required: true, min: 3 });
        checkText(validation, body, "to_environment", { required: true, min: 3 });
        const template = SERVICE_TEMPLATES.find(
            (candidate) => isIntegerLike(body.service_template_id) && candidate.id === Number(body.service_template_id),
        );
        if (!isPresent(body.service_template_id)) validation.add("service_template_id", messages.required("service template id"));
        else if (!template) validation.add("service_template_id", messages.selected("service template id"));
        const fromOptions = isObject(body.from_options) ? body.from_options : {};
        if (isPresent(body.from_options) && !isObject(body.from_options)) validation.add("from_options", messages.array("from options"));
        checkBoundedInteger(validation, fromOptions, "from_options.page_size", "maximum page size", 1, 1000, true);
        checkBoundedInteger(validation, fromOptions, "from_options.max_attempts", "maximum attempts", 1, 15, true);
        if (isPresent(body.to_options) && (!isObject(body.to_options) || Object.keys(body.to_options).length === 0)) {
            validation.add("to_options", messages.array("to options"));
        }
        if (isPresent(body.billable)) validation.add("billable", "You do not have permission to alter the billable attribute");
        validation.check();
        const chosen = template as ServiceTemplate;
        const at = resourceTime(account.now());
        const fromMapping = cloneDefaultMapping(integration, chosen.source, at);
        const toMapping = cloneDefaultMapping(integration, chosen.destination, at);
        const posted = isObject(body.to_options) ? body.to_options : undefined;
        const service: ServiceRow = {
            id: account.state.nextServiceId++,
            integration_id: integration.id,
            service_template_id: chosen.id,
            username: integration.username,
            description: body.description as string,
            schedule: schedule as string,
            status: false,
            billable: true,
            from_factory: `${chosen.source.system.factoryName}\\Pull\\${chosen.source.factory.name}`,
            to_factory: `${chosen.destination.system.factoryName}\\Push\\${chosen.destination.factory.name}`,
            from_environment: body.from_environment as string,
            to_environment: body.to_environment as string,
            from_options: { ...TEMPLATE_SOURCE_DEFAULTS, ...fromOptions, filters: defaultFilters(chosen.source) },
            to_options: posted ?? null,
            from_mapping: fromMapping,
            to_mapping: toMapping,
            created_at: at,
            updated_at: at,
            deleted_at: null,
        };
        account.state.services.push(service);
        await account.save();
        return reply.code(201).send({ data: resource(service, []) });
    });

    /** Clones a template side's default mapping, resetting the group's shared document (fact sheet 3.6). */
    const cloneDefaultMapping = (integration: Integration, factorySystem: FactorySystem, at: string): string => {
        const name = defaultMapName(factorySystem);
        account.state.mappings[`${integration.username}_${name}`] = {
            username: integration.username,
            mapping_name: name,
            search_field: null,
            content: DEFAULT_MAPPING_CONTENT,
            created_at: at,
        };
        return name;
    };

    const update = async (request: FastifyRequest<{ Params: { id: string } }>) => {
        const service = find(request.params.id);
        const body = bodyOf(request.body);
        const validation = new Validation();
        if (isPresent(body.status) && !isBooleanLike(body.status)) validation.add("status", messages.boolean("status"));
        else if (isPresent(body.status) && !service.status && activeCount() >= context.activeServiceLimit) {
            validation.add("status", ACTIVE_SERVICE_LIMIT_REACHED);
        }
        checkText(validation, body, "description", { required: false, min: 3, max: 255, attribute: "service name" });
        const schedule = checkText(validation, body, "schedule", { required: false, max: 50 });
        if (schedule !== undefined && !isSchedule(schedule)) validation.add("schedule", SCHEDULE_INVALID);
        const fromOptions = body.from_options;
        if (isPresent(fromOptions) && !isObject(fromOptions)) validation.add("from_options", messages.array("from options"));
        if (isObject(fromOptions)) {
            if (isPresent(fromOptions.timezone) && !isTimeZone(fromOptions.timezone)) {
                validation.add("from_options.timezone", "The from options.timezone must be a valid IANA timezone.");
            }
            checkBoundedInteger(validation, fromOptions, "from_options.page_size", "maximum page size", 1, 1000, false);
            checkBoundedInteger(validation, fromOptions, "from_options.max_attempts", "maximum attempts", 1, 15, false);
            if (isPresent(fromOptions.filters) && typeof fromOptions.filters !== "object")
                validation.add("from_options.filters", messages.array("from options.filters"));
        }
        if (isPresent(body.to_options) && !isObject(body.to_options)) validation.add("to_options", messages.array("to options"));
        if (isObject(body.to_options) && isPresent(body.to_options.timezone) && !isTimeZone(body.to_options.timezone)) {
            validation.add("to_options.timezone", "The to options.timezone must be a valid IANA timezone.");
        }
        for (const field of ["from_mapping", "to_mapping"]) {
            if (isPresent(body[field]) && typeof body[field] !== "string") validation.add(field, messages.string(field.replace("_", " ")));
        }
        if (isPresent(body.billable)) validation.add("billable", "You do not have permission to alter the billable attribute");
        validation.check();
        if (isObject(fromOptions)) {
            // Only keys whose name contains "filters" are applied (fact sheet 3.3).
            const source = templateOf(service).source;
            for (const [key, value] of Object.entries(fromOptions).filter(([key]) => key.includes("filters"))) {
                const listForm =
                    Array.isArray(value) &&
                    isObject(value[0]) &&
                    ["field", "type", "operator"].every((name) => Object.hasOwn(value[0] as Body, name));
                service.from_options[key] = listForm ? filtersForStorage(source, value) : value;
            }
        }
        if (Object.hasOwn(body, "to_options")) service.to_options = isObject(body.to_options) ? body.to_options : null;
        if (isPresent(body.status)) service.status = body.status === true || body.status === 1 || body.status === "1";
        if (isPresent(body.description)) service.description = body.description as string;
        if (schedule !== undefined) service.schedule = schedule;
        for (const field of ["from_mapping", "to_mapping"] as const) {
            if (Object.hasOwn(body, field)) service[field] = (body[field] as string | null) ?? null;
        }
        service.updated_at = resourceTime(account.now());
        await account.save();
        return { data: resource(service, []) };
    };
    app.put<{ Params: { id: string } }>("/api/v2/services/:id", update);
    app.patch<{ Params: { id: string } }>("/api/v2/services/:id", update);

    app.delete<{ Params: { id: string } }>("/api/v2/services/:id", async (request) => {
        const service = find(request.params.id);
        service.status = false;
        service.schedule = "off";
        service.deleted_at = resourceTime(account.now());
        await account.save();
        return { message: "Service deleted successfully." };
    });
}

function checkBoundedInteger(
    validation: Validation,
    options: Body,
    field: string,
    attribute: string,
    min: number,
    max: number,
    required: boolean,
): void {
    const value = options[field.split(".")[1]];
    if (!isPresent(value)) {
        if (required) validation.add(field, messages.required(attribute));
        return;
    }
    if (!isIntegerLike(value)) {
        validation.add(field, messages.integer(attribute));
        return;
    }
    if (Number(value) < min) validation.add(field, messages.minNumber(attribute, min));
    if (Number(value) > max) validation.add(field, messages.maxNumber(attribute, max));
}
