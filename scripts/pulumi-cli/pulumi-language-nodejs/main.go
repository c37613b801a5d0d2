// Command pulumi-language-nodejs is a small Node.js language host for the Pulumi engine.
//
// The upstream host lives in its own untagged Go module that the module proxy this project
// builds from does not serve, so this is a from-scratch replacement that covers what
// `pulumi preview/up/refresh/destroy/stack output` and the Automation API need for a
// Node.js (JavaScript or TypeScript) program: it resolves `@pulumi/pulumi/cmd/run` from the
// program's directory and runs it with `node`, passing the engine's run request as the flags
// and environment variables that the Node.js SDK's runner reads. node starts the runner through
// a small bootstrap script (bootstrap.js) that works around a Node.js bug in the runner's report
// of an uncaught error.
//
// RunPlugin runs Node.js policy packs (`--policy-pack DIR`) through the SDK's
// `@pulumi/pulumi/cmd/run-policy-pack`; see plugin.go.
//
// Not implemented (the engine reports them as unsupported): InstallDependencies (`pulumi
// install`, `pulumi new`), RunPlugin for resource, converter and tool plugins written in
// Node.js, code generation (GenerateProgram/Project/Package), Pack, Link, Template and
// RuntimeOptionsPrompts. GetRequiredPlugins/GetRequiredPackages report nothing,
// so plugins are loaded on demand (the dynamic provider `pulumi-resource-pulumi-nodejs` is
// found on PATH).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"
)

// hostVersion is reported by GetPluginInfo; the build sets it with -ldflags "-X main.hostVersion=...".
var hostVersion = "3.274.1"

// bailExitCode is the exit code of the Node.js runner after it has already reported a
// user-actionable error through the engine (nodeJSProcessExitedAfterLoggingUserActionableMessage).
const bailExitCode = 32

// runnerModule is the Node.js SDK's program runner, resolved from the program's directory.
const runnerModule = "@pulumi/pulumi/cmd/run"

func main() {
	opts, err := parseArgs(os.Args[1:])
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: %v\n", err)
		os.Exit(2)
	}

	host := &nodeHost{engineAddress: opts.engineAddress, tracing: opts.tracing, running: map[*exec.Cmd]struct{}{}}
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, host)
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: could not start the gRPC server: %v\n", err)
		os.Exit(1)
	}

	// The engine reads exactly one line from stdout: the port we listen on.
	fmt.Printf("%d\n", handle.Port)

	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: the gRPC server stopped: %v\n", err)
		os.Exit(1)
	}
}

type hostArgs struct {
	engineAddress string
	tracing       string
}

// parseArgs reads the command line the engine uses to start a language host:
// optional logging/tracing flags (--logtostderr, -v=N, --tracing URL, --root DIR, ...)
// followed by the engine's gRPC address as the last positional argument. Unknown flags are
// ignored so that a newer engine's extra flags do not stop the host from starting.
func parseArgs(args []string) (hostArgs, error) {
	var out hostArgs
	var positional []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			positional = append(positional, args[i+1:]...)
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			positional = append(positional, a)
			continue
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		switch name {
		case "tracing", "root", "typescript", "tsconfig", "nodeargs", "packagemanager":
			// Flags that take a value; accept both "-f=v" and "-f v".
			if !hasValue && name != "typescript" {
				if i+1 >= len(args) {
					return out, fmt.Errorf("flag -%s needs a value", name)
				}
				i++
				value = args[i]
			}
			if name == "tracing" {
				out.tracing = value
			}
		default:
			// Boolean or "-name=value" flags such as --logtostderr, --logflow and -v=9.
		}
	}
	if len(positional) > 0 {
		out.engineAddress = positional[len(positional)-1]
	}
	return out, nil
}

type nodeHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer

	mu            sync.Mutex
	engineAddress string
	tracing       string
	running       map[*exec.Cmd]struct{}
}

func (h *nodeHost) Handshake(
	_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if req.GetEngineAddress() != "" {
		h.engineAddress = req.GetEngineAddress()
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *nodeHost) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: hostVersion}, nil
}

