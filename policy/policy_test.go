package policy

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/ospo-scan/ospo-scan/internal/model"

	"github.com/ospo-scan/ospo-scan/internal/spdxexpr"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestCategoryOf(t *testing.T) {
	tests := map[string]string{
		"MIT": "permissive", "mit": "permissive", "Apache-2.0": "permissive", "MPL-2.0": "weak-copyleft",
		"GPL-3.0-only": "strong-copyleft", "GPL-2.0+": "strong-copyleft", "AGPL-3.0-or-later": "network-copyleft",
		"CC0-1.0": "public-domain", "CC-BY-NC-4.0": "non-commercial", "SSPL-1.0": "network-copyleft",
		"GPL-2.0-only WITH Classpath-exception-2.0": "weak-copyleft", "LicenseRef-ospo-CommonsClause": "source-available",
		"LicenseRef-something": "other", "": "unknown",
	}
	for id, want := range tests {
		if got := CategoryOf(id); got != want {
			t.Errorf("CategoryOf(%q) = %q, want %q", id, got, want)
		}
	}
}

func mod(path, version, license string, scope model.Scope) *model.Module {
	m := &model.Module{Path: path, Version: version, Scope: scope, License: &model.License{Expression: license}}
	if license == "" {
		m.License.Reason = "no license file"
	}
	return m
}

