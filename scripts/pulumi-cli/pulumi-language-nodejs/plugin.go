package main

// RunPlugin: how the engine starts a plugin written in Node.js. For `--policy-pack DIR` it loads
// DIR/PulumiPolicy.yaml, asks this host to run the pack and reads, from the stdout we stream back,
// the port of the pack's gRPC analyzer server (which `@pulumi/policy` prints as its first line).
// Everything the pack writes is streamed back as RunPluginResponse stdout/stderr chunks, and its
// exit status as the final exit-code message.

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// policyRunnerModule is the Node.js SDK's policy pack runner, resolved from the pack's directory.
const policyRunnerModule = "@pulumi/pulumi/cmd/run-policy-pack"

// analyzerKind is RunPluginRequest.kind for a policy pack (apitype.AnalyzerPlugin).
const analyzerKind = "analyzer"

// pluginStopGrace is how long a plugin has to exit after SIGTERM before it is killed.
const pluginStopGrace = 5 * time.Second

// RunPlugin runs a Node.js policy pack and streams its output to the engine. The engine stops
// the pack by cancelling the call; the pack then gets SIGTERM, and SIGKILL after a grace period.
func (h *nodeHost) RunPlugin(req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer) error {
	if req.GetKind() != analyzerKind {
		return status.Errorf(codes.Unimplemented,
			"this Node.js language host runs policy packs only, not %q plugins", req.GetKind())
	}
	if req.GetAttachDebugger() {
		return status.Error(codes.Unimplemented, "this Node.js language host cannot attach a debugger to a policy pack")
	}

	ctx := server.Context()
	out := &pluginStream{send: server.Send}

	node, err := exec.LookPath("node")
	if err != nil {
		return status.Error(codes.FailedPrecondition, "could not find `node` on PATH; install Node.js to run this policy pack")
	}
	dir, entry := pluginProgram(req)
	runner, err := resolveModule(ctx, node, dir, policyRunnerModule)
	if err != nil {
		// The engine recognises "Cannot find module '@pulumi/pulumi/cmd/run-policy-pack'" on stderr
		// and tells the user to install the pack's dependencies.
		fmt.Fprintf(out.stderr(), "Cannot find module '%s' from %s (%v): run `npm install` for the policy pack\n",
			policyRunnerModule, dir, err)
		return out.exit(1)
	}
	bootstrap, removeBootstrap, err := writeBootstrap()
	if err != nil {
		return status.Error(codes.Internal, err.Error())
	}
	defer removeBootstrap()
	args, err := policyPackArgs(readRuntimeOptions(req.GetInfo().GetOptions()).nodeargs, bootstrap, runner, req.GetArgs(), entry)
	if err != nil {
		return status.Error(codes.InvalidArgument, err.Error())
	}

	cmd := exec.CommandContext(ctx, node, args...)
	cmd.Dir = dir
	cmd.Env = pluginEnv(req.GetEnv())
	cmd.Stdout = out.stdout()
	cmd.Stderr = out.stderr()
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = pluginStopGrace

	if err := cmd.Start(); err != nil {
		return status.Errorf(codes.Internal, "could not start `%s`: %v", node, err)
	}
	waitErr := cmd.Wait()
	if ctx.Err() != nil {
		// The engine closed the plugin; nobody is listening for an exit code.
		return nil
	}
	code, err := pluginExitCode(waitErr)
	if err != nil {
		fmt.Fprintf(out.stderr(), "policy pack: %v\n", err)
	}
	return out.exit(code)
}

// pluginProgram is the directory to run a plugin in and its entry point (an absolute path). The
// engine names the directory that holds PulumiPolicy.yaml as the program directory and "." as
// the entry point; older engines send only the deprecated `program` field.
func pluginProgram(req *pulumirpc.RunPluginRequest) (dir, entry string) {
	info := req.GetInfo()
	dir = info.GetProgramDirectory()
	entry = info.GetEntryPoint()
	if dir == "" {
		dir = req.GetProgram() //nolint:staticcheck // the fallback for engines that send no info
	}
	if dir == "" {
		dir = req.GetPwd()
	}
	if entry == "" {
		entry = "."
	}
	if !filepath.IsAbs(entry) {
		entry = filepath.Join(dir, entry)
	}
	return dir, entry
}

// policyPackArgs is node's command line for a policy pack:
//
//	node [nodeargs...] <bootstrap> <run-policy-pack> <engine address> <entry point>
//
// engineArgs are the arguments the engine gives every plugin: logging and tracing flags
// (--logtostderr, -v=N, --tracing URL) and, last, its gRPC address. The runner reads only
// positional arguments and would take the address for the value of a flag before it, so only the
// address is passed on.
func policyPackArgs(nodeargs []string, bootstrap, runner string, engineArgs []string, entry string) ([]string, error) {
	parsed, err := parseArgs(engineArgs)
	if err != nil {
		return nil, fmt.Errorf("reading the engine's plugin arguments %q: %w", engineArgs, err)
	}
	if parsed.engineAddress == "" {
		return nil, fmt.Errorf("the engine's plugin arguments %q name no engine address", engineArgs)
	}
	return runnerCommand(nodeargs, bootstrap, runner, parsed.engineAddress, entry), nil
}

// pluginEnv is the environment the engine built for the plugin, or this process's when it sent none.
func pluginEnv(env []string) []string {
	if len(env) == 0 {
		return os.Environ()
	}
	return append([]string{}, env...)
}

// pluginExitCode is the exit code to report for a finished plugin process. A plugin killed by a
// signal reports 128+signal, as a shell would; an error that is not an exit status is returned
// with code -1.
func pluginExitCode(waitErr error) (int32, error) {
	if waitErr == nil {
		return 0, nil
	}
	var exitErr *exec.ExitError
	if errors.As(waitErr, &exitErr) {
		if ws, ok := exitErr.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return int32(128 + int(ws.Signal())), nil
		}
		return int32(exitErr.ExitCode()), nil
	}
	return -1, waitErr
}

// pluginStream sends a plugin's output over the RunPlugin stream. A gRPC stream must not be sent
// on from two goroutines at once, and os/exec copies stdout and stderr in two, so every send
// holds the lock.
type pluginStream struct {
	mu   sync.Mutex
	send func(*pulumirpc.RunPluginResponse) error
}

func (s *pluginStream) sendLocked(msg *pulumirpc.RunPluginResponse) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.send(msg)
}

func (s *pluginStream) stdout() *pluginStreamWriter { return &pluginStreamWriter{stream: s} }
func (s *pluginStream) stderr() *pluginStreamWriter {
	return &pluginStreamWriter{stream: s, stderr: true}
}

// exit sends the final message: the plugin's exit code.
func (s *pluginStream) exit(code int32) error {
	return s.sendLocked(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Exitcode{Exitcode: code}})
}

type pluginStreamWriter struct {
	stream *pluginStream
	stderr bool
}

func (w *pluginStreamWriter) Write(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	chunk := append([]byte(nil), p...)
	msg := &pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stdout{Stdout: chunk}}
	if w.stderr {
		msg = &pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stderr{Stderr: chunk}}
	}
	if err := w.stream.sendLocked(msg); err != nil {
		return 0, err
	}
	return len(p), nil
}
