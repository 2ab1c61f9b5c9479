package policy

import (
	"strings"
	"testing"
	"time"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// decision is the part of a Decision the tables below check.
type decision struct {
	verdict, rule, category, chosen string
}

func decideOne(t *testing.T, p *Policy, m *model.Module) (model.Decision, evaluated) {
	t.Helper()
	res := evaluate(p, []*model.Module{m}, day)
	return res.Decisions[0], res
}

func checkDecision(t *testing.T, d model.Decision, want decision) {
	t.Helper()
	got := decision{string(d.Verdict), d.Rule, d.Category, d.Chosen}
	if want.category == "" {
		got.category = ""
	}
	if got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

// TestOrLater: an -or-later license is the OR of the published versions it
// admits; the best version wins, and the version chosen is reported
// (issue 19, point 1).
func TestOrLater(t *testing.T) {
	tests := []struct {
		name, policy, license string
		want                  decision
		versions              string
	}{
		{"later version allowed", "allow: [GPL-3.0-or-later]\ndeny: [GPL-2.0-only]", "GPL-2.0-or-later",
			decision{"allow", "allow[GPL-3.0-or-later]", "strong-copyleft", "GPL-3.0-only"}, "GPL-3.0-only"},
		{"plus form", "allow: [GPL-3.0-or-later]\ndeny: [GPL-2.0-only]", "GPL-2.0+",
			decision{"allow", "allow[GPL-3.0-or-later]", "", "GPL-3.0-only"}, "GPL-3.0-only"},
		{"no v3 policy", "allow: [LGPL-2.1-only]\ndeny: [LGPL-3.0-only]", "LGPL-2.1-or-later",
			decision{"allow", "allow[LGPL-2.1-only]", "weak-copyleft", "LGPL-2.1-only"}, "LGPL-2.1-only"},
		{"category beats deny of one version", "deny: [GPL-2.0-only]\ncategories: {strong-copyleft: warn}", "GPL-2.0-or-later",
			decision{"warn", "category[strong-copyleft]", "strong-copyleft", "GPL-3.0-only"}, "GPL-3.0-only"},
		{"no later AGPL to choose", "deny: [AGPL-3.0-only]", "AGPL-3.0-or-later",
			decision{"deny", "deny[AGPL-3.0-only]", "network-copyleft", ""}, ""},
		{"entry names the or-later id", "allow: [GPL-2.0-or-later]", "GPL-2.0-or-later",
			decision{"allow", "allow[GPL-2.0-or-later]", "strong-copyleft", ""}, ""},
		{"or-later entry covers a later -only", "allow: [GPL-2.0-or-later]", "GPL-3.0-only",
			decision{"allow", "allow[GPL-2.0-or-later]", "strong-copyleft", ""}, ""},
		{"or-later entry covers a later or-later", "allow: [GPL-2.0-or-later]", "GPL-3.0-or-later",
			decision{"allow", "allow[GPL-2.0-or-later]", "strong-copyleft", ""}, ""},
		{"-only entry does not reach later versions", "allow: [GPL-2.0-only]", "GPL-3.0-or-later",
			decision{"deny", "category[strong-copyleft]", "strong-copyleft", ""}, ""},
		{"deny of every version beats the or-later allow", "allow: [GPL-2.0-or-later]\ndeny: [GPL-2.0-only, GPL-3.0-only]", "GPL-2.0-or-later",
			decision{"deny", "deny[GPL-2.0-only], deny[GPL-3.0-only]", "strong-copyleft", ""}, ""},
		{"with an exception", "allow: [GPL-3.0-only]\ndeny: [GPL-2.0-only]", "GPL-2.0-or-later WITH Classpath-exception-2.0",
			decision{"allow", "allow[GPL-3.0-only]", "weak-copyleft", "GPL-3.0-only WITH Classpath-exception-2.0"}, "GPL-3.0-only WITH Classpath-exception-2.0"},
		{"GFDL family", "allow: [GFDL-1.3-only]\ndeny: [GFDL-1.2-only]", "GFDL-1.2-or-later",
			decision{"allow", "allow[GFDL-1.3-only]", "weak-copyleft", "GFDL-1.3-only"}, "GFDL-1.3-only"},
		{"GFDL variant stays in its variant", "deny: [GFDL-1.3-only]", "GFDL-1.2-invariants-or-later",
			decision{"warn", "category[weak-copyleft]", "weak-copyleft", ""}, ""},
		{"LGPL-2.0 reaches 2.1 and 3.0", "allow: [LGPL-3.0-only]\ndeny: [LGPL-2.0-only, LGPL-2.1-only]", "LGPL-2.0-or-later",
			decision{"allow", "allow[LGPL-3.0-only]", "weak-copyleft", "LGPL-3.0-only"}, "LGPL-3.0-only"},
		{"inside an OR", "deny: [GPL-2.0-only]\ncategories: {strong-copyleft: warn}", "GPL-2.0-or-later OR SSPL-1.0",
			decision{"warn", "category[strong-copyleft]", "strong-copyleft", "GPL-3.0-only"}, "GPL-3.0-only"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustParse(t, "version: 1\n"+tt.policy+"\n")
			d, res := decideOne(t, p, mod("example.com/m", "v1.0.0", tt.license, model.ScopeRequired))
			checkDecision(t, d, tt.want)
			if got := strings.Join(d.Versions, ", "); got != tt.versions {
				t.Errorf("versions %q, want %q", got, tt.versions)
			}
			if tt.versions != "" && d.Verdict != Allow {
				if msg := res.Findings[0].Message; !strings.Contains(msg, "(version chosen: "+tt.versions+")") {
					t.Errorf("finding %q does not name the version chosen", msg)
				}
			}
		})
	}
}

// TestWith: an exception only adds permissions; a deny of the bare license
// stays in force unless an entry names the WITH expression (point 2).
func TestWith(t *testing.T) {
	const with = "GPL-2.0-only WITH Classpath-exception-2.0"
	tests := []struct {
		name, policy, license string
		want                  decision
	}{
		{"allow of the bare license", "allow: [GPL-2.0-only]\ncategories: {weak-copyleft: deny}", with,
			decision{"allow", "allow[GPL-2.0-only]", "weak-copyleft", ""}},
		{"allow of the bare or-later license", "allow: [GPL-2.0-or-later]\ncategories: {weak-copyleft: deny}", with,
			decision{"allow", "allow[GPL-2.0-or-later]", "", ""}},
		{"deny of the bare license", "deny: [GPL-2.0-only]", with,
			decision{"deny", "deny[GPL-2.0-only]", "weak-copyleft", ""}},
		{"deny lifted by an allow naming the WITH", "deny: [GPL-2.0-only]\nallow: [\"" + with + "\"]", with,
			decision{"allow", "allow[" + with + "]", "", ""}},
		{"WITH entry does not name the bare license", "allow: [\"" + with + "\"]", "GPL-2.0-only",
			decision{"deny", "category[strong-copyleft]", "", ""}},
		{"deny naming the WITH beats an allow of the bare license", "allow: [GPL-2.0-only]\ndeny: [\"" + with + "\"]", with,
			decision{"deny", "deny[" + with + "]", "", ""}},
		{"bare license still allowed beside a WITH deny", "allow: [GPL-2.0-only]\ndeny: [\"" + with + "\"]", "GPL-2.0-only",
			decision{"allow", "allow[GPL-2.0-only]", "", ""}},
		{"WITH entry for another exception", "allow: [\"GPL-2.0-only WITH LLVM-exception\"]\ncategories: {weak-copyleft: deny}", with,
			decision{"deny", "category[weak-copyleft]", "", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustParse(t, "version: 1\n"+tt.policy+"\n")
			d, _ := decideOne(t, p, mod("example.com/m", "v1.0.0", tt.license, model.ScopeRequired))
			checkDecision(t, d, tt.want)
		})
	}
}

// TestNormalizedEvaluation: whatever produced a deprecated id, the policy
// decides on its current form and keeps the original (point 3).
func TestNormalizedEvaluation(t *testing.T) {
	const with = "GPL-2.0-only WITH Classpath-exception-2.0"
	p := mustParse(t, `version: 1
allow: ["`+with+`"]
categories: {weak-copyleft: deny}
exceptions:
  - module: example.com/exc
    license: "`+with+`"
    decision: allow
    reason: reviewed
`)
	// An override is checked by Parse; one built by hand stands for a
	// license from elsewhere (a cache written by an older version).
	p.Overrides = append(p.Overrides, Override{Module: "example.com/ovr", License: "GPL-2.0-with-classpath-exception", Reason: "r", Pos: Pos{File: "x", Line: 1}})
	tests := []struct {
		path, license            string
		verdict, rule, effective string
		original, source         string
	}{
		{"example.com/det", "GPL-2.0-with-classpath-exception", "allow", "allow[" + with + "]", with, "GPL-2.0-with-classpath-exception", "detected"},
		{"example.com/ovr", "", "allow", "allow[" + with + "]", with, "GPL-2.0-with-classpath-exception", "override"},
		{"example.com/exc", "GPL-2.0-with-classpath-exception", "allow", "exception[example.com/exc]", with, "GPL-2.0-with-classpath-exception", "detected"},
		{"example.com/plus", "GPL-2.0+", "deny", "category[strong-copyleft]", "GPL-2.0-or-later", "GPL-2.0+", "detected"},
		{"example.com/wx", "wxWindows", "deny", "category[weak-copyleft]", "LGPL-2.0-or-later WITH WxWindows-exception-3.1", "wxWindows", "detected"},
		{"example.com/same", with, "allow", "allow[" + with + "]", with, "", "detected"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			d, _ := decideOne(t, p, mod(tt.path, "v1.0.0", tt.license, model.ScopeRequired))
			if string(d.Verdict) != tt.verdict || d.Rule != tt.rule || d.License != tt.effective || d.Original != tt.original || d.Source != tt.source {
				t.Errorf("got %s by %q, license %q (original %q, %s); want %s by %q, license %q (original %q, %s)",
					d.Verdict, d.Rule, d.License, d.Original, d.Source, tt.verdict, tt.rule, tt.effective, tt.original, tt.source)
			}
		})
	}
}

