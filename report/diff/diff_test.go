package diff

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// mod builds a module record as a report read back holds it.
func mod(path, version, lic string, v model.Verdict, files ...string) *model.Module {
	m := &model.Module{Path: path, Version: version,
		Decision: &model.Decision{License: lic, Verdict: v, Rule: "rule[" + lic + "]"},
		License:  &model.License{Expression: lic}}
	for _, f := range files { // "NAME=SHA"
		name, sum, _ := strings.Cut(f, "=")
		m.License.Evidence = append(m.License.Evidence, model.Evidence{File: name, SHA256: sum, Verdict: model.VerdictLicense})
	}
	return m
}

func doc(mods ...*model.Module) *model.Document {
	return &model.Document{Schema: model.Schema, Modules: mods}
}

func inMain(main string, m *model.Module) *model.Module { m.Main = main; return m }

func TestCompute(t *testing.T) {
	a, w, d := model.Allow, model.Warn, model.Deny
	tests := []struct {
		name     string
		old, new *model.Document
		want     []Change
		summary  Summary
		worse    map[string]int // fail-on -> changes that fail
	}{
		{
			name: "identical",
			old:  doc(mod("x.com/a", "v1.0.0", "MIT", a, "LICENSE=aa")),
			new:  doc(mod("x.com/a", "v1.0.0", "MIT", a, "LICENSE=aa")),
			want: []Change{},
		},
		{
			name: "added allowed, added denied, removed",
			old:  doc(mod("x.com/gone", "v1.0.0", "MIT", a)),
			new:  doc(mod("x.com/agpl", "v1.0.0", "AGPL-3.0-only", d), mod("x.com/mit", "v1.0.0", "MIT", a)),
			want: []Change{
				{Module: "x.com/agpl", Kinds: []Kind{Added}, New: &State{"v1.0.0", "AGPL-3.0-only", d, "rule[AGPL-3.0-only]"}, ExceptionNeeded: true},
				{Module: "x.com/gone", Kinds: []Kind{Removed}, Old: &State{"v1.0.0", "MIT", a, "rule[MIT]"}},
				{Module: "x.com/mit", Kinds: []Kind{Added}, New: &State{"v1.0.0", "MIT", a, "rule[MIT]"}},
			},
			summary: Summary{Added: 2, Removed: 1, ExceptionsNeeded: 1},
			worse:   map[string]int{"deny": 1, "warn": 1, "never": 0},
		},
		{
			name: "upgrade with relicense to a denied license",
			old:  doc(mod("x.com/hashi", "v1.5.0", "MPL-2.0", w)),
			new:  doc(mod("x.com/hashi", "v1.6.0", "BUSL-1.1", d)),
			want: []Change{{Module: "x.com/hashi", Kinds: []Kind{Upgraded, LicenseChanged, DecisionChanged},
				Old: &State{"v1.5.0", "MPL-2.0", w, "rule[MPL-2.0]"}, New: &State{"v1.6.0", "BUSL-1.1", d, "rule[BUSL-1.1]"}, ExceptionNeeded: true}},
			summary: Summary{Upgraded: 1, LicenseChanged: 1, DecisionChanged: 1, ExceptionsNeeded: 1},
			worse:   map[string]int{"deny": 1, "warn": 1, "never": 0},
		},
		{
			name: "same expression, license text changed, file added and removed",
			old:  doc(mod("x.com/a", "v1.0.0", "MIT", a, "LICENSE=aa", "COPYING=cc")),
			new:  doc(mod("x.com/a", "v1.1.0", "MIT", a, "LICENSE=bb", "LICENSE.md=dd", "NOTES=")),
			want: []Change{{Module: "x.com/a", Kinds: []Kind{Upgraded, LicenseTextChanged},
				Old: &State{"v1.0.0", "MIT", a, "rule[MIT]"}, New: &State{"v1.1.0", "MIT", a, "rule[MIT]"},
				Files: []FileChange{{"COPYING", "cc", ""}, {"LICENSE", "aa", "bb"}, {"LICENSE.md", "", "dd"}}}},
			summary: Summary{Upgraded: 1, LicenseTextChanged: 1},
		},
		{
			name: "license text changed alone, same version (replaced module)",
			old:  doc(mod("x.com/a", "v1.0.0", "MIT", a, "LICENSE=aa")),
			new:  doc(mod("x.com/a", "v1.0.0", "MIT", a, "LICENSE=bb")),
			want: []Change{{Module: "x.com/a", Kinds: []Kind{LicenseTextChanged},
				Old: &State{"v1.0.0", "MIT", a, "rule[MIT]"}, New: &State{"v1.0.0", "MIT", a, "rule[MIT]"},
				Files: []FileChange{{"LICENSE", "aa", "bb"}}}},
			summary: Summary{LicenseTextChanged: 1},
		},
		{
			name: "downgrade that improves the decision",
			old:  doc(mod("x.com/a", "v2.0.0", "GPL-3.0-only", d)),
			new:  doc(mod("x.com/a", "v1.9.0", "MIT", a)),
			want: []Change{{Module: "x.com/a", Kinds: []Kind{Downgraded, LicenseChanged, DecisionChanged},
				Old: &State{"v2.0.0", "GPL-3.0-only", d, "rule[GPL-3.0-only]"}, New: &State{"v1.9.0", "MIT", a, "rule[MIT]"}}},
			summary: Summary{Downgraded: 1, LicenseChanged: 1, DecisionChanged: 1},
		},
		{
			name: "semver order, not text order: v1.10.0 after v1.9.0; pseudo-versions",
			old:  doc(mod("x.com/a", "v1.9.0", "MIT", a), mod("x.com/p", "v0.0.0-20240101000000-abcdefabcdef", "MIT", a)),
			new:  doc(mod("x.com/a", "v1.10.0", "MIT", a), mod("x.com/p", "v0.0.0-20230101000000-abcdefabcdef", "MIT", a)),
			want: []Change{
				{Module: "x.com/a", Kinds: []Kind{Upgraded}, Old: &State{"v1.9.0", "MIT", a, "rule[MIT]"}, New: &State{"v1.10.0", "MIT", a, "rule[MIT]"}},
				{Module: "x.com/p", Kinds: []Kind{Downgraded}, Old: &State{"v0.0.0-20240101000000-abcdefabcdef", "MIT", a, "rule[MIT]"}, New: &State{"v0.0.0-20230101000000-abcdefabcdef", "MIT", a, "rule[MIT]"}},
			},
			summary: Summary{Upgraded: 1, Downgraded: 1},
		},
		{
			name: "versions that are not semver",
			old:  doc(mod("x.com/a", "", "MIT", a), mod("x.com/b", "v1.0.0", "MIT", a)),
			new:  doc(mod("x.com/a", "v1.0.0", "MIT", a), mod("x.com/b", "v1.0.0+meta", "MIT", a)),
			want: []Change{
				{Module: "x.com/a", Kinds: []Kind{VersionChanged}, Old: &State{"", "MIT", a, "rule[MIT]"}, New: &State{"v1.0.0", "MIT", a, "rule[MIT]"}},
				{Module: "x.com/b", Kinds: []Kind{VersionChanged}, Old: &State{"v1.0.0", "MIT", a, "rule[MIT]"}, New: &State{"v1.0.0+meta", "MIT", a, "rule[MIT]"}},
			},
			summary: Summary{VersionChanged: 2},
		},
		{
			name: "allow to warn needs an exception; warn to deny too; deny to warn does not",
			old:  doc(mod("x.com/a", "v1.0.0", "MIT", a), mod("x.com/b", "v1.0.0", "X", w), mod("x.com/c", "v1.0.0", "X", d)),
			new:  doc(mod("x.com/a", "v1.0.0", "MIT", w), mod("x.com/b", "v1.0.0", "X", d), mod("x.com/c", "v1.0.0", "X", w)),
			want: []Change{
				{Module: "x.com/a", Kinds: []Kind{DecisionChanged}, Old: &State{"v1.0.0", "MIT", a, "rule[MIT]"}, New: &State{"v1.0.0", "MIT", w, "rule[MIT]"}, ExceptionNeeded: true},
				{Module: "x.com/b", Kinds: []Kind{DecisionChanged}, Old: &State{"v1.0.0", "X", w, "rule[X]"}, New: &State{"v1.0.0", "X", d, "rule[X]"}, ExceptionNeeded: true},
				{Module: "x.com/c", Kinds: []Kind{DecisionChanged}, Old: &State{"v1.0.0", "X", d, "rule[X]"}, New: &State{"v1.0.0", "X", w, "rule[X]"}},
			},
			summary: Summary{DecisionChanged: 3, ExceptionsNeeded: 2},
			worse:   map[string]int{"deny": 1, "warn": 2, "never": 0},
		},
		{
			name: "still denied, upgraded: nothing newly worse",
			old:  doc(mod("x.com/a", "v1.0.0", "GPL-3.0-only", d)),
			new:  doc(mod("x.com/a", "v1.1.0", "AGPL-3.0-only", d)),
			want: []Change{{Module: "x.com/a", Kinds: []Kind{Upgraded, LicenseChanged},
				Old: &State{"v1.0.0", "GPL-3.0-only", d, "rule[GPL-3.0-only]"}, New: &State{"v1.1.0", "AGPL-3.0-only", d, "rule[AGPL-3.0-only]"}}},
			summary: Summary{Upgraded: 1, LicenseChanged: 1},
			worse:   map[string]int{"deny": 0, "warn": 0},
		},
		{
			name:    "monorepo: keyed by main module and path",
			old:     doc(inMain("x.com/app", mod("x.com/a", "v1.0.0", "MIT", a))),
			new:     doc(inMain("x.com/app", mod("x.com/a", "v1.0.0", "MIT", a)), inMain("x.com/tool", mod("x.com/a", "v1.0.0", "MIT", a))),
			want:    []Change{{Main: "x.com/tool", Module: "x.com/a", Kinds: []Kind{Added}, New: &State{"v1.0.0", "MIT", a, "rule[MIT]"}}},
			summary: Summary{Added: 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Compute(tt.old, tt.new)
			if diff := cmp.Diff(tt.want, got.Changes); diff != "" {
				t.Errorf("changes (-want +got):\n%s", diff)
			}
			if got.Summary != tt.summary {
				t.Errorf("summary = %+v, want %+v", got.Summary, tt.summary)
			}
			for failOn, n := range tt.worse {
				if w := got.Worse(failOn); len(w) != n {
					t.Errorf("Worse(%s) = %d changes, want %d", failOn, len(w), n)
				}
			}
			if tt.worse == nil && len(got.Worse("warn")) != 0 {
				t.Errorf("Worse(warn) = %v, want none", got.Worse("warn"))
			}
		})
	}
}

