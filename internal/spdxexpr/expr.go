package spdxexpr

import (
	"slices"
	"strconv"
	"strings"
)

// This file holds the parser of SPDX expressions (the grammar go-spdx
// accepts: AND, OR, WITH in upper case, parentheses, ids with an optional
// "+"), the normalisation of deprecated ids to current SPDX, and the
// versions an "-or-later" id admits. It uses only the generated SPDX
// tables of this package and has no state.

// maxExprDepth and maxExprLeaves bound the expressions the engine reads; an
// expression beyond them is decided as category "other" (at least warn).
const (
	maxExprDepth  = 64
	maxExprLeaves = 256
)

// Expr is a parsed SPDX expression: a leaf (Op == "") or an AND/OR of Kids.
type Expr struct {
	Op   string // "", "AND" or "OR"
	Kids []*Expr
	// A leaf: license id (canonical SPDX spelling, or a LicenseRef as
	// written), plus for the "+" operator on an id that has no
	// -or-later form, and the exception id of a WITH.
	License   string
	Plus      bool
	Exception string
}

// id returns a leaf as a single SPDX id, "X WITH e" included.
func (e *Expr) ID() string {
	s := e.License
	if e.Plus {
		s += "+"
	}
	if e.Exception != "" {
		s += " WITH " + e.Exception
	}
	return s
}

// String renders the expression; nested operators other than the parent's
// are parenthesised.
func (e *Expr) String() string {
	if e.Op == "" {
		return e.ID()
	}
	parts := make([]string, len(e.Kids))
	for i, k := range e.Kids {
		parts[i] = k.String()
		if k.Op != "" && k.Op != e.Op {
			parts[i] = "(" + parts[i] + ")"
		}
	}
	return strings.Join(parts, " "+e.Op+" ")
}

// key renders the expression with the operands of every AND and OR sorted
// and deduplicated: two expressions with the same key admit the same
// licenses in the same way.
func (e *Expr) Key() string {
	if e.Op == "" {
		return e.ID()
	}
	parts := make([]string, len(e.Kids))
	for i, k := range e.Kids {
		parts[i] = k.Key()
		if k.Op != "" {
			parts[i] = "(" + parts[i] + ")"
		}
	}
	slices.Sort(parts)
	return strings.Join(slices.Compact(parts), " "+e.Op+" ")
}

// leafIDs returns the ids of the leaves, sorted, each once.
func (e *Expr) LeafIDs() []string {
	var out []string
	var walk func(*Expr)
	walk = func(n *Expr) {
		if n.Op == "" {
			out = append(out, n.ID())
			return
		}
		for _, k := range n.Kids {
			walk(k)
		}
	}
	walk(e)
	slices.Sort(out)
	return slices.Compact(out)
}

// satisfiedBy reports whether the expression can be licensed under the
// leaves in set.
func (e *Expr) SatisfiedBy(set map[string]bool) bool {
	switch e.Op {
	case "":
		return set[e.ID()]
	case "AND":
		for _, k := range e.Kids {
			if !k.SatisfiedBy(set) {
				return false
			}
		}
		return true
	}
	for _, k := range e.Kids {
		if k.SatisfiedBy(set) {
			return true
		}
	}
	return false
}

// Parse parses an SPDX expression and normalises its ids (see
// Normalize). It fails on a syntax error, an id that is neither
// an SPDX license id nor a LicenseRef, an unknown exception, or an
// expression beyond maxExprDepth or maxExprLeaves.
func Parse(s string) (*Expr, bool) {
	toks := tokens(s)
	if len(toks) == 0 || len(toks) > 4*maxExprLeaves {
		return nil, false
	}
	p := &exprParser{toks: toks}
	e, ok := p.or(0)
	if !ok || p.i != len(toks) || p.leaves > maxExprLeaves {
		return nil, false
	}
	return e, true
}

