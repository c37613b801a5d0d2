// Builds the Pulumi package schema (schema.json) of pulumi-patchworks: the Connector and Service
// resources from the SDK's declarations, the credential shapes from the catalog, the provider
// config keys from the provider's settings. Pure: the caller reads files and writes the result.
import type { AuthType, CredentialField, SystemEntry } from "../../provider/catalog";
import { serviceCatalog } from "../../provider/catalog/services";
import { environmentVariable, SETTING_DEFAULTS, type ConfigurableKey } from "../../provider/settings";
import { REPLACE_PROPERTIES } from "../../provider/connector/diff";
import { DEFAULT_DATE_FORMAT, DEFAULT_TIMEZONE } from "../../provider/connector/validate";
import { REPLACE_PATHS } from "../../provider/service/diff";
import type { ResourceShape, ResourceSource, ShapeProperty, ShapeType } from "./sdk-shape";

const PACKAGE_NAME = "patchworks";

/** How a value is typed in the Pulumi schema format; see pulumi/pkg/codegen/schema/pulumi.json. */
export interface TypeSpec {
    type?: "string" | "boolean" | "integer" | "number" | "object" | "array";
    $ref?: string;
    items?: TypeSpec;
    additionalProperties?: TypeSpec;
    oneOf?: TypeSpec[];
}

/** What this generator emits of a property. */
export interface PropertySpec extends TypeSpec {
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

interface EnumTypeSpec {
    type: "string";
    description: string;
    enum: { value: string }[];
}

interface ResourceSpec {
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

/** The shapes of the SDK's resources, as scripts/reference/sdk-shape.ts reads them. */
export interface SdkShapes {
    readonly connector: ResourceShape;
    readonly service: ResourceShape;
}

/**
 * Where the schema reads each resource. The Service class declares `source` and `destination`
 * as `Record<string, unknown>`; what they hold is the endpoint as the provider's check resolved it
 * (the connector's id and key, the entity, the settings), declared in provider/service/types.ts.
 */
export const SDK_RESOURCES: Record<keyof SdkShapes, ResourceSource> = {
    connector: { file: "sdk/connector.ts", resource: "Connector" },
    service: {
        file: "sdk/service.ts",
        resource: "Service",
        looseOutputs: {
            source: { file: "provider/service/types.ts", type: "ServiceSourceInputs", name: "ResolvedServiceSource" },
            destination: { file: "provider/service/types.ts", type: "ServiceDestinationInputs", name: "ResolvedServiceDestination" },
        },
    },
};

const token = (name: string): string => `${PACKAGE_NAME}:index:${name}`;
const typeRef = (name: string): string => `#/types/${token(name)}`;
const resourceRef = (name: string): string => `#/resources/${token(name)}`;

/** What the provider does with a resource's properties, by path from the resource ("source.timezone"). */
interface ResourceRules {
    /** The paragraphs of the resource's description after the SDK's doc comment. */
    readonly about: string;
    /** Defaults the provider's check applies; the resource-name default of `name` has no schema form. */
    readonly defaults: Readonly<Record<string, string | boolean | number>>;
    readonly secrets: readonly string[];
    /** Inputs and outputs whose change replaces the resource. */
    readonly replaces: readonly string[];
    /** `number` properties that take whole numbers only, with their range. */
    readonly integers: Readonly<Record<string, { readonly min: number; readonly max: number }>>;
}

const connectorReplaced = REPLACE_PROPERTIES.map((p) => `\`${p}\``).join(", ");

const CONNECTOR_RULES: ResourceRules = {
    about:
        `Changing ${connectorReplaced} replaces the connector. A new key (system, environment, company group) is ` +
        "created first, so a failed create leaves the old connector in place; an `authType` change keeps the key, and " +
        "Patchworks allows one live and one test connector per system per company group, so the old one is deleted " +
        "first (and put back if the new one cannot be created). Other changes are made in place.",
    defaults: { timezone: DEFAULT_TIMEZONE, dateFormat: DEFAULT_DATE_FORMAT, adopt: false },
    secrets: ["credentials"],
    replaces: REPLACE_PROPERTIES,
    integers: {},
};

/**
 * The SDK turns an endpoint's `connector` (a Connector, or what getConnector returns) into the
 * connector's `connectorId`, `system`, `environment`, `companyGroup`, `companyGroupId` and
 * `systemId`: an output `source.connectorId` is the input `source.connector`.
 */
function endpointInputPaths(outputPath: string): string[] {
    const match = /^(source|destination)\.(connectorId|system|environment|companyGroup|companyGroupId|systemId)$/.exec(outputPath);
    if (!match) return [outputPath];
    const [, side, key] = match;
    return key === "connectorId" ? [`${side}.connector.connectorId`, `${side}.connector`] : [`${side}.connector.${key}`];
}

const SERVICE_RULES: ResourceRules = {
    about:
        "Changing either connector (and so the company group), either entity, `source.pageSize`, `source.maxAttempts` or " +
        "`source.timezone` replaces the service (Fabric cannot change them), creating the replacement first; a replaced " +
        "active service's replacement is activated only once the old one is deleted. `name`, `schedule`, `filters`, " +
        "`mappings`, `active` and `destination.options` update in place.",
    defaults: {
        schedule: serviceCatalog.defaults.schedule,
        active: serviceCatalog.defaults.active,
        adopt: false,
    },
    secrets: [],
    replaces: [...REPLACE_PATHS, ...REPLACE_PATHS.flatMap(endpointInputPaths)],
    integers: {
        "source.pageSize": { min: serviceCatalog.limits.pageSizeMin, max: serviceCatalog.limits.pageSizeMax },
        "source.maxAttempts": { min: serviceCatalog.limits.maxAttemptsMin, max: serviceCatalog.limits.maxAttemptsMax },
    },
};

/**
 * Descriptions the SDK's declarations lack, by type (`Environment`) or by owner and property
 * (`ServiceFilter.operator`). A doc comment in the SDK is better: once one is written, its entry
 * here fails the generation until removed, so each description has one home.
 */
const DESCRIPTIONS_NOT_IN_SDK: Readonly<Record<string, string>> = {
    Environment: "The Patchworks environment of a connector.",
    ConnectorStatus: "Whether Patchworks can reach the system with the connector's credentials, as Patchworks last reported it.",
    ResolvedServiceSource:
        "The source as the provider resolved it: the connector's id, system, environment, company group and their Patchworks ids, the entity and the fetch settings.",
    ResolvedServiceDestination:
        "The destination as the provider resolved it: the connector's id, system, environment, company group and their Patchworks ids, the entity and its options.",
};

const sentence = (text: string): string => (/[.!?]$/.test(text) ? text : `${text}.`);

function credentialsDescription(description: string): string {
    return (
        `${description} The keys of each system and auth type are the ` +
        "`patchworks:index:<System><AuthType>Credentials` types of this schema (see docs/systems.md)."
    );
}

/** A type without its descriptions and with its flags: two readings of one schema type must agree on it. */
function structure(spec: ObjectTypeSpec | EnumTypeSpec): string {
    if ("enum" in spec) return JSON.stringify(spec.enum);
    return JSON.stringify(Object.entries(spec.properties).map(([name, { description: _, ...rest }]) => [name, rest]));
}

/** Turns resource shapes into schema resources and the types they use, checking every rule is used. */
class SchemaBuilder {
    readonly types: Record<string, ObjectTypeSpec | EnumTypeSpec> = {};
    private readonly problems: string[] = [];
    private readonly usedDescriptions = new Set<string>();
    private readonly usedRules = new Set<string>();

