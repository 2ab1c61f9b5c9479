package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/pflag"

	"github.com/ospo-scan/ospo-scan/internal/model"
	"github.com/ospo-scan/ospo-scan/report/diff"
	"github.com/ospo-scan/ospo-scan/sbom"
	"github.com/ospo-scan/ospo-scan/scanner"
)

const diffUsage = `usage: ospo-scan diff [--format text|json|markdown] [--fail-on deny|warn|never] OLD NEW

Compares two scans: modules added, removed, upgraded or downgraded,
licenses and license texts changed, decisions changed, and the new
exceptions NEW needs. Each of OLD and NEW is a saved JSON report
(ospo-scan --format json -o FILE), a CycloneDX SBOM ospo-scan wrote
(--sbom FILE), or a git revision of the repository in the current
directory, whose committed files are scanned (./..., its own policy).
Exits 1 when a module of NEW is at or above --fail-on and was not in OLD.

`

// diffWorseError reports that the newer report got worse under the policy.
type diffWorseError struct {
	n      int
	failOn string
}

func (e *diffWorseError) Error() string {
	return fmt.Sprintf("diff: %d module(s) got worse under the policy (--fail-on %s)", e.n, e.failOn)
}

// ExitCode returns 1.
func (e *diffWorseError) ExitCode() int { return exitFindings }

// runDiff compares two scans: ospo-scan diff OLD NEW.
func runDiff(ctx context.Context, args []string, stdout, stderr io.Writer, env []string) error {
	fs := pflag.NewFlagSet("ospo-scan diff", pflag.ContinueOnError)
	fs.SetOutput(stdout)
	format := fs.String("format", "text", "output format: text, json or markdown")
	failOn := fs.String("fail-on", "deny", "exit 1 when a module newly reaches this severity: deny, warn or never")
	fs.Usage = func() { fmt.Fprintf(stdout, "%s%s", diffUsage, fs.FlagUsages()) }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return nil
		}
		return flagError(fs, err, "diff: ")
	}
	write := map[string]func(io.Writer, *diff.Result, diff.Options) error{
		"text": diff.WriteText, "json": diff.WriteJSON, "markdown": diff.WriteMarkdown,
	}[*format]
	if write == nil {
		return usageErrorf("diff: --format %q: want text, json or markdown", displayToken(*format))
	}
	switch *failOn {
	case "deny", "warn", "never":
	default:
		return usageErrorf("diff: --fail-on %q: want deny, warn or never", displayToken(*failOn))
	}
	if fs.NArg() != 2 {
		return usageErrorf("diff: want two reports, OLD and NEW, got %d arguments (see ospo-scan diff --help)", fs.NArg())
	}
	sides := &diffSides{env: env, stderr: stderr}
	defer sides.close()
	oldName, oldDoc, err := sides.read(ctx, fs.Arg(0))
	if err != nil {
		return err
	}
	newName, newDoc, err := sides.read(ctx, fs.Arg(1))
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	res := diff.Compute(oldDoc, newDoc)
	opts := diff.Options{Old: diff.NewInput(oldName, oldDoc), New: diff.NewInput(newName, newDoc), FailOn: *failOn}
	if err := write(stdout, res, opts); err != nil {
		return &exitError{exitScan, fmt.Errorf("diff: writing the output: %w", err)}
	}
	if worse := res.Worse(*failOn); len(worse) > 0 {
		return &diffWorseError{len(worse), *failOn}
	}
	return nil
}

// readReport reads a saved JSON report or a CycloneDX SBOM ospo-scan
// wrote; every failure is a usage error naming the file.
func readReport(name string) (*model.Document, error) {
	f, err := os.Open(name)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, usageErrorf("diff: %s: no such file; save a report with ospo-scan --format json -o FILE", displayToken(name))
		}
		return nil, usageErrorf("diff: %v", err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		return nil, usageErrorf("diff: %s is a directory, want a JSON report (git refs are not supported yet)", displayToken(name))
	}
	data, err := io.ReadAll(io.LimitReader(f, diff.MaxReportSize+1))
	if err != nil {
		return nil, usageErrorf("diff: %s: reading: %v", displayToken(name), err)
	}
	var doc *model.Document
	switch {
	case int64(len(data)) > diff.MaxReportSize:
		err = fmt.Errorf("larger than %d MiB: not a report ospo-scan wrote", diff.MaxReportSize>>20)
	case isSBOM(data):
		doc, err = sbom.Read(data)
	default:
		doc, err = diff.Decode(data)
	}
	if err != nil {
		return nil, usageErrorf("diff: %s: %v", displayToken(name), err)
	}
	return doc, nil
}

// isSBOM reports whether data looks like a CycloneDX SBOM: XML, or JSON
// with a bomFormat.
func isSBOM(data []byte) bool {
	t := bytes.TrimSpace(data)
	if len(t) > 0 && t[0] == '<' {
		return true
	}
	var probe struct {
		BOMFormat string `json:"bomFormat"`
	}
	return json.Unmarshal(t, &probe) == nil && probe.BOMFormat != ""
}

// diffSides reads the two sides of a diff: files, or git revisions
// scanned with the default options and a cache shared by both.
type diffSides struct {
	env    []string
	stderr io.Writer
	cache  *scanner.Cache
	det    *scanner.Detector
	opened bool
}

func (d *diffSides) close() {
	if d.cache != nil {
		d.cache.Close()
	}
}

// read returns the side's name as the outputs show it, and its report.
func (d *diffSides) read(ctx context.Context, name string) (string, *model.Document, error) {
	if _, err := os.Stat(name); err == nil || !errors.Is(err, os.ErrNotExist) {
		doc, err := readReport(name)
		return name, doc, err
	}
	b, err := resolveBaseline(ctx, name, "", d.env, "diff:")
	if err != nil {
		return "", nil, err
	}
	if !d.opened {
		d.opened = true
		o := options{scope: "packages"}
		if d.cache, err = o.openCache(d.env); err != nil {
			return "", nil, err
		}
		d.det = scanner.NewDetector()
		d.det.Cache = d.cache
		d.det.KeepListings = true // for the deep scan, as run's
	}
	now, err := scanTime(d.env)
	if err != nil {
		return "", nil, err
	}
	lo := scanner.LoadOptions{Env: d.env, Mode: scanner.GraphMode("packages"), Cache: d.cache}
	prog := newProgress(d.stderr, d.env)
	defer prog.done()
	// As the default scan: deep (see "The deep scan").
	doc, err := baselineDocument(ctx, b, options{scope: "packages", deep: true}, lo, nil, "", d.det, prog, d.env, now)
	if err != nil {
		return "", nil, err
	}
	return fmt.Sprintf("%s (%.12s)", name, b.commit), doc, nil
}
