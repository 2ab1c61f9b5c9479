package scanner_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ospo-scan/ospo-scan/internal/fixture"
	"github.com/ospo-scan/ospo-scan/scanner"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// TestBogusCacheEntries writes entries that are valid JSON but no result
// (and entries of an older format) over every graph and detection entry of
// a warm cache: each must be a miss, the scan must equal a scan without a
// cache, and the entry must be overwritten with a good one.
func TestBogusCacheEntries(t *testing.T) {
	dir, env := fixture.App(t, "basic", true)
	scan := func(cache *scanner.Cache) *model.Graph {
		t.Helper()
		g, err := scanner.Load(context.Background(), scanner.LoadOptions{Dir: dir, Env: env, Platforms: linux(t), Cache: cache})
		if err != nil {
			t.Fatal(err)
		}
		d := scanner.NewDetector()
		d.Cache = cache
		if err := d.Detect(context.Background(), g.Modules, 2); err != nil {
			t.Fatal(err)
		}
		cache.Close()
		g.Key = "" // where the graph is cached, not what it is
		return g
	}
	want := scan(nil)
	if len(want.Modules) == 0 {
		t.Fatal("fixture has no modules")
	}

	bogus := []struct {
		kind, name, content string
	}{
		{"graph", "null modules", `{"Graph":{"Modules":[null]}}`},
		{"graph", "empty graph", `{"Graph":{}}`},
		{"graph", "null graph", `{"Graph":null}`},
		{"graph", "null", `null`},
		{"graph", "empty object", `{}`},
		{"graph", "modules without path", `{"Graph":{"Main":[{"Path":"m","Dir":"/"}],"Modules":[{}],"Platforms":["linux/amd64"]}}`},
		{"detect", "empty object", `{}`},
		{"detect", "null", `null`},
		{"detect", "no evidence", `{"license":"MIT"}`},
		{"detect", "evidence without verdict", `{"license":"MIT","evidence":[{"file":"LICENSE"}]}`},
		{"detect", "denied without reason", `{"license":"","evidence":[]}`},
		{"detect", "expression not from evidence", `{"license":"MIT","evidence":[{"file":"LICENSE","verdict":"license","license":"Apache-2.0","matches":[]}]}`},
		{"detect", "wrong checksum", `{"format":"ospo-scan cache 1","kind":"detect","sha256":"00","data":{"license":"MIT"}}`},
	}
	for _, b := range bogus {
		t.Run(b.kind+"/"+b.name, func(t *testing.T) {
			cdir := t.TempDir()
			open := func() *scanner.Cache {
				c, err := scanner.OpenCache(cdir)
				if err != nil {
					t.Fatal(err)
				}
				return c
			}
			scan(open()) // fill the cache
			n, err := scanner.ReplaceEntries(cdir, b.kind, []byte(b.content))
			if err != nil {
				t.Fatal(err)
			}
			if n == 0 {
				t.Fatalf("no %s entries in the cache", b.kind)
			}
			if diff := cmp.Diff(want, scan(open())); diff != "" {
				t.Errorf("scan with bogus %s entries differs from a scan without cache (-want +got):\n%s", b.kind, diff)
			}
			stored, err := scanner.StoredEntries(cdir, b.kind)
			if err != nil {
				t.Fatal(err)
			}
			for key, entries := range stored {
				good := false
				for _, e := range entries {
					good = good || string(e) != b.content
				}
				if !good {
					t.Errorf("bogus entry %s was not replaced by a good one", key[:8])
				}
			}
			// And the rewritten entries are believed again.
			if diff := cmp.Diff(want, scan(open())); diff != "" {
				t.Errorf("scan after the rewrite differs (-want +got):\n%s", diff)
			}
		})
	}
}