    /** The description of `owner.property` (or of a type) from the SDK or the table; undefined when neither has one. */
    private describe(owner: string, name: string | undefined, fromSdk: string | undefined): string | undefined {
        const key = name === undefined ? owner : `${owner}.${name}`;
        const fromTable = DESCRIPTIONS_NOT_IN_SDK[key];
        if (fromTable !== undefined) this.usedDescriptions.add(key);
        if (fromSdk && fromTable !== undefined) {
            this.problems.push(`${key} has a doc comment where it is declared: remove its entry from DESCRIPTIONS_NOT_IN_SDK`);
        }
        return fromSdk ?? fromTable;
    }

    private typeDescription(type: ShapeType): string | undefined {
        if (type.kind === "enum" || type.kind === "object") return this.describe(type.name, undefined, type.description);
        if (type.kind === "array") return this.typeDescription(type.items);
        return undefined;
    }

    private required(what: string, description: string | undefined): string {
        if (description) return description;
        this.problems.push(`${what} has no doc comment in the SDK; add one (or an entry in DESCRIPTIONS_NOT_IN_SDK)`);
        return "";
    }

    /** The description of a property, from the SDK, the table, its type, or `fallback` (the input's at that path). */
    propertyDescription(owner: string, property: ShapeProperty, fallback?: string): string | undefined {
        return this.describe(owner, property.name, property.description) ?? fallback ?? this.typeDescription(property.type);
    }

    private register(name: string, spec: ObjectTypeSpec | EnumTypeSpec, at: string): void {
        const key = token(name);
        const existing = this.types[key];
        if (!existing) this.types[key] = spec;
        else if (structure(existing) !== structure(spec)) {
            this.problems.push(`the schema type ${name} differs where it is used (${at}): give the two shapes different names`);
        }
    }

