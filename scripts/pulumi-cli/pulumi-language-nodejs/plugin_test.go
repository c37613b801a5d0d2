package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

func TestPolicyPackArgs(t *testing.T) {
	got, err := policyPackArgs([]string{"--max-old-space-size=512"}, "/tmp/b.js", "/nm/run-policy-pack/index.js",
		[]string{"--logtostderr", "-v=9", "--tracing", "http://t", "127.0.0.1:4321"}, "/pack/.")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"--max-old-space-size=512", "/tmp/b.js", "/nm/run-policy-pack/index.js", "127.0.0.1:4321", "/pack/."}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v\nwant %v", got, want)
	}

	got, err = policyPackArgs(nil, "/tmp/b.js", "/r.js", []string{"localhost:1"}, "/pack")
	if err != nil || !reflect.DeepEqual(got, []string{"/tmp/b.js", "/r.js", "localhost:1", "/pack"}) {
		t.Fatalf("unexpected %v %v", got, err)
	}
	if _, err := policyPackArgs(nil, "/tmp/b.js", "/r.js", []string{"--logtostderr"}, "/pack"); err == nil {
		t.Fatal("expected an error when the engine sends no address")
	}
}

func TestPluginProgram(t *testing.T) {
	dir, entry := pluginProgram(&pulumirpc.RunPluginRequest{
		Pwd:  "/stack",
		Info: &pulumirpc.ProgramInfo{ProgramDirectory: "/repo/policy", EntryPoint: "."},
	})
	if dir != "/repo/policy" || entry != "/repo/policy" {
		t.Fatalf("got %q %q", dir, entry)
	}
	dir, entry = pluginProgram(&pulumirpc.RunPluginRequest{
		Info: &pulumirpc.ProgramInfo{ProgramDirectory: "/p", EntryPoint: "lib/main.js"},
	})
	if dir != "/p" || entry != "/p/lib/main.js" {
		t.Fatalf("got %q %q", dir, entry)
	}
	dir, entry = pluginProgram(&pulumirpc.RunPluginRequest{Program: "/old"})
	if dir != "/old" || entry != "/old" {
		t.Fatalf("deprecated program field: got %q %q", dir, entry)
	}
}

func TestPluginExitCode(t *testing.T) {
	if code, err := pluginExitCode(nil); code != 0 || err != nil {
		t.Fatalf("success: %d %v", code, err)
	}
	if code, err := pluginExitCode(exec.Command("sh", "-c", "exit 7").Run()); code != 7 || err != nil {
		t.Fatalf("exit 7: %d %v", code, err)
	}
	if code, err := pluginExitCode(exec.Command("sh", "-c", "kill -TERM $$").Run()); code != 143 || err != nil {
		t.Fatalf("SIGTERM: %d %v", code, err)
	}
}

// fakeRunPluginServer records what RunPlugin streams back.
type fakeRunPluginServer struct {
	grpc.ServerStream
	ctx  context.Context
	mu   sync.Mutex
	msgs []*pulumirpc.RunPluginResponse
}

func (f *fakeRunPluginServer) Context() context.Context { return f.ctx }

func (f *fakeRunPluginServer) Send(m *pulumirpc.RunPluginResponse) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.msgs = append(f.msgs, m)
	return nil
}

// output is everything sent on stdout and stderr, and the exit code (-999 when none was sent).
func (f *fakeRunPluginServer) output() (stdout, stderr string, exit int32, exits int) {
	exit = -999
	for _, m := range f.msgs {
		switch o := m.Output.(type) {
		case *pulumirpc.RunPluginResponse_Stdout:
			stdout += string(o.Stdout)
		case *pulumirpc.RunPluginResponse_Stderr:
			stderr += string(o.Stderr)
		case *pulumirpc.RunPluginResponse_Exitcode:
			exit = o.Exitcode
			exits++
		}
	}
	return stdout, stderr, exit, exits
}

func requireNode(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node is not on PATH")
	}
}

func TestRunPluginRunsThePolicyRunner(t *testing.T) {
	requireNode(t)
	pack := t.TempDir()
	runnerDir := filepath.Join(pack, "node_modules", "@pulumi", "pulumi", "cmd", "run-policy-pack")
	if err := os.MkdirAll(runnerDir, 0o755); err != nil {
		t.Fatal(err)
	}
	// A stand-in runner: prints what it was given, writes to stderr, exits 3.
	script := `console.log(JSON.stringify({argv: process.argv.slice(2), cwd: process.cwd(), env: process.env.PLUGIN_TEST}));
console.error("to stderr");
process.exit(3);
`
	if err := os.WriteFile(filepath.Join(runnerDir, "index.js"), []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	srv := &fakeRunPluginServer{ctx: context.Background()}
	err := (&nodeHost{}).RunPlugin(&pulumirpc.RunPluginRequest{
		Pwd:  t.TempDir(),
		Args: []string{"--logtostderr", "127.0.0.1:9"},
		Env:  append(os.Environ(), "PLUGIN_TEST=from-engine"),
		Kind: "analyzer",
		Info: &pulumirpc.ProgramInfo{ProgramDirectory: pack, EntryPoint: "."},
	}, srv)
	if err != nil {
		t.Fatal(err)
	}
	stdout, stderr, exit, exits := srv.output()
	realPack, _ := filepath.EvalSymlinks(pack)
	want := `{"argv":["127.0.0.1:9","` + pack + `"],"cwd":"` + realPack + `","env":"from-engine"}` + "\n"
	if stdout != want {
		t.Fatalf("stdout %q\nwant   %q", stdout, want)
	}
	if stderr != "to stderr\n" || exit != 3 || exits != 1 {
		t.Fatalf("stderr %q, exit %d (%d exit messages)", stderr, exit, exits)
	}
	if _, ok := srv.msgs[len(srv.msgs)-1].Output.(*pulumirpc.RunPluginResponse_Exitcode); !ok {
		t.Fatal("the exit code must be the last message")
	}
}

func TestRunPluginWithoutTheSDK(t *testing.T) {
	requireNode(t)
	srv := &fakeRunPluginServer{ctx: context.Background()}
	err := (&nodeHost{}).RunPlugin(&pulumirpc.RunPluginRequest{
		Args: []string{"127.0.0.1:9"},
		Kind: "analyzer",
		Info: &pulumirpc.ProgramInfo{ProgramDirectory: t.TempDir(), EntryPoint: "."},
	}, srv)
	if err != nil {
		t.Fatal(err)
	}
	_, stderr, exit, _ := srv.output()
	// The engine looks for exactly this text to explain that the pack's dependencies are missing.
	if !strings.Contains(stderr, "Cannot find module '@pulumi/pulumi/cmd/run-policy-pack'") || exit != 1 {
		t.Fatalf("stderr %q, exit %d", stderr, exit)
	}
}

func TestRunPluginRefusesOtherKinds(t *testing.T) {
	srv := &fakeRunPluginServer{ctx: context.Background()}
	err := (&nodeHost{}).RunPlugin(&pulumirpc.RunPluginRequest{Kind: "resource"}, srv)
	if status.Code(err) != codes.Unimplemented || len(srv.msgs) != 0 {
		t.Fatalf("got %v, %d messages", err, len(srv.msgs))
	}
}