func mustParse(t *testing.T, src string) *Policy {
	t.Helper()
	p, err := Parse("policy.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

var day = time.Date(2026, 6, 30, 15, 0, 0, 0, time.UTC)

func TestEvaluateExpressions(t *testing.T) {
	p := mustParse(t, "version: 1\nallow: [MIT]\ndeny: [AGPL-3.0-only]\n")
	tests := []struct {
		license, verdict, rule, chosen string
	}{
		{"MIT", "allow", "allow[MIT]", ""},
		{"Apache-2.0", "allow", "category[permissive]", ""},
		{"MIT OR GPL-3.0-only", "allow", "allow[MIT]", "MIT"},
		{"GPL-3.0-only OR MIT", "allow", "allow[MIT]", "MIT"},
		{"MIT AND GPL-3.0-only", "deny", "category[strong-copyleft]", ""},
		{"MIT AND MPL-2.0", "warn", "category[weak-copyleft]", "MIT AND MPL-2.0"},
		{"(MIT AND BSD-3-Clause) OR GPL-3.0-only", "allow", "allow[MIT], category[permissive]", "BSD-3-Clause AND MIT"},
		{"(MIT OR GPL-2.0-only) AND (Apache-2.0 OR AGPL-3.0-only)", "allow", "allow[MIT], category[permissive]", "Apache-2.0 AND MIT"},
		{"AGPL-3.0-only", "deny", "deny[AGPL-3.0-only]", ""},
		{"AGPL-3.0-or-later", "deny", "deny[AGPL-3.0-only]", ""},                             // -or-later covers -only
		{"AGPL-1.0-or-later", "deny", "category[network-copyleft], deny[AGPL-3.0-only]", ""}, // 1.0 or 3.0, each denied
		{"SSPL-1.0", "deny", "category[network-copyleft]", ""},
		{"GPL-2.0-or-later", "deny", "category[strong-copyleft]", ""},
		{"GPL-2.0-only WITH Classpath-exception-2.0", "warn", "category[weak-copyleft]", ""},
		{"LicenseRef-ospo-CommonsClause", "deny", "category[source-available]", ""},
		{"LicenseRef-custom", "warn", "category[other]", ""},
		{"", "deny", "category[unknown]", ""},
	}
	for _, tt := range tests {
		t.Run(tt.license, func(t *testing.T) {
			res := evaluate(p, []*model.Module{mod("example.com/m", "v1.0.0", tt.license, model.ScopeRequired)}, day)
			d := res.Decisions[0]
			if string(d.Verdict) != tt.verdict || d.Rule != tt.rule || d.Chosen != tt.chosen {
				t.Errorf("got %s by %q chosen %q, want %s by %q chosen %q", d.Verdict, d.Rule, d.Chosen, tt.verdict, tt.rule, tt.chosen)
			}
		})
	}
}

func TestEvaluateRuleOrder(t *testing.T) {
	p := mustParse(t, `version: 1
allow: [MIT]
deny: [AGPL-3.0-only, ISC]
ignore: [example.com/own/*]
overrides:
  - module: example.com/nolicense
    license: MIT
    reason: stated in README
  - module: example.com/stale-override
    license: MIT
    reason: gone
exceptions:
  - module: example.com/agpl
    decision: allow
    reason: internal tool, reviewed
    approved-by: legal@example.com
    expires: 2026-06-30
  - module: example.com/old
    decision: allow
    reason: reviewed
    expires: 2026-06-29
  - module: example.com/versioned
    versions: "<2.0.0"
    decision: warn
    reason: reviewed for v1 only
  - module: example.com/licensed
    license: MPL-2.0
    decision: allow
    reason: MPL reviewed
  - module: example.com/stale/*
    decision: allow
    reason: nothing matches
`)
	mods := []*model.Module{
		mod("example.com/own/tool", "v1.0.0", "AGPL-3.0-only", model.ScopeRequired),
		mod("example.com/nolicense", "v1.0.0", "", model.ScopeRequired),
		mod("example.com/agpl", "v1.0.0", "AGPL-3.0-only", model.ScopeRequired),
		mod("example.com/old", "v1.0.0", "AGPL-3.0-only", model.ScopeRequired),
		mod("example.com/versioned", "v1.5.0", "GPL-3.0-only", model.ScopeRequired),
		mod("example.com/versioned/v2", "v2.0.0", "GPL-3.0-only", model.ScopeRequired),
		mod("example.com/licensed", "v1.0.0", "MPL-2.0", model.ScopeRequired),
		mod("example.com/isc", "v1.0.0", "ISC", model.ScopeRequired),
		mod("example.com/testgpl", "v1.0.0", "GPL-3.0-only", model.ScopeTest),
		mod("example.com/testagpl", "v1.0.0", "AGPL-3.0-only", model.ScopeTest),
	}
	res := evaluate(p, mods, day)
	type got struct{ License, Source, Verdict, Rule string }
	var have []got
	for _, d := range res.Decisions {
		have = append(have, got{d.License, d.Source, string(d.Verdict), d.Rule})
	}
	want := []got{
		{"AGPL-3.0-only", "detected", "allow", "ignore[example.com/own/*]"},
		{"MIT", "override", "allow", "allow[MIT]"},
		{"AGPL-3.0-only", "detected", "allow", "exception[example.com/agpl]"},
		{"AGPL-3.0-only", "detected", "deny", "deny[AGPL-3.0-only]"},
		{"GPL-3.0-only", "detected", "warn", "exception[example.com/versioned]"},
		{"GPL-3.0-only", "detected", "deny", "category[strong-copyleft]"},
		{"MPL-2.0", "detected", "allow", "exception[example.com/licensed]"},
		{"ISC", "detected", "deny", "deny[ISC]"},
		{"GPL-3.0-only", "detected", "warn", "test.category[strong-copyleft]"},
		{"AGPL-3.0-only", "detected", "warn", "deny[AGPL-3.0-only] (test-only: at most warn)"},
	}
	if diff := cmp.Diff(want, have); diff != "" {
		t.Errorf("decisions (-want +got):\n%s", diff)
	}
	if e := res.Decisions[2].Exception; e == nil || e.ApprovedBy != "legal@example.com" || e.Expires != "2026-06-30" || e.Policy != "policy.yaml:13" {
		t.Errorf("exception ref = %+v", e)
	}
	var msgs []string
	for _, f := range res.Findings {
		if f.Kind == model.KindPolicy {
			msgs = append(msgs, f.Policy+" "+f.Message)
		}
	}
	wantMsgs := []string{
		"policy.yaml:18 exception for example.com/old expired on 2026-06-29 and no longer applies; review it and extend or remove it",
		"policy.yaml:30 exception for example.com/stale/* matched no module in this scan; remove it if it is no longer needed",
		"policy.yaml:9 override for example.com/stale-override matched no module in this scan; remove it if it is no longer needed",
	}
	if diff := cmp.Diff(wantMsgs, msgs); diff != "" {
		t.Errorf("policy findings (-want +got):\n%s", diff)
	}
}

func TestExpiryBoundary(t *testing.T) {
	p := mustParse(t, "version: 1\nexceptions:\n  - module: example.com/agpl\n    decision: allow\n    reason: ok\n    expires: 2026-06-30\n")
	m := []*model.Module{mod("example.com/agpl", "v1.0.0", "AGPL-3.0-only", model.ScopeRequired)}
	for _, tt := range []struct {
		today time.Time
		want  Verdict
	}{
		{time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC), Allow},
		{time.Date(2026, 6, 30, 23, 59, 59, 0, time.UTC), Allow},
		{time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC), Deny},
	} {
		if got := evaluate(p, m, tt.today).Decisions[0].Verdict; got != tt.want {
			t.Errorf("on %s: %s, want %s", tt.today, got, tt.want)
		}
	}
}

