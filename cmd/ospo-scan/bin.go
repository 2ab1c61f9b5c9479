package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/ospo-scan/ospo-scan/internal/gobinary"
	"github.com/ospo-scan/ospo-scan/internal/model"
	"github.com/ospo-scan/ospo-scan/policy"
	"github.com/ospo-scan/ospo-scan/scanner"
)

// A binary scan (ospo-scan bin FILE..., or ospo-scan FILE... when every
// argument is an executable) reads each Go binary's build information
// instead of asking the go command for a package graph; everything after
// the graph is the same (README, "Binaries").

// binFile is a binary named on the command line.
type binFile struct {
	path    string // to open (relative to -C)
	display string // as given
}

// binaryFiles returns the binaries to scan: the arguments of ospo-scan
// bin, or the arguments of a plain scan when all of them are executables
// (a package pattern never names one); nil for a scan of source. Flags
// that shape a build from source are refused: the binary's build fixed
// them.
func binaryFiles(flags *pflag.FlagSet, o *options, binMode bool) ([]binFile, error) {
	var files []binFile
	execs := 0
	for _, p := range o.patterns {
		path := p
		if o.dir != "" && !filepath.IsAbs(p) {
			path = filepath.Join(o.dir, p)
		}
		files = append(files, binFile{path: path, display: p})
		if isExecutableFile(path) {
			execs++
		}
	}
	switch {
	case binMode && len(files) == 0:
		return nil, usageErrorf("bin: name at least one Go binary (ospo-scan bin FILE...)")
	case !binMode && execs == 0:
		return nil, nil
	case !binMode && execs < len(files):
		return nil, usageErrorf("the arguments mix executables and package patterns: scan binaries with ospo-scan bin FILE..., packages on their own")
	}
	prefix := "bin: "
	if !binMode {
		prefix = ""
	}
	for _, name := range []string{"scope", "tests", "platform", "tags"} {
		if flags.Changed(name) {
			return nil, usageErrorf("%s--%s does not apply to a binary: its build fixed what it links", prefix, name)
		}
	}
	for _, f := range files {
		fi, err := os.Stat(f.path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return nil, usageErrorf("%s%s: no such file", prefix, displayToken(f.display))
		case err != nil:
			return nil, &exitError{exitScan, fmt.Errorf("%s%s: %v", prefix, displayToken(f.display), bareError(err))}
		case fi.IsDir():
			return nil, usageErrorf("%s%s: is a directory; name the binary file", prefix, displayToken(f.display))
		case !fi.Mode().IsRegular():
			return nil, &exitError{exitScan, fmt.Errorf("%s%s: not a regular file; name the binary file", prefix, displayToken(f.display))}
		}
	}
	if len(files) > 1 && o.sbomFile != "" {
		return nil, usageErrorf("--sbom: %d binaries, each its own product: write one SBOM per binary with --sbom-dir DIR", len(files))
	}
	if len(files) == 1 && o.sbomDir != "" {
		return nil, usageErrorf("--sbom-dir: one binary: write its SBOM with --sbom FILE")
	}
	if o.sbomDir != "" {
		names := map[string]string{}
		for _, f := range files {
			name := sbomName(filepath.ToSlash(f.display), o.sbomFormat)
			if prev, ok := names[name]; ok {
				return nil, usageErrorf("--sbom-dir: binaries %s and %s would both write %s", displayToken(prev), displayToken(f.display), name)
			}
			names[name] = f.display
		}
	}
	return files, nil
}

// isExecutableFile reports whether name is a regular file that starts like
// an ELF, Mach-O or PE executable.
func isExecutableFile(name string) bool {
	// Never open what is no regular file: opening a FIFO waits for a
	// writer.
	if fi, err := os.Stat(name); err != nil || !fi.Mode().IsRegular() {
		return false
	}
	f, err := os.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		return false
	}
	var b [4]byte
	if n, _ := f.Read(b[:]); n < 4 {
		return false
	}
	switch string(b[:]) {
	case "\x7fELF", "\xfe\xed\xfa\xce", "\xfe\xed\xfa\xcf", "\xce\xfa\xed\xfe", "\xcf\xfa\xed\xfe", "\xca\xfe\xba\xbe":
		return true
	}
	return b[0] == 'M' && b[1] == 'Z'
}

