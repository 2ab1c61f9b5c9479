package scanner

import (
	"os"
	"testing"

	"github.com/ospo-scan/ospo-scan/internal/fixture"
	"github.com/ospo-scan/ospo-scan/internal/model"
)

func TestCommitKey(t *testing.T) {
	home := t.TempDir()
	fixture.TelemetryOff(t, home)
	base := LoadOptions{Dir: t.TempDir(), Patterns: []string{"./..."}, Env: []string{"PATH=" + os.Getenv("PATH"), "HOME=" + home, "GOTOOLCHAIN=local"}}
	key, ok := CommitKey(base, "c1", "", "date=2026-01-01")
	if !ok {
		t.Skip("no go command fingerprint here")
	}
	with := func(f func(o *LoadOptions)) LoadOptions {
		o := base
		o.Env = append([]string(nil), base.Env...)
		f(&o)
		return o
	}
	differ := map[string]func() (string, bool){
		"commit": func() (string, bool) { return CommitKey(base, "c2", "", "date=2026-01-01") },
		"prefix": func() (string, bool) { return CommitKey(base, "c1", "sub", "date=2026-01-01") },
		"date":   func() (string, bool) { return CommitKey(base, "c1", "", "date=2026-01-02") },
		"tests": func() (string, bool) {
			return CommitKey(with(func(o *LoadOptions) { o.Tests = true }), "c1", "", "date=2026-01-01")
		},
		"tags": func() (string, bool) {
			return CommitKey(with(func(o *LoadOptions) { o.Tags = []string{"x"} }), "c1", "", "date=2026-01-01")
		},
		"patterns": func() (string, bool) {
			return CommitKey(with(func(o *LoadOptions) { o.Patterns = []string{"./cmd/..."} }), "c1", "", "date=2026-01-01")
		},
		"platform": func() (string, bool) {
			return CommitKey(with(func(o *LoadOptions) { o.Platforms = []Platform{{"windows", "amd64"}} }), "c1", "", "date=2026-01-01")
		},
		"GOFLAGS": func() (string, bool) {
			return CommitKey(with(func(o *LoadOptions) { o.Env = append(o.Env, "GOFLAGS=-mod=vendor") }), "c1", "", "date=2026-01-01")
		},
	}
	for name, f := range differ {
		k, ok := f()
		if !ok || k == key {
			t.Errorf("%s: key %q ok=%v, want another key than %q", name, k, ok, key)
		}
	}
	if k, _ := CommitKey(base, "c1", "", "date=2026-01-01"); k != key {
		t.Errorf("same inputs: key %q, then %q", key, k)
	}
	for _, env := range []string{"GOWORK=/elsewhere/go.work", "GOFLAGS=-modfile=/x/go.mod", "GOFLAGS=-overlay=o.json", "GOTOOLCHAIN=go1.99.0"} {
		if k, ok := CommitKey(with(func(o *LoadOptions) { o.Env = append(o.Env, env) }), "c1", ""); ok {
			t.Errorf("%s: key %q, want none (an input outside the commit)", env, k)
		}
	}
}

func TestCacheReport(t *testing.T) {
	c, err := OpenCache(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := c.Report("ab12"); ok {
		t.Fatal("empty cache: hit")
	}
	doc := &model.Document{Schema: model.Schema, Policy: "default", Modules: []*model.Module{{Path: "x.com/a", Version: "v1.0.0", Decision: &model.Decision{License: "MIT", Verdict: model.Allow, Source: model.SourceDetected}, License: &model.License{Expression: "MIT"}}}, Findings: []model.Finding{}}
	c.PutReport("ab12", doc)
	got, ok := c.Report("ab12")
	if !ok || len(got.Modules) != 1 || got.Modules[0].Decision.Verdict != model.Allow || got.Policy != "default" {
		t.Fatalf("Report = %+v, %v; want the report stored", got, ok)
	}
	var nilCache *Cache
	nilCache.PutReport("ab12", doc)
	if _, ok := nilCache.Report("ab12"); ok {
		t.Error("nil cache: hit")
	}
}
