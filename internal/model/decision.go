package model

import "fmt"

// Verdict is a policy decision.
type Verdict string

// The verdicts, from best to worst.
const (
	Allow Verdict = "allow"
	Warn  Verdict = "warn"
	Deny  Verdict = "deny"
)

// Where a module's license came from.
const (
	SourceDetected = "detected"
	SourceOverride = "override"
	SourceUnknown  = "unknown"
)

// Pos is a position in a policy file.
type Pos struct {
	File string
	Line int
	Col  int
}

// String returns file:line, or the file alone when the line is unknown.
func (p Pos) String() string {
	if p.Line == 0 {
		return p.File
	}
	return fmt.Sprintf("%s:%d", p.File, p.Line)
}

// RuleKind is the kind of policy rule that decided a module.
type RuleKind int

// The kinds of rule, in the order the policy applies them.
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
	// Reviewed and LicenseSHA256 are what the entry pins (reviewed,
	// license-sha256), when it does.
	Reviewed      string   `json:"reviewed,omitempty"`
	LicenseSHA256 []string `json:"license-sha256,omitempty"`
}

// OverrideRef is the override that stated a module's license, as reported.
type OverrideRef struct {
	Module   string `json:"module"`
	Versions string `json:"versions,omitempty"`
	License  string `json:"license"`
	Reason   string `json:"reason"`
	Policy   string `json:"policy"`
	// Reviewed and LicenseSHA256 are what the entry pins (reviewed,
	// license-sha256), when it does.
	Reviewed      string   `json:"reviewed,omitempty"`
	LicenseSHA256 []string `json:"license-sha256,omitempty"`
}

// Decision is what the policy decided for one module.
type Decision struct {
	// License is the effective expression: the override's, else the
	// detected one, in current SPDX; empty when unknown.
	License string
	// Original is the expression as detected or overridden when
	// normalisation changed it (e.g. GPL-2.0-with-classpath-exception),
	// else empty. The evidence keeps the detector's ids too.
	Original string
	Source   string
	// Category of the license part that decided (the worst part of the
	// chosen alternative).
	Category string
	Verdict  Verdict
	// Rule is Rules rendered as the reports show them, e.g.
	// deny[AGPL-3.0-only], category[strong-copyleft],
	// exception[github.com/hashicorp/*]. It is never parsed back: read
	// Rules.
	Rule string
	// Rules are the rules that decided: for an expression, those of the
	// worst parts of the alternative relied on. Not in the JSON report.
	Rules []Rule
	// Capped reports a test-only module denied by a rule outside the
	// test: block, and so decided warn.
	Capped bool
	// Chosen is the alternative of an OR expression that the decision
	// rests on; an "-or-later" license is the OR of the versions it
	// admits, so Chosen names the version taken when that matters.
	Chosen string
	// Versions lists the versions Chosen takes from "-or-later" licenses
	// (e.g. GPL-3.0-only for GPL-2.0-or-later), when the versions were
	// decided differently.
	Versions  []string
	Exception *ExceptionRef
	// Effective is License AND every license of a linked file that
	// License does not cover (the deep scan), which the rules decided
	// on; empty when the deep scan did not run.
	Effective string
	// Files are the file-level statements that License does not cover,
	// by file then line.
	Files []FileLicense
	// Override is the override that applied, if any.
	Override *OverrideRef
}
