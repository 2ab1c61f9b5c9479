package scanner

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/ospo-scan/ospo-scan/internal/model"
	"github.com/ospo-scan/ospo-scan/scanner/deep"
)

// TestDeepAheadListsNothingAfterTake: a read-ahead that DeepScan took
// while it was visiting a directory (past its last look at stopped)
// keeps no listing or header tag in the Detector's listings, which
// DeepScan has dropped (see TestDeepScanDropsListings): they would be
// the next scan's.
func TestDeepAheadListsNothingAfterTake(t *testing.T) {
	root := writeModule(t, map[string]string{
		"LICENSE": "x",
		"p/p.go":  "// SPDX-License-Identifier: MIT\n\npackage p\n",
	})
	d := NewDetector()
	d.KeepListings = true
	a := &deepAhead{
		sc: &deep.Scanner{}, lists: &d.lists, plats: []aheadPlatform{newAheadPlatform(Platform{GOOS: "linux", GOARCH: "amd64"}, false, nil)},
		seen: map[string]bool{}, followed: map[string]bool{}, complete: map[string]bool{},
		results: map[string]map[string]aheadResult{}, done: make(chan struct{}),
	}
	m := &model.Module{Path: "example.com/m", Version: "v1.0.0", Dir: root, Deep: &model.Deep{Files: []model.FileLicense{}}}
	d.keepAhead(a, []*model.Module{m})
	if err := d.DeepScan(context.Background(), []*model.Module{m}, 1); err != nil {
		t.Fatal(err)
	}
	// The read-ahead goes on with the directory it was at, having looked
	// at stopped just before DeepScan halted it.
	a.stopped.Store(false)
	a.visit(aheadDir{root: root, rel: "p", record: true})
	dir := filepath.Join(root, "p")
	if d.lists.has(dir) {
		t.Errorf("%s listed into the Detector after DeepScan took the read-ahead", dir)
	}
	d.lists.mu.Lock()
	tags := len(d.lists.tags)
	d.lists.mu.Unlock()
	if tags != 0 {
		t.Errorf("%d header tags kept after DeepScan took the read-ahead", tags)
	}
}
