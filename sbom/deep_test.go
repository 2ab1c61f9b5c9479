package sbom

import (
	"bytes"
	"strings"
	"testing"
	"time"

	cdx "github.com/CycloneDX/cyclonedx-go"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/ospo-scan/ospo-scan/internal/model"
	"github.com/ospo-scan/ospo-scan/policy"
)

// TestDeepEffective checks that a module whose linked files add licenses
// carries the effective license, keeps the declared one as a property,
// and lists the files (with their lines) as evidence occurrences; and that
// the SBOM stays valid for every spec version.
func TestDeepEffective(t *testing.T) {
	g := &model.Graph{
		Main: []model.MainModule{{Path: "example.com/app"}},
		Modules: []*model.Module{{
			Path: "example.com/mix", Version: "v1.0.0", Scope: model.ScopeRequired, Platforms: []string{"linux/amd64"},
			License: &model.License{Expression: "MIT", Evidence: []model.Evidence{{File: "LICENSE", License: "MIT", Verdict: "license", Coverage: 100}}},
			Deep: &model.Deep{Files: []model.FileLicense{
				{File: "x/asn1.go", Line: 2, Kind: model.FileKindReference, License: "BSD-3-Clause"},
				{File: "y.go", Line: 1, Kind: model.FileKindTag, License: "MIT"},
			}},
		}},
	}
	policy.Evaluate(policy.Default(), g.Modules, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	dir := schemaDir(t)
	for name, spec := range SpecVersions {
		bom := Build(g, Options{ToolName: "ospo-scan", ToolVersion: "v0.0.0-test", Timestamp: time.Unix(1780000000, 0), SpecVersion: spec})
		c := (*bom.Components)[0]
		if c.Licenses == nil || (*c.Licenses)[0].Expression != "MIT AND BSD-3-Clause" {
			t.Errorf("%s: licenses %+v, want the effective expression", name, c.Licenses)
		}
		var occ []string
		for _, o := range *c.Evidence.Occurrences {
			occ = append(occ, o.Location)
		}
		if got := strings.Join(occ, " "); got != "LICENSE x/asn1.go" {
			t.Errorf("%s: occurrences %q", name, got)
		}
		found := false
		for _, p := range *c.Properties {
			found = found || p.Name == "ospo-scan:declared-license" && p.Value == "MIT"
		}
		if !found {
			t.Errorf("%s: no declared-license property", name)
		}
		var buf bytes.Buffer
		if err := Encode(&buf, bom, "json", spec, false); err != nil {
			t.Fatal(err)
		}
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		if err := compile(t, dir, name).Validate(inst); err != nil {
			t.Errorf("spec %s JSON invalid: %v", name, err)
		}
		if spec >= cdx.SpecVersion1_6 && !strings.Contains(buf.String(), `"line": 2`) {
			t.Errorf("%s: the file's line is not in the SBOM", name)
		}
	}
}