// GetRequiredPlugins reports no plugins: plugins are loaded when the program first uses them.
func (h *nodeHost) GetRequiredPlugins(
	context.Context, *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

// GetRequiredPackages reports no packages, for the same reason as GetRequiredPlugins.
func (h *nodeHost) GetRequiredPackages(
	context.Context, *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

// About reports the node executable and its version (shown by `pulumi about` and recorded in
// update metadata).
func (h *nodeHost) About(context.Context, *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, status.Error(codes.FailedPrecondition, "could not find `node` on PATH")
	}
	out, err := exec.Command(node, "--version").Output()
	if err != nil {
		return nil, status.Errorf(codes.Internal, "running `%s --version`: %v", node, err)
	}
	return &pulumirpc.AboutResponse{
		Executable: node,
		Version:    strings.TrimPrefix(strings.TrimSpace(string(out)), "v"),
		Metadata:   map[string]string{"languageHost": "pulumi-patchworks"},
	}, nil
}

// GetProgramDependencies lists the program's package.json dependencies with the versions
// installed in node_modules (shown by `pulumi about`). Transitive dependencies are not listed.
func (h *nodeHost) GetProgramDependencies(
	_ context.Context, req *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	dir := req.GetInfo().GetProgramDirectory()
	if dir == "" {
		dir = req.GetPwd()
	}
	if dir == "" {
		return nil, status.Error(codes.InvalidArgument, "no program directory")
	}
	var manifest struct {
		Dependencies    map[string]string `json:"dependencies"`
		DevDependencies map[string]string `json:"devDependencies"`
	}
	data, err := os.ReadFile(filepath.Join(dir, "package.json"))
	if err != nil {
		return nil, status.Errorf(codes.FailedPrecondition, "reading package.json: %v", err)
	}
	if err := json.Unmarshal(data, &manifest); err != nil {
		return nil, status.Errorf(codes.FailedPrecondition, "parsing %s: %v", filepath.Join(dir, "package.json"), err)
	}
	names := make([]string, 0, len(manifest.Dependencies)+len(manifest.DevDependencies))
	for name := range manifest.Dependencies {
		names = append(names, name)
	}
	for name := range manifest.DevDependencies {
		if _, dup := manifest.Dependencies[name]; !dup {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	resp := &pulumirpc.GetProgramDependenciesResponse{}
	for _, name := range names {
		version := installedVersion(dir, name)
		if version == "" {
			version = manifest.Dependencies[name]
			if version == "" {
				version = manifest.DevDependencies[name]
			}
		}
		resp.Dependencies = append(resp.Dependencies, &pulumirpc.DependencyInfo{Name: name, Version: version})
	}
	return resp, nil
}

// installedVersion is the version of the package `name` that Node would load from dir, or "".
func installedVersion(dir, name string) string {
	for d := dir; ; d = filepath.Dir(d) {
		data, err := os.ReadFile(filepath.Join(d, "node_modules", filepath.FromSlash(name), "package.json"))
		if err == nil {
			var pkg struct {
				Version string `json:"version"`
			}
			if json.Unmarshal(data, &pkg) == nil {
				return pkg.Version
			}
			return ""
		}
		if parent := filepath.Dir(d); parent == d {
			return ""
		}
	}
}

// Cancel asks running programs to stop (SIGINT, as a terminal would).
func (h *nodeHost) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for cmd := range h.running {
		if cmd.Process != nil {
			_ = cmd.Process.Signal(syscall.SIGINT)
		}
	}
	return &emptypb.Empty{}, nil
}

// runtimeOptions are the `runtime.options` of Pulumi.yaml that matter to running a program.
type runtimeOptions struct {
	typescript bool
	tsconfig   string
	nodeargs   []string
}

func readRuntimeOptions(s *structpb.Struct) runtimeOptions {
	opts := runtimeOptions{typescript: true}
	if s == nil {
		return opts
	}
	for key, v := range s.GetFields() {
		switch key {
		case "typescript":
			switch x := v.GetKind().(type) {
			case *structpb.Value_BoolValue:
				opts.typescript = x.BoolValue
			case *structpb.Value_StringValue:
				if b, err := strconv.ParseBool(x.StringValue); err == nil {
					opts.typescript = b
				}
			}
		case "tsconfig":
			opts.tsconfig = v.GetStringValue()
		case "nodeargs":
			opts.nodeargs = strings.Fields(v.GetStringValue())
		}
	}
	return opts
}

// Run executes the program with the Node.js SDK's runner and maps its exit code to a result.
func (h *nodeHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return &pulumirpc.RunResponse{Error: "could not find `node` on PATH; install Node.js to run this program"}, nil
	}

	pwd := req.GetPwd()
	program := req.GetProgram()
	rootDir := ""
	var options *structpb.Struct
	if info := req.GetInfo(); info != nil {
		if info.GetProgramDirectory() != "" {
			pwd = info.GetProgramDirectory()
		}
		if info.GetEntryPoint() != "" {
			program = info.GetEntryPoint()
		}
		rootDir = info.GetRootDirectory()
		options = info.GetOptions()
	}
	if pwd == "" {
		if pwd, err = os.Getwd(); err != nil {
			return nil, status.Errorf(codes.Internal, "no working directory: %v", err)
		}
	}
	if program == "" {
		program = "."
	}
	opts := readRuntimeOptions(options)

	runner, err := resolveRunner(ctx, node, pwd)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}

	h.mu.Lock()
	engineAddress, tracing := h.engineAddress, h.tracing
	h.mu.Unlock()

	env, err := runEnv(req, opts)
	if err != nil {
		return nil, status.Errorf(codes.Internal, "encoding the program's configuration: %v", err)
	}

	bootstrap, removeBootstrap, err := writeBootstrap()
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	defer removeBootstrap()
	runnerArgs := append(runnerFlags(req, pwd, rootDir, engineAddress, tracing), program)
	args := runnerCommand(opts.nodeargs, bootstrap, runner, append(runnerArgs, req.GetArgs()...)...)

	cmd := exec.CommandContext(ctx, node, args...)
	cmd.Dir = pwd
	cmd.Env = env
	// The engine shows the language host's stdout/stderr as the program's output.
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr

	if err := cmd.Start(); err != nil {
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("could not start `%s`: %v", node, err)}, nil
	}
	h.mu.Lock()
	h.running[cmd] = struct{}{}
	h.mu.Unlock()
	waitErr := cmd.Wait()
	h.mu.Lock()
	delete(h.running, cmd)
	h.mu.Unlock()

	return runResult(waitErr), nil
}

