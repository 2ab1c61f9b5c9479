package license

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// twinsWrongCeil is the most near-twin cases TestNearTwins lets conclude
// another license than theirs (measured: 0 of 88; 4 before the
// deprecated bzip2-1.0.5 became bzip2-1.0.6).
const twinsWrongCeil = 0

// TestNearTwins classifies the near-twin cases of testdata/twins (texts
// of licenses that differ by a clause or a name, from the SPDX License
// List, as is and with another copyright holder, rewrapped, untitled; see
// its MANIFEST.tsv) as license files, and counts the outcomes: exact, an
// ambiguous verdict (a human decides: never wrong), nothing, or wrong
// (another license). It logs each confusion and fails when the wrong
// count rises over twinsWrongCeil.
//
//	go test ./scanner/license -run TestNearTwins -v
func TestNearTwins(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "twins")
	data, err := os.ReadFile(filepath.Join(dir, "MANIFEST.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	var d Classifier
	counts := map[string]int{}
	var confusions []string
	n := 0
	for _, line := range strings.Split(strings.TrimRight(string(data), "\n"), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			t.Fatalf("MANIFEST.tsv: bad line %q", line)
		}
		text, err := os.ReadFile(filepath.Join(dir, f[0]))
		if err != nil {
			t.Fatal(err)
		}
		ev := d.Classify(f[0], text, true)
		outcome := "exact"
		switch {
		case ev.Verdict == model.VerdictLicense && ev.License == f[1]:
		case ev.Verdict == model.VerdictAmbiguous:
			outcome = "ambiguous"
		case ev.Verdict == model.VerdictUnknown:
			outcome = "nothing"
		default:
			outcome = "wrong"
			confusions = append(confusions, fmt.Sprintf("%s: %s read as %s", f[0], f[1], ev.License))
		}
		if outcome != "exact" {
			t.Logf("%-40s %-10s want %s, got %s %q (%s)", f[0], outcome, f[1], ev.Verdict, ev.License, ev.Note)
		}
		counts[outcome]++
		n++
	}
	var kinds []string
	for k := range counts {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		t.Logf("%-10s %3d of %d", k, counts[k], n)
	}
	if counts["wrong"] > twinsWrongCeil {
		t.Errorf("%d near twins concluded another license (ceiling %d):\n%s", counts["wrong"], twinsWrongCeil, strings.Join(confusions, "\n"))
	}
}
