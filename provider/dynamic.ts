// The text Pulumi stores in the state of every resource as its `__provider`, and evaluates as a
// module in its Node.js dynamic-provider host (the module's `handler()` gives the provider object).
// Written here by hand rather than made by the SDK's closure serializer: every message between the
// engine and the provider carries it (a resource's inputs and outputs each hold a copy), and the
// serializer's text was three times the size, most of it wrappers; it also loaded TypeScript into
// the program to make it. It holds no secret, no catalog and no config: each method loads the
// implementation from the installed package at run time, so `delete` of an old resource also runs
// current code. Once stored it is a public interface (test/upgrade keeps every text a release stored).
import type { ResourceKind } from "./upgrade";

// By package name, never by path: this text is stored in the state, so a path would pin the state
// to one machine. The host runs it with a `require` that resolves from the directory Pulumi runs
// in (the project's, or an Automation API workspace's workDir), so it loads the version installed
// there; where there is none, one line says so instead of a stack trace.
const ADAPTER_V1_TEXT = `exports.handler = () => {
const load = () => {
try { return require("pulumi-patchworks/provider"); } catch (error) {
if (error.code !== "MODULE_NOT_FOUND") throw error;
const missing = new Error(\`cannot load pulumi-patchworks/provider from \${process.cwd()}: run Pulumi in the project directory whose node_modules holds pulumi-patchworks (with the Automation API, set the workspace's workDir to it)\`);
missing.stack = missing.message;
throw missing;
}
};
const methods = () => load().adapterV1(RESOURCE);
return {
configure: async (request) => { load().configure(request.config); },
check: (olds, news) => methods().check(olds, news),
diff: (id, olds, news) => methods().diff(olds, news),
create: (inputs) => methods().create(inputs),
read: (id, props) => methods().read(id, props),
update: (id, olds, news) => methods().update(id, olds, news),
delete: (id, props) => methods().remove(id, props),
};
};
`;

/** The adapter text this release stores for a resource: it calls `adapterV1` and `configure` of ./index. */
export function storedAdapter(resource: ResourceKind): string {
    return ADAPTER_V1_TEXT.replace("RESOURCE", JSON.stringify(resource));
}
