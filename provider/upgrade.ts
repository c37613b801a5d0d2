// State written by another release. Pulumi keeps the serialized adapter of each resource in its
// outputs and calls it for refresh and delete as long as the resource lives, so two things are a
// public interface: the entries the adapters call (`adapterV1` and `adapterV2` in ./index) and
// the shape of the outputs they hand back. State of the releases before the move to Patchworks'
// Fabric API holds ids of an API that does not exist; no current method can serve it, and each
// says so in one line.
import type * as pulumi from "@pulumi/pulumi";
import { UserError } from "./errors";

export type ResourceKind = "connector" | "companyGroup" | "service";

/** What each resource's module offers; the adapters only forward to these. */
export interface ResourceMethods {
    check(olds: unknown, news: unknown): Promise<pulumi.dynamic.CheckResult>;
    diff(olds: unknown, news: unknown): Promise<pulumi.dynamic.DiffResult>;
    create(inputs: unknown): Promise<pulumi.dynamic.CreateResult>;
    read(id: string, props: unknown): Promise<pulumi.dynamic.ReadResult>;
    update(id: string, olds: unknown, news: unknown): Promise<pulumi.dynamic.UpdateResult>;
    remove(id: string, props: unknown): Promise<void>;
}

/** Each resource's class name: the last part of its type token (`pulumi-nodejs:dynamic/patchworks:Connector`), and how messages name it. */
export const TYPE_NAME: Record<ResourceKind, string> = { connector: "Connector", companyGroup: "CompanyGroup", service: "Service" };

/**
 * Fabric's connector ids are always "<group username>|<n>" and every Fabric service state records
 * its template; the invented API's were neither. A CompanyGroup has no earlier state.
 */
function isPreFabricState(kind: ResourceKind, id: string, props: unknown): boolean {
    const outputs = (props ?? {}) as Record<string, unknown>;
    if (kind === "connector") return !id.includes("|");
    if (kind === "service") return Object.keys(outputs).length > 0 && !("templateId" in outputs);
    return false;
}

function preFabricStateError(kind: ResourceKind, id: string): UserError {
    return new UserError(
        `this ${TYPE_NAME[kind]} (id ${id}) was recorded by a pulumi-patchworks release from before its move to Patchworks' Fabric API, ` +
            "whose ids Patchworks does not know: find its URN with `pulumi stack --show-urns`, remove it from the state with " +
            `\`pulumi state delete '<URN>' --yes\`, then \`pulumi up\` makes it as declared (or takes over an existing one where the ${TYPE_NAME[kind]} says \`adopt: true\`)`,
    );
}

/** The methods, refusing state of a release before Fabric wherever they are handed recorded outputs. */
export function refusingPreFabricState(kind: ResourceKind, methods: ResourceMethods): ResourceMethods {
    const guard = (id: string, props: unknown) => {
        if (isPreFabricState(kind, id, props)) throw preFabricStateError(kind, id);
    };
    const idOf = (props: unknown) => String((props as Record<string, unknown> | undefined)?.[`${kind}Id`] ?? "");
    return {
        check: (olds, news) => methods.check(olds, news),
        diff: async (olds, news) => {
            const id = idOf(olds);
            if (id !== "") guard(id, olds);
            return methods.diff(olds, news);
        },
        create: (inputs) => methods.create(inputs),
        read: async (id, props) => {
            guard(id, props);
            return methods.read(id, props);
        },
        update: async (id, olds, news) => {
            guard(id, olds);
            return methods.update(id, olds, news);
        },
        remove: async (id, props) => {
            guard(id, props);
            return methods.remove(id, props);
        },
    };
}
