package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/ospo-scan/ospo-scan/policy"
	"github.com/ospo-scan/ospo-scan/report"
	"github.com/ospo-scan/ospo-scan/scanner"
)

// version is stamped by the release build (-ldflags -X main.version=...).
var version = ""

func toolVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}

// options are the parsed command line.
type options struct {
	dir         string
	policyFile  string
	sbomFile    string
	sbomFormat  string
	specVersion string
	sbomSerial  string
	format      string
	output      string
	scope       string
	tests       bool
	platforms   []string
	tags        []string
	offline     bool
	failOn      string
	noCache     bool
	cacheDir    string
	version     bool
	initPolicy  bool
	quiet       bool
	notice      string
	cpuProfile  string
	patterns    []string
}

func newFlagSet(o *options, stderr io.Writer) *pflag.FlagSet {
	fs := pflag.NewFlagSet("ospo-scan", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.SortFlags = false
	fs.StringVarP(&o.dir, "chdir", "C", "", "run as if started in `DIR`")
	fs.StringVar(&o.policyFile, "policy", "", "policy `FILE` (default: .ospo-policy.yaml or ospo-policy.yaml at the main module root, else the embedded default)")
	fs.StringVar(&o.sbomFile, "sbom", "", "write a CycloneDX SBOM to `FILE` (.json or .xml)")
	fs.StringVar(&o.sbomFormat, "sbom-format", "", "SBOM encoding: json or xml (default: from the --sbom file's extension)")
	fs.StringVar(&o.specVersion, "spec-version", "1.6", "CycloneDX spec version: 1.4, 1.5, 1.6 or 1.7")
	fs.StringVar(&o.sbomSerial, "sbom-serial", "content", "SBOM serial number: content (derived from the SBOM) or random")
	fs.StringVar(&o.format, "format", "text", "report format: text, json, sarif, github or markdown")
	fs.StringVarP(&o.output, "output", "o", "", "write the report to `FILE` instead of standard output")
	fs.StringVar(&o.scope, "scope", "packages", "packages (modules the matched packages link in) or modules (the whole build list)")
	fs.BoolVar(&o.tests, "tests", false, "include the dependencies of the matched packages' tests (scope: test)")
	fs.StringSliceVar(&o.platforms, "platform", nil, "target platforms as GOOS/GOARCH, comma-separated (default: the host's)")
	fs.StringSliceVar(&o.tags, "tags", nil, "build tags, comma-separated")
	fs.BoolVar(&o.offline, "offline", false, "never download: fail if a module's source is not in the module cache or vendor/")
	fs.StringVar(&o.failOn, "fail-on", "deny", "exit 1 on findings at or above this severity: deny, warn or never")
	fs.BoolVar(&o.noCache, "no-cache", false, "do not read or write the cache")
	fs.StringVar(&o.cacheDir, "cache-dir", "", "cache `DIR` for detection results and module graphs (default: the user cache dir/ospo-scan)")
	fs.BoolVar(&o.quiet, "quiet", false, "text format: print only the findings and the summary")
	fs.StringVar(&o.notice, "notice", "", "write a third-party notices file to `FILE`")
	fs.BoolVar(&o.initPolicy, "init-policy", false, "print the default policy, commented, as a starting point, and exit")
	fs.BoolVar(&o.version, "version", false, "print the version and exit")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the scan to `FILE` (for performance work)")
	_ = fs.MarkHidden("cpuprofile")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: ospo-scan [flags] [packages]   (packages default to ./...)\n       ospo-scan detect [--format text|json] PATH...\n\nflags:\n%s", fs.FlagUsages())
	}
	return fs
}

// isQuietExit reports whether the error needs no message (help was asked).
func isQuietExit(err error) bool { return errors.Is(err, pflag.ErrHelp) }

