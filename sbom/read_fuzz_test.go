package sbom

import (
	"bytes"
	"os"
	"testing"
	"time"

	cdx "github.com/CycloneDX/cyclonedx-go"

	"github.com/ospo-scan/ospo-scan/internal/model"
	"github.com/ospo-scan/ospo-scan/policy"
)

// FuzzRead: any bytes given as an SBOM (a --baseline FILE, a diff input)
// are read or refused with an error; never a panic.
func FuzzRead(f *testing.F) {
	if data, err := os.ReadFile("testdata/bom-1.6.golden.json"); err == nil {
		f.Add(data)
	}
	g := &model.Graph{
		Main: []model.MainModule{{Path: "example.com/app"}},
		Modules: []*model.Module{{
			Path: "example.com/mix", Version: "v1.0.0", Scope: model.ScopeRequired, Platforms: []string{"linux/amd64"},
			License: &model.License{Expression: "MIT", Evidence: []model.Evidence{{File: "LICENSE", License: "MIT", Verdict: "license", Coverage: 100}}},
			Deep:    &model.Deep{Files: []model.FileLicense{{File: "x/gpl.go", Line: 4, Kind: model.FileKindNotice, License: "GPL-2.0-or-later"}}},
		}},
	}
	policy.Evaluate(policy.Default(), g.Modules, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	bom := Build(g, Options{ToolName: "ospo-scan", ToolVersion: "v0.0.0-test", Timestamp: time.Unix(1780000000, 0), SpecVersion: cdx.SpecVersion1_6})
	for _, format := range []string{"json", "xml"} {
		var b bytes.Buffer
		if err := Encode(&b, bom, format, cdx.SpecVersion1_6, false); err == nil {
			f.Add(b.Bytes())
		}
	}
	f.Add([]byte(`{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"library"}]}`))
	f.Add([]byte(`<bom xmlns="http://cyclonedx.org/schema/bom/1.6"><components><component/></components></bom>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Read(data)
		if err == nil && doc == nil {
			t.Fatal("no document and no error")
		}
	})
}
