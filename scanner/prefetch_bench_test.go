package scanner

import (
	"context"
	"os"
	"testing"
)

// BenchmarkColdScan measures a cold scan's graph load and detection (no
// cache) on the module in $OSPO_BENCH_DIR, e.g. a copy of
// github.com/prometheus/prometheus: "after" detects once the graph is
// loaded, "during" starts detection while go list runs (see prefetch).
// The license scanner is built before the clock starts.
func BenchmarkColdScan(b *testing.B) {
	dir := os.Getenv("OSPO_BENCH_DIR")
	if dir == "" {
		b.Skip("set OSPO_BENCH_DIR to a module directory")
	}
	for _, during := range []bool{false, true} {
		name := "after"
		if during {
			name = "during"
		}
		b.Run(name, func(b *testing.B) {
			d := NewDetector()
			if err := d.Warm(); err != nil {
				b.Fatal(err)
			}
			opts := LoadOptions{Dir: dir}
			if during {
				opts.Detector = d
			}
			for b.Loop() {
				g, err := Load(context.Background(), opts)
				if err != nil {
					b.Fatal(err)
				}
				if err := d.Detect(context.Background(), g.Modules, 0); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
