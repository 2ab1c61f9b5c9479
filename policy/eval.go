package policy

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ospo-scan/ospo-scan/internal/model"

	"github.com/ospo-scan/ospo-scan/internal/spdxexpr"
)

// Result is the outcome of Evaluate, beside the decisions it sets on the
// records.
type Result struct {
	PolicyName string
	// Findings are the modules decided warn or deny, in the order of the
	// modules, then the policy entries to look at.
	Findings []model.Finding
}

// Evaluate decides every module, setting its Decision. today is the date
// (UTC) used for exception expiry.
func Evaluate(p *Policy, mods []*model.Module, today time.Time) *Result {
	ev := &evaluator{
		p:      p,
		res:    &Result{PolicyName: p.Name},
		today:  time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC),
		exc:    make([]entryState, len(p.Exceptions)),
		ovr:    make([]entryState, len(p.Overrides)),
		keys:   map[string]string{},
		normal: map[string]string{},
		stale:  map[*model.Module]string{},
	}
	for _, m := range mods {
		d := ev.decide(m)
		m.Decision = &d
		if d.Verdict != Allow {
			f := moduleFinding(m, d)
			ev.fileCause(m, d, &f)
			if why := ev.stale[m]; why != "" {
				f.Message += "; " + why
			}
			ev.res.Findings = append(ev.res.Findings, f)
		}
	}
	for i, e := range p.Exceptions {
		if !ev.exc[i].used {
			ev.res.Findings = append(ev.res.Findings, entryFinding("exception", e.Module, e.Pos, ev.exc[i].note))
		}
	}
	for i, o := range p.Overrides {
		if !ev.ovr[i].used {
			ev.res.Findings = append(ev.res.Findings, entryFinding("override", o.Module, o.Pos, ev.ovr[i].note))
		}
	}
	return ev.res
}

// evaluator is the state of one Evaluate call.
type evaluator struct {
	p     *Policy
	res   *Result
	today time.Time
	// The rules of each scope, built on first use: top level, the test
	// layer, and the test layer with denials from outside test: lowered.
	top, test, testCapped *rules
	// exc and ovr are what the scan did with each exception and override
	// of the policy, in the policy's order.
	exc, ovr []entryState
	// keys memoises exprKey, normal NormalizeExpression, parsed
	// spdxexpr.Parse (for the effective licenses).
	keys, normal map[string]string
	parsed       map[string]*spdxexpr.Expr
	// stale says, per module, which entries did not apply because the
	// license texts they reviewed changed (see Review).
	stale map[*model.Module]string
}

// note is why a policy entry did not apply to a module it matched.
type note struct {
	rule, msg string
}

// entryState is what one scan did with a policy entry.
type entryState struct {
	// used: the entry applied to a module.
	used bool
	// expiredSeen: the expiry of the exception was reported.
	expiredSeen bool
	// note says why an entry that never applied matched no module of its
	// own; the first reason found is kept.
	note note
}

// setNote keeps why the entry did not apply, unless a reason is known.
func (s *entryState) setNote(rule, msg string) {
	if s.note.msg == "" {
		s.note = note{rule, msg}
	}
}

func entryFinding(what, module string, pos Pos, n note) model.Finding {
	f := model.Finding{Kind: model.KindPolicy, Severity: Warn, Policy: pos.String(), Rule: n.rule, Message: n.msg}
	if n.msg == "" {
		f.Rule = "stale"
		f.Message = fmt.Sprintf("%s for %s matched no module in this scan; remove it if it is no longer needed", what, module)
	}
	return f
}

