// The bundled systems catalog: what a user's `pulumi preview` accepts and refuses for each system's
// credentials, and that the catalog says what Fabric's rules say (fact sheet §4, fabric-credentials.json).
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import path from "node:path";
import {
    type AuthType,
    type CatalogValidation,
    type CredentialField,
    type FormatCheck,
    findAuthType,
    findSystem,
    isMasked,
    MASK,
    phpDateFormatProblem,
    storedCredentialsForComparison,
    type SystemEntry,
    systemIds,
    systems,
    systemsForFactoryName,
    validateCredentials,
} from "../../provider/catalog";
import { REPO_ROOT } from "../../scripts/generate-reference";
import { parseSystemsCatalog } from "../../scripts/reference/systems-schema";

interface EvidenceField {
    key: string;
    required: boolean;
    secret: boolean;
    sensitive?: boolean;
}
type EvidenceFile = Record<string, { driver: string | null; authTypes?: Record<string, { fields?: EvidenceField[] }> }>;
const evidence = JSON.parse(
    readFileSync(path.join(REPO_ROOT, "provider/catalog/evidence/fabric-credentials.json"), "utf8"),
) as EvidenceFile;

const all: SystemEntry[] = systemIds.map((id) => systems[id]);
const system = (id: string): SystemEntry => {
    const found = findSystem(id);
    assert.ok(found, `catalog has ${id}`);
    return found;
};
const authTypeOf = (id: string, authTypeId: string): AuthType => {
    const found = findAuthType(system(id), authTypeId);
    assert.ok(found, `${id} has auth type ${authTypeId}`);
    return found;
};

/** A value that passes every check of a field. */
function validValue(field: CredentialField): string {
    const overrides: Record<string, string> = {
        "suffix,host": "my-store.myshopify.com",
        "integer,port": "22",
        "numeric,port": "22",
    };
    const kinds = field.checks.map((c) => c.kind).join(",");
    if (overrides[kinds]) return overrides[kinds];
    const check = field.checks[0];
    if (!check) return `${field.key}-value`;
    switch (check.kind) {
        case "https-url":
        case "url":
        case "http-url":
            return "https://api.example.com/path";
        case "host":
            return "sftp.example.com";
        case "port":
        case "integer":
        case "numeric":
            return "22";
        case "alpha-num":
            return "TSTDRV123";
        case "host-port-path":
            return "api.example.com:8443/soap";
        case "subdomain":
            return "my-shop";
        case "guid":
            return "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
        case "suffix":
            return `shop${check.suffix}`;
        case "prefix":
            return `${check.prefix}0123456789`;
        case "one-of":
            return check.values[0];
        case "contains-one-of":
            return check.values[0];
        case "https-host":
            return `https://${check.hosts[0]}/api/`;
    }
}

/** A value that breaks the given check and passes the field's other checks. */
function invalidValue(field: CredentialField, check: FormatCheck): string {
    const suffix = field.checks.find((c) => c.kind === "suffix");
    switch (check.kind) {
        case "https-url":
            return "http://api.example.com";
        case "http-url":
        case "url":
            return "api.example.com";
        case "host":
            return suffix?.kind === "suffix" ? `https://shop${suffix.suffix}` : "https://sftp.example.com/";
        case "port":
            return "70000";
        case "integer":
            return "22.5";
        case "numeric":
            return "twenty-two";
        case "alpha-num":
            return "TST-DRV";
        case "host-port-path":
            return "https://api.example.com/soap";
        case "subdomain":
            return "my-shop.example.com";
        case "guid":
            return "not-a-guid";
        case "suffix":
            return "my-store.example.com";
        case "prefix":
            return "xx_0123456789";
        case "one-of":
            return "not-one-of-them";
        case "contains-one-of":
            return "https://api.example.com";
        case "https-host":
            return "https://example.com/api/";
    }
}

function validSet(authType: AuthType): Record<string, string> {
    const set: Record<string, string> = {};
    for (const field of authType.fields) if (field.required) set[field.key] = validValue(field);
    for (const group of authType.requireOneOf) {
        const field = authType.fields.find((f) => f.key === group[0]);
        assert.ok(field);
        set[field.key] = validValue(field);
    }
    if (Object.keys(set).length === 0 && authType.fields[0]) set[authType.fields[0].key] = validValue(authType.fields[0]);
    return set;
}

const creatable = all.filter((s) => !s.oauthOnly);

