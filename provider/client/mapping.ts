// The wire format (snake_case) <-> the domain (camelCase). Pure functions; the only place that
// knows the API's field names, so an API correction is a change here.
import { z } from "zod";
import { apiId, parse, UnexpectedResponseError, unwrapData } from "./decode";

export { apiId, parse, UnexpectedResponseError, unwrapData };
import { CONNECTOR_STATUSES, ENVIRONMENTS, type ConnectorStatus, type Environment } from "../model";

/** What makes a connector unique in an account: one per system, environment and company group. */
export interface ConnectorKey {
    system: string;
    environment: Environment;
    /** null is the company's default group. */
    companyGroup: string | null;
}

export interface ConnectorFields extends ConnectorKey {
    name: string;
    timezone: string;
    dateFormat: string;
    authType: string;
    credentials: Record<string, string>;
}

/** A connector as the API reports it; secret credential values come back masked ("********"). */
export interface RemoteConnector extends ConnectorFields {
    id: string;
    status: ConnectorStatus;
    createdAt: string;
    updatedAt: string;
}

/** The fields that change in place; everything else replaces the connector. */
export type ConnectorPatch = Partial<Pick<ConnectorFields, "name" | "timezone" | "dateFormat" | "credentials">>;

export interface CompanyGroup {
    id: string;
    name: string;
}


// Ports and flags may come back as JSON numbers or booleans; the domain holds strings.
const credentialValue = z.union([z.string(), z.number(), z.boolean()]).transform(String);

const apiConnector = z.object({
    id: apiId,
    name: z.string(),
    system: z.string(),
    environment: z.enum(ENVIRONMENTS),
    company_group: z.string().nullish(),
    timezone: z.string(),
    date_format: z.string(),
    auth_type: z.string(),
    credentials: z.record(z.string(), credentialValue),
    status: z.enum(CONNECTOR_STATUSES),
    created_at: z.string(),
    updated_at: z.string(),
});

const apiCompanyGroup = z.object({ id: apiId, name: z.string() });

const apiPage = z.object({
    data: z.array(z.unknown()),
    meta: z.object({ last_page: z.number().int() }).optional(),
});

export interface ApiConnectorInput {
    name: string;
    system: string;
    environment: string;
    company_group: string | null;
    timezone: string;
    date_format: string;
    auth_type: string;
    credentials: Record<string, string>;
}

export type ApiConnectorPatch = Partial<Pick<ApiConnectorInput, "name" | "timezone" | "date_format" | "credentials">>;

/** The API spells the default group as null, absent or "". */
function companyGroupFromApi(value: string | null | undefined): string | null {
    return value ? value : null;
}

export function connectorToApi(fields: ConnectorFields): ApiConnectorInput {
    return {
        name: fields.name,
        system: fields.system,
        environment: fields.environment,
        company_group: fields.companyGroup,
        timezone: fields.timezone,
        date_format: fields.dateFormat,
        auth_type: fields.authType,
        credentials: { ...fields.credentials },
    };
}

export function patchToApi(patch: ConnectorPatch): ApiConnectorPatch {
    const body: ApiConnectorPatch = {};
    if (patch.name !== undefined) body.name = patch.name;
    if (patch.timezone !== undefined) body.timezone = patch.timezone;
    if (patch.dateFormat !== undefined) body.date_format = patch.dateFormat;
    if (patch.credentials !== undefined) body.credentials = { ...patch.credentials };
    return body;
}

export function connectorFromApi(body: unknown): RemoteConnector {
    const c = parse(apiConnector, unwrapData(body), "connector");
    return {
        id: c.id,
        name: c.name,
        system: c.system,
        environment: c.environment,
        companyGroup: companyGroupFromApi(c.company_group),
        timezone: c.timezone,
        dateFormat: c.date_format,
        authType: c.auth_type,
        credentials: c.credentials,
        status: c.status,
        createdAt: c.created_at,
        updatedAt: c.updated_at,
    };
}

export function companyGroupFromApiBody(item: unknown): CompanyGroup {
    return parse(apiCompanyGroup, item, "company group");
}

/** One page of a list response: its raw items and how many pages there are (1 without meta). */
export function pageFromApi(body: unknown): { items: unknown[]; lastPage: number } {
    const page = parse(apiPage, body, "list page");
    return { items: page.data, lastPage: page.meta?.last_page ?? 1 };
}

/**
 * An explicit null companyGroup asks for the default group (an empty filter value); an omitted
 * one asks for every group (no filter at all).
 */
export function connectorFilterToQuery(filter: Partial<ConnectorKey>): Record<string, string> {
    const query: Record<string, string> = {};
    if (filter.system !== undefined) query["filter[system]"] = filter.system;
    if (filter.environment !== undefined) query["filter[environment]"] = filter.environment;
    if (filter.companyGroup !== undefined) query["filter[company_group]"] = filter.companyGroup ?? "";
    return query;
}
