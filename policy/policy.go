// Package policy reads an OSPO policy file and decides, for every module of
// a scan, whether its license is allowed, warned about or denied, and why.
//
// A policy is YAML (see README.md, "Policy file"). Parse is strict: an
// unknown key, a wrong type, an unknown or deprecated SPDX id, a bad glob,
// semver range or date is an *Error naming file, line and column. Keys the
// file leaves out take the values of the embedded default policy (Default).
//
// Evaluate normalises every license expression to current SPDX
// (NormalizeExpression), applies the rules in a fixed order — ignore,
// override, exception, deny list, allow list, category, unknown — to the
// module actually built (a replacement's path and version), and returns one
// Decision per module, each naming the rules that made it (typed, and
// rendered as text), plus the Findings: modules decided warn or deny,
// exceptions that expired, and exceptions or overrides that matched no
// module, only modules an earlier entry or an ignore decided, or only the
// module as required rather than its replacement. An "-or-later" license is
// decided as the OR of the versions it admits; see README.md, "Rule order".
package policy

import (
	_ "embed"
	"time"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// Verdict is a policy decision (the record's type: see model.Verdict).
type Verdict = model.Verdict

// The verdicts, from best to worst.
const (
	Allow = model.Allow
	Warn  = model.Warn
	Deny  = model.Deny
)

// rank orders verdicts from best (0) to worst.
func rank(v Verdict) int {
	switch v {
	case Allow:
		return 0
	case Warn:
		return 1
	}
	return 2
}

// worse returns the stricter of two verdicts.
func worse(a, b Verdict) Verdict {
	if rank(a) >= rank(b) {
		return a
	}
	return b
}

// ParseVerdict parses allow|warn|deny.
func ParseVerdict(s string) (Verdict, bool) {
	switch Verdict(s) {
	case Allow, Warn, Deny:
		return Verdict(s), true
	}
	return "", false
}

// Policy is a parsed policy file, already layered over the default policy.
type Policy struct {
	// Name is the file the policy came from, or "default".
	Name       string
	Allow      []Entry
	Deny       []Entry
	Categories map[string]Verdict
	Exceptions []Exception
	Overrides  []Override
	Ignore     []Entry
	// Test holds the rules for modules only tests need, layered over the
	// top level.
	Test *Layer
}

// Layer is the part of a policy the test: block may change: its lists are
// tried before the top-level ones (which still apply) and its categories
// replace theirs, for test-only modules.
type Layer struct {
	Allow      []Entry
	Deny       []Entry
	Categories map[string]Verdict
	// set reports which keys the file gave.
	allowSet, denySet bool
}

// Entry is a license id or module glob with its position in the file.
type Entry struct {
	Value string
	Pos   Pos
}

// Pos is a position in a policy file (see model.Pos).
type Pos = model.Pos

// Exception is a reviewed decision for some modules.
type Exception struct {
	Module     string
	Versions   *Range
	License    string
	Decision   Verdict
	Reason     string
	ApprovedBy string
	// Expires is the last day (UTC) the exception applies; zero if never.
	Expires time.Time
	Pos     Pos
	// Review pins the license texts reviewed (license-sha256, reviewed).
	Review Review
}

// Override states a module's license where detection cannot see it.
type Override struct {
	Module   string
	Versions *Range
	License  string
	Reason   string
	Pos      Pos
	// Review pins the license texts reviewed (license-sha256, reviewed).
	Review Review
}

//go:embed default.yaml
var defaultYAML []byte

// DefaultYAML returns the embedded default policy, a commented file that
// --init-policy prints as a starting point.
func DefaultYAML() []byte { return append([]byte(nil), defaultYAML...) }

// Default returns the embedded default policy.
func Default() *Policy {
	p, err := parse("default", defaultYAML, nil)
	if err != nil {
		panic("policy: embedded default policy is invalid: " + err.Error())
	}
	return p
}

// Parse parses a policy file and layers it over the default policy. name is
// used in errors.
func Parse(name string, data []byte) (*Policy, error) {
	return parse(name, data, Default())
}
