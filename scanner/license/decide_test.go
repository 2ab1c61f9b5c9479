package license

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/licensecheck"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// words returns n words, one per line, starting at line 1.
func words(n int) string {
	return strings.Repeat("w\n", n)
}

// TestTextMatches: each match with the share of the file's words it
// covers, its lines and its kind, in order, and its span.
func TestTextMatches(t *testing.T) {
	text := []byte(words(10)) // 10 words, 10 lines, 2 bytes each
	tests := []struct {
		name  string
		in    []licensecheck.Match
		want  []model.Match
		spans [][2]int
	}{
		{"none", nil, nil, nil},
		{"text and url", []licensecheck.Match{{ID: "MIT", Start: 0, End: 8}, {ID: "MIT", Start: 10, End: 12, IsURL: true}},
			[]model.Match{{ID: "MIT", Coverage: 40, Lines: [2]int{1, 4}, Kind: "text"}, {ID: "MIT", Coverage: 10, Lines: [2]int{6, 6}, Kind: "url"}},
			[][2]int{{0, 8}, {10, 12}}},
		{"our own notice patterns and licensecheck's notice forms are notices", []licensecheck.Match{{ID: "MIT" + ownNoticeSuffix, Start: 0, End: 4}, {ID: "Apache-2.0", Start: 4, End: 8}, {ID: "MIT", Start: 8, End: 12}},
			[]model.Match{{ID: "MIT", Coverage: 20, Lines: [2]int{1, 2}, Kind: "notice"}, {ID: "Apache-2.0", Coverage: 20, Lines: [2]int{3, 4}, Kind: "notice"}, {ID: "MIT", Coverage: 20, Lines: [2]int{5, 6}, Kind: "text"}},
			[][2]int{{0, 4}, {4, 8}, {8, 12}}},
		{"a GNU pattern's short match is its notice, an exception's text is not", []licensecheck.Match{{ID: "GPL-2.0-or-later", Start: 0, End: 8}, {ID: "LGPL-2.1-only", Start: 8, End: 12}, {ID: "GPL-2.0-with-classpath-exception", Start: 12, End: 16}},
			[]model.Match{{ID: "GPL-2.0-or-later", Coverage: 40, Lines: [2]int{1, 4}, Kind: "notice"}, {ID: "LGPL-2.1-only", Coverage: 20, Lines: [2]int{5, 6}, Kind: "notice"}, {ID: "GPL-2.0-with-classpath-exception", Coverage: 20, Lines: [2]int{7, 8}, Kind: "text"}},
			[][2]int{{0, 8}, {8, 12}, {12, 16}}},
		{"thirds round to a tenth", []licensecheck.Match{{ID: "ISC", Start: 0, End: 20}},
			[]model.Match{{ID: "ISC", Coverage: 100, Lines: [2]int{1, 10}, Kind: "text"}}, [][2]int{{0, 20}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, spans := newFileText(text).textMatches(tt.in)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("matches (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.spans, spans); diff != "" {
				t.Errorf("spans (-want +got):\n%s", diff)
			}
		})
	}
	if got, _ := newFileText([]byte(words(3))).textMatches([]licensecheck.Match{{ID: "MIT", Start: 0, End: 2}}); got[0].Coverage != 33.3 {
		t.Errorf("one word of three = %v%%, want 33.3", got[0].Coverage)
	}
}