func moduleFinding(m *model.Module, d model.Decision) model.Finding {
	lic := d.License
	var msg string
	if lic == "" {
		reason := "no license found"
		if m.License != nil && m.License.Reason != "" {
			reason = m.License.Reason
		}
		msg = fmt.Sprintf("%s@%s: license unknown (%s); %s by %s; if you know the license, add an override", m.Path, m.Version, reason, past(d.Verdict), d.Rule)
	} else {
		msg = fmt.Sprintf("%s@%s: %s (%s) is %s by %s", m.Path, m.Version, lic, d.Category, past(d.Verdict), d.Rule)
		if len(d.Versions) > 0 {
			msg += fmt.Sprintf(" (version chosen: %s)", strings.Join(d.Versions, ", "))
		}
		if d.Exception == nil {
			msg += "; to accept it, add an exception with a reason"
		}
	}
	return model.Finding{Kind: model.KindModule, Severity: d.Verdict, Message: msg, Module: m.Path, Version: m.Version, Rule: d.Rule, Decided: firstRule(d.Rules), Record: m}
}

func past(v Verdict) string {
	switch v {
	case Allow:
		return "allowed"
	case Warn:
		return "warned about"
	}
	return "denied"
}

// built returns the module actually built: the replacement's path and
// version when a replace directive names another module, the module's own
// path and no version when it names a directory.
func built(m *model.Module) (path, version string, replaced bool) {
	switch {
	case m.Replace == nil:
		return m.Path, m.Version, false
	case m.Replace.Version == "":
		return m.Path, "", true
	}
	return m.Replace.Path, m.Replace.Version, true
}

// replacedBy describes a module's replacement for messages.
func replacedBy(m *model.Module) string {
	if m.Replace.Version == "" {
		return "directory " + quoteInput(m.Replace.Path) + ", which is in no version range"
	}
	return m.Replace.Path + "@" + m.Replace.Version
}

// setLicense makes raw the effective license, normalised.
func setLicense(d *model.Decision, raw string, normal map[string]string) {
	n, ok := normal[raw]
	if !ok {
		n, _ = spdxexpr.Normalize(raw)
		normal[raw] = n
	}
	d.License, d.Original = n, ""
	if n != raw {
		d.Original = raw
	}
}

func setRules(d *model.Decision, v exprVerdict) {
	d.Verdict, d.Rules, d.Capped, d.Category, d.Chosen, d.Versions = v.v, v.rules, v.capped, v.category, v.chosen, v.versions
	d.Rule = renderRules(v.rules, v.capped)
}

// decide decides one module: ignore, override, exception, then the
// license rules of its scope.
func (ev *evaluator) decide(m *model.Module) model.Decision {
	p := ev.p
	d := model.Decision{Source: model.SourceUnknown}
	if m.License != nil && m.License.Expression != "" {
		d.Source = model.SourceDetected
		setLicense(&d, m.License.Expression, ev.normal)
	}
	path, version, replaced := built(m)
	setEffective(m, &d, ev.parse)
	for _, g := range p.Ignore {
		if MatchGlob(g.Value, path) {
			d.Verdict, d.Rules = Allow, []Rule{{Kind: RuleIgnore, Entry: g.Value, Pos: g.Pos}}
			d.Rule = renderRules(d.Rules, false)
			d.Category = ev.rulesFor(m.Scope).expression(ruled(&d)).category
			ev.noteIgnored(path, version, d.License, g)
			return d
		}
	}
	var applied *Override
	for i := range p.Overrides {
		o := &p.Overrides[i]
		if !MatchGlob(o.Module, path) || !o.Versions.Contains(version) {
			if replaced && MatchGlob(o.Module, m.Path) && o.Versions.Contains(m.Version) {
				ev.ovr[i].setNote("replaced", fmt.Sprintf("override for %s matched %s@%s as required, but it is replaced by %s; entries match the module actually built, so it did not apply: key it on the replacement if its license is the same", o.Module, m.Path, m.Version, replacedBy(m)))
			}
			continue
		}
		if why := o.Review.changed(m); why != "" {
			ev.ovr[i].used = true
			ev.notReviewed("override", o.Module, o.Pos, m, why)
			continue
		}
		if applied != nil {
			ev.ovr[i].setNote("shadowed", fmt.Sprintf("override for %s is shadowed by the entry at %s, which comes first and also matches %s@%s; remove or merge it", o.Module, applied.Pos, m.Path, m.Version))
			continue
		}
		ev.ovr[i].used, applied = true, o
		d.Source = model.SourceOverride
		setLicense(&d, o.License, ev.normal)
		d.Override = &model.OverrideRef{Module: o.Module, License: o.License, Reason: o.Reason, Policy: o.Pos.String()}
		if o.Versions != nil {
			d.Override.Versions = o.Versions.String()
		}
		d.Override.Reviewed, d.Override.LicenseSHA256 = o.Review.ref()
	}
	setEffective(m, &d, ev.parse)
	if ev.applyException(m, path, version, replaced, &d) {
		return d
	}
	if m.Scope == model.ScopeTest {
		setRules(&d, ev.testDecision(ruled(&d)))
	} else {
		setRules(&d, ev.rulesFor(m.Scope).expression(ruled(&d)))
	}
	return d
}

