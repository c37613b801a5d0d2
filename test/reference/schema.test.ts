// What users and tooling rely on in the committed schema.json, checked against the SDK, the
// catalog and the provider's own behaviour rather than against the generator.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import path from "node:path";
import { systemIds, systems } from "../../provider/catalog";
import { DEFAULT_API_URL, resolveSettings, SECRET_SETTINGS } from "../../provider/settings";
import { REPLACE_PROPERTIES } from "../../provider/connector/diff";
import { REPO_ROOT } from "../../scripts/generate-reference";
import { buildSchema, credentialsTypeToken, readSdkShapes, type PackageSchema, type PropertySpec } from "../../scripts/reference/schema";
import type { CompanyGroup, CompanyGroupArgs, Connector, ConnectorArgs } from "../../sdk";

const schema = JSON.parse(readFileSync(path.join(REPO_ROOT, "schema.json"), "utf8")) as PackageSchema;
const connector = schema.resources["patchworks:index:Connector"];
const companyGroup = schema.resources["patchworks:index:CompanyGroup"];

/** Every ConnectorArgs key, spelled out so the compiler fails this test when the SDK gains one. */
const ARG_KEYS: { [K in keyof Required<ConnectorArgs>]: K } = {
    system: "system",
    environment: "environment",
    companyGroup: "companyGroup",
    name: "name",
    timezone: "timezone",
    dateFormat: "dateFormat",
    authType: "authType",
    credentials: "credentials",
    adopt: "adopt",
};
type OutputOnly = "credentialsChanged" | "connectorId" | "companyGroupId" | "systemId";
const OUTPUT_ONLY_KEYS: { [K in OutputOnly]: K & keyof Connector } = {
    credentialsChanged: "credentialsChanged",
    connectorId: "connectorId",
    companyGroupId: "companyGroupId",
    systemId: "systemId",
};

const GROUP_ARG_KEYS: { [K in keyof Required<CompanyGroupArgs>]: K } = {
    name: "name",
    username: "username",
    parent: "parent",
    adopt: "adopt",
};
type GroupOutputOnly = "companyGroupId" | "slug";
const GROUP_OUTPUT_ONLY_KEYS: { [K in GroupOutputOnly]: K & keyof CompanyGroup } = {
    companyGroupId: "companyGroupId",
    slug: "slug",
};

const flagged = (properties: Record<string, PropertySpec>, flag: "secret" | "replaceOnChanges"): string[] =>
    Object.keys(properties)
        .filter((name) => properties[name][flag] === true)
        .sort();

const enumValues = (property: PropertySpec): unknown[] => {
    const type = schema.types[(property.$ref ?? "").replace("#/types/", "")];
    assert.ok(type && "enum" in type, `${property.$ref} is an enum type of the schema`);
    return type.enum.map((e) => e.value);
};

