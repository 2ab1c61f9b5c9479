package sbom

import (
	"bytes"
	"strings"
	"testing"

	cdx "github.com/CycloneDX/cyclonedx-go"
	"github.com/google/go-cmp/cmp"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// TestReadRoundTrip writes SBOMs of a graph in each encoding and spec
// version and reads them back: what diff and --baseline compare survives.
func TestReadRoundTrip(t *testing.T) {
	ev := func(file, verdict, lic, sum string) model.Evidence {
		return model.Evidence{File: file, Verdict: verdict, License: lic, SHA256: sum, Coverage: 99.5}
	}
	mods := []*model.Module{
		{Path: "example.com/a", Version: "v1.0.0", Scope: model.ScopeRequired, Sum: "h1:aaa=", Platforms: []string{"linux/amd64"},
			License:  &model.License{Expression: "MIT", Evidence: []model.Evidence{ev("LICENSE", "license", "MIT", "ab12"), ev("sub: odd/COPYING", "license", "MIT", "cd34")}},
			Decision: &model.Decision{License: "MIT", Verdict: model.Allow, Rule: "allow[MIT]", Source: model.SourceDetected, Category: "permissive"}},
		{Path: "example.com/agpl", Version: "v1.0.0", Scope: model.ScopeTest,
			License:  &model.License{Expression: "AGPL-3.0-only", Evidence: []model.Evidence{ev("LICENSE", "license", "AGPL-3.0-only", "ef56")}},
			Decision: &model.Decision{License: "AGPL-3.0-only", Verdict: model.Deny, Rule: "category[network-copyleft]", Source: model.SourceDetected, Category: "network-copyleft"}},
		{Path: "example.com/local", Version: "", Replace: &model.Replacement{Path: "../local"}, Scope: model.ScopeRequired,
			License:  &model.License{Expression: "Apache-2.0 OR MIT"},
			Decision: &model.Decision{License: "Apache-2.0 OR MIT", Verdict: model.Allow, Rule: "allow[MIT]", Source: model.SourceDetected}},
		{Path: "example.com/old", Version: "v1.0.0", Replace: &model.Replacement{Path: "example.com/fork", Version: "v1.2.0"}, Scope: model.ScopeRequired,
			License:  &model.License{Expression: "", Reason: "no license file", Evidence: []model.Evidence{}},
			Decision: &model.Decision{Verdict: model.Deny, Rule: "category[unknown]", Source: model.SourceUnknown, Category: "unknown"}},
	}
	g := &model.Graph{Main: []model.MainModule{{Path: "example.com/app"}}, Modules: mods}
	type got struct {
		Path, Version string
		Replace       *model.Replacement
		Scope         model.Scope
		License       string
		Verdict       model.Verdict
		Rule          string
		Evidence      []model.Evidence
	}
	var want []got
	for _, m := range mods {
		e := m.License.Evidence
		if len(e) == 0 {
			e = nil
		}
		want = append(want, got{m.Path, m.Version, m.Replace, m.Scope, m.Decision.License, m.Decision.Verdict, m.Decision.Rule, e})
	}
	for _, format := range []string{"json", "xml"} {
		for _, spec := range []cdx.SpecVersion{cdx.SpecVersion1_4, cdx.SpecVersion1_6} {
			var b bytes.Buffer
			bom := Build(g, Options{ToolName: "ospo-scan", ToolVersion: "v9", SpecVersion: spec})
			if err := Encode(&b, bom, format, spec, false); err != nil {
				t.Fatal(err)
			}
			doc, err := Read(b.Bytes())
			if err != nil {
				t.Fatalf("%s %s: %v", format, spec, err)
			}
			var have []got
			for _, m := range doc.Modules {
				have = append(have, got{m.Path, m.Version, m.Replace, m.Scope, m.Decision.License, m.Decision.Verdict, m.Decision.Rule, m.License.Evidence})
			}
			if d := cmp.Diff(want, have); d != "" {
				t.Errorf("%s %s: modules (-want +got):\n%s", format, spec, d)
			}
			if d := cmp.Diff([]string{"example.com/app"}, doc.Main); d != "" {
				t.Errorf("%s %s: main (-want +got):\n%s", format, spec, d)
			}
			if len(doc.Findings) != 2 || doc.Findings[0].Module != "example.com/agpl" || doc.Findings[1].Module != "example.com/old" || doc.Tool != (model.Tool{Name: "ospo-scan", Version: "v9"}) {
				t.Errorf("%s %s: findings %+v, tool %+v", format, spec, doc.Findings, doc.Tool)
			}
		}
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct{ name, data, want string }{
		{"not an SBOM", `{"schema": 3`, "not a CycloneDX SBOM ospo-scan can read"},
		{"another tool's", `{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"type": "library", "name": "x.com/a", "version": "v1.0.0"}]}`, "without ospo-scan's decisions"},
		{"bad decision", `{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"type": "library", "name": "x.com/a", "version": "v1", "properties": [{"name": "ospo-scan:decision", "value": "maybe"}]}]}`, `decision "maybe"`},
		{"twice", `{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"name": "x.com/a", "properties": [{"name": "ospo-scan:decision", "value": "allow"}]}, {"name": "x.com/a", "properties": [{"name": "ospo-scan:decision", "value": "allow"}]}]}`, "listed twice"},
		{"no name", `{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"version": "v1"}]}`, "has no name"},
	}
	for _, tt := range tests {
		_, err := Read([]byte(tt.data))
		if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: error %v, want one line with %q", tt.name, err, tt.want)
		}
	}
}
