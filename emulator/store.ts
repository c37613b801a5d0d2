// The emulated account: its connectors, its services, the services the usage hook says use a
// connector, and its company profile. All checks and changes happen synchronously before the first
// await, so on Node's single thread each operation is atomic: two concurrent creates for the same
// key can never both pass the check, and a connector cannot be deleted between a service's check
// that it exists and the service's creation.
import { randomBytes } from "node:crypto";
import { CompanyProfile, groupIdentity, type CompanyGroup } from "./company-groups";
import { computeStatus, describeKey, sameKey, type Connector, type Environment } from "./connector";
import { conflict, notFound } from "./errors";
import { newServiceId, webhookUrlFor, type Service, type ServiceSpec } from "./service";
import type { PersistedState, StateFile } from "./state-file";
import type { ConnectorChanges, NewConnector } from "./validation";

export interface ConnectorFilter {
    readonly system?: string;
    readonly environment?: Environment;
    /** undefined: any group; null: the default group; otherwise compared as groups compare. */
    readonly companyGroup?: string | null;
}

function newConnectorId(): string {
    return `sc_${randomBytes(8).toString("hex")}`;
}

function timestamp(): string {
    return new Date().toISOString();
}

function notFoundError(id: string): Error {
    return notFound(`service connector ${id} not found`);
}

function matches(connector: Connector, filter: ConnectorFilter): boolean {
    return (
        (filter.system === undefined || connector.system === filter.system) &&
        (filter.environment === undefined || connector.environment === filter.environment) &&
        (filter.companyGroup === undefined || groupIdentity(connector.company_group) === groupIdentity(filter.companyGroup))
    );
}

function isChange<T extends object>(stored: T, changes: Partial<T>): boolean {
    return Object.entries(changes).some(([field, value]) => JSON.stringify(value) !== JSON.stringify(stored[field as keyof T]));
}

function usesConnector(service: Service, connectorId: string): boolean {
    return service.source.connector_id === connectorId || service.destination.connector_id === connectorId;
}

/**
 * The profile a loaded state has. A state file written before the emulator kept a profile has
 * none: its groups are then the ones its connectors use, so every stored connector stays valid.
 */
function loadedProfile(initialGroups: readonly string[], saved: PersistedState | undefined): CompanyProfile {
    if (!saved) {
        return new CompanyProfile(initialGroups);
    }
    const profile = new CompanyProfile(initialGroups, saved.companyGroups ?? []);
    profile.add(saved.connectors.flatMap((c) => (c.company_group === null ? [] : [c.company_group])));
    return profile;
}

export interface AccountOptions {
    /** Where to persist; memory only without one. */
    readonly stateFile?: StateFile;
    /** The company groups the emulator starts with, and a reset restores. */
    readonly companyGroups?: readonly string[];
}

export class AccountStore {
    // Maps keep insertion order, which is the order lists are served in.
    private readonly connectors = new Map<string, Connector>();
    private readonly services = new Map<string, Service>();
    /** Set through /__admin/usage: services the account does not hold, named as using a connector. */
    private readonly usage = new Map<string, readonly string[]>();
    private readonly stateFile?: StateFile;
    readonly profile: CompanyProfile;

    /** Loads the state file when there is one; every write saves it again. */
    constructor(options: AccountOptions = {}) {
        this.stateFile = options.stateFile;
        const saved = this.stateFile?.load();
        for (const connector of saved?.connectors ?? []) {
            this.connectors.set(connector.id, connector);
        }
        for (const service of saved?.services ?? []) {
            this.services.set(service.id, service);
        }
        for (const [id, services] of Object.entries(saved?.usage ?? {})) {
            this.usage.set(id, services);
        }
        this.profile = loadedProfile(options.companyGroups ?? [], saved);
    }

    list(filter: ConnectorFilter): Connector[] {
        return [...this.connectors.values()].filter((c) => matches(c, filter));
    }

    get(id: string): Connector {
        const connector = this.find(id);
        if (!connector) {
            throw notFoundError(id);
        }
        return connector;
    }

    find(id: string): Connector | undefined {
        return this.connectors.get(id);
    }

    companyGroups(): CompanyGroup[] {
        return this.profile.list();
    }

    /** Adds groups to the company profile; those already on it (in any spelling) stay as they are. */
    async addCompanyGroups(names: readonly string[]): Promise<CompanyGroup[]> {
        if (this.profile.add(names)) {
            await this.save();
        }
        return this.profile.list();
    }

