package scanner

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ospo-scan/ospo-scan/internal/fixture"
	"github.com/ospo-scan/ospo-scan/internal/model"
)

// TestDeepAheadListsNothingAfterTake: a read-ahead that DeepScan took,
// or a later load's replaced, while it was visiting a directory (past
// its last look at stopped) keeps no listing or header tag in the
// Detector's listings, which DeepScan drops (see
// TestDeepScanDropsListings): they would be the next scan's.
func TestDeepAheadListsNothingAfterTake(t *testing.T) {
	for _, tt := range []struct {
		name string
		end  func(t *testing.T, d *Detector, m *model.Module)
	}{
		{"taken by DeepScan", func(t *testing.T, d *Detector, m *model.Module) {
			if err := d.DeepScan(context.Background(), []*model.Module{m}, 1); err != nil {
				t.Fatal(err)
			}
		}},
		{"replaced by a later load's", func(t *testing.T, d *Detector, m *model.Module) {
			d.keepAhead(&deepAhead{results: map[string]map[string]aheadResult{}}, nil)
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			root := writeModule(t, map[string]string{
				"LICENSE": "x",
				"p/p.go":  "// SPDX-License-Identifier: MIT\n\npackage p\n",
			})
			d := NewDetector()
			d.KeepListings = true
			a := testAhead(&d.lists)
			m := &model.Module{Path: "example.com/m", Version: "v1.0.0", Dir: root, Deep: &model.Deep{Files: []model.FileLicense{}}}
			d.keepAhead(a, []*model.Module{m})
			tt.end(t, d, m)
			d.lists.reset()
			// The read-ahead goes on with the directory it was at,
			// having looked at stopped just before it was halted.
			a.stopped.Store(false)
			a.visit(aheadDir{root: root, rel: "p", record: true})
			dir := filepath.Join(root, "p")
			if d.lists.has(dir) {
				t.Errorf("%s listed into the Detector after the read-ahead ended", dir)
			}
			d.lists.mu.Lock()
			tags := len(d.lists.tags)
			d.lists.mu.Unlock()
			if tags != 0 {
				t.Errorf("%d header tags kept after the read-ahead ended", tags)
			}
		})
	}
}

// TestDeepAheadEndsWithLoadContext: the read-ahead a load hands to the
// Detector, still running, ends when the load's context is done, before
// any DeepScan: a caller that gives up after Load (or during Detect) does
// not leave it reading the module cache.
func TestDeepAheadEndsWithLoadContext(t *testing.T) {
	dir, env := fixture.App(t, "deepmix", true)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	d := NewDetector()
	d.KeepListings = true
	if _, err := Load(ctx, LoadOptions{Dir: dir, Env: env, Detector: d}); err != nil {
		t.Fatal(err)
	}
	a := keptAhead(t, d)
	cancel()
	for i := 0; !a.stopped.Load() && i < 500; i++ {
		time.Sleep(10 * time.Millisecond)
	}
	if !a.stopped.Load() {
		t.Error("the read-ahead was not halted when the load's context was cancelled")
	}
	<-a.done
}

// TestDeepAheadNotWaitedFor: with the read-ahead taken as it is when
// DeepScan starts (not waited for, as outside tests), the deep results
// are those DeepScan reads itself, scan after scan (run with -race).
func TestDeepAheadNotWaitedFor(t *testing.T) {
	dir, env := fixture.App(t, "deepmix", true)
	scan := func(ahead bool) map[string]*model.Deep {
		t.Helper()
		g, _ := loadDeepScan(t, dir, env, ahead, false)
		return deepsByPath(g)
	}
	want := scan(false)
	for range 3 {
		if diff := cmp.Diff(want, scan(true)); diff != "" {
			t.Errorf("deep results differ (-read by DeepScan +read ahead, not waited for):\n%s", diff)
		}
	}
}

// TestDeepAheadDroppedByNextLoad: a read-ahead whose DeepScan never came
// ends when the Detector is given to another load, even one that starts
// no read-ahead of its own: it would only go on reading, and listing
// into the next scan's listings.
func TestDeepAheadDroppedByNextLoad(t *testing.T) {
	dir, env := fixture.App(t, "deepmix", true)
	ctx := context.Background()
	d := NewDetector()
	d.KeepListings = true
	opts := LoadOptions{Dir: dir, Env: env, Detector: d}
	if _, err := Load(ctx, opts); err != nil {
		t.Fatal(err)
	}
	a := keptAhead(t, d)
	d.KeepListings = false // no read-ahead for the next load
	if _, err := Load(ctx, opts); err != nil {
		t.Fatal(err)
	}
	d.mu.Lock()
	kept := d.ahead
	d.mu.Unlock()
	if kept != nil || !a.stopped.Load() {
		t.Errorf("the first load's read-ahead is still kept (%v) or running (%v) after the second load", kept != nil, !a.stopped.Load())
	}
	a.mu.Lock()
	taken := a.taken
	a.mu.Unlock()
	if !taken {
		t.Error("the first load's read-ahead may still keep listings")
	}
	<-a.done
}

// TestDeepAheadNilListings: a read-ahead without listings (a nil
// *listCache caches nothing) still reads and records.
func TestDeepAheadNilListings(t *testing.T) {
	root := writeModule(t, map[string]string{"p/p.go": "// SPDX-License-Identifier: MIT\n\npackage p\n"})
	a := testAhead(nil)
	a.visit(aheadDir{root: root, rel: "p", record: true})
	if r := a.take()[root]["p/p.go"]; len(r.found) != 1 || r.found[0].License != "MIT" {
		t.Errorf("p/p.go: %+v", r)
	}
}