// TestExceptionLicenseExact: an exception's license: matches the module's
// license exactly after normalisation, never a version range (point 4).
func TestExceptionLicenseExact(t *testing.T) {
	tests := []struct {
		excLicense, module string
		applies            bool
	}{
		{"GPL-2.0-or-later", "GPL-2.0-or-later", true},
		{"GPL-2.0-or-later", "GPL-2.0+", true},
		{"GPL-2.0-or-later", "GPL-2.0-only", false},
		{"GPL-2.0-or-later", "GPL-3.0-only", false},
		{"GPL-2.0-or-later", "GPL-3.0-or-later", false},
		{"LGPL-2.1-or-later", "LGPL-2.1-only", false},
		{"GPL-2.0-only", "GPL-2.0-or-later", false},
		{"GPL-2.0-only", "GPL-2.0-only WITH Classpath-exception-2.0", false},
		{"GPL-2.0-only WITH Classpath-exception-2.0", "GPL-2.0-with-classpath-exception", true},
		{"MIT OR Apache-2.0", "Apache-2.0 OR MIT", true},
		{"MPL-2.0", "MPL-2.0 OR MIT", false},
		{"mpl-2.0", "MPL-2.0", true},
	}
	for _, tt := range tests {
		t.Run(tt.excLicense+"/"+tt.module, func(t *testing.T) {
			p := mustParse(t, "version: 1\nexceptions:\n  - module: example.com/m\n    license: \""+tt.excLicense+"\"\n    decision: warn\n    reason: reviewed\n")
			d, _ := decideOne(t, p, mod("example.com/m", "v1.0.0", tt.module, model.ScopeRequired))
			if got := d.Exception != nil; got != tt.applies {
				t.Errorf("exception applied = %v (%s by %s), want %v", got, d.Verdict, d.Rule, tt.applies)
			}
		})
	}
}

