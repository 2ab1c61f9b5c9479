package scanner

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// GoCommandError is a failure of the scan that the user can fix: the go
// command rejected the module, or sources are missing.
type GoCommandError struct {
	File string // the file or directory at fault, if known
	Msg  string // what went wrong, one line
	Hint string // what to do
}

func (e *GoCommandError) Error() string {
	s := e.Msg
	if e.File != "" && !strings.Contains(s, e.File) {
		s = e.File + ": " + s
	}
	if e.Hint != "" {
		s += " (" + e.Hint + ")"
	}
	return s
}

// UsageError is a mistake in how ospo-scan was called, such as a package
// pattern that matches nothing.
type UsageError struct {
	Msg string
	// Exit, when non-zero, overrides the usage exit code.
	Exit int
}

func (e *UsageError) Error() string { return e.Msg }

// runner runs the go command for Load.
type runner struct {
	opts      LoadOptions
	ge        goEnv
	vendor    bool
	vendorDir string
	// overlay is the -overlay file that maps every go.sum and go.work.sum
	// of the build onto itself (or onto nothing when absent), so that the
	// go command, which never writes a file of an overlay, fails instead
	// of adding checksums to them (see writeOverlay). Empty until load.
	overlay string
	// pre is the detection started beside the go command (see
	// prefetch); nil when there is none.
	pre *prefetch
	// started, when set, is called each time a go command has started
	// (see LoadOptions.Started); it must be safe for concurrent use.
	started func()
}

func (r *runner) dirName() string {
	if r.opts.Dir == "" {
		return "."
	}
	return r.opts.Dir
}

// listArgs returns "list" with the flags every go list of Load takes.
func (r *runner) listArgs(extra ...string) []string {
	args := []string{"list"}
	if r.vendor {
		args = append(args, "-mod=vendor")
	} else {
		args = append(args, "-mod=readonly")
	}
	if r.overlay != "" {
		args = append(args, "-overlay="+r.overlay)
	}
	if len(r.opts.Tags) > 0 {
		args = append(args, "-tags="+strings.Join(r.opts.Tags, ","))
	}
	return append(args, extra...)
}

// goGC is the garbage collector setting of the go commands ospo-scan
// runs, unless the user set GOGC: the go command's package loading
// allocates a lot of short-lived memory, and at the default (100) its
// collector costs a sixth of its CPU. At 400, go list -deps of
// prometheus ends about 0.07 s sooner (of 0.4 s) beside a scan, for
// 7 MB more memory (16 MB for telegraf's 137 MB). Its output is the same.
const goGC = "GOGC=400"

// environ returns the environment for the go command: the caller's, with
// GOTOOLCHAIN=local unless the user chose a toolchain (so no toolchain is
// ever downloaded and run), GOPROXY=off when offline, goGC unless the
// user set GOGC (even empty), and extra on top.
func (r *runner) environ(extra []string) []string {
	env := append([]string(nil), r.opts.env()...)
	if lookupEnv(env, "GOTOOLCHAIN") == "" {
		env = append(env, "GOTOOLCHAIN=local")
	}
	if r.opts.Offline {
		env = append(env, "GOPROXY=off")
	}
	// A GOGC set empty is set: the go command then runs at the default,
	// as the user asked.
	if !slices.ContainsFunc(env, func(kv string) bool { return strings.HasPrefix(kv, "GOGC=") }) {
		env = append(env, goGC)
	}
	return append(env, extra...)
}

func (r *runner) runJSON(ctx context.Context, env []string, v any, args ...string) error {
	return r.runJSONStream(ctx, env, func(d *json.Decoder) error { return d.Decode(v) }, args...)
}

// runJSONStream runs the go command and hands its stdout to decode.
func (r *runner) runJSONStream(ctx context.Context, env []string, decode func(*json.Decoder) error, args ...string) error {
	return r.runIn(ctx, r.opts.Dir, env, decode, args...)
}

// runIn runs the go command in dir and hands its stdout to decode.
func (r *runner) runIn(ctx context.Context, dir string, env []string, decode func(*json.Decoder) error, args ...string) error {
	goCmd := r.opts.Go
	if goCmd == "" {
		goCmd = "go"
	}
	cmd := exec.CommandContext(ctx, goCmd, args...)
	cmd.Dir = dir
	cmd.Env = r.environ(env)
	// On cancellation (Ctrl-C) the go command is killed; should a child of
	// it hold the output open, give up on it after a moment.
	cmd.WaitDelay = 2 * time.Second
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return &GoCommandError{Msg: "cannot run the go command: " + err.Error(), Hint: "install Go and put it on PATH"}
	}
	if r.started != nil {
		r.started()
	}
	decErr := decode(json.NewDecoder(stdout))
	if decErr != nil {
		// Drain so the go command can exit.
		var sink bytes.Buffer
		_, _ = sink.ReadFrom(stdout)
	}
	waitErr := cmd.Wait()
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if waitErr != nil {
		if strings.Contains(stderr.String(), "updates to go.sum needed, but go.sum is part of the overlay") {
			// The go command wanted to add checksums to go.sum or
			// go.work.sum: name them.
			return r.sumsWanted(ctx, env, args)
		}
		return classify(r.dirName(), args, stderr.String(), env)
	}
	if decErr != nil {
		return fmt.Errorf("reading the output of go %s: %w", strings.Join(args, " "), decErr)
	}
	return nil
}