// tokens splits an expression into ids, operators and parentheses; it
// gives up (returns nil) past the number of tokens Parse reads.
func tokens(s string) []string {
	var toks []string
	start := -1
	for i := 0; i <= len(s); i++ {
		c := byte(' ')
		if i < len(s) {
			c = s[i]
		}
		switch c {
		case ' ', '\t', '\n', '\r', '\v', '\f', '(', ')':
			if start >= 0 {
				toks = append(toks, s[start:i])
				start = -1
			}
			if c == '(' || c == ')' {
				toks = append(toks, s[i:i+1])
			}
			if len(toks) > 4*maxExprLeaves {
				return nil
			}
		default:
			if start < 0 {
				start = i
			}
		}
	}
	return toks
}

type exprParser struct {
	toks   []string
	i      int
	leaves int
}

func (p *exprParser) peek() string {
	if p.i < len(p.toks) {
		return p.toks[p.i]
	}
	return ""
}

func (p *exprParser) or(depth int) (*Expr, bool) {
	return p.binary("OR", depth, p.and)
}

func (p *exprParser) and(depth int) (*Expr, bool) {
	return p.binary("AND", depth, p.with)
}

// binary parses operands joined by op, flattening nested ops of the same
// kind.
func (p *exprParser) binary(op string, depth int, operand func(int) (*Expr, bool)) (*Expr, bool) {
	first, ok := operand(depth)
	if !ok {
		return nil, false
	}
	if p.peek() != op {
		return first, true
	}
	n := &Expr{Op: op}
	add := func(k *Expr) {
		if k.Op == op {
			n.Kids = append(n.Kids, k.Kids...)
		} else {
			n.Kids = append(n.Kids, k)
		}
	}
	add(first)
	for p.peek() == op {
		p.i++
		k, ok := operand(depth)
		if !ok {
			return nil, false
		}
		add(k)
	}
	return n, true
}

func (p *exprParser) with(depth int) (*Expr, bool) {
	t := p.peek()
	if t == "(" {
		if depth >= maxExprDepth {
			return nil, false
		}
		p.i++
		e, ok := p.or(depth + 1)
		if !ok || p.peek() != ")" {
			return nil, false
		}
		p.i++
		return e, true
	}
	if t == "" || t == ")" || t == "AND" || t == "OR" || t == "WITH" {
		return nil, false
	}
	p.i++
	p.leaves++
	leaf, ok := normalizeLeaf(t)
	if !ok {
		return nil, false
	}
	if p.peek() == "WITH" {
		p.i++
		exc, ok := lowerExceptions[strings.ToLower(p.peek())]
		if !ok || leaf.Exception != "" {
			// An unknown exception, or a WITH on an id that is itself
			// a license with an exception.
			return nil, false
		}
		p.i++
		leaf.Exception = exc
	}
	return leaf, true
}

// deprecatedWith maps the deprecated SPDX ids that stand for a license with
// an exception (or a renamed license) to their current form, as the SPDX
// License List's deprecation notes give them. The deprecated GNU ids
// without a version suffix (GPL-2.0, LGPL-2.1+, AGPL-3.0, GFDL-1.3, ...)
// are handled by rule in normalizeLeaf: "X" is "X-only", "X+" is
// "X-or-later".
var deprecatedWith = map[string][2]string{
	"GPL-2.0-with-autoconf-exception":  {"GPL-2.0-only", "Autoconf-exception-2.0"},
	"GPL-2.0-with-bison-exception":     {"GPL-2.0-only", "Bison-exception-2.2"},
	"GPL-2.0-with-classpath-exception": {"GPL-2.0-only", "Classpath-exception-2.0"},
	"GPL-2.0-with-font-exception":      {"GPL-2.0-only", "Font-exception-2.0"},
	"GPL-2.0-with-GCC-exception":       {"GPL-2.0-only", "GCC-exception-2.0"},
	"GPL-3.0-with-autoconf-exception":  {"GPL-3.0-only", "Autoconf-exception-3.0"},
	"GPL-3.0-with-GCC-exception":       {"GPL-3.0-only", "GCC-exception-3.1"},
	"wxWindows":                        {"LGPL-2.0-or-later", "WxWindows-exception-3.1"},
	"eCos-2.0":                         {"GPL-2.0-or-later", "eCos-exception-2.0"},
	"StandardML-NJ":                    {"SMLNJ", ""},
	"Nunit":                            {"zlib-acknowledgement", ""},
	"bzip2-1.0.5":                      {"bzip2-1.0.6", ""},
	"BSD-2-Clause-NetBSD":              {"BSD-2-Clause", ""},
	"BSD-2-Clause-FreeBSD":             {"BSD-2-Clause-Views", ""},
}