// TestComputeSymmetric checks that swapping the reports swaps added for
// removed and upgraded for downgraded.
func TestComputeSymmetric(t *testing.T) {
	o := doc(mod("x.com/a", "v1.0.0", "MIT", model.Allow), mod("x.com/b", "v1.0.0", "MIT", model.Allow))
	n := doc(mod("x.com/b", "v1.2.0", "MIT", model.Allow), mod("x.com/c", "v1.0.0", "MIT", model.Allow))
	fwd, back := Compute(o, n).Summary, Compute(n, o).Summary
	if fwd.Added != back.Removed || fwd.Removed != back.Added || fwd.Upgraded != back.Downgraded || fwd.Upgraded != 1 {
		t.Errorf("forward %+v and back %+v are not mirror images", fwd, back)
	}
}

func TestDecode(t *testing.T) {
	valid := `{"schema": "ospo-scan/report/v1", "modules": [{"path": "x.com/a", "version": "v1.0.0", "decision": "allow"}]}`
	tests := []struct {
		name, in, wantErr string
	}{
		{"valid", valid, ""},
		{"no modules", `{"schema": "ospo-scan/report/v1"}`, ""},
		{"truncated", valid[:60], "ends early"},
		{"syntax error, with its line", "{\n\"schema\": \"ospo-scan/report/v1\",\n]", "line 3: invalid JSON"},
		{"not an object", `[1, 2]`, "want"},
		{"null", `null`, `no "schema"`},
		{"empty", " \n", "is empty"},
		{"no schema", `{"modules": []}`, `no "schema"`},
		{"newer report", `{"schema": "ospo-scan/report/v2"}`, `"ospo-scan/report/v2" is not ospo-scan/report/v1`},
		{"other document", `{"schema": "ospo-scan/detect/v1"}`, "not an ospo-scan JSON report"},
		{"sbom", `{"bomFormat": "CycloneDX", "specVersion": "1.6"}`, "CycloneDX SBOM"},
		{"null module", `{"schema": "ospo-scan/report/v1", "modules": [null]}`, "modules[0] has no path"},
		{"module without path", `{"schema": "ospo-scan/report/v1", "modules": [{"decision": "allow"}]}`, "modules[0] has no path"},
		{"bad decision", `{"schema": "ospo-scan/report/v1", "modules": [{"path": "a", "decision": "maybe"}]}`, `decision "maybe"`},
		{"duplicate", `{"schema": "ospo-scan/report/v1", "modules": [{"path": "a", "decision": "allow"}, {"path": "a", "decision": "deny"}]}`, "listed twice"},
		{"wrong type", `{"schema": "ospo-scan/report/v1", "modules": [{"path": 3, "decision": "allow"}]}`, "want string"},
		{"schema not a string", `{"schema": 1}`, "want string"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode([]byte(tt.in))
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("Decode: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Decode error = %v, want it to contain %q", err, tt.wantErr)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error is not one line: %q", err)
			}
		})
	}
}