// run is the whole program: it parses args, scans, writes the outputs and
// returns an error whose exit code says how it went.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, env []string) error {
	if len(args) > 0 && args[0] == "detect" {
		return runDetect(ctx, args[1:], stdout, stderr)
	}
	var o options
	fs := newFlagSet(&o, stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return nil
		}
		return usageErrorf("%v (see ospo-scan --help)", err)
	}
	o.patterns = fs.Args()
	if o.version {
		_, err := fmt.Fprintf(stdout, "ospo-scan %s\n", toolVersion())
		return err
	}
	if o.initPolicy {
		_, err := stdout.Write(policy.DefaultYAML())
		return err
	}
	if err := o.check(); err != nil {
		return err
	}
	if o.cpuProfile != "" {
		stop, err := startCPUProfile(o.cpuProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	loadOpts := scanner.LoadOptions{Dir: o.dir, Patterns: o.patterns, Tests: o.tests, Tags: o.tags, Offline: o.offline, Env: env, Mode: scanner.GraphMode(o.scope)}
	for _, p := range o.platforms {
		plat, err := scanner.ParsePlatform(p)
		if err != nil {
			return usageErrorf("--platform: %v", err)
		}
		loadOpts.Platforms = append(loadOpts.Platforms, plat)
	}

	// A policy named on the command line is checked before the slow work.
	var pol *policy.Policy
	if o.policyFile != "" {
		p, err := readPolicy(o.policyFile)
		if err != nil {
			return err
		}
		pol = p
	}
	now, err := scanTime(env)
	if err != nil {
		return err
	}

	prog := newProgress(stderr, env)
	defer prog.done()
	det := scanner.NewDetector()
	cache, err := o.openCache(env)
	if err != nil {
		return err
	}
	defer cache.Close()
	det.Cache, loadOpts.Cache = cache, cache
	// Building the license scanner (parsing 733 patterns) costs about
	// 0.15 s: start it beside graph loading unless the cache will probably
	// make it unnecessary.
	warmed := make(chan error, 1)
	if cache.Empty() {
		go func() { warmed <- det.Warm() }()
	} else {
		warmed <- nil
	}

	prog.set("loading the module graph")
	g, err := scanner.Load(ctx, loadOpts)
	if err != nil {
		return err
	}
	if pol == nil {
		if pol, err = findPolicy(g, o.dir); err != nil {
			return err
		}
	}
	prog.set(fmt.Sprintf("detecting licenses of %d modules", len(g.Modules)))
	if err := <-warmed; err != nil {
		return &exitError{exitScan, fmt.Errorf("building the license scanner: %w", err)}
	}
	if err := det.Detect(ctx, g.Modules, 0); err != nil {
		return err
	}
	res := policy.Evaluate(pol, g.Modules, now)
	doc := report.Build(report.Tool{Name: "ospo-scan", Version: toolVersion()}, g, res)
	prog.done()

	if o.sbomFile != "" {
		if err := writeSBOM(o, g, res, det, now); err != nil {
			return err
		}
	}
	if o.notice != "" {
		if err := writeFileAtomic(o.notice, func(w io.Writer) error { return report.WriteNotice(w, g, doc) }); err != nil {
			return err
		}
	}
	if err := writeOutput(o.output, stdout, func(w io.Writer) error {
		return writeReport(w, o, doc, env, stdout)
	}); err != nil {
		return err
	}
	return verdict(doc, o.failOn)
}

// openCache opens the cache of --cache-dir or the user cache directory;
// nil with --no-cache. A cache that cannot be created is no reason to fail:
// the scan goes on without it.
func (o *options) openCache(env []string) (*scanner.Cache, error) {
	if o.noCache {
		return nil, nil
	}
	dir := o.cacheDir
	if dir == "" {
		if x := lookup(env, "XDG_CACHE_HOME"); x != "" {
			dir = filepath.Join(x, "ospo-scan")
		} else if d, err := scanner.DefaultCacheDir(); err == nil {
			dir = d
		} else {
			return nil, nil
		}
	}
	c, err := scanner.OpenCache(dir)
	if err != nil {
		if o.cacheDir != "" {
			return nil, usageErrorf("--cache-dir: %v", err)
		}
		return nil, nil
	}
	return c, nil
}

func (o *options) check() error {
	switch o.format {
	case "text", "json", "sarif", "github", "markdown":
	default:
		return usageErrorf("--format %q: want text, json, sarif, github or markdown", o.format)
	}
	switch o.failOn {
	case "deny", "warn", "never":
	default:
		return usageErrorf("--fail-on %q: want deny, warn or never", o.failOn)
	}
	switch o.scope {
	case "packages", "modules":
	default:
		return usageErrorf("--scope %q: want packages or modules", o.scope)
	}
	switch o.specVersion {
	case "1.4", "1.5", "1.6", "1.7":
	default:
		return usageErrorf("--spec-version %q: want 1.4, 1.5, 1.6 or 1.7", o.specVersion)
	}
	switch o.sbomSerial {
	case "content", "random":
	default:
		return usageErrorf("--sbom-serial %q: want content or random", o.sbomSerial)
	}
	if o.sbomFormat == "" && o.sbomFile != "" {
		switch strings.ToLower(filepath.Ext(o.sbomFile)) {
		case ".xml":
			o.sbomFormat = "xml"
		default:
			o.sbomFormat = "json"
		}
	}
	if o.sbomFormat != "" && o.sbomFormat != "json" && o.sbomFormat != "xml" {
		return usageErrorf("--sbom-format %q: want json or xml", o.sbomFormat)
	}
	for _, out := range []struct{ flag, path string }{{"-o", o.output}, {"--sbom", o.sbomFile}, {"--notice", o.notice}} {
		if out.path == "" {
			continue
		}
		dir := filepath.Dir(out.path)
		if fi, err := os.Stat(dir); err != nil {
			return usageErrorf("%s %s: directory %s does not exist", out.flag, out.path, dir)
		} else if !fi.IsDir() {
			return usageErrorf("%s %s: %s is not a directory", out.flag, out.path, dir)
		}
		if fi, err := os.Stat(out.path); err == nil && fi.IsDir() {
			return usageErrorf("%s %s: is a directory", out.flag, out.path)
		}
	}
	return nil
}

// readPolicy reads and parses a policy file.
func readPolicy(name string) (*policy.Policy, error) {
	fi, err := os.Stat(name)
	if err != nil {
		return nil, usageErrorf("--policy: %v", err)
	}
	if !fi.Mode().IsRegular() {
		return nil, usageErrorf("--policy %s: not a regular file", name)
	}
	if fi.Size() > policy.MaxFileSize {
		return nil, &policy.Error{Pos: policy.Pos{File: name}, Msg: fmt.Sprintf("policy file is %d bytes, more than the %d a policy may have", fi.Size(), policy.MaxFileSize)}
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, usageErrorf("--policy: %v", err)
	}
	return policy.Parse(name, data)
}

// findPolicy looks for the policy file at the main module (or workspace)
// root, else returns the default policy.
func findPolicy(g *scanner.Graph, dir string) (*policy.Policy, error) {
	var roots []string
	if g.Workspace != "" {
		roots = append(roots, filepath.Dir(g.Workspace))
	}
	for _, m := range g.Main {
		roots = append(roots, m.Dir)
	}
	for _, root := range roots {
		for _, name := range []string{".ospo-policy.yaml", "ospo-policy.yaml"} {
			p := filepath.Join(root, name)
			if _, err := os.Lstat(p); err == nil {
				return readPolicy(displayPath(p, dir))
			}
		}
	}
	return policy.Default(), nil
}

// displayPath returns p relative to the directory the scan runs in, when
// it lies below it, for messages and reports that do not depend on where
// the repository is checked out.
func displayPath(p, dir string) string {
	base, err := filepath.Abs(dir)
	if err != nil {
		return p
	}
	if rel, err := filepath.Rel(base, p); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		if dir != "" {
			return filepath.Join(dir, rel)
		}
		return rel
	}
	return p
}

