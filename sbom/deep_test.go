package sbom

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
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

// TestDeepXMLOccurrences: the XML SBOM keeps each occurrence's location
// but not its line (cyclonedx-go writes it as an attribute, which the
// CycloneDX 1.6 schema rejects); the JSON keeps the line, and encoding
// XML changes nothing of the BOM. With xmllint, the XML is checked
// against the schema.
func TestDeepXMLOccurrences(t *testing.T) {
	g := deepMixGraph()
	bom := Build(g, Options{ToolName: "ospo-scan", ToolVersion: "v0.0.0-test", Timestamp: time.Unix(1780000000, 0), SpecVersion: cdx.SpecVersion1_6})
	var x, j bytes.Buffer
	if err := Encode(&x, bom, "xml", cdx.SpecVersion1_6, false); err != nil {
		t.Fatal(err)
	}
	if err := Encode(&j, bom, "json", cdx.SpecVersion1_6, false); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(x.String(), "<location>x/gpl.go</location>") || strings.Contains(x.String(), ` line="`) {
		t.Errorf("XML occurrences:\n%s", x.String())
	}
	if !strings.Contains(j.String(), `"line": 4`) {
		t.Errorf("JSON lost the line:\n%s", j.String())
	}
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		t.Skip("no xmllint to validate against the schema")
	}
	f := filepath.Join(t.TempDir(), "bom.xml")
	if err := os.WriteFile(f, x.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := schemaDir(t)
	if out, err := exec.Command(xmllint, "--noout", "--schema", filepath.Join(dir, "bom-1.6.xsd"), f).CombinedOutput(); err != nil {
		t.Errorf("XML invalid: %v\n%s", err, out)
	}
}

// deepMixGraph is a graph of one MIT module with a GPL-headed linked
// file, decided by the default policy.
func deepMixGraph() *model.Graph {
	g := &model.Graph{
		Main: []model.MainModule{{Path: "example.com/app"}},
		Modules: []*model.Module{{
			Path: "example.com/mix", Version: "v1.0.0", Scope: model.ScopeRequired, Platforms: []string{"linux/amd64"},
			License: &model.License{Expression: "MIT", Evidence: []model.Evidence{{File: "LICENSE", License: "MIT", Verdict: "license", Coverage: 100}}},
			Deep:    &model.Deep{Files: []model.FileLicense{{File: "x/gpl.go", Line: 4, Kind: model.FileKindNotice, License: "GPL-2.0-or-later"}}},
		}},
	}
	policy.Evaluate(policy.Default(), g.Modules, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	return g
}
