package report

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rogpeppe/go-internal/txtar"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/ospo-scan/ospo-scan/policy"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

func sampleDoc(t *testing.T) *model.Document {
	t.Helper()
	g := &model.Graph{
		Main: []model.MainModule{{Path: "example.com/app"}},
		Modules: []*model.Module{
			{Path: "example.com/agpl", Version: "v1.0.0", Scope: model.ScopeRequired, Via: []string{"example.com/app", "example.com/agpl"},
				License: &model.License{Expression: "AGPL-3.0-only", Evidence: []model.Evidence{{File: "LICENSE", Verdict: "license", License: "AGPL-3.0-only"}}}},
			{Path: "example.com/none", Version: "v0.1.0", Scope: model.ScopeRequired, License: &model.License{Reason: "no license file"}},
			{Path: "example.com/ok", Version: "v1.0.0", Scope: model.ScopeRequired, License: &model.License{Expression: "MIT"}},
		},
	}
	p, err := policy.Parse("policy.yaml", []byte("version: 1\nexceptions:\n  - module: example.com/gone\n    decision: allow\n    reason: r\n"))
	if err != nil {
		t.Fatal(err)
	}
	res := policy.Evaluate(p, g.Modules, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	doc := Build(model.Tool{Name: "ospo-scan", Version: "v1.0.0"}, g, res.PolicyName, res.Findings)
	doc.Findings[0].Location = &model.Location{File: "go.mod", Line: 5}
	return doc
}

func TestSARIFValid(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteSARIF(&buf, sampleDoc(t)); err != nil {
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
			Tool struct {
				Driver struct{ Rules []struct{ ID string } }
			}
			Results []struct {
				RuleID    string
				Level     string
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine int }
					}
				}
			}
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	r := log.Runs[0]
	if len(r.Results) != 3 {
		t.Fatalf("%d results, want 3 (agpl deny, unknown deny, stale exception)", len(r.Results))
	}
	first := r.Results[0]
	if first.RuleID != "category/network-copyleft" || first.Level != "error" || first.Locations[0].PhysicalLocation.ArtifactLocation.URI != "go.mod" || first.Locations[0].PhysicalLocation.Region.StartLine != 5 {
		t.Errorf("first result = %+v", first)
	}
	if last := r.Results[2]; last.RuleID != "policy/stale" || last.Locations[0].PhysicalLocation.ArtifactLocation.URI != "policy.yaml" || last.Locations[0].PhysicalLocation.Region.StartLine != 3 {
		t.Errorf("policy result = %+v", last)
	}
}