func TestDefaultPolicy(t *testing.T) {
	p := Default()
	if p.Name != "default" || p.Categories["strong-copyleft"] != Deny || p.Categories["permissive"] != Allow || p.Categories["unknown"] != Deny {
		t.Errorf("default policy: %+v", p.Categories)
	}
	// A file with only allow: keeps the default categories.
	q := mustParse(t, "version: 1\nallow: [MPL-2.0]\n")
	if q.Categories["strong-copyleft"] != Deny || len(q.Allow) != 1 {
		t.Errorf("layered policy: %+v", q)
	}
}

func TestMatchGlob(t *testing.T) {
	tests := []struct {
		glob, path string
		want       bool
	}{
		{"github.com/hashicorp/*", "github.com/hashicorp/go-plugin", true},
		{"github.com/hashicorp/*", "github.com/hashicorp/consul/api", true},
		{"github.com/hashicorp/*", "github.com/hashicorpx/y", false},
		{"github.com/*/lib", "github.com/a/lib", true},
		{"example.com/a", "example.com/a/b", false},
		{"example.com/a", "example.com/a", true},
	}
	for _, tt := range tests {
		if got := MatchGlob(tt.glob, tt.path); got != tt.want {
			t.Errorf("MatchGlob(%q, %q) = %v", tt.glob, tt.path, got)
		}
	}
}

func TestRange(t *testing.T) {
	tests := []struct {
		rng, version string
		want         bool
	}{
		{"<2.0.0", "v1.9.9", true}, {"<2.0.0", "v2.0.0", false}, {">=1.2.0, <1.5.0", "v1.4.0", true},
		{">=1.2.0 <1.5.0", "v1.5.0", false}, {"v1.4.2", "v1.4.2", true}, {"1.4.2", "v1.4.3", false},
		{"<1.0.0 || >=2.0.0", "v2.1.0", true}, {"<1.0.0 || >=2.0.0", "v1.1.0", false},
		{"<2.0.0", "v0.0.0-20240101000000-abcdefabcdef", true},
	}
	for _, tt := range tests {
		r, err := ParseRange(tt.rng)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.Contains(tt.version); got != tt.want {
			t.Errorf("%q contains %s = %v", tt.rng, tt.version, got)
		}
	}
}

// TestParseErrors checks each bad policy file in testdata/bad against the
// error in its .err golden file (go test -update rewrites them).
func TestParseErrors(t *testing.T) {
	files, _ := filepath.Glob("testdata/bad/*.yaml")
	if len(files) == 0 {
		t.Fatal("no bad policies")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			_, perr := Parse(filepath.Base(f), data)
			if perr == nil {
				t.Fatal("parsed without error")
			}
			got := perr.Error() + "\n"
			golden := strings.TrimSuffix(f, ".yaml") + ".err"
			if *update {
				must(t, os.WriteFile(golden, []byte(got), 0o644))
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("error:\n got %s want %s", got, want)
			}
			if strings.Count(got, "\n") != 1 {
				t.Errorf("error is not one line")
			}
		})
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(defaultYAML))
	f.Add([]byte("version: 1\nallow: [MIT]\n"))
	f.Add([]byte("a: &a [*a, *a]\n"))
	f.Add([]byte("version: 1\nexceptions:\n  - module: x\n    decision: allow\n    reason: r\n    expires: 2020-01-01\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Parse("fuzz.yaml", data)
		if err == nil && p == nil {
			t.Fatal("nil policy without error")
		}
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Fatalf("multi-line error %q", err)
		}
		// Errors echo at most the offending value, cut and escaped.
		if err != nil && (len(err.Error()) > 1200 || strings.IndexFunc(err.Error(), isControl) >= 0 || !utf8.ValidString(err.Error())) {
			t.Fatalf("unbounded or unescaped error %q", err)
		}
	})
}

