package main

import (
	_ "embed"
	"fmt"
	"os"
)

// runnerBootstrap is the script node runs in front of the SDK's runners: it keeps the runner's
// report of an uncaught error from looping in Node's util.inspect (see bootstrap.js).
//
//go:embed bootstrap.js
var runnerBootstrap []byte

// writeBootstrap writes runnerBootstrap to a new private file in the temporary directory. It
// returns the file's path and a function that removes the file, to call once node has exited.
func writeBootstrap() (path string, remove func(), err error) {
	f, err := os.CreateTemp("", "pulumi-language-nodejs-bootstrap-*.js")
	if err != nil {
		return "", nil, fmt.Errorf("could not write the Node.js runner's bootstrap script: %w", err)
	}
	remove = func() { _ = os.Remove(f.Name()) }
	_, err = f.Write(runnerBootstrap)
	if closeErr := f.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		remove()
		return "", nil, fmt.Errorf("could not write the Node.js runner's bootstrap script %s: %w", f.Name(), err)
	}
	return f.Name(), remove, nil
}

// runnerCommand is node's command line for one of the SDK's runners:
//
//	node [nodeargs...] <bootstrap> <runner> <runner arguments...>
//
// The bootstrap runs the runner as node's main script, with these arguments.
func runnerCommand(nodeargs []string, bootstrap, runner string, runnerArgs ...string) []string {
	args := append([]string{}, nodeargs...)
	args = append(args, bootstrap, runner)
	return append(args, runnerArgs...)
}
