export { Connector, type ConnectorArgs } from "./connector";
export type { ConnectorStatus, Environment } from "../provider/model";
export { systems, type AuthType, type CredentialField, type SystemEntry } from "../provider/catalog";