// TestRunnersUp: a confusable partner read over the same words is kept as
// a runner-up; one that covers all but a thin margin (3%) of the best
// match's words makes the file ambiguous; URLs have no runners-up.
func TestRunnersUp(t *testing.T) {
	text := []byte(words(200))
	scans := func(m map[string][]licensecheck.Match) func(string) []licensecheck.Match {
		return func(id string) []licensecheck.Match { return m[id] }
	}
	tests := []struct {
		name     string
		in       []licensecheck.Match
		partners map[string][]licensecheck.Match
		want     []model.Match
		thin     int
	}{
		{"no partner match", []licensecheck.Match{{ID: "ISC", Start: 0, End: 400}}, nil, nil, 0},
		{"thin win", []licensecheck.Match{{ID: "ISC", Start: 0, End: 400}},
			map[string][]licensecheck.Match{"0BSD": {{ID: "0BSD", Start: 2, End: 400}}},
			[]model.Match{{ID: "0BSD", Coverage: 99.5, Lines: [2]int{2, 200}, Kind: "runner-up"}}, 1},
		{"clear win", []licensecheck.Match{{ID: "MIT", Start: 0, End: 400}},
			map[string][]licensecheck.Match{"X11": {{ID: "X11", Start: 0, End: 200}}},
			[]model.Match{{ID: "X11", Coverage: 50, Lines: [2]int{1, 100}, Kind: "runner-up"}}, 0},
		{"only the overlapping words count", []licensecheck.Match{{ID: "MIT", Start: 200, End: 400}},
			map[string][]licensecheck.Match{"X11": {{ID: "X11", Start: 0, End: 100}, {ID: "X11", Start: 150, End: 300}}},
			[]model.Match{{ID: "X11", Coverage: 25, Lines: [2]int{76, 150}, Kind: "runner-up"}}, 0},
		{"url", []licensecheck.Match{{ID: "ISC", Start: 0, End: 400, IsURL: true}},
			map[string][]licensecheck.Match{"0BSD": {{ID: "0BSD", Start: 0, End: 400}}}, nil, 0},
		{"not confusable", []licensecheck.Match{{ID: "Apache-2.0", Start: 0, End: 400}},
			map[string][]licensecheck.Match{"MIT": {{ID: "MIT", Start: 0, End: 400}}}, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, thin := newFileText(text).runnersUp(tt.in, scans(tt.partners))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("runners-up (-want +got):\n%s", diff)
			}
			if len(thin) != tt.thin {
				t.Errorf("thin notes %q, want %d", thin, tt.thin)
			}
		})
	}
}

