package main

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/types/known/structpb"
)

// smallHeap makes node die within a second or two, instead of after a minute and gigabytes, if
// util.inspect loops (nodejs/node#64011): a regression fails fast rather than hanging the test.
const smallHeap = "--max-old-space-size=64"

// runThroughBootstrap runs `node --max-old-space-size=64 <bootstrap> <script> args...` and
// returns its stdout. script is the stand-in for an SDK runner.
func runThroughBootstrap(t *testing.T, script string, args ...string) string {
	t.Helper()
	requireNode(t)
	runner := filepath.Join(t.TempDir(), "runner.js")
	if err := os.WriteFile(runner, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	bootstrap, remove, err := writeBootstrap()
	if err != nil {
		t.Fatal(err)
	}
	defer remove()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", runnerCommand([]string{smallHeap}, bootstrap, runner, args...)...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, tail(stderr.String(), 20))
	}
	return string(out)
}

func tail(text string, lines int) string {
	all := strings.Split(strings.TrimRight(text, "\n"), "\n")
	if len(all) > lines {
		all = all[len(all)-lines:]
	}
	return strings.Join(all, "\n")
}

func TestBootstrapRunsTheRunnerAsNodesMainScript(t *testing.T) {
	script := `const util = require("node:util");
class Custom { [util.inspect.custom]() { return "custom!"; } }
util.inspect.defaultOptions.depth = 0;
console.log(JSON.stringify({
	argv: process.argv.slice(2),
	argv1: process.argv[1],
	custom: util.inspect(new Custom()),
	depth: util.inspect({ a: { b: 1 } }),
	name: util.inspect.name,
}));
`
	var got struct {
		Argv   []string
		Argv1  string
		Custom string
		Depth  string
		Name   string
	}
	args := []string{"--monitor=127.0.0.1:1", "--dry-run", "/prog", "user-arg"}
	if err := json.Unmarshal([]byte(runThroughBootstrap(t, script, args...)), &got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Argv, args) || filepath.Base(got.Argv1) != "runner.js" {
		t.Fatalf("the runner sees argv %v after %q, want %v after its own path", got.Argv, got.Argv1, args)
	}
	if got.Custom != "custom!" || got.Depth != "{ a: [Object] }" || got.Name != "inspect" {
		t.Fatalf("util.inspect lost its properties: %+v", got)
	}
}

// The SDK's runners report an uncaught error with util.inspect(err, {colors: true}); Node 20 and
// 22 loop forever on some stack lines. Through the bootstrap, those come back without colors and
// every other stack keeps its colors.
func TestBootstrapInspectsLoopingStacksWithoutColors(t *testing.T) {
	const inPackage = "at h (/p/node_modules/axios/lib/core.js:9:9)" // Node underlines "axios"
	cases := []struct {
		name   string
		frames []string // the error's stack
		cause  string   // a frame for err.cause, if any
		loops  bool     // whether Node's markNodeModules loops on it
	}{
		{"the SDK's source-mapped frame", []string{"at Stack.initializeAndRegisterOutputs (/p/node_modules/@pulumi/resource.ts:1687:22)", inPackage}, "", true},
		{"a file directly under node_modules", []string{"at f (/app/node_modules/foo.js:1:1)"}, "", true},
		{"a Windows path", []string{`at f (C:\app\node_modules\@scope\x.ts:1:1)`}, "", true},
		{"a looping frame in the cause", []string{"at f (/p/index.ts:3:7)", inPackage}, "at g (/p/node_modules/@pulumi/output.ts:1:1)", true},
		{"a frame in a scoped package", []string{"at f (/p/node_modules/@pulumi/pulumi/resource.js:1:2)"}, "", false},
		{"a frame in a package", []string{inPackage}, "", false},
		{"the user's own file", []string{"at Object.<anonymous> (/p/index.ts:2:3)", inPackage}, "", false},
		{"node_modules that is not a path segment", []string{"at f (/p/my_node_modules/x.js:1:1)", inPackage}, "", false},
	}
	type input struct {
		Frames []string `json:"frames"`
		Cause  string   `json:"cause"`
	}
	inputs := make([]input, len(cases))
	for i, c := range cases {
		inputs[i] = input{c.frames, c.cause}
	}
	encoded, err := json.Marshal(inputs)
	if err != nil {
		t.Fatal(err)
	}
	script := `const util = require("node:util");
const results = JSON.parse(process.argv[2]).map(({ frames, cause }) => {
	const err = new TypeError("Cannot read properties of undefined (reading 'boom')");
	err.stack = [err.stack.split("\n")[0], ...frames.map((frame) => "    " + frame)].join("\n");
	if (cause) {
		err.cause = new Error("cause");
		err.cause.stack = "Error: cause\n    " + cause;
	}
	const colored = util.inspect(err, { colors: true });
	return { colored: colored.includes("\u001b["), plain: colored === util.inspect(err), text: colored };
});
console.log(JSON.stringify(results));
`
	var got []struct {
		Colored bool
		Plain   bool
		Text    string
	}
	if err := json.Unmarshal([]byte(runThroughBootstrap(t, script, string(encoded))), &got); err != nil {
		t.Fatal(err)
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := got[i]
			if !strings.Contains(r.Text, "TypeError: Cannot read properties of undefined (reading 'boom')") {
				t.Fatalf("the error's message is missing: %q", r.Text)
			}
			if c.loops && (r.Colored || !r.Plain) {
				t.Fatalf("want the uncolored inspection, got %q", r.Text)
			}
			if !c.loops && !r.Colored {
				t.Fatalf("want colors, got %q", r.Text)
			}
		})
	}
}

