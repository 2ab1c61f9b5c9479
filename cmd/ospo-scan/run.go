package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/spf13/pflag"

	"github.com/ospo-scan/ospo-scan/internal/safetext"
	"github.com/ospo-scan/ospo-scan/policy"
	"github.com/ospo-scan/ospo-scan/report"
	"github.com/ospo-scan/ospo-scan/report/diff"
	"github.com/ospo-scan/ospo-scan/scanner"

	"github.com/ospo-scan/ospo-scan/internal/model"
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
	policyArg   string // --policy as given, for messages and the report
	sbomFile    string
	sbomDir     string
	mainVersion string
	sbomFormat  string
	specVersion string
	sbomSerial  string
	formats     []string // --format values as given: FORMAT or FORMAT=FILE
	format      string   // the report for -o or standard output
	reports     []reportFile
	output      string
	scope       string
	tests       bool
	deep        bool
	deepAsked   bool // --deep given on the command line, not the default
	platforms   []string
	tags        []string
	offline     bool
	failOn      string
	baseline    string // --baseline REF|FILE
	failOnOld   bool   // --fail-on-existing
	noCache     bool
	cacheDir    string
	version     bool
	initPolicy  bool
	quiet       bool
	notice      string
	noticeTmpl  noticeTemplate
	cpuProfile  string
	patterns    []string
	root        scanRoot
}

// usageText is the first lines of the help.
const usageText = `usage: ospo-scan [flags] [packages]   (packages default to ./...)
       ospo-scan bin [flags] FILE...         (Go binaries: what they link)
       ospo-scan detect [--format text|json] PATH...
       ospo-scan diff [--format text|json|markdown] [--fail-on deny|warn|never] OLD NEW
       ospo-scan help [detect|diff]
       ospo-scan version
`

// newFlagSet returns the flags of a scan; help (asked for) goes to stdout.
func newFlagSet(o *options, stdout io.Writer) *pflag.FlagSet {
	fs := pflag.NewFlagSet("ospo-scan", pflag.ContinueOnError)
	fs.SetOutput(stdout)
	fs.SortFlags = false
	fs.StringVarP(&o.dir, "chdir", "C", "", "run as if started in `DIR`")
	fs.StringVar(&o.policyFile, "policy", "", "policy `FILE` (default: .ospo-policy.yaml or ospo-policy.yaml at the main module root, else the embedded default)")
	fs.StringVar(&o.sbomFile, "sbom", "", "write an SBOM to `FILE`: CycloneDX (.json or .xml) or SPDX 2.3 (.spdx.json, or tag-value .spdx)")
	fs.StringVar(&o.sbomDir, "sbom-dir", "", "write one SBOM per module to `DIR` (a repository of several modules), in the --sbom-format encoding")
	fs.StringVar(&o.mainVersion, "main-version", "", "SBOM: the main module's `VERSION` (a release's tag)")
	fs.StringVar(&o.sbomFormat, "sbom-format", "", "SBOM encoding: "+orList(sbomEncodings)+" (default: from the --sbom file's extension; json for --sbom-dir)")
	fs.StringVar(&o.specVersion, "spec-version", defaultSpecVersion, "CycloneDX spec version: "+orList(specVersions()))
	fs.StringVar(&o.sbomSerial, "sbom-serial", "content", "SBOM serial number: content (derived from the SBOM) or random")
	fs.StringArrayVar(&o.formats, "format", nil, formatFlagHelp())
	fs.StringVarP(&o.output, "output", "o", "", "write the report to `FILE` instead of standard output")
	fs.StringVar(&o.scope, "scope", "packages", "packages (modules the matched packages link in) or modules (the whole build list)")
	fs.BoolVar(&o.tests, "tests", false, "include the dependencies of the matched packages' tests (scope: test)")
	fs.BoolVar(&o.deep, "deep", true, "also read the files the build links (sources, cgo C files, READMEs beside them; of a binary, those its file table names) for licenses of their own: the effective license")
	fs.StringSliceVar(&o.platforms, "platform", nil, "target platforms as GOOS/GOARCH, comma-separated (default: the host's)")
	fs.StringSliceVar(&o.tags, "tags", nil, "build tags, comma-separated")
	fs.BoolVar(&o.offline, "offline", false, "never download: fail if a module's source is not in the module cache or vendor/")
	fs.StringVar(&o.failOn, "fail-on", "deny", "exit 1 on findings at or above this severity: deny, warn or never")
	fs.StringVar(&o.baseline, "baseline", "", "compare with a git `REF` (its committed files are scanned) or a saved --format json report; findings are marked new, changed or existing, and --fail-on counts new and changed ones")
	fs.BoolVar(&o.failOnOld, "fail-on-existing", false, "with --baseline, let --fail-on count the findings the baseline has too")
	fs.BoolVar(&o.noCache, "no-cache", false, "do not read or write the cache")
	fs.StringVar(&o.cacheDir, "cache-dir", "", "cache `DIR` for detection results and module graphs (default: the user cache dir/ospo-scan)")
	fs.BoolVar(&o.quiet, "quiet", false, "text format: print only the findings and the summary")
	fs.StringVar(&o.notice, "notice", "", "write a third-party notices file to `FILE`")
	fs.StringVar(&o.noticeTmpl.path, "notice-template", "", "write the --notice file with this Go text/template `FILE` (data model: docs/notices.md)")
	fs.BoolVar(&o.initPolicy, "init-policy", false, "print the default policy, commented, as a starting point, and exit")
	fs.BoolVar(&o.version, "version", false, "print the version and exit")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the scan to `FILE` (for performance work)")
	_ = fs.MarkHidden("cpuprofile")
	fs.Usage = func() {
		fmt.Fprintf(stdout, "%s\nflags:\n%s", usageText, fs.FlagUsages())
	}
	return fs
}

