export { Connector, type ConnectorArgs, type ConnectorStatus, type Environment } from "./connector";
export { systems, type AuthType, type CredentialField, type SystemEntry } from "../provider/catalog";