func TestTextOrder(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteText(&buf, sampleDoc(t), TextOptions{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	deny := strings.Index(out, "DENY")
	warn := strings.Index(out, "WARN")
	table := strings.Index(out, "MODULE")
	if deny < 0 || warn < 0 || !(deny < warn && warn < table) {
		t.Errorf("want deny findings, then warn, then the table:\n%s", out)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if last := lines[len(lines)-1]; last != "3 modules: 1 allow, 0 warn, 2 deny, 1 without a known license (policy: policy.yaml)" {
		t.Errorf("summary line %q", last)
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("colour without a terminal")
	}
}

func TestGitHubEscaping(t *testing.T) {
	if got := escapeProperty("a:b,c%\nd"); got != "a%3Ab%2Cc%25%0Ad" {
		t.Errorf("escapeProperty = %q", got)
	}
	if got := escapeData("50% done\r\n"); got != "50%25 done%0D%0A" {
		t.Errorf("escapeData = %q", got)
	}
}

// TestControlCharactersEscaped checks that text from input (a replace
// path, a policy file name, evidence) never reaches a terminal or a
// workflow log with its control characters (issue #16, item 7).
func TestControlCharactersEscaped(t *testing.T) {
	doc := sampleDoc(t)
	doc.Policy = "evil\x1b[2J.yaml"
	doc.Modules[0].Replace = &model.Replacement{Path: "../x\x1b]0;pwned\x07"}
	doc.Findings[0].Evidence = "LICENSE\x1b[31m"
	doc.Findings[0].Message += "\x9b1m"
	writers := map[string]func(*bytes.Buffer) error{
		"text":     func(b *bytes.Buffer) error { return WriteText(b, doc, TextOptions{}) },
		"github":   func(b *bytes.Buffer) error { return WriteGitHub(b, doc) },
		"markdown": func(b *bytes.Buffer) error { return WriteMarkdown(b, doc) },
	}
	for name, write := range writers {
		var b bytes.Buffer
		if err := write(&b); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		for _, c := range []string{"\x1b", "\x07", "\u009b"} {
			if strings.Contains(out, c) {
				t.Errorf("%s: control character %q printed raw:\n%s", name, c, out)
			}
		}
		if !strings.Contains(out, `evil\x1b[2J.yaml`) {
			t.Errorf("%s: policy name not shown escaped:\n%s", name, out)
		}
	}
}

// TestSARIFHelpGeneric checks that a rule's help names no module (GitHub
// shows it on every alert of the rule) and that each result's message
// carries the exception entry of its own module (issue #15, item 7).
func TestSARIFHelpGeneric(t *testing.T) {
	doc := sampleDoc(t)
	// Two modules under one rule.
	second := doc.Findings[0]
	second.Module, second.Version = "example.com/agpl2", "v2.0.0"
	second.Message = "example.com/agpl2@v2.0.0: denied"
	doc.Findings = append(doc.Findings, second)
	var buf bytes.Buffer
	if err := WriteSARIF(&buf, doc); err != nil {
		t.Fatal(err)
	}
	var log sarifLog
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	for _, r := range log.Runs[0].Tool.Driver.Rules {
		if strings.Contains(r.Help.Text, "example.com/") {
			t.Errorf("rule %s help names a module: %s", r.ID, r.Help.Text)
		}
	}
	for _, res := range log.Runs[0].Results {
		if res.RuleID == "policy/stale" || strings.HasPrefix(res.RuleID, "policy/") {
			continue
		}
		mod, _, _ := strings.Cut(res.Message.Text, "@")
		if !strings.Contains(res.Message.Text, "  - module: \""+mod+"\"\n") {
			t.Errorf("result message lacks its module's exception entry: %s", res.Message.Text)
		}
	}
}

// TestTextEscapesEvidence: an evidence file name from a module is printed
// with its control characters escaped.
func TestTextEscapesEvidence(t *testing.T) {
	doc := sampleDoc(t)
	for i := range doc.Findings {
		doc.Findings[i].Evidence = "LICENSE\x1b[8m\r"
	}
	var buf bytes.Buffer
	if err := WriteText(&buf, doc, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(buf.String(), "\x1b\r") {
		t.Errorf("control characters reached the output:\n%q", buf.String())
	}
	if !strings.Contains(buf.String(), `evidence: LICENSE\x1b[8m\r`) {
		t.Errorf("escaped evidence missing:\n%s", buf.String())
	}
}

// TestReadBack checks that a saved JSON report reads back as the same
// type (model.Document) and encodes to the same bytes: overrides,
// normalised licenses, exceptions with version ranges (< and > kept as
// they are), replacements, notices, test scope and monorepo modules; and
// the report the CLI test writes (testdata/script/json_report.txtar).
func TestReadBack(t *testing.T) {
	g := &model.Graph{
		Main: []model.MainModule{{Path: "example.com/app"}},
		Modules: []*model.Module{
			{Path: "example.com/agpl", Version: "v1.0.0", Scope: model.ScopeRequired, Platforms: []string{"linux/amd64"}, Via: []string{"example.com/app", "example.com/agpl"},
				License: &model.License{Expression: "AGPL-3.0-only", Evidence: []model.Evidence{{File: "LICENSE", SHA256: "ab", Verdict: "license", License: "AGPL-3.0-only", Coverage: 99.5,
					Matches: []model.Match{{ID: "AGPL-3.0-only", Coverage: 99.5, Lines: [2]int{1, 600}, Kind: "text"}}}}, Notices: []string{"NOTICE"}}},
			{Path: "example.com/classpath", Version: "v1.0.0", Scope: model.ScopeRequired, License: &model.License{Expression: "GPL-2.0-with-classpath-exception", Evidence: []model.Evidence{}}},
			{Path: "example.com/hashi", Version: "v1.2.0", Scope: model.ScopeRequired, Sum: "h1:x=", License: &model.License{Expression: "MPL-2.0", Evidence: []model.Evidence{}}},
			{Path: "example.com/none", Version: "v0.1.0", Scope: model.ScopeTest, Replace: &model.Replacement{Path: "example.com/fork", Version: "v0.2.0"}, License: &model.License{Reason: "no license file", Evidence: []model.Evidence{}}},
			{Path: "example.com/over", Version: "v1.0.0", Scope: model.ScopeRequired, Packages: []string{"example.com/over"}, License: &model.License{Expression: "BSD-3-Clause", Evidence: []model.Evidence{}}},
			{Path: "example.com/undetected", Version: "v1.0.0", Scope: model.ScopeRequired},
		},
	}
	p, err := policy.Parse("policy.yaml", []byte(`version: 1
exceptions:
  - module: example.com/hashi
    versions: "<2.0.0"
    decision: allow
    reason: "reviewed <legal> & co"
    expires: 2099-01-01
overrides:
  - module: example.com/over
    license: MIT
    reason: stated in README
`))
	if err != nil {
		t.Fatal(err)
	}
	res := policy.Evaluate(p, g.Modules, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	doc := Build(model.Tool{Name: "ospo-scan", Version: "v1.0.0"}, g, res.PolicyName, res.Findings)
	var first bytes.Buffer
	if err := WriteJSON(&first, doc); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"detected": "BSD-3-Clause"`, `"detected": "GPL-2.0-with-classpath-exception"`, `"versions": "<2.0.0"`, `"main"`} {
		if !strings.Contains(first.String(), want) {
			t.Errorf("sample report lacks %s", want)
		}
	}
	// A monorepo's modules name their main module.
	doc.Modules[0].Main = "example.com/app"
	first.Reset()
	if err := WriteJSON(&first, doc); err != nil {
		t.Fatal(err)
	}
	reports := map[string][]byte{"sample": first.Bytes()}
	ar, err := txtar.ParseFile(filepath.Join("..", "testdata", "script", "json_report.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range ar.Files {
		if f.Name == "want.json" {
			reports["json_report.txtar"] = f.Data
		}
	}
	if len(reports) != 2 {
		t.Fatal("json_report.txtar has no want.json")
	}
	for name, data := range reports {
		var back model.Document
		if err := json.Unmarshal(data, &back); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var again bytes.Buffer
		if err := WriteJSON(&again, &back); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(string(data), again.String()); diff != "" {
			t.Errorf("%s read back and written again differs (-saved +again):\n%s", name, diff)
		}
	}
}

// TestRuleID checks that SARIF rule ids come from the typed rule a
// finding reports first, whatever its rendered text says.
func TestRuleID(t *testing.T) {
	tests := []struct {
		name string
		f    model.Finding
		want string
	}{
		{"category", model.Finding{Kind: model.KindModule, Severity: model.Deny, Rule: "category[strong-copyleft]", Decided: &model.Rule{Kind: model.RuleCategory, Entry: "strong-copyleft"}}, "category/strong-copyleft"},
		{"test layer, capped", model.Finding{Kind: model.KindModule, Severity: model.Warn, Rule: "test.deny[GPL-3.0-only], test.deny[LGPL-3.0-only] (test-only: at most warn)", Decided: &model.Rule{Kind: model.RuleDeny, Entry: "GPL-3.0-only", Test: true}}, "deny/GPL-3.0-only"},
		{"exception", model.Finding{Kind: model.KindModule, Severity: model.Warn, Rule: "exception[example.com/*]", Decided: &model.Rule{Kind: model.RuleException, Entry: "example.com/*"}}, "exception/warn"},
		{"other kind", model.Finding{Kind: model.KindModule, Severity: model.Warn, Decided: &model.Rule{Kind: model.RuleAllow, Entry: "MIT", Test: true}}, "rule/allow[MIT]"},
		{"policy entry", model.Finding{Kind: model.KindPolicy, Severity: model.Warn, Rule: "stale"}, "policy/stale"},
		{"read back", model.Finding{Kind: model.KindModule, Severity: model.Deny, Rule: "deny[GPL-3.0-only]"}, "rule/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ruleID(tt.f); got != tt.want {
				t.Errorf("ruleID = %q, want %q", got, tt.want)
			}
		})
	}
}
