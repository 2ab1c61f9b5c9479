// Package diff compares two saved JSON reports (schema
// ospo-scan/report/v1) and says what changed between them: modules
// added, removed, upgraded or downgraded, licenses and license texts
// changed, decisions changed, and the exceptions the newer report needs
// that the older did not.
//
// Compute is a pure function of two model.Documents; Read decodes and
// checks a report; the writers render a Result as text, JSON (schema
// ospo-scan/diff/v1) or Markdown. It never changes how a scan decides.
package diff

import (
	"slices"
	"strings"

	"golang.org/x/mod/semver"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// Schema is the identifier of the JSON diff format.
const Schema = "ospo-scan/diff/v1"

// Kind is one kind of change of a module.
type Kind string

// The kinds of change, in the order a change lists them.
const (
	Added      Kind = "added"
	Removed    Kind = "removed"
	Upgraded   Kind = "upgraded"
	Downgraded Kind = "downgraded"
	// VersionChanged: the versions differ but are not both semantic
	// versions, so neither is newer.
	VersionChanged Kind = "version-changed"
	LicenseChanged Kind = "license-changed"
	// LicenseTextChanged: the same license expression, but the sha256 of
	// a license file differs (or a file appeared or went away).
	LicenseTextChanged Kind = "license-text-changed"
	DecisionChanged    Kind = "decision-changed"
)

// State is a module as one report saw it.
type State struct {
	Version  string        `json:"version"`
	License  string        `json:"license"`
	Decision model.Verdict `json:"decision"`
	Rule     string        `json:"rule"`
}

// FileChange is a license file whose sha256 differs between the reports;
// an empty sha256 means the file is not in that report's evidence.
type FileChange struct {
	File string `json:"file"`
	Old  string `json:"old-sha256"`
	New  string `json:"new-sha256"`
}

// Change is what changed for one module (keyed by main module and path).
type Change struct {
	// Main is the module's main module in a monorepo report; empty
	// otherwise.
	Main   string `json:"main,omitempty"`
	Module string `json:"module"`
	Kinds  []Kind `json:"changes"`
	// Old and New are the module in each report; nil when absent.
	Old   *State       `json:"old"`
	New   *State       `json:"new"`
	Files []FileChange `json:"files,omitempty"`
	// ExceptionNeeded reports a module now warn or deny that was better
	// before (or absent): the policy needs an exception, or the change
	// another dependency, for the check to pass as it did.
	ExceptionNeeded bool `json:"exception-needed"`
}

// Worse reports whether the change makes the module fail a check at
// failOn (deny, warn or never) that it did not fail before.
func (c Change) Worse(failOn string) bool {
	if !c.ExceptionNeeded || c.New == nil {
		return false
	}
	switch failOn {
	case "warn":
		return rank(c.New.Decision) >= rank(model.Warn)
	case "deny":
		return rank(c.New.Decision) >= rank(model.Deny)
	}
	return false
}

// Summary counts the changes by kind; a module counts once per kind.
type Summary struct {
	Added              int `json:"added"`
	Removed            int `json:"removed"`
	Upgraded           int `json:"upgraded"`
	Downgraded         int `json:"downgraded"`
	VersionChanged     int `json:"version-changed"`
	LicenseChanged     int `json:"license-changed"`
	LicenseTextChanged int `json:"license-text-changed"`
	DecisionChanged    int `json:"decision-changed"`
	ExceptionsNeeded   int `json:"exceptions-needed"`
}

// Result is the comparison of two reports: the changes, sorted by main
// module and module path.
type Result struct {
	Summary Summary
	Changes []Change
}

// Worse returns the changes that fail a check at failOn and did not
// before, in the order of r.Changes.
func (r *Result) Worse(failOn string) []Change {
	var out []Change
	for _, c := range r.Changes {
		if c.Worse(failOn) {
			out = append(out, c)
		}
	}
	return out
}

// rank orders verdicts from best to worst; an absent module ranks 0.
func rank(v model.Verdict) int {
	switch v {
	case model.Allow:
		return 1
	case model.Warn:
		return 2
	case model.Deny:
		return 3
	}
	return 0
}

type key struct{ main, path string }

func index(doc *model.Document) map[key]*model.Module {
	m := make(map[key]*model.Module, len(doc.Modules))
	for _, mod := range doc.Modules {
		if mod != nil {
			m[key{mod.Main, mod.Path}] = mod
		}
	}
	return m
}

func state(m *model.Module) *State {
	s := &State{Version: m.Version}
	if d := m.Decision; d != nil {
		s.License, s.Decision, s.Rule = d.License, d.Verdict, d.Rule
	}
	return s
}

// Compute compares the modules of two reports, keyed by path (and main
// module in a monorepo report). Modules that did not change are left out.
func Compute(oldDoc, newDoc *model.Document) *Result {
	oldMods, newMods := index(oldDoc), index(newDoc)
	keys := make([]key, 0, len(oldMods)+len(newMods))
	for k := range oldMods {
		keys = append(keys, k)
	}
	for k := range newMods {
		if _, ok := oldMods[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b key) int {
		if c := strings.Compare(a.main, b.main); c != 0 {
			return c
		}
		return strings.Compare(a.path, b.path)
	})
	res := &Result{Changes: []Change{}}
	for _, k := range keys {
		c, changed := compare(k, oldMods[k], newMods[k])
		if !changed {
			continue
		}
		res.Changes = append(res.Changes, c)
		res.Summary.count(c)
	}
	return res
}

func (s *Summary) count(c Change) {
	for _, k := range c.Kinds {
		switch k {
		case Added:
			s.Added++
		case Removed:
			s.Removed++
		case Upgraded:
			s.Upgraded++
		case Downgraded:
			s.Downgraded++
		case VersionChanged:
			s.VersionChanged++
		case LicenseChanged:
			s.LicenseChanged++
		case LicenseTextChanged:
			s.LicenseTextChanged++
		case DecisionChanged:
			s.DecisionChanged++
		}
	}
	if c.ExceptionNeeded {
		s.ExceptionsNeeded++
	}
}

// compare returns the change of one module, and whether there is any.
func compare(k key, o, n *model.Module) (Change, bool) {
	c := Change{Main: k.main, Module: k.path}
	if o != nil {
		c.Old = state(o)
	}
	if n != nil {
		c.New = state(n)
	}
	switch {
	case o == nil:
		c.Kinds = append(c.Kinds, Added)
	case n == nil:
		c.Kinds = append(c.Kinds, Removed)
	default:
		if ov, nv := c.Old.Version, c.New.Version; ov != nv {
			switch {
			case !semver.IsValid(ov) || !semver.IsValid(nv):
				c.Kinds = append(c.Kinds, VersionChanged)
			case semver.Compare(ov, nv) < 0:
				c.Kinds = append(c.Kinds, Upgraded)
			case semver.Compare(ov, nv) > 0:
				c.Kinds = append(c.Kinds, Downgraded)
			default: // v1.0.0 and v1.0.0+meta: equal as semver, not as text
				c.Kinds = append(c.Kinds, VersionChanged)
			}
		}
		if c.Old.License != c.New.License {
			c.Kinds = append(c.Kinds, LicenseChanged)
		} else if c.Files = fileChanges(o, n); len(c.Files) > 0 {
			c.Kinds = append(c.Kinds, LicenseTextChanged)
		}
		if c.Old.Decision != c.New.Decision {
			c.Kinds = append(c.Kinds, DecisionChanged)
		}
	}
	if c.New != nil && rank(c.New.Decision) >= rank(model.Warn) {
		c.ExceptionNeeded = c.Old == nil || rank(c.New.Decision) > rank(c.Old.Decision)
	}
	return c, len(c.Kinds) > 0
}

// fileChanges lists the evidence files whose sha256 differs between the
// two records, by file name; files without a sha256 (not read) on both
// sides are not compared.
func fileChanges(o, n *model.Module) []FileChange {
	sums := func(m *model.Module) map[string]string {
		out := map[string]string{}
		if m.License == nil {
			return out
		}
		for _, e := range m.License.Evidence {
			if e.SHA256 != "" {
				out[e.File] = e.SHA256
			}
		}
		return out
	}
	os, ns := sums(o), sums(n)
	var files []string
	for f := range os {
		files = append(files, f)
	}
	for f := range ns {
		if _, ok := os[f]; !ok {
			files = append(files, f)
		}
	}
	slices.Sort(files)
	var out []FileChange
	for _, f := range files {
		if os[f] != ns[f] {
			out = append(out, FileChange{File: f, Old: os[f], New: ns[f]})
		}
	}
	return out
}
