// The Patchworks API client: the one place that does HTTP, owns the API's paths and field names,
// retries safely, and never lets a secret into an error or log line.
export { PatchworksClient, type ClientDependencies, type PageListener } from "./client";
export { ApiError, isConflict, isNotFound, unlessNotFound } from "./errors";
export type { CompanyGroup, ConnectorFields, ConnectorKey, ConnectorPatch, RemoteConnector } from "./mapping";
export type { RemoteService } from "./service-wire";
