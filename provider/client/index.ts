// The Patchworks API client: the one place that does HTTP, signs in, keeps the pace, retries
// safely, and never lets a secret into an error or log line. Resource paths and fields live in
// each resource's wire module.
export { PatchworksClient, type ClientDependencies, type RequestSpec } from "./client";
export { ApiError, isConflict, isCredentialCheckFailure, isNotFound } from "./errors";
export { listAllPages } from "./pages";
