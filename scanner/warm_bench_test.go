package scanner

import (
	"os"
	"testing"
)

// BenchmarkWarm measures building the licensecheck scanner with the added
// patterns (the detector's fixed cost, paid once per cold run).
func BenchmarkWarm(b *testing.B) {
	for b.Loop() {
		d := NewDetector()
		if err := d.Warm(); err != nil {
			b.Fatal(err)
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
