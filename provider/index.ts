// The provider's implementation, loaded by the small serialized adapters in ./dynamic. It lives in
// the installed package (not in the state): one module per resource over one shared runtime.
export * as connector from "./connector/provider";
export * as companyGroup from "./company-group/provider";
export * as service from "./service/provider";
export { configure } from "./runtime";
