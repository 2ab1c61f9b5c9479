package scanner

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// TestWarmRunBuildsNoScanner checks that a run whose modules are all in
// the cache never builds the license scanner, and that one miss does.
func TestWarmRunBuildsNoScanner(t *testing.T) {
	cache, err := OpenCache(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cache.Close)
	dir := t.TempDir()
	isc, err := os.ReadFile("../testdata/licenses/isc.txt")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "LICENSE"), isc, 0o644); err != nil {
		t.Fatal(err)
	}
	mod := func(v string) *model.Module {
		return &model.Module{Path: "example.com/m", Version: v, Sum: "h1:" + v + "=", Dir: dir}
	}
	cold := NewDetector()
	cold.Cache = cache
	if err := cold.Detect(context.Background(), []*model.Module{mod("v1.0.0")}, 1); err != nil {
		t.Fatal(err)
	}
	if !cold.c.Built() {
		t.Fatal("a cold detection did not build the scanner")
	}
	warm := NewDetector()
	warm.Cache = cache
	mods := []*model.Module{mod("v1.0.0")}
	if err := warm.Detect(context.Background(), mods, 1); err != nil {
		t.Fatal(err)
	}
	if warm.c.Built() {
		t.Error("a run with every module cached built the scanner")
	}
	if mods[0].License == nil || mods[0].License.Expression != "ISC" {
		t.Errorf("cached license = %+v, want ISC", mods[0].License)
	}
	if err := warm.Detect(context.Background(), []*model.Module{mod("v1.0.1")}, 1); err != nil {
		t.Fatal(err)
	}
	if !warm.c.Built() {
		t.Error("a module missing from the cache did not build the scanner")
	}
}
