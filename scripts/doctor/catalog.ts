// The account's systems, auth types and credential form keys against the bundled catalog the
// package was built from (fabric-credentials.json). Each difference is one line naming the system
// and the key, and what to report. Pure.
import { systemIds, systems, systemsForFactoryName, type AuthType, type SystemEntry } from "../../provider/catalog";
import { sameFactory } from "../../provider/connector/account-catalog";
import type { FabricAuthType, FabricSystem } from "../../provider/client/systems";
import { differs, ok, plural, type Finding } from "./report";

const REPORT = "report it to the pulumi-patchworks maintainers with this line";

function describeSystem(system: FabricSystem): string {
    return `system "${system.name}" (Fabric factory "${system.factoryName}", id ${system.id})`;
}

function catalogIds(entries: readonly SystemEntry[]): string {
    return entries.map((e) => `"${e.id}"`).join(", ");
}

/**
 * An account form that lists no key says nothing about the keys: Fabric seeds no form for many
 * auth types (fact sheet 3.9), and the provider then relies on the bundled catalog alone.
 */
function formFindings(system: FabricSystem, entries: readonly SystemEntry[], bundled: AuthType, offered: FabricAuthType): Finding[] {
    if (offered.formKeys.length === 0) return [];
    const what = `${describeSystem(system)}, auth type "${offered.name}"`;
    const known = new Set([...bundled.fields.map((f) => f.key), ...Object.keys(bundled.flags)]);
    const findings: Finding[] = [];
    for (const key of offered.formKeys.filter((k) => !known.has(k))) {
        findings.push(
            differs(
                `${what}: the account's credential form has the key "${key}", which the bundled catalog (${catalogIds(entries)}) lacks; ` +
                    `the provider accepts it as an optional secret with no rule: ${REPORT}`,
            ),
        );
    }
    const form = new Set(offered.formKeys);
    for (const field of bundled.fields.filter((f) => f.required && !form.has(f.key))) {
        findings.push(
            differs(
                `${what}: the bundled catalog requires the credential key "${field.key}", which the account's form lacks; ` +
                    `a connector that declares it may be refused: ${REPORT}`,
            ),
        );
    }
    return findings;
}

function systemFindings(system: FabricSystem, entries: readonly SystemEntry[]): Finding[] {
    if (entries.length === 0) {
        return [
            differs(
                `${describeSystem(system)}: the account offers it, the bundled catalog has no entry for it, so no Connector can declare it: ${REPORT}`,
            ),
        ];
    }
    // Catalog ids that share one Fabric system share its auth types and keys; the first speaks for them.
    const [entry] = entries;
    const findings: Finding[] = [];
    for (const offered of system.authTypes) {
        const bundled = entry.authTypes.find((a) => a.id === offered.name);
        if (!bundled) {
            findings.push(
                differs(
                    `${describeSystem(system)}: the account offers the auth type "${offered.name}", which the bundled catalog (${catalogIds(entries)}) lacks; ` +
                        `the provider accepts it with the account's form keys as optional secrets and no rule: ${REPORT}`,
                ),
            );
            continue;
        }
        findings.push(...formFindings(system, entries, bundled, offered));
    }
    for (const bundled of entry.authTypes) {
        if (system.authTypes.length > 0 && !system.authTypes.some((t) => t.name === bundled.id)) {
            findings.push(
                differs(
                    `${describeSystem(system)}: the bundled catalog (${catalogIds(entries)}) has the auth type "${bundled.id}", which the account does not offer; ` +
                        `a connector declared with authType "${bundled.id}" would be refused: ${REPORT}`,
                ),
            );
        }
    }
    return findings;
}

/** Every difference between the account's systems and the bundled catalog; an `ok` line when there is none. */
export function compareCatalog(accountSystems: readonly FabricSystem[]): Finding[] {
    const findings = accountSystems.flatMap((system) => systemFindings(system, systemsForFactoryName(system.factoryName)));
    // Catalog systems with a Fabric driver that the account lacks: their connectors fail at preview.
    const missing = systemIds
        .map((id) => systems[id])
        .filter((entry) => entry.fabricDriver && !accountSystems.some((s) => sameFactory(s.factoryName, entry.factoryName)));
    for (const entry of missing) {
        findings.push(
            differs(
                `system "${entry.id}" (Fabric factory "${entry.factoryName}"): the bundled catalog has it, the account does not offer it, ` +
                    `so its connectors fail at preview: ask Patchworks to enable it if you use it, else ${REPORT}`,
            ),
        );
    }
    if (findings.length > 0) return findings;
    const authTypes = accountSystems.reduce((n, s) => n + s.authTypes.length, 0);
    return [
        ok(
            `catalog: the account's ${plural(accountSystems.length, "system")} and ${plural(authTypes, "auth type")} match the bundled catalog, form keys included`,
        ),
    ];
}
