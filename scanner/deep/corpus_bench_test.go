package deep

import (
	"os"
	"strings"
	"testing"
)

// BenchmarkScanCorpus scans real linked files, named one per line in the
// file OSPO_DEEP_FILES (for example, for a project: go list -deps -f
// '{{$d := .Dir}}{{range .GoFiles}}{{$d}}/{{.}}{{"\n"}}{{end}}' ./...),
// as one deep scan of them would: with one Scanner, its memos filling.
// It is skipped without the variable.
func BenchmarkScanCorpus(b *testing.B) {
	list := os.Getenv("OSPO_DEEP_FILES")
	if list == "" {
		b.Skip("OSPO_DEEP_FILES is not set")
	}
	data, err := os.ReadFile(list)
	if err != nil {
		b.Fatal(err)
	}
	var names []string
	var texts [][]byte
	size := 0
	for _, f := range strings.Fields(string(data)) {
		if t, err := os.ReadFile(f); err == nil {
			names, texts = append(names, f), append(texts, t)
			size += len(t)
		}
	}
	var warm Scanner
	warm.own.Warm()
	b.SetBytes(int64(size))
	b.ResetTimer()
	for b.Loop() {
		s := Scanner{Classifier: &warm.own}
		for i, t := range texts {
			s.Scan(names[i], t)
		}
	}
}
