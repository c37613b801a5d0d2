// Fabric's services and what a service is made from: service templates, the filter catalog, the
// shared mapping documents and the subscription's allowance (fact sheet 3.3-3.6, 7.3). The only
// module that knows these routes and field names; everything it returns is plain data.
import { z } from "zod";
import type { PatchworksClient } from "./client";
import { apiId, parse, UnexpectedResponseError, unwrapData } from "./decode";
import { unlessNotFound } from "./errors";
import { listAllPages } from "./pages";

export type ServiceClient = Pick<PatchworksClient, "request">;

/** A filter as the provider speaks of it: Patchworks' field key, operator key, type key, value as text. */
export interface ServiceFilter {
    field: string;
    operator: string;
    type?: string;
    value: string;
}

/** One side of a template: a factory-system (system, factory, entity, direction). */
export interface FactorySystem {
    id: string;
    systemId?: string;
    /** The system's factory name, e.g. "Shopify", "Magentotwo". */
    systemFactoryName?: string;
    /** The factory, e.g. "Orders", "Stocklevels": what a Service names as its entity. */
    factory?: string;
    /** Fabric's entity name, e.g. "Stock". */
    entity?: string;
    /** The mapping document Fabric clones for this side when a service is created. */
    defaultMapName?: string;
}

export interface ServiceTemplate {
    id: string;
    name: string;
    /** null: a global template; else the company group's own. */
    groupId: string | null;
    enabled: boolean;
    source: FactorySystem;
    destination: FactorySystem;
    /** The template's source option defaults, where its options say them. */
    defaults: { pageSize?: number; maxAttempts?: number };
}

export interface RemoteService {
    id: string;
    name: string;
    active: boolean;
    schedule: string;
    groupUsername: string;
    groupId?: string;
    sourceEnvironment: string;
    destinationEnvironment: string;
    /** "<system factory name>\Pull\<factory>". */
    fromFactory: string;
    /** "<system factory name>\Push\<factory>". */
    toFactory: string;
    pageSize?: number;
    maxAttempts?: number;
    sourceTimezone?: string;
    destinationOptions: Record<string, unknown>;
    filters: ServiceFilter[];
    fromMapping: string | null;
    toMapping: string | null;
    templateId?: string;
}

/** A filter field of a source factory-system with the types and operators it takes (by key). */
export interface FilterField {
    key: string;
    name: string;
    types: { key: string; operators: string[] }[];
    operators: string[];
}

export interface MappingDocument {
    id: string;
    /** Fabric's `content`: the JSON string it was sent. */
    content: string;
}

/** `undefined` where the account does not say. */
export interface SubscriptionSummary {
    activeServices?: number;
    allowedServices?: number;
}

/** What a create sends (fact sheet 3.3 "Create body"). */
export interface ServiceCreate {
    name: string;
    schedule: string;
    sourceEnvironment: string;
    destinationEnvironment: string;
    templateId: string;
    pageSize: number;
    maxAttempts: number;
    sourceTimezone?: string;
    destinationOptions?: Record<string, unknown>;
}

/** What an update sends; a field left out is not sent (fact sheet 3.3 "Update body"). */
export interface ServiceUpdate {
    name?: string;
    schedule?: string;
    active?: boolean;
    filters?: ServiceFilter[];
    /** Replaces the stored `to_options` whole. */
    destinationOptions?: Record<string, unknown>;
}

// ---- Decoding

const optionalNumber = z
    .union([z.number(), z.string().regex(/^\d+$/)])
    .transform(Number)
    .optional()
    .catch(undefined);
const text = z.string().nullish();
const named = z.object({ id: apiId.optional(), name: text, factory_name: text, key: text }).passthrough().nullish();

const factorySystemWire = z
    .object({
        id: apiId,
        system_id: apiId.nullish(),
        default_map_name: text,
        system: named,
        factory: named,
        entity: named,
    })
    .passthrough();

const templateOptionWire = z.object({ target: text, value: z.unknown(), service_option: named, key: text }).passthrough();