// applyException applies the first exception that matches the module, if
// any; it reports expired ones and notes the ones it shadows.
func (ev *evaluator) applyException(m *model.Module, path, version string, replaced bool, d *model.Decision) bool {
	var applied *Exception
	for i := range ev.p.Exceptions {
		e := &ev.p.Exceptions[i]
		if !ev.exceptionMatches(e, path, version, ruled(d)) {
			if replaced && ev.exceptionMatches(e, m.Path, m.Version, ruled(d)) {
				ev.exc[i].setNote("replaced", fmt.Sprintf("exception for %s matched %s@%s as required, but it is replaced by %s; entries match the module actually built, so it did not apply: write it for the replacement once reviewed", e.Module, m.Path, m.Version, replacedBy(m)))
			}
			continue
		}
		if !e.Expires.IsZero() && ev.today.After(e.Expires) {
			ev.exc[i].used = true
			if !ev.exc[i].expiredSeen {
				ev.exc[i].expiredSeen = true
				ev.res.Findings = append(ev.res.Findings, model.Finding{Kind: model.KindPolicy, Severity: Warn, Policy: e.Pos.String(), Rule: "expired",
					Module: m.Path, Version: m.Version,
					Message: fmt.Sprintf("exception for %s expired on %s and no longer applies; review it and extend or remove it", e.Module, e.Expires.Format("2006-01-02"))})
			}
			continue
		}
		if why := e.Review.changed(m); why != "" {
			ev.exc[i].used = true
			ev.notReviewed("exception", e.Module, e.Pos, m, why)
			continue
		}
		if applied != nil {
			ev.exc[i].setNote("shadowed", fmt.Sprintf("exception for %s is shadowed by the entry at %s, which comes first and also matches %s@%s; remove or merge it", e.Module, applied.Pos, m.Path, m.Version))
			continue
		}
		ev.exc[i].used, applied = true, e
		ref := &model.ExceptionRef{Module: e.Module, License: e.License, Decision: string(e.Decision), Reason: e.Reason, ApprovedBy: e.ApprovedBy, Policy: e.Pos.String()}
		if e.Versions != nil {
			ref.Versions = e.Versions.String()
		}
		if !e.Expires.IsZero() {
			ref.Expires = e.Expires.Format("2006-01-02")
		}
		ref.Reviewed, ref.LicenseSHA256 = e.Review.ref()
		d.Verdict, d.Exception = e.Decision, ref
		d.Rules = []Rule{{Kind: RuleException, Entry: e.Module, Pos: e.Pos}}
		d.Rule = renderRules(d.Rules, false)
		// The category is the one the license rules would report: that of
		// the worst part of the alternative relied on, term by term.
		d.Category = ev.rulesFor(m.Scope).expression(ruled(d)).category
	}
	return applied != nil
}

