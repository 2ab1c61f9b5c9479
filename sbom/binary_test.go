package sbom

import (
	"bytes"
	"strings"
	"testing"

	cdx "github.com/CycloneDX/cyclonedx-go"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// TestBinaryMain: the SBOM of a Go binary (ospo-scan bin) describes the
// binary's main module at the version it records, with the file's
// sha256, post-build; a (devel) build has no version; --main-version
// wins; the document stays valid for every spec version.
func TestBinaryMain(t *testing.T) {
	sum := strings.Repeat("ab", 32)
	bin := func(version string) *model.Graph {
		g := sample()
		g.Binary = &model.Binary{File: "dist/app", SHA256: sum, Format: "ELF", GoVersion: "go1.26.0", Package: "example.com/app/cmd/app", Version: version, Platform: "linux/amd64"}
		return g
	}
	for _, tc := range []struct {
		name, version, mainVersion, wantVersion string
	}{
		{"tagged", "v2.0.0", "", "v2.0.0"},
		{"devel", "(devel)", "", ""},
		{"main-version wins", "v2.0.0", "v2.0.1", "v2.0.1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bom := Build(bin(tc.version), Options{ToolName: "ospo-scan", SpecVersion: cdx.SpecVersion1_6, MainVersion: tc.mainVersion})
			c := bom.Metadata.Component
			if c.Version != tc.wantVersion || c.PackageURL != Purl("example.com/app", tc.wantVersion) {
				t.Errorf("version %q, purl %q; want %q", c.Version, c.PackageURL, tc.wantVersion)
			}
			if c.Hashes == nil || len(*c.Hashes) != 1 || (*c.Hashes)[0].Algorithm != cdx.HashAlgoSHA256 || (*c.Hashes)[0].Value != sum {
				t.Errorf("hashes %+v", c.Hashes)
			}
			if l := bom.Metadata.Lifecycles; l == nil || (*l)[0].Phase != cdx.LifecyclePhasePostBuild {
				t.Errorf("lifecycles %+v", l)
			}
			props := map[string]string{}
			for _, p := range *c.Properties {
				props[p.Name] = p.Value
			}
			if props["ospo-scan:binary"] != "dist/app" || props["ospo-scan:platform"] != "linux/amd64" || props["ospo-scan:main-package"] != "example.com/app/cmd/app" {
				t.Errorf("properties %v", props)
			}
		})
	}
	dir := schemaDir(t)
	for name, spec := range SpecVersions {
		var buf bytes.Buffer
		if err := Encode(&buf, Build(bin("v2.0.0"), Options{ToolName: "ospo-scan", SpecVersion: spec}), "json", spec, false); err != nil {
			t.Fatal(err)
		}
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		if err := compile(t, dir, name).Validate(inst); err != nil {
			t.Errorf("spec %s: binary SBOM invalid: %v", name, err)
		}
	}
}