// normalizeLeaf reads one license id token: canonical spelling, deprecated
// ids replaced by their current form, "+" folded into "-or-later" where
// the license has one.
func normalizeLeaf(t string) (*Expr, bool) {
	if licenseRefRE.MatchString(t) {
		return &Expr{License: t}, true
	}
	if c, ok := Canonical(t); ok {
		// Deprecated ids such as GPL-2.0+ are ids of their own.
		return CurrentForm(c, false), true
	}
	base, plus := strings.CutSuffix(t, "+")
	if !plus {
		return nil, false
	}
	c, ok := Canonical(base)
	if !ok {
		if licenseRefRE.MatchString(base) {
			return &Expr{License: base, Plus: true}, true
		}
		return nil, false
	}
	return CurrentForm(c, true), true
}

// CurrentForm returns the current SPDX form of a canonical license id,
// with the "+" operator when plus.
func CurrentForm(c string, plus bool) *Expr {
	if r, ok := deprecatedWith[c]; ok {
		e := &Expr{License: r[0], Exception: r[1]}
		if plus {
			e.License = orLater(e.License)
		}
		return e
	}
	if spdxLicenses[c].Deprecated {
		stem, wasPlus := strings.CutSuffix(c, "+")
		plus = plus || wasPlus
		if _, ok := spdxLicenses[stem+"-only"]; ok {
			c = stem + "-only"
		}
	}
	if plus {
		return &Expr{License: orLater(c), Plus: !hasOrLater(c)}
	}
	return &Expr{License: c}
}

// hasOrLater reports whether the license has an "-or-later" id.
func hasOrLater(c string) bool {
	_, ok := spdxLicenses[strings.TrimSuffix(c, "-only")+"-or-later"]
	return ok || strings.HasSuffix(c, "-or-later")
}

// orLater returns the -or-later id of a license that has one, else the id.
func orLater(c string) string {
	stem := strings.TrimSuffix(c, "-only")
	if _, ok := spdxLicenses[stem+"-or-later"]; ok {
		return stem + "-or-later"
	}
	return c
}

// Normalize returns an SPDX expression in current SPDX: ids in
// their canonical spelling, deprecated ids replaced by their current form
// ("GPL-2.0" is "GPL-2.0-only", "GPL-2.0+" is "GPL-2.0-or-later",
// "GPL-2.0-with-classpath-exception" is "GPL-2.0-only WITH
// Classpath-exception-2.0", "wxWindows" is "LGPL-2.0-or-later WITH
// WxWindows-exception-3.1", "eCos-2.0" is "GPL-2.0-or-later WITH
// eCos-exception-2.0", ...), and "X+" written "X-or-later" where SPDX has
// that id. An expression that needs no change is returned as given; one
// that cannot be read (see Parse) is returned as given with ok false.
// The function is pure: it reads only this package's SPDX tables.
func Normalize(s string) (norm string, ok bool) {
	e, ok := Parse(s)
	if !ok {
		return s, false
	}
	if sameTokens(s, e) {
		return s, true
	}
	return e.String(), true
}

// sameTokens reports whether normalising changed none of the ids of s, so
// that s (with its own parentheses) can be kept as written.
func sameTokens(s string, e *Expr) bool {
	var ids []string
	toks := tokens(s)
	for i := 0; i < len(toks); i++ {
		switch toks[i] {
		case "AND", "OR", "(", ")":
			continue
		}
		id := toks[i]
		if i+2 < len(toks) && toks[i+1] == "WITH" {
			id += " WITH " + toks[i+2]
			i += 2
		}
		ids = append(ids, id)
	}
	var leaves []string
	var walk func(*Expr)
	walk = func(n *Expr) {
		if n.Op == "" {
			leaves = append(leaves, n.ID())
			return
		}
		for _, k := range n.Kids {
			walk(k)
		}
	}
	walk(e)
	return slices.Equal(ids, leaves)
}

