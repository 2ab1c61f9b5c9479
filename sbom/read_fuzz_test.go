package sbom

import (
	"bytes"
	"os"
	"testing"
	"time"

	cdx "github.com/CycloneDX/cyclonedx-go"
)

// FuzzRead: any bytes given as an SBOM (a --baseline FILE, a diff input)
// are read or refused with an error; never a panic.
func FuzzRead(f *testing.F) {
	if data, err := os.ReadFile("testdata/bom-1.6.golden.json"); err == nil {
		f.Add(data)
	}
	g := deepMixGraph()
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
