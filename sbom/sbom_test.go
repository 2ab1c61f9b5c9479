package sbom

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cdx "github.com/CycloneDX/cyclonedx-go"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/ospo-scan/ospo-scan/policy"
	"github.com/ospo-scan/ospo-scan/sbom/internal/spdxenum"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

var update = flag.Bool("update", false, "rewrite golden files")

// sample is a small scan: a main module, a module with an expression, one
// replaced by another module, one replaced by a directory, a test-only one
// and one with an unknown license.
func sample() *model.Graph {
	g := &model.Graph{
		Main: []model.MainModule{{Path: "example.com/app"}},
		Modules: []*model.Module{
			{Path: "example.com/dual", Version: "v1.0.0", Scope: model.ScopeRequired, Platforms: []string{"linux/amd64"}, Sum: "h1:abc=",
				License: &model.License{Expression: "MIT OR Apache-2.0", Evidence: []model.Evidence{
					{File: "LICENSE", SHA256: "00ff", License: "MIT OR Apache-2.0", Verdict: "license", Coverage: 97.5},
				}}},
			{Path: "example.com/gpl", Version: "v2.0.0", Scope: model.ScopeRequired, Platforms: []string{"linux/amd64"},
				License: &model.License{Expression: "GPL-2.0-only WITH Classpath-exception-2.0", Evidence: []model.Evidence{
					{File: "COPYING", License: "GPL-2.0-only WITH Classpath-exception-2.0", Verdict: "license", Coverage: 99},
				}}},
			{Path: "example.com/local", Version: "v0.0.0", Replace: &model.Replacement{Path: "./local"}, Scope: model.ScopeRequired,
				License: &model.License{Expression: "ISC", Evidence: []model.Evidence{{File: "LICENSE", License: "ISC", Verdict: "license", Coverage: 100}}}},
			{Path: "example.com/mit", Version: "v1.0.0", Replace: &model.Replacement{Path: "example.com/fork", Version: "v1.0.1"}, Scope: model.ScopeRequired,
				License: &model.License{Expression: "MIT", Evidence: []model.Evidence{{File: "LICENSE", License: "MIT", Verdict: "license", Coverage: 100}}}},
			{Path: "github.com/a/testonly", Version: "v1.2.3", Scope: model.ScopeTest,
				License: &model.License{Expression: "LicenseRef-ospo-CommonsClause AND MIT"}},
			{Path: "golang.org/x/unknown", Version: "v0.1.0", Scope: model.ScopeRequired,
				License: &model.License{Reason: "no license file", Evidence: []model.Evidence{}}},
		},
		Deps: map[string][]string{
			"example.com/app":  {"example.com/dual", "example.com/gpl", "example.com/local", "github.com/a/testonly", "golang.org/x/unknown"},
			"example.com/dual": {"example.com/mit"},
		},
	}
	mods := g.Modules
	p, err := policy.Parse("policy.yaml", []byte("version: 1\nexceptions:\n  - module: example.com/gpl\n    decision: allow\n    reason: reviewed\n    expires: 2099-01-01\n"))
	if err != nil {
		panic(err)
	}
	policy.Evaluate(p, mods, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	return g
}

func build(spec cdx.SpecVersion) *cdx.BOM {
	g := sample()
	return Build(g, Options{ToolName: "ospo-scan", ToolVersion: "v0.0.0-test", Timestamp: time.Unix(1780000000, 0), SpecVersion: spec,
		MainLicense: &model.License{Expression: "Apache-2.0"}})
}

func encode(t *testing.T, spec cdx.SpecVersion, format string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Encode(&buf, build(spec), format, spec, false); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// schemaDir locates the official schemas shipped in the cyclonedx-go module.
func schemaDir(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/CycloneDX/cyclonedx-go").Output()
	if err != nil {
		t.Skipf("cannot locate cyclonedx-go: %v", err)
	}
	return filepath.Join(strings.TrimSpace(string(out)), "schema")
}

func compile(t *testing.T, dir, version string) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	files = append(files, "testdata/cryptography-defs.schema.json")
	for _, f := range files {
		r, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		name := strings.Replace(filepath.Base(f), ".schemax.", ".schema.", 1)
		if err := c.AddResource("http://cyclonedx.org/schema/"+name, doc); err != nil {
			t.Fatal(err)
		}
		if err := c.AddResource("file://"+filepath.Join(dir, name), doc); err != nil {
			t.Fatal(err)
		}
	}
	s, err := c.Compile("file://" + filepath.Join(dir, "bom-"+version+".schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSchemaValid(t *testing.T) {
	dir := schemaDir(t)
	for name, spec := range SpecVersions {
		t.Run("json-"+name, func(t *testing.T) {
			data := encode(t, spec, "json")
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			if err := compile(t, dir, name).Validate(inst); err != nil {
				t.Errorf("spec %s JSON invalid: %v", name, err)
			}
			var bom cdx.BOM
			if err := cdx.NewBOMDecoder(bytes.NewReader(data), cdx.BOMFileFormatJSON).Decode(&bom); err != nil {
				t.Fatalf("round trip: %v", err)
			}
			if len(*bom.Components) != 6 {
				t.Errorf("round trip: %d components", len(*bom.Components))
			}
		})
		t.Run("xml-"+name, func(t *testing.T) {
			xmllint, err := exec.LookPath("xmllint")
			if err != nil {
				t.Skip("xmllint not installed (apt-get install libxml2-utils)")
			}
			f := filepath.Join(t.TempDir(), "bom.xml")
			if err := os.WriteFile(f, encode(t, spec, "xml"), 0o644); err != nil {
				t.Fatal(err)
			}
			// bom-1.7.xsd imports the SPDX schema by URL: map it to the
			// local copy with an XML catalog, so nothing is fetched.
			catalog := filepath.Join(t.TempDir(), "catalog.xml")
			cat := `<?xml version="1.0"?><catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">` +
				`<uri name="http://cyclonedx.org/schema/spdx" uri="file://` + filepath.Join(dir, "spdx.xsd") + `"/>` +
				`<system systemId="http://cyclonedx.org/schema/spdx" uri="file://` + filepath.Join(dir, "spdx.xsd") + `"/></catalog>`
			if err := os.WriteFile(catalog, []byte(cat), 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(xmllint, "--nonet", "--noout", "--schema", "bom-"+name+".xsd", f)
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "XML_CATALOG_FILES="+catalog)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("spec %s XML invalid: %v\n%s", name, err, out)
			}
			var bom cdx.BOM
			if err := cdx.NewBOMDecoder(bytes.NewReader(encode(t, spec, "xml")), cdx.BOMFileFormatXML).Decode(&bom); err != nil {
				t.Fatalf("round trip: %v", err)
			}
		})
	}
}

func TestGolden(t *testing.T) {
	got := encode(t, cdx.SpecVersion1_6, "json")
	if *update {
		if err := os.WriteFile("testdata/bom-1.6.golden.json", got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("testdata/bom-1.6.golden.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("SBOM differs from testdata/bom-1.6.golden.json (go test ./sbom -update to accept)")
	}
	if !bytes.Equal(got, encode(t, cdx.SpecVersion1_6, "json")) {
		t.Error("two encodings of the same scan differ")
	}
}

func TestContent(t *testing.T) {
	var doc struct {
		SerialNumber string
		Components   []struct {
			BOMRef     string `json:"bom-ref"`
			Purl       string
			Scope      string
			Licenses   []map[string]any
			Properties []struct{ Name, Value string }
		}
		Dependencies []struct {
			Ref       string
			DependsOn []string
		}
	}
	if err := json.Unmarshal(encode(t, cdx.SpecVersion1_6, "json"), &doc); err != nil {
		t.Fatal(err)
	}
	byRef := map[string]int{}
	for i, c := range doc.Components {
		byRef[c.BOMRef] = i
	}
	mustHave := func(ref string) int {
		i, ok := byRef[ref]
		if !ok {
			t.Fatalf("no component %s; have %v", ref, byRef)
		}
		return i
	}
	dual := doc.Components[mustHave("pkg:golang/example.com/dual@v1.0.0?type=module")]
	if dual.Licenses[0]["expression"] != "MIT OR Apache-2.0" || dual.Licenses[0]["acknowledgement"] != "concluded" {
		t.Errorf("dual licenses = %v", dual.Licenses)
	}
	fork := doc.Components[mustHave("pkg:golang/example.com/fork@v1.0.1?type=module")]
	if lic := fork.Licenses[0]["license"].(map[string]any); lic["id"] != "MIT" {
		t.Errorf("fork licenses = %v", fork.Licenses)
	}
	test := doc.Components[mustHave("pkg:golang/github.com/a/testonly@v1.2.3?type=module")]
	if test.Scope != "optional" {
		t.Errorf("test-only scope %q, want optional", test.Scope)
	}
	gpl := doc.Components[mustHave("pkg:golang/example.com/gpl@v2.0.0?type=module")]
	props := map[string]string{}
	for _, p := range gpl.Properties {
		props[p.Name] = p.Value
	}
	if props["ospo-scan:decision"] != "allow" || props["ospo-scan:rule"] != "exception[example.com/gpl]" || props["ospo-scan:exception"] != "reviewed (expires 2099-01-01)" {
		t.Errorf("gpl properties = %v", props)
	}
	unknown := doc.Components[mustHave("pkg:golang/golang.org/x/unknown@v0.1.0?type=module")]
	if len(unknown.Licenses) != 0 {
		t.Errorf("unknown module has licenses %v; an unknown license is never guessed", unknown.Licenses)
	}
	deps := map[string][]string{}
	for _, d := range doc.Dependencies {
		deps[d.Ref] = d.DependsOn
	}
	if got := deps["pkg:golang/example.com/dual@v1.0.0?type=module"]; len(got) != 1 || got[0] != "pkg:golang/example.com/fork@v1.0.1?type=module" {
		t.Errorf("dual depends on %v", got)
	}
	if got := deps["pkg:golang/example.com/app?type=module"]; len(got) != 5 {
		t.Errorf("main module depends on %v", got)
	}
	if len(doc.Dependencies) != 7 {
		t.Errorf("%d dependency entries, want one per component and the main module", len(doc.Dependencies))
	}
	if !strings.HasPrefix(doc.SerialNumber, "urn:uuid:") {
		t.Errorf("serial %q", doc.SerialNumber)
	}
}

func TestRandomSerial(t *testing.T) {
	var a, b bytes.Buffer
	bom := build(cdx.SpecVersion1_6)
	if err := Encode(&a, bom, "json", cdx.SpecVersion1_6, true); err != nil {
		t.Fatal(err)
	}
	if err := Encode(&b, bom, "json", cdx.SpecVersion1_6, true); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("random serials are equal")
	}
}

func TestPurl(t *testing.T) {
	for in, want := range map[[2]string]string{
		{"github.com/foo/bar", "v1.2.3"}:                        "pkg:golang/github.com/foo/bar@v1.2.3?type=module",
		{"example.com/x/v2", "v2.0.0+incompatible"}:             "pkg:golang/example.com/x/v2@v2.0.0%2Bincompatible?type=module",
		{"gopkg.in/yaml.v3", "v3.0.1"}:                          "pkg:golang/gopkg.in/yaml.v3@v3.0.1?type=module",
		{"example.com/app", ""}:                                 "pkg:golang/example.com/app?type=module",
		{"example.com/p", "v0.0.0-20240101000000-abcdefabcdef"}: "pkg:golang/example.com/p@v0.0.0-20240101000000-abcdefabcdef?type=module",
	} {
		if got := Purl(in[0], in[1]); got != want {
			t.Errorf("Purl(%q, %q) = %q, want %q", in[0], in[1], got, want)
		}
	}
}

// TestValidateFile validates an SBOM written by a real scan against the
// official schema of its spec version (opt-in: OSPO_VALIDATE_SBOM=FILE).
func TestValidateFile(t *testing.T) {
	file := os.Getenv("OSPO_VALIDATE_SBOM")
	if file == "" {
		t.Skip("set OSPO_VALIDATE_SBOM=bom.json to validate a file")
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var head struct{ SpecVersion string }
	if err := json.Unmarshal(data, &head); err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if err := compile(t, schemaDir(t), head.SpecVersion).Validate(inst); err != nil {
		t.Fatalf("%s (spec %s) invalid: %v", file, head.SpecVersion, err)
	}
	t.Logf("%s: valid CycloneDX %s", file, head.SpecVersion)
}

func TestSPDXIDsUpToDate(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(schemaDir(t), "spdx.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := spdxenum.Generate(data)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("spdxids_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("spdxids_gen.go is out of date: run go generate ./sbom")
	}
}

// TestNewerSPDXID: an SPDX id newer than CycloneDX's list is written as an
// expression, and the SBOM stays valid.
func TestNewerSPDXID(t *testing.T) {
	g := sample()
	g.Modules[0].Decision.License = "3D-Slicer-1.0"
	g.Modules[0].License.Evidence[0].License = "3D-Slicer-1.0"
	bom := Build(g, Options{ToolName: "ospo-scan", SpecVersion: cdx.SpecVersion1_6, Timestamp: time.Unix(1780000000, 0)})
	var buf bytes.Buffer
	if err := Encode(&buf, bom, "json", cdx.SpecVersion1_6, false); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"expression": "3D-Slicer-1.0"`) {
		t.Errorf("newer id not written as an expression")
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if err := compile(t, schemaDir(t), "1.6").Validate(inst); err != nil {
		t.Errorf("invalid: %v", err)
	}
}

// TestMainVersion checks that a release's SBOM gives its main component the
// version (and a purl with it), while the bom-ref, which dependencies name,
// stays the same (issue #15, item 6).
func TestMainVersion(t *testing.T) {
	g := sample()
	bom := Build(g, Options{ToolName: "ospo-scan", SpecVersion: cdx.SpecVersion1_6, MainVersion: "v1.4.0"})
	c := bom.Metadata.Component
	if c.Version != "v1.4.0" || c.PackageURL != "pkg:golang/example.com/app@v1.4.0?type=module" {
		t.Errorf("main component version %q, purl %q", c.Version, c.PackageURL)
	}
	if c.BOMRef != Purl("example.com/app", "") {
		t.Errorf("bom-ref changed to %q", c.BOMRef)
	}
	if plain := Build(g, Options{SpecVersion: cdx.SpecVersion1_6}); plain.Metadata.Component.Version != "" {
		t.Errorf("version %q without MainVersion", plain.Metadata.Component.Version)
	}
}
