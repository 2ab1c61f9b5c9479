package spdx

import (
	"strings"
	"testing"
	"time"

	"github.com/spdx/tools-golang/spdxlib"

	"github.com/ospo-scan/ospo-scan/internal/model"
	"github.com/ospo-scan/ospo-scan/policy"
)

// TestDeepEffective: with the deep scan, a module's licenseConcluded is
// the effective license, licenseDeclared stays what its license files
// state, and the license comments list the linked files that the
// declared license does not cover (file:line, kind, license); a file it
// covers is not listed. Without the deep scan nothing changes. The
// document stays valid.
func TestDeepEffective(t *testing.T) {
	for _, tc := range []struct {
		name           string
		deep           *model.Deep
		concluded      string
		comment, never []string
	}{
		{"deep", &model.Deep{Files: []model.FileLicense{
			{File: "x/asn1.go", Line: 2, Kind: model.FileKindReference, License: "BSD-3-Clause"},
			{File: "y.go", Line: 1, Kind: model.FileKindTag, License: "MIT"},
		}}, "MIT AND BSD-3-Clause",
			[]string{"file LICENSE: license MIT (coverage 100.0%)", "linked file x/asn1.go:2: reference BSD-3-Clause, not covered by the declared license"},
			[]string{"y.go"}},
		{"deep, all covered", &model.Deep{Files: []model.FileLicense{{File: "y.go", Line: 1, Kind: model.FileKindTag, License: "MIT"}}}, "MIT",
			[]string{"file LICENSE: license MIT (coverage 100.0%)"}, []string{"y.go", "linked file"}},
		{"plain", nil, "MIT", []string{"file LICENSE: license MIT (coverage 100.0%)"}, []string{"linked file"}},
	} {
		g := &model.Graph{
			Main: []model.MainModule{{Path: "example.com/app"}},
			Modules: []*model.Module{{
				Path: "example.com/mix", Version: "v1.0.0", Scope: model.ScopeRequired, Platforms: []string{"linux/amd64"},
				License: &model.License{Expression: "MIT", Evidence: []model.Evidence{{File: "LICENSE", License: "MIT", Verdict: "license", Coverage: 100}}},
				Deep:    tc.deep,
			}},
		}
		policy.Evaluate(policy.Default(), g.Modules, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
		doc := build(t, g, options())
		if err := spdxlib.ValidateDocument(doc); err != nil {
			t.Errorf("%s: spdxlib.ValidateDocument: %v", tc.name, err)
		}
		validate(t, encode(t, doc, "json"), encode(t, doc, "tag-value"))
		var p = doc.Packages[1]
		if p.PackageName != "example.com/mix" {
			t.Fatalf("%s: package %q", tc.name, p.PackageName)
		}
		if p.PackageLicenseConcluded != tc.concluded || p.PackageLicenseDeclared != "MIT" {
			t.Errorf("%s: concluded %q, declared %q; want %q, MIT", tc.name, p.PackageLicenseConcluded, p.PackageLicenseDeclared, tc.concluded)
		}
		lines := strings.Split(p.PackageLicenseComments, "\n")
		for _, want := range tc.comment {
			found := false
			for _, l := range lines {
				found = found || l == want
			}
			if !found {
				t.Errorf("%s: license comments %q lack the line %q", tc.name, p.PackageLicenseComments, want)
			}
		}
		for _, not := range tc.never {
			if strings.Contains(p.PackageLicenseComments, not) {
				t.Errorf("%s: license comments %q name %q", tc.name, p.PackageLicenseComments, not)
			}
		}
	}
}

// TestDeepLicenseRef: a LicenseRef that only a linked file states (the
// deep scan) is an extracted license that names the file and line, not
// a policy override's id.
func TestDeepLicenseRef(t *testing.T) {
	g := &model.Graph{
		Main: []model.MainModule{{Path: "example.com/app"}},
		Modules: []*model.Module{{
			Path: "example.com/pd", Version: "v1.0.0", Scope: model.ScopeRequired, Platforms: []string{"linux/amd64"},
			License: &model.License{Expression: "MIT", Evidence: []model.Evidence{{File: "LICENSE", License: "MIT", Verdict: "license", Coverage: 100}}},
			Deep:    &model.Deep{Files: []model.FileLicense{{File: "x/pd.go", Line: 3, Kind: model.FileKindNotice, License: "LicenseRef-public-domain"}}},
		}},
	}
	policy.Evaluate(policy.Default(), g.Modules, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	doc := build(t, g, options())
	if err := spdxlib.ValidateDocument(doc); err != nil {
		t.Errorf("spdxlib.ValidateDocument: %v", err)
	}
	if c := doc.Packages[1].PackageLicenseConcluded; c != "MIT AND LicenseRef-public-domain" {
		t.Errorf("concluded %q", c)
	}
	if len(doc.OtherLicenses) != 1 {
		t.Fatalf("other licenses: %+v", doc.OtherLicenses)
	}
	ol := doc.OtherLicenses[0]
	if ol.LicenseIdentifier != "LicenseRef-public-domain" || !strings.Contains(ol.LicenseComment, "stated in the linked file x/pd.go:3 of example.com/pd@v1.0.0 (the deep scan)") {
		t.Errorf("other license %+v", ol)
	}
}
