package license

import (
	"bytes"
	"strings"
	"testing"

	"github.com/ospo-scan/ospo-scan/internal/model"
	"github.com/ospo-scan/ospo-scan/internal/notice"
)

// TestTagConflict: the license files' conclusion against the SPDX tags of
// every one of a module's own files: a conflict only when every file is
// tagged and every tag names other licenses than the files.
func TestTagConflict(t *testing.T) {
	tests := []struct {
		name     string
		files    string
		tags     []string
		conflict bool
		evidence []string
	}{
		{"GPL-3.0 LICENSE, Apache-2.0 everywhere", "GPL-3.0-only", []string{"Apache-2.0", "Apache-2.0", "Apache-2.0"}, true, []string{"GPL-3.0-only", "Apache-2.0"}},
		{"the same license", "MIT", []string{"MIT", "MIT"}, false, nil},
		{"one of the choices", "Apache-2.0 OR MIT", []string{"MIT"}, false, nil},
		{"a tag offering the files' license among others", "MIT", []string{"Apache-2.0 OR MIT"}, false, nil},
		{"a GNU refinement", "GPL-2.0-only", []string{"GPL-2.0-or-later"}, false, nil},
		{"deprecated ids are read as current", "GPL-2.0-or-later", []string{"GPL-2.0+"}, false, nil},
		{"a file without a tag", "GPL-3.0-only", []string{"Apache-2.0", ""}, false, nil},
		{"tags that agree in part", "MIT", []string{"Apache-2.0", "MIT"}, false, nil},
		{"two other licenses", "MIT", []string{"Apache-2.0", "BSD-3-Clause"}, true, []string{"Apache-2.0", "BSD-3-Clause", "MIT"}},
		{"no files' conclusion", "", []string{"Apache-2.0"}, false, nil},
		{"no tags", "MIT", nil, false, nil},
		{"a tag that is no expression", "MIT", []string{"Apache-2.0 AND"}, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, why := TagConflict(tt.files, tt.tags)
			if got != tt.conflict || (why != "") != got {
				t.Errorf("= %v %q, want %v", got, why, tt.conflict)
			}
			for _, w := range tt.evidence {
				if !strings.Contains(why, w) {
					t.Errorf("evidence %q does not name %q", why, w)
				}
			}
		})
	}
}

// TestConcludeTagConflict: tag evidence that contradicts the license
// files makes the module ambiguous (no expression, a reason naming both);
// tag evidence that agrees changes nothing.
func TestConcludeTagConflict(t *testing.T) {
	lic := func(tag string) *model.License {
		return &model.License{Evidence: []model.Evidence{
			{File: "LICENSE", Verdict: model.VerdictLicense, License: "GPL-3.0-only", Matches: []model.Match{{ID: "GPL-3.0-only", Kind: "text"}}},
			{File: "pkg/a.go", Verdict: model.VerdictLicense, License: tag, Matches: []model.Match{{ID: tag, Kind: "spdx-tag"}}},
		}}
	}
	l := lic("Apache-2.0")
	Conclude(l)
	if l.Expression != "" || !strings.Contains(l.Reason, "GPL-3.0-only") || !strings.Contains(l.Reason, "Apache-2.0") {
		t.Errorf("conflict: %q (%q)", l.Expression, l.Reason)
	}
	l = lic("GPL-3.0-or-later")
	Conclude(l)
	if l.Expression != "GPL-3.0-only" || l.Reason != "" {
		t.Errorf("agreement: %q (%q)", l.Expression, l.Reason)
	}
}

// TestHeaderTag: the tags of a header, with the line of the first.
func TestHeaderTag(t *testing.T) {
	tests := []struct {
		header string
		want   string
		line   int
	}{
		{"// Copyright x\n// SPDX-License-Identifier: Apache-2.0\n\npackage x\n", "Apache-2.0", 2},
		{"/* spdx-license-identifier: GPL-2.0+ */\npackage x\n", "GPL-2.0-or-later", 1},
		{"// SPDX-License-Identifier: MIT\n// SPDX-License-Identifier: Apache-2.0\n", "Apache-2.0 AND MIT", 1},
		{"// Licensed under the MIT License.\npackage x\n", "", 0},
		{"// SPDX-License-Identifier: NoSuchLicense\n", "", 0},
	}
	for _, tt := range tests {
		got, line := HeaderTag([]byte(tt.header))
		if got != tt.want || line != tt.line {
			t.Errorf("HeaderTag(%q) = %q, %d; want %q, %d", tt.header, got, line, tt.want, tt.line)
		}
	}
}

// FuzzHeaderTag checks that HeaderTag's whole-header guard skips only
// headers no line of which holds the tag word: it answers as the line by
// line search alone on any bytes, odd case and broken UTF-8 included.
func FuzzHeaderTag(f *testing.F) {
	for _, s := range []string{
		"// SPDX-License-Identifier: MIT\n", "// spdx-LICENSE-identifier: Apache-2.0\npackage x\n",
		"// Copyright\n\npackage x\n", "\xff\nSPDX-License-Identifier: \xc3MIT\n", "// SPDX-LİCENSE-İDENTİFİER: MIT\n", "SPDX-License-Identifier: MIT", "-spdx-License-IDENTIFIER:MIT\n", "spdx-",
		"// Copyright © x\n// SPDX-License-Identifier: Apache-2.0\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, header []byte) {
		got, line := HeaderTag(header)
		want, wantLine := headerTagByLines(header)
		if got != want || line != wantLine {
			t.Errorf("HeaderTag(%q) = %q, %d; the lines alone give %q, %d", header, got, line, want, wantLine)
		}
	})
}

// headerTagByLines is HeaderTag without its guard.
func headerTagByLines(header []byte) (string, int) {
	var lines [][]byte
	first := 0
	for n, l := range bytes.Split(header, []byte("\n")) {
		if bytes.Contains(bytes.ToLower(l), []byte("spdx-license-identifier")) {
			if first == 0 {
				first = n + 1
			}
			lines = append(lines, l)
		}
	}
	var tags []notice.Match
	for _, m := range notice.Find(bytes.Join(lines, []byte("\n"))) {
		if m.Kind == notice.KindTag && m.ID != "" {
			tags = append(tags, m)
		}
	}
	if len(tags) == 0 {
		return "", 0
	}
	return notice.Expression(tags), first
}

// TestTagSettles: a tag settles there is no conflict exactly when
// TagConflict, given it among others, cannot report one.
func TestTagSettles(t *testing.T) {
	tags := []string{"", "MIT", "Apache-2.0", "GPL-3.0-or-later", "GPL-3.0-only", "GPL-2.0-only", "MIT OR Apache-2.0", "NoSuchLicense", "BSD-3-Clause AND MIT", "LicenseRef-x"}
	for _, files := range []string{"MIT", "Apache-2.0", "GPL-3.0-only", "GPL-2.0-or-later", "Apache-2.0 AND MIT", "BSD-3-Clause"} {
		for _, tag := range tags {
			settles := TagSettles(files, tag)
			// Beside a tag that disagrees with every files' license,
			// the pair conflicts unless this tag settles.
			other := "0BSD"
			conflict, _ := TagConflict(files, []string{other, tag})
			if settles == conflict {
				t.Errorf("files %q, tag %q: TagSettles %v, TagConflict with %s %v", files, tag, settles, other, conflict)
			}
		}
	}
	if !TagSettles("", "MIT") {
		t.Error("no license files: TagSettles false")
	}
}
