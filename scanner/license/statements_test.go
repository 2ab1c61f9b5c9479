package license

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ospo-scan/ospo-scan/internal/model"
	"github.com/ospo-scan/ospo-scan/internal/notice"
)

// TestStatements: the notice layer's matches become evidence of their
// kind, except those on the lines of a whole text and those that name no
// license; the words of their lines outside the scanner's spans add to
// the coverage.
func TestStatements(t *testing.T) {
	text := []byte(words(10)) // 10 words, 10 lines, 2 bytes each
	found := []notice.Match{
		{ID: "MIT", Kind: notice.KindReference, Lines: [2]int{1, 1}, Original: "MIT License"},
		{ID: "GPL-2.0-or-later", Kind: notice.KindNotice, Lines: [2]int{3, 4}, Original: "GPL v2 or later"},
		{ID: "", Kind: notice.KindReference, Lines: [2]int{8, 8}, Original: "see LICENSE"},
		{ID: "BSD-3-Clause", Kind: notice.KindReference, Lines: [2]int{9, 10}, Note: "refers to another file"},
		{ID: "Apache-2.0", Kind: notice.KindTag, Lines: [2]int{6, 6}},
	}
	textSpans := [][2]int{{8, 12}} // lines 5-6
	spans := [][2]int{{8, 12}, {18, 20}}
	got, cov := newFileText(text).statements(found, textSpans, spans)
	want := []model.Match{
		{ID: "MIT", Coverage: 10, Lines: [2]int{1, 1}, Kind: "reference", Original: "MIT License"},
		{ID: "GPL-2.0-or-later", Coverage: 20, Lines: [2]int{3, 4}, Kind: "notice", Original: "GPL v2 or later"},
		{ID: "BSD-3-Clause", Coverage: 20, Lines: [2]int{9, 10}, Kind: "reference", Note: "refers to another file"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("statements (-want +got):\n%s", diff)
	}
	// Lines 1, 3, 4 and 9; line 10 is in a span already.
	if cov != 40 {
		t.Errorf("coverage gained = %v, want 40", cov)
	}
}

// TestWeigh: how statements bear on a file's verdict beside its whole
// texts.
func TestWeigh(t *testing.T) {
	st := func(id, kind string) model.Match { return model.Match{ID: id, Kind: kind, Lines: [2]int{1, 1}} }
	tests := []struct {
		name     string
		stmts    []model.Match
		texts    []string
		counted  bool
		expr     string
		conflict string
		ctx      weighContext
	}{
		{"no statement", nil, []string{"MIT"}, true, "", "", weighContext{}},
		{"no text: the statements decide", []model.Match{st("MIT", "notice"), st("Apache-2.0 OR MIT", "notice")}, nil, false, "Apache-2.0 OR MIT", "", weighContext{}},
		{"no text: several are ANDed, once each", []model.Match{st("MIT", "tag"), st("BSD-3-Clause", "reference"), st("MIT", "notice")}, nil, false, "BSD-3-Clause AND MIT", "", weighContext{}},
		{"the same license adds nothing", []model.Match{st("MIT", "reference")}, []string{"MIT"}, true, "", "", weighContext{}},
		{"GNU refinement agrees", []model.Match{st("GPL-2.0-or-later", "notice")}, []string{"GPL-2.0-or-later"}, true, "", "", weighContext{}},
		{"GNU -only beside the text read -or-later agrees", []model.Match{st("GPL-2.0-only", "notice")}, []string{"GPL-2.0-or-later"}, true, "", "", weighContext{}},
		{"unversioned GNU name beside a GNU text agrees", []model.Match{st("GPL-1.0-or-later", "notice")}, []string{"GPL-3.0-or-later"}, true, "", "", weighContext{}},
		{"another GNU version is a conflict", []model.Match{st("GPL-2.0-or-later", "notice")}, []string{"GPL-3.0-only"}, true, "", "the license text of GPL-3.0-only is beside a notice of GPL-2.0-or-later (line 1)", weighContext{}},
		{"another license is a conflict", []model.Match{st("Apache-2.0", "tag")}, []string{"MIT"}, true, "", "the license text of MIT is beside a tag of Apache-2.0", weighContext{}},
		{"a choice among the texts decides", []model.Match{st("MIT OR Unlicense", "notice")}, []string{"MIT", "Unlicense"}, true, "MIT OR Unlicense", "", weighContext{}},
		{"a choice one text is part of decides", []model.Match{st("Apache-2.0 OR MIT", "notice")}, []string{"MIT"}, true, "Apache-2.0 OR MIT", "", weighContext{}},
		{"a choice that leaves a text out is a conflict", []model.Match{st("Apache-2.0 OR MIT", "notice")}, []string{"ISC"}, true, "", "beside a notice of Apache-2.0 OR MIT", weighContext{}},
		{"an exception on the text's license applies", []model.Match{st("GPL-2.0-only WITH Linux-syscall-note", "tag")}, []string{"GPL-2.0-only"}, true, "GPL-2.0-only WITH Linux-syscall-note", "", weighContext{}},
		{"a public-domain dedication beside a dedication agrees", []model.Match{st(notice.PublicDomain, "notice")}, []string{"NIST-PD"}, true, "", "", weighContext{}},
		{"a name of which the text is a variant agrees", []model.Match{st("QPL-1.0", "reference")}, []string{"QPL-1.0-INRIA-2004"}, true, "", "", weighContext{}},
		{"texts that do not conclude, with agreeing statements", []model.Match{st("MIT", "notice")}, []string{"MIT"}, false, "MIT", "", weighContext{}},
		{"in a stack of texts, a statement of another license is about a part", []model.Match{st("MIT", "notice")}, []string{"Apache-2.0", "BSD-3-Clause"}, true, "", "", weighContext{}},
		{"in a stack, an exception is about a part", []model.Match{st("Apache-2.0 WITH LLVM-exception", "tag")}, []string{"Apache-2.0", "BSD-3-Clause"}, true, "", "", weighContext{}},
		{"a stack is several licenses, not several copies", []model.Match{st("MIT", "notice")}, []string{"Apache-2.0", "Apache-2.0"}, true, "", "beside a notice of MIT", weighContext{}},
		{"a text expression's licenses agree", []model.Match{st("GPL-2.0-only OR GPL-3.0-only", "notice")}, []string{"GPL-2.0-only OR GPL-3.0-only"}, true, "", "", weighContext{}},
		{"a dual-licensing file: the text and another license are a choice", []model.Match{st("BSD-3-Clause", "reference")}, []string{"EPL-2.0"}, true, "BSD-3-Clause OR EPL-2.0", "", weighContext{choice: func() bool { return true }}},
		{"a dual-licensing file with a stack keeps the texts' conclusion", []model.Match{st("MIT", "notice")}, []string{"Apache-2.0", "BSD-3-Clause"}, true, "", "", weighContext{choice: func() bool { return true }}},
		{"in a stack, a statement about a part adds its license", []model.Match{st("MIT", "notice")}, []string{"Apache-2.0", "BSD-3-Clause"}, true, "Apache-2.0 AND BSD-3-Clause AND MIT", "", weighContext{part: func([2]int) bool { return true }}},
		{"a license for a part of the work is added", []model.Match{st("Apache-2.0", "notice")}, []string{"MIT"}, true, "Apache-2.0 AND MIT", "", weighContext{part: func([2]int) bool { return true }}},
		{"a part beside a GNU text keeps the text's reading", []model.Match{st("MIT", "notice"), st("GPL-2.0-or-later", "notice")}, []string{"GPL-2.0-or-later"}, true, "GPL-2.0-or-later AND MIT", "", weighContext{part: func(l [2]int) bool { return true }}},
		{"a statement of another license, no part, no choice: a conflict", []model.Match{st("Apache-2.0", "notice")}, []string{"MIT"}, true, "", "beside a notice of Apache-2.0", weighContext{part: func([2]int) bool { return false }}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := weigh(tt.stmts, tt.texts, tt.counted, tt.ctx)
			if got.expr != tt.expr {
				t.Errorf("expr = %q, want %q", got.expr, tt.expr)
			}
			if !strings.Contains(got.conflict, tt.conflict) || (tt.conflict == "") != (got.conflict == "") {
				t.Errorf("conflict = %q, want one with %q", got.conflict, tt.conflict)
			}
		})
	}
}