const templateWire = z
    .object({
        id: apiId,
        name: z.string().nullish(),
        integration_id: apiId.nullish(),
        enabled: z.union([z.boolean(), z.number()]).nullish(),
        source_factory_system: factorySystemWire.nullish(),
        destination_factory_system: factorySystemWire.nullish(),
        source: factorySystemWire.nullish(),
        destination: factorySystemWire.nullish(),
        service_template_options: z.array(templateOptionWire).nullish(),
    })
    .passthrough();

function factorySystemFrom(wire: z.infer<typeof factorySystemWire>): FactorySystem {
    return {
        id: wire.id,
        systemId: wire.system_id ?? wire.system?.id ?? undefined,
        systemFactoryName: wire.system?.factory_name ?? undefined,
        factory: wire.factory?.name ?? undefined,
        entity: wire.entity?.name ?? undefined,
        defaultMapName: wire.default_map_name ?? undefined,
    };
}

function templateDefaults(options: readonly z.infer<typeof templateOptionWire>[]): ServiceTemplate["defaults"] {
    const defaults: ServiceTemplate["defaults"] = {};
    for (const option of options) {
        if (option.target !== "source") continue;
        const value = optionalNumber.parse(option.value);
        const key = option.service_option?.key ?? option.key;
        if (key === "page_size" && value !== undefined) defaults.pageSize = value;
        if (key === "max_attempts" && value !== undefined) defaults.maxAttempts = value;
    }
    return defaults;
}

function templateFromApi(item: unknown): ServiceTemplate {
    const wire = parse(templateWire, item, "service template");
    const source = wire.source_factory_system ?? wire.source;
    const destination = wire.destination_factory_system ?? wire.destination;
    if (!source || !destination) throw new UnexpectedResponseError("a service template without its source and destination");
    return {
        id: wire.id,
        name: wire.name ?? "",
        groupId: wire.integration_id ?? null,
        // Fabric's create does not check `enabled`; a template that does not say counts as enabled.
        enabled: wire.enabled === undefined || wire.enabled === null ? true : Boolean(wire.enabled),
        source: factorySystemFrom(source),
        destination: factorySystemFrom(destination),
        defaults: templateDefaults(wire.service_template_options ?? []),
    };
}

const TIME_PREFIX = /^(TIME|TIMESTAMP): /;

/** The stored object form {"<field> <operator>": value} (fact sheet 3.5 "Storage"), as filters. */
export function filtersFromStoredObject(stored: Record<string, unknown>): ServiceFilter[] {
    return Object.entries(stored).map(([key, raw]) => {
        const split = key.lastIndexOf(" ");
        const field = split < 0 ? key : key.slice(0, split);
        const operator = split < 0 ? "=" : key.slice(split + 1);
        const value = Array.isArray(raw) ? raw.join(",") : String(raw);
        const prefix = TIME_PREFIX.exec(value);
        return prefix ? { field, operator, type: prefix[1], value: value.slice(prefix[0].length) } : { field, operator, value };
    });
}

const refOf = z
    .object({ id: z.union([z.string(), z.number()]).transform(String), key: z.string().optional() })
    .passthrough()
    .nullish();
const readFilterWire = z
    .object({ id: z.string().optional(), field: refOf, operator: refOf, type: refOf, value: z.unknown() })
    .passthrough();

/** A numeric id is the row's, not the key: only a key says what the field, operator or type is. */
const keyOf = (ref: z.infer<typeof refOf>): string | undefined => ref?.key ?? (ref && !/^\d+$/.test(ref.id) ? ref.id : undefined);

/**
 * One element of the response's rebuilt list. [?] fact sheet 3.5 "Reading": whether `field.id`,
 * `operator.id` and `type.id` are keys or row ids is not shown (the emulator gives row ids and
 * keys). The element's `id`, "<field key> <operator key>", always holds the keys, so the field and
 * operator come from it; the type from a key where one is given, else from `storedType`.
 */