// Run starts the runner through the bootstrap and removes the bootstrap's file afterwards. The
// stand-in runner reports an error as the SDK's does, on a stack line Node loops on.
func TestRunReportsAnUncaughtErrorThroughTheBootstrap(t *testing.T) {
	requireNode(t)
	program := t.TempDir()
	runnerDir := filepath.Join(program, "node_modules", "@pulumi", "pulumi", "cmd", "run")
	if err := os.MkdirAll(runnerDir, 0o755); err != nil {
		t.Fatal(err)
	}
	script := `const fs = require("node:fs");
const path = require("node:path");
const util = require("node:util");
const err = new TypeError("Cannot read properties of undefined (reading 'boom')");
// Where the SDK's source map puts node_modules/@pulumi/pulumi/resource.js.
const mapped = path.join(__dirname, "..", "..", "..", "resource.ts");
err.stack = err.stack.split("\n")[0] + "\n    at Stack.initializeAndRegisterOutputs (" + mapped + ":1687:22)";
fs.writeFileSync(process.env.RUNNER_REPORT, JSON.stringify({
	argv: process.argv.slice(2),
	bootstrap: require.main.filename,
	message: util.inspect(err, { colors: true }),
}));
process.exit(32); // the SDK's "already reported to the user"
`
	if err := os.WriteFile(filepath.Join(runnerDir, "index.js"), []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	report := filepath.Join(t.TempDir(), "report.json")
	t.Setenv("RUNNER_REPORT", report)
	options, err := structpb.NewStruct(map[string]any{"nodeargs": smallHeap})
	if err != nil {
		t.Fatal(err)
	}
	req := &pulumirpc.RunRequest{
		MonitorAddress: "127.0.0.1:1",
		Project:        "p",
		Stack:          "s",
		DryRun:         true,
		Info:           &pulumirpc.ProgramInfo{ProgramDirectory: program, EntryPoint: "index.ts", Options: options},
	}
	host := &nodeHost{running: map[*exec.Cmd]struct{}{}}
	resp, err := host.Run(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if !resp.GetBail() || resp.GetError() != "" {
		t.Fatalf("want a bail (the runner reported the error), got %+v", resp)
	}
	data, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Argv      []string
		Bootstrap string
		Message   string
	}
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	want := append(runnerFlags(req, program, "", "", ""), "index.ts")
	if !reflect.DeepEqual(got.Argv, want) {
		t.Fatalf("the runner got %v\nwant %v", got.Argv, want)
	}
	if !strings.HasPrefix(got.Message, "TypeError: Cannot read properties of undefined (reading 'boom')\n") ||
		strings.Contains(got.Message, "\u001b[") {
		t.Fatalf("want the uncolored error, got %q", got.Message)
	}
	if _, err := os.Stat(got.Bootstrap); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the bootstrap %s is left behind (%v)", got.Bootstrap, err)
	}
}