describe("systems catalog: credentials at preview", () => {
    for (const entry of creatable) {
        for (const authType of entry.authTypes) {
            const label = `${entry.id} (${authType.id})`;

            it(`${label}: a complete, well-formed set passes under strict`, () => {
                const result = validateCredentials(entry, authType, validSet(authType), "strict");
                assert.deepEqual(result, { failures: [], warnings: [] });
            });

            for (const field of authType.fields.filter((f) => f.required)) {
                it(`${label}: leaving out ${field.key} fails naming credentials.${field.key}`, () => {
                    const set = validSet(authType);
                    delete set[field.key];
                    const { failures } = validateCredentials(entry, authType, set, "strict");
                    const failure = failures.find((f) => f.property === `credentials.${field.key}`);
                    assert.ok(failure, `a failure on credentials.${field.key}: ${JSON.stringify(failures)}`);
                    assert.match(failure.reason, new RegExp(`\\(${field.key}\\) is required for `));
                    if (field.evidence === "inferred") assert.match(failure.reason, /patchworks:catalogValidation=warn/);
                    else assert.doesNotMatch(failure.reason, /catalogValidation/);
                });
            }

            for (const field of authType.fields) {
                for (const check of field.checks) {
                    it(`${label}: credentials.${field.key} must pass "${check.kind}" (${check.evidence})`, () => {
                        const set = { ...validSet(authType), [field.key]: invalidValue(field, check) };
                        const strict = validateCredentials(entry, authType, set, "strict");
                        const failure = strict.failures.find((f) => f.property === `credentials.${field.key}`);
                        assert.ok(failure, `a failure on credentials.${field.key}: ${JSON.stringify(strict)}`);
                        assert.match(failure.reason, new RegExp(`^${field.label.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")} must be `));
                        const off = validateCredentials(entry, authType, set, "off");
                        const stillFails = off.failures.some((f) => f.property === `credentials.${field.key}`);
                        assert.equal(stillFails, check.evidence !== "inferred", "only an inferred rule is skipped under off");
                    });
                }
            }
        }
    }

    const cases: {
        title: string;
        system: string;
        authType: string;
        credentials: Record<string, unknown>;
        property: string;
        reason: RegExp;
    }[] = [
        {
            title: "Shopify's store must be a myshopify.com host",
            system: "shopify",
            authType: "oauth2",
            credentials: { store: "shop.example.com", access_token: "t" },
            property: "credentials.store",
            reason: /must be a value ending "\.myshopify\.com"/,
        },
        {
            title: "a camelCase key of the old catalog is refused with its Patchworks spelling",
            system: "shopify",
            authType: "oauth2",
            credentials: { store: "s.myshopify.com", accessToken: "t" },
            property: "credentials.accessToken",
            reason: /unknown credential key "accessToken" .*did you mean "access_token"\? Valid keys: store, access_token, refresh_token \(optional\)/,
        },
        {
            title: "a typo gets a did-you-mean from the valid keys",
            system: "magento-2",
            authType: "basic_auth",
            credentials: { url: "https://shop.example.com", tokn: "t" },
            property: "credentials.tokn",
            reason: /did you mean "token"\?/,
        },
        {
            title: "a flag is the provider's, not the user's",
            system: "shopify",
            authType: "basic_auth",
            credentials: { store: "s.myshopify.com", api_key: "k", password: "p", shared_secret: "s", private_app: "true" },
            property: "credentials.private_app",
            reason: /set by the provider from authType "basic_auth"; remove it/,
        },
        {
            title: "Peoplevox's url must use https",
            system: "descartes-peoplevox",
            authType: "basic_auth",
            credentials: { client_id: "c", username: "u", password: "p", url: "http://qac.peoplevox.net" },
            property: "credentials.url",
            reason: /must be an absolute https:\/\/ URL/,
        },
        {
            title: "Rebound's url must be on Intelligent Returns' hosts",
            system: "rebound",
            authType: "basic_auth",
            credentials: { login: "l", api_key: "k", url: "https://rebound.example.com/api/" },
            property: "credentials.url",
            reason: /an https:\/\/ URL on intelligentreturns\.net or test\.intelligentreturns\.net/,
        },
        {
            title: "Visualsoft's version is 3 to 7",
            system: "visualsoft",
            authType: "basic_auth",
            credentials: { url: "https://shop.example.com", client_id: "c", username: "u", password: "p", version: "8" },
            property: "credentials.version",
            reason: /one of "3", "4", "5", "6", "7"/,
        },
        {
            title: "commercetools URLs name one of the five regions",
            system: "commercetools",
            authType: "basic_auth",
            credentials: {
                project_key: "p",
                client_id: "c",
                secret: "s",
                scope: "manage_project:p",
                api_url: "https://api.us-west-1.aws.commercetools.com",
                auth_url: "https://auth.europe-west1.gcp.commercetools.com",
            },
            property: "credentials.api_url",
            reason: /https:\/\/api\.europe-west1\.gcp\.commercetools\.com/,
        },
        {
            title: "Seko's ftp_port is an integer",
            system: "seko",
            authType: "basic_auth",
            credentials: { ftp_host: "h", ftp_port: "22a", ftp_username: "u", ftp_password: "p", ftp_passive: "true" },
            property: "credentials.ftp_port",
            reason: /must be an integer such as "22"/,
        },
        {
            title: "Emarsys' ftp_port is 21 or 22",
            system: "emarsys-ftp",
            authType: "ftp",
            credentials: {
                username: "u",
                api_secret: "s",
                ftp_host: "h",
                ftp_port: "2222",
                ftp_username: "u",
                ftp_password: "p",
                ftp_passive: "1",
            },
            property: "credentials.ftp_port",
            reason: /one of "21", "22"/,
        },
        {
            title: "SFTP needs a password or a key",
            system: "patchworks-sftp",
            authType: "basic_auth",
            credentials: { host: "sftp.example.com", port: "22", username: "u" },
            property: "credentials.password",
            reason: /needs one of credentials\.password or credentials\.public_key/,
        },
        {
            title: "a value with spaces around it fails instead of being trimmed by Patchworks",
            system: "magento-2",
            authType: "basic_auth",
            credentials: { url: "https://shop.example.com", token: " abc " },
            property: "credentials.token",
            reason: /spaces at the start or end, which Patchworks would trim off; remove them/,
        },
        {
            title: "an empty value fails",
            system: "magento-2",
            authType: "basic_auth",
            credentials: { url: "https://shop.example.com", token: "" },
            property: "credentials.token",
            reason: /must not be empty/,
        },
        {
            title: "Patchworks' mask is not a value",
            system: "magento-2",
            authType: "basic_auth",
            credentials: { url: "https://shop.example.com", token: MASK },
            property: "credentials.token",
            reason: /is Patchworks' mask "\*\*\*\*\*", not a value; set the real one/,
        },
        {
            title: "a value that is not a string fails",
            system: "magento-2",
            authType: "basic_auth",
            credentials: { url: "https://shop.example.com", token: { nested: true } },
            property: "credentials.token",
            reason: /must be a string \(got an object\)/,
        },
        {
            title: "an empty credentials object fails: Patchworks refuses it",
            system: "inbound-api",
            authType: "none",
            credentials: {},
            property: "credentials",
            reason: /refuses an empty credentials object/,
        },
    ];
    for (const c of cases) {
        it(c.title, () => {
            const { failures } = validateCredentials(system(c.system), authTypeOf(c.system, c.authType), c.credentials, "strict");
            const failure = failures.find((f) => f.property === c.property);
            assert.ok(failure, `a failure on ${c.property}: ${JSON.stringify(failures)}`);
            assert.match(failure.reason, c.reason);
        });
    }

    it("never puts a credential value in a failure or warning", () => {
        const secretValue = "sup3r-s3cret-valu3";
        const texts: string[] = [];
        for (const entry of all) {
            for (const authType of entry.authTypes) {
                const credentials = Object.fromEntries(authType.fields.map((f) => [f.key, ` ${secretValue}`]));
                for (const mode of ["strict", "warn"] as CatalogValidation[]) {
                    const result = validateCredentials(entry, authType, { ...credentials, extra_key: secretValue }, mode);
                    texts.push(...result.failures.map((f) => f.reason), ...result.warnings);
                }
            }
        }
        assert.ok(texts.length > 0);
        for (const text of texts) assert.ok(!text.includes(secretValue), text);
    });
});

