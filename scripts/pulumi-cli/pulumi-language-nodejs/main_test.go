package main

import (
	"os/exec"
	"reflect"
	"strings"
	"testing"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/types/known/structpb"
)

func TestParseArgs(t *testing.T) {
	got, err := parseArgs([]string{"--logtostderr", "-v=9", "--tracing", "http://t", "127.0.0.1:1234"})
	if err != nil {
		t.Fatal(err)
	}
	if got.engineAddress != "127.0.0.1:1234" || got.tracing != "http://t" {
		t.Fatalf("unexpected %+v", got)
	}
	got, err = parseArgs([]string{"-root=/x", "--unknown-flag", "localhost:5"})
	if err != nil || got.engineAddress != "localhost:5" {
		t.Fatalf("unexpected %+v %v", got, err)
	}
	if _, err := parseArgs([]string{"--tracing"}); err == nil {
		t.Fatal("expected an error for a flag without its value")
	}
}

func TestRunnerFlags(t *testing.T) {
	req := &pulumirpc.RunRequest{
		MonitorAddress: "127.0.0.1:1", Project: "p", Stack: "s", DryRun: true, Parallel: 4, Organization: "o",
	}
	got := runnerFlags(req, "/prog", "/root", "127.0.0.1:2", "")
	want := []string{
		"--monitor=127.0.0.1:1", "--engine=127.0.0.1:2", "--project=p", "--stack=s", "--pwd=/prog",
		"--dry-run", "--parallel=4", "--organization=o", "--root-directory=/root",
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v\nwant %v", got, want)
	}
}

func TestRunResult(t *testing.T) {
	exit := func(code string) error { return exec.Command("sh", "-c", "exit "+code).Run() }
	if r := runResult(nil); r.Error != "" || r.Bail {
		t.Fatalf("success: %+v", r)
	}
	if r := runResult(exit("32")); !r.Bail || r.Error != "" {
		t.Fatalf("32 must bail: %+v", r)
	}
	if r := runResult(exit("3")); r.Bail || !strings.Contains(r.Error, "exit code: 3") {
		t.Fatalf("3 must be an error: %+v", r)
	}
}

func TestRuntimeOptions(t *testing.T) {
	if !readRuntimeOptions(nil).typescript {
		t.Fatal("typescript defaults to true")
	}
	s, err := structpb.NewStruct(map[string]any{"typescript": false, "tsconfig": "t.json", "nodeargs": "--a --b"})
	if err != nil {
		t.Fatal(err)
	}
	o := readRuntimeOptions(s)
	if o.typescript || o.tsconfig != "t.json" || !reflect.DeepEqual(o.nodeargs, []string{"--a", "--b"}) {
		t.Fatalf("unexpected %+v", o)
	}
}