// LaterVersions returns the concrete ids an "-or-later" (or "+") license
// admits: the license's own version and every later published version of
// the same family, each as its "-only" id where SPDX has one, in version
// order. GPL-2.0-or-later admits GPL-2.0-only and GPL-3.0-only;
// LGPL-2.1-or-later LGPL-2.1-only and LGPL-3.0-only; AGPL-3.0-or-later only
// AGPL-3.0-only. A leaf that is no range returns nil.
func LaterVersions(lic string, plus bool) []string {
	stem, ok := strings.CutSuffix(lic, "-or-later")
	if !ok && !plus {
		return nil
	}
	stem = strings.TrimSuffix(stem, "-only")
	fam, ok := splitVersion(stem)
	if !ok {
		return []string{concrete(stem)}
	}
	vs := versionIndex[fam.family()]
	var out []string
	for _, v := range vs {
		if compareVersions(v.version, fam.version) >= 0 {
			out = append(out, v.id)
		}
	}
	if len(out) == 0 {
		return []string{concrete(stem)}
	}
	return out
}

// concrete returns the "-only" id of stem where SPDX has one.
func concrete(stem string) string {
	if _, ok := spdxLicenses[stem+"-only"]; ok {
		return stem + "-only"
	}
	return stem
}

// versioned is a license id split around its version: GFDL-1.3-invariants
// is name GFDL, version 1.3, rest -invariants.
type versioned struct {
	name, version, rest, id string
}

func (v versioned) family() string { return v.name + "\x00" + v.rest }

// splitVersion splits an id (without -only/-or-later) at its first
// version-like part.
func splitVersion(id string) (versioned, bool) {
	parts := strings.Split(id, "-")
	for i := 1; i < len(parts); i++ {
		if isVersion(parts[i]) {
			rest := ""
			if i+1 < len(parts) {
				rest = "-" + strings.Join(parts[i+1:], "-")
			}
			return versioned{name: strings.Join(parts[:i], "-"), version: parts[i], rest: rest, id: id}, true
		}
	}
	return versioned{}, false
}

// isVersion reports whether s looks like 1, 2.0, 1.3c.
func isVersion(s string) bool {
	if s == "" || s[0] < '0' || s[0] > '9' {
		return false
	}
	for i, c := range s {
		switch {
		case c >= '0' && c <= '9', c == '.':
		case c >= 'a' && c <= 'z' && i == len(s)-1:
		default:
			return false
		}
	}
	return true
}

// compareVersions compares dotted versions numerically, then by a
// trailing letter (1.3a < 1.3c).
func compareVersions(a, b string) int {
	na, la := splitLetter(a)
	nb, lb := splitLetter(b)
	pa, pb := strings.Split(na, "."), strings.Split(nb, ".")
	for i := 0; i < max(len(pa), len(pb)); i++ {
		var x, y int
		if i < len(pa) {
			x, _ = strconv.Atoi(pa[i])
		}
		if i < len(pb) {
			y, _ = strconv.Atoi(pb[i])
		}
		if x != y {
			return x - y
		}
	}
	return strings.Compare(la, lb)
}

func splitLetter(v string) (string, string) {
	if n := len(v); n > 0 && v[n-1] >= 'a' && v[n-1] <= 'z' {
		return v[:n-1], v[n-1:]
	}
	return v, ""
}

// versionIndex lists, per license family, its current concrete ids in
// version order (built once from the generated table).
var versionIndex = func() map[string][]versioned {
	m := map[string][]versioned{}
	for id, info := range spdxLicenses {
		if info.Deprecated || strings.HasSuffix(id, "-or-later") {
			continue
		}
		v, ok := splitVersion(strings.TrimSuffix(id, "-only"))
		if !ok {
			continue
		}
		v.id = id
		m[v.family()] = append(m[v.family()], v)
	}
	for _, vs := range m {
		slices.SortFunc(vs, func(a, b versioned) int {
			if c := compareVersions(a.version, b.version); c != 0 {
				return c
			}
			return strings.Compare(a.id, b.id)
		})
	}
	return m
}()

// SplitWith splits "X WITH e" into X and e.
func SplitWith(id string) (lic, exc string) {
	lic, exc, _ = strings.Cut(id, " WITH ")
	return lic, exc
}
