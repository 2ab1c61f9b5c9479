package policy

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/github/go-spdx/v2/spdxexp"

	"github.com/ospo-scan/ospo-scan/scanner"
)

// Where a module's license came from.
const (
	SourceDetected = "detected"
	SourceOverride = "override"
	SourceUnknown  = "unknown"
)

// Kinds of finding.
const (
	KindModule = "module"
	KindPolicy = "policy"
)

// ExceptionRef is the exception that decided a module, as reported.
type ExceptionRef struct {
	Module     string `json:"module"`
	Versions   string `json:"versions,omitempty"`
	License    string `json:"license,omitempty"`
	Decision   string `json:"decision"`
	Reason     string `json:"reason"`
	ApprovedBy string `json:"approved-by,omitempty"`
	Expires    string `json:"expires,omitempty"`
	Policy     string `json:"policy"`
}

// Decision is what the policy decided for one module.
type Decision struct {
	// License is the effective expression: the override's, else the
	// detected one; empty when unknown.
	License string
	Source  string
	// Category of the license part that decided (the worst part of the
	// chosen alternative).
	Category string
	Verdict  Verdict
	// Rule names the rule that decided, e.g. deny[AGPL-3.0-only],
	// category[strong-copyleft], exception[github.com/hashicorp/*].
	Rule string
	// Chosen is the alternative of an OR expression that the decision
	// rests on.
	Chosen    string
	Exception *ExceptionRef
}

// Finding is a module decided warn or deny, or a policy entry that
// expired or matched nothing.
type Finding struct {
	Kind     string
	Severity Verdict
	Message  string
	Module   string
	Version  string
	Rule     string
	// Policy is the file:line of the policy entry concerned.
	Policy string
}

// Result is the outcome of Evaluate.
type Result struct {
	PolicyName string
	// Decisions are in the order of the modules given to Evaluate.
	Decisions []Decision
	Findings  []Finding
}

// Evaluate decides every module. today is the date (UTC) used for
// exception expiry.
func Evaluate(p *Policy, mods []*scanner.Module, today time.Time) *Result {
	res := &Result{PolicyName: p.Name}
	today = time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	usedExc := make([]bool, len(p.Exceptions))
	usedOvr := make([]bool, len(p.Overrides))
	expiredSeen := make([]bool, len(p.Exceptions))
	layers := map[scanner.Scope]*rules{}
	for _, m := range mods {
		layer, ok := layers[m.Scope]
		if !ok {
			layer = p.layerFor(m.Scope)
			layers[m.Scope] = layer
		}
		d := p.decide(m, layer, today, usedExc, usedOvr, expiredSeen, res)
		res.Decisions = append(res.Decisions, d)
		if d.Verdict != Allow {
			res.Findings = append(res.Findings, moduleFinding(m, d))
		}
	}
	for i, e := range p.Exceptions {
		if !usedExc[i] {
			res.Findings = append(res.Findings, Finding{Kind: KindPolicy, Severity: Warn, Policy: e.Pos.String(), Rule: "stale",
				Message: fmt.Sprintf("exception for %s matched no module in this scan; remove it if it is no longer needed", e.Module)})
		}
	}
	for i, o := range p.Overrides {
		if !usedOvr[i] {
			res.Findings = append(res.Findings, Finding{Kind: KindPolicy, Severity: Warn, Policy: o.Pos.String(), Rule: "stale",
				Message: fmt.Sprintf("override for %s matched no module in this scan; remove it if it is no longer needed", o.Module)})
		}
	}
	return res
}

func moduleFinding(m *scanner.Module, d Decision) Finding {
	lic := d.License
	var msg string
	if lic == "" {
		reason := "no license found"
		if m.License != nil && m.License.Reason != "" {
			reason = m.License.Reason
		}
		msg = fmt.Sprintf("%s@%s: license unknown (%s); %s by %s; if you know the license, add an override", m.Path, m.Version, reason, d.Verdict.past(), d.Rule)
	} else {
		msg = fmt.Sprintf("%s@%s: %s (%s) is %s by %s", m.Path, m.Version, lic, d.Category, d.Verdict.past(), d.Rule)
		if !strings.HasPrefix(d.Rule, "exception[") {
			msg += "; to accept it, add an exception with a reason"
		}
	}
	return Finding{Kind: KindModule, Severity: d.Verdict, Message: msg, Module: m.Path, Version: m.Version, Rule: d.Rule}
}

