// Builds the Pulumi package schema (schema.json) of pulumi-patchworks: the Connector resource from
// the SDK's declarations, the credential shapes from the catalog, the provider config keys from
// the provider's settings. Pure: the caller reads files and writes the result.
import type { AuthType, CredentialField, SystemEntry } from "../../provider/catalog";
import { environmentVariable, SETTING_DEFAULTS, type ConfigurableKey } from "../../provider/settings";
import { REPLACE_PROPERTIES } from "../../provider/connector/diff";
import { DEFAULT_DATE_FORMAT, DEFAULT_TIMEZONE } from "../../provider/connector/validate";
import type { ConnectorArgs } from "../../sdk";
import type { ConnectorShape, ShapeProperty, ShapeType } from "./sdk-shape";

const PACKAGE_NAME = "patchworks";
const CONNECTOR_TOKEN = `${PACKAGE_NAME}:index:Connector`;

/** What this generator emits of the Pulumi schema format; see pulumi/pkg/codegen/schema/pulumi.json. */
export interface PropertySpec {
    type?: "string" | "boolean" | "integer" | "object";
    $ref?: string;
    additionalProperties?: { type: "string" };
    description: string;
    default?: string | boolean | number;
    defaultInfo?: { environment: string[] };
    secret?: true;
    replaceOnChanges?: true;
}

export interface ObjectTypeSpec {
    type: "object";
    description: string;
    properties: Record<string, PropertySpec>;
    required: string[];
}

export interface EnumTypeSpec {
    type: "string";
    description: string;
    enum: { value: string }[];
}

export interface ResourceSpec {
    description: string;
    inputProperties: Record<string, PropertySpec>;
    requiredInputs: string[];
    properties: Record<string, PropertySpec>;
    required: string[];
}

export interface PackageSchema {
    name: string;
    displayName: string;
    version: string;
    description: string;
    license: string;
    keywords: string[];
    language: { nodejs: { packageName: string } };
    config: { variables: Record<string, PropertySpec> };
    types: Record<string, ObjectTypeSpec | EnumTypeSpec>;
    resources: Record<string, ResourceSpec>;
}

export interface PackageInfo {
    /** The npm package name, version, description and license, from package.json. */
    readonly name: string;
    readonly version: string;
    readonly description: string;
    readonly license: string;
}

const token = (name: string): string => `${PACKAGE_NAME}:index:${name}`;
const typeRef = (name: string): string => `#/types/${token(name)}`;

/** The SDK wraps credentials in pulumi.secret and lists them in additionalSecretOutputs. */
const SECRET_PROPERTIES: readonly string[] = ["credentials"];

/** Defaults the provider's check applies; the resource name default of `name` has no schema form. */
const INPUT_DEFAULTS: Partial<Record<keyof ConnectorArgs, string | boolean>> = {
    timezone: DEFAULT_TIMEZONE,
    dateFormat: DEFAULT_DATE_FORMAT,
    adopt: false,
};

/** Descriptions of the SDK's types that have no doc comment there; a property of such a type inherits it. */
const DESCRIPTIONS_NOT_IN_SDK: Readonly<Record<string, string>> = {
    Environment: "The Patchworks environment of a connector.",
    ConnectorStatus: "Whether Patchworks can reach the system with the connector's credentials, as Patchworks last reported it.",
};

function pascalCase(id: string): string {
    return id
        .split(/[^A-Za-z0-9]+/)
        .filter(Boolean)
        .map((part) => part[0].toUpperCase() + part.slice(1))
        .join("");
}

/** e.g. `ShopifyTokenCredentials` for Shopify's `token` auth type. */
function credentialsTypeName(system: SystemEntry, authType: AuthType): string {
    return `${pascalCase(system.id)}${pascalCase(authType.id)}Credentials`;
}

export function credentialsTypeToken(system: SystemEntry, authType: AuthType): string {
    return token(credentialsTypeName(system, authType));
}

const sentence = (text: string): string => (/[.!?]$/.test(text) ? text : `${text}.`);

function describeField(field: CredentialField): string {
    return sentence(field.format ? `${field.label}: ${field.format}` : field.label);
}