// flagError turns a flag parsing error into a usage error, suggesting the
// flag meant when a name is mistyped.
func flagError(fs *pflag.FlagSet, err error, prefix string) error {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "unknown flag: --"); ok {
		var names []string
		fs.VisitAll(func(f *pflag.Flag) {
			if !f.Hidden {
				names = append(names, f.Name)
			}
		})
		if s := closest(name, names); s != "" {
			return usageErrorf("%sunknown flag --%s; did you mean --%s?", prefix, displayToken(name), s)
		}
	}
	return usageErrorf("%s%s (see ospo-scan --help)", prefix, displayToken(msg))
}

// isQuietExit reports whether the error needs no message (help was asked).
func isQuietExit(err error) bool { return errors.Is(err, pflag.ErrHelp) }

// run is the whole program: it parses args, scans, writes the outputs and
// returns an error whose exit code says how it went.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, env []string) error {
	binMode := false
	if len(args) > 0 {
		switch args[0] {
		case "bin":
			binMode, args = true, args[1:]
		case "detect":
			return runDetect(ctx, args[1:], stdout, stderr)
		case "diff":
			return runDiff(ctx, args[1:], stdout, stderr, env)
		case "help":
			if len(args) > 1 && args[1] == "detect" {
				return runDetect(ctx, []string{"--help"}, stdout, stderr)
			}
			if len(args) > 1 && args[1] == "diff" {
				return runDiff(ctx, []string{"--help"}, stdout, stderr, env)
			}
			args = []string{"--help"}
		case "version":
			if len(args) > 1 {
				return usageErrorf("version takes no arguments")
			}
			args = []string{"--version"}
		}
	}
	var o options
	fs := newFlagSet(&o, stdout)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return nil
		}
		return flagError(fs, err, "")
	}
	o.patterns = fs.Args()
	o.deepAsked = fs.Changed("deep") && o.deep
	o.policyArg = o.policyFile
	o.noticeTmpl.arg = o.noticeTmpl.path
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
	bins, err := binaryFiles(fs, &o, binMode)
	if err != nil {
		return err
	}
	o.root = scanRoot{dir: o.dir}
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
		if err := checkPlatform(ctx, plat, env); err != nil {
			return err
		}
		loadOpts.Platforms = append(loadOpts.Platforms, plat)
	}

	// A policy named on the command line is checked before the slow work.
	var pol *policy.Policy
	policyPath := ""
	if o.policyFile != "" {
		p, err := readPolicy(o.policyFile, o.policyArg)
		if err != nil {
			return err
		}
		pol, policyPath = p, o.policyFile
	}
	now, err := scanTime(env)
	if err != nil {
		return err
	}
	var bl *baseline
	if o.failOnOld && !fs.Changed("baseline") {
		return usageErrorf("--fail-on-existing: only with --baseline (without one, every finding counts)")
	}
	if fs.Changed("baseline") {
		if bl, err = resolveBaseline(ctx, o.baseline, o.dir, env, "--baseline"); err != nil {
			return err
		}
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
	det.KeepListings = o.deep
	loadOpts.Detector = det
	// Making the license scanner (loading 733 compiled patterns) costs
	// about 15 ms: start it beside the go command's graph loading unless
	// the cache will probably make it unnecessary.
	var warmed *scannerWarmer
	if cache.Empty() {
		warmed = newScannerWarmer(det)
		loadOpts.Started = warmed.start
	}

	// At a repository root without go.mod, every module below is scanned
	// on its own (README, "Monorepos").
	var scans []*moduleScan
	var mods []string
	if bins == nil {
		if mods, err = monorepoModules(o.dir, env); err != nil {
			return err
		}
	}
	if bins != nil {
		if scans, err = scanBinaries(ctx, o, bins, loadOpts, pol, policyPath, det, warmed, prog, stderr, env, now); err != nil {
			return err
		}
	} else if len(mods) == 0 {
		s, err := scanModule(ctx, o, loadOpts, pol, policyPath, det, warmed, prog, env, now)
		if err != nil {
			return err
		}
		scans = append(scans, s)
	} else {
		if abs, err := filepath.Abs(dirName(o.dir)); err == nil {
			o.root.fallback = abs
		}
		if o.sbomDir != "" {
			names := map[string]string{}
			for _, rel := range mods {
				name := sbomName(filepath.ToSlash(rel), o.sbomFormat)
				if prev, ok := names[name]; ok {
					return usageErrorf("--sbom-dir: modules %s and %s would both write %s", prev, filepath.ToSlash(rel), name)
				}
				names[name] = filepath.ToSlash(rel)
			}
		}
		if o.sbomFile != "" {
			return usageErrorf("--sbom: %s holds %d modules, each its own product: write one SBOM per module with --sbom-dir DIR", displayToken(dirName(o.dir)), len(mods))
		}
		if !onlyAllPattern(o.patterns) {
			return usageErrorf("%s holds no go.mod: run in a module directory to name packages, or use ./... to scan each of the %d modules below", displayToken(dirName(o.dir)), len(mods))
		}
		for _, rel := range mods {
			lo := loadOpts
			lo.Dir = filepath.Join(dirName(o.dir), rel)
			lo.Patterns = nil
			s, err := scanModule(ctx, o, lo, pol, policyPath, det, warmed, prog, env, now)
			if err != nil {
				return fmt.Errorf("%s: %w", filepath.ToSlash(rel), err)
			}
			s.rel = filepath.ToSlash(rel)
			scans = append(scans, s)
			warmed = nil
		}
	}
	var base *model.Document
	if bl != nil {
		if base, err = baselineDocument(ctx, bl, o, loadOpts, pol, policyPath, det, prog, env, now); err != nil {
			return err
		}
	}
	prog.done()
	doc := scans[0].doc
	if len(scans) > 1 || scans[0].rel != "" {
		doc = mergeScans(scans)
	}
	if base != nil {
		diff.Mark(doc, base, bl.arg, bl.commit)
	}

	// Every output is rendered before any is written: a failure or an
	// interrupt leaves the earlier ones as they were.
	var outs []outputFile
	if o.sbomFile != "" {
		data, err := renderSBOM(o, scans[0].g, det, now)
		if err != nil {
			return err
		}
		outs = append(outs, outputFile{flag: "--sbom", name: o.sbomFile, data: data})
	}
	if o.sbomDir != "" {
		// Names that collide were refused before the scan.
		for _, s := range scans {
			name := sbomName(s.rel, o.sbomFormat)
			data, err := renderSBOM(o, s.g, det, now)
			if err != nil {
				return err
			}
			outs = append(outs, outputFile{flag: "--sbom-dir", name: filepath.Join(o.sbomDir, name), data: data})
		}
	}
	if o.notice != "" {
		data, err := renderNotice(ctx, doc, o.noticeTmpl.t)
		if err != nil {
			return err
		}
		outs = append(outs, outputFile{flag: "--notice", name: o.notice, data: data})
	}
	for _, r := range o.reports {
		data, err := render(func(w io.Writer) error { return writeReport(w, r.format, o, doc, false) })
		if err != nil {
			return err
		}
		outs = append(outs, outputFile{flag: "--format " + r.format, name: r.file, data: data})
	}
	var data []byte
	if o.format != "" {
		color := o.output == "" && isTerminal(stdout) && lookup(env, "NO_COLOR") == ""
		if data, err = render(func(w io.Writer) error { return writeReport(w, o.format, o, doc, color) }); err != nil {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	var stdoutData []byte
	if o.format != "" {
		if o.output != "" {
			outs = append(outs, outputFile{flag: "-o", name: o.output, data: data})
		} else {
			stdoutData = data
		}
	}
	// From here on the outputs are written whatever happens: a Ctrl-C now
	// would leave some written and some not.
	if err := writeOutputs(outs, streams{stdout: stdout, stderr: stderr}, stdoutData); err != nil {
		return err
	}
	if summary := lookup(env, "GITHUB_STEP_SUMMARY"); summary != "" && o.wants("github") {
		if err := appendFile(summary, func(w io.Writer) error { return report.WriteMarkdown(w, doc) }); err != nil {
			return err
		}
	}
	return verdict(doc, o.failOn, o.failOnOld)
}

// A moduleScan is the scan of one module (or workspace): its graph of
// records (detected and decided) and its report.
type moduleScan struct {
	rel string // the module's directory below a monorepo root; "" otherwise
	g   *model.Graph
	doc *model.Document
}

// scanModule loads the graph of one module (or workspace), detects its
// licenses and decides them. pol is the policy named on the command line,
// or nil to discover one; warmed, when not nil, says the license scanner
// built beside the first graph load is ready.
func scanModule(ctx context.Context, o options, lo scanner.LoadOptions, pol *policy.Policy, policyPath string, det *scanner.Detector, warmed *scannerWarmer, prog *progress, env []string, now time.Time) (*moduleScan, error) {
	prog.set("loading the module graph")
	var src model.Source = scanner.GoList{Options: lo}
	g, err := src.Graph(ctx)
	if err != nil {
		return nil, err
	}
	doc, err := decide(ctx, o, g, g, pol, policyPath, det, warmed, prog, env, now)
	if err != nil {
		return nil, err
	}
	return &moduleScan{g: g, doc: doc}, nil
}

// scannerWarmer makes the license scanner beside the first graph load:
// start begins it (LoadOptions.Started calls it once the go command
// runs), wait begins it if need be and returns its error.
type scannerWarmer struct {
	start func()
	done  chan struct{}
	err   error
}

func newScannerWarmer(det *scanner.Detector) *scannerWarmer {
	w := &scannerWarmer{done: make(chan struct{})}
	w.start = sync.OnceFunc(func() {
		go func() {
			w.err = det.Warm()
			close(w.done)
		}()
	})
	return w
}

// wait waits for the scanner, starting it if need be.
func (w *scannerWarmer) wait() error {
	w.start()
	<-w.done
	return w.err
}

// decide detects the licenses of g's modules (and, with --deep, reads
// their linked files), evaluates the policy and builds the report, whose
// locations are relative to anchor's main module. pol is the policy named
// on the command line, or nil to discover one from anchor's main module.
// warmed, when not nil, says the license scanner built beside the first
// graph load is ready.
func decide(ctx context.Context, o options, g, anchor *model.Graph, pol *policy.Policy, policyPath string, det *scanner.Detector, warmed *scannerWarmer, prog *progress, env []string, now time.Time) (*model.Document, error) {
	if pol == nil {
		var err error
		if pol, policyPath, err = o.root.findPolicy(anchor); err != nil {
			return nil, err
		}
	}
	prog.set(fmt.Sprintf("detecting licenses of %d modules", len(g.Modules)))
	if warmed != nil {
		if err := warmed.wait(); err != nil {
			return nil, &exitError{exitScan, fmt.Errorf("building the license scanner: %w", err)}
		}
	}
	if err := det.Detect(ctx, g.Modules, 0); err != nil {
		return nil, err
	}
	if o.deep {
		if err := det.DeepScanGraph(ctx, g, 0); err != nil {
			return nil, err
		}
		scanner.NoteUnlinked(g.Modules)
	}
	res := policy.Evaluate(pol, g.Modules, now)
	return report.BuildWith(model.Tool{Name: "ospo-scan", Version: toolVersion()}, g, res.PolicyName, res.Findings, o.root.reportOptions(anchor, policyPath, env)), nil
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
	if err := o.parseFormats(); err != nil {
		return err
	}
	if err := o.chdir(); err != nil {
		return err
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
	if o.deep && o.scope == "modules" {
		if o.deepAsked {
			return usageErrorf("--deep needs --scope packages: it reads the files of the linked packages, which --scope modules does not list")
		}
		o.deep = false // the default: --scope modules lists no files
	}
	if !slices.Contains(specVersions(), o.specVersion) {
		return usageErrorf("--spec-version %q: want %s", o.specVersion, orList(specVersions()))
	}
	switch o.sbomSerial {
	case "content", "random":
	default:
		return usageErrorf("--sbom-serial %q: want content or random", o.sbomSerial)
	}
	if o.sbomDir != "" {
		if fi, err := os.Stat(o.sbomDir); err != nil || !fi.IsDir() {
			return usageErrorf("--sbom-dir %s: not a directory", displayToken(o.sbomDir))
		}
	}
	if o.sbomFormat == "" && o.sbomFile != "" {
		o.sbomFormat = sbomFormatOf(o.sbomFile)
		if o.sbomFormat == "" {
			o.sbomFormat = "json"
		}
	}
	if o.sbomFormat != "" && !slices.Contains(sbomEncodings, o.sbomFormat) {
		return usageErrorf("--sbom-format %q: want %s", o.sbomFormat, orList(sbomEncodings))
	}
	if err := checkSBOMName(o.sbomFile, o.sbomFormat); err != nil {
		return err
	}
	if err := checkMainVersion(o.mainVersion); err != nil {
		return err
	}
	if err := o.noticeTmpl.load(o.notice); err != nil {
		return err
	}
	outs := []struct{ flag, path string }{{"-o", o.output}, {"--sbom", o.sbomFile}, {"--notice", o.notice}}
	for _, r := range o.reports {
		outs = append(outs, struct{ flag, path string }{"--format " + r.format, r.file})
	}
	seen := map[string]string{}
	for _, out := range outs {
		if out.path == "" {
			continue
		}
		// The same file named twice, found before the scan; links and
		// other names of one file are found again when writing.
		if key := earlyKey(out.path); key != "" {
			if prev, ok := seen[key]; ok {
				return usageErrorf("%s and %s both write %s", prev, out.flag, displayToken(out.path))
			}
			seen[key] = out.flag
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

// earlyKey identifies an output path before anything is written: the file
// it names when there is one, else its absolute path; "" for a character
// device (any number of outputs may go to /dev/null).
func earlyKey(p string) string {
	if fi, err := os.Stat(p); err == nil {
		if fi.Mode()&fs.ModeCharDevice != 0 {
			return ""
		}
		if k := fileKey(fi); k != "" {
			return k
		}
	}
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return filepath.Clean(p)
}

// A reportFile is a report written to a file of its own (--format F=FILE).
type reportFile struct {
	format, file string
}

// parseFormats splits the --format values: at most one bare FORMAT (the
// report for -o or standard output, text by default), and any number of
// FORMAT=FILE.
func (o *options) parseFormats() error {
	bare := ""
	for _, v := range o.formats {
		format, file, hasFile := strings.Cut(v, "=")
		if _, ok := lookupReportFormat(format); !ok {
			return usageErrorf("--format %q: want %s (or FORMAT=FILE)", safetext.Truncate(v, 80), orList(reportFormatNames()))
		}
		if !hasFile {
			if bare != "" && bare != format {
				return usageErrorf("--format %s and --format %s: one report goes to -o or standard output; write the other with --format %s=FILE", bare, format, format)
			}
			bare = format
			continue
		}
		if file == "" {
			return usageErrorf("--format %s=: name the file to write", format)
		}
		o.reports = append(o.reports, reportFile{format: format, file: file})
	}
	switch {
	case bare != "":
		o.format = bare
	case len(o.reports) > 0 && o.output == "":
		// Only files were asked for: standard output stays quiet.
		o.format = ""
	default:
		o.format = "text"
	}
	return nil
}

// checkMainVersion refuses a --main-version that no SBOM should carry:
// control characters, spaces, or more than 128 bytes.
func checkMainVersion(v string) error {
	if len(v) > 128 || strings.IndexFunc(v, func(r rune) bool { return r <= ' ' || r == 0x7f || !unicode.IsPrint(r) }) >= 0 {
		return usageErrorf("--main-version %q: want a version such as v1.4.0 (printable, no spaces, at most 128 bytes)", safetext.Truncate(v, 80))
	}
	return nil
}

// checkSBOMName refuses an --sbom file whose name says another format
// than the one written: a CycloneDX document named x.spdx.json, or an
// SPDX one named x.cdx.json, misleads every tool that trusts the name;
// SPDX is written as JSON (.spdx.json) or tag-value (.spdx) only.
func checkSBOMName(name, format string) error {
	if name == "" {
		return nil
	}
	base := strings.ToLower(filepath.Base(name))
	for _, other := range []string{".spdx.xml", ".spdx.yaml", ".spdx.yml", ".spdx.rdf", ".spdx.rdf.xml", ".spdx.tv", ".yaml", ".yml", ".tv", ".rdf"} {
		if strings.HasSuffix(base, other) {
			return usageErrorf("--sbom %s: the name says %s, which ospo-scan does not write; name it .cdx.json, .json or .xml (CycloneDX), .spdx.json or .spdx (SPDX)", displayToken(name), strings.TrimPrefix(other, "."))
		}
	}
	if named := sbomFormatOf(name); named != "" && (isSPDX(named) != isSPDX(format) || isSPDX(format) && named != format) {
		return usageErrorf("--sbom %s: the name says %s, but --sbom-format is %s; name it %s", displayToken(name), sbomFormatNames[named], format, sbomExtensions[format])
	}
	return nil
}

// chdir checks the -C directory and makes the relative paths of the other
// flags relative to it, as the go command does for its own -C: every
// relative path on the command line is read in DIR.
func (o *options) chdir() error {
	if o.dir == "" {
		return nil
	}
	fi, err := os.Stat(o.dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return usageErrorf("-C %s: directory does not exist", o.dir)
	case err != nil:
		return usageErrorf("-C %s: %v", o.dir, errors.Unwrap(err))
	case !fi.IsDir():
		return usageErrorf("-C %s: not a directory", o.dir)
	}
	paths := []*string{&o.policyFile, &o.output, &o.sbomFile, &o.sbomDir, &o.notice, &o.noticeTmpl.path, &o.cacheDir, &o.cpuProfile}
	for i := range o.reports {
		paths = append(paths, &o.reports[i].file)
	}
	for _, p := range paths {
		if *p != "" && !filepath.IsAbs(*p) {
			*p = filepath.Join(o.dir, *p)
		}
	}
	return nil
}

// readPolicy reads and parses the policy file at path; display is its name
// in messages and the report, as the user would write it from the -C
// directory.
func readPolicy(path, display string) (*policy.Policy, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, usageErrorf("--policy %s: %v", displayToken(display), errors.Unwrap(err))
	}
	if !fi.Mode().IsRegular() {
		return nil, usageErrorf("--policy %s: not a regular file", displayToken(display))
	}
	if fi.Size() > policy.MaxFileSize {
		return nil, &policy.Error{Pos: policy.Pos{File: display}, Msg: fmt.Sprintf("policy file is %d bytes, more than the %d a policy may have", fi.Size(), policy.MaxFileSize)}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, usageErrorf("--policy %s: %v", displayToken(display), errors.Unwrap(err))
	}
	return policy.Parse(display, data)
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

// verdict returns the findings error for --fail-on, or nil. With a
// baseline, only new and changed findings count, unless existing ones
// count too (--fail-on-existing).
func verdict(doc *model.Document, failOn string, existing bool) error {
	deny, warn := 0, 0
	for _, f := range doc.Findings {
		if f.Baseline == model.MarkExisting && !existing {
			continue
		}
		switch f.Severity {
		case model.Deny:
			deny++
		case model.Warn:
			warn++
		}
	}
	switch {
	case failOn == "never":
		return nil
	case deny > 0, failOn == "warn" && warn > 0:
		return &findingsError{deny: deny, warn: warn, failOn: failOn, baseline: doc.Baseline != nil && !existing}
	}
	return nil
}

// wants reports whether a report in format is written.
func (o *options) wants(format string) bool {
	if o.format == format {
		return true
	}
	for _, r := range o.reports {
		if r.format == format {
			return true
		}
	}
	return false
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
