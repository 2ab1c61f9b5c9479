package scanner

import (
	"context"
	"os"
	"testing"
)

// BenchmarkGraphKey measures the graph key of a warm run (the source
// index cached) on the module in $OSPO_BENCH_DIR, e.g. a copy of
// github.com/mikefarah/yq/v4: the work a warm run does instead of go list.
func BenchmarkGraphKey(b *testing.B) {
	dir := os.Getenv("OSPO_BENCH_DIR")
	if dir == "" {
		b.Skip("set OSPO_BENCH_DIR to a module directory")
	}
	cache, err := OpenCache(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer cache.Close()
	opts := LoadOptions{Dir: dir, Cache: cache, Patterns: []string{"./..."}, Mode: ModePackages}
	r := &runner{opts: opts}
	ge, err := r.readGoEnv(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	dirs, err := mainDirsOf(ge)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := graphKey(opts, ge, dirs, ""); err != nil {
		b.Fatal(err)
	}
	cache.Close() // waits for the source index to be written
	for b.Loop() {
		if _, err := graphKey(opts, ge, dirs, ""); err != nil {
			b.Fatal(err)
		}
	}
}