// exceptionMatches reports whether an exception names the module path,
// version and (when it names one) license; the license must be the
// module's, after normalisation of both, never a version range of it.
func (ev *evaluator) exceptionMatches(e *Exception, path, version, license string) bool {
	if !MatchGlob(e.Module, path) || !e.Versions.Contains(version) {
		return false
	}
	return e.License == "" || (license != "" && ev.exprKey(e.License) == ev.exprKey(license))
}

// exprKey returns the normalised, order-independent form of an expression.
func (ev *evaluator) exprKey(s string) string {
	if k, ok := ev.keys[s]; ok {
		return k
	}
	k := s
	if e, ok := spdxexpr.Parse(s); ok {
		k = e.Key()
	}
	ev.keys[s] = k
	return k
}

// noteIgnored notes the exceptions and overrides that match an ignored
// module.
func (ev *evaluator) noteIgnored(path, version, license string, g Entry) {
	for i := range ev.p.Exceptions {
		e := &ev.p.Exceptions[i]
		if ev.exceptionMatches(e, path, version, license) {
			ev.exc[i].setNote("shadowed", fmt.Sprintf("exception for %s only applies to %s, which the ignore entry at %s ignores; remove one of them", e.Module, path, g.Pos))
		}
	}
	for i, o := range ev.p.Overrides {
		if MatchGlob(o.Module, path) && o.Versions.Contains(version) {
			ev.ovr[i].setNote("shadowed", fmt.Sprintf("override for %s only applies to %s, which the ignore entry at %s ignores; remove one of them", o.Module, path, g.Pos))
		}
	}
}

// rulesFor returns the rules of a scope.
func (ev *evaluator) rulesFor(scope model.Scope) *rules {
	if scope == model.ScopeTest {
		if ev.test == nil {
			ev.test = ev.p.rules(true, false)
		}
		return ev.test
	}
	if ev.top == nil {
		ev.top = ev.p.rules(false, false)
	}
	return ev.top
}

// testDecision decides a test-only module: under the test: layer, with a
// denial that no test: key made lowered to warn, and never more strictly
// than the same module shipped.
func (ev *evaluator) testDecision(license string) exprVerdict {
	v := ev.rulesFor(model.ScopeTest).expression(license)
	if v.v == Deny {
		if ev.testCapped == nil {
			ev.testCapped = ev.p.rules(true, true)
		}
		if c := ev.testCapped.expression(license); c.v == Deny {
			v = c
		} else {
			v.v, v.capped = Warn, true
		}
	}
	if top := ev.rulesFor(model.ScopeRequired).expression(license); rank(top.v) < rank(v.v) {
		return top
	}
	return v
}

// rules are the list and category rules for one scope.
type rules struct {
	// lists are the deny and allow entries in the order they are tried.
	lists      []listEntry
	categories map[string]Verdict
	// catTest marks the categories that the test: block gave.
	catTest map[string]bool
	// capDeny lowers a denial by a rule outside the test: block to warn.
	capDeny bool
	// memo keeps expression's answers: modules share a few expressions.
	memo map[string]exprVerdict
}

// listEntry is an allow or deny entry, split for matching.
type listEntry struct {
	Entry
	kind     RuleKind
	verdict  Verdict
	test     bool
	lic, exc string
}

// exprVerdict is what rules.expression returns.
type exprVerdict struct {
	v                Verdict
	rules            []Rule
	category, chosen string
	versions         []string
	capped           bool
}