function filterFromList(
    item: z.infer<typeof readFilterWire>,
    storedType: (field: string, operator: string) => string | undefined,
): ServiceFilter {
    const key = item.id ?? "";
    const split = key.lastIndexOf(" ");
    const field = key !== "" ? (split < 0 ? key : key.slice(0, split)) : (keyOf(item.field) ?? "");
    const operator = key !== "" ? (split < 0 ? "=" : key.slice(split + 1)) : (keyOf(item.operator) ?? "=");
    const value = Array.isArray(item.value) ? item.value.join(",") : String(item.value ?? "");
    const filter: ServiceFilter = { field, operator, value: value.replace(TIME_PREFIX, "") };
    const type = keyOf(item.type) ?? storedType(field, operator);
    if (type) filter.type = type;
    return filter;
}

/**
 * The filters a service holds: the response's rebuilt list where Fabric could build one, else the
 * stored object form under `from_options.filters`.
 */
function filtersFrom(list: unknown, stored: unknown): ServiceFilter[] {
    const storedObject =
        typeof stored === "object" && stored !== null && !Array.isArray(stored) ? (stored as Record<string, unknown>) : undefined;
    const storedFilters = storedObject ? filtersFromStoredObject(storedObject) : [];
    const storedType = (field: string, operator: string) => storedFilters.find((f) => f.field === field && f.operator === operator)?.type;
    const parsedList = z.array(readFilterWire).safeParse(list);
    if (parsedList.success) return parsedList.data.map((item) => filterFromList(item, storedType));
    if (storedObject) return storedFilters;
    if (Array.isArray(stored)) return filtersFrom(stored, undefined);
    return [];
}

const serviceWire = z
    .object({
        id: apiId,
        status: z.union([z.boolean(), z.number()]).transform(Boolean),
        description: z.string(),
        schedule: z.string().nullish(),
        username: z.string(),
        integration_id: apiId.nullish(),
        from_environment: z.string(),
        to_environment: z.string(),
        from_factory: z.string(),
        to_factory: z.string(),
        from_options: z.record(z.string(), z.unknown()).nullish(),
        to_options: z.record(z.string(), z.unknown()).nullish(),
        from_mapping: text,
        to_mapping: text,
        filters: z.unknown(),
        service_template_id: apiId.nullish(),
        service_template: z.object({ id: apiId }).passthrough().nullish(),
    })
    .passthrough();

export function serviceFromApi(body: unknown): RemoteService {
    const wire = parse(serviceWire, unwrapData(body), "service");
    const from = wire.from_options ?? {};
    const service: RemoteService = {
        id: wire.id,
        name: wire.description,
        active: wire.status,
        schedule: wire.schedule ?? "off",
        groupUsername: wire.username,
        sourceEnvironment: wire.from_environment,
        destinationEnvironment: wire.to_environment,
        fromFactory: wire.from_factory,
        toFactory: wire.to_factory,
        destinationOptions: wire.to_options ?? {},
        filters: filtersFrom(wire.filters, from.filters),
        fromMapping: wire.from_mapping ?? null,
        toMapping: wire.to_mapping ?? null,
    };
    const groupId = wire.integration_id ?? undefined;
    const templateId = wire.service_template?.id ?? wire.service_template_id ?? undefined;
    const pageSize = optionalNumber.parse(from.page_size);
    const maxAttempts = optionalNumber.parse(from.max_attempts);
    if (groupId !== undefined) service.groupId = groupId;
    if (templateId !== undefined) service.templateId = templateId;
    if (pageSize !== undefined) service.pageSize = pageSize;
    if (maxAttempts !== undefined) service.maxAttempts = maxAttempts;
    if (typeof from.timezone === "string") service.sourceTimezone = from.timezone;
    return service;
}

const filterFieldWire = z
    .object({
        key: z.string(),
        name: z.string().nullish(),
        filter_types: z
            .array(
                z
                    .object({ key: z.string(), filter_operators: z.array(z.object({ key: z.string() }).passthrough()).nullish() })
                    .passthrough(),
            )
            .nullish(),
        filter_operators: z.array(z.object({ key: z.string() }).passthrough()).nullish(),
    })
    .passthrough();