func TestReadLimit(t *testing.T) {
	in := `{"schema": "ospo-scan/report/v1", "modules": []}`
	if _, err := Read(strings.NewReader(in), int64(len(in))); err != nil {
		t.Fatalf("Read at the limit: %v", err)
	}
	_, err := Read(strings.NewReader(in+" "), int64(len(in)))
	if err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Fatalf("Read over the limit: err = %v, want larger than", err)
	}
}

// TestWritersEscape checks that control characters from a hostile report
// reach none of the outputs raw, and that the JSON output is valid and
// deterministic.
func TestWritersEscape(t *testing.T) {
	o := doc(mod("x.com/\x1b[2Ja", "v1.0.0", "MIT", model.Allow, "LICENSE\r=aa"))
	n := doc(mod("x.com/\x1b[2Ja", "v1.0.0", "MIT", model.Deny, "LICENSE\r=bb"), mod("x.com/b|`c", "v1.0.0", "X\u202e", model.Warn))
	res := Compute(o, n)
	opts := Options{Old: Input{Name: "old\x1b.json"}, New: Input{Name: "new.json"}, FailOn: "deny"}
	for name, w := range map[string]func(*bytes.Buffer) error{
		"text":     func(b *bytes.Buffer) error { return WriteText(b, res, opts) },
		"markdown": func(b *bytes.Buffer) error { return WriteMarkdown(b, res, opts) },
	} {
		var b bytes.Buffer
		if err := w(&b); err != nil {
			t.Fatal(err)
		}
		if strings.ContainsAny(b.String(), "\x1b\r\u202e") {
			t.Errorf("%s: control characters reached the output:\n%q", name, b.String())
		}
		if name == "markdown" && strings.Contains(b.String(), "b|") {
			t.Errorf("markdown: a | from input breaks the table:\n%s", b.String())
		}
	}
	var b1, b2 bytes.Buffer
	if err := WriteJSON(&b1, res, opts); err != nil {
		t.Fatal(err)
	}
	if err := WriteJSON(&b2, Compute(o, n), opts); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b1.Bytes(), b2.Bytes()) {
		t.Error("JSON output differs between two runs")
	}
	var back Document
	if err := json.Unmarshal(b1.Bytes(), &back); err != nil || back.Schema != Schema || !back.Worse {
		t.Errorf("JSON output does not read back as %s with worse=true: %v", Schema, err)
	}
}

// TestTextWithoutRule checks that a module a report gives no rule reads
// without a dangling "by".
func TestTextWithoutRule(t *testing.T) {
	m := mod("x.com/a", "v1.0.0", "MIT", model.Warn)
	m.Decision.Rule = ""
	var b bytes.Buffer
	if err := WriteText(&b, Compute(doc(), doc(m)), Options{FailOn: "deny"}); err != nil {
		t.Fatal(err)
	}
	if want := "added: MIT, warn\n"; !strings.Contains(b.String(), want) {
		t.Errorf("text output lacks %q:\n%s", want, b.String())
	}
}