    async create(input: NewConnector): Promise<Connector> {
        const existing = [...this.connectors.values()].find((c) => sameKey(c, input));
        if (existing) {
            throw conflict(
                `a ${describeKey(input)} already exists: ${existing.id} (${existing.name}); ` +
                    "only one live and one test connector are allowed per system per company group",
            );
        }
        const now = timestamp();
        const connector: Connector = {
            id: newConnectorId(),
            ...input,
            status: computeStatus(input.system, input.auth_type, input.credentials),
            created_at: now,
            updated_at: now,
        };
        this.connectors.set(connector.id, connector);
        await this.save();
        return connector;
    }

    async update(id: string, changes: ConnectorChanges): Promise<Connector> {
        const connector = this.get(id);
        return this.changed(this.connectors, connector, changes, () => {
            const credentials = changes.credentials ?? connector.credentials;
            const status = changes.credentials ? computeStatus(connector.system, connector.auth_type, credentials) : connector.status;
            return { ...connector, ...changes, status };
        });
    }

    /** Stores what `changes` make of `record`, or keeps it as it is when they change nothing: updated_at moves only on a change. */
    private async changed<T extends { id: string; updated_at: string }>(
        records: Map<string, T>,
        record: T,
        changes: Partial<T>,
        apply: () => T,
    ): Promise<T> {
        if (!isChange(record, changes)) return record;
        const updated: T = { ...apply(), updated_at: timestamp() };
        records.set(record.id, updated);
        await this.save();
        return updated;
    }

    /** Refused (409, naming the services) while a service of the account, or one the usage hook names, uses it. */
    async delete(id: string): Promise<void> {
        this.get(id);
        const services = this.servicesUsing(id);
        if (services.length > 0) {
            throw conflict(`connector ${id} is used by services: ${services.join(", ")}`, { services });
        }
        this.connectors.delete(id);
        await this.save();
    }

    /** Marks a connector as used by these services; an empty list clears it. */
    async setUsage(id: string, services: readonly string[]): Promise<void> {
        this.get(id);
        if (services.length === 0) {
            this.usage.delete(id);
        } else {
            this.usage.set(id, [...services]);
        }
        await this.save();
    }

    /** Services in creation order; with a connector id, those whose source or destination it is. */
    listServices(connectorId?: string): Service[] {
        const all = [...this.services.values()];
        return connectorId === undefined ? all : all.filter((s) => usesConnector(s, connectorId));
    }

    findService(id: string): Service | undefined {
        return this.services.get(id);
    }

    getService(id: string): Service {
        const service = this.findService(id);
        if (!service) {
            throw notFound(`service ${id} not found`);
        }
        return service;
    }

    /** `baseUrl` is where the emulator was reached, under which the service's webhook URL lives. */
    async createService(spec: ServiceSpec, baseUrl: string): Promise<Service> {
        const id = newServiceId();
        const now = timestamp();
        const service: Service = { id, ...spec, webhook_url: webhookUrlFor(baseUrl, id), created_at: now, updated_at: now };
        this.services.set(id, service);
        await this.save();
        return service;
    }

    /** Stores the service as `spec` says; updated_at moves only when something changed. */
    async updateService(id: string, spec: ServiceSpec): Promise<Service> {
        const service = this.getService(id);
        return this.changed(this.services, service, spec, () => ({ ...service, ...spec }));
    }

    async deleteService(id: string): Promise<void> {
        this.getService(id);
        this.services.delete(id);
        await this.save();
    }

    /** The names of the services that use a connector: the account's own first, then the usage hook's, each name once. */
    private servicesUsing(connectorId: string): string[] {
        const own = this.listServices(connectorId).map((service) => service.name);
        return [...new Set([...own, ...(this.usage.get(connectorId) ?? [])])];
    }

    /** An empty account again, with the company groups the emulator started with. */
    async reset(): Promise<void> {
        this.services.clear();
        this.connectors.clear();
        this.usage.clear();
        this.profile.restoreInitial();
        await this.save();
    }

    /** Resolves once every write so far is on disk. */
    async flush(): Promise<void> {
        await this.stateFile?.flush();
    }

    private snapshot(): PersistedState {
        return {
            connectors: [...this.connectors.values()],
            usage: Object.fromEntries(this.usage),
            companyGroups: this.profile.list(),
            services: [...this.services.values()],
        };
    }

    private async save(): Promise<void> {
        await this.stateFile?.save(() => this.snapshot());
    }
}