function filterFieldFromApi(item: unknown): FilterField {
    const wire = parse(filterFieldWire, item, "filter field");
    return {
        key: wire.key,
        name: wire.name ?? wire.key,
        types: (wire.filter_types ?? []).map((t) => ({ key: t.key, operators: (t.filter_operators ?? []).map((o) => o.key) })),
        operators: (wire.filter_operators ?? []).map((o) => o.key),
    };
}

const mappingWire = z.object({ content: z.unknown(), username: text, mapping_name: text }).passthrough();

function mappingFromApi(id: string, body: unknown): MappingDocument {
    const wire = parse(mappingWire, unwrapData(body), "mapping document");
    const content = typeof wire.content === "string" ? wire.content : JSON.stringify(wire.content ?? null);
    return { id, content };
}

const countOf = z
    .union([z.number(), z.string().regex(/^\d+$/).transform(Number)])
    .optional()
    .catch(undefined);
const summaryWire = z
    .object({
        summary: z
            .object({
                usage: z.object({ active_services: countOf }).passthrough().nullish(),
                allowance: z.object({ services: countOf }).passthrough().nullish(),
            })
            .passthrough()
            .nullish(),
    })
    .passthrough();

export function subscriptionSummaryFromApi(body: unknown): SubscriptionSummary {
    // The summary sits beside the list, or inside `data` where the answer is one resource.
    const candidates = [body, unwrapData(body)];
    for (const candidate of candidates) {
        const parsed = summaryWire.safeParse(candidate);
        const summary = parsed.success ? parsed.data.summary : undefined;
        if (summary) return { activeServices: summary.usage?.active_services, allowedServices: summary.allowance?.services };
    }
    return {};
}

// ---- Encoding

/**
 * Filters in the list form Fabric validates on PUT (fact sheet 3.5 "Writing"): each element has
 * `field`, `type` and `operator` keys (what makes Fabric read the list) and the id
 * "<field key> <operator key>". [?] fact sheet 3.5: whether `type.id` wants the type's key or its
 * numeric id is not shown; the key is sent because the read side returns keys, and a type Fabric
 * does not recognise is guessed from the value instead (never stored unchecked).
 */
export function filtersToWire(filters: readonly ServiceFilter[]): Record<string, unknown>[] {
    return filters.map((f) => ({
        id: `${f.field} ${f.operator}`,
        field: { id: f.field },
        operator: { id: f.operator },
        type: f.type === undefined ? null : { id: f.type },
        value: f.value,
    }));
}

export function serviceCreateBody(create: ServiceCreate): Record<string, unknown> {
    const fromOptions: Record<string, unknown> = { page_size: create.pageSize, max_attempts: create.maxAttempts };
    if (create.sourceTimezone !== undefined) fromOptions.timezone = create.sourceTimezone;
    const body: Record<string, unknown> = {
        description: create.name,
        schedule: create.schedule,
        from_environment: create.sourceEnvironment,
        to_environment: create.destinationEnvironment,
        service_template_id: Number.isInteger(Number(create.templateId)) ? Number(create.templateId) : create.templateId,
        from_options: fromOptions,
    };
    // Fabric wants a non-empty object or nothing.
    if (create.destinationOptions && Object.keys(create.destinationOptions).length > 0) body.to_options = create.destinationOptions;
    return body;
}

export function serviceUpdateBody(update: ServiceUpdate): Record<string, unknown> {
    const body: Record<string, unknown> = {};
    if (update.name !== undefined) body.description = update.name;
    if (update.schedule !== undefined) body.schedule = update.schedule;
    if (update.active !== undefined) body.status = update.active;
    if (update.filters !== undefined) body.from_options = { filters: filtersToWire(update.filters) };
    if (update.destinationOptions !== undefined) body.to_options = update.destinationOptions;
    return body;
}

// ---- Routes

const SERVICES_PER_PAGE = "100";
const FILTER_FIELDS_PER_PAGE = "100";
export const TEMPLATE_INCLUDES = [
    "source.system",
    "source.factory",
    "source.entity",
    "destination.system",
    "destination.factory",
    "destination.entity",
    "serviceTemplateOptions",
].join(",");

const servicePath = (id: string) => `/services/${encodeURIComponent(id)}`;

