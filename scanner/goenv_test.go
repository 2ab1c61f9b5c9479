package scanner

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/ospo-scan/ospo-scan/internal/fixture"
)

// TestGoEnvCache checks that go env's answer is cached under a fingerprint
// that changes with each input, and never cached for a toolchain switch or
// a go command that is a script.
func TestGoEnvCache(t *testing.T) {
	dir, env := fixture.App(t, "basic", true)
	cache, err := OpenCache(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cache.Close)
	settings := filepath.Join(t.TempDir(), "goenv")
	base := append(append([]string(nil), env...), "GOENV="+settings)
	opts := LoadOptions{Dir: dir, Env: base, Cache: cache}
	r := &runner{opts: opts}
	ge, err := r.readGoEnv(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if ge.GOMOD != filepath.Join(dir, "go.mod") || ge.GOVERSION == "" || ge.GOENV != settings {
		t.Fatalf("go env = %+v", ge)
	}
	fp, _, ok := goEnvFingerprint(&opts)
	if !ok {
		t.Fatal("no fingerprint for the go command on PATH")
	}
	// A second read answers from the cache: plant a marker to see it.
	marked := ge
	marked.GOVERSION = "go-from-cache"
	cache.put("goenv", fp, marked)
	if got, err := r.readGoEnv(context.Background()); err != nil || got.GOVERSION != "go-from-cache" {
		t.Fatalf("second read = %+v, %v; want the cached entry", got, err)
	}

	write := func(name, content string) {
		t.Helper()
		if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	script := filepath.Join(t.TempDir(), "go")
	write(script, "#!/bin/sh\nexec go \"$@\"\n")
	os.Chmod(script, 0o755)
	sub := filepath.Join(dir, "sub")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name   string
		change func(o *LoadOptions)
		ok     bool // whether a fingerprint is expected at all
	}{
		{"GOFLAGS", func(o *LoadOptions) { o.Env = append(o.Env, "GOFLAGS=-tags=x") }, true},
		{"go env -w", func(o *LoadOptions) { write(settings, "GOFLAGS=-mod=mod\n") }, true},
		{"go.work beside go.mod", func(o *LoadOptions) { write(filepath.Join(dir, "go.work"), "go 1.21\n\nuse .\n") }, true},
		{"go.mod in a subdirectory run from", func(o *LoadOptions) {
			o.Dir = sub
			write(filepath.Join(sub, "go.mod"), "module sub\n")
		}, true},
		{"go.mod removed", func(o *LoadOptions) { os.Remove(filepath.Join(sub, "go.mod")) }, true},
		{"GOTOOLCHAIN", func(o *LoadOptions) { o.Env = append(o.Env, "GOTOOLCHAIN=go1.99.0") }, false},
		{"script shim", func(o *LoadOptions) { o.Go = script }, false},
	}
	seen := map[string]string{fp: "start"}
	o := opts
	o.Env = append([]string(nil), base...)
	for _, s := range steps {
		s.change(&o)
		got, _, ok := goEnvFingerprint(&o)
		if ok != s.ok {
			t.Errorf("%s: fingerprint ok = %v, want %v", s.name, ok, s.ok)
			continue
		}
		if !ok {
			continue
		}
		if prev, dup := seen[got]; dup {
			t.Errorf("%s: fingerprint unchanged since %s", s.name, prev)
		}
		seen[got] = s.name
	}

	// An entry that does not match where the fingerprint looked for
	// GOROOT is never used.
	wrong := marked
	wrong.GOROOT = "/elsewhere"
	cache.put("goenv", fp, wrong)
	if got, err := r.readGoEnv(context.Background()); err != nil || got.GOVERSION != ge.GOVERSION || got.GOROOT == "/elsewhere" {
		t.Fatalf("read with a mismatched entry = %+v, %v; want go env's own answer", got, err)
	}
}
