// The systems of the emulated account, each with its credential driver, built from the evidence
// file fabric-credentials.json (data only; the rules are interpreted in credentials.ts) and
// numbered in the file's order. Fact sheet 3.8, 3.9, 4.
import credentialsEvidence from "../provider/catalog/evidence/fabric-credentials.json";

export interface EvidenceField {
    readonly key: string;
    readonly required: boolean;
    readonly secret: boolean;
    readonly sensitive?: boolean;
    readonly rule?: string;
    readonly updateRule?: string;
    readonly requiredWhen?: string;
    readonly label?: string;
    readonly uiType?: string;
    readonly note?: string;
}

interface EvidenceAuthType {
    readonly seededSchema: boolean;
    readonly seededFormKeys?: readonly string[];
    readonly fields: readonly EvidenceField[];
}

interface EvidenceSystem {
    readonly label: string | null;
    readonly driver: string | null;
    readonly defaults: { readonly date_format: string | null; readonly time_zone: string | null };
    readonly authTypes?: Record<string, EvidenceAuthType>;
}

export interface AuthorisationType {
    readonly id: number;
    readonly name: string;
}

/** Seeded names (fact sheet 3.9), numbered in that order. */
export const AUTHORISATION_TYPES: readonly AuthorisationType[] = ["oauth1", "oauth2", "ntlm", "basic_auth", "none", "ftp", "ssh"].map(
    (name, index) => ({ id: index + 1, name }),
);

interface SystemAuthorisationType {
    readonly id: number;
    readonly authorisationType: AuthorisationType;
    readonly fields: readonly EvidenceField[];
    /** The dashboard form (`credentials_schema`), or null where the seed has none. */
    readonly formKeys: readonly string[] | null;
}

export interface FabricSystem {
    readonly id: number;
    readonly name: string;
    readonly factoryName: string;
    readonly dateFormat: string | null;
    readonly timeZone: string | null;
    /** Only SystemAuth drivers take credentials through POST/PUT /connectors (fact sheet 4.1). */
    readonly hasCredentialDriver: boolean;
    /** Every key the driver knows, across the auth types the evidence splits them into. */
    readonly driverFields: readonly EvidenceField[];
    readonly authorisationTypes: readonly SystemAuthorisationType[];
}

// [?] fact sheet 4.5: six drivers (Cybertill, Farfetch, Prima, SapB1, TorqueAPI, ZigZag) have no
// seeded system row, so their production display name is unknown. They are served with their
// factory name as the name, chosen because a client can then still reach every driver the
// evidence documents, and the duplicate check (name vs factory name) behaves as for most systems.
function displayName(factoryName: string, system: EvidenceSystem): string {
    return system.label ?? factoryName;
}

// A field the OAuth2 callback fills is not on the form a client posts.
function isFormField(field: EvidenceField): boolean {
    return !(field.rule ?? "").startsWith("set by the OAuth2 callback");
}

function buildSystems(): FabricSystem[] {
    const entries = Object.entries(credentialsEvidence as unknown as Record<string, EvidenceSystem>).filter(([key]) => key !== "source");
    let systemAuthorisationTypeId = 0;
    return entries.map(([factoryName, system], index) => {
        const authTypes = Object.entries(system.authTypes ?? {});
        const driverFields = new Map<string, EvidenceField>();
        for (const [, authType] of authTypes) {
            for (const field of authType.fields) {
                if (!driverFields.has(field.key)) driverFields.set(field.key, field);
            }
        }
        const authorisationTypes = authTypes
            .filter(([name]) => name !== "*")
            .map(([name, authType]) => {
                systemAuthorisationTypeId += 1;
                const formKeys = authType.seededSchema
                    ? (authType.seededFormKeys ?? authType.fields.filter(isFormField).map((field) => field.key))
                    : null;
                return {
                    id: systemAuthorisationTypeId,
                    authorisationType: AUTHORISATION_TYPES.find((type) => type.name === name) as AuthorisationType,
                    fields: authType.fields,
                    formKeys,
                };
            });
        return {
            id: index + 1,
            name: displayName(factoryName, system),
            factoryName,
            dateFormat: system.defaults.date_format,
            timeZone: system.defaults.time_zone,
            hasCredentialDriver: (system.driver ?? "").startsWith("SystemAuth:"),
            driverFields: [...driverFields.values()],
            authorisationTypes,
        };
    });
}

export const SYSTEMS: readonly FabricSystem[] = buildSystems();

export function systemById(id: number): FabricSystem | undefined {
    return SYSTEMS.find((system) => system.id === id);
}

/** By display name, as the service templates name their systems. */
export function systemByName(name: string): FabricSystem | undefined {
    return SYSTEMS.find((system) => system.name === name);
}

const CREATED_AT = "2021-12-01 00:00:00";

/** The raw `systems` row, as a connector embeds it (fact sheet 3.1). */
export function systemRow(system: FabricSystem): Record<string, unknown> {
    return {
        id: system.id,
        system_type_id: 1,
        name: system.name,
        factory_name: system.factoryName,
        slug: null,
        website: null,
        description: null,
        status: "active",
        popular: 0,
        date_format: system.dateFormat,
        time_zone: system.timeZone,
        documentation_link: null,
        has_webhooks: 0,
        webhook_schema: null,
        created_at: CREATED_AT,
        updated_at: CREATED_AT,
    };
}

function formAttribute(field: EvidenceField): Record<string, unknown> {
    const kind = field.uiType?.split(" ")[0];
    const type =
        kind === "hidden" || kind === "password" || kind === "number" || kind === "select" ? kind : field.secret ? "password" : "text";
    return { type, label: field.label ?? field.key, value: field.key, ...(field.required ? {} : { required: false }) };
}

/** `credentials_schema` is a JSON column without a cast, so it travels as a JSON string (fact sheet 3.9). */
function credentialsSchema(authType: SystemAuthorisationType): string | null {
    if (authType.formKeys === null) {
        return null;
    }
    const attributes = authType.formKeys.map((key) => formAttribute(authType.fields.find((field) => field.key === key) as EvidenceField));
    return JSON.stringify({ attributes });
}

/** The system resource (fact sheet 3.8); `withAuthTypes` for `include=systemAuthorisationTypes[.authorisationType]`. */
export function systemResource(system: FabricSystem, include: { authTypes: boolean; authTypeNames: boolean }): Record<string, unknown> {
    const resource: Record<string, unknown> = {
        ...systemRow(system),
        deleted_at: null,
        entities: [],
        environment_suffix_title: null,
        media_url: null,
    };
    delete resource.created_at;
    delete resource.updated_at;
    if (include.authTypes) {
        resource.system_authorisation_types = system.authorisationTypes.map((authType) => ({
            id: authType.id,
            credentials_schema: credentialsSchema(authType),
            ...(include.authTypeNames ? { authorisation_type: authType.authorisationType } : {}),
        }));
    }
    return resource;
}
