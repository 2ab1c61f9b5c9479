package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/ospo-scan/ospo-scan/internal/model"
	"github.com/ospo-scan/ospo-scan/policy"
)

// deepDoc is a report of a deep scan: example.com/mix is MIT with a
// GPL-headed file and a file offering MPL-2.0 OR Apache-2.0, and
// example.com/plain is MIT with a linked MIT file (covered).
func deepDoc(t *testing.T) *model.Document {
	t.Helper()
	lic := func(id string) *model.License {
		return &model.License{Expression: id, Evidence: []model.Evidence{{File: "LICENSE", Verdict: "license", License: id, Coverage: 100}}}
	}
	g := &model.Graph{
		Main: []model.MainModule{{Path: "example.com/app"}},
		Modules: []*model.Module{
			{Path: "example.com/mix", Version: "v1.0.0", Scope: model.ScopeRequired, License: lic("MIT"),
				Deep: &model.Deep{Files: []model.FileLicense{
					{File: "gpl.go", Line: 3, Kind: model.FileKindNotice, License: "GPL-2.0-or-later"},
					{File: "gpl2.go", Line: 1, Kind: model.FileKindTag, License: "GPL-2.0-or-later"},
					{File: "x/dual.go", Line: 1, Kind: model.FileKindTag, License: "MPL-2.0 OR Apache-2.0"},
				}}},
			{Path: "example.com/plain", Version: "v1.0.0", Scope: model.ScopeRequired, License: lic("MIT"),
				Deep: &model.Deep{Files: []model.FileLicense{{File: "a.go", Line: 1, Kind: model.FileKindTag, License: "MIT"}}}},
		},
	}
	res := policy.Evaluate(policy.Default(), g.Modules, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	return Build(model.Tool{Name: "ospo-scan", Version: "v1.0.0"}, g, res.PolicyName, res.Findings)
}

// TestLicenseLabel: the label is the declared license, with what the
// linked files add when the deep scan found any.
func TestLicenseLabel(t *testing.T) {
	for _, tc := range []struct {
		name string
		d    model.Decision
		want string
	}{
		{"no deep scan", model.Decision{License: "MIT"}, "MIT"},
		{"unknown", model.Decision{}, "UNKNOWN"},
		{"covered", model.Decision{License: "MIT", Effective: "MIT"}, "MIT"},
		{"one file", model.Decision{License: "MIT", Effective: "MIT AND GPL-2.0-or-later",
			Files: []model.FileLicense{{File: "a.go", Line: 1, License: "GPL-2.0-or-later"}}}, "MIT (+ GPL-2.0-or-later from 1 linked file)"},
		{"two statements, one file", model.Decision{License: "MIT", Effective: "MIT AND GPL-2.0-or-later",
			Files: []model.FileLicense{{File: "a.go", Line: 1, License: "GPL-2.0-or-later"}, {File: "a.go", Line: 9, License: "GPL-2.0-or-later"}}}, "MIT (+ GPL-2.0-or-later from 1 linked file)"},
		{"sorted, an OR in parentheses", model.Decision{License: "MIT", Effective: "MIT AND MPL-2.0 AND (BSD-3-Clause OR Apache-2.0)",
			Files: []model.FileLicense{{File: "b.go", License: "MPL-2.0"}, {File: "a.go", License: "BSD-3-Clause OR Apache-2.0"}}}, "MIT (+ (BSD-3-Clause OR Apache-2.0), MPL-2.0 from 2 linked files)"},
		{"an AND adds what is not covered", model.Decision{License: "Apache-2.0", Effective: "Apache-2.0 AND MIT",
			Files: []model.FileLicense{{File: "a.go", License: "Apache-2.0 AND MIT"}, {File: "b.go", License: "MIT AND Apache-2.0"}}}, "Apache-2.0 (+ MIT from 2 linked files)"},
		{"an AND of an OR", model.Decision{License: "MIT", Effective: "MIT AND (BSD-3-Clause OR Apache-2.0) AND ISC",
			Files: []model.FileLicense{{File: "a.go", License: "ISC AND (BSD-3-Clause OR Apache-2.0)"}}}, "MIT (+ (BSD-3-Clause OR Apache-2.0), ISC from 1 linked file)"},
		{"unknown declared", model.Decision{Files: []model.FileLicense{{File: "a.go", License: "MIT"}}}, "UNKNOWN (+ MIT from 1 linked file)"},
	} {
		if got := licenseLabel(tc.d); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestDeepOutputs: the text table, the Markdown findings and the HTML
// page name the declared license with what linked files add, also for a
// report read back from JSON; the HTML evidence lists the files.
func TestDeepOutputs(t *testing.T) {
	live := deepDoc(t)
	var js bytes.Buffer
	if err := WriteJSON(&js, live); err != nil {
		t.Fatal(err)
	}
	var back model.Document
	if err := json.Unmarshal(js.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	const mixLabel = "MIT (+ (MPL-2.0 OR Apache-2.0), GPL-2.0-or-later from 3 linked files)"
	for name, doc := range map[string]*model.Document{"live": live, "read back": &back} {
		var text, md, html bytes.Buffer
		if err := WriteText(&text, doc, TextOptions{}); err != nil {
			t.Fatal(err)
		}
		if err := WriteMarkdown(&md, doc); err != nil {
			t.Fatal(err)
		}
		if err := WriteHTML(&html, doc, HTMLOptions{}); err != nil {
			t.Fatal(err)
		}
		row := func(s, prefix string) string {
			for _, l := range strings.Split(s, "\n") {
				if strings.HasPrefix(l, prefix) {
					return l
				}
			}
			return ""
		}
		if r := row(text.String(), "example.com/mix "); !strings.Contains(r, mixLabel) {
			t.Errorf("%s: text row %q lacks %q", name, r, mixLabel)
		}
		if r := row(text.String(), "example.com/plain "); strings.Contains(r, "(+") || !strings.Contains(r, " MIT ") {
			t.Errorf("%s: text row %q: a covered file must not show", name, r)
		}
		if r := row(md.String(), "| ❌ | `example.com/mix@v1.0.0`"); !strings.Contains(r, mixLabel+" (strong-copyleft)") {
			t.Errorf("%s: Markdown row %q lacks %q", name, r, mixLabel)
		}
		h := html.String()
		for _, want := range []string{
			"<td>MIT (+ (MPL-2.0 OR Apache-2.0), GPL-2.0-or-later from 3 linked files)</td>",
			"effective: MIT AND (MPL-2.0 OR Apache-2.0) AND GPL-2.0-or-later",
			`data-search="example.com/mix v1.0.0 required mit (&#43; (mpl-2.0 or apache-2.0), gpl-2.0-or-later from 3 linked files) strong-copyleft`,
			"<tr><td><code>gpl.go:3</code></td><td>notice</td><td>GPL-2.0-or-later</td></tr>",
			"<tr><td><code>x/dual.go:1</code></td><td>spdx-tag</td><td>MPL-2.0 OR Apache-2.0</td></tr>",
		} {
			if !strings.Contains(h, want) {
				t.Errorf("%s: HTML lacks %q", name, want)
			}
		}
		if strings.Count(h, "Linked files whose license") != 1 {
			t.Errorf("%s: HTML lists linked files for %d modules, want 1", name, strings.Count(h, "Linked files whose license"))
		}
	}
}