// TestTestLayer: test: lists add to the top-level ones, a test-only module
// is never decided more strictly than a shipped one, and the "at most
// warn" cap looks at which rules decided (point 5).
func TestTestLayer(t *testing.T) {
	tests := []struct {
		name, policy, license string
		test, shipped         decision
	}{
		{"top allow stays for tests", "allow: [GPL-3.0-only]\ntest: {allow: [MPL-2.0]}", "GPL-3.0-only",
			decision{"allow", "allow[GPL-3.0-only]", "", ""}, decision{"allow", "allow[GPL-3.0-only]", "", ""}},
		{"test allow adds", "allow: [GPL-3.0-only]\ntest: {allow: [MPL-2.0]}", "MPL-2.0",
			decision{"allow", "test.allow[MPL-2.0]", "", ""}, decision{"warn", "category[weak-copyleft]", "", ""}},
		{"test deny decides an AND", "test: {deny: [AGPL-3.0-only]}", "AGPL-3.0-only AND LicenseRef-internal",
			decision{"deny", "test.deny[AGPL-3.0-only]", "", ""}, decision{"deny", "category[network-copyleft]", "", ""}},
		{"test deny beside a top-level category deny", "categories: {other: deny}\ntest: {deny: [AGPL-3.0-only]}", "AGPL-3.0-only AND LicenseRef-internal",
			decision{"deny", "test.deny[AGPL-3.0-only]", "", ""}, decision{"deny", "category[network-copyleft], category[other]", "", ""}},
		{"top-level deny at most warn", "deny: [AGPL-3.0-only]", "AGPL-3.0-only",
			decision{"warn", "deny[AGPL-3.0-only] (test-only: at most warn)", "", ""}, decision{"deny", "deny[AGPL-3.0-only]", "", ""}},
		{"top deny of a test-named id capped", "deny: [LicenseRef-test.x]", "LicenseRef-test.x",
			decision{"warn", "deny[LicenseRef-test.x] (test-only: at most warn)", "", ""}, decision{"deny", "deny[LicenseRef-test.x]", "", ""}},
		{"test allow wins over top deny", "deny: [GPL-3.0-only]\ntest: {allow: [GPL-3.0-only]}", "GPL-3.0-only",
			decision{"allow", "test.allow[GPL-3.0-only]", "", ""}, decision{"deny", "deny[GPL-3.0-only]", "", ""}},
		{"never stricter: test deny of a shipped allow", "allow: [GPL-3.0-only]\ntest: {deny: [GPL-3.0-only]}", "GPL-3.0-only",
			decision{"allow", "allow[GPL-3.0-only]", "", ""}, decision{"allow", "allow[GPL-3.0-only]", "", ""}},
		{"never stricter: default test categories", "categories: {strong-copyleft: allow}", "GPL-3.0-only",
			decision{"allow", "category[strong-copyleft]", "", ""}, decision{"allow", "category[strong-copyleft]", "", ""}},
		{"test categories may deny", "test: {categories: {network-copyleft: deny}}", "AGPL-3.0-only",
			decision{"deny", "test.category[network-copyleft]", "", ""}, decision{"deny", "category[network-copyleft]", "", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustParse(t, "version: 1\n"+tt.policy+"\n")
			res := evaluate(p, []*model.Module{
				mod("example.com/t", "v1.0.0", tt.license, model.ScopeTest),
				mod("example.com/s", "v1.0.0", tt.license, model.ScopeRequired),
			}, day)
			t.Run("test", func(t *testing.T) { checkDecision(t, res.Decisions[0], tt.test) })
			t.Run("shipped", func(t *testing.T) { checkDecision(t, res.Decisions[1], tt.shipped) })
			if rank(res.Decisions[0].Verdict) > rank(res.Decisions[1].Verdict) {
				t.Errorf("test-only %s is stricter than shipped %s", res.Decisions[0].Verdict, res.Decisions[1].Verdict)
			}
		})
	}
}

