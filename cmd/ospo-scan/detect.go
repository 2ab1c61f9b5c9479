package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/spf13/pflag"

	"github.com/ospo-scan/ospo-scan/internal/safetext"
	"github.com/ospo-scan/ospo-scan/scanner"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// detectDoc is the JSON document of ospo-scan detect
// (schema ospo-scan/detect/v1).
type detectDoc struct {
	Schema string       `json:"schema"`
	Files  []detectFile `json:"files"`
}

// detectFile is one file classified.
type detectFile struct {
	Path     string        `json:"path"`
	License  string        `json:"license"`
	Verdict  string        `json:"verdict"`
	SHA256   string        `json:"sha256"`
	Coverage float64       `json:"coverage"`
	Matches  []model.Match `json:"matches"`
	Note     string        `json:"note,omitempty"`
}

func toDetectFile(e model.Evidence) detectFile {
	return detectFile{Path: e.File, License: e.License, Verdict: e.Verdict, SHA256: e.SHA256, Coverage: e.Coverage, Matches: e.Matches, Note: e.Note}
}

// runDetect classifies files and directories: ospo-scan detect PATH...
func runDetect(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := pflag.NewFlagSet("ospo-scan detect", pflag.ContinueOnError)
	fs.SetOutput(stdout)
	format := fs.String("format", "text", "output format: text or json")
	fs.Usage = func() {
		fmt.Fprintf(stdout, "usage: ospo-scan detect [--format text|json] PATH...\n\nClassifies each file named (whatever its name) and the license files of each directory.\n\n%s", fs.FlagUsages())
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return nil
		}
		return flagError(fs, err, "detect: ")
	}
	if *format != "text" && *format != "json" {
		return usageErrorf("detect: --format %q: want text or json", *format)
	}
	if fs.NArg() == 0 {
		return usageErrorf("detect: name at least one file or directory")
	}
	det := scanner.NewDetector()
	doc := detectDoc{Schema: "ospo-scan/detect/v1", Files: []detectFile{}}
	var missing []string
	for _, p := range fs.Args() {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		fi, err := os.Stat(p)
		if err != nil {
			missing = append(missing, p)
			continue
		}
		if !fi.IsDir() {
			doc.Files = append(doc.Files, toDetectFile(det.DetectFile(p)))
			continue
		}
		files, err := scanner.LicenseFiles(p)
		if err != nil {
			return &exitError{exitScan, fmt.Errorf("detect: %w", err)}
		}
		for _, f := range files {
			doc.Files = append(doc.Files, toDetectFile(det.DetectFile(f)))
		}
	}
	for i, m := range missing {
		missing[i] = safetext.Escape(safetext.Truncate(m, 200))
	}
	// Nothing found at all: the error alone, no empty table before it.
	if len(missing) > 0 && len(doc.Files) == 0 {
		return usageErrorf("detect: no such file or directory: %s", strings.Join(missing, ", "))
	}
	var err error
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		err = enc.Encode(doc)
	} else {
		err = writeDetectText(stdout, doc.Files)
	}
	if err != nil {
		return err
	}
	if len(missing) > 0 {
		return usageErrorf("detect: no such file or directory: %s", strings.Join(missing, ", "))
	}
	return nil
}

// writeDetectText writes the table of detect. File names and notes come
// from the files read and are escaped (an ESC in a name must not reach the
// terminal, a tab must not break the table).
func writeDetectText(w io.Writer, files []detectFile) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "FILE\tLICENSE\tVERDICT\tCOVERAGE\tMATCHES\n")
	for _, f := range files {
		lic := f.License
		if lic == "" {
			lic = "-"
		}
		var ms []string
		for _, m := range f.Matches {
			s := fmt.Sprintf("%s %.1f%% lines %d-%d", safetext.Escape(m.ID), m.Coverage, m.Lines[0], m.Lines[1])
			if m.Kind != "" && m.Kind != "text" {
				s += " (" + m.Kind + ")"
			}
			ms = append(ms, s)
		}
		if f.Note != "" {
			ms = append(ms, "note: "+safetext.Escape(f.Note))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%.1f%%\t%s\n", safetext.Escape(f.Path), safetext.Escape(lic), f.Verdict, f.Coverage, strings.Join(ms, "; "))
	}
	return tw.Flush()
}