func (v Verdict) past() string {
	switch v {
	case Allow:
		return "allowed"
	case Warn:
		return "warned about"
	}
	return "denied"
}

// decide decides one module under layer, the rules of its scope.
func (p *Policy) decide(m *scanner.Module, layer *rules, today time.Time, usedExc, usedOvr, expiredSeen []bool, res *Result) Decision {
	d := Decision{Source: SourceUnknown}
	if m.License != nil && m.License.Expression != "" {
		d.License, d.Source = m.License.Expression, SourceDetected
	}
	for _, g := range p.Ignore {
		if MatchGlob(g.Value, m.Path) {
			d.Verdict, d.Rule, d.Category = Allow, "ignore["+g.Value+"]", CategoryOf(d.License)
			if d.License == "" {
				d.Category = CategoryUnknown
			}
			return d
		}
	}
	for i, o := range p.Overrides {
		if MatchGlob(o.Module, m.Path) && o.Versions.Contains(m.Version) {
			usedOvr[i] = true
			d.License, d.Source = o.License, SourceOverride
			break
		}
	}
	for i, e := range p.Exceptions {
		if !MatchGlob(e.Module, m.Path) || !e.Versions.Contains(m.Version) {
			continue
		}
		if e.License != "" && (d.License == "" || !satisfies(d.License, leaves(e.License))) {
			continue
		}
		usedExc[i] = true
		if !e.Expires.IsZero() && today.After(e.Expires) {
			if !expiredSeen[i] {
				expiredSeen[i] = true
				res.Findings = append(res.Findings, Finding{Kind: KindPolicy, Severity: Warn, Policy: e.Pos.String(), Rule: "expired",
					Module: m.Path, Version: m.Version,
					Message: fmt.Sprintf("exception for %s expired on %s and no longer applies; review it and extend or remove it", e.Module, e.Expires.Format("2006-01-02"))})
			}
			continue
		}
		ref := &ExceptionRef{Module: e.Module, License: e.License, Decision: string(e.Decision), Reason: e.Reason, ApprovedBy: e.ApprovedBy, Policy: e.Pos.String()}
		if e.Versions != nil {
			ref.Versions = e.Versions.String()
		}
		if !e.Expires.IsZero() {
			ref.Expires = e.Expires.Format("2006-01-02")
		}
		d.Verdict, d.Rule, d.Exception = e.Decision, "exception["+e.Module+"]", ref
		d.Category = CategoryOf(d.License)
		if d.License == "" {
			d.Category = CategoryUnknown
		}
		return d
	}
	v, rule, cat, chosen := layer.expression(d.License)
	if m.Scope == scanner.ScopeTest && v == Deny && !strings.HasPrefix(rule, "test.") {
		v, rule = Warn, rule+" (test-only: at most warn)"
	}
	d.Verdict, d.Rule, d.Category, d.Chosen = v, rule, cat, chosen
	return d
}

// rules are the allow, deny and category rules for one scope.
type rules struct {
	allow, deny []Entry
	categories  map[string]Verdict
	// fromTest marks the keys that the test: block gave.
	allowTest, denyTest bool
	catTest             map[string]bool
	// memo keeps expression's answers: modules share a few expressions,
	// and go-spdx's Satisfies costs some 50 µs a call.
	memo map[string]exprVerdict
}

// exprVerdict is what rules.expression returns.
type exprVerdict struct {
	v                      Verdict
	rule, category, chosen string
}

func (p *Policy) layerFor(scope scanner.Scope) *rules {
	r := &rules{allow: p.Allow, deny: p.Deny, categories: p.Categories, catTest: map[string]bool{}, memo: map[string]exprVerdict{}}
	if scope != scanner.ScopeTest || p.Test == nil {
		return r
	}
	t := p.Test
	if t.allowSet {
		r.allow, r.allowTest = t.Allow, true
	}
	if t.denySet {
		r.deny, r.denyTest = t.Deny, true
	}
	if len(t.Categories) > 0 {
		r.categories = copyCategories(p.Categories)
		for k, v := range t.Categories {
			r.categories[k] = v
			r.catTest[k] = true
		}
	}
	return r
}

