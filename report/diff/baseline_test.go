package diff

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// finding is a module finding as a scan (or a report read back) has it.
func finding(m *model.Module) model.Finding {
	return model.Finding{Kind: model.KindModule, Severity: m.Decision.Verdict, Main: m.Main, Module: m.Path, Version: m.Version, Message: m.Path + " is " + string(m.Decision.Verdict)}
}

func policyFinding(rule, msg string) model.Finding {
	return model.Finding{Kind: model.KindPolicy, Severity: model.Warn, Rule: rule, Message: msg}
}

// withFindings adds a finding for each module not allowed, then extra.
func withFindings(d *model.Document, extra ...model.Finding) *model.Document {
	d.Findings = []model.Finding{}
	for _, m := range d.Modules {
		if m.Decision.Verdict != model.Allow {
			d.Findings = append(d.Findings, finding(m))
		}
	}
	d.Findings = append(d.Findings, extra...)
	return d
}

func TestMark(t *testing.T) {
	a, w, d := model.Allow, model.Warn, model.Deny
	type marked struct{ What, Mark, Since string }
	tests := []struct {
		name      string
		base, now *model.Document
		modules   []marked // path and mark
		findings  []marked // module (or rule) and mark, in the order after Mark
		counts    [2]model.MarkCounts
		removed   []string
	}{
		{
			name:     "nothing changed: all existing",
			base:     withFindings(doc(mod("x.com/a", "v1.0.0", "MIT", a), mod("x.com/mpl", "v1.0.0", "MPL-2.0", w))),
			now:      withFindings(doc(mod("x.com/a", "v1.0.0", "MIT", a), mod("x.com/mpl", "v1.0.0", "MPL-2.0", w))),
			modules:  []marked{{"x.com/a", "existing", ""}, {"x.com/mpl", "existing", ""}},
			findings: []marked{{"x.com/mpl", "existing", ""}},
			counts:   [2]model.MarkCounts{{Existing: 2}, {Existing: 1}},
			removed:  []string{},
		},
		{
			name:    "added denied module is new, first; removed module listed",
			base:    withFindings(doc(mod("x.com/gone", "v1.0.0", "MIT", a), mod("x.com/mpl", "v1.0.0", "MPL-2.0", w))),
			now:     withFindings(doc(mod("x.com/mpl", "v1.0.0", "MPL-2.0", w), mod("x.com/agpl", "v1.0.0", "AGPL-3.0-only", d))),
			modules: []marked{{"x.com/mpl", "existing", ""}, {"x.com/agpl", "new", ""}},
			// The new finding comes first although the scan listed it second.
			findings: []marked{{"x.com/agpl", "new", ""}, {"x.com/mpl", "existing", ""}},
			counts:   [2]model.MarkCounts{{New: 1, Existing: 1}, {New: 1, Existing: 1}},
			removed:  []string{"x.com/gone@v1.0.0"},
		},
		{
			name:     "upgrade under the same license and decision: module changed, finding existing",
			base:     withFindings(doc(mod("x.com/mpl", "v1.0.0", "MPL-2.0", w, "LICENSE=aa"))),
			now:      withFindings(doc(mod("x.com/mpl", "v1.1.0", "MPL-2.0", w, "LICENSE=aa"))),
			modules:  []marked{{"x.com/mpl", "changed", ""}},
			findings: []marked{{"x.com/mpl", "existing", ""}},
			counts:   [2]model.MarkCounts{{Changed: 1}, {Existing: 1}},
			removed:  []string{},
		},
		{
			name:     "license text changed under the same id: finding changed",
			base:     withFindings(doc(mod("x.com/mpl", "v1.0.0", "MPL-2.0", w, "LICENSE=aaaaaaaaaa"))),
			now:      withFindings(doc(mod("x.com/mpl", "v1.1.0", "MPL-2.0", w, "LICENSE=bbbbbbbbbb"))),
			modules:  []marked{{"x.com/mpl", "changed", ""}},
			findings: []marked{{"x.com/mpl", "changed", "upgraded; license text changed (LICENSE sha256 aaaaaaaa… → bbbbbbbb…)"}},
			counts:   [2]model.MarkCounts{{Changed: 1}, {Changed: 1}},
			removed:  []string{},
		},
		{
			name:     "warn to deny on relicense: finding changed",
			base:     withFindings(doc(mod("x.com/h", "v1.0.0", "MPL-2.0", w))),
			now:      withFindings(doc(mod("x.com/h", "v1.1.0", "BUSL-1.1", d))),
			modules:  []marked{{"x.com/h", "changed", ""}},
			findings: []marked{{"x.com/h", "changed", "upgraded; license changed: MPL-2.0 → BUSL-1.1; decision warn → deny by rule[BUSL-1.1]"}},
			counts:   [2]model.MarkCounts{{Changed: 1}, {Changed: 1}},
			removed:  []string{},
		},
		{
			name:     "allowed module now denied: the finding is new, the module changed",
			base:     withFindings(doc(mod("x.com/r", "v1.0.0", "MIT", a))),
			now:      withFindings(doc(mod("x.com/r", "v1.1.0", "AGPL-3.0-only", d))),
			modules:  []marked{{"x.com/r", "changed", ""}},
			findings: []marked{{"x.com/r", "new", ""}},
			counts:   [2]model.MarkCounts{{Changed: 1}, {New: 1}},
			removed:  []string{},
		},
		{
			name: "policy findings by rule and message, line numbers aside",
			base: withFindings(doc(), policyFinding("stale", "exception for x.com/a matched no module"), policyFinding("shadowed", "shadowed by the entry at p.yaml:3")),
			now: withFindings(doc(), policyFinding("stale", "exception for x.com/a matched no module"), policyFinding("shadowed", "shadowed by the entry at p.yaml:7"),
				policyFinding("stale", "exception for x.com/b matched no module")),
			findings: []marked{{"stale", "new", ""}, {"stale", "existing", ""}, {"shadowed", "existing", ""}},
			counts:   [2]model.MarkCounts{{}, {New: 1, Existing: 2}},
			removed:  []string{},
		},
		{
			name:     "monorepo: keyed by main module",
			base:     withFindings(doc(inMain("x.com/svc1", mod("x.com/mpl", "v1.0.0", "MPL-2.0", w)))),
			now:      withFindings(doc(inMain("x.com/svc1", mod("x.com/mpl", "v1.0.0", "MPL-2.0", w)), inMain("x.com/svc2", mod("x.com/mpl", "v1.0.0", "MPL-2.0", w)))),
			modules:  []marked{{"x.com/mpl", "existing", ""}, {"x.com/mpl", "new", ""}},
			findings: []marked{{"x.com/mpl", "new", ""}, {"x.com/mpl", "existing", ""}},
			counts:   [2]model.MarkCounts{{New: 1, Existing: 1}, {New: 1, Existing: 1}},
			removed:  []string{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			Mark(tt.now, tt.base, "main", "abc")
			var mods, fs []marked
			for _, m := range tt.now.Modules {
				mods = append(mods, marked{m.Path, m.Baseline, ""})
			}
			for _, f := range tt.now.Findings {
				what := f.Module
				if f.Kind == model.KindPolicy {
					what = f.Rule
				}
				fs = append(fs, marked{what, f.Baseline, f.Since})
			}
			if diff := cmp.Diff(tt.modules, mods); diff != "" {
				t.Errorf("modules (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.findings, fs); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
			bl := tt.now.Baseline
			want := &model.Baseline{Source: "main", Commit: "abc", Modules: tt.counts[0], Findings: tt.counts[1], Removed: tt.removed}
			if diff := cmp.Diff(want, bl); diff != "" {
				t.Errorf("baseline (-want +got):\n%s", diff)
			}
		})
	}
}