// TestWeighAsksChoiceOnlyWhenItDecides: whether the file says it is
// dual-licensed (a regular expression over its whole text outside the
// matches) is asked only of a statement that names another license than
// a single text, where it decides; never for statements that agree with
// the texts, without texts, or beside a stack.
func TestWeighAsksChoiceOnlyWhenItDecides(t *testing.T) {
	st := func(id, kind string) model.Match { return model.Match{ID: id, Kind: kind, Lines: [2]int{1, 1}} }
	tests := []struct {
		name  string
		stmts []model.Match
		texts []string
		asked bool
	}{
		{"no statement", nil, []string{"MIT"}, false},
		{"no text", []model.Match{st("MIT", "notice")}, nil, false},
		{"agrees with the text", []model.Match{st("MIT", "reference"), st("MIT", "tag")}, []string{"MIT"}, false},
		{"a choice among the texts", []model.Match{st("Apache-2.0 OR MIT", "notice")}, []string{"MIT", "Apache-2.0"}, false},
		{"another license beside a stack", []model.Match{st("ISC", "notice")}, []string{"MIT", "Apache-2.0"}, false},
		{"another license beside one text", []model.Match{st("ISC", "notice")}, []string{"MIT"}, true},
	}
	for _, tt := range tests {
		asked := false
		weigh(tt.stmts, tt.texts, true, weighContext{choice: func() bool { asked = true; return false }})
		if asked != tt.asked {
			t.Errorf("%s: choice asked = %v, want %v", tt.name, asked, tt.asked)
		}
	}
}