// rules returns the rules for shipped modules, or for test-only ones: the
// test: lists are tried before the top-level ones (a test: entry wins over
// a top-level one; both apply), and test: categories replace the
// top-level verdict of theirs.
func (p *Policy) rules(test, capDeny bool) *rules {
	r := &rules{categories: p.Categories, catTest: map[string]bool{}, capDeny: capDeny, memo: map[string]exprVerdict{}}
	add := func(es []Entry, kind RuleKind, v Verdict, fromTest bool) {
		for _, e := range es {
			lic, exc := spdxexpr.SplitWith(e.Value)
			r.lists = append(r.lists, listEntry{Entry: e, kind: kind, verdict: v, test: fromTest, lic: lic, exc: exc})
		}
	}
	if test && p.Test != nil {
		add(p.Test.Deny, RuleDeny, Deny, true)
		add(p.Test.Allow, RuleAllow, Allow, true)
		if len(p.Test.Categories) > 0 {
			r.categories = copyCategories(p.Categories)
			for k, v := range p.Test.Categories {
				r.categories[k] = v
				r.catTest[k] = true
			}
		}
	}
	add(p.Deny, RuleDeny, Deny, false)
	add(p.Allow, RuleAllow, Allow, false)
	return r
}

// decided applies capDeny to a rule's verdict.
func (r *rules) decided(v Verdict, rule Rule) (Verdict, Rule) {
	if r.capDeny && v == Deny && !rule.Test {
		v = Warn
	}
	return v, rule
}

// category decides by the category of a license.
func (r *rules) category(cat string, def Verdict) (Verdict, Rule) {
	v, ok := r.categories[cat]
	if !ok {
		v = def
	}
	return r.decided(v, Rule{Kind: RuleCategory, Entry: cat, Test: r.catTest[cat]})
}

// leafInfo is the decision of one license id of an expression.
type leafInfo struct {
	v    Verdict
	rule Rule
	cat  string
	// version marks a version taken from an "-or-later" license.
	version bool
}

// leaf decides one concrete license id ("X" or "X WITH e"). A list entry
// naming the id with its exception decides first; then an entry naming
// the license alone (an exception only adds permissions, so allow: [X]
// allows "X WITH e", and deny: [X] denies it); then the category.
func (r *rules) leaf(id string) leafInfo {
	lic, exc := spdxexpr.SplitWith(id)
	cat := CategoryOf(id)
	for pass := range 2 {
		for _, le := range r.lists {
			if (pass == 0 && (exc == "" || le.exc != exc)) || (pass == 1 && le.exc != "") {
				continue
			}
			if covers(le.lic, lic) {
				v, rule := r.decided(le.verdict, Rule{Kind: le.kind, Entry: le.Value, Pos: le.Pos, Test: le.test})
				return leafInfo{v: v, rule: rule, cat: cat}
			}
		}
	}
	v, rule := r.category(cat, Warn)
	return leafInfo{v: v, rule: rule, cat: cat}
}

// covers reports whether a list entry's license names lic: the same id, or
// an "-or-later" entry admitting that version.
func covers(entry, lic string) bool {
	if strings.EqualFold(entry, lic) {
		return true
	}
	return strings.HasSuffix(entry, "-or-later") && slices.Contains(spdxexpr.LaterVersions(entry, false), lic)
}

// expression decides a whole expression: OR takes the best alternative,
// AND the worst part; an "-or-later" license is the OR of the versions it
// admits.
func (r *rules) expression(expr string) exprVerdict {
	if e, ok := r.memo[expr]; ok {
		return e
	}
	v := r.decideExpression(expr)
	r.memo[expr] = v
	return v
}

