package diff

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// FuzzDecode reads arbitrary bytes as a report: an error or a document,
// never a panic; an error is one line; a document read compares with
// itself to no change, and with an empty report through every writer.
func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"schema": "ospo-scan/report/v1", "modules": [{"path": "x.com/a", "version": "v1.0.0", "decision": "deny", "evidence": [{"file": "LICENSE", "sha256": "aa"}]}]}`))
	f.Add([]byte(`{"schema": "ospo-scan/report/v1", "modules": [null]}`))
	f.Add([]byte(`{"schema": "ospo-scan/report/v1", "modules": [{"main": "m", "path": "a", "decision": "warn", "license": "MIT", "source": "override", "detected": "X"}]}`))
	f.Add([]byte(`{"bomFormat": "CycloneDX"}`))
	f.Add([]byte(`{"schema": "ospo-scan/report/v1", "modules": [{"path": "a", "decision": "allow", "replace": {"path": 1}}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Decode(data)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("error is not one line: %q", err)
			}
			return
		}
		if r := Compute(doc, doc); len(r.Changes) != 0 {
			t.Fatalf("a report compared with itself has changes: %+v", r.Changes)
		}
		res := Compute(&model.Document{}, doc)
		opts := Options{FailOn: "warn"}
		for _, w := range []func(io.Writer, *Result, Options) error{WriteText, WriteJSON, WriteMarkdown} {
			var b bytes.Buffer
			if err := w(&b, res, opts); err != nil {
				t.Fatal(err)
			}
		}
	})
}
