package scanner

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkWarm measures building the detector's scanner (the fork with
// the lazily built DFA) over all its patterns: the fixed cost of a cold run.
func BenchmarkWarm(b *testing.B) {
	for b.Loop() {
		d := NewDetector()
		if err := d.Warm(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkColdCorpus measures a cold detector classifying each of
// ospo-scan's test license files once: the scanner build plus the DFA
// states those texts need.
func BenchmarkColdCorpus(b *testing.B) {
	files, err := filepath.Glob("../testdata/licenses/*")
	if err != nil {
		b.Fatal(err)
	}
	var texts [][]byte
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		texts = append(texts, data)
	}
	for b.Loop() {
		d := NewDetector()
		for _, text := range texts {
			d.Classify("LICENSE", text, true)
		}
	}
}

// BenchmarkClassify measures classifying one license file.
func BenchmarkClassify(b *testing.B) {
	text, err := os.ReadFile("../testdata/licenses/apache-appendix-filled.txt")
	if err != nil {
		b.Fatal(err)
	}
	if err := testDetector.Warm(); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		testDetector.Classify("LICENSE", text, true)
	}
}
