package scanner

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ospo-scan/ospo-scan/internal/fixture"
	"github.com/ospo-scan/ospo-scan/internal/model"
)

// TestGraphCacheCgoDefault: with CGO_ENABLED unset, the go command
// enables cgo only when it finds a C compiler on PATH, and the graph (the
// files a cgo package links) follows. A cached graph is not answered for
// a PATH where the compiler is gone (or back): it is the graph a load
// without the cache gives.
func TestGraphCacheCgoDefault(t *testing.T) {
	if _, err := exec.LookPath(defaultCC()); err != nil {
		t.Skip("no default C compiler on PATH")
	}
	base := t.TempDir()
	dir := filepath.Join(base, "app")
	for name, content := range map[string]string{
		"go.mod":  "module example.com/app\n\ngo 1.21\n\nrequire example.com/deepmix v1.0.0\n",
		"main.go": "package main\n\nimport \"example.com/deepmix/cgo\"\n\nfunc main() { _ = cgo.Answer() }\n",
	} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var env []string
	for _, kv := range fixture.Env(t, base) {
		if !strings.HasPrefix(kv, "CGO_ENABLED=") {
			env = append(env, kv)
		}
	}
	fixture.Go(t, dir, env, "mod", "tidy")
	noCC := slices.Clone(env)
	for i, kv := range noCC {
		if strings.HasPrefix(kv, "PATH=") {
			noCC[i] = "PATH=" + t.TempDir() // no C compiler there
		}
	}
	linked := func(g *model.Graph) []string {
		for _, m := range g.Modules {
			if m.Path == "example.com/deepmix" {
				return m.Linked
			}
		}
		t.Fatal("example.com/deepmix not in the graph")
		return nil
	}
	load := func(env []string, c *Cache) []string {
		t.Helper()
		g, err := Load(context.Background(), LoadOptions{Dir: dir, Env: env, Cache: c})
		if err != nil {
			t.Fatal(err)
		}
		if c != nil {
			c.Close()
		}
		return linked(g)
	}
	withCC, withoutCC := load(env, nil), load(noCC, nil)
	if slices.Equal(withCC, withoutCC) {
		t.Fatalf("the C compiler changed nothing (%v): the test tests nothing", withCC)
	}
	for _, tt := range []struct {
		name        string
		first, then []string
		want        []string
	}{
		{"compiler gone", env, noCC, withoutCC},
		{"compiler back", noCC, env, withCC},
	} {
		c, err := OpenCache(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		load(tt.first, c)
		if got := load(tt.then, c); !cmp.Equal(got, tt.want) {
			t.Errorf("%s: the cached graph links %v, a load without the cache %v", tt.name, got, tt.want)
		}
	}
}
