package scanner

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/ospo-scan/ospo-scan/internal/fixture"
	"github.com/ospo-scan/ospo-scan/internal/model"
)

// TestDeepAheadNotKeptAcrossLoads: the results of a read-ahead whose
// DeepScan never came are not taken by the DeepScan of a later load's
// graph that had no read-ahead of its own (a Detector without
// KeepListings, a load not given the Detector): that scan reads the
// files as they are then.
func TestDeepAheadNotKeptAcrossLoads(t *testing.T) {
	for _, tt := range []struct {
		name string
		load func(d *Detector, opts LoadOptions) LoadOptions
	}{
		{"later load without KeepListings", func(d *Detector, opts LoadOptions) LoadOptions {
			d.KeepListings = false
			opts.Detector = d
			return opts
		}},
		{"later load not given the Detector", func(d *Detector, opts LoadOptions) LoadOptions { return opts }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir, env := fixture.App(t, "deepmix", true)
			ctx := context.Background()
			d := NewDetector()
			d.KeepListings, d.aheadFinish = true, true
			opts := LoadOptions{Dir: dir, Env: env}
			first := opts
			first.Detector = d
			g, err := Load(ctx, first)
			if err != nil {
				t.Fatal(err)
			}
			// No DeepScan of that graph. deepmix.go changes in the
			// module cache (writable here: -modcacherw) before the next.
			m := moduleOf(t, g, "example.com/deepmix")
			src := "// SPDX-License-Identifier: BSD-3-Clause\n\npackage deepmix\n\nfunc Mix() string { return \"mix\" }\n"
			if err := os.WriteFile(filepath.Join(m.Dir, "deepmix.go"), []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			g, err = Load(ctx, tt.load(d, opts))
			if err != nil {
				t.Fatal(err)
			}
			detectDeep(t, d, g.Modules)
			if n := d.aheadTaken.Load(); n != 0 {
				t.Errorf("%d results taken from the first load's read-ahead", n)
			}
			m = moduleOf(t, g, "example.com/deepmix")
			found := false
			for _, f := range m.Deep.Files {
				found = found || f.File == "deepmix.go" && f.License == "BSD-3-Clause"
			}
			if !found {
				t.Errorf("deepmix.go as changed not read: %+v", m.Deep.Files)
			}
		})
	}
}

func moduleOf(t *testing.T, g *model.Graph, path string) *model.Module {
	t.Helper()
	for _, m := range g.Modules {
		if m.Path == path {
			return m
		}
	}
	t.Fatalf("no module %s in the graph", path)
	return nil
}