// classify turns the go command's stderr into a one-line error with a hint.
func classify(dir string, args []string, stderr string, env []string) error {
	var lines []string
	for _, l := range strings.Split(stderr, "\n") {
		l = strings.TrimSpace(l)
		l = strings.TrimPrefix(l, "go: ")
		// "...; to add:" introduces a go command that is left out.
		l = strings.TrimSuffix(l, "; to add:")
		if l == "" || strings.HasPrefix(l, "go mod ") || strings.HasPrefix(l, "go get ") || l == "to update it:" || l == "to add:" {
			continue
		}
		lines = append(lines, l)
	}
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			// "errors parsing go.mod:" introduces the next line.
			if strings.HasSuffix(lines[i-1], ":") {
				b.WriteString(" ")
			} else {
				b.WriteString("; ")
			}
		}
		b.WriteString(l)
	}
	msg := b.String()
	if len(msg) > 600 {
		msg = msg[:600] + "..."
	}
	if msg == "" {
		msg = "go " + strings.Join(args, " ") + " failed"
	}
	if plat := platformOf(env); plat != "" {
		msg = "[" + plat + "] " + msg
	}
	if strings.Contains(stderr, "matched no packages") || strings.Contains(stderr, "no Go files in") || (strings.Contains(stderr, "pattern ") && strings.Contains(stderr, "no such file or directory")) {
		return &UsageError{Msg: msg + " (check the package patterns and -C)"}
	}
	e := &GoCommandError{Msg: msg}
	switch {
	case strings.Contains(stderr, "missing go.sum entry"):
		e.Hint = "run `go mod download` or `go mod tidy` to add the missing go.sum lines; ospo-scan never edits go.sum"
	case strings.Contains(stderr, "GOPROXY=off") || strings.Contains(stderr, "module lookup disabled"):
		e.Hint = "the sources are not in the module cache: run `go mod download`, or scan without --offline"
	case strings.Contains(stderr, "checksum mismatch") || strings.Contains(stderr, "SECURITY ERROR"):
		e.Hint = "the module cache or go.sum does not match the module's content: check go.sum, then `go clean -modcache` and retry"
	case strings.Contains(stderr, "inconsistent vendoring") || strings.Contains(stderr, "vendor/modules.txt"):
		e.Hint = "vendor/ does not match go.mod: run `go mod vendor`"
	case strings.Contains(stderr, "requires go >=") || strings.Contains(stderr, "GOTOOLCHAIN=local"):
		e.Hint = "install the Go version that go.mod asks for, or set GOTOOLCHAIN to let the go command fetch it"
	case strings.Contains(stderr, "updates to go.mod needed") || strings.Contains(stderr, "no required module provides") || strings.Contains(stderr, "cannot find module providing package"):
		e.Hint = "go.mod is not up to date with the imports: run `go mod tidy`; ospo-scan never edits go.mod"
	case strings.Contains(stderr, "listed in go.work") || strings.Contains(stderr, "errors parsing go.work") || strings.Contains(stderr, "go.work:"):
		// Before go.mod: "cannot load module x listed in go.work file:
		// open x/go.mod: no such file" is go.work's error.
		e.Hint = "fix go.work at the use or replace directive named (each use must be a directory with a go.mod), or set GOWORK=off"
	case strings.Contains(stderr, "errors parsing go.mod") || strings.Contains(stderr, "go.mod:"):
		e.Hint = "fix go.mod at the line named"
	case strings.Contains(stderr, "go.work"):
		e.Hint = "fix go.work (or set GOWORK=off)"
	case strings.Contains(stderr, "unsupported GOOS/GOARCH"):
		e.Hint = "use a platform from `go tool dist list`"
	}
	if !strings.Contains(msg, "go.mod") && !strings.Contains(msg, "go.work") {
		e.File = filepath.Clean(dir)
	}
	return e
}

func platformOf(env []string) string {
	goos, goarch := lookupEnv(env, "GOOS"), lookupEnv(env, "GOARCH")
	if goos == "" {
		return ""
	}
	return goos + "/" + goarch
}
