// Between Fabric's service and the resource's outputs. Every field Fabric returns comes from the
// remote service, so refresh shows drift in any of them; a value that means what the program
// declared keeps the program's spelling, so a spelling is not drift. Pure.
import { isDeepStrictEqual } from "node:util";
import { sameName } from "../catalog/services";
import type { RemoteService, ServiceFilter } from "../client/services";
import { sameFilters } from "./diff";
import { SERVICE_OUTPUT_ONLY, type ServiceFilterInput, type ServiceInputs, type ServiceMappingRow, type ServiceOutputs } from "./types";

/** Declared filters as the wire module speaks of them: values as text. */
export function toServiceFilters(filters: readonly ServiceFilterInput[]): ServiceFilter[] {
    return filters.map((f) => {
        const filter: ServiceFilter = { field: f.field, operator: f.operator, value: String(f.value) };
        if (f.type !== undefined) filter.type = f.type;
        return filter;
    });
}

/** The factory of "<system factory name>\Pull\<factory>". */
export function factoryOf(fabricFactory: string): string {
    const parts = fabricFactory.split("\\");
    return parts[parts.length - 1] ?? fabricFactory;
}

type DestinationOptions = NonNullable<ServiceInputs["destination"]["options"]>;

const entityOf = (declared: string, remote: string) => (sameName(declared, factoryOf(remote)) ? declared : factoryOf(remote));

/** The declared options where Fabric holds them (it merges the template's defaults under them), else what it holds. */
function destinationOptions(declared: DestinationOptions | undefined, remote: Record<string, unknown>): DestinationOptions | undefined {
    if (declared === undefined) return undefined;
    const kept = Object.entries(declared).every(([key, value]) => isDeepStrictEqual(remote[key], value));
    // Drift: the state takes Fabric's options as they are (a template may have put nested values there).
    return kept ? declared : (remote as DestinationOptions);
}

export interface OutputExtras {
    templateId?: string;
    inboundUrl?: string;
    /** The mapping rows the service's document holds, as far as this step knows; undefined: not managed. */
    mappings?: ServiceMappingRow[];
}

export function toServiceOutputs(inputs: ServiceInputs, remote: RemoteService, extras: OutputExtras = {}): ServiceOutputs {
    const source = { ...inputs.source, entity: entityOf(inputs.source.entity, remote.fromFactory) };
    if (remote.pageSize !== undefined) source.pageSize = remote.pageSize;
    if (remote.maxAttempts !== undefined) source.maxAttempts = remote.maxAttempts;
    if (remote.sourceTimezone !== undefined) source.timezone = remote.sourceTimezone;
    const destination = { ...inputs.destination, entity: entityOf(inputs.destination.entity, remote.toFactory) };
    const options = destinationOptions(inputs.destination.options, remote.destinationOptions);
    if (options === undefined) delete destination.options;
    else destination.options = options;
    const outputs: ServiceOutputs = {
        name: remote.name,
        source,
        destination,
        schedule: remote.schedule,
        filters: sameFilters(remote.filters, inputs.filters) ? inputs.filters : remote.filters,
        active: remote.active,
        adopt: inputs.adopt,
        serviceId: remote.id,
        companyGroup: remote.groupUsername,
        sourceEnvironment: remote.sourceEnvironment,
        destinationEnvironment: remote.destinationEnvironment,
        sourceSystem: inputs.source.system,
        destinationSystem: inputs.destination.system,
        templateId: remote.templateId ?? extras.templateId ?? "",
    };
    if (extras.mappings !== undefined) outputs.mappings = extras.mappings;
    if (extras.inboundUrl !== undefined) outputs.inboundUrl = extras.inboundUrl;
    return outputs;
}

/** The inputs a refresh hands back, so the next preview compares the program with what Patchworks has. */
export function serviceInputsOf(outputs: ServiceOutputs): ServiceInputs {
    const inputs: Record<string, unknown> = { ...outputs };
    for (const key of SERVICE_OUTPUT_ONLY) delete inputs[key];
    return inputs as unknown as ServiceInputs;
}