// scanTime returns the time of the scan, used for exception expiry and the
// SBOM timestamp: SOURCE_DATE_EPOCH when set, else now (to the second).
func scanTime(env []string) (time.Time, error) {
	if s := lookup(env, "SOURCE_DATE_EPOCH"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, usageErrorf("SOURCE_DATE_EPOCH=%q: want seconds since 1970", s)
		}
		return time.Unix(n, 0).UTC(), nil
	}
	return time.Now().UTC().Truncate(time.Second), nil
}

func lookup(env []string, key string) string {
	v := ""
	for _, kv := range env {
		if k, val, ok := strings.Cut(kv, "="); ok && k == key {
			v = val
		}
	}
	return v
}

// verdict returns the findings error for --fail-on, or nil.
func verdict(doc *report.Document, failOn string) error {
	deny, warn := 0, 0
	for _, f := range doc.Findings {
		switch f.Severity {
		case string(policy.Deny):
			deny++
		case string(policy.Warn):
			warn++
		}
	}
	switch {
	case failOn == "never":
		return nil
	case deny > 0, failOn == "warn" && warn > 0:
		return &findingsError{deny: deny, warn: warn, failOn: failOn}
	}
	return nil
}

func writeReport(w io.Writer, o options, doc *report.Document, env []string, stdout io.Writer) error {
	switch o.format {
	case "json":
		return report.WriteJSON(w, doc)
	case "sarif":
		return report.WriteSARIF(w, doc)
	case "markdown":
		return report.WriteMarkdown(w, doc)
	case "github":
		if err := report.WriteGitHub(w, doc); err != nil {
			return err
		}
		if summary := lookup(env, "GITHUB_STEP_SUMMARY"); summary != "" {
			return appendFile(summary, func(w io.Writer) error { return report.WriteMarkdown(w, doc) })
		}
		return nil
	default:
		color := o.output == "" && isTerminal(stdout) && lookup(env, "NO_COLOR") == ""
		return report.WriteText(w, doc, report.TextOptions{Color: color, Quiet: o.quiet})
	}
}