// TestCacheEntryOldFormat: an entry written in the format before entries
// carried a version and checksum (the bare payload) is a miss.
func TestCacheEntryOldFormat(t *testing.T) {
	cdir := t.TempDir()
	cache, _ := scanner.OpenCache(cdir)
	dir := t.TempDir()
	isc, _ := os.ReadFile("../testdata/licenses/isc.txt")
	os.WriteFile(filepath.Join(dir, "LICENSE"), isc, 0o644)
	mod := func() []*model.Module {
		return []*model.Module{{Path: "example.com/v", Version: "v1.0.0", Sum: "h1:xyz=", Dir: dir}}
	}
	d := scanner.NewDetector()
	d.Cache = cache
	if err := d.Detect(context.Background(), mod(), 1); err != nil {
		t.Fatal(err)
	}
	cache.Close()
	// A well-formed result of the old format, saying something else.
	old := `{"license":"MIT","evidence":[{"file":"LICENSE","verdict":"license","license":"MIT","matches":[{"id":"MIT","coverage":100,"lines":[1,20]}],"coverage":100}]}`
	if n, err := scanner.ReplaceEntries(cdir, "detect", []byte(old)); err != nil || n != 1 {
		t.Fatalf("%d entries replaced, want 1 (%v)", n, err)
	}
	m := mod()
	if err := d.Detect(context.Background(), m, 1); err != nil {
		t.Fatal(err)
	}
	if m[0].License.Expression != "ISC" {
		t.Errorf("old-format entry believed: license %q, want ISC", m[0].License.Expression)
	}
	cache.Close()
	m = mod()
	if err := d.Detect(context.Background(), m, 1); err != nil || m[0].License.Expression != "ISC" {
		t.Errorf("after the good entry was stored: %+v, %v", m[0].License, err)
	}
}

// TestMissingSourceNotCached: "module source not available" says
// something about this machine, not the module version; a later run with
// the source must detect it.
func TestMissingSourceNotCached(t *testing.T) {
	cdir := t.TempDir()
	cache, _ := scanner.OpenCache(cdir)
	d := scanner.NewDetector()
	d.Cache = cache
	m := []*model.Module{{Path: "example.com/v", Version: "v1.0.0", Sum: "h1:xyz="}}
	if err := d.Detect(context.Background(), m, 1); err != nil {
		t.Fatal(err)
	}
	cache.Close()
	if m[0].License.Reason != "module source not available" {
		t.Fatalf("reason %q", m[0].License.Reason)
	}
	dir := t.TempDir()
	isc, _ := os.ReadFile("../testdata/licenses/isc.txt")
	os.WriteFile(filepath.Join(dir, "LICENSE"), isc, 0o644)
	m = []*model.Module{{Path: "example.com/v", Version: "v1.0.0", Sum: "h1:xyz=", Dir: dir}}
	if err := d.Detect(context.Background(), m, 1); err != nil {
		t.Fatal(err)
	}
	if m[0].License.Expression != "ISC" {
		t.Errorf("with the source present: %+v, want ISC", m[0].License)
	}
}

// TestGraphEntriesPassCheck: the graphs Load stores pass the check of
// cached entries, so a second load is a hit, whatever the kind of
// repository (a check stricter than Load's results would silently turn
// the cache off).
func TestGraphEntriesPassCheck(t *testing.T) {
	for _, tc := range []struct {
		app    string
		vendor bool
		mode   scanner.GraphMode
	}{
		{"basic", false, scanner.ModePackages},
		{"basic", false, scanner.ModeModules},
		{"basic", true, scanner.ModePackages},
		{"basic", true, scanner.ModeModules},
		{"workspace", false, scanner.ModePackages},
		{"replacedir", false, scanner.ModePackages},
		{"replacedir", false, scanner.ModeModules},
		{"nested", false, scanner.ModePackages},
	} {
		t.Run(fmt.Sprintf("%s/vendor=%v/%s", tc.app, tc.vendor, tc.mode), func(t *testing.T) {
			dir, env := fixture.App(t, tc.app, true)
			if tc.vendor {
				fixture.Go(t, dir, env, "mod", "vendor")
			}
			goCmd, log := goWrapper(t)
			cache, _ := scanner.OpenCache(t.TempDir())
			opts := scanner.LoadOptions{Dir: dir, Env: env, Go: goCmd, Cache: cache, Platforms: linux(t), Mode: tc.mode}
			first, err := scanner.Load(context.Background(), opts)
			if err != nil {
				t.Fatal(err)
			}
			cache.Close()
			calls := listCalls(t, log)
			second, err := scanner.Load(context.Background(), opts)
			if err != nil {
				t.Fatal(err)
			}
			if listCalls(t, log) != calls {
				t.Error("the second load ran go list: the stored graph was not accepted")
			}
			if diff := cmp.Diff(first, second); diff != "" {
				t.Errorf("cached graph differs (-first +second):\n%s", diff)
			}
		})
	}
}
