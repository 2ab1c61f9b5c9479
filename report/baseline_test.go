package report

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// markedDoc is sampleDoc compared with a baseline: the AGPL finding new,
// the unknown-license one existing, the stale policy entry changed.
func markedDoc(t *testing.T) *model.Document {
	doc := sampleDoc(t)
	marks := []string{model.MarkNew, model.MarkExisting, model.MarkChanged}
	for i := range doc.Findings {
		doc.Findings[i].Baseline = marks[i]
	}
	doc.Findings[2].Since = "license text changed"
	doc.Findings[1], doc.Findings[2] = doc.Findings[2], doc.Findings[1]
	doc.Baseline = &model.Baseline{Source: "main", Commit: "0123456789abcdef", Findings: model.MarkCounts{New: 1, Changed: 1, Existing: 1}, Removed: []string{"example.com/gone@v1.0.0"}}
	return doc
}

// TestSARIFBaselineState: with a baseline every result has SARIF's own
// baselineState, and the log still validates against the schema.
func TestSARIFBaselineState(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteSARIF(&buf, markedDoc(t)); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("testdata/sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	schemaDoc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("sarif.json", schemaDoc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("sarif.json")
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Fatalf("SARIF invalid: %v", err)
	}
	var log struct {
		Runs []struct {
			Results []struct{ BaselineState string }
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range log.Runs[0].Results {
		got = append(got, r.BaselineState)
	}
	if strings.Join(got, " ") != "new updated unchanged" {
		t.Errorf("baselineState %v, want new updated unchanged", got)
	}
	// Without a baseline, no baselineState at all.
	buf.Reset()
	WriteSARIF(&buf, sampleDoc(t))
	if strings.Contains(buf.String(), "baselineState") {
		t.Error("baselineState written without a baseline")
	}
}

// TestWritersBaselineGroups: text and Markdown head each group, new
// first, and count against the baseline; GitHub titles carry the mark.
func TestWritersBaselineGroups(t *testing.T) {
	doc := markedDoc(t)
	var text, md, gh bytes.Buffer
	if err := WriteText(&text, doc, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := WriteMarkdown(&md, doc); err != nil {
		t.Fatal(err)
	}
	if err := WriteGitHub(&gh, doc); err != nil {
		t.Fatal(err)
	}
	inOrder := func(name, s string, parts ...string) {
		t.Helper()
		at := 0
		for _, p := range parts {
			i := strings.Index(s[at:], p)
			if i < 0 {
				t.Errorf("%s: %q missing (or out of order) in:\n%s", name, p, s)
				return
			}
			at += i + len(p)
		}
	}
	inOrder("text", text.String(), "New in this change (not in main (0123456789ab)):", "example.com/agpl",
		"Changed since main (0123456789ab), to review again:", "since the baseline: license text changed",
		"Existing, also in main (0123456789ab):", "example.com/none", "BASELINE",
		"against main (0123456789ab): findings 1 new, 1 changed, 1 existing; modules 0 new, 0 changed, 1 removed (example.com/gone@v1.0.0)")
	inOrder("markdown", md.String(), "## ospo-scan: ❌ this change brings denied licenses", "### New in this change (1)", "example.com/agpl",
		"### Changed since `main (0123456789ab)` (1)", "<details><summary>Existing findings, also in <code>main (0123456789ab)</code> (1)</summary>",
		"example.com/none", "</details>", "`example.com/gone@v1.0.0`")
	inOrder("github", gh.String(), "title=ospo-scan%3A deny (new) example.com/agpl", "title=ospo-scan%3A warn (changed)", "title=ospo-scan%3A deny (existing) example.com/none")
}

// TestWriteExceptions: one entry per module finding (with a baseline, not
// the existing ones), with the license files' hashes.
func TestWriteExceptions(t *testing.T) {
	doc := sampleDoc(t)
	doc.Modules[0].License.Evidence[0].SHA256 = strings.Repeat("a", 64)
	var b bytes.Buffer
	if err := WriteExceptions(&b, doc); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"exception entries for 2 module(s)", "  - module: \"example.com/agpl\"\n    versions: \"v1.0.0\"\n    license: \"AGPL-3.0-only\"\n    decision: allow\n",
		"    license-sha256:\n      - " + strings.Repeat("a", 64) + "  # LICENSE\n", "  - module: \"example.com/none\"\n    versions: \"v0.1.0\"\n    decision: allow\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
	b.Reset()
	doc = markedDoc(t)
	WriteExceptions(&b, doc)
	if out := b.String(); !strings.Contains(out, "for 1 module(s)") || strings.Contains(out, "example.com/none") {
		t.Errorf("with a baseline, the existing finding's module is listed:\n%s", out)
	}
	b.Reset()
	WriteExceptions(&b, &model.Document{})
	if b.String() != "# ospo-scan: no finding needs an exception.\n" {
		t.Errorf("no findings: %q", b.String())
	}
}
