package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// TestFormatRegistry checks the registry the flags, the checks and the
// writers share: every format has a writer of its own, the help and the
// usage errors list the same values, and the spec versions are those the
// SBOM writer knows.
func TestFormatRegistry(t *testing.T) {
	if got, want := orList(specVersions()), "1.4, 1.5, 1.6 or 1.7"; got != want {
		t.Errorf("spec versions %q, want %q", got, want)
	}
	if got, want := orList(reportFormatNames()), "text, json, sarif, github, markdown, html or exceptions"; got != want {
		t.Errorf("report formats %q, want %q", got, want)
	}
	help := formatFlagHelp()
	doc := &model.Document{Schema: model.Schema, Main: []string{}, Modules: []*model.Module{}, Findings: []model.Finding{}}
	outputs := map[string]string{}
	for _, name := range reportFormatNames() {
		if !strings.Contains(help, name) {
			t.Errorf("--format help does not list %s", name)
		}
		var b bytes.Buffer
		if err := writeReport(&b, name, options{}, doc, false); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for other, out := range outputs {
			if out == b.String() {
				t.Errorf("%s writes what %s writes", name, other)
			}
		}
		outputs[name] = b.String()
	}
	if _, ok := lookupReportFormat("xml"); ok {
		t.Error("xml is not a report format")
	}
}