// leafDecision decides one license id of an expression.
func (r *rules) leaf(id string) (Verdict, string, string) {
	cat := CategoryOf(id)
	prefix := func(test bool) string {
		if test {
			return "test."
		}
		return ""
	}
	for _, e := range r.deny {
		if sameOrCovers(id, e.Value) {
			return Deny, prefix(r.denyTest) + "deny[" + e.Value + "]", cat
		}
	}
	for _, e := range r.allow {
		if sameOrCovers(id, e.Value) {
			return Allow, prefix(r.allowTest) + "allow[" + e.Value + "]", cat
		}
	}
	v, ok := r.categories[cat]
	if !ok {
		v = Warn
	}
	return v, prefix(r.catTest[cat]) + "category[" + cat + "]", cat
}

// sameOrCovers reports whether a policy list entry names the license id,
// honouring -or-later ranges and case.
func sameOrCovers(id, entry string) bool {
	if strings.EqualFold(id, entry) {
		return true
	}
	// An entry with an exception names only that combination; a bare
	// entry does not cover "X WITH e" and vice versa.
	if strings.Contains(id, " WITH ") != strings.Contains(entry, " WITH ") {
		return false
	}
	return satisfies(id, []string{entry})
}

// expression decides a whole expression: OR takes the best alternative,
// AND the worst part.
func (r *rules) expression(expr string) (v Verdict, rule, category, chosen string) {
	if e, ok := r.memo[expr]; ok {
		return e.v, e.rule, e.category, e.chosen
	}
	v, rule, category, chosen = r.decideExpression(expr)
	r.memo[expr] = exprVerdict{v, rule, category, chosen}
	return v, rule, category, chosen
}

// decideExpression is expression without the memo.
func (r *rules) decideExpression(expr string) (v Verdict, rule, category, chosen string) {
	if expr == "" {
		v, ok := r.categories[CategoryUnknown]
		if !ok {
			v = Deny
		}
		prefix := ""
		if r.catTest[CategoryUnknown] {
			prefix = "test."
		}
		return v, prefix + "category[unknown]", CategoryUnknown, ""
	}
	ls := leaves(expr)
	if len(ls) == 0 {
		v, ok := r.categories[CategoryOther]
		if !ok {
			v = Warn
		}
		return worse(v, Warn), "category[other]", CategoryOther, ""
	}
	type leafInfo struct {
		id, rule, cat string
		v             Verdict
	}
	infos := make([]leafInfo, len(ls))
	for i, l := range ls {
		v, rule, cat := r.leaf(l)
		infos[i] = leafInfo{l, rule, cat, v}
	}
	final := Deny
	var set []string
	for _, level := range []Verdict{Allow, Warn} {
		var s []string
		for _, in := range infos {
			if in.v.rank() <= level.rank() {
				s = append(s, in.id)
			}
		}
		if len(s) > 0 && satisfies(expr, s) {
			final, set = level, s
			break
		}
	}
	if set == nil {
		// Denied: every alternative has a denied part. Report the parts
		// that are denied.
		for _, in := range infos {
			if in.v == Deny {
				set = append(set, in.id)
			}
		}
	} else if len(ls) > 1 {
		// Narrow to the alternative actually relied on.
		for i := 0; i < len(set); {
			trial := slices.Delete(slices.Clone(set), i, i+1)
			if len(trial) > 0 && satisfies(expr, trial) {
				set = trial
			} else {
				i++
			}
		}
		chosen = strings.Join(set, " AND ")
	}
	// The rule and category are those of the worst part relied on.
	var rulesUsed []string
	worst := Allow
	for _, in := range infos {
		if slices.Contains(set, in.id) && in.v.rank() >= worst.rank() {
			if in.v.rank() > worst.rank() {
				rulesUsed, category = nil, ""
			}
			worst = in.v
			if !slices.Contains(rulesUsed, in.rule) {
				rulesUsed = append(rulesUsed, in.rule)
			}
			if category == "" {
				category = in.cat
			}
		}
	}
	sort.Strings(rulesUsed)
	if len(ls) == 1 {
		chosen = ""
	}
	return final, strings.Join(rulesUsed, ", "), category, chosen
}

// leaves returns the license ids of an expression ("X WITH e" is one).
func leaves(expr string) []string {
	ls, err := spdxexp.ExtractLicenses(expr)
	if err != nil {
		return nil
	}
	// go-spdx does not promise an order; decisions must be deterministic.
	sort.Strings(ls)
	return slices.Compact(ls)
}

// satisfies reports whether expr can be licensed under the given ids.
func satisfies(expr string, ids []string) bool {
	ok, err := spdxexp.Satisfies(expr, ids)
	return err == nil && ok
}
