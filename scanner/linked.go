package scanner

import (
	"path/filepath"
	"sort"
	"strings"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// linkedFields are the fields of go list's JSON that name the files the
// build compiles: the deep scan reads them (see Module.Linked). They come
// from the graph's own go list run, never from a walk of the modules;
// SysoFiles (object files) and the files that build constraints exclude
// are left out, as the build leaves them out.
const linkedFields = "Dir,GoFiles,CgoFiles,CFiles,CXXFiles,HFiles,SFiles"

// link records the compiled files of package p of module m, relative to
// the module root. A package directory outside the module's (which the go
// command never reports) is left out rather than trusted.
func (b *graphBuilder) link(m *model.Module, p *listPackage) {
	if m.Dir == "" || p.Dir == "" {
		return
	}
	rel, err := filepath.Rel(m.Dir, p.Dir)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return
	}
	rel = filepath.ToSlash(rel)
	if b.linked == nil {
		b.linked = map[string]map[string]bool{}
	}
	set := b.linked[m.Path]
	if set == nil {
		set = map[string]bool{}
		b.linked[m.Path] = set
	}
	for _, files := range [][]string{p.GoFiles, p.CgoFiles, p.CFiles, p.CXXFiles, p.HFiles, p.SFiles} {
		for _, f := range files {
			if f == "" || strings.ContainsAny(f, `/\`) || f == "." || f == ".." {
				continue // go list names files of the directory itself
			}
			if rel != "." {
				f = rel + "/" + f // path.Join without its cleaning: rel is clean, f one element
			}
			set[f] = true
		}
	}
}

// sortedKeys returns the keys of a set, sorted; nil for an empty set.
func sortedKeys(set map[string]bool) []string {
	if len(set) == 0 {
		return nil
	}
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