// TestLicenseIDs: which matches conclude, with which SPDX id.
func TestLicenseIDs(t *testing.T) {
	text := func(id string) model.Match { return model.Match{ID: id, Coverage: 90, Kind: "text"} }
	later := func(n int) map[string]gnuReading { return map[string]gnuReading{"GPL-2.0": {later: n}} }
	tests := []struct {
		name        string
		text        string
		ms          []model.Match
		gnu         map[string]gnuReading
		coverage    float64
		licenseFile bool
		ids, twins  []string
	}{
		{"url and runner-up do not count", "", []model.Match{{ID: "MIT", Kind: "url"}, {ID: "X11", Kind: "runner-up"}, text("MIT")}, nil, 90, true, []string{"MIT"}, nil},
		{"bare GNU text, its own template notice: -only", "", []model.Match{text("GPL-2.0")}, later(1), 90, true, []string{"GPL-2.0-only"}, nil},
		{"GNU text and an or-later statement besides the template", "", []model.Match{text("GPL-2.0")}, later(2), 90, true, []string{"GPL-2.0-or-later"}, nil},
		{"two copies of the text, two templates: -only", "", []model.Match{text("GPL-2.0"), text("GPL-2.0")}, later(2), 90, true, []string{"GPL-2.0-only", "GPL-2.0-only"}, nil},
		{"an -only statement wins over or-later ones", "", []model.Match{text("GPL-2.0")}, map[string]gnuReading{"GPL-2.0": {only: 1, later: 3}}, 90, true, []string{"GPL-2.0-only"}, nil},
		{"LGPL-3.0 has no template: one statement is the project's", "", []model.Match{text("LGPL-3.0")}, map[string]gnuReading{"LGPL-3.0": {later: 1}}, 90, true, []string{"LGPL-3.0-or-later"}, nil},
		{"a statement of another version does not decide", "", []model.Match{text("GPL-3.0")}, later(5), 90, true, []string{"GPL-3.0-only"}, nil},
		{"a GNU notice matched beside its text is about the text", "", []model.Match{text("GPL-2.0"), text("GPL-2.0-or-later")}, later(2), 90, true, []string{"GPL-2.0-or-later"}, nil},
		{"a GNU notice without a text counts", "", []model.Match{text("GPL-2.0-or-later")}, later(1), 90, true, []string{"GPL-2.0-or-later"}, nil},
		{"non-SPDX id", "", []model.Match{text("CommonsClause")}, nil, 90, true, []string{"LicenseRef-ospo-CommonsClause"}, nil},
		{"twin without a notice", "", []model.Match{text("GFDL-1.3-only")}, nil, 90, true, nil, []string{"GFDL-1.3-only"}},
		{"twin told by a statement naming it", "", []model.Match{text("GFDL-1.3-only"), {ID: "GFDL-1.3-invariants-only", Kind: "notice"}}, nil, 90, true, []string{"GFDL-1.3-invariants-only"}, nil},
		{"twin told by its notice", "with no invariant sections, with no invariant sections", []model.Match{text("GFDL-1.3-only")}, nil, 90, true, []string{"GFDL-1.3-no-invariants-only"}, nil},
		{"statements are weighed apart", "", []model.Match{text("MIT"), {ID: "Apache-2.0", Kind: "tag"}, {ID: "BSD-3-Clause", Kind: "notice"}}, nil, 80, true, []string{"MIT"}, nil},
		{"whole text inside another file", words(1000), []model.Match{{ID: "MIT", Coverage: 30, Kind: "text"}}, nil, 30, false, nil, nil},
		{"notice inside another file", words(1000), []model.Match{{ID: "MIT", Coverage: 20, Kind: "text"}}, nil, 20, false, []string{"MIT"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ids, twins, _ := newFileText([]byte(tt.text)).licenseIDs(tt.ms, tt.gnu, tt.coverage, tt.licenseFile)
			if diff := cmp.Diff(tt.ids, ids); diff != "" {
				t.Errorf("ids (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.twins, twins); diff != "" {
				t.Errorf("twins (-want +got):\n%s", diff)
			}
		})
	}
}

// TestVerdict: each case of the verdict, in the order that is its
// meaning.
func TestVerdict(t *testing.T) {
	tests := []struct {
		name                   string
		f                      fileFacts
		verdict, license, note string
	}{
		{"thin win first", fileFacts{ids: []string{"ISC"}, twins: []string{"GFDL-1.3-only"}, thin: []string{"ISC (99%) wins"}, matched: true, coverage: 99, licenseFile: true},
			model.VerdictAmbiguous, "", "ISC (99%) wins"},
		{"twins", fileFacts{ids: []string{"MIT"}, twins: []string{"GFDL-1.3-only"}, matched: true, coverage: 99, licenseFile: true},
			model.VerdictAmbiguous, "", "the text of GFDL-1.3-only is word for word that of SPDX"},
		{"other file, matches but no conclusion", fileFacts{matched: true, coverage: 12.34}, model.VerdictAmbiguous, "", "license texts make up only 12.3% of the file"},
		{"nothing found", fileFacts{licenseFile: true}, model.VerdictUnknown, "", "no known license text found"},
		{"only URLs", fileFacts{matched: true, coverage: 2, shownCoverage: 2, licenseFile: true}, model.VerdictUnknown, "", "only license URLs found"},
		{"under the floor", fileFacts{ids: []string{"MIT"}, matched: true, coverage: 19.9, licenseFile: true}, model.VerdictUnknown, "", "matches (MIT) cover only 19.9% of the file, under the 20% floor"},
		{"under the threshold", fileFacts{ids: []string{"MIT"}, matched: true, coverage: 74.9, licenseFile: true}, model.VerdictAmbiguous, "", "under the 75% threshold"},
		{"other file under the threshold is still a license", fileFacts{ids: []string{"MIT"}, matched: true, coverage: 10}, model.VerdictLicense, "MIT", ""},
		{"license", fileFacts{ids: []string{"MIT", "MIT"}, matched: true, coverage: 99, licenseFile: true}, model.VerdictLicense, "MIT", ""},
		{"several: AND", fileFacts{ids: []string{"MIT", "Apache-2.0"}, matched: true, coverage: 99, licenseFile: true}, model.VerdictLicense, "Apache-2.0 AND MIT", ""},
		{"dual-licensed: OR", fileFacts{ids: []string{"MIT", "Apache-2.0"}, matched: true, coverage: 99, licenseFile: true, outside: "dual licensed under"}, model.VerdictLicense, "Apache-2.0 OR MIT", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, lic, note := verdict(tt.f)
			if v != tt.verdict || lic != tt.license || !strings.Contains(note, tt.note) || (tt.note == "") != (note == "") {
				t.Errorf("verdict = %s %q %q, want %s %q, a note with %q", v, lic, note, tt.verdict, tt.license, tt.note)
			}
		})
	}
}