// TestExceptionCategory: the category of a module decided by an exception
// or ignored is computed term by term (point 6).
func TestExceptionCategory(t *testing.T) {
	p := mustParse(t, `version: 1
ignore: [example.com/own]
exceptions:
  - module: example.com/m
    decision: warn
    reason: reviewed
`)
	tests := []struct {
		path, license, category string
	}{
		{"example.com/m", "Apache-2.0 AND MIT", "permissive"},
		{"example.com/m", "MIT OR GPL-3.0-only", "permissive"},
		{"example.com/m", "MIT AND GPL-3.0-only", "strong-copyleft"},
		{"example.com/m", "", "unknown"},
		{"example.com/own", "Apache-2.0 AND MIT", "permissive"},
		{"example.com/own", "GPL-2.0-only WITH Classpath-exception-2.0", "weak-copyleft"},
	}
	for _, tt := range tests {
		t.Run(tt.path+"/"+tt.license, func(t *testing.T) {
			d, res := decideOne(t, p, mod(tt.path, "v1.0.0", tt.license, model.ScopeRequired))
			if d.Category != tt.category {
				t.Errorf("category %q, want %q", d.Category, tt.category)
			}
			if d.Verdict == Warn && tt.license != "" {
				if msg := res.Findings[0].Message; !strings.Contains(msg, "("+tt.category+")") {
					t.Errorf("finding %q lacks (%s)", msg, tt.category)
				}
			}
		})
	}
}

