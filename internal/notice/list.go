package notice

import (
	"strings"
	"unicode"
)

// maxListItems bounds the items of a license list read.
const maxListItems = 8

// list reads a list of licenses, one per bulleted line, introduced by the
// statement that starts at token s and whose words after the verb start at
// token j: "under either:", "under one of the following licenses:", "is
// dual-licensed:", "under all of the following licenses:", "Licensed
// under either of" followed by bullets. The introducing sentence decides
// how the items combine: a choice ("either", "one of", "at your option",
// "dual", the items joined by "or") is OR, "all of" or "each of" is AND,
// and a sentence that says neither gives a match with no ID. It reports
// whether it read a list (of two items or more); the lines of the items
// are then the list's (listLines).
func (f *finder) list(s, j int, kind string) bool {
	quant := ""
	for n := 0; n < 4; n++ {
		switch w := f.tok(j); {
		case (w == "one" || w == "any" || w == "all" || w == "each") && f.tok(j+1) == "of":
			quant = w
			j += 2
		case w == "the" || w == "following" || w == "either" || w == "these":
			j++
		default:
			n = 4
		}
	}
	if w := f.tok(j); w == "license" || w == "licenses" || w == "terms" {
		j++
	}
	colon := f.tok(j) == ":"
	if colon {
		j++
	}
	if j >= len(f.toks) || f.toks[j].Line == f.toks[s].Line {
		// The licenses follow on the same line: a sentence, not a list.
		return false
	}
	if !colon && quant == "" && !f.bullet(f.toks[j].Line) {
		return false
	}
	var items []term
	or, and := false, false
	last := j
	for k := j; k < len(f.toks) && len(items) < maxListItems; {
		line := f.toks[k].Line
		if !f.bullet(line) {
			break
		}
		ls, le := f.lineTokens(line)
		t, ok := f.license(ls)
		if !ok || t.end > le {
			break
		}
		o, a, ok := f.itemRest(t.end, le)
		if !ok {
			break
		}
		or, and = or || o, and || a
		items = append(items, t)
		last = le - 1
		k = le
	}
	if len(items) < 2 {
		return false
	}
	if f.listLines == nil {
		f.listLines = map[int]bool{}
	}
	for _, t := range items {
		f.listLines[f.toks[t.start].Line] = true
	}
	if f.otherWorks(s) || f.hypothetical(s) {
		return true
	}
	m := Match{Kind: kind, Lines: [2]int{f.toks[s].Line, f.toks[last].Line}}
	var parts []*node
	var shown []string
	for _, t := range items {
		shown = append(shown, f.original(f.toks[t.start].Start, f.toks[t.end-1].End))
		if t.expr == "" {
			parts = nil
			break
		}
		n := parseExpr(t.expr)
		if n == nil {
			parts = nil
			break
		}
		parts = append(parts, n)
	}
	m.Original = strings.Join(shown, "; ")
	if len(m.Original) > 200 {
		m.Original = m.Original[:200]
	}
	choice := or && !and || quant == "one" || quant == "any" || f.choice(s, last)
	all := quant == "all" || quant == "each"
	switch {
	case parts == nil:
		m.Note = "lists licenses this package cannot all tell apart"
	case choice && !all:
		m.ID = join("OR", parts...).Compact()
	case all && !choice:
		m.ID = join("AND", parts...).Compact()
	default:
		m.Note = "lists several licenses without saying whether they are a choice"
	}
	f.add(m, false)
	return true
}

// itemRest reads the tokens [k, e) after the license of a list item: only
// punctuation, a connector to the next item ("or", "and", outside
// parentheses) and pointers to where the license is (file names, URLs,
// "see") may follow. ok is false when the item says more: it is not a
// license's name alone.
func (f *finder) itemRest(k, e int) (or, and, ok bool) {
	depth := 0
	for k < e {
		if n, isFile := f.fileName(k); isFile {
			k = n
			continue
		}
		switch w := f.tok(k); w {
		case "(":
			depth++
		case ")":
			depth--
		case "or":
			or = or || depth == 0
		case "and":
			and = and || depth == 0
		case ",", ".", ";", ":", "<url>", "see", "the", "file", "at", "in", "this", "repository", "directory":
		default:
			return false, false, false
		}
		k++
	}
	return or, and, true
}

// parenID reads an SPDX id in parentheses after a license's name, at
// t.end ("Apache License, version 2.0 (Apache-2.0)", "GNU General Public
// License, version 2.0 or later (GPL-2.0-or-later)"), and consumes it. The
// id names the license exactly: it gives the expression when the name
// alone does not ("BSD License (BSD-3-Clause)") and the GNU choice when
// the name's version was read -only by convention; an id that contradicts
// the name leaves the term unresolved. It reports whether it read one.
func (f *finder) parenID(t *term) bool {
	k := t.end
	if f.tok(k) != "(" {
		return false
	}
	e := k + 1
	for e < len(f.toks) && e < k+8 && f.tok(e) != ")" {
		e++
	}
	if f.tok(e) != ")" || e == k+1 {
		return false
	}
	raw := string(f.text[f.toks[k+1].Start:f.toks[e-1].End])
	if strings.IndexFunc(raw, unicode.IsSpace) >= 0 {
		return false
	}
	c := f.t.canonical(raw)
	if c == "" || strings.Contains(c, " ") {
		return false
	}
	t.end = e + 1
	switch {
	case t.expr == c:
	case t.expr == "":
		t.expr = c
	case (t.gnuConv || t.gnuDefault) && sameGNU(t.expr, c, t.gnuDefault):
		t.expr, t.gnuConv, t.gnuDefault = c, false, false
	default:
		t.expr = ""
	}
	return true
}

// sameGNU reports whether a GNU id read from a name and the id in
// parentheses after it are the same license and version (any version of
// the family when the name gave none: unversioned).
func sameGNU(name, id string, unversioned bool) bool {
	base := func(s string) string {
		return strings.TrimSuffix(strings.TrimSuffix(s, "-only"), "-or-later")
	}
	n, i := base(name), base(id)
	if !gnuFamilyRE.MatchString(n) || !gnuFamilyRE.MatchString(i) {
		return false
	}
	if unversioned {
		fam := func(s string) string { return s[:strings.IndexByte(s, '-')] }
		return fam(n) == fam(i)
	}
	return n == i
}

// closesID reports whether token e is the ")" after an SPDX id in
// parentheses ("(CC-BY-3.0)"; see parenID).
func (f *finder) closesID(e int) bool {
	if f.tok(e) != ")" {
		return false
	}
	for k := e - 1; k > 0 && k >= e-8; k-- {
		if f.tok(k) == "(" {
			if k+1 == e {
				return false
			}
			raw := string(f.text[f.toks[k+1].Start:f.toks[e-1].End])
			return strings.IndexFunc(raw, unicode.IsSpace) < 0 && f.t.canonical(raw) != ""
		}
	}
	return false
}