function describeAuthType(system: SystemEntry, authType: AuthType): string {
    const lines = [`Credentials of ${system.label} (\`system: "${system.id}"\`) with \`authType: "${authType.id}"\`: ${authType.label}.`];
    if (authType.interactive) {
        lines.push(
            "Authorised through an interactive OAuth redirect: authorise the connector in the Patchworks dashboard, " +
                "then declare it with `adopt: true`.",
        );
    }
    if (system.evidence === "inferred") {
        lines.push("Inferred, not read from a Patchworks page: confirm the field names before relying on them.");
    }
    return lines.join("\n\n");
}

function credentialsType(system: SystemEntry, authType: AuthType): ObjectTypeSpec {
    return {
        type: "object",
        description: describeAuthType(system, authType),
        properties: Object.fromEntries(
            authType.fields.map((field) => [
                field.key,
                { type: "string", description: describeField(field), ...(field.secret ? { secret: true } : {}) },
            ]),
        ),
        required: authType.fields.filter((f) => f.required).map((f) => f.key),
    };
}

function credentialsTypes(systems: readonly SystemEntry[]): Record<string, ObjectTypeSpec> {
    const types: Record<string, ObjectTypeSpec> = {};
    for (const system of systems) {
        for (const authType of system.authTypes) {
            const typeToken = credentialsTypeToken(system, authType);
            if (types[typeToken]) throw new Error(`two auth types map to the schema type ${typeToken}`);
            types[typeToken] = credentialsType(system, authType);
        }
    }
    return types;
}

function typeSpec(type: ShapeType): Pick<PropertySpec, "type" | "$ref" | "additionalProperties"> {
    switch (type.kind) {
        case "string":
        case "boolean":
            return { type: type.kind };
        case "map":
            return { type: "object", additionalProperties: { type: "string" } };
        case "enum":
            return { $ref: typeRef(type.name) };
    }
}

function enumTypes(properties: readonly ShapeProperty[]): Record<string, EnumTypeSpec> {
    const types: Record<string, EnumTypeSpec> = {};
    for (const { type } of properties) {
        if (type.kind !== "enum") continue;
        types[token(type.name)] = {
            type: "string",
            description: requiredDescription(type.name, type.description),
            enum: type.values.map((value) => ({ value })),
        };
    }
    return types;
}

function requiredDescription(name: string, fromSdk: string | undefined): string {
    const description = fromSdk ?? DESCRIPTIONS_NOT_IN_SDK[name];
    if (!description) throw new Error(`sdk/connector.ts: ${name} has no doc comment; add one so the schema can describe it`);
    return description;
}

/** A property without a doc comment of its own: its input's comment, else its enum type's description. */
function inheritedDescription(property: ShapeProperty, inputDescription: string | undefined): string | undefined {
    if (inputDescription) return inputDescription;
    return property.type.kind === "enum" ? requiredDescription(property.type.name, property.type.description) : undefined;
}

function credentialsDescription(fromSdk: string | undefined): string {
    return (
        `${requiredDescription("credentials", fromSdk)} The keys of each system and auth type are the ` +
        "`patchworks:index:<System><AuthType>Credentials` types of this schema (see docs/systems.md)."
    );
}

function propertySpec(property: ShapeProperty, description: string | undefined): PropertySpec {
    const name = property.name;
    const defaultValue = INPUT_DEFAULTS[name as keyof ConnectorArgs];
    return {
        ...typeSpec(property.type),
        description: name === "credentials" ? credentialsDescription(description) : requiredDescription(name, description),
        ...(defaultValue !== undefined ? { default: defaultValue } : {}),
        ...(SECRET_PROPERTIES.includes(name) ? { secret: true } : {}),
        ...((REPLACE_PROPERTIES as readonly string[]).includes(name) ? { replaceOnChanges: true } : {}),
    };
}

