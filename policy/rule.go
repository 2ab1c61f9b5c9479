package policy

import (
	"slices"
	"strings"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// Rule is one policy rule that decided (part of) a decision; decisions
// carry it as a value (model.Decision.Rules), and its text is rendered
// from it, never parsed back.
type Rule = model.Rule

// RuleKind is the kind of policy rule that decided a module.
type RuleKind = model.RuleKind

// The kinds of rule, in the order Evaluate applies them.
const (
	RuleIgnore    = model.RuleIgnore
	RuleException = model.RuleException
	RuleDeny      = model.RuleDeny
	RuleAllow     = model.RuleAllow
	RuleCategory  = model.RuleCategory
)

// capNote is appended to the rule of a test-only module whose denial was
// lowered to warn.
const capNote = " (test-only: at most warn)"

// renderRules joins rules as the reports show them: sorted, each once, and
// the test-only note when capped.
func renderRules(rs []Rule, capped bool) string {
	parts := make([]string, 0, len(rs))
	for _, r := range rs {
		parts = append(parts, r.String())
	}
	slices.Sort(parts)
	s := strings.Join(slices.Compact(parts), ", ")
	if capped {
		s += capNote
	}
	return s
}

// addRule appends r to rs unless a rule that renders the same is there.
func addRule(rs []Rule, r Rule) []Rule {
	for _, have := range rs {
		if have.String() == r.String() {
			return rs
		}
	}
	return append(rs, r)
}

// firstRule returns the rule a finding reports first: the first of rs as
// rendered, in sorted order (as renderRules lists them); nil when rs is
// empty.
func firstRule(rs []Rule) *Rule {
	if len(rs) == 0 {
		return nil
	}
	first := rs[0]
	for _, r := range rs[1:] {
		if r.String() < first.String() {
			first = r
		}
	}
	return &first
}