describe("systems catalog: strict, warn and off for inferred rules", () => {
    const odoo = system("odoo");
    const [basic] = odoo.authTypes;
    const credentials = { url: "http://odoo.example.com", database: "db", username: "u", api_key: "k" };

    it("strict fails naming the setting that lets it through", () => {
        const result = validateCredentials(odoo, basic, credentials, "strict");
        assert.equal(result.warnings.length, 0);
        assert.deepEqual(
            result.failures.map((f) => f.property),
            ["credentials.url"],
        );
        assert.match(result.failures[0].reason, /This rule is inferred.*set patchworks:catalogValidation=warn to proceed/);
    });

    it("warn turns the failure into a warning naming the property", () => {
        const result = validateCredentials(odoo, basic, credentials, "warn");
        assert.deepEqual(result.failures, []);
        assert.equal(result.warnings.length, 1);
        assert.match(result.warnings[0], /^credentials\.url: URL must be an absolute https:\/\/ URL.*catalogValidation=off/);
    });

    it("off skips it", () => {
        assert.deepEqual(validateCredentials(odoo, basic, credentials, "off"), { failures: [], warnings: [] });
    });

    it("off still applies Fabric's own rules", () => {
        const magento = system("magento-2");
        const result = validateCredentials(magento, magento.authTypes[0], { url: "http://shop.example.com", token: "t" }, "off");
        assert.deepEqual(
            result.failures.map((f) => f.property),
            ["credentials.url"],
        );
    });

    it("an unknown key of a system whose keys are inferred only warns under warn", () => {
        const result = validateCredentials(odoo, basic, { ...credentials, url: "https://odoo.example.com", apiKey: "k" }, "warn");
        assert.deepEqual(result.failures, []);
        assert.match(result.warnings[0], /credentials\.apiKey: unknown credential key "apiKey".*did you mean "api_key"/);
    });
});

