package notice

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// checkMatches checks the invariants of Find's result on text.
func checkMatches(t *testing.T, text []byte, ms []Match) {
	t.Helper()
	if len(ms) > MaxMatches {
		t.Fatalf("%d matches, more than MaxMatches", len(ms))
	}
	lines := bytes.Count(text, []byte("\n")) + 1
	for _, m := range ms {
		if m.Lines[0] < 1 || m.Lines[1] < m.Lines[0] || m.Lines[1] > lines {
			t.Fatalf("match %+v: lines out of 1..%d", m, lines)
		}
		switch m.Kind {
		case KindTag, KindNotice, KindReference:
		default:
			t.Fatalf("match %+v: unknown kind", m)
		}
		if m.ID == "" {
			continue
		}
		n := parseExpr(m.ID)
		if n == nil {
			t.Fatalf("match %+v: ID does not parse", m)
		}
		if err := validExpr(n); err != "" {
			t.Fatalf("match %+v: %s", m, err)
		}
		if n.Compact() != m.ID {
			t.Fatalf("match %+v: ID not normalised (%q)", m, n.Compact())
		}
	}
	if e := Expression(ms); e != "" && parseExpr(e) == nil {
		t.Fatalf("Expression %q does not parse", e)
	}
}

// maxStepsPerToken bounds the token reads per token of input: Find reads
// each statement through a fixed window, so its work is linear.
const maxStepsPerToken = 400

func FuzzFind(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "notices", "0*.txt"))
	for i, file := range files {
		if i%7 != 0 {
			continue
		}
		if b, err := os.ReadFile(file); err == nil {
			f.Add(b)
		}
	}
	for _, s := range []string{
		"", "\n", "under", "licensed under the", "SPDX-License-Identifier: (((", "GPL-2.0+ (",
		"Licensed under MIT or Apache-2.0 or ISC, at your option.", "public domain", "version 2 of the",
		"[x](http://", "// SPDX-License-Identifier: MIT WITH", "the GNU General Public License, version",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		ms, work := find(text)
		checkMatches(t, text, ms)
		if work[1] > maxStepsPerToken*(work[0]+1)+1000 {
			t.Fatalf("%d token reads for %d tokens", work[1], work[0])
		}
	})
}

// TestLinearWork runs Find on repeated hostile inputs and checks the work
// done per token stays under a constant (no timing: a count of token
// reads) and the matches under MaxMatches.
func TestLinearWork(t *testing.T) {
	for _, unit := range []string{
		"under the under the ",
		"Licensed under MIT or ",
		"( ( ( ( ",
		"version version 2 or ",
		"licensed licensed ",
		"public domain, ",
		"the GNU General Public License, either version 2 or (at your option) version 3 or ",
		"Licensed under the MIT License.\n",
		"SPDX-License-Identifier: MIT AND (Apache-2.0 OR MIT)\n",
		"http://www.apache.org/licenses/LICENSE-2.0 ",
		"see the see the see the LICENSE ",
		"## License\n\nMIT\n",
		"MIT software software software ",
	} {
		text := []byte(strings.Repeat(unit, 20000))
		ms, work := find(text)
		checkMatches(t, text, ms)
		if work[1] > maxStepsPerToken*(work[0]+1) {
			t.Errorf("%q x 20000: %d token reads for %d tokens", unit, work[1], work[0])
		}
		t.Logf("%-40q %7d tokens %9d reads (%.1f per token) %d matches", unit, work[0], work[1], float64(work[1])/float64(work[0]+1), len(ms))
	}
}

// BenchmarkFind1MiB measures Find on 1 MiB of realistic text (the notice
// corpus, repeated).
//
//	go test ./internal/notice -run '^$' -bench Find1MiB -benchmem
func BenchmarkFind1MiB(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "notices", "0*.txt"))
	var buf bytes.Buffer
	for buf.Len() < 1<<20 {
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				b.Fatal(err)
			}
			buf.Write(data)
			buf.WriteByte('\n')
		}
	}
	text := buf.Bytes()[:1<<20]
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Find(text)
	}
}