describe("schema.json", () => {
    it("is the patchworks package with the CompanyGroup, Connector and Service resources", () => {
        assert.equal(schema.name, "patchworks");
        assert.deepEqual(Object.keys(schema.resources), [
            "patchworks:index:CompanyGroup",
            "patchworks:index:Connector",
            "patchworks:index:Service",
        ]);
        assert.equal(schema.language.nodejs.packageName, "pulumi-patchworks");
    });

    it("has every ConnectorArgs property as an input, system and environment required", () => {
        assert.deepEqual(Object.keys(connector.inputProperties).sort(), Object.values(ARG_KEYS).sort());
        assert.deepEqual([...connector.requiredInputs].sort(), ["environment", "system"]);
        for (const [name, property] of Object.entries(connector.inputProperties)) {
            assert.ok(property.description.length > 10, `input ${name} has a description`);
        }
    });

    it("has every input plus credentialsChanged and Patchworks' connector, group and system ids as outputs, and no health or timestamps", () => {
        const expected = [...Object.values(ARG_KEYS), ...Object.values(OUTPUT_ONLY_KEYS)].sort();
        assert.deepEqual(Object.keys(connector.properties).sort(), expected);
        for (const name of Object.values(OUTPUT_ONLY_KEYS)) assert.ok(connector.required.includes(name), `${name} is always set`);
        for (const id of ["connectorId", "companyGroupId", "systemId"]) assert.equal(connector.properties[id].type, "string", id);
        assert.match(connector.properties.connectorId.description, /<group username>\|<n>/);
        assert.deepEqual(connector.properties.credentialsChanged.items, { type: "string" });
        assert.deepEqual(enumValues(connector.inputProperties.environment), ["live", "test"]);
        for (const gone of ["status", "createdAt", "updatedAt"]) assert.equal(connector.properties[gone], undefined, gone);
    });

    it("gives timezone and dateFormat no fixed default: the system's own in the account comes first", () => {
        for (const name of ["timezone", "dateFormat"]) {
            assert.equal(connector.inputProperties[name].default, undefined, name);
            assert.match(connector.inputProperties[name].description, /system's own/, name);
        }
        assert.match(connector.inputProperties.dateFormat.description, /PHP date\(\) format/);
    });

    it("marks credentials, and only credentials, secret on input and output", () => {
        assert.deepEqual(flagged(connector.inputProperties, "secret"), ["credentials"]);
        assert.deepEqual(flagged(connector.properties, "secret"), ["credentials"]);
    });

    it("replaces on exactly the properties the provider's diff replaces on", () => {
        const replaced = [...REPLACE_PROPERTIES].sort();
        assert.deepEqual(flagged(connector.inputProperties, "replaceOnChanges"), replaced);
        assert.deepEqual(flagged(connector.properties, "replaceOnChanges"), replaced);
        assert.match(connector.description, /replaces the connector, creating the new one first/);
        assert.match(connector.description, /`authType` included, are made in place/);
    });

    it("has every CompanyGroupArgs property as an input, name required, and the group's id and slug as outputs", () => {
        assert.deepEqual(Object.keys(companyGroup.inputProperties).sort(), Object.values(GROUP_ARG_KEYS).sort());
        assert.deepEqual(companyGroup.requiredInputs, ["name"]);
        const expected = [...Object.values(GROUP_ARG_KEYS), ...Object.values(GROUP_OUTPUT_ONLY_KEYS)].sort();
        assert.deepEqual(Object.keys(companyGroup.properties).sort(), expected);
        assert.deepEqual(companyGroup.inputProperties.parent.$ref, "#/resources/patchworks:index:CompanyGroup");
        assert.equal(companyGroup.properties.parent.type, "string", "the parent's companyGroupId");
    });

    it("replaces no CompanyGroup: a username change fails the preview instead, and nothing of a group is secret", () => {
        assert.deepEqual(flagged(companyGroup.inputProperties, "replaceOnChanges"), []);
        assert.deepEqual(flagged(companyGroup.inputProperties, "secret"), []);
        assert.match(companyGroup.description, /`username` is fixed .* changing it fails the preview/);
        assert.match(companyGroup.description, /still holds connectors, services or child groups is not deleted/);
    });

    it("has a credentials type for every auth type of every system, field for field", () => {
        for (const id of systemIds) {
            for (const authType of systems[id].authTypes) {
                const token = credentialsTypeToken(systems[id], authType);
                const type = schema.types[token];
                assert.ok(type && "properties" in type, `${id}/${authType.id} has the type ${token}`);
                assert.deepEqual(Object.keys(type.properties).sort(), authType.fields.map((f) => f.key).sort(), token);
                assert.deepEqual(
                    type.required,
                    authType.fields.filter((f) => f.required).map((f) => f.key),
                    token,
                );
                for (const field of authType.fields) {
                    const property: PropertySpec = type.properties[field.key];
                    assert.equal(property.secret === true, field.secret, `${token}.${field.key} secret`);
                    assert.ok(property.description.startsWith(field.label), `${token}.${field.key} is described by its label`);
                    if (field.rule) assert.ok(property.description.includes(field.rule), `${token}.${field.key} gives its format`);
                }
            }
        }
    });

    it("has no credentials type that the catalog does not have", () => {
        const authTypeCount = systemIds.reduce((sum, id) => sum + systems[id].authTypes.length, 0);
        const credentialTypes = Object.keys(schema.types).filter((token) => token.endsWith("Credentials"));
        assert.equal(credentialTypes.length, authTypeCount);
        assert.equal(new Set(credentialTypes).size, authTypeCount);
    });

    it("uses type tokens Pulumi accepts", () => {
        // The token pattern of Pulumi's package metaschema.
        const TOKEN = /^[a-zA-Z][-a-zA-Z0-9_]*:([^0-9][a-zA-Z0-9._/-]*)?:[^0-9][a-zA-Z0-9._/]*$/;
        for (const token of [...Object.keys(schema.types), ...Object.keys(schema.resources)]) assert.match(token, TOKEN);
    });

    describe("provider config", () => {
        const variables = schema.config.variables;

        it("keeps every sign-in secret the provider keeps secret, and defaults the API URL, the pace and the timeout", () => {
            assert.deepEqual(flagged(variables, "secret"), [...SECRET_SETTINGS].sort());
            assert.deepEqual(flagged(variables, "secret"), ["accessToken", "apiKey", "password"]);
            assert.equal(variables.apiUrl.default, DEFAULT_API_URL);
            assert.equal(variables.requestsPerMinute.default, 60);
            assert.equal(variables.requestTimeoutMs.default, 180000);
            assert.equal(variables.catalogValidation.default, "strict");
            assert.equal(variables.verifyCredentials, undefined, "Fabric verifies credentials on every write itself");
        });

        // Each documented key and environment variable must be one the provider really reads.
        const sample = (key: string, spec: PropertySpec) =>
            spec.type === "boolean"
                ? { text: "true", value: true }
                : spec.type === "integer"
                  ? { text: "7", value: 7 }
                  : key === "catalogValidation"
                    ? { text: "warn", value: "warn" }
                    : { text: "https://patchworks.example/api", value: "https://patchworks.example/api" };
        const resolve = (lookup: (key: string) => string | undefined, env: Record<string, string>) =>
            resolveSettings(lookup, env).settings as unknown as Record<string, unknown>;

        for (const [key, spec] of Object.entries(variables)) {
            it(`patchworks:${key} and ${spec.defaultInfo?.environment[0]} reach the provider`, () => {
                const { text, value } = sample(key, spec);
                const fromStack = resolve((k) => (k === `patchworks:${key}` ? text : undefined), {});
                assert.deepEqual(fromStack[key], value, `stack config patchworks:${key}`);
                const variable = spec.defaultInfo?.environment[0] ?? "(none)";
                assert.deepEqual(resolve(() => undefined, { [variable]: text })[key], value, `environment ${variable}`);
            });
        }
    });
});

describe("generating schema.json from an SDK that changed", () => {
    const repoFile = (file: string) => readFileSync(path.join(REPO_ROOT, file), "utf8");
    const info = { name: "pulumi-patchworks", version: "0.0.0", description: "d", license: "Apache-2.0" };
    const catalog = systemIds.map((id) => systems[id]);
    /** schema.json's generation with each file of `edits` edited. */
    const generateEdited = (edits: Record<string, (text: string) => string>) => {
        const read = (name: string) => {
            const text = repoFile(name);
            const edit = edits[name];
            if (!edit) return text;
            const edited = edit(text);
            assert.notEqual(edited, text, `the edit changes ${name}: the SDK it was written for has changed`);
            return edited;
        };
        return buildSchema(readSdkShapes(read), catalog, info);
    };
    const generate = (file: string, edit: (text: string) => string) => generateEdited({ [file]: edit });

    it("generates from the SDK as it is", () => {
        assert.ok(generate("sdk/service.ts", (text) => `${text}\n`).resources["patchworks:index:Service"]);
    });

    it("asks for a doc comment where a property has none, naming every one", () => {
        const undocumented = (text: string) =>
            text.replace(/ *\/\*\* Patchworks' service name[^\n]*\n/, "").replace(/ *\/\*\* Records per pull[^\n]*\n/, "");
        assert.throws(
            () => generate("sdk/service.ts", undocumented),
            /Service\.name has no doc comment in the SDK[\s\S]*ServiceSource\.pageSize has no doc comment/,
        );
    });

    it("refuses a description kept in two places once the declaration documents it", () => {
        const documented = (text: string) =>
            text.replace(
                "export interface ServiceSourceInputs extends",
                "/** The source as resolved. */\nexport interface ServiceSourceInputs extends",
            );
        assert.throws(
            () => generate("provider/service/types.ts", documented),
            /ResolvedServiceSource has a doc comment where it is declared: remove its entry from DESCRIPTIONS_NOT_IN_SDK/,
        );
    });

    it("refuses a replace rule that reaches no property, rather than a schema that omits it", () => {
        // Renamed where users declare it and where the provider declares what it resolved.
        const renamed = (text: string) => text.replace(/^( *)entity(\??): /gm, "$1kind$2: ");
        assert.throws(
            () => generateEdited({ "sdk/service.ts": renamed, "provider/service/types.ts": renamed }),
            /Service: the rule "replace source\.entity" matches no property/,
        );
    });

    it("refuses a CompanyGroup without its doc comment", () => {
        const undocumented = (text: string) => text.replace(/\/\*\* A Patchworks company group[^\n]*\n/, "");
        assert.throws(() => generate("sdk/company-group.ts", undocumented), /CompanyGroup has no doc comment in the SDK/);
    });
});
