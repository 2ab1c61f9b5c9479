package policy

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

func TestEffective(t *testing.T) {
	f := func(file, lic string) model.FileLicense {
		return model.FileLicense{File: file, Line: 1, Kind: model.FileKindNotice, License: lic}
	}
	tests := []struct {
		name      string
		declared  string
		files     []model.FileLicense
		want      string
		wantFiles []string
	}{
		{"no files", "MIT", nil, "MIT", nil},
		{"covered", "MIT", []model.FileLicense{f("a.go", "MIT")}, "MIT", nil},
		{"Go Authors BSD in Apache", "Apache-2.0", []model.FileLicense{f("asn1.go", "BSD-3-Clause")}, "Apache-2.0 AND BSD-3-Clause", []string{"asn1.go"}},
		{"dedup", "MIT", []model.FileLicense{f("a.go", "GPL-2.0-or-later"), f("b.go", "GPL-2.0-or-later")}, "MIT AND GPL-2.0-or-later", []string{"a.go", "b.go"}},
		{"a file's OR stays an OR", "Apache-2.0", []model.FileLicense{f("a.go", "BSD-3-Clause OR EPL-2.0")}, "Apache-2.0 AND (BSD-3-Clause OR EPL-2.0)", []string{"a.go"}},
		{"an OR the module names covers", "MIT", []model.FileLicense{f("a.go", "Apache-2.0 OR MIT")}, "MIT", nil},
		{"one alternative of the module", "MIT OR Apache-2.0", []model.FileLicense{f("a.go", "Apache-2.0")}, "MIT OR Apache-2.0", nil},
		{"declared OR kept whole", "MIT OR Apache-2.0", []model.FileLicense{f("a.go", "ISC")}, "(MIT OR Apache-2.0) AND ISC", []string{"a.go"}},
		{"declared AND flattened", "MIT AND BSD-2-Clause", []model.FileLicense{f("a.go", "ISC"), f("b.go", "BSD-2-Clause")}, "MIT AND BSD-2-Clause AND ISC", []string{"a.go"}},
		{"extras sorted", "MIT", []model.FileLicense{f("z.go", "Zlib"), f("a.go", "ISC")}, "MIT AND ISC AND Zlib", []string{"z.go", "a.go"}},
		{"only version differs", "GPL-2.0-only", []model.FileLicense{f("a.go", "GPL-2.0-or-later")}, "GPL-2.0-only AND GPL-2.0-or-later", []string{"a.go"}},
		{"a file's AND shares a term", "Apache-2.0", []model.FileLicense{f("libyaml/emitter.go", "Apache-2.0 AND MIT")}, "Apache-2.0 AND MIT", []string{"libyaml/emitter.go"}},
		{"unknown stays unknown", "", []model.FileLicense{f("a.go", "MIT")}, "", []string{"a.go"}},
		{"a BSD-style file in a BSD module", "BSD-2-Clause", []model.FileLicense{f("a.go", "LicenseRef-ospo-BSD-style")}, "BSD-2-Clause", nil},
		{"a BSD-style file in one alternative", "MIT OR BSD-3-Clause", []model.FileLicense{f("a.go", "LicenseRef-ospo-BSD-style")}, "MIT OR BSD-3-Clause", nil},
		{"a BSD-style file in an Apache and MIT module", "Apache-2.0 AND MIT", []model.FileLicense{f("z/calloc.go", "LicenseRef-ospo-BSD-style")}, "Apache-2.0 AND MIT AND LicenseRef-ospo-BSD-style", []string{"z/calloc.go"}},
		{"a BSD-style file beside a BSD file another adds stands (its own copyright lines)", "Apache-2.0", []model.FileLicense{f("x509/a.go", "BSD-3-Clause"), f("x509/revoked.go", "LicenseRef-ospo-BSD-style")}, "Apache-2.0 AND BSD-3-Clause AND LicenseRef-ospo-BSD-style", []string{"x509/a.go", "x509/revoked.go"}},
		{"0BSD is no BSD-style cover", "0BSD", []model.FileLicense{f("a.go", "LicenseRef-ospo-BSD-style")}, "0BSD AND LicenseRef-ospo-BSD-style", []string{"a.go"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, files := Effective(tt.declared, tt.files)
			if got != tt.want {
				t.Errorf("Effective = %q, want %q", got, tt.want)
			}
			var names []string
			for _, f := range files {
				names = append(names, f.File)
			}
			if diff := cmp.Diff(tt.wantFiles, names); diff != "" {
				t.Errorf("differing files (-want +got):\n%s", diff)
			}
		})
	}
}

// TestEffectiveDecision checks that the rules decide on the effective
// license, that a finding a file caused names it, and that a module
// without a deep scan is decided on its declared license.
func TestEffectiveDecision(t *testing.T) {
	p := Default()
	deep := &model.Deep{Files: []model.FileLicense{
		{File: "x/gpl.go", Line: 3, Kind: model.FileKindNotice, License: "GPL-2.0-or-later"},
		{File: "y.go", Line: 1, Kind: model.FileKindTag, License: "MIT"},
	}}
	mods := []*model.Module{
		{Path: "example.com/a", Version: "v1.0.0", Scope: model.ScopeRequired, License: &model.License{Expression: "MIT"}, Deep: deep},
		{Path: "example.com/b", Version: "v1.0.0", Scope: model.ScopeRequired, License: &model.License{Expression: "MIT"}},
	}
	res := Evaluate(p, mods, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	a, b := mods[0].Decision, mods[1].Decision
	if a.Verdict != Deny || a.License != "MIT" || a.Effective != "MIT AND GPL-2.0-or-later" || len(a.Files) != 1 {
		t.Errorf("a: verdict %s, license %q, effective %q, files %v", a.Verdict, a.License, a.Effective, a.Files)
	}
	if b.Verdict != Allow || b.Effective != "" {
		t.Errorf("b: verdict %s, effective %q", b.Verdict, b.Effective)
	}
	if len(res.Findings) != 1 {
		t.Fatalf("findings: %+v", res.Findings)
	}
	want := "example.com/a@v1.0.0: linked file x/gpl.go:3 is GPL-2.0-or-later (notice), module is MIT; GPL-2.0-or-later (strong-copyleft) is denied by category[strong-copyleft]; to accept it, add an exception with a reason"
	if got := res.Findings[0]; got.Message != want || got.Evidence != "x/gpl.go:3" {
		t.Errorf("finding:\n got %q (%q)\nwant %q", got.Message, got.Evidence, want)
	}
}
