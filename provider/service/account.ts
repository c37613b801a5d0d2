// What one provider process knows about the account's services, shared by every Service of the
// run and by the connectors' delete: one read of the templates, the services (amended by the run's
// own creates and deletes), the subscription and each source's filter fields, and the stack's own
// declarations (mapping documents, replacements, adoptions). Keyed on the runtime's client, so a
// new configuration starts afresh.
import pLimit from "p-limit";
import type { PatchworksClient } from "../client";
import {
    listFilterFields,
    listInboundUrls,
    listServices,
    listServiceTemplates,
    type MappingDocument,
    readMappingDocument,
    readSubscriptionSummary,
    type FilterField,
    type RemoteService,
    type ServiceTemplate,
    type SubscriptionSummary,
} from "../client/services";
import { ActivationLedger } from "./activation";
import { sameMappings } from "./documents";
import type { ServiceMappingRow } from "./types";

/** A service of the stack that declares a document's content. */
export interface DocumentOwner {
    /** The service's name (its description). */
    name: string;
    serviceId?: string;
}

/** The mapping documents the stack's services declare, as the run's checks saw them. */
export class MappingDeclarations {
    private readonly byDocument = new Map<string, { owner: DocumentOwner; rows: ServiceMappingRow[] }[]>();
    private readonly stackServices = new Set<string>();

    /** Records a declaration; the conflict with another stack service's declaration of the same document, if any. */
    declare(documentId: string, owner: DocumentOwner, rows: ServiceMappingRow[]): DocumentOwner | undefined {
        const entries = this.byDocument.get(documentId) ?? [];
        const same = (other: DocumentOwner) =>
            owner.serviceId !== undefined && other.serviceId !== undefined
                ? other.serviceId === owner.serviceId
                : other.name === owner.name;
        const conflict = entries.find((e) => !same(e.owner) && !sameMappings(e.rows, rows));
        if (conflict) return conflict.owner;
        this.byDocument.set(documentId, [...entries.filter((e) => !same(e.owner)), { owner, rows }]);
        return undefined;
    }

    /** The content the stack declares for a document, if any service of it does. */
    declared(documentId: string): ServiceMappingRow[] | undefined {
        return this.byDocument.get(documentId)?.[0]?.rows;
    }

    noteStackService(serviceId: string): void {
        this.stackServices.add(serviceId);
    }

    isStackService(serviceId: string): boolean {
        return this.stackServices.has(serviceId);
    }
}

export class ServiceAccount {
    readonly declarations = new MappingDeclarations();
    readonly activations = new ActivationLedger();
    /** Services a resource adopted in this run: no other resource's delete removes them. */
    readonly adopted = new Set<string>();
    /** Services this run's checks plan to activate (by serviceKey), counted against the allowance together. */
    readonly plannedActivations = new Set<string>();
    private readonly reads = new Map<string, Promise<unknown>>();
    private readonly createsByGroup = new Map<string, pLimit.Limit>();

    constructor(readonly client: Pick<PatchworksClient, "request">) {}

    /**
     * Creates in one group, one at a time: a create resets the group's shared mapping documents
     * (fact sheet 3.6), so another service's write and read-back of a document must not interleave
     * with it. Other groups' creates go on in parallel.
     */
    oneCreateAtATime<T>(groupUsername: string, create: () => Promise<T>): Promise<T> {
        let limit = this.createsByGroup.get(groupUsername);
        if (!limit) {
            limit = pLimit(1);
            this.createsByGroup.set(groupUsername, limit);
        }
        return limit(create);
    }

    /** One read per key and process; a failed read is forgotten, so a later check tries again. */
    private once<T>(key: string, load: () => Promise<T>): Promise<T> {
        const known = this.reads.get(key);
        if (known) return known as Promise<T>;
        const pending = load();
        this.reads.set(key, pending);
        pending.catch(() => {
            if (this.reads.get(key) === pending) this.reads.delete(key);
        });
        return pending;
    }

    templates(): Promise<ServiceTemplate[]> {
        return this.once("templates", () => listServiceTemplates(this.client));
    }

    /** The account's services, as this process left them (its own creates and deletes applied). */
    services(): Promise<RemoteService[]> {
        return this.once("services", () => listServices(this.client));
    }

    /** A service as this process's create or update left it: later checks (a connector's delete among them) see it. */
    noteWritten(service: RemoteService): void {
        this.amend<RemoteService[]>("services", (all) => [...all.filter((s) => s.id !== service.id), service]);
    }

    /** A service this process deleted: a connector it used is free to go. */
    noteDeleted(serviceId: string): void {
        this.amend<RemoteService[]>("services", (all) => all.filter((s) => s.id !== serviceId));
    }

    /** Changes what a read holds; nothing when it was never made (the next read sees the change itself). */
    private amend<T>(key: string, change: (value: T) => T): void {
        const known = this.reads.get(key) as Promise<T> | undefined;
        if (!known) return;
        const amended = known.then(change);
        this.reads.set(key, amended);
        amended.catch(() => {
            if (this.reads.get(key) === amended) this.reads.delete(key);
        });
    }

    subscription(): Promise<SubscriptionSummary> {
        return this.once("subscription", () => readSubscriptionSummary(this.client));
    }

    filterFields(factorySystemId: string): Promise<FilterField[]> {
        return this.once(`filter-fields:${factorySystemId}`, () => listFilterFields(this.client, factorySystemId));
    }

    /** A mapping document, read once per process: the services that share it (fact sheet 3.6) share the read. */
    mappingDocument(documentId: string): Promise<MappingDocument | undefined> {
        return this.once(`mapping:${documentId}`, () => readMappingDocument(this.client, documentId));
    }

    /** A document this process wrote: the next look reads it again. */
    forgetMappingDocument(documentId: string): void {
        this.reads.delete(`mapping:${documentId}`);
    }

    inboundUrls(): Promise<Map<string, string>> {
        return this.once("inbound-urls", () => listInboundUrls(this.client));
    }
}

const accounts = new WeakMap<object, ServiceAccount>();

export function serviceAccount(client: Pick<PatchworksClient, "request">): ServiceAccount {
    let account = accounts.get(client);
    if (!account) {
        account = new ServiceAccount(client);
        accounts.set(client, account);
    }
    return account;
}
