// The text Pulumi stores in the state of every resource as its `__provider`, and evaluates as a
// module in its Node.js dynamic-provider host (the module's `handler()` gives the provider object).
// Written here by hand rather than made by the SDK's closure serializer: every message between the
// engine and the provider carries it (a resource's inputs and outputs each hold a copy), and the
// serializer's text was three times the size, most of it wrappers; it also loaded TypeScript into
// the program to make it. It holds no secret, no catalog and no config: it loads the
// implementation from the installed package when the host first needs it, so `delete` of an old
// resource also runs current code. Once stored it is a public interface (test/upgrade keeps every
// text a release stored).
import type { ResourceKind } from "./upgrade";

// By package name, never by path: this text is stored in the state, so a path would pin the state
// to one machine. The host runs it with a `require` that resolves from the directory Pulumi runs
// in (the project's, or an Automation API workspace's workDir), so it loads the version installed
// there; where there is none, one line says so instead of a stack trace. One line, no indentation:
// the engine copies this text into every message about the resource and every checkpoint it
// writes, so each byte here is paid per resource many times over (BENCHMARKS.md, "State").
const ADAPTER_V2_TEXT =
    'exports.handler=()=>{try{return require("pulumi-patchworks/provider").adapterV2(RESOURCE)}catch(e){if(e.code!=="MODULE_NOT_FOUND")throw e;' +
    `const m=\`cannot load pulumi-patchworks/provider from \${process.cwd()}: run Pulumi in the project directory whose node_modules holds pulumi-patchworks (with the Automation API, set the workspace's workDir to it)\`;` +
    "throw Object.assign(Error(m),{stack:m})}}";

/** The adapter text this release stores for a resource: it calls `adapterV2` of ./index. */
export function storedAdapter(resource: ResourceKind): string {
    return ADAPTER_V2_TEXT.replace("RESOURCE", JSON.stringify(resource));
}