function connectorResource(shape: ConnectorShape): ResourceSpec {
    const inputDescriptions = new Map(shape.inputs.map((p) => [p.name, p.description]));
    const replaced = REPLACE_PROPERTIES.map((p) => `\`${p}\``).join(", ");
    return {
        description:
            `${requiredDescription("Connector", shape.description)}\n\n` +
            `Changing ${replaced} replaces the connector. A new key (system, environment, company group) is ` +
            "created first, so a failed create leaves the old connector in place; an `authType` change keeps the key, and " +
            "Patchworks allows one live and one test connector per system per company group, so the old one is deleted " +
            "first (and put back if the new one cannot be created). Other changes are made in place.",
        inputProperties: Object.fromEntries(shape.inputs.map((p) => [p.name, propertySpec(p, p.description)])),
        requiredInputs: shape.inputs.filter((p) => !p.optional).map((p) => p.name),
        properties: Object.fromEntries(
            shape.outputs.map((p) => {
                const description = p.description ?? inheritedDescription(p, inputDescriptions.get(p.name));
                return [p.name, propertySpec(p, description)];
            }),
        ),
        required: shape.outputs.filter((p) => !p.optional).map((p) => p.name),
    };
}

/** Every `patchworks:*` key the provider reads; the compiler insists each setting is documented. */
const CONFIG_VARIABLES: Record<ConfigurableKey, Pick<PropertySpec, "type" | "secret" | "description">> = {
    apiUrl: { type: "string", description: "Base URL of the Patchworks API." },
    apiKey: { type: "string", secret: true, description: "Patchworks API key, sent as the raw `Authorization` header." },
    accessToken: {
        type: "string",
        secret: true,
        description: "Patchworks OAuth access token, sent as `Bearer <token>` when there is no API key.",
    },
    allowInsecureHttp: { type: "boolean", description: "Allow plain `http://` to a host that is not loopback." },
    maxRetries: {
        type: "integer",
        description:
            "Retries of a failed request (5xx, network errors, 429 without `Retry-After`). A 429 with `Retry-After` " +
            "pauses every request for as long as it says and is not counted (up to 5 minutes per request).",
    },
    requestTimeoutMs: { type: "integer", description: "Time limit of one request, in milliseconds." },
    retryBaseMs: {
        type: "integer",
        description: "First backoff step in milliseconds when the API gives no `Retry-After`; doubles per retry, with jitter.",
    },
    logRequests: {
        type: "boolean",
        description: "Print one line per API request (method, path, status, time, retries) in the run's output; secrets redacted.",
    },
    verifyCredentials: {
        type: "string",
        description:
            "After a create or an update that sends credentials, a connector whose status is `failed_authentication` or " +
            "`unreachable` is a warning (`warn`), fails the step (`fail`), or is not reported (`off`).",
    },
    adoptMatching: {
        type: "boolean",
        description:
            "Recovery after an interrupted `pulumi up`: a Connector whose key is taken by a connector that matches its " +
            "declaration exactly (name, timezone, date format, auth type, non-secret credentials) adopts it instead of failing.",
    },
};

function configVariables(): Record<string, PropertySpec> {
    return Object.fromEntries(
        Object.entries(CONFIG_VARIABLES).map(([key, spec]) => [
            key,
            {
                ...spec,
                ...(SETTING_DEFAULTS[key as ConfigurableKey] !== undefined ? { default: SETTING_DEFAULTS[key as ConfigurableKey] } : {}),
                description:
                    `${spec.description} Read from stack config \`${PACKAGE_NAME}:${key}\` first, ` +
                    `then the environment variable \`${environmentVariable(key)}\`.`,
                defaultInfo: { environment: [environmentVariable(key)] },
            },
        ]),
    );
}

export function buildSchema(shape: ConnectorShape, systems: readonly SystemEntry[], info: PackageInfo): PackageSchema {
    return {
        name: PACKAGE_NAME,
        displayName: "Patchworks",
        version: info.version,
        description: info.description,
        license: info.license,
        keywords: ["pulumi", PACKAGE_NAME, "ipaas", "category/utility"],
        language: { nodejs: { packageName: info.name } },
        config: { variables: configVariables() },
        types: { ...enumTypes([...shape.inputs, ...shape.outputs]), ...credentialsTypes(systems) },
        resources: { [CONNECTOR_TOKEN]: connectorResource(shape) },
    };
}

/** Keys sorted at every level, two-space indent, final newline: byte-stable for the staleness test. */
export function formatJson(value: unknown): string {
    const sorted = (v: unknown): unknown => {
        if (Array.isArray(v)) return v.map(sorted);
        if (v === null || typeof v !== "object") return v;
        return Object.fromEntries(
            Object.keys(v)
                .sort()
                .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
        );
    };
    return `${JSON.stringify(sorted(value), null, 2)}\n`;
}
