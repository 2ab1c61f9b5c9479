package scanner_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ospo-scan/ospo-scan/internal/fixture"
	"github.com/ospo-scan/ospo-scan/scanner"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// writeFiles writes files (slash-separated names under dir).
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// graphOf is what the cache tests compare of two graphs.
func graphOf(g *model.Graph) any {
	type mod struct {
		ID       string
		Packages []string
		Via      []string
	}
	var mods []mod
	for _, m := range g.Modules {
		mods = append(mods, mod{m.ID(), m.Packages, m.Via})
	}
	return struct {
		Mods []mod
		Deps map[string][]string
	}{mods, g.Deps}
}

// TestGraphCacheInputs changes, for each input the graph depends on, that
// input after a warm run, and checks the next run with the cache answers
// what a run without it does.
func TestGraphCacheInputs(t *testing.T) {
	const tools = "//go:build tools\n\npackage main\n\nimport (\n\t_ \"example.com/agpl\"\n\t_ \"example.com/lgpl\"\n\t_ \"example.com/mit\"\n\t_ \"example.com/apache\"\n)\n"
	const gomod = "module example.com/app\n\ngo 1.21\n\nrequire (\n\texample.com/agpl v1.0.0\n\texample.com/apache v1.2.0\n\texample.com/lgpl v1.0.0\n\texample.com/mit v1.0.0\n)\n"
	old := time.Now().Add(-time.Hour)
	tests := []struct {
		name   string
		files  map[string]string
		setup  func(t *testing.T, dir string, env []string) // after writing files
		change func(t *testing.T, dir string)
		sub    string // where to scan, under dir
	}{
		{
			name: "go.work replace directory's imports",
			files: map[string]string{
				"go.work":    "go 1.21\n\nuse ./b\n\nreplace example.com/loc => ./loc\n",
				"b/go.mod":   "module example.com/b\n\ngo 1.21\n\nrequire example.com/loc v0.0.0\n",
				"b/b.go":     "package b\n\nimport _ \"example.com/loc\"\n",
				"loc/go.mod": "module example.com/loc\n\ngo 1.21\n\nrequire (\n\texample.com/agpl v1.0.0\n\texample.com/lgpl v1.0.0\n)\n",
				"loc/loc.go": "package loc\n\nimport _ \"example.com/agpl\"\n",
			},
			setup: func(t *testing.T, dir string, env []string) {
				// The go command records in go.work.sum the sums it needs.
				writeFiles(t, dir, map[string]string{"loc/both.go": "package loc\n\nimport _ \"example.com/lgpl\"\n"})
				fixture.Go(t, dir, env, "list", "-deps", "./b/...")
				if err := os.Remove(filepath.Join(dir, "loc", "both.go")); err != nil {
					t.Fatal(err)
				}
			},
			change: func(t *testing.T, dir string) {
				writeFiles(t, dir, map[string]string{"loc/loc.go": "package loc\n\nimport _ \"example.com/lgpl\"\n"})
			},
		},
		{
			name: "imports of a package in a _ directory",
			files: map[string]string{
				"go.mod":      gomod,
				"tools.go":    tools,
				"main.go":     "package main\n\nimport _ \"example.com/app/_gen/x\"\n\nfunc main() {}\n",
				"_gen/x/x.go": "package x\n\nimport _ \"example.com/agpl\"\n",
				"_gen/x/y.go": "package x\n",
			},
			change: func(t *testing.T, dir string) {
				writeFiles(t, dir, map[string]string{"_gen/x/x.go": "package x\n\nimport _ \"example.com/lgpl\"\n"})
			},
		},
		{
			name: "imports of a package under testdata, imported from another",
			files: map[string]string{
				"go.mod":             gomod,
				"tools.go":           tools,
				"main.go":            "package main\n\nimport _ \"example.com/app/testdata/p\"\n\nfunc main() {}\n",
				"testdata/p/p.go":    "package p\n\nimport _ \"example.com/app/testdata/p/_q\"\n",
				"testdata/p/_q/q.go": "package q\n\nimport _ \"example.com/agpl\"\n",
			},
			change: func(t *testing.T, dir string) {
				writeFiles(t, dir, map[string]string{"testdata/p/_q/q.go": "package q\n\nimport _ \"example.com/lgpl\"\n"})
			},
		},
		{
			name: "a vendored file drops an import",
			files: map[string]string{
				"go.mod":   gomod,
				"tools.go": tools,
				"main.go":  "package main\n\nimport _ \"example.com/apache\"\n\nfunc main() {}\n",
			},
			setup: func(t *testing.T, dir string, env []string) {
				fixture.Go(t, dir, env, "mod", "vendor")
			},
			change: func(t *testing.T, dir string) {
				writeFiles(t, dir, map[string]string{"vendor/example.com/apache/apache.go": "package apache\n\nfunc Hello() string { return \"\" }\n"})
			},
		},
		{
			name: "an edit that keeps size and modification time",
			files: map[string]string{
				"go.mod":   gomod,
				"tools.go": tools,
				"main.go":  "package main\n\nimport _ \"example.com/agpl\"\n\nfunc main() {}\n",
			},
			setup: func(t *testing.T, dir string, env []string) {
				if err := os.Chtimes(filepath.Join(dir, "main.go"), old, old); err != nil {
					t.Fatal(err)
				}
			},
			change: func(t *testing.T, dir string) {
				writeFiles(t, dir, map[string]string{"main.go": "package main\n\nimport _ \"example.com/lgpl\"\n\nfunc main() {}\n"})
				if err := os.Chtimes(filepath.Join(dir, "main.go"), old, old); err != nil {
					t.Fatal(err)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := t.TempDir()
			dir := filepath.Join(base, "app")
			env := fixture.Env(t, base)
			writeFiles(t, dir, tt.files)
			if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
				fixture.Go(t, dir, env, "mod", "tidy")
			}
			if tt.setup != nil {
				tt.setup(t, dir, env)
			}
			cache, err := scanner.OpenCache(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(cache.Close)
			load := func(c *scanner.Cache) *model.Graph {
				t.Helper()
				g, err := scanner.Load(context.Background(), scanner.LoadOptions{Dir: dir, Env: env, Cache: c, Platforms: linux(t)})
				if err != nil {
					t.Fatal(err)
				}
				return g
			}
			first := load(cache)
			before := graphOf(first)
			// The graph's Key (which the deep scan keys its set by)
			// is its cache key, the same loaded or cached.
			if warm := load(cache); first.Key == "" || warm.Key != first.Key {
				t.Errorf("graph keys %q, then warm %q", first.Key, warm.Key)
			}
			tt.change(t, dir)
			plain := load(nil)
			if plain.Key != "" {
				t.Errorf("graph loaded without a cache has key %q", plain.Key)
			}
			cold := graphOf(plain)
			if diff := cmp.Diff(before, cold); diff == "" {
				t.Fatal("the change did not change the graph: the test tests nothing")
			}
			changed := load(cache)
			if diff := cmp.Diff(cold, graphOf(changed)); diff != "" {
				t.Errorf("the cached graph differs from a load without the cache (-cold +warm):\n%s", diff)
			}
			if changed.Key == first.Key {
				t.Error("a changed graph has the same key")
			}
		})
	}
}

// TestGraphCacheUnkeyable: GOFLAGS naming files the key does not cover
// (-modfile, -overlay) is never answered from the cache.
func TestGraphCacheUnkeyable(t *testing.T) {
	dir, env := fixture.App(t, "clean", true)
	data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	writeFiles(t, dir, map[string]string{"alt.mod": string(data), "alt.sum": mustRead(t, filepath.Join(dir, "go.sum"))})
	goCmd, log := goWrapper(t)
	cache, _ := scanner.OpenCache(t.TempDir())
	t.Cleanup(cache.Close)
	for i, env := range [][]string{
		append(append([]string(nil), env...), "GOFLAGS=-modcacherw -modfile="+filepath.Join(dir, "alt.mod")),
	} {
		opts := scanner.LoadOptions{Dir: dir, Env: env, Go: goCmd, Cache: cache, Platforms: linux(t)}
		before := listCalls(t, log)
		for range 2 {
			if _, err := scanner.Load(context.Background(), opts); err != nil {
				t.Fatal(err)
			}
		}
		if got := listCalls(t, log) - before; got < 2 {
			t.Errorf("case %d (%s): %d go list runs for two loads; want no cache", i, strings.Join(env[len(env)-1:], " "), got)
		}
	}
}

func mustRead(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestLoadUserOverlay: an -overlay the user sets in GOFLAGS still applies
// beside the one that keeps go.sum unwritten.
func TestLoadUserOverlay(t *testing.T) {
	dir, env := fixture.App(t, "clean", true)
	writeFiles(t, dir, map[string]string{
		"alt.go.txt": "package main\n\nfunc main() {}\n",
		"ov.json":    `{"Replace": {"main.go": "alt.go.txt"}}`,
	})
	env = append(append([]string(nil), env...), "GOFLAGS=-modcacherw -overlay=ov.json")
	g, err := scanner.Load(context.Background(), scanner.LoadOptions{Dir: dir, Env: env, Platforms: linux(t)})
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Modules) != 0 {
		t.Errorf("modules %v; want none: the user's overlay replaces main.go by one without imports", summarize(g))
	}
}