// TestClassifyStatements: files whose evidence is a statement conclude
// with its license, with the kind in the evidence.
func TestClassifyStatements(t *testing.T) {
	var d Classifier
	tests := []struct {
		name, text  string
		licenseFile bool
		verdict     string
		license     string
		kinds       []string
	}{
		{"notice", "// This file may be redistributed under the terms of the GNU Lesser General Public License.\npackage x\n", false, model.VerdictLicense, "LGPL-2.1-or-later", []string{"notice"}},
		{"tag, deprecated id made current", "// SPDX-License-Identifier: GPL-2.0+\npackage x\n", false, model.VerdictLicense, "GPL-2.0-or-later", []string{"spdx-tag"}},
		{"Go Authors' reference", "// Copyright 2009 The Go Authors. All rights reserved.\n// Use of this source code is governed by a BSD-style\n// license that can be found in the LICENSE file.\n", false, model.VerdictLicense, "BSD-3-Clause", []string{"reference"}},
		{"see LICENSE adds nothing", "See LICENSE for the terms.\n", false, model.VerdictUnknown, "", []string{}},
		{"licensecheck's Apache header is a notice and hides no statement", "// Copyright 2021 Example\n//\n// Licensed under the Apache License, Version 2.0 (the \"License\");\n// you may not use this file except in compliance with the License.\n// You may obtain a copy of the License at\n//\n//     http://www.apache.org/licenses/LICENSE-2.0\n//\n// Unless required by applicable law or agreed to in writing, software\n// distributed under the License is distributed on an \"AS IS\" BASIS,\n// WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.\n// See the License for the specific language governing permissions and\n// limitations under the License.\n//\n// Portions of this file are derived from example.org/x, under the MIT license.\npackage x\n", false, model.VerdictLicense, "Apache-2.0 AND MIT", []string{"notice", "notice", "reference", "notice"}},
		{"dual license in a COPYING", "This project is dual-licensed under the Unlicense and MIT licenses.\n\nYou may use this code under the terms of either license.\n", true, model.VerdictLicense, "MIT OR Unlicense", []string{"notice"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := d.Classify("f", []byte(tt.text), tt.licenseFile)
			if ev.Verdict != tt.verdict || ev.License != tt.license {
				t.Errorf("= %s %q (%s), want %s %q", ev.Verdict, ev.License, ev.Note, tt.verdict, tt.license)
			}
			kinds := []string{}
			for _, m := range ev.Matches {
				kinds = append(kinds, m.Kind)
			}
			if diff := cmp.Diff(tt.kinds, kinds); diff != "" {
				t.Errorf("kinds (-want +got):\n%s", diff)
			}
		})
	}
}

// TestGNUReadings: each statement counts once per GNU license and
// version, whatever its variant or exception.
func TestGNUReadings(t *testing.T) {
	got := gnuReadings([]notice.Match{
		{ID: "GPL-2.0-or-later"},
		{ID: "GPL-2.0-only OR GPL-3.0-or-later"},
		{ID: "GPL-2.0-or-later WITH Classpath-exception-2.0 AND GPL-2.0-or-later"},
		{ID: "GFDL-1.3-no-invariants-or-later"},
		{ID: "MIT"},
		{ID: ""},
	})
	want := map[string]gnuReading{"GPL-2.0": {only: 1, later: 2}, "GPL-3.0": {later: 1}, "GFDL-1.3": {later: 1}}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(gnuReading{})); diff != "" {
		t.Errorf("readings (-want +got):\n%s", diff)
	}
}
