// The account's systems, auth types and credential form keys against the evidence the package was
// built from (fabric-credentials.json, which the bundled catalog is generated from): each
// difference is one line naming the system and the key, and what to report. Pure.
import { z } from "zod";
import { systemsForFactoryName } from "../../provider/catalog";
import credentialsEvidence from "../../provider/catalog/evidence/fabric-credentials.json";
import { sameFactory } from "../../provider/connector/account-catalog";
import type { FabricSystem } from "../../provider/client/systems";
import { differs, ok, plural, type Finding } from "./report";

const REPORT = "report it to the pulumi-patchworks maintainers with this line";

/** The evidence's view of one system: what an account built from it answers. */
interface ExpectedSystem {
    factoryName: string;
    aliases: string[];
    /** False for drivers without a seeded system row (fact sheet 4.5): an account may lack them. */
    seeded: boolean;
    /** Auth type name -> the keys of its seeded form, or null where Fabric seeds no form (its driver's keys then). */
    authTypes: Map<string, { formKeys: string[] | null; driverKeys: string[] }>;
}

const evidenceField = z.object({ key: z.string(), rule: z.string().optional() }).passthrough();
const evidenceSystem = z
    .object({
        aliases: z.array(z.string()).optional(),
        seeded: z.boolean().optional(),
        authTypes: z
            .record(
                z.string(),
                z
                    .object({ seededSchema: z.boolean(), seededFormKeys: z.array(z.string()).optional(), fields: z.array(evidenceField) })
                    .passthrough(),
            )
            .optional(),
    })
    .passthrough();

/** A key the OAuth2 callback fills is not on the form (fact sheet 3.9). */
const filledByCallback = (field: z.infer<typeof evidenceField>) => (field.rule ?? "").startsWith("set by the OAuth2 callback");

/** "*" in the evidence: the driver's keys whatever the auth type, not an auth type the account lists. */
const ANY_AUTH_TYPE = "*";

function expectedSystems(evidence: Record<string, unknown> = credentialsEvidence): ExpectedSystem[] {
    return Object.entries(evidence)
        .filter(([key]) => key !== "source")
        .map(([factoryName, raw]) => {
            const system = evidenceSystem.parse(raw);
            const authTypes = new Map<string, { formKeys: string[] | null; driverKeys: string[] }>();
            for (const [name, authType] of Object.entries(system.authTypes ?? {})) {
                if (name === ANY_AUTH_TYPE) continue;
                const formKeys = authType.seededSchema
                    ? (authType.seededFormKeys ?? authType.fields.filter((f) => !filledByCallback(f)).map((f) => f.key))
                    : null;
                authTypes.set(name, { formKeys, driverKeys: authType.fields.map((f) => f.key) });
            }
            return { factoryName, aliases: system.aliases ?? [], seeded: system.seeded ?? true, authTypes };
        });
}

function describeSystem(system: FabricSystem): string {
    return `system "${system.name}" (Fabric factory "${system.factoryName}", id ${system.id})`;
}

const matches = (expected: ExpectedSystem, factoryName: string) =>
    [expected.factoryName, ...expected.aliases].some((name) => sameFactory(name, factoryName));

function catalogNote(factoryName: string): string {
    const entries = systemsForFactoryName(factoryName);
    return entries.length === 0
        ? "the bundled catalog has no entry for it, so no Connector can declare it"
        : `the bundled catalog's ${entries.map((e) => `"${e.id}"`).join(", ")} may be refused or miss a key`;
}

function formFindings(system: FabricSystem, expected: ExpectedSystem): Finding[] {
    const findings: Finding[] = [];
    for (const offered of system.authTypes) {
        const known = expected.authTypes.get(offered.name);
        const what = `${describeSystem(system)}, auth type "${offered.name}"`;
        if (!known) {
            findings.push(differs(`${what}: the account offers it, the evidence does not; ${catalogNote(system.factoryName)}: ${REPORT}`));
            continue;
        }
        // An account form that lists no key says nothing: Fabric seeds none for many auth types (fact sheet 3.9).
        if (offered.formKeys.length === 0) continue;
        const expectedKeys = new Set(known.formKeys ?? known.driverKeys);
        for (const key of offered.formKeys.filter((k) => !expectedKeys.has(k))) {
            findings.push(
                differs(
                    `${what}: the account's credential form has the key "${key}", the evidence does not; the provider takes it as an optional secret with no rule: ${REPORT}`,
                ),
            );
        }
        const form = new Set(offered.formKeys);
        for (const key of (known.formKeys ?? []).filter((k) => !form.has(k))) {
            findings.push(differs(`${what}: the evidence's credential form has the key "${key}", the account's does not: ${REPORT}`));
        }
    }
    for (const name of expected.authTypes.keys()) {
        if (!system.authTypes.some((t) => t.name === name)) {
            findings.push(
                differs(
                    `${describeSystem(system)}: the evidence has the auth type "${name}", the account does not offer it; connectors declaring authType "${name}" would be refused: ${REPORT}`,
                ),
            );
        }
    }
    return findings;
}

/** Every difference between the account's systems and the evidence; an `ok` line when there is none. */
export function compareCatalog(
    accountSystems: readonly FabricSystem[],
    expected: readonly ExpectedSystem[] = expectedSystems(),
): Finding[] {
    const findings: Finding[] = [];
    for (const system of accountSystems) {
        const known = expected.find((e) => matches(e, system.factoryName));
        if (!known) {
            findings.push(
                differs(
                    `${describeSystem(system)}: the account offers it, the evidence does not (a system added since); ${catalogNote(system.factoryName)}: ${REPORT}`,
                ),
            );
            continue;
        }
        findings.push(...formFindings(system, known));
    }
    for (const missing of expected.filter((e) => e.seeded && !accountSystems.some((s) => matches(e, s.factoryName)))) {
        findings.push(
            differs(
                `system with Fabric factory "${missing.factoryName}": the evidence has it, the account does not offer it, so its connectors fail at preview: ` +
                    `ask Patchworks to enable it if you use it, else ${REPORT}`,
            ),
        );
    }
    // Drivers the evidence has without a seeded system row: the account may or may not offer them; the catalog's notes send users here.
    const unseededAbsent = expected.filter((e) => !e.seeded && !accountSystems.some((s) => matches(e, s.factoryName)));
    const notOffered = unseededAbsent.map((e) => {
        const ids = systemsForFactoryName(e.factoryName).map((entry) => `"${entry.id}"`);
        return ok(
            `system with Fabric factory "${e.factoryName}": the account does not offer it, which the evidence allows (it has no seeded system row)` +
                (ids.length > 0 ? `; Connectors of ${ids.join(", ")} cannot be created in this account` : ""),
        );
    });
    if (findings.length > 0) return [...findings, ...notOffered];
    const authTypes = accountSystems.reduce((n, s) => n + s.authTypes.length, 0);
    const uncatalogued = accountSystems.filter((s) => systemsForFactoryName(s.factoryName).length === 0).map((s) => s.name);
    const note =
        uncatalogued.length === 0
            ? ""
            : `; ${uncatalogued.join(", ")} have no entry in the bundled Connector catalog, as when it was built`;
    return [
        ...notOffered,
        ok(
            `catalog: the account's ${plural(accountSystems.length, "system")} and ${plural(authTypes, "auth type")} match the evidence, form keys included${note}`,
        ),
    ];
}
