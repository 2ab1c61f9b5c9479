package policy

import (
	"slices"
	"strings"
)

// RuleKind is the kind of policy rule that decided a module.
type RuleKind int

// The kinds of rule, in the order Evaluate applies them.
const (
	RuleIgnore RuleKind = iota + 1
	RuleException
	RuleDeny
	RuleAllow
	RuleCategory
)

func (k RuleKind) String() string {
	switch k {
	case RuleIgnore:
		return "ignore"
	case RuleException:
		return "exception"
	case RuleDeny:
		return "deny"
	case RuleAllow:
		return "allow"
	case RuleCategory:
		return "category"
	}
	return "rule"
}

// Rule is one policy rule that decided (part of) a decision.
type Rule struct {
	Kind RuleKind
	// Entry is what the rule names: the module glob of an ignore or
	// exception entry, the license id of a list entry, the category name.
	Entry string
	// Pos is where the entry is in the policy file (zero for categories).
	Pos Pos
	// Test marks a rule of the test: block.
	Test bool
}

// String renders the rule as the reports show it: deny[AGPL-3.0-only],
// test.category[strong-copyleft], exception[github.com/hashicorp/*].
func (r Rule) String() string {
	s := r.Kind.String() + "[" + r.Entry + "]"
	if r.Test {
		s = "test." + s
	}
	return s
}

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
