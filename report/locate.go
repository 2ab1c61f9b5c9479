package report

import (
	"os"
	"path/filepath"

	"golang.org/x/mod/modfile"

	"github.com/ospo-scan/ospo-scan/scanner"
)

// requireLines finds, for each module path, the line of its require
// directive in a main module's go.mod (the first main module that has one),
// as a path relative to the first main module's directory when possible.
func requireLines(g *scanner.Graph) map[string]Location {
	out := map[string]Location{}
	base := ""
	if len(g.Main) > 0 {
		base = g.Main[0].Dir
		if g.Workspace != "" {
			base = filepath.Dir(g.Workspace)
		}
	}
	for _, mm := range g.Main {
		if mm.GoMod == "" {
			continue
		}
		data, err := os.ReadFile(mm.GoMod)
		if err != nil || len(data) > 16<<20 {
			continue
		}
		f, err := modfile.ParseLax(mm.GoMod, data, nil)
		if err != nil {
			continue
		}
		name := mm.GoMod
		if rel, err := filepath.Rel(base, mm.GoMod); err == nil && base != "" {
			name = filepath.ToSlash(rel)
		}
		for _, r := range f.Require {
			if _, ok := out[r.Mod.Path]; !ok && r.Syntax != nil {
				out[r.Mod.Path] = Location{File: name, Line: r.Syntax.Start.Line}
			}
		}
	}
	return out
}