func replaced(path, version, license, rpath, rversion string) *model.Module {
	m := mod(path, version, license, model.ScopeRequired)
	m.Replace = &model.Replacement{Path: rpath, Version: rversion}
	return m
}

// TestReplacements: globs, ranges and overrides match the module actually
// built; an entry that matched only the module as required says so
// (point 7).
func TestReplacements(t *testing.T) {
	p := mustParse(t, `version: 1
ignore: [example.com/own/*]
exceptions:
  - module: example.com/a
    versions: "<1.5.0"
    decision: allow
    reason: v1.0.0 reviewed
  - module: example.com/dir
    decision: allow
    reason: any version reviewed
  - module: github.com/fork/*
    versions: ">=2.0.0"
    decision: warn
    reason: fork reviewed
overrides:
  - module: example.com/nolicense
    versions: v1.0.0
    license: MIT
    reason: stated in README of v1.0.0
  - module: github.com/fork/nolicense
    versions: v1.6.0
    license: Apache-2.0
    reason: stated in the fork's README
`)
	mods := []*model.Module{
		replaced("example.com/a", "v1.0.0", "AGPL-3.0-only", "example.com/a", "v1.6.0"),
		replaced("example.com/a2", "v1.0.0", "AGPL-3.0-only", "../a2", ""),
		replaced("example.com/dir", "v1.0.0", "AGPL-3.0-only", "../dir", ""),
		replaced("example.com/f", "v1.0.0", "AGPL-3.0-only", "github.com/fork/f", "v2.1.0"),
		replaced("example.com/nolicense", "v1.0.0", "", "example.com/nolicense", "v1.6.0"),
		replaced("example.com/n2", "v1.0.0", "", "github.com/fork/nolicense", "v1.6.0"),
		replaced("example.com/own/x", "v1.0.0", "AGPL-3.0-only", "github.com/other/x", "v1.0.0"),
		replaced("example.com/own/y", "v1.0.0", "AGPL-3.0-only", "../y", ""),
	}
	res := evaluate(p, mods, day)
	want := []struct{ verdict, rule, license, override string }{
		{"deny", "category[network-copyleft]", "AGPL-3.0-only", ""},
		{"deny", "category[network-copyleft]", "AGPL-3.0-only", ""},
		{"allow", "exception[example.com/dir]", "AGPL-3.0-only", ""},
		{"warn", "exception[github.com/fork/*]", "AGPL-3.0-only", ""},
		{"deny", "category[unknown]", "", ""},
		{"allow", "category[permissive]", "Apache-2.0", "policy.yaml:20"},
		{"deny", "category[network-copyleft]", "AGPL-3.0-only", ""},
		{"allow", "ignore[example.com/own/*]", "AGPL-3.0-only", ""},
	}
	for i, w := range want {
		d := res.Decisions[i]
		ovr := ""
		if d.Override != nil {
			ovr = d.Override.Policy
		}
		if string(d.Verdict) != w.verdict || d.Rule != w.rule || d.License != w.license || ovr != w.override {
			t.Errorf("%s: got %s by %q, license %q, override %q; want %s by %q, license %q, override %q",
				mods[i].Path, d.Verdict, d.Rule, d.License, ovr, w.verdict, w.rule, w.license, w.override)
		}
	}
	var notes []string
	for _, f := range res.Findings {
		if f.Kind == model.KindPolicy {
			notes = append(notes, f.Policy+" "+f.Rule+": "+f.Message)
		}
	}
	wantNotes := []string{
		"policy.yaml:4 replaced: exception for example.com/a matched example.com/a@v1.0.0 as required, but it is replaced by example.com/a@v1.6.0; entries match the module actually built, so it did not apply: write it for the replacement once reviewed",
		"policy.yaml:16 replaced: override for example.com/nolicense matched example.com/nolicense@v1.0.0 as required, but it is replaced by example.com/nolicense@v1.6.0; entries match the module actually built, so it did not apply: key it on the replacement if its license is the same",
	}
	if strings.Join(notes, "\n") != strings.Join(wantNotes, "\n") {
		t.Errorf("policy findings:\n%s\nwant:\n%s", strings.Join(notes, "\n"), strings.Join(wantNotes, "\n"))
	}
}