describe("systems catalog: the bundled file", () => {
    // The provider loads systems.json unchecked: this is where a malformed release would be caught.
    const bundled = JSON.parse(readFileSync(path.join(REPO_ROOT, "provider/catalog/systems.json"), "utf8")) as unknown[];

    it("has the shape the provider reads, every key present", () => {
        assert.deepEqual(parseSystemsCatalog(bundled), bundled);
    });

    const shopify = () => structuredClone(bundled.find((s) => (s as SystemEntry).id === "shopify")) as Record<string, unknown>;
    const malformed: { title: string; entry: () => unknown; names: RegExp }[] = [
        {
            title: "a field without its checks",
            entry: () => {
                const entry = shopify() as unknown as { authTypes: { fields: Record<string, unknown>[] }[] };
                delete entry.authTypes[0].fields[0].checks;
                return entry;
            },
            names: /: 0\.authTypes\.0\.fields\.0\.checks: /,
        },
        {
            title: "an auth type without requireOneOf",
            entry: () => {
                const entry = shopify() as unknown as { authTypes: Record<string, unknown>[] };
                delete entry.authTypes[0].requireOneOf;
                return entry;
            },
            names: /: 0\.authTypes\.0\.requireOneOf: /,
        },
        { title: "an unknown evidence", entry: () => ({ ...shopify(), evidence: "rumour" }), names: /: 0\.evidence: / },
        { title: "an id that is not kebab-case", entry: () => ({ ...shopify(), id: "Shopify" }), names: /: 0\.id: / },
    ];
    for (const c of malformed) {
        it(`refuses ${c.title}, naming its path`, () => {
            assert.throws(() => parseSystemsCatalog([c.entry()]), c.names);
        });
    }
});

