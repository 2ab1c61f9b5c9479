package policy

import (
	"fmt"
	"sort"

	"github.com/ospo-scan/ospo-scan/internal/model"
	"github.com/ospo-scan/ospo-scan/internal/spdxexpr"
)

// Effective returns a module's effective license: declared (the detected
// or overridden expression) AND every license that a statement of a
// linked file gives and declared does not cover, each once; an OR a file
// offers stays an OR. A file's license is covered when declared names
// every license of one of its alternatives (an Apache-2.0 file in an
// "MIT OR Apache-2.0" module, a Go Authors BSD-3-Clause file in a
// BSD-3-Clause module). It also returns the statements not covered, in
// the order given. An unknown declared license stays unknown (""): a file
// tag does not license the rest of the module. A statement whose license
// does not parse is never covered, and joins the expression as written
// only when valid.
func Effective(declared string, files []model.FileLicense) (string, []model.FileLicense) {
	return effective(declared, files, spdxexpr.Parse)
}

// effective is Effective with the parser given (the evaluator's
// remembers each expression: a deep scan's hundreds of modules repeat a
// few licenses). Nothing it parses is changed.
func effective(declared string, files []model.FileLicense, parse func(string) (*spdxexpr.Expr, bool)) (string, []model.FileLicense) {
	d, ok := parse(declared)
	if !ok {
		d = nil
	}
	if len(files) == 0 {
		// Most modules: every linked file covered (compacted away).
		if d == nil {
			return "", nil
		}
		return declared, nil
	}
	cover := spdxexpr.NewCoverOf(d)
	var parts []*spdxexpr.Expr
	keys := map[string]bool{}
	if d != nil {
		parts = append(parts, d)
		keys[d.Key()] = true
	}
	var differ []model.FileLicense
	covered := map[string]bool{}
	for _, f := range files {
		e, ok := parse(f.License)
		if c, seen := covered[f.License]; seen && c || !seen && ok && cover.CoversExpr(e) {
			covered[f.License] = true
			continue
		}
		covered[f.License] = false
		differ = append(differ, f)
		if ok && !keys[e.Key()] {
			keys[e.Key()] = true
			parts = append(parts, e)
		}
	}
	if declared == "" || len(parts) == 0 {
		return "", differ
	}
	if len(parts) == 1 {
		return declared, differ
	}
	// The declared license first, then the files' licenses in a fixed
	// order (not the order of the files they were found in).
	extra := parts[1:]
	sort.SliceStable(extra, func(i, j int) bool { return extra[i].Key() < extra[j].Key() })
	var kids []*spdxexpr.Expr
	inAnd := map[string]bool{}
	for _, p := range parts {
		terms := []*spdxexpr.Expr{p}
		if p.Op == "AND" {
			terms = p.Kids
		}
		for _, t := range terms {
			if !inAnd[t.Key()] {
				inAnd[t.Key()] = true
				kids = append(kids, t)
			}
		}
	}
	return (&spdxexpr.Expr{Op: "AND", Kids: kids}).String(), differ
}

// setEffective sets the decision's effective license and differing files
// from its License (declared) and the module's deep scan; nothing when
// the deep scan did not run.
func setEffective(m *model.Module, d *model.Decision, parse func(string) (*spdxexpr.Expr, bool)) {
	d.Effective, d.Files = "", nil
	if m.Deep == nil {
		return
	}
	d.Effective, d.Files = effective(d.License, m.Deep.Files, parse)
}

// ruled returns the license the rules decide on: the effective one when
// the deep scan ran, else the declared one.
func ruled(d *model.Decision) string {
	if d.Effective != "" {
		return d.Effective
	}
	return d.License
}

// verdictOf returns the verdict the rules of a module's scope give a
// license.
func (ev *evaluator) verdictOf(m *model.Module, lic string) exprVerdict {
	if m.Scope == model.ScopeTest {
		return ev.testDecision(lic)
	}
	return ev.rulesFor(m.Scope).expression(lic)
}

// fileCause rewrites a module finding that a linked file caused (the
// declared license alone would have been decided better) to name the
// file, its line and its license: "x@v1: linked file z/asn1.go:3 is
// BSD-3-Clause (reference), module is Apache-2.0; ...".
func (ev *evaluator) fileCause(m *model.Module, d model.Decision, f *model.Finding) {
	if d.Exception != nil || len(d.Files) == 0 || d.License == "" || d.Effective == d.License {
		return
	}
	if rank(ev.verdictOf(m, d.License).v) >= rank(d.Verdict) {
		return
	}
	for _, file := range d.Files {
		v := ev.verdictOf(m, file.License)
		if rank(v.v) < rank(d.Verdict) {
			continue
		}
		f.Message = fmt.Sprintf("%s@%s: linked file %s:%d is %s (%s), module is %s; %s (%s) is %s by %s; to accept it, add an exception with a reason",
			m.Path, m.Version, file.File, file.Line, file.License, file.Kind, d.License, file.License, v.category, past(d.Verdict), renderRules(v.rules, v.capped))
		f.Evidence = fmt.Sprintf("%s:%d", file.File, file.Line)
		return
	}
}