// runResult maps the runner's exit to the engine's result: success, bail (the runner already
// reported the error) or an error message.
func runResult(waitErr error) *pulumirpc.RunResponse {
	if waitErr == nil {
		return &pulumirpc.RunResponse{}
	}
	var exitErr *exec.ExitError
	if errors.As(waitErr, &exitErr) {
		if ws, ok := exitErr.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program was terminated by signal %v", ws.Signal())}
		}
		code := exitErr.ExitCode()
		if code == bailExitCode {
			return &pulumirpc.RunResponse{Bail: true}
		}
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited with non-zero exit code: %d", code)}
	}
	return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program failed: %v", waitErr)}
}

// runnerFlags are the flags `@pulumi/pulumi/cmd/run` reads (see its usage text).
func runnerFlags(req *pulumirpc.RunRequest, pwd, rootDir, engineAddress, tracing string) []string {
	flags := []string{"--monitor=" + req.GetMonitorAddress()}
	if engineAddress != "" {
		flags = append(flags, "--engine="+engineAddress)
	}
	if req.GetProject() != "" {
		flags = append(flags, "--project="+req.GetProject())
	}
	if req.GetStack() != "" {
		flags = append(flags, "--stack="+req.GetStack())
	}
	flags = append(flags, "--pwd="+pwd)
	if req.GetDryRun() {
		flags = append(flags, "--dry-run")
	}
	if req.GetParallel() > 0 {
		flags = append(flags, "--parallel="+strconv.Itoa(int(req.GetParallel())))
	}
	if req.GetOrganization() != "" {
		flags = append(flags, "--organization="+req.GetOrganization())
	}
	if rootDir != "" {
		flags = append(flags, "--root-directory="+rootDir)
	}
	if tracing != "" {
		flags = append(flags, "--tracing="+tracing)
	}
	return flags
}

// runEnv is this process's environment plus the configuration and options the runner reads
// from environment variables.
func runEnv(req *pulumirpc.RunRequest, opts runtimeOptions) ([]string, error) {
	config := req.GetConfig()
	if config == nil {
		config = map[string]string{}
	}
	configJSON, err := json.Marshal(config)
	if err != nil {
		return nil, err
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretKeysJSON, err := json.Marshal(secretKeys)
	if err != nil {
		return nil, err
	}

	set := map[string]string{
		"PULUMI_CONFIG":             string(configJSON),
		"PULUMI_CONFIG_SECRET_KEYS": string(secretKeysJSON),
		"PULUMI_NODEJS_TYPESCRIPT":  strconv.FormatBool(opts.typescript),
	}
	if opts.tsconfig != "" {
		set["PULUMI_NODEJS_TSCONFIG_PATH"] = opts.tsconfig
	}

	env := make([]string, 0, len(os.Environ())+len(set))
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if _, replaced := set[k]; replaced {
			continue
		}
		env = append(env, kv)
	}
	for k, v := range set {
		env = append(env, k+"="+v)
	}
	return env, nil
}

// resolveRunner finds `@pulumi/pulumi/cmd/run` the way the program itself would find
// `@pulumi/pulumi`: Node's module resolution from the program's directory.
func resolveRunner(ctx context.Context, node, dir string) (string, error) {
	runner, err := resolveModule(ctx, node, dir, runnerModule)
	if err != nil {
		return "", fmt.Errorf("It looks like the Pulumi SDK has not been installed in %s: "+
			"could not resolve %s (%v). Have you run `npm install`?", dir, runnerModule, err)
	}
	return runner, nil
}

// resolveModule asks `node` for the file that `require(module)` loads from dir.
func resolveModule(ctx context.Context, node, dir, module string) (string, error) {
	script := "process.stdout.write(require.resolve(" + strconv.Quote(module) +
		", {paths: [process.argv[1]]}))"
	cmd := exec.CommandContext(ctx, node, "-e", script, dir)
	cmd.Dir = dir
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil || len(out) == 0 {
		detail := strings.TrimSpace(stderr.String())
		if i := strings.IndexByte(detail, '\n'); i >= 0 && strings.Contains(detail, "Cannot find module") {
			detail = detail[:i]
		}
		if err == nil {
			err = errors.New("node printed no path")
		}
		return "", fmt.Errorf("%v%s", err, prefixIfNotEmpty(": ", detail))
	}
	return string(out), nil
}

func prefixIfNotEmpty(prefix, s string) string {
	if s == "" {
		return ""
	}
	return prefix + s
}