// TestShadowedEntries: an entry that matched only modules an earlier entry
// (or an ignore) decided is reported as shadowed, not as stale (point 8).
func TestShadowedEntries(t *testing.T) {
	p := mustParse(t, `version: 1
ignore: [example.com/own/*]
exceptions:
  - module: example.com/*
    decision: allow
    reason: all reviewed
  - module: example.com/agpl
    decision: warn
    reason: reviewed
  - module: example.com/own/tool
    decision: allow
    reason: reviewed
  - module: example.com/gone
    decision: allow
    reason: reviewed
overrides:
  - module: example.com/nolicense
    license: MIT
    reason: stated
  - module: example.com/nolicense
    license: Apache-2.0
    reason: stated too
  - module: example.com/own/*
    license: MIT
    reason: ours
`)
	res := evaluate(p, []*model.Module{
		mod("example.com/agpl", "v1.0.0", "AGPL-3.0-only", model.ScopeRequired),
		mod("example.com/own/tool", "v1.0.0", "AGPL-3.0-only", model.ScopeRequired),
		mod("example.com/nolicense", "v1.0.0", "", model.ScopeRequired),
	}, day)
	var got []string
	for _, f := range res.Findings {
		if f.Kind == model.KindPolicy {
			got = append(got, f.Policy+" "+f.Rule+": "+f.Message)
		}
	}
	want := []string{
		"policy.yaml:7 shadowed: exception for example.com/agpl is shadowed by the entry at policy.yaml:4, which comes first and also matches example.com/agpl@v1.0.0; remove or merge it",
		"policy.yaml:10 shadowed: exception for example.com/own/tool only applies to example.com/own/tool, which the ignore entry at policy.yaml:2 ignores; remove one of them",
		"policy.yaml:13 stale: exception for example.com/gone matched no module in this scan; remove it if it is no longer needed",
		"policy.yaml:20 shadowed: override for example.com/nolicense is shadowed by the entry at policy.yaml:17, which comes first and also matches example.com/nolicense@v1.0.0; remove or merge it",
		"policy.yaml:23 shadowed: override for example.com/own/* only applies to example.com/own/tool, which the ignore entry at policy.yaml:2 ignores; remove one of them",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("policy findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestTypedRules: a decision carries the rules that decided as values,
// with their position; Rule is their rendering.
func TestTypedRules(t *testing.T) {
	p := mustParse(t, "version: 1\ndeny: [AGPL-3.0-only]\n")
	d, _ := decideOne(t, p, mod("example.com/m", "v1.0.0", "AGPL-3.0-only AND MIT", model.ScopeTest))
	if len(d.Rules) != 1 || d.Rules[0].Kind != RuleDeny || d.Rules[0].Entry != "AGPL-3.0-only" || d.Rules[0].Pos.String() != "policy.yaml:2" || d.Rules[0].Test || !d.Capped {
		t.Errorf("rules %+v capped %v", d.Rules, d.Capped)
	}
	if d.Rule != "deny[AGPL-3.0-only] (test-only: at most warn)" {
		t.Errorf("rule %q", d.Rule)
	}
}

// TestParseBounded: an error echoes at most the offending token, cut to
// 80 characters and escaped, and a huge token costs no edit distance
// (issue 16, items 7 and 11).
func TestParseBounded(t *testing.T) {
	huge := strings.Repeat("A", 1<<20-100)
	tests := []struct {
		name, src, want string
	}{
		{"huge unknown id", "version: 1\ndeny: [" + huge + "]\n",
			`p.yaml:2:8: unknown SPDX license id "` + strings.Repeat("A", 80) + `"… (1048476 bytes) (see https://spdx.org/licenses/; use LicenseRef-<name> for others)`},
		{"huge unknown key", "version: 1\n? " + huge + "\n: x\n",
			`p.yaml:2:3: unknown key "` + strings.Repeat("A", 80) + `"… (1048476 bytes); valid keys here: version, allow, deny, categories, exceptions, overrides, ignore, test`},
		{"escape in a glob", "version: 1\nignore: [\"example.com/\\e[31mred\"]\n",
			`p.yaml:2:10: value "example.com/\x1b[31mred" holds the control character '\x1b'; remove it`},
		{"escape in a reason", "version: 1\nexceptions:\n  - module: a\n    decision: allow\n    reason: \"ok\\e]0;title\\a\"\n",
			`p.yaml:5:13: value "ok\x1b]0;title\a" holds the control character '\x1b'; remove it`},
		{"escape in a key", "version: 1\n\"\\e[2J\": x\n",
			`p.yaml:2:1: value "\x1b[2J" holds the control character '\x1b'; remove it`},
		{"long glob", "version: 1\nignore: [\"" + strings.Repeat("x", 200) + " y\"]\n",
			`p.yaml:2:10: invalid module glob "` + strings.Repeat("x", 80) + `"… (202 bytes)`},
		{"two documents", "version: 1\n---\ndeny: [BSD-3-Clause]\n",
			`p.yaml:2: a second YAML document starts here; a policy file holds one document: merge the two or remove the "---"`},
		{"empty second document", "version: 1\nallow: [MIT]\n---\n",
			`p.yaml:3: a second YAML document starts here; a policy file holds one document: merge the two or remove the "---"`},
		{"deprecated id with exception", "version: 1\nallow: [GPL-2.0-with-classpath-exception]\n",
			`p.yaml:2:9: deprecated SPDX license id "GPL-2.0-with-classpath-exception"; write it as GPL-2.0-only WITH Classpath-exception-2.0`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			_, err := Parse("p.yaml", []byte(tt.src))
			if err == nil {
				t.Fatal("no error")
			}
			if err.Error() != tt.want {
				t.Errorf("error\n %s\nwant\n %s", err, tt.want)
			}
			// A guard against quadratic work, not a speed claim: the
			// unbounded edit distance took 21 s here.
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
	// A document start marker before the only document is fine.
	if _, err := Parse("p.yaml", []byte("---\nversion: 1\n")); err != nil {
		t.Errorf("leading ---: %v", err)
	}
	// WITH expressions are accepted in lists and normalised.
	q := mustParse(t, "version: 1\nallow: [\"gpl-2.0-only with classpath-exception-2.0\"]\n")
	if q.Allow[0].Value != "GPL-2.0-only WITH Classpath-exception-2.0" {
		t.Errorf("allow entry %q", q.Allow[0].Value)
	}
}