describe("systems catalog: agrees with Fabric's credential rules", () => {
    const fabricSystems = all.filter((s) => s.fabricDriver);

    it("maps every Fabric system with a driver that a user can create to a catalog id", () => {
        const mapped = new Set(fabricSystems.map((s) => s.factoryName));
        const expected = Object.entries(evidence)
            .filter(([name, entry]) => name !== "source" && entry.driver !== null && name !== "BI")
            .map(([name]) => name);
        assert.deepEqual(
            expected.filter((name) => !mapped.has(name)),
            [],
        );
    });

    for (const entry of fabricSystems) {
        it(`${entry.id}: keys, required and secret flags match ${entry.factoryName}'s rules (* and ! are secret, only * is masked)`, () => {
            const rules = evidence[entry.factoryName].authTypes ?? {};
            for (const authType of entry.authTypes) {
                // Fabric's auth type of the same name; Dynamics NAV's basic_auth (inferred) reuses the ntlm rules;
                // systems without a seeded auth type ("*") apply the same rules to any.
                const source = rules[authType.id] ?? rules["*"] ?? rules.ntlm;
                assert.ok(source, `${entry.factoryName} has rules for ${authType.id}`);
                const sourceFields = (source.fields ?? []).filter((f) => !Object.hasOwn(authType.flags, f.key));
                const fabricFields = authType.fields.filter((f) => f.evidence === "fabric");
                if (entry.factoryName !== "InboundAPI") {
                    assert.deepEqual(fabricFields.map((f) => f.key).sort(), sourceFields.map((f) => f.key).sort());
                }
                for (const field of fabricFields) {
                    const fact = sourceFields.find((f) => f.key === field.key);
                    if (!fact) continue;
                    assert.equal(field.secret, fact.secret || fact.sensitive === true, `${field.key} secret`);
                    assert.equal(field.maskedOnRead, fact.secret, `${field.key} masked on read`);
                }
            }
        });
    }

    it("Shopify's flags follow the auth type", () => {
        assert.deepEqual(authTypeOf("shopify", "basic_auth").flags, { private_app: true });
        assert.deepEqual(authTypeOf("shopify", "oauth2").flags, { public_app: true });
        assert.deepEqual(authTypeOf("dynamics-nav", "ntlm").flags, { type: "ntlm" });
    });

    it("secrets Fabric returns in clear are secret but not masked on read", () => {
        const clear = all.flatMap((s) =>
            s.authTypes.flatMap((a) =>
                a.fields.filter((f) => f.secret && !f.maskedOnRead && f.evidence === "fabric").map((f) => `${s.id}.${f.key}`),
            ),
        );
        assert.deepEqual([...new Set(clear)].sort(), ["cybertill.ct_auth_id", "emarsys-ftp.api_secret", "emarsys-ftp.ftp_password"]);
    });

    it("lists the systems whose duplicate check Fabric misses (fact sheet 3.1)", () => {
        const missed = fabricSystems.filter((s) => s.duplicateCheckMissed).map((s) => s.factoryName);
        assert.deepEqual([...new Set(missed)].sort(), ["Brightpearlv2", "InboundAPI", "Magentotwo", "NetSuiteRest", "SekoAPI"]);
        // Systems Fabric lacks are treated as missed: the provider reads the account again before creating them.
        assert.ok(all.filter((s) => !s.fabricDriver && s.factoryName !== "Bleckmann").every((s) => s.duplicateCheckMissed));
    });

    it("marks the systems only the dashboard's OAuth flow can create", () => {
        assert.deepEqual(
            all.filter((s) => s.oauthOnly).map((s) => s.id),
            ["lightspeed-retail-r-series", "netsuite-rest", "tiktok-shop"],
        );
    });

    it("names the keys an update must send again (fact sheet 4.3)", () => {
        assert.deepEqual(authTypeOf("sap-business-one", "basic_auth").updateResendKeys, ["api_url", "api_user", "api_password", "sap_db"]);
        assert.deepEqual(authTypeOf("seko-api", "basic_auth").updateResendKeys, ["url"]);
        assert.deepEqual(authTypeOf("descartes-peoplevox", "basic_auth").updateResendKeys, ["url"]);
        for (const id of ["basic_auth", "ftp"]) {
            assert.deepEqual(authTypeOf("emarsys-ftp", id).updateResendKeys, [
                "ftp_host",
                "ftp_port",
                "ftp_username",
                "ftp_password",
                "ftp_passive",
            ]);
        }
    });

    it("carries Fabric's default time zone and date format", () => {
        assert.deepEqual([system("vend").defaultTimezone, system("vend").defaultDateFormat], ["UTC", "Y-m-d\\TH:i:s\\Z"]);
        assert.deepEqual([system("brightpearl").defaultTimezone, system("brightpearl").defaultDateFormat], ["UTC", "c"]);
        assert.deepEqual([system("shopify").defaultTimezone, system("shopify").defaultDateFormat], [undefined, "c"]);
        assert.deepEqual([system("magento-2").defaultTimezone, system("magento-2").defaultDateFormat], [undefined, undefined]);
    });

    it("gives each of our ids with two Fabric systems one id per Fabric system", () => {
        assert.equal(system("netsuite").factoryName, "Netsuite");
        assert.equal(system("netsuite-rest").factoryName, "NetSuiteRest");
        assert.equal(system("seko").factoryName, "Seko");
        assert.equal(system("seko-api").factoryName, "SekoAPI");
    });

    it("finds the catalog ids of a Fabric system as Fabric resolves its factory name", () => {
        assert.deepEqual(
            systemsForFactoryName("DynamicsNav").map((s) => s.id),
            ["dynamics-nav", "navision"],
        );
        assert.deepEqual(
            systemsForFactoryName("magentotwo").map((s) => s.id),
            ["magento-2"],
        );
        assert.deepEqual(systemsForFactoryName("Clover"), []);
    });
});

