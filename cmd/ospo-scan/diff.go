package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/pflag"

	"github.com/ospo-scan/ospo-scan/internal/model"
	"github.com/ospo-scan/ospo-scan/report/diff"
)

const diffUsage = `usage: ospo-scan diff [--format text|json|markdown] [--fail-on deny|warn|never] OLD NEW

Compares two saved JSON reports (ospo-scan --format json -o FILE): modules
added, removed, upgraded or downgraded, licenses and license texts changed,
decisions changed, and the new exceptions NEW needs. Exits 1 when a module
of NEW is at or above --fail-on and was not in OLD. Git refs, SBOMs and a
--baseline for a scan are not supported yet.

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

// runDiff compares two saved reports: ospo-scan diff OLD NEW.
func runDiff(ctx context.Context, args []string, stdout io.Writer) error {
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
	oldName, newName := fs.Arg(0), fs.Arg(1)
	oldDoc, err := readReport(oldName)
	if err != nil {
		return err
	}
	newDoc, err := readReport(newName)
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

// readReport reads a saved JSON report; every failure is a usage error
// naming the file.
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
	doc, err := diff.Read(f, diff.MaxReportSize)
	if err != nil {
		return nil, usageErrorf("diff: %s: %v", displayToken(name), err)
	}
	return doc, nil
}
