package report

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/mod/modfile"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// requireLines finds, for each module path, the line of its require
// directive in a main module's go.mod (the first main module that has one),
// as a path relative to root, else to the first main module's (or the
// workspace's) directory, when possible.
func requireLines(g *model.Graph, root string) map[string]model.Location {
	out := map[string]model.Location{}
	base := ""
	if len(g.Main) > 0 {
		base = g.Main[0].Dir
		if g.Workspace != "" {
			base = filepath.Dir(g.Workspace)
		}
	}
	if root != "" && within(root, base) {
		base = root
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
				out[r.Mod.Path] = model.Location{File: name, Line: r.Syntax.Start.Line}
			}
		}
	}
	return out
}

// within reports whether path lies in (or is) dir.
func within(dir, path string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// policyLocation locates a policy finding ("file:line" in f.Policy) at the
// policy file, relative to root.
func policyLocation(policy string, file, root string) *model.Location {
	if root == "" || file == "" || !within(root, file) {
		return nil
	}
	rel, err := filepath.Rel(root, file)
	if err != nil {
		return nil
	}
	line := 1
	if i := strings.LastIndex(policy, ":"); i >= 0 {
		if n, err := strconv.Atoi(policy[i+1:]); err == nil && n > 0 {
			line = n
		}
	}
	return &model.Location{File: filepath.ToSlash(rel), Line: line}
}