// scanBinaries scans each binary on its own, as a monorepo's modules are
// scanned: one graph, detection and decision each. With several, each
// scan's rel is the binary's name, for the merged report and --sbom-dir.
func scanBinaries(ctx context.Context, o options, files []binFile, lo scanner.LoadOptions, pol *policy.Policy, policyPath string, det *scanner.Detector, warmed *scannerWarmer, prog *progress, stderr io.Writer, env []string, now time.Time) ([]*moduleScan, error) {
	read, err := deepTables(o, files, prog)
	if err != nil {
		return nil, err
	}
	var scans []*moduleScan
	for i, f := range files {
		o := o
		if o.deep && !read[i].PCLnTab {
			// The deep scan is the default, not asked for (deepTables
			// refuses that): this binary is scanned plain, and the user
			// told so.
			o.deep = false
			read[i] = nil
			fmt.Fprintf(stderr, "ospo-scan: %s has no file table (a Go binary before 1.16, or a damaged one): scanned without the deep scan\n", displayToken(f.display))
		}
		s, err := scanBinary(ctx, o, f, read[i], lo, pol, policyPath, det, warmed, prog, env, now)
		if err != nil {
			return nil, err
		}
		if len(files) > 1 {
			s.rel = filepath.ToSlash(f.display)
		}
		scans = append(scans, s)
		warmed = nil
	}
	return scans, nil
}

// deepTables reads the binaries up front for --deep (nil without it),
// so that a binary whose file table is gone stops the scan before any
// slow work: the deep scan reads the files that table names, and a
// binary without one would be scanned plain without saying so. Every
// such binary is named, and the exit code is 2.
func deepTables(o options, files []binFile, prog *progress) ([]*gobinary.Binary, error) {
	read := make([]*gobinary.Binary, len(files))
	if !o.deep {
		return read, nil
	}
	var lacking []string
	for i, f := range files {
		prog.set("reading " + displayToken(f.display))
		b, err := scanner.ReadBinary(f.path)
		if err != nil {
			return nil, binaryError(f, err)
		}
		if !b.PCLnTab {
			lacking = append(lacking, displayToken(f.display))
		}
		read[i] = b
	}
	switch {
	case len(lacking) == 0 || !o.deepAsked:
		// Without --deep given, the deep scan is the default: binaries
		// without a table are scanned plain (see scanBinaries).
		return read, nil
	case len(lacking) == 1:
		return nil, usageErrorf("--deep: %s has no file table to read (a Go binary before 1.16, or a damaged one): the files it links cannot be known; scan it without --deep, or scan its source with --deep", lacking[0])
	}
	return nil, usageErrorf("--deep: %s have no file table to read (Go binaries before 1.16, or damaged ones): the files they link cannot be known; scan them without --deep, or their source with --deep", strings.Join(lacking, ", "))
}

// binaryError is the error of reading binary f: exit 3 with the reason
// for a file that is no Go binary ospo-scan can read.
func binaryError(f binFile, err error) error {
	var be *scanner.BinaryError
	if errors.As(err, &be) {
		return &exitError{exitScan, fmt.Errorf("%s: %s", displayToken(f.display), be.Msg)}
	}
	return fmt.Errorf("%s: %w", displayToken(f.display), err)
}

// scanBinary reads one binary's graph (of read, when deepTables read
// it), detects its licenses and decides them. The policy is looked for
// from the directory the scan runs in, as for a module there: a binary
// has no source tree of its own.
func scanBinary(ctx context.Context, o options, f binFile, read *gobinary.Binary, lo scanner.LoadOptions, pol *policy.Policy, policyPath string, det *scanner.Detector, warmed *scannerWarmer, prog *progress, env []string, now time.Time) (*moduleScan, error) {
	prog.set("reading " + displayToken(f.display))
	src := scanner.Binary{File: f.path, Options: lo, Hash: o.sbomFile != "" || o.sbomDir != "", Read: read, Deep: o.deep}
	g, err := src.Graph(ctx)
	if err != nil {
		return nil, binaryError(f, err)
	}
	g.Binary.File = f.display
	here, err := filepath.Abs(dirName(o.dir))
	if err != nil {
		return nil, err
	}
	anchor := &model.Graph{Main: []model.MainModule{{Path: g.Main[0].Path, Dir: here}}}
	doc, err := decide(ctx, o, g, anchor, pol, policyPath, det, warmed, prog, env, now)
	if err != nil {
		return nil, err
	}
	doc.Binaries = []*model.Binary{g.Binary}
	// A module finding has no require line to point at: it points at the
	// binary (SARIF, annotations), not at a go.mod the scan never read.
	for i := range doc.Findings {
		if doc.Findings[i].Kind == model.KindModule && doc.Findings[i].Location == nil {
			doc.Findings[i].Location = &model.Location{File: filepath.ToSlash(f.display), Line: 1}
		}
	}
	return &moduleScan{g: g, doc: doc}, nil
}
