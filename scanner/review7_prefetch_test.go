package scanner

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// TestPrefetchRequeueConcurrent: packages with license directories of
// their own shown from several goroutines while the workers run (jobs
// requeued, reruns running), and the prefetch stopped or cancelled at
// any point: no race, no deadlock, and Detect's result is the one
// detecting the complete module without the prefetch gives.
func TestPrefetchRequeueConcurrent(t *testing.T) {
	const path = "example.com/m"
	const n = 24
	files := map[string]string{"LICENSE": corpusText(t, "isc.txt")}
	var pkgs []string
	for i := range n {
		name := fmt.Sprintf("d%02d/p", i)
		if i%3 == 0 {
			files[fmt.Sprintf("d%02d/LICENSE", i)] = corpusText(t, "x11.txt")
		}
		if i%4 == 0 {
			files[name+"/COPYING"] = corpusText(t, "x11.txt")
		}
		files[name+"/p.go"] = "// SPDX-License-Identifier: ISC\npackage p\n"
		pkgs = append(pkgs, path+"/"+name)
	}
	dir := writeModule(t, files)
	want := &model.Module{Path: path, Version: "v1.0.0", Dir: dir, Packages: pkgs}
	if err := NewDetector().Detect(context.Background(), []*model.Module{want}, 1); err != nil {
		t.Fatal(err)
	}
	for round := range 20 {
		d := NewDetector()
		ctx, cancel := context.WithCancel(context.Background())
		p := newPrefetch(d, &runner{})
		p.unwatch = context.AfterFunc(ctx, p.halt)
		p.add(path, dir, "")
		p.start()
		lm := &listModule{Path: path, Version: "v1.0.0", Dir: dir}
		var wg sync.WaitGroup
		for g := range 3 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := g; i < n; i += 3 {
					if round%5 == 4 && i == n/2 {
						cancel()
					}
					p.sawPackage(&listPackage{ImportPath: pkgs[i], Module: lm, Dir: filepath.Join(dir, filepath.FromSlash(pkgs[i][len(path)+1:]))})
				}
			}()
		}
		wg.Wait()
		p.stop(round%7 != 6)
		cancel()
		got := &model.Module{Path: path, Version: "v1.0.0", Dir: dir, Packages: pkgs}
		if err := d.Detect(context.Background(), []*model.Module{got}, 1); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(licenseJSON(t, want.License), licenseJSON(t, got.License)); diff != "" {
			t.Fatalf("round %d: license differs (-want +got):\n%s", round, diff)
		}
	}
}