describe("systems catalog: Fabric's stored form on read", () => {
    const cases: { system: string; authType: string; given: Record<string, string>; read: Record<string, string> }[] = [
        {
            system: "descartes-peoplevox",
            authType: "basic_auth",
            given: { client_id: "ACME01", username: "u", url: "https://qac.peoplevox.net" },
            read: { client_id: "ACME01", username: "u", url: "https://qac.peoplevox.net/" },
        },
        {
            system: "rebound",
            authType: "basic_auth",
            given: { login: "l", url: "https://intelligentreturns.net/api/" },
            read: { login: "l", url: "https://intelligentreturns.net" },
        },
        {
            system: "dynamics-nav",
            authType: "ntlm",
            given: { url: "https://nav.example.com/base", server_instance: "NAV", company: "c" },
            read: { url: "https://nav.example.com", server_instance: "base", company: "c" },
        },
        {
            system: "dynamics-nav",
            authType: "ntlm",
            given: { url: "https://nav.example.com", server_instance: "NAV" },
            read: { url: "https://nav.example.com", server_instance: "NAV" },
        },
        {
            system: "emarsys-ftp",
            authType: "ftp",
            given: { username: "u", ftp_host: "h", ftp_port: "22", ftp_username: "fu", ftp_passive: "1" },
            read: {
                username: "u",
                "ftp_connection.host": "h",
                "ftp_connection.port": "22",
                "ftp_connection.username": "fu",
                "ftp_connection.passive": "1",
            },
        },
        {
            system: "shopify",
            authType: "oauth2",
            given: { store: "s.myshopify.com" },
            read: { store: "s.myshopify.com" },
        },
    ];
    for (const c of cases) {
        it(`${c.system}: ${JSON.stringify(c.given)} reads back as Fabric returns it`, () => {
            assert.deepEqual(storedCredentialsForComparison(system(c.system), authTypeOf(c.system, c.authType), c.given), c.read);
        });
    }
});

describe("phpDateFormatProblem", () => {
    const valid = [
        "c",
        "Y-m-d",
        "Y-m-d H:i:s",
        "d/m/Y",
        "Y-m-d\\TH:i:s\\Z",
        "D, d M Y H:i:s O",
        "U.u",
        "l jS \\o\\f F Y h:i:s A",
        "YYYY-MM-DD",
        "X-x",
    ];
    for (const format of valid) {
        it(`accepts ${JSON.stringify(format)}`, () => assert.equal(phpDateFormatProblem(format), undefined));
    }
    const invalid: [string, RegExp][] = [
        ["", /must be a PHP date\(\) format such as "c".*not empty/],
        ["Y-m-d q", /^"q" \(position 7\) is not a PHP date\(\) format character; escape a literal letter as "\\q"/],
        ["C", /^"C" \(position 1\)/],
        // A .NET-style pattern: "f" (fractions) is not a PHP letter.
        ["yyyy-MM-dd'T'HH:mm:ss.fff", /^"f" \(position 23\)/],
    ];
    for (const [format, reason] of invalid) {
        it(`rejects ${JSON.stringify(format)}`, () => assert.match(phpDateFormatProblem(format) ?? "(accepted)", reason));
    }
    it("accepts escaped letters and a trailing backslash", () => {
        assert.equal(phpDateFormatProblem("\\q\\C"), undefined);
        assert.equal(phpDateFormatProblem("Ymd\\"), undefined);
    });
});

describe("MASK and isMasked", () => {
    const cases: [unknown, boolean][] = [
        [MASK, true],
        ["********", true],
        ["*", true],
        ["*a*", false],
        ["", false],
        [5, false],
    ];
    for (const [value, masked] of cases) {
        it(`${JSON.stringify(value)} ${masked ? "is" : "is not"} a mask`, () => assert.equal(isMasked(value), masked));
    }
});
