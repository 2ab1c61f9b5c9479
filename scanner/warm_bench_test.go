package scanner

import "testing"

func BenchmarkWarm(b *testing.B) {
	for b.Loop() {
		d := NewDetector()
		if err := d.Warm(); err != nil {
			b.Fatal(err)
		}
	}
}
