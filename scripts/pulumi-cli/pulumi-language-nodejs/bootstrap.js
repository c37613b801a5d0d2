// The entry point pulumi-language-nodejs gives `node` in front of one of the Node.js SDK's runners
// (`@pulumi/pulumi/cmd/run` for a program, `cmd/run-policy-pack` for a policy pack):
//
//   node [nodeargs] <this file> <runner> <runner arguments...>
//
// It works around a Node.js bug, then runs the runner as if node had been given it directly.
//
// The bug (nodejs/node#64011, fixed by nodejs/node#64022; Node 20.20.2 and 22.23.5 still have it,
// 24.22.3 does not): `util.inspect(error, { colors: true })` loops forever, growing a string, when a
// line of the error's stack has a `node_modules/<name>` or `node_modules/@scope/<name>` segment
// with no path separator after it. The SDK's runners report an uncaught error with exactly that
// call, and the SDK's own source maps turn its frames into such lines: `resource.js.map` names
// `../resource.ts`, so a frame in `node_modules/@pulumi/pulumi/resource.js` becomes
// `node_modules/@pulumi/resource.ts`. A program that throws then costs about 45 s and 3.6 GB
// before the inspect gives up with a RangeError (and is killed for memory on a smaller machine).
// Seen with @pulumi/pulumi 3.58.0 (the first to color the report) to 3.276.0; before 3.202.0 the
// RangeError is all the user sees. When Node.js 22 is fixed too, this bootstrap can go.
//
// The workaround: when `util.inspect` is asked for colors, it formats the value without colors
// first (Node's loop is in the coloring); if a line of that has a segment Node would loop on, that
// uncolored text is the answer, otherwise the coloured call is made as asked. Calls without colors
// are passed through unchanged. The runners import `util` when they load, so this must run first.
"use strict";

const path = require("node:path");
const util = require("node:util");

const nodeInspect = util.inspect;

/**
 * Whether Node's markNodeModules would loop on this stack line: a `node_modules` segment
 * (a separator on both sides) followed by fewer separators, of the same kind as the one before
 * it, than the module name needs (one, or two for `@scope/name`).
 */
function loopsOnLine(line) {
    for (let at = line.indexOf("node_modules"); at !== -1; at = line.indexOf("node_modules", at + 1)) {
        const separator = line[at - 1];
        const after = line[at + "node_modules".length];
        if ((separator !== "/" && separator !== "\\") || (after !== "/" && after !== "\\")) continue;
        const nameStart = at + "node_modules".length + 1;
        const nameEnd = line.indexOf(separator, nameStart);
        if (nameEnd === -1) return true;
        if (line[nameStart] === "@" && line.indexOf(separator, nameEnd + 1) === -1) return true;
    }
    return false;
}

/** Whether a call with these arguments (after the value) asks for colors. */
function wantsColors(args) {
    const [options] = args;
    if (options !== null && typeof options === "object") return Boolean(options.colors ?? nodeInspect.defaultOptions.colors);
    // The old form: inspect(value, showHidden, depth, colors).
    return Boolean(args.length >= 3 && args[2] !== undefined ? args[2] : nodeInspect.defaultOptions.colors);
}

/** The same call with colors turned off. */
function withoutColors(value, args) {
    const [options] = args;
    if (options !== null && typeof options === "object") return nodeInspect(value, { ...options, colors: false });
    return nodeInspect(value, args[0], args[1], false);
}

/** `util.inspect`, but without colors for a value whose stack lines Node would loop on. */
function inspect(value, ...args) {
    if (wantsColors(args)) {
        const plain = withoutColors(value, args);
        if (plain.split("\n").some(loopsOnLine)) return plain;
    }
    return nodeInspect(value, ...args);
}
// inspect.custom, inspect.defaultOptions, inspect.colors, inspect.styles, ...
Object.defineProperties(inspect, Object.getOwnPropertyDescriptors(nodeInspect));
util.inspect = inspect;

// Run the runner as node's main script: it reads its arguments from process.argv.slice(2).
const runner = path.resolve(process.argv[2]);
process.argv.splice(1, 1);
require(runner);
