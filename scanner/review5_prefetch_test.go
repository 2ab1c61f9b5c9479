package scanner

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ospo-scan/ospo-scan/internal/fixture"
	"github.com/ospo-scan/ospo-scan/internal/model"
)

// TestLoadWithDetectorColdModuleCache: with an empty module cache, the
// prefetch lists the directories of the modules go.mod requires before
// the go command has downloaded them; detection after the load reads
// them as downloaded, and finds the same licenses as a scan that
// detected after the load.
func TestLoadWithDetectorColdModuleCache(t *testing.T) {
	dir, env := fixture.App(t, "basic", true)
	plain, err := Load(context.Background(), LoadOptions{Dir: dir, Env: env, Tests: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := NewDetector().Detect(context.Background(), plain.Modules, 0); err != nil {
		t.Fatal(err)
	}
	clean := exec.Command("go", "clean", "-modcache")
	clean.Dir, clean.Env = dir, env
	if out, err := clean.CombinedOutput(); err != nil {
		t.Fatalf("go clean -modcache: %v\n%s", err, out)
	}
	for _, m := range plain.Modules {
		if _, err := os.Stat(m.Dir); err == nil {
			t.Fatalf("%s still in the module cache", m.Path)
		}
	}
	d := NewDetector()
	g, err := Load(context.Background(), LoadOptions{Dir: dir, Env: env, Tests: true, Detector: d})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Detect(context.Background(), g.Modules, 0); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(graphJSON(t, plain), graphJSON(t, g)); diff != "" {
		t.Errorf("graph differs (-detected after the load +prefetched on a cold module cache):\n%s", diff)
	}
}

// TestPrefetchHalfExtracted: a module the go command is still extracting
// into the module cache (its .partial file present, LICENSE not written
// yet) is not detected by the prefetch, whose listings detection would
// reuse: detection after the load reads the module complete.
func TestPrefetchHalfExtracted(t *testing.T) {
	cache := t.TempDir()
	const path, version = "example.com/m", "v1.0.0"
	dir := filepath.Join(cache, path+"@"+version)
	marker := filepath.Join(cache, "cache", "download", path, "@v", version+".partial")
	for name, content := range map[string]string{filepath.Join(dir, "m.go"): "package m\n", marker: ""} {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	d := NewDetector()
	p := newPrefetch(d, &runner{ge: goEnv{GOMODCACHE: cache}})
	p.detect(&model.Module{Path: path, Dir: dir}, 1)
	// The go command finishes the extraction.
	if err := os.WriteFile(filepath.Join(dir, "LICENSE"), []byte(corpusText(t, "x11.txt")), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(marker); err != nil {
		t.Fatal(err)
	}
	m := &model.Module{Path: path, Version: version, Dir: dir, Packages: []string{path}}
	p.g = &model.Graph{Modules: []*model.Module{m}} // the graph loaded beside it
	p.stop(true)
	if err := d.Detect(context.Background(), []*model.Module{m}, 1); err != nil {
		t.Fatal(err)
	}
	if m.License == nil || m.License.Expression != "X11" {
		t.Errorf("license of a module extracted during the prefetch: %+v", m.License)
	}
	// Once extracted, the prefetch detects it.
	p = newPrefetch(d, &runner{ge: goEnv{GOMODCACHE: cache}})
	p.detect(&model.Module{Path: path, Dir: dir}, 1)
	if len(p.done) != 1 {
		t.Errorf("an extracted module was not prefetched")
	}
	p.stop(false)
}