/** Every service of the company, or of one group (its username). */
export function listServices(client: ServiceClient, groupUsername?: string): Promise<RemoteService[]> {
    const query: Record<string, string> = { perPage: SERVICES_PER_PAGE, include: "serviceTemplate" };
    if (groupUsername !== undefined) query["filter[username]"] = groupUsername;
    return listAllPages(client, "/services", query, serviceFromApi);
}

export function getService(client: ServiceClient, id: string): Promise<RemoteService> {
    return client.request({
        request: { method: "GET", path: servicePath(id), query: { include: "serviceTemplate" } },
        decode: serviceFromApi,
    });
}

export function createService(
    client: ServiceClient,
    groupId: string,
    create: ServiceCreate,
    reconcile?: () => Promise<RemoteService | undefined>,
): Promise<RemoteService> {
    return client.request({
        request: { method: "POST", path: `/integrations/${encodeURIComponent(groupId)}/services`, body: serviceCreateBody(create) },
        decode: serviceFromApi,
        reconcile,
    });
}

export function updateService(client: ServiceClient, id: string, update: ServiceUpdate): Promise<RemoteService> {
    return client.request({ request: { method: "PUT", path: servicePath(id), body: serviceUpdateBody(update) }, decode: serviceFromApi });
}

/** Fabric turns the service off and soft-deletes it; one already gone (404) counts as deleted. */
export async function deleteService(client: ServiceClient, id: string): Promise<void> {
    await unlessNotFound(client.request({ request: { method: "DELETE", path: servicePath(id) }, decode: () => undefined }));
}

/** Every template the account may use (its groups' own and the global ones), in one unpaginated call. */
export function listServiceTemplates(client: ServiceClient): Promise<ServiceTemplate[]> {
    return client.request({
        request: { method: "GET", path: "/service-templates", query: { include: TEMPLATE_INCLUDES } },
        decode: (body) => parse(z.array(z.unknown()), unwrapData(body), "list of service templates").map(templateFromApi),
    });
}

/** The filter fields of one source factory-system, with their types and operators. */
export function listFilterFields(client: ServiceClient, factorySystemId: string): Promise<FilterField[]> {
    return listAllPages(
        client,
        "/filter-fields",
        {
            "filter[factory_system_id]": factorySystemId,
            include: "filterType.filterOperator,filterOperator",
            perPage: FILTER_FIELDS_PER_PAGE,
        },
        filterFieldFromApi,
    );
}

/** Writes (or replaces) a mapping document; Fabric archives the version it replaces. */
export async function writeMappingDocument(client: ServiceClient, groupId: string, name: string, content: string): Promise<void> {
    await client.request({
        request: {
            method: "POST",
            path: "/mappings",
            body: { integration_id: Number.isInteger(Number(groupId)) ? Number(groupId) : groupId, mapping_name: name, content },
        },
        decode: () => undefined,
    });
}

/** A mapping document by its id "<group username>_<name>"; `undefined` when there is none. */
export function readMappingDocument(client: ServiceClient, id: string): Promise<MappingDocument | undefined> {
    return unlessNotFound(
        client.request({
            request: { method: "GET", path: `/mappings/${encodeURIComponent(id)}` },
            decode: (body) => mappingFromApi(id, body),
        }),
    );
}

export function readSubscriptionSummary(client: ServiceClient): Promise<SubscriptionSummary> {
    return client.request({ request: { method: "GET", path: "/company-subscriptions" }, decode: subscriptionSummaryFromApi });
}

const inboundEndpointWire = z.object({ service_id: apiId.nullish(), url: z.string().nullish() }).passthrough();

/** The Inbound API URL of each service that has one, by service id (fact sheet 3.11). */
export function listInboundUrls(client: ServiceClient): Promise<Map<string, string>> {
    return client.request({
        request: { method: "GET", path: "/inbound-endpoints" },
        decode: (body) => {
            const urls = new Map<string, string>();
            for (const item of parse(z.array(inboundEndpointWire), unwrapData(body), "list of inbound endpoints")) {
                if (item.service_id && item.url) urls.set(item.service_id, item.url);
            }
            return urls;
        },
    });
}
