// The account's systems on the wire (fact sheet 3.8, 3.9): one unpaginated answer with each
// system's auth types and the keys of their credential forms. Which keys are secret and which
// rules apply is never read from here (the form marks some tokens as plain text).
import { z } from "zod";
import type { FabricClient } from "./connectors";
import { apiId, parse, unwrapData } from "./decode";

interface FabricAuthType {
    /** The authorisation type's name, e.g. "oauth2", "basic_auth". */
    name: string;
    /** The credential keys of its dashboard form (`credentials_schema.attributes[].value`). */
    formKeys: string[];
}

export interface FabricSystem {
    /** Fabric's numeric id, as a string: what a connector create sends as `system_id`. */
    id: string;
    name: string;
    factoryName: string;
    dateFormat?: string;
    timeZone?: string;
    authTypes: FabricAuthType[];
}

const formSchema = z.object({ attributes: z.array(z.object({ value: z.unknown() }).passthrough()).nullish() }).passthrough();

/** `credentials_schema` comes as a JSON-encoded string (no model cast), an object, or null. */
export function formKeysOf(schema: unknown): string[] {
    let decoded = schema;
    if (typeof schema === "string") {
        try {
            decoded = JSON.parse(schema);
        } catch {
            return [];
        }
    }
    const parsed = formSchema.safeParse(decoded);
    if (!parsed.success) return [];
    return (parsed.data.attributes ?? []).map((a) => a.value).filter((v): v is string => typeof v === "string" && v !== "");
}

const wireSystem = z.object({
    id: apiId,
    name: z.string(),
    factory_name: z.string(),
    date_format: z.string().nullish(),
    time_zone: z.string().nullish(),
    system_authorisation_types: z
        .array(z.object({ credentials_schema: z.unknown(), authorisation_type: z.object({ name: z.string() }).nullish() }))
        .nullish(),
});

export function systemFromWire(item: unknown): FabricSystem {
    const s = parse(wireSystem, item, "system");
    const system: FabricSystem = {
        id: s.id,
        name: s.name,
        factoryName: s.factory_name,
        authTypes: (s.system_authorisation_types ?? []).flatMap((t) =>
            t.authorisation_type ? [{ name: t.authorisation_type.name, formKeys: formKeysOf(t.credentials_schema) }] : [],
        ),
    };
    if (s.date_format) system.dateFormat = s.date_format;
    if (s.time_zone) system.timeZone = s.time_zone;
    return system;
}

export const SYSTEMS_QUERY = { include: "systemAuthorisationTypes.authorisationType" };

export function listSystems(client: FabricClient): Promise<FabricSystem[]> {
    return client.request({
        request: { method: "GET", path: "/systems", query: SYSTEMS_QUERY },
        decode: (body) => parse(z.array(z.unknown()), unwrapData(body), "system list").map(systemFromWire),
    });
}
