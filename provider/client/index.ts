// The Patchworks API client: the one place that does HTTP, owns the API's paths and field names,
// retries safely, and never lets a secret into an error or log line.
export { PatchworksClient } from "./client";
export {
    ClientConfigError,
    ConflictError,
    NetworkError,
    NotFoundError,
    PatchworksApiError,
    RateLimitedError,
    ServerError,
    UnauthorizedError,
    ValidationError,
} from "./errors";
export { redact } from "./redact";
export type {
    ClientOptions,
    CompanyGroup,
    ConnectorFields,
    ConnectorKey,
    ConnectorPatch,
    ConnectorStatus,
    Environment,
    RemoteConnector,
} from "./types";