// writeOutput writes to the named file atomically, or to stdout.
func writeOutput(name string, stdout io.Writer, write func(io.Writer) error) error {
	if name == "" {
		return writeBuffered(stdout, write)
	}
	return writeFileAtomic(name, write)
}

// writeBuffered runs write through a buffer: the reports are written line
// by line (text/tabwriter flushes each), which is a system call a line on
// a terminal or pipe.
func writeBuffered(w io.Writer, write func(io.Writer) error) error {
	b := bufio.NewWriterSize(w, 64<<10)
	if err := write(b); err != nil {
		return err
	}
	return b.Flush()
}

// writeFileAtomic writes through a temporary file in the same directory and
// renames it into place, so a killed run never leaves a truncated file.
func writeFileAtomic(name string, write func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".tmp*")
	if err != nil {
		return &exitError{exitScan, fmt.Errorf("cannot write %s: %w", name, err)}
	}
	tmp := f.Name()
	err = writeBuffered(f, write)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, 0o644)
	}
	if err == nil {
		err = os.Rename(tmp, name)
	}
	if err != nil {
		os.Remove(tmp)
		return &exitError{exitScan, fmt.Errorf("cannot write %s: %w", name, err)}
	}
	return nil
}

// appendFile appends to a file (the GitHub job summary).
func appendFile(name string, write func(io.Writer) error) error {
	f, err := os.OpenFile(name, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return &exitError{exitScan, fmt.Errorf("cannot write the job summary %s: %w", name, err)}
	}
	err = write(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return &exitError{exitScan, fmt.Errorf("cannot write the job summary %s: %w", name, err)}
	}
	return nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// startCPUProfile writes a CPU profile to file until the returned function
// is called.
func startCPUProfile(file string) (func(), error) {
	f, err := os.Create(file)
	if err != nil {
		return nil, usageErrorf("--cpuprofile: %v", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, usageErrorf("--cpuprofile: %v", err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}
