package scanner_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/ospo-scan/ospo-scan/internal/fixture"
	"github.com/ospo-scan/ospo-scan/scanner"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// goWrapper returns a go command that logs each invocation's first
// arguments to a file, and the file.
func goWrapper(t *testing.T) (string, string) {
	t.Helper()
	real, err := exec.LookPath("go")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	log := filepath.Join(dir, "calls")
	script := filepath.Join(dir, "go")
	body := "#!/bin/sh\necho \"$1\" >> " + log + "\nexec " + real + " \"$@\"\n"
	if err := os.WriteFile(script, []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	return script, log
}

func listCalls(t *testing.T, log string) int {
	data, _ := os.ReadFile(log)
	return strings.Count(string(data), "list\n")
}

func TestGraphCache(t *testing.T) {
	dir, env := fixture.App(t, "basic", true)
	goCmd, log := goWrapper(t)
	cache, err := scanner.OpenCache(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cache.Close)
	load := func(opts scanner.LoadOptions) *model.Graph {
		t.Helper()
		opts.Dir, opts.Go, opts.Cache = dir, goCmd, cache
		if opts.Env == nil {
			opts.Env = env
		}
		if opts.Platforms == nil {
			opts.Platforms = linux(t)
		}
		g, err := scanner.Load(context.Background(), opts)
		if err != nil {
			t.Fatal(err)
		}
		// As a run ends: the graph is written in the background, and
		// the next load (the next run) must find it.
		cache.Close()
		return g
	}
	write := func(name, content string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	first := load(scanner.LoadOptions{})
	calls := listCalls(t, log)
	second := load(scanner.LoadOptions{})
	if listCalls(t, log) != calls {
		t.Fatal("second load with nothing changed ran go list; want a cache hit")
	}
	if len(first.Modules) != len(second.Modules) || first.Modules[0].ID() != second.Modules[0].ID() || first.Modules[0].Via[0] != second.Modules[0].Via[0] {
		t.Fatalf("cached graph differs: %v vs %v", first.Modules, second.Modules)
	}
	// Changes to what is not Go code do not invalidate.
	write("README.md", "hello\n")
	load(scanner.LoadOptions{})
	if listCalls(t, log) != calls {
		t.Error("a README change invalidated the graph cache")
	}
	// env with the settings file of `go env -w` in dir/goenv.
	goenvEnv := append(append([]string(nil), env...), "GOENV="+filepath.Join(dir, "goenv"))
	steps := []struct {
		name   string
		change func()
		opts   scanner.LoadOptions
	}{
		{"edit an import", func() {
			write("extra.go", "package main\n\nimport _ \"example.com/tagged\"\n")
		}, scanner.LoadOptions{}},
		{"add a //go:build line", func() {
			write("extra.go", "//go:build ignore\n\npackage main\n\nimport _ \"example.com/tagged\"\n")
		}, scanner.LoadOptions{}},
		{"change a require", func() {
			data, _ := os.ReadFile(filepath.Join(dir, "go.mod"))
			write("go.mod", string(data)+"\n// a comment changes the bytes\n")
		}, scanner.LoadOptions{}},
		{"change GOOS", func() {}, scanner.LoadOptions{Platforms: plats(t, "windows/amd64")}},
		{"change tags", func() {}, scanner.LoadOptions{Tags: []string{"foo"}}},
		{"tests", func() {}, scanner.LoadOptions{Tests: true}},
		{"use a go env settings file", func() {
			write("goenv", "GOFLAGS=-tags=foo\n")
		}, scanner.LoadOptions{Env: goenvEnv}},
		{"change a go env -w setting", func() {
			write("goenv", "GOFLAGS=-tags=bar\n")
		}, scanner.LoadOptions{Env: goenvEnv}},
	}
	for _, s := range steps {
		before := listCalls(t, log)
		s.change()
		g := load(s.opts)
		if listCalls(t, log) == before {
			t.Errorf("%s: the cached graph was used; want a full load", s.name)
		}
		if s.name == "edit an import" {
			found := false
			for _, m := range g.Modules {
				found = found || m.Path == "example.com/tagged"
			}
			if !found {
				t.Errorf("after adding an import of example.com/tagged, it is not in the graph")
			}
		}
	}
	// A cgo file is a reason for doubt: always a full load.
	write("cgo.go", "package main\n\nimport \"C\"\n")
	before := listCalls(t, log)
	opts := scanner.LoadOptions{Env: append(env, "CGO_ENABLED=1")}
	load(opts)
	load(opts)
	if got := listCalls(t, log) - before; got < 2 {
		t.Errorf("with a cgo file, %d go list runs for two loads; want no cache", got)
	}
}

func TestDetectCache(t *testing.T) {
	cache, err := scanner.OpenCache(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cache.Close)
	isc, err := os.ReadFile("../testdata/licenses/isc.txt")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "LICENSE"), isc, 0o644); err != nil {
		t.Fatal(err)
	}
	d := scanner.NewDetector()
	d.Cache = cache
	versioned := func() *model.Module {
		return &model.Module{Path: "example.com/v", Version: "v1.0.0", Sum: "h1:xyz=", Dir: dir}
	}
	local := func() *model.Module {
		return &model.Module{Path: "example.com/l", Version: "v0.0.0", Replace: &model.Replacement{Path: "./l"}, Dir: dir}
	}
	mods := []*model.Module{versioned(), local()}
	if err := d.Detect(context.Background(), mods, 2); err != nil {
		t.Fatal(err)
	}
	if mods[0].License.Expression != "ISC" || mods[1].License.Expression != "ISC" {
		t.Fatalf("first detection: %+v %+v", mods[0].License, mods[1].License)
	}
	// The module cache is immutable, so a versioned module's result comes
	// from the cache even if the files were (impossibly) changed; a local
	// replacement is keyed by content and is detected again.
	if err := os.WriteFile(filepath.Join(dir, "LICENSE"), []byte("All rights reserved. No permission is granted.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	d2 := scanner.NewDetector()
	d2.Cache = cache
	mods = []*model.Module{versioned(), local()}
	if err := d2.Detect(context.Background(), mods, 2); err != nil {
		t.Fatal(err)
	}
	if mods[0].License.Expression != "ISC" {
		t.Errorf("versioned module not served from the cache: %+v", mods[0].License)
	}
	if mods[1].License.Expression != "" {
		t.Errorf("local replacement served a stale cached result: %+v", mods[1].License)
	}
}

func TestCorruptCacheEntry(t *testing.T) {
	cdir := t.TempDir()
	cache, _ := scanner.OpenCache(cdir)
	t.Cleanup(cache.Close)
	dir := t.TempDir()
	isc, _ := os.ReadFile("../testdata/licenses/isc.txt")
	os.WriteFile(filepath.Join(dir, "LICENSE"), isc, 0o644)
	d := scanner.NewDetector()
	d.Cache = cache
	m := []*model.Module{{Path: "example.com/v", Version: "v1.0.0", Sum: "h1:xyz=", Dir: dir}}
	if err := d.Detect(context.Background(), m, 1); err != nil {
		t.Fatal(err)
	}
	cache.Close()
	if n, err := scanner.ReplaceEntries(cdir, "detect", []byte("{truncated")); err != nil || n != 1 {
		t.Fatalf("%d cache entries replaced, want 1 (%v)", n, err)
	}
	m = []*model.Module{{Path: "example.com/v", Version: "v1.0.0", Sum: "h1:xyz=", Dir: dir}}
	if err := d.Detect(context.Background(), m, 1); err != nil {
		t.Fatal(err)
	}
	if m[0].License.Expression != "ISC" {
		t.Errorf("after a corrupt entry: %+v", m[0].License)
	}
	cache.Close()
	stored, _ := scanner.StoredEntries(cdir, "detect")
	good := false
	for _, entries := range stored {
		for _, e := range entries {
			good = good || strings.Contains(string(e), "ISC")
		}
	}
	if !good {
		t.Errorf("corrupt entry was not replaced: %q", stored)
	}
}

// TestGraphCacheReplaceDir: the files of a replacement directory are part
// of the key.
func TestGraphCacheReplaceDir(t *testing.T) {
	dir, env := fixture.App(t, "replacedir", true)
	goCmd, log := goWrapper(t)
	cache, _ := scanner.OpenCache(t.TempDir())
	t.Cleanup(cache.Close)
	opts := scanner.LoadOptions{Dir: dir, Env: env, Go: goCmd, Cache: cache, Platforms: linux(t)}
	for range 2 {
		if _, err := scanner.Load(context.Background(), opts); err != nil {
			t.Fatal(err)
		}
	}
	calls := listCalls(t, log)
	os.WriteFile(filepath.Join(dir, "third_party", "local", "more.go"), []byte("package local\n\nimport _ \"example.com/apache\"\n"), 0o644)
	// The new import needs a requirement; the load may fail, but it must
	// not be answered from the cache.
	scanner.Load(context.Background(), opts)
	if listCalls(t, log) == calls {
		t.Error("an import edit in a replacement directory was answered from the cache")
	}
}

// TestLoadStarted: LoadOptions.Started is called once for a graph the go
// command loads, after go env, and not for a graph from the cache.
func TestLoadStarted(t *testing.T) {
	dir, env := fixture.App(t, "basic", true)
	goCmd, log := goWrapper(t)
	cache, err := scanner.OpenCache(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cache.Close)
	var mu sync.Mutex
	calls := 0
	started := func() {
		mu.Lock()
		defer mu.Unlock()
		calls++
		if data, _ := os.ReadFile(log); !strings.Contains(string(data), "env\n") {
			t.Errorf("Started called before go env ran (calls: %q)", data)
		}
	}
	for i, want := range []int{1, 1} {
		opts := scanner.LoadOptions{Dir: dir, Go: goCmd, Cache: cache, Env: env, Platforms: linux(t), Started: started}
		if _, err := scanner.Load(context.Background(), opts); err != nil {
			t.Fatal(err)
		}
		if calls != want {
			t.Errorf("load %d: Started called %d times in all, want %d", i+1, calls, want)
		}
	}
	if n := listCalls(t, log); n != 1 {
		t.Errorf("go list ran %d times, want 1 (the second load from the cache)", n)
	}
}