    private typeSpec(type: ShapeType, at: string, rules: ResourceRules, fallback: (path: string) => string | undefined): TypeSpec {
        switch (type.kind) {
            case "string":
            case "boolean":
            case "number":
                return { type: type.kind };
            case "map":
                return { type: "object", additionalProperties: this.typeSpec(type.values, at, rules, fallback) };
            case "array":
                return { type: "array", items: this.typeSpec(type.items, `${at}[]`, rules, fallback) };
            case "union":
                return { oneOf: type.members.map((m) => this.typeSpec(m, at, rules, fallback)) };
            case "resource":
                return { $ref: resourceRef(type.name) };
            case "enum":
                this.register(
                    type.name,
                    {
                        type: "string",
                        description: this.required(type.name, this.typeDescription(type)),
                        enum: type.values.map((value) => ({ value })),
                    },
                    at,
                );
                return { $ref: typeRef(type.name) };
            case "object": {
                const first = this.types[token(type.name)] === undefined;
                const properties = Object.fromEntries(
                    type.properties.map((p) => {
                        const path = `${at}.${p.name}`;
                        const description = this.propertyDescription(type.name, p, fallback(path));
                        return [
                            p.name,
                            this.propertySpec(
                                p,
                                path,
                                first ? this.required(`${type.name}.${p.name}`, description) : (description ?? ""),
                                rules,
                                fallback,
                            ),
                        ];
                    }),
                );
                const exclusive = type.exclusive ? ` Set exactly one of ${type.properties.map((p) => `\`${p.name}\``).join(", ")}.` : "";
                const description = this.typeDescription(type);
                this.register(
                    type.name,
                    {
                        type: "object",
                        description: `${first ? this.required(type.name, description) : (description ?? "")}${exclusive}`,
                        properties,
                        required: type.properties.filter((p) => !p.optional).map((p) => p.name),
                    },
                    at,
                );
                return { $ref: typeRef(type.name) };
            }
        }
    }

    private propertySpec(
        property: ShapeProperty,
        path: string,
        description: string,
        rules: ResourceRules,
        fallback: (path: string) => string | undefined,
    ): PropertySpec {
        const used = (rule: string) => {
            this.usedRules.add(`${rule} ${path}`);
            return true;
        };
        const spec: PropertySpec = { ...this.typeSpec(property.type, path, rules, fallback), description };
        const range = rules.integers[path];
        if (range && used("integer")) {
            if (spec.type !== "number") this.problems.push(`${path} is not a number, so it cannot be a whole number`);
            spec.type = "integer";
            spec.description = `${sentence(spec.description)} A whole number from ${range.min} to ${range.max}.`;
        }
        if (rules.defaults[path] !== undefined && used("default")) spec.default = rules.defaults[path];
        if (rules.secrets.includes(path) && used("secret")) spec.secret = true;
        if (rules.replaces.includes(path) && used("replace")) spec.replaceOnChanges = true;
        return spec;
    }

    /** Each rule must reach a property: a path that no longer exists is a schema that lies. */
    private checkRulesUsed(name: string, rules: ResourceRules): void {
        const all = [
            ...Object.keys(rules.integers).map((p) => `integer ${p}`),
            ...Object.keys(rules.defaults).map((p) => `default ${p}`),
            ...rules.secrets.map((p) => `secret ${p}`),
            ...rules.replaces.map((p) => `replace ${p}`),
        ];
        for (const rule of all) if (!this.usedRules.has(rule)) this.problems.push(`${name}: the rule "${rule}" matches no property`);
    }

    resource(shape: ResourceShape, rules: ResourceRules): ResourceSpec {
        this.usedRules.clear();
        const owner = shape.name;
        // Inputs first: an output without a description of its own has the input's at the same path.
        const inputDescriptions = new Map<string, string>();
        const collect = (ownerName: string, properties: readonly ShapeProperty[], at: string) => {
            for (const p of properties) {
                const path = at ? `${at}.${p.name}` : p.name;
                const description = this.propertyDescription(ownerName, p);
                if (description) inputDescriptions.set(path, description);
                const visit = (type: ShapeType, where: string) => {
                    if (type.kind === "object") collect(type.name, type.properties, where);
                    else if (type.kind === "array") visit(type.items, `${where}[]`);
                    else if (type.kind === "union") for (const m of type.members) visit(m, where);
                };
                visit(p.type, path);
            }
        };
        collect(owner, shape.inputs, "");
        const noFallback = () => undefined;
        const outputFallback = (path: string) =>
            endpointInputPaths(path)
                .map((p) => inputDescriptions.get(p))
                .find((d) => d !== undefined);
        const specs = (properties: readonly ShapeProperty[], fallback: (path: string) => string | undefined) =>
            Object.fromEntries(
                properties.map((p) => {
                    let description = this.required(`${owner}.${p.name}`, this.propertyDescription(owner, p, fallback(p.name)));
                    if (owner === "Connector" && p.name === "credentials") description = credentialsDescription(description);
                    return [p.name, this.propertySpec(p, p.name, description, rules, fallback)];
                }),
            );
        const spec: ResourceSpec = {
            description: `${this.required(owner, shape.description)}\n\n${rules.about}`,
            inputProperties: specs(shape.inputs, noFallback),
            requiredInputs: shape.inputs.filter((p) => !p.optional).map((p) => p.name),
            properties: specs(shape.outputs, outputFallback),
            required: shape.outputs.filter((p) => !p.optional).map((p) => p.name),
        };
        this.checkRulesUsed(owner, rules);
        return spec;
    }

    /** Fails with every problem found, so one run lists all there is to fix. */
    finish(): void {
        for (const key of Object.keys(DESCRIPTIONS_NOT_IN_SDK)) {
            if (!this.usedDescriptions.has(key))
                this.problems.push(`DESCRIPTIONS_NOT_IN_SDK has "${key}", which describes nothing in the SDK: remove it`);
        }
        if (this.problems.length > 0) throw new Error(`schema.json cannot be generated:\n  ${[...new Set(this.problems)].join("\n  ")}`);
    }
}

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

function describeField(field: CredentialField): string {
    return sentence(field.rule ? `${field.label}: ${field.rule}` : field.label);
}

function describeAuthType(system: SystemEntry, authType: AuthType): string {
    const lines = [`Credentials of ${system.label} (\`system: "${system.id}"\`) with \`authType: "${authType.id}"\`: ${authType.label}.`];
    if (system.oauthOnly) {
        lines.push(
            "Authorised through an interactive OAuth redirect: authorise the connector in the Patchworks dashboard, " +
                "then declare it with `adopt: true`.",
        );
    }
    if (system.evidence === "inferred") {
        lines.push("Inferred, not confirmed by Patchworks' rules or docs: confirm the field names before relying on them.");
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

/** Every `patchworks:*` key the provider reads; the compiler insists each setting is documented. */
const CONFIG_VARIABLES: Record<ConfigurableKey, Pick<PropertySpec, "type" | "secret" | "description">> = {
    apiUrl: {
        type: "string",
        description: "Base URL of Patchworks' Fabric API (default `https://app.wearepatchworks.com/fabric/api/v2`).",
    },
    accessToken: {
        type: "string",
        secret: true,
        description: "A Patchworks access token, sent as `Bearer <token>`. Exactly one sign-in: this, username and password, or apiKey.",
    },
    username: {
        type: "string",
        description: "Sign in with a login: the user's email (with `password`); the token it returns is reused until it expires.",
    },
    password: { type: "string", secret: true, description: "The password of `username`." },
    loginUrl: {
        type: "string",
        description: "Where the login is posted; default the API URL's parent plus `/login`, then `/v1/login` when that is not there.",
    },
    apiKey: {
        type: "string",
        secret: true,
        description: "A Patchworks API key, sent as the raw `Authorization` header (whether Fabric accepts keys is unverified: run `doctor`).",
    },
    requestsPerMinute: {
        type: "integer",
        description: "Most requests sent in any minute (default 60, Fabric's budget per user, shared by every program of that user).",
    },
    catalogValidation: {
        type: "string",
        description:
            "`strict` (default): a rule of the bundled catalog that rests only on inference fails the preview; `warn`: it warns; `off`: it is skipped.",
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

export function buildSchema(shapes: SdkShapes, systems: readonly SystemEntry[], info: PackageInfo): PackageSchema {
    const builder = new SchemaBuilder();
    const resources = {
        [token("Connector")]: builder.resource(shapes.connector, CONNECTOR_RULES),
        [token("Service")]: builder.resource(shapes.service, SERVICE_RULES),
    };
    builder.finish();
    return {
        name: PACKAGE_NAME,
        displayName: "Patchworks",
        version: info.version,
        description: info.description,
        license: info.license,
        keywords: ["pulumi", PACKAGE_NAME, "ipaas", "category/utility"],
        language: { nodejs: { packageName: info.name } },
        config: { variables: configVariables() },
        types: { ...builder.types, ...credentialsTypes(systems) },
        resources,
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