func FuzzEvaluate(f *testing.F) {
	f.Add("MIT OR (Apache-2.0 AND GPL-2.0-only WITH Classpath-exception-2.0)")
	f.Add("((((MIT))))")
	f.Add("LicenseRef-x AND")
	f.Add("GPL-2.0-or-later WITH Classpath-exception-2.0 OR LGPL-2.1+")
	f.Add("GPL-2.0-with-classpath-exception AND (wxWindows OR eCos-2.0)")
	f.Add("AGPL-1.0-or-later AND GFDL-1.1-invariants-or-later")
	p := Default()
	q, err := Parse("q.yaml", []byte(`version: 1
allow: [GPL-3.0-or-later, "GPL-2.0-only WITH Classpath-exception-2.0", MPL-2.0]
deny: [GPL-2.0-only, LGPL-3.0-only]
test: {allow: [AGPL-3.0-only], deny: [LGPL-2.1-only]}
`))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, expr string) {
		res := evaluate(p, []*model.Module{mod("example.com/m", "v1.0.0", expr, model.ScopeRequired)}, day)
		if len(res.Decisions) != 1 {
			t.Fatal("no decision")
		}
		if _, ok := ParseVerdict(string(res.Decisions[0].Verdict)); !ok {
			t.Fatalf("verdict %q", res.Decisions[0].Verdict)
		}
		n, _ := spdxexpr.Normalize(expr)
		if again, _ := spdxexpr.Normalize(n); again != n {
			t.Fatalf("spdxexpr.Normalize(%q) = %q, then %q", expr, n, again)
		}
		if expr != "" && res.Decisions[0].License != n {
			t.Fatalf("license %q, want %q", res.Decisions[0].License, n)
		}
		// A test-only module is never decided more strictly than a shipped
		// one, and the same input decides the same way.
		mods := []*model.Module{mod("example.com/s", "v1.0.0", expr, model.ScopeRequired), mod("example.com/t", "v1.0.0", expr, model.ScopeTest)}
		r1, r2 := evaluate(q, mods, day), evaluate(q, mods, day)
		if s, tt := r1.Decisions[0], r1.Decisions[1]; rank(tt.Verdict) > rank(s.Verdict) {
			t.Fatalf("test-only %s by %s, shipped %s by %s", tt.Verdict, tt.Rule, s.Verdict, s.Rule)
		}
		if fmt.Sprint(r1.Decisions) != fmt.Sprint(r2.Decisions) {
			t.Fatal("not deterministic")
		}
	})
}

// BenchmarkEvaluate measures deciding 500 modules with mixed expressions.
func BenchmarkEvaluate(b *testing.B) {
	p := Default()
	exprs := []string{"MIT", "Apache-2.0", "BSD-3-Clause", "MIT OR Apache-2.0", "MPL-2.0", "Apache-2.0 AND BSD-3-Clause AND MIT", "", "GPL-2.0-only WITH Classpath-exception-2.0"}
	var mods []*model.Module
	for i := range 500 {
		mods = append(mods, mod("example.com/m"+strings.Repeat("x", i%7), "v1.0.0", exprs[i%len(exprs)], model.ScopeRequired))
	}
	b.Run("shared", func(b *testing.B) {
		for b.Loop() {
			evaluate(p, mods, day)
		}
	})
	// Every module under an expression of its own: no answer is reused.
	var distinct []*model.Module
	for i := range 500 {
		distinct = append(distinct, mod("example.com/d", "v1.0.0", fmt.Sprintf("(MIT OR Apache-2.0) AND LicenseRef-x%d", i), model.ScopeRequired))
	}
	b.Run("distinct", func(b *testing.B) {
		for b.Loop() {
			evaluate(p, distinct, day)
		}
	})
}

// evaluated is the Result of Evaluate with the decisions it set, read
// back from the records in their order.
type evaluated struct {
	*Result
	Decisions []model.Decision
}

func evaluate(p *Policy, mods []*model.Module, today time.Time) evaluated {
	res := Evaluate(p, mods, today)
	e := evaluated{Result: res}
	for _, m := range mods {
		e.Decisions = append(e.Decisions, *m.Decision)
	}
	return e
}