// decideExpression is expression without the memo.
func (r *rules) decideExpression(s string) exprVerdict {
	if s == "" {
		v, rule := r.category(CategoryUnknown, Deny)
		return exprVerdict{v: v, rules: []Rule{rule}, category: CategoryUnknown}
	}
	e, ok := spdxexpr.Parse(s)
	if !ok {
		v, rule := r.category(CategoryOther, Warn)
		return exprVerdict{v: worse(v, Warn), rules: []Rule{rule}, category: CategoryOther}
	}
	infos := map[string]leafInfo{}
	e = r.expand(e, infos)
	ls := e.LeafIDs()
	final := Deny
	var set []string
	for _, level := range []Verdict{Allow, Warn} {
		var s []string
		for _, id := range ls {
			if rank(infos[id].v) <= rank(level) {
				s = append(s, id)
			}
		}
		if len(s) > 0 && e.SatisfiedBy(setOf(s)) {
			final, set = level, s
			break
		}
	}
	out := exprVerdict{v: final}
	if set == nil {
		// Denied: every alternative has a denied part. Report the parts
		// that are denied.
		for _, id := range ls {
			if infos[id].v == Deny {
				set = append(set, id)
			}
		}
	} else if len(ls) > 1 {
		// Narrow to the alternative actually relied on.
		for i := 0; i < len(set); {
			trial := slices.Delete(slices.Clone(set), i, i+1)
			if len(trial) > 0 && e.SatisfiedBy(setOf(trial)) {
				set = trial
			} else {
				i++
			}
		}
		out.chosen = strings.Join(set, " AND ")
		for _, id := range set {
			if infos[id].version {
				out.versions = append(out.versions, id)
			}
		}
	}
	// The rules and category are those of the worst parts relied on.
	worst := Allow
	for _, id := range ls {
		in := infos[id]
		if !slices.Contains(set, id) || rank(in.v) < rank(worst) {
			continue
		}
		if rank(in.v) > rank(worst) {
			out.rules, out.category = nil, ""
		}
		worst = in.v
		out.rules = addRule(out.rules, in.rule)
		if out.category == "" {
			out.category = in.cat
		}
	}
	slices.SortFunc(out.rules, func(a, b Rule) int { return strings.Compare(a.String(), b.String()) })
	if len(ls) == 1 {
		out.chosen = ""
	}
	return out
}

// expand decides every leaf of e into infos and returns e with each
// "-or-later" leaf whose versions are decided differently replaced by the
// OR of those versions.
func (r *rules) expand(e *spdxexpr.Expr, infos map[string]leafInfo) *spdxexpr.Expr {
	if e.Op != "" {
		n := &spdxexpr.Expr{Op: e.Op}
		for _, k := range e.Kids {
			nk := r.expand(k, infos)
			if nk.Op == n.Op {
				n.Kids = append(n.Kids, nk.Kids...)
			} else {
				n.Kids = append(n.Kids, nk)
			}
		}
		return n
	}
	vers := spdxexpr.LaterVersions(e.License, e.Plus)
	if len(vers) == 0 {
		infos[e.ID()] = r.leaf(e.ID())
		return e
	}
	vinfos := make([]leafInfo, len(vers))
	same := true
	for i, v := range vers {
		vinfos[i] = r.leaf((&spdxexpr.Expr{License: v, Exception: e.Exception}).ID())
		same = same && vinfos[i].v == vinfos[0].v && vinfos[i].rule == vinfos[0].rule
	}
	if same {
		// Every version is decided alike: no choice to report.
		in := vinfos[0]
		in.cat = CategoryOf(e.ID())
		infos[e.ID()] = in
		return e
	}
	n := &spdxexpr.Expr{Op: "OR"}
	for i, v := range vers {
		k := &spdxexpr.Expr{License: v, Exception: e.Exception}
		in := vinfos[i]
		in.version = true
		infos[k.ID()] = in
		n.Kids = append(n.Kids, k)
	}
	return n
}

func setOf(ids []string) map[string]bool {
	m := make(map[string]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	return m
}

// parse is spdxexpr.Parse, remembered (nil for what does not parse).
// The expressions it returns are shared: nothing may change them.
func (ev *evaluator) parse(s string) (*spdxexpr.Expr, bool) {
	if x, ok := ev.parsed[s]; ok {
		return x, x != nil
	}
	x, ok := spdxexpr.Parse(s)
	if !ok {
		x = nil
	}
	if ev.parsed == nil {
		ev.parsed = map[string]*spdxexpr.Expr{}
	}
	ev.parsed[s] = x
	return x, ok
}
