// Which service template a Service is built from: the one for its (source system, entity) and
// (destination system, entity) among the account's templates, or, where the account does not
// answer, the bundled catalog's. Pure.
import { bundledTemplatesFrom, sameName, serviceCatalog, type BundledTemplate } from "../catalog/services";
import type { FactorySystem, ServiceTemplate } from "../client/services";

/** One side of the wanted template; ids where the connector gave them, else the factory name. */
interface TemplateSide {
    systemId?: string;
    systemFactoryName?: string;
    entity: string;
}

export interface TemplateQuery {
    /** The service's company group id; other groups' own templates are not candidates. */
    groupId?: string;
    source: TemplateSide;
    destination: TemplateSide;
}

function sameSystem(side: FactorySystem, wanted: TemplateSide): boolean {
    if (side.systemId !== undefined && wanted.systemId !== undefined) return side.systemId === wanted.systemId;
    return (
        side.systemFactoryName !== undefined &&
        wanted.systemFactoryName !== undefined &&
        sameName(side.systemFactoryName, wanted.systemFactoryName)
    );
}

const sameSide = (side: FactorySystem, wanted: TemplateSide): boolean =>
    sameSystem(side, wanted) && side.factory !== undefined && sameName(side.factory, wanted.entity);

/**
 * The templates a service of group `groupId` may use, best first: enabled before disabled
 * (Fabric's create does not check `enabled`, but the dashboard offers only enabled ones, so a
 * disabled one was turned off on purpose), then the group's own before the global ones (a group's
 * template is its own variant of a global one). The one place this order is decided.
 */
export function candidateTemplates(templates: readonly ServiceTemplate[], groupId: string | undefined): ServiceTemplate[] {
    const rank = (t: ServiceTemplate) => (t.enabled ? 0 : 2) + (t.groupId !== null ? 0 : 1);
    return templates
        .filter((t) => t.groupId === null || t.groupId === groupId)
        .map((t, index) => ({ t, index }))
        .sort((a, b) => rank(a.t) - rank(b.t) || a.index - b.index)
        .map(({ t }) => t);
}

const describeSide = (side: FactorySystem) => `${side.systemFactoryName ?? `system ${side.systemId}`} ${side.factory ?? "?"}`;

/** A wanted side in words: the system by its factory name, from the templates where the connector gave only an id. */
function describeWanted(side: TemplateSide, templates: readonly ServiceTemplate[] = []): string {
    const known = templates
        .flatMap((t) => [t.source, t.destination])
        .find((s) => s.systemId !== undefined && s.systemId === side.systemId && s.systemFactoryName !== undefined);
    return `${side.systemFactoryName ?? known?.systemFactoryName ?? `system ${side.systemId}`} ${side.entity}`;
}

function listed(items: readonly string[]): string {
    const unique = [...new Set(items)];
    return unique.length === 0 ? "none" : unique.join(", ");
}

/** No template: why, and the property to fix (the source's entity when nothing leaves it, else the destination's). */
type TemplateProblem = { problem: string; property: "source.entity" | "destination.entity" };
export type TemplateChoice = { template: ServiceTemplate } | TemplateProblem;

/** The template for `query` among the account's `templates`, or why there is none (the property is "destination.entity"). */
export function chooseTemplate(templates: readonly ServiceTemplate[], query: TemplateQuery): TemplateChoice {
    const candidates = candidateTemplates(templates, query.groupId);
    const fromSource = candidates.filter((t) => sameSide(t.source, query.source));
    const template = fromSource.find((t) => sameSide(t.destination, query.destination));
    if (template) return { template };
    if (fromSource.length === 0) {
        const entities = candidates.filter((t) => sameSystem(t.source, query.source)).map((t) => t.source.factory ?? "?");
        return {
            property: "source.entity",
            problem:
                `Patchworks has no service template from ${describeWanted(query.source, templates)} in this account; ` +
                `source.entity takes one of: ${listed(entities)}`,
        };
    }
    return {
        property: "destination.entity",
        problem:
            `Patchworks has no service template from ${describeWanted(query.source, templates)} to ${describeWanted(query.destination, templates)}; ` +
            `${query.source.entity} from that source can go to: ${listed(fromSource.map((t) => describeSide(t.destination)))}`,
    };
}

/** The same question asked of the bundled catalog (by factory names only: it has no ids). */
export function chooseBundledTemplate(query: TemplateQuery): { template: BundledTemplate } | { problem: string } {
    const { source, destination } = query;
    if (!source.systemFactoryName || !destination.systemFactoryName) {
        return { problem: "the connectors' systems have no Patchworks factory name in the bundled catalog" };
    }
    const fromSource = bundledTemplatesFrom(source.systemFactoryName, source.entity);
    const template = fromSource.find(
        (t) =>
            sameName(t.destination.systemFactoryName, destination.systemFactoryName ?? "") &&
            sameName(t.destination.factory, destination.entity),
    );
    if (template) return { template };
    if (fromSource.length === 0) {
        const entities = serviceCatalog.templates
            .filter((t) => sameName(t.source.systemFactoryName, source.systemFactoryName ?? ""))
            .map((t) => t.source.factory);
        return {
            problem: `the bundled catalog has no service template from ${describeWanted(source)}; source.entity takes one of: ${listed(entities)}`,
        };
    }
    return {
        problem:
            `the bundled catalog has no service template from ${describeWanted(source)} to ${describeWanted(destination)}; ` +
            `${source.entity} from that source can go to: ${listed(fromSource.map((t) => `${t.destination.systemFactoryName} ${t.destination.factory}`))}`,
    };
}
