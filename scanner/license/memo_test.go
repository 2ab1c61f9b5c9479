package license

import (
	"bytes"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// memoTexts returns the license texts of testdata/licenses, decoded.
func memoTexts(t *testing.T) map[string][]byte {
	t.Helper()
	files, err := filepath.Glob("../../testdata/licenses/*")
	if err != nil || len(files) == 0 {
		t.Fatalf("no test texts: %v", err)
	}
	out := map[string][]byte{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if text, err := DecodeText(data); err == nil {
			out[filepath.Base(f)] = text
		}
	}
	return out
}

// TestClassifyTextMemo checks that a text classified again is answered
// from the memo, with exactly what classifying it gives, for license
// files and other files alike, and that a caller changing the evidence
// it got changes nothing for the next.
func TestClassifyTextMemo(t *testing.T) {
	var c, fresh Classifier
	if err := fresh.Warm(); err != nil {
		t.Fatal(err)
	}
	for name, text := range memoTexts(t) {
		for _, licenseFile := range []bool{true, false} {
			want := fresh.classifyText(model.Evidence{File: name, Matches: []model.Match{}}, text, licenseFile)
			hits := c.memo.hits
			first := c.ClassifyText(model.Evidence{File: name, Matches: []model.Match{}}, text, licenseFile)
			if diff := cmp.Diff(want, first); diff != "" {
				t.Errorf("%s (license file %v), first time: (-want +got)\n%s", name, licenseFile, diff)
			}
			if c.memo.hits != hits {
				t.Errorf("%s (license file %v): a memo hit for a text never classified", name, licenseFile)
			}
			// Another file with the same bytes: named as given.
			second := c.ClassifyText(model.Evidence{File: "other/" + name, SHA256: "x", Matches: []model.Match{}}, text, licenseFile)
			if remembered := len(text) <= maxMemoText; remembered && c.memo.hits != hits+1 || !remembered && c.memo.hits != hits {
				t.Errorf("%s (license file %v, %d bytes): %d memo hits, want one if at most %d bytes", name, licenseFile, len(text), c.memo.hits-hits, maxMemoText)
			}
			want.File, want.SHA256 = "other/"+name, "x"
			if diff := cmp.Diff(want, second); diff != "" {
				t.Errorf("%s (license file %v), from the memo: (-want +got)\n%s", name, licenseFile, diff)
			}
			for i := range second.Matches {
				second.Matches[i].ID = "changed by the caller"
			}
			third := c.ClassifyText(model.Evidence{File: "other/" + name, SHA256: "x", Matches: []model.Match{}}, text, licenseFile)
			if diff := cmp.Diff(want, third); diff != "" {
				t.Errorf("%s (license file %v), after a caller changed its evidence: (-want +got)\n%s", name, licenseFile, diff)
			}
		}
	}
}

// TestClassifyTextMemoBounds checks what is not remembered: a text over
// maxMemoText bytes, evidence that already has matches (they take part
// in the verdict), and new texts once the memo is full.
func TestClassifyTextMemoBounds(t *testing.T) {
	var c Classifier
	texts := memoTexts(t)
	mit := texts["x11.txt"]
	if mit == nil {
		t.Fatal("no x11.txt")
	}
	big := bytes.Repeat(append(append([]byte{}, mit...), '\n'), maxMemoText/len(mit)+1)
	for range 2 {
		c.ClassifyText(model.Evidence{Matches: []model.Match{}}, big, true)
	}
	if c.memo.hits != 0 || len(c.memo.m) != 0 {
		t.Errorf("a text of %d bytes was remembered (%d entries, %d hits)", len(big), len(c.memo.m), c.memo.hits)
	}
	prior := []model.Match{{ID: "MIT", Kind: "spdx-tag", Lines: [2]int{1, 1}}}
	for range 2 {
		c.ClassifyText(model.Evidence{Matches: append([]model.Match(nil), prior...)}, mit, true)
	}
	if c.memo.hits != 0 || len(c.memo.m) != 0 {
		t.Errorf("evidence with matches was remembered (%d entries, %d hits)", len(c.memo.m), c.memo.hits)
	}
	for i := range maxMemoEntries + 10 {
		c.memo.put(memoKey{sum: [32]byte{byte(i), byte(i >> 8)}}, model.Evidence{})
	}
	if len(c.memo.m) != maxMemoEntries {
		t.Errorf("memo holds %d entries, want at most %d", len(c.memo.m), maxMemoEntries)
	}
}

// TestClassifyTextMemoConcurrent classifies the same texts from several
// goroutines (run with -race): every answer is the one classifying gives.
func TestClassifyTextMemoConcurrent(t *testing.T) {
	var c, fresh Classifier
	texts := memoTexts(t)
	want := map[string]model.Evidence{}
	for name, text := range texts {
		want[name] = fresh.ClassifyText(model.Evidence{File: name, Matches: []model.Match{}}, text, true)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 3 {
				for name, text := range texts {
					got := c.ClassifyText(model.Evidence{File: name, Matches: []model.Match{}}, text, true)
					if diff := cmp.Diff(want[name], got); diff != "" {
						t.Errorf("%s: (-want +got)\n%s", name, diff)
					}
					if len(got.Matches) > 0 {
						got.Matches[0].ID = "changed"
					}
				}
			}
		})
	}
	wg.Wait()
}
