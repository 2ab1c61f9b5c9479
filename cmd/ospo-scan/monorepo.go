package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ospo-scan/ospo-scan/report"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// A monorepo is a repository whose Go modules live in subdirectories, with
// no go.mod (and no go.work) at or above the directory scanned. The go
// command refuses to run there ("not inside a Go module"); ospo-scan scans
// each module below on its own, as each is built and shipped on its own,
// and reports them together (README, "Monorepos").

// maxModules bounds the modules a monorepo scan takes on.
const maxModules = 1000

// monorepoModules returns the directories (relative, sorted) below dir that
// hold a go.mod, when dir is inside no module or workspace; nil otherwise.
// It skips vendor/, testdata/, node_modules/, hidden and _ directories, as
// the go command skips them for ./..., and does not follow symbolic links.
func monorepoModules(dir string, env []string) ([]string, error) {
	root, err := filepath.Abs(dirName(dir))
	if err != nil {
		return nil, nil
	}
	if insideModule(root, env) {
		return nil, nil
	}
	var mods []string
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			// A directory that cannot be read may hold a module: say so,
			// never report the rest as if it were all (the go command
			// fails ./... the same way).
			rel, _ := filepath.Rel(root, p)
			return &exitError{exitScan, fmt.Errorf("%s holds no go.mod, so every module below it is scanned, but %s cannot be read: %v; fix its permissions, or run ospo-scan in each module", displayToken(dirName(dir)), displayToken(filepath.ToSlash(rel)), bareError(err))}
		}
		if !d.IsDir() {
			return nil
		}
		if p != root {
			name := d.Name()
			if name == "vendor" || name == "testdata" || name == "node_modules" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
				return fs.SkipDir
			}
		}
		if fi, err := os.Lstat(filepath.Join(p, "go.mod")); err == nil && fi.Mode().IsRegular() && p != root {
			rel, _ := filepath.Rel(root, p)
			mods = append(mods, rel)
			if len(mods) > maxModules {
				return errTooManyModules
			}
		}
		return nil
	})
	if errors.Is(err, errTooManyModules) {
		return nil, usageErrorf("%s holds more than %d Go modules: run ospo-scan in each module, or in a directory with fewer below it", displayToken(dirName(dir)), maxModules)
	}
	if err != nil {
		return nil, err
	}
	slices.Sort(mods)
	return mods, nil
}

var errTooManyModules = errors.New("too many modules")

// insideModule reports whether the go command run in dir would find a
// module or workspace: a go.mod or go.work in dir or above it (go.work not
// with GOWORK=off), or GOWORK naming a file.
func insideModule(dir string, env []string) bool {
	names := []string{"go.mod", "go.work"}
	switch w := lookup(env, "GOWORK"); w {
	case "", "auto":
	case "off":
		// go.work files do not count.
		names = names[:1]
	default:
		return true
	}
	for d := dir; ; {
		for _, name := range names {
			if _, err := os.Stat(filepath.Join(d, name)); err == nil {
				return true
			}
		}
		parent := filepath.Dir(d)
		if parent == d {
			return false
		}
		d = parent
	}
}

// dirName is the -C directory, or "." for the current one.
func dirName(dir string) string {
	if dir == "" {
		return "."
	}
	return dir
}

// onlyAllPattern reports whether the package patterns are the default
// ./..., the only patterns that mean the same in every module.
func onlyAllPattern(patterns []string) bool {
	for _, p := range patterns {
		if filepath.Clean(p) != "..." && p != "./..." {
			return false
		}
	}
	return true
}

// sbomName is the file name of a module's SBOM in --sbom-dir: its
// directory below the root with / as _ ("root" for the root itself), with
// the extension of the encoding.
func sbomName(rel, format string) string {
	name := strings.ReplaceAll(rel, "/", "_")
	if name == "" || name == "." {
		name = "root"
	}
	if ext, ok := sbomExtensions[format]; ok {
		return name + ext
	}
	return name + ".cdx.json"
}

// mergeScans combines the scans of a monorepo's modules into one report: each module record and finding names its main module, a
// dependency used by two modules is listed once for each (each ships it
// under its own policy), and the summary counts them all.
func mergeScans(scans []*moduleScan) *model.Document {
	doc := &model.Document{Schema: scans[0].doc.Schema, Tool: scans[0].doc.Tool, Main: []string{}, Modules: []*model.Module{}, Findings: []model.Finding{}}
	var policies []string
	for _, s := range scans {
		doc.Main = append(doc.Main, s.doc.Main...)
		doc.Binaries = append(doc.Binaries, s.doc.Binaries...)
		main := strings.Join(s.doc.Main, ", ")
		for _, m := range s.doc.Modules {
			c := *m
			c.Main = main
			doc.Modules = append(doc.Modules, &c)
		}
		for _, f := range s.doc.Findings {
			f.Main = main
			doc.Findings = append(doc.Findings, f)
		}
		doc.Summary.Modules += s.doc.Summary.Modules
		doc.Summary.Allow += s.doc.Summary.Allow
		doc.Summary.Warn += s.doc.Summary.Warn
		doc.Summary.Deny += s.doc.Summary.Deny
		doc.Summary.Unknown += s.doc.Summary.Unknown
		if !slices.Contains(policies, s.doc.Policy) {
			policies = append(policies, s.doc.Policy)
		}
	}
	doc.Policy = strings.Join(policies, ", ")
	report.SortFindings(doc.Findings)
	return doc
}
