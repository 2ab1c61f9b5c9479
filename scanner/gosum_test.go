package scanner

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ospo-scan/ospo-scan/internal/fixture"
)

func TestUseSumDB(t *testing.T) {
	tests := []struct {
		sumdb, nosumdb, path string
		want                 bool
	}{
		{"sum.golang.org", "", "github.com/a/b", true},
		{"", "", "github.com/a/b", true}, // the go command's default
		{"off", "", "github.com/a/b", false},
		{"sum.golang.org", "github.com/a", "github.com/a/b", false},
		{"sum.golang.org", "github.com/a", "github.com/ab", true},
		{"sum.golang.org", "*.corp.example,github.com/x/*", "github.com/x/y/z", false},
		{"sum.golang.org", "*", "example.com/anything", false},
	}
	for _, tt := range tests {
		if got := useSumDB(goEnv{GOSUMDB: tt.sumdb, GONOSUMDB: tt.nosumdb}, tt.path); got != tt.want {
			t.Errorf("useSumDB(GOSUMDB=%q GONOSUMDB=%q, %s) = %v, want %v", tt.sumdb, tt.nosumdb, tt.path, got, tt.want)
		}
	}
}

func TestCacheFlags(t *testing.T) {
	tests := []struct {
		goflags string
		env     []string
		want    string
	}{
		{"-modcacherw -mod=vendor -modfile=x.mod -tags=a", nil, "-modcacherw"},
		{"-modcacherw", []string{"GOFLAGS=--modcacherw=true -overlay=o.json"}, "--modcacherw=true"},
		{"-mod=mod", nil, ""},
	}
	for _, tt := range tests {
		if got := cacheFlags(tt.goflags, tt.env); got != tt.want {
			t.Errorf("cacheFlags(%q, %q) = %q, want %q", tt.goflags, tt.env, got, tt.want)
		}
	}
}

// TestGraphKeySumDB: which modules the checksum database vouches for
// decides whether --scope modules accepts a module without a go.sum line,
// so it is part of the graph key.
func TestGraphKeySumDB(t *testing.T) {
	dir, env := fixture.App(t, "clean", true)
	cache, err := OpenCache(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cache.Close)
	opts := LoadOptions{Dir: dir, Env: env, Cache: cache, Mode: ModeModules}
	r := &runner{opts: opts}
	ge, err := r.readGoEnv(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	dirs := []string{dir}
	key := func(ge goEnv) string {
		t.Helper()
		k, err := graphKey(opts, ge, dirs, "")
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	base := key(ge)
	for _, change := range []func(*goEnv){
		func(g *goEnv) { g.GOSUMDB = "sum.golang.org" },
		func(g *goEnv) { g.GONOSUMDB = "example.com" },
	} {
		g := ge
		change(&g)
		if key(g) == base {
			t.Errorf("go env %+v: same graph key", g)
		}
	}
	opts.Env = append(append([]string(nil), env...), "GOFLAGS=-overlay=/tmp/o.json")
	if _, err := graphKey(opts, ge, dirs, ""); err != errNoKey {
		t.Errorf("GOFLAGS=-overlay: graphKey error %v, want errNoKey", err)
	}
}

// TestWriteOverlay: every go.sum and go.work.sum maps onto itself, or onto
// nothing when absent; an overlay of the user's GOFLAGS is kept.
func TestWriteOverlay(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"a/go.sum", "user.json"} {
		p := filepath.Join(dir, filepath.FromSlash(f))
		os.MkdirAll(filepath.Dir(p), 0o755)
		content := ""
		if f == "user.json" {
			content = `{"Replace": {"x.go": "y.go", "b/go.sum": ""}}`
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ge := goEnv{GOWORK: filepath.Join(dir, "go.work"), GOFLAGS: "-overlay=user.json"}
	name, err := writeOverlay(ge, []string{filepath.Join(dir, "a"), filepath.Join(dir, "b")}, []string{}, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer os.Remove(name)
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var got struct{ Replace map[string]string }
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		filepath.Join(dir, "go.work.sum"): "",
		filepath.Join(dir, "a", "go.sum"): filepath.Join(dir, "a", "go.sum"),
		filepath.Join(dir, "b", "go.sum"): "",
		filepath.Join(dir, "x.go"):        filepath.Join(dir, "y.go"),
	}
	if diff := cmp.Diff(want, got.Replace); diff != "" {
		t.Errorf("overlay (-want +got):\n%s", diff)
	}
}
