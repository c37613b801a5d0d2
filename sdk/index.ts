export { Connector, type ConnectorArgs } from "./connector";
export {
    Service,
    type ServiceArgs,
    type ServiceConnector,
    type ServiceDestinationArgs,
    type ServiceFilterArgs,
    type ServiceMappingArgs,
    type ServiceSourceArgs,
    type ServiceTransformArgs,
} from "./service";
export type { ConnectorStatus, Environment } from "../provider/model";
export { systems, type AuthType, type CredentialField, type SystemEntry } from "../provider/catalog";
export { serviceCatalog } from "../provider/catalog/services";
export {
    getCompanyGroups,
    getCompanyGroupsOutput,
    getConnector,
    getConnectorOutput,
    getConnectors,
    getConnectorsOutput,
    type AccountConnector,
    type AccountConnectorOutput,
    type CompanyGroup,
    type GetConnectorArgs,
    type GetConnectorsArgs,
    type LookupInputs,
} from "./lookups";
