package notice

import (
	"bytes"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/ospo-scan/ospo-scan/internal/notice/internal/phrase"
)

// Kinds of Match.
const (
	// KindTag is an SPDX-License-Identifier line.
	KindTag = "tag"
	// KindNotice is a sentence granting or stating the license: "Licensed
	// under ...", the GNU and MPL notices, a public-domain dedication.
	KindNotice = "notice"
	// KindReference names a license without stating a grant (a URL, a
	// "License:" field, a title line such as "MIT License", the Go
	// Authors' pointer to their LICENSE file) or only points at another
	// file ("see LICENSE"), in which case ID is empty.
	KindReference = "reference"
)

// MaxMatches bounds the matches Find returns for one text, so that the
// work done on a hostile input stays linear in its size.
const MaxMatches = 256

// PublicDomain is the ID of a public-domain dedication that names no
// license ("placed in the public domain"). It is a LicenseRef, not an SPDX
// id: SPDX has none for a bare dedication (ScanCode's equivalent is
// LicenseRef-scancode-public-domain).
const PublicDomain = "LicenseRef-public-domain"

// Match is one license statement found in a text.
type Match struct {
	// ID is a normalised SPDX expression of current ids (deprecated ids
	// are replaced: GPL-2.0+ becomes GPL-2.0-or-later), or "" when the
	// statement names no license this package can tell apart ("see
	// LICENSE", "under the BSD license", "dual licensed under A and B"
	// with A unknown).
	ID string
	// Kind is KindTag, KindNotice or KindReference.
	Kind string
	// Lines are the first and last line of the statement, 1-based.
	Lines [2]int
	// Original is what the text said, spaces collapsed: "GPL-2.0+", "the
	// GNU Lesser General Public License", a URL.
	Original string
	// Note says what a reader should know about the match, e.g. that it
	// refers to another file; empty when there is nothing to add.
	Note string
}

// tables is the vocabulary: the generated SPDX tables merged with the
// hand-written aliases, built once.
type tables struct {
	lowerID  map[string]string // lower-case id -> canonical id (licenses)
	lowerExc map[string]string // lower-case id -> canonical id (exceptions)
	names    map[string]string // phrase.Words key -> expression
	families map[string]map[string]string
	maxWords int
}

var vocab = sync.OnceValue(func() *tables {
	t := &tables{
		lowerID:  map[string]string{},
		lowerExc: map[string]string{},
		names:    map[string]string{},
		families: spdxFamilies,
	}
	for id := range spdxLicenseIDs {
		t.lowerID[strings.ToLower(id)] = id
	}
	for id := range spdxExceptionIDs {
		t.lowerExc[strings.ToLower(id)] = id
	}
	for k, v := range spdxNames {
		t.names[k] = v
	}
	for k, v := range aliases {
		t.names[k] = v
	}
	for k := range t.names {
		t.maxWords = max(t.maxWords, strings.Count(k, " ")+1)
	}
	for k := range t.families {
		t.maxWords = max(t.maxWords, strings.Count(k, " ")+1)
	}
	return t
})

// canonical returns the current expression for an SPDX license id written
// in any case, with "+" (or later) applied; "" when the id is unknown or
// deprecated without a safe replacement.
func (t *tables) canonical(id string) string {
	plus := strings.HasSuffix(id, "+")
	c, ok := t.lowerID[strings.ToLower(id)]
	if ok {
		// GPL-2.0+ is itself a (deprecated) id.
		plus = false
	} else {
		c, ok = t.lowerID[strings.ToLower(strings.TrimSuffix(id, "+"))]
	}
	if !ok {
		return ""
	}
	if spdxLicenseIDs[c] {
		c = deprecatedIDs[c]
		if c == "" {
			return ""
		}
	}
	if plus {
		if g, ok := gnuOrLater(c); ok {
			return g
		}
		return c + "+"
	}
	return c
}

// gnuOrLater turns GPL-2.0-only or GPL-2.0 into GPL-2.0-or-later.
func gnuOrLater(id string) (string, bool) {
	if !gnuFamilyRE.MatchString(id) {
		return "", false
	}
	id = strings.TrimSuffix(id, "-only")
	id = strings.TrimSuffix(id, "-or-later")
	return id + "-or-later", true
}

var gnuFamilyRE = regexp.MustCompile(`^(A|L)?GPL-|^GFDL-`)

// Find returns the license statements of text that are not whole license
// texts, in order of their first line. It never fails: what it cannot read
// it leaves out. At most MaxMatches are returned.
func Find(text []byte) []Match {
	ms, _ := find(text)
	return ms
}

// find is Find, also returning the number of tokens and of token reads.
func find(text []byte) ([]Match, [2]int) {
	f := &finder{text: text, low: phrase.Lower(text), t: vocab()}
	f.tags()
	f.tokenize()
	f.statements()
	f.titles()
	return f.result(), [2]int{len(f.toks), f.steps}
}

type finder struct {
	text    []byte
	low     string // phrase.Lower(text)
	t       *tables
	toks    []phrase.Token
	urls    map[int]string // token index -> URL
	lines   []int          // byte offset of each line start
	matches []Match
	weak    map[int]bool // indexes of matches that give way to others
	urlAt   map[int]bool // indexes of matches read from a URL
	// choiceFrom is the line from which a declared choice applies ("this
	// software is available under 2 licenses, choose whichever you
	// prefer"); 0 when none.
	choiceFrom int
	// steps counts token reads: the work done, which tests bound.
	steps int
	// modified is set when a notice names a license with an exception or
	// modification: a URL of the base license then says too much.
	modified bool
	// listLines are the lines of the items of license lists read (see
	// list): their titles and URLs are part of the list's statement.
	listLines map[int]bool
	// key is the buffer in which name and gnu join words to look them
	// up (a map index by string(key) does not allocate).
	key []byte
}

func (f *finder) full() bool { return len(f.matches) >= MaxMatches }

func (f *finder) add(m Match, weak bool) {
	if f.full() {
		return
	}
	if weak {
		if f.weak == nil {
			f.weak = map[int]bool{}
		}
		f.weak[len(f.matches)] = true
	}
	f.matches = append(f.matches, m)
}

// original returns text[start:end] with runs of space collapsed.
func (f *finder) original(start, end int) string {
	s := strings.Join(strings.Fields(string(f.text[start:end])), " ")
	if len(s) > 200 {
		s = s[:200]
	}
	return s
}

var tagRE = regexp.MustCompile(`(?i)spdx-license-identifier\s*:\s*([^\n]*)`)

// tags finds SPDX-License-Identifier lines.
func (f *finder) tags() {
	const key = "spdx-license-identifier"
	line, counted := 1, 0
	for from := 0; !f.full(); {
		i := strings.Index(f.low[from:], key)
		if i < 0 {
			return
		}
		i += from
		ls := strings.LastIndexByte(f.low[:i], '\n') + 1
		le := strings.IndexByte(f.low[i:], '\n')
		if le < 0 {
			le = len(f.low)
		} else {
			le += i
		}
		from = le
		m := tagRE.FindSubmatchIndex(f.text[i:le])
		if m == nil {
			continue
		}
		raw := string(f.text[i+m[2] : i+m[3]])
		for _, stop := range []string{"*/", "-->", "--}", "\"", "`", "'", "]", "|", ";", ","} {
			if k := strings.Index(raw, stop); k >= 0 {
				raw = raw[:k]
			}
		}
		raw = strings.TrimSpace(raw)
		raw = strings.TrimRight(raw, ".,;*#")
		line += strings.Count(f.low[counted:ls], "\n")
		counted = ls
		f.add(Match{ID: f.tagExpr(raw), Kind: KindTag, Lines: [2]int{line, line}, Original: raw}, false)
	}
}

// tagExpr returns the canonical expression of a tag's value, or "" when
// any id in it is unknown.
func (f *finder) tagExpr(raw string) string {
	toks := exprFields(raw)
	if len(toks) == 0 || len(toks) > 64 {
		return ""
	}
	out := make([]string, 0, len(toks))
	for i := 0; i < len(toks); i++ {
		tk := toks[i]
		switch u := strings.ToUpper(tk); {
		case tk == "(" || tk == ")":
			out = append(out, tk)
		case u == "AND" || u == "OR":
			out = append(out, u)
		case u == "WITH":
			if i+1 >= len(toks) {
				return ""
			}
			e, ok := f.t.lowerExc[strings.ToLower(toks[i+1])]
			if !ok || spdxExceptionIDs[e] {
				return ""
			}
			i++
			out = append(out, "WITH", e)
		case strings.HasPrefix(u, "LICENSEREF-") || strings.HasPrefix(u, "DOCUMENTREF-"):
			if !licenseRefRE.MatchString(tk) {
				return ""
			}
			out = append(out, tk)
		default:
			c := f.t.canonical(tk)
			if c == "" {
				return ""
			}
			if strings.Contains(c, " WITH ") {
				c = "(" + c + ")"
			}
			out = append(out, c)
		}
	}
	// "GPL-2.0-with-classpath-exception" became "(X WITH Y)": WITH binds
	// tighter than AND and OR, so the parentheses can go.
	s := strings.ReplaceAll(strings.Join(out, " "), "( ", "(")
	s = strings.ReplaceAll(s, " )", ")")
	n := parseExpr(s)
	if n == nil {
		return ""
	}
	return n.Compact()
}

var licenseRefRE = regexp.MustCompile(`^(DocumentRef-[A-Za-z0-9.-]+:)?LicenseRef-[A-Za-z0-9.-]+$`)

// urlHint reports whether a line may hold a URL or a markdown link.
func urlHint(l []byte) bool {
	for _, h := range []string{"](", "://", "www.", ".org/", ".net/", ".com/", ".io/"} {
		if bytes.Contains(l, []byte(h)) {
			return true
		}
	}
	return false
}

// isURL reports whether a space-free field looks like a URL.
func isURL(s string) bool {
	if strings.Contains(s, "://") || strings.HasPrefix(s, "www.") {
		return true
	}
	for _, d := range []string{".org/", ".net/", ".com/", ".io/"} {
		if i := strings.Index(s, d); i > 0 {
			return true
		}
	}
	return false
}

// spans finds the URLs and markdown link targets of a line (offsets in
// the line): a URL is a space-free run holding "://", "www." or a domain
// and a slash, without the brackets and punctuation around it; a link
// target is the "(...)" after "]".
func spans(l []byte) [][2]int {
	var out [][2]int
	for i := 0; i < len(l); {
		for i < len(l) && (l[i] == ' ' || l[i] == '\t' || l[i] == '\r') {
			i++
		}
		j := i
		for j < len(l) && l[j] != ' ' && l[j] != '\t' && l[j] != '\r' {
			j++
		}
		field := string(l[i:j])
		// Link targets first: "[MIT](LICENSE)", "[x](https://...)".
		k := 0
		for {
			p := strings.Index(field[k:], "](")
			if p < 0 {
				break
			}
			p += k
			q := strings.IndexByte(field[p+2:], ')')
			if q < 0 {
				q = len(field) - p - 2
			}
			out = append(out, [2]int{i + p + 1, i + p + 2 + q + min(1, len(field)-p-2-q)})
			k = p + 2 + q
		}
		if k == 0 && isURL(field) {
			s, e := 0, len(field)
			for s < e && strings.IndexByte("<([{\"'*_`", field[s]) >= 0 {
				s++
			}
			for e > s && strings.IndexByte(">)]}\"'.,;:*_`", field[e-1]) >= 0 {
				e--
			}
			if e > s {
				out = append(out, [2]int{i + s, i + e})
			}
		}
		i = j
	}
	return out
}

// tokenize splits the text into words; URLs become single tokens whose
// text is "<url>", and markdown link targets that are not URLs are left
// out.
func (f *finder) tokenize() {
	f.urls = map[int]string{}
	f.toks = make([]phrase.Token, 0, len(f.text)/6+1)
	line := 1
	for start := 0; start <= len(f.text); {
		end := bytes.IndexByte(f.text[start:], '\n')
		if end < 0 {
			end = len(f.text)
		} else {
			end += start
		}
		f.lines = append(f.lines, start)
		l := f.text[start:end]
		pos := start
		if urlHint(l) {
			for _, m := range spans(l) {
				s, e := start+m[0], start+m[1]
				f.toks = phrase.Append(f.toks, f.text, f.low, pos, s, line)
				u := string(f.text[s:e])
				if strings.HasPrefix(u, "(") {
					u = strings.TrimSuffix(u[1:], ")")
					if !isURL(u) {
						u = ""
					}
				}
				if u != "" {
					f.urls[len(f.toks)] = u
					f.toks = append(f.toks, phrase.Token{Text: "<url>", Start: s, End: e, Line: line})
				}
				pos = e
			}
		}
		f.toks = phrase.Append(f.toks, f.text, f.low, pos, end, line)
		line++
		start = end + 1
	}
}

func (f *finder) tok(i int) string {
	f.steps++
	if i >= 0 && i < len(f.toks) {
		return f.toks[i].Text
	}
	return ""
}

// statements runs the grammar from every trigger word.
func (f *finder) statements() {
	goAuthors := strings.Contains(f.low, "go authors")
	for i := 0; i < len(f.toks) && !f.full(); i++ {
		switch f.toks[i].Text {
		case "under":
			if f.tok(i+1) == "same" || f.tok(i+2) == "same" {
				f.sameTerms(i)
				continue
			}
			f.statement(i, i+1, KindNotice)
		case "by":
			if p := f.tok(i - 1); p == "governed" || p == "covered" {
				if f.goNotice(i, goAuthors) {
					continue
				}
				f.statement(i-1, i+1, KindNotice)
			}
		case "to":
			if f.tok(i-1) == "subject" {
				f.statement(i-1, i+1, KindNotice)
			}
		case "licensed", "relicensed":
			f.choiceDeclaration(i)
			switch f.tok(i + 1) {
			case "under", "to", "by":
			case "as":
				f.statement(i, i+2, KindNotice)
			default:
				f.statement(i, i+1, KindNotice)
				f.before(i)
			}
		case "license", "licenses", "licensing":
			if f.toks[i].Start > 0 && f.text[f.toks[i].Start-1] == '@' && f.tok(i+1) != ":" {
				// A doc comment tag: "@license MIT".
				f.statement(i, i+1, KindReference)
				continue
			}
			if f.tok(i+1) == ":" && (i == 0 || f.toks[i-1].Line != f.toks[i].Line) && !f.codeLine(f.toks[i].Line) {
				f.fieldChoice(i)
				f.statement(i, i+2, KindReference)
			}
		case "retain", "retains", "keep", "keeps":
			// "files ported from libyaml keep the MIT license".
			j := i + 1
			for n := 0; n < 3 && (f.tok(j) == "their" || f.tok(j) == "its" || f.tok(j) == "the" || f.tok(j) == "original"); n++ {
				j++
			}
			if t, ok := f.license(j); ok && t.expr != "" && (f.tok(t.end-1) == "license" || f.tok(t.end-1) == "licenses") {
				f.statement(i, j, KindNotice)
			}
		case "available", "offered", "distributed":
			f.choiceDeclaration(i)
		case "public":
			if f.tok(i+1) == "domain" {
				f.publicDomain(i)
			}
		case "waived", "waives", "waive":
			f.waiver(i)
		case "<url>":
			f.url(i)
		case "see", "in", "read":
			f.seeFile(i)
		case "blessing":
			if f.tok(i-1) == "a" && f.tok(i-2) == "is" && f.tok(i-3) == "here" && f.tok(i-5) == "notice" {
				f.add(Match{ID: "blessing", Kind: KindNotice, Lines: [2]int{f.toks[i-5].Line, f.toks[i].Line}, Original: f.original(f.toks[i-5].Start, f.toks[i].End)}, false)
			}
		}
	}
}

// term is one license named in a statement.
type term struct {
	expr       string // "" when named but not resolved
	start, end int    // token range
	gnuDefault bool   // an unversioned GNU name read by convention
	gnuConv    bool   // a GNU version read -only by convention (no "only", no "or later")
}

var fillers = map[string]bool{
	"the": true, "a": true, "an": true, "terms": true, "of": true, "conditions": true,
	"either": true, "both": true, "its": true, "their": true, "open": true, "source": true,
	"opensource": true, "liberal": true, "permissive": true, "standard": true, "following": true,
	"provisions": true, "popular": true, "very": true, "simple": true, "your": true, "choice": true,
}

// statement reads the license(s) named from token j on (after a trigger
// starting at token s).
func (f *finder) statement(s, j int, kind string) {
	if f.inString(s) {
		return
	}
	for k := 0; k < 6 && f.filler(j); k++ {
		if f.tok(j) == "terms" && f.tok(j+1) == "and" && f.tok(j+2) == "conditions" {
			j += 2
		}
		j++
	}
	if f.list(s, j, kind) {
		return
	}
	eitherOf := false
	for k := max(s, j-3); k < j; k++ {
		if (f.tok(k) == "either" || f.tok(k) == "one" || f.tok(k) == "any") && f.tok(k+1) == "of" {
			eitherOf = true
		}
	}
	var terms []term
	sawOr, sawAnd, sawComma := false, false, false
	for len(terms) < 8 {
		t, ok := f.license(j)
		if !ok {
			break
		}
		terms = append(terms, t)
		j = t.end
		// A connector and the next license, if any.
		k, or, and, comma := j, false, false, false
	connector:
		for ; k < len(f.toks) && k < j+16; k++ {
			if n, ok := f.fileName(k); ok {
				k = n - 1
				continue
			}
			switch f.tok(k) {
			case "or":
				or = true
			case "and":
				and = true
			case ",", "/":
				comma = true
			case "as", "shown", "found", "at", "<url>", "(", ")",
				"the", "a", "an", "under", "terms", "of", "either", "licensed", "dual", "license", "licenses":
			default:
				break connector
			}
		}
		for k > j && (f.tok(k-1) == "the" || f.tok(k-1) == "terms" || f.tok(k-1) == "of" || f.tok(k-1) == "a" || f.tok(k-1) == "an" || f.tok(k-1) == "under" || f.tok(k-1) == "licensed" || f.tok(k-1) == "dual" || f.tok(k-1) == "either") {
			// fillers before the next license are read by license().
			k--
		}
		if !(or || and || comma) && eitherOf && k < len(f.toks) && f.toks[k].Line > f.toks[j-1].Line {
			// "Licensed under either of\n * Apache ...\n * MIT ...": a
			// list of alternatives, one per line.
			or = true
		}
		if k == j || !(or || and || comma) {
			break
		}
		if next, ok := f.license(f.skipFill(k)); !ok || next.expr == "" && !or && !and {
			break
		}
		sawOr, sawAnd, sawComma = sawOr || or, sawAnd || and, sawComma || comma
		j = f.skipFill(k)
	}
	if len(terms) == 0 || f.otherWorks(s) || f.hypothetical(s) {
		return
	}
	first, last := terms[0].start, terms[len(terms)-1].end-1
	shown := last
	for shown > first && (f.tok(shown) == "<url>" || f.tok(shown) == ")" || f.tok(shown) == "(") && !f.closesID(shown) {
		// Original is the name, not the links after it; an SPDX id in
		// parentheses is part of the name.
		shown--
	}
	m := Match{Kind: kind, Lines: [2]int{f.toks[s].Line, f.toks[last].Line}, Original: f.original(f.toks[first].Start, f.toks[shown].End)}
	resolved := true
	var parts []*node
	for _, t := range terms {
		if t.expr == "" {
			resolved = false
			break
		}
		n := parseExpr(t.expr)
		if n == nil {
			resolved = false
			break
		}
		parts = append(parts, n)
	}
	if resolved && len(parts) == 1 && parts[0].Op == "" && parts[0].Exception == "" {
		if exc, end, ok := f.withException(last + 1); ok {
			// "under the Apache License v2.0 with LLVM Exceptions".
			m.ID = parts[0].ID() + " WITH " + exc
			m.Lines[1] = f.toks[end-1].Line
			f.add(m, false)
			return
		}
	}
	if resolved && f.exceptionNear(last) {
		m.Note = "names an exception this package does not read"
		resolved = false
		f.modified = true
	}
	if resolved {
		switch {
		case len(parts) == 1:
			m.ID = parts[0].Compact()
		case sawOr && !sawAnd:
			m.ID = join("OR", parts...).Compact()
		case f.choice(s, last):
			m.ID = join("OR", parts...).Compact()
		default:
			_ = sawComma
			m.Note = "names several licenses without saying whether they are a choice"
		}
	}
	weak := len(terms) == 1 && terms[0].gnuDefault
	f.add(m, weak)
}

// inString reports whether token i sits inside a string literal of a
// program (an odd number of double quotes before it on its line): code that
// handles license strings states no license.
func (f *finder) inString(i int) bool {
	n := f.toks[i].Line
	ls := f.lines[n-1]
	if strings.Count(f.low[ls:f.toks[i].Start], "\"")%2 == 0 {
		return false
	}
	l := f.lineText(n)
	return strings.ContainsAny(l, "={};") || strings.HasSuffix(l, "\",") || strings.HasSuffix(l, "\")") || strings.HasSuffix(l, "\" +")
}

// hypothetical reports whether the statement at token s is a condition or
// a question, not a statement: "checks whether the code is licensed
// under the GPL", "if it is distributed under ...", "is not licensed
// under".
func (f *finder) hypothetical(s int) bool {
	for i := s - 1; i >= 0 && i >= s-6; i-- {
		switch f.tok(i) {
		case "whether", "if", "unless", "not", "detect", "detects", "check", "checks", "determine", "determines", "assume", "assumes", "when", "never":
			return true
		case ".", ";", ":":
			return false
		}
	}
	return false
}

// otherWorks reports whether the statement at token s is about other
// works than the text's own ("libraries licensed under the LGPL",
// "dependencies distributed under ...").
func (f *finder) otherWorks(s int) bool {
	for i := s - 1; i >= 0 && i >= s-3; i-- {
		switch f.tok(i) {
		case "libraries", "components", "dependencies", "packages", "modules", "projects", "programs", "works", "party":
			return true
		case ".", ",", ";":
			return false
		}
	}
	return false
}

func (f *finder) skipFill(k int) int {
	for n := 0; n < 6 && f.filler(k); n++ {
		k++
	}
	return k
}

// filler reports whether token k may stand between a verb and a license
// name ("under the terms of the", "under an open source").
func (f *finder) filler(k int) bool {
	if f.tok(k) == "open" {
		return f.tok(k+1) == "source"
	}
	return fillers[f.tok(k)]
}

// choice reports whether the sentence around tokens s..e says its licenses
// are alternatives ("dual licensed", "at your option", "either", "choice").
func (f *finder) choice(s, e int) bool {
	lo, hi := max(0, s-15), min(len(f.toks), e+25)
	for i := s - 1; i >= lo; i-- {
		if f.tok(i) == "." {
			lo = i
			break
		}
	}
	for i := lo; i < hi; i++ {
		switch f.tok(i) {
		case "dual", "dually", "either", "choice", "choose", "option", "alternatively", "multi", "whichever", "pick":
			return true
		case ".":
			if i > e {
				return false
			}
		}
	}
	return false
}

// withException reads "with (the) LLVM Exception(s)", "with Classpath
// exception 2.0" at token k: an SPDX exception named by its SPDX name. It
// returns the exception id and the token after the name.
func (f *finder) withException(k int) (string, int, bool) {
	if f.tok(k) != "with" {
		return "", 0, false
	}
	k++
	for n := 0; n < 2 && (f.tok(k) == "the" || f.tok(k) == "a" || f.tok(k) == "an"); n++ {
		k++
	}
	var key strings.Builder
	id, end := "", 0
	for j := k; j < len(f.toks) && j < k+8; j++ {
		w := f.tok(j)
		if w == "exceptions" {
			w = "exception"
		}
		if len(w) == 1 && !isAlnum(w[0]) {
			break
		}
		if key.Len() > 0 {
			key.WriteByte(' ')
		}
		key.WriteString(w)
		if e, ok := spdxExceptionNames[key.String()]; ok {
			id, end = e, j+1
		}
	}
	return id, end, id != ""
}

// exceptionNear reports whether an exception is named right after token e,
// in the same sentence: a GPL "with the classpath exception" is not the
// GPL alone.
func (f *finder) exceptionNear(e int) bool {
	for i := e + 1; i < len(f.toks) && i < e+12; i++ {
		switch f.tok(i) {
		case ".":
			return false
		case "exception", "exceptions", "modification", "modifications", "amendment", "amendments", "additional":
			return true
		}
	}
	return false
}

// choiceDeclaration reads "available under 2 licenses -- choose whichever
// you prefer", "dual-licensed; pick the one you like": a choice declared
// before the licenses are named, each in its own section below. The
// licenses the text then names are alternatives (see result).
func (f *finder) choiceDeclaration(i int) {
	j := i + 1
	if f.tok(j) != "under" {
		return
	}
	j++
	switch f.tok(j) {
	case "2", "two", "3", "three", "multiple", "several":
	default:
		return
	}
	if f.tok(j+1) != "licenses" {
		return
	}
	for k := j + 2; k < len(f.toks) && k < j+12; k++ {
		switch f.tok(k) {
		case "choose", "choice", "pick", "whichever", "either", "option", "prefer":
			f.choiceFrom = f.toks[i].Line
			return
		}
	}
}

// fieldChoice reads a "License:" field that declares a choice before
// naming the licenses ("License: pick the one which suits you: GPL v3
// ..., APL v2 ..."): the licenses named from there are alternatives.
func (f *finder) fieldChoice(i int) {
	for k := i + 2; k < len(f.toks) && k < i+8 && f.toks[k].Line == f.toks[i].Line; k++ {
		switch f.tok(k) {
		case "pick", "choose", "choice", "whichever", "either":
			if f.choiceFrom == 0 {
				f.choiceFrom = f.toks[i].Line
			}
			return
		}
	}
}

// before reads "MIT licensed", "Apache-2.0 licensed": a license named just
// before token i ("licensed").
func (f *finder) before(i int) {
	for s := i - 1; s >= 0 && s >= i-6; s-- {
		if f.toks[s].Line < f.toks[i].Line-1 {
			return
		}
		t, ok := f.license(s)
		if ok && t.end == i && t.expr != "" {
			if s > 0 && (f.tok(s-1) == "not" || f.tok(s-1) == "be") {
				return
			}
			p, next := f.tok(s-1), f.tok(i+1)
			if (p == "a" || p == "an" || p == "any" || p == "other") && next != "" && isLetter(next[0]) {
				// "uses an MIT-licensed library": an adjective.
				return
			}
			f.add(Match{ID: t.expr, Kind: KindNotice, Lines: [2]int{f.toks[s].Line, f.toks[i].Line}, Original: f.original(f.toks[s].Start, f.toks[i-1].End)}, t.gnuDefault)
			return
		}
	}
}

// license reads one license name at token i, with its version and "or
// later" phrase and the words that may follow a name ("license", "(the
// License)", "(MIT)", a URL). ok is false when no license is named there;
// a name that is license-like but ambiguous ("the BSD license") gives a
// term with an empty expr.
func (f *finder) license(i int) (term, bool) {
	for n := 0; n < 3 && (f.tok(i) == "the" || f.tok(i) == "a" || f.tok(i) == "an"); n++ {
		i++
	}
	if i >= len(f.toks) {
		return term{}, false
	}
	t, ok := f.gnu(i)
	if !ok {
		t, ok = f.name(i)
	}
	if !ok {
		// "the BSD license", "an Apache license": license-like, unresolved.
		for k := i; k < i+3 && k < len(f.toks); k++ {
			w := f.tok(k)
			if f.toks[k].Text == "license" && k > i {
				for x := i; x < k; x++ {
					if notName[f.tok(x)] {
						return term{}, false
					}
				}
				raw := f.text[f.toks[k].Start:f.toks[k].End]
				if bytes.Equal(raw, bytes.ToUpper(raw)) || f.tok(k+1) == "file" {
					// LICENSE is a file name.
					return term{}, false
				}
				t := term{start: i, end: k + 1}
				f.parenID(&t)
				return t, true
			}
			if len(w) == 1 && !isAlnum(w[0]) || w == "<url>" {
				break
			}
		}
		return term{}, false
	}
	if t.expr != "" && f.continued(t.end) {
		// "the W3C Software License": the name goes on past the id it
		// starts with, so it is another license.
		t.expr = ""
	}
	f.tail(&t)
	return t, true
}

// continued reports whether the words from token k on continue a license
// name: one to three more words, then "license".
func (f *finder) continued(k int) bool {
	words := 0
	for n := 0; n < 5; n++ {
		if x := k + n; x > 0 && x < len(f.toks) && f.toks[x].Line != f.toks[x-1].Line && f.bullet(f.toks[x].Line) {
			// The next item of a list ("- MIT License\n- Apache
			// License 2.0"), not more of the name.
			return false
		}
		w := f.tok(k + n)
		if w == "license" {
			return words > 0
		}
		if w == "software" || w == "source" || w == "code" {
			// "the MIT software license" is the MIT license.
			continue
		}
		words++
		if w == "" || !isLetter(w[0]) || continuationStop[w] {
			return false
		}
	}
	return false
}

var continuationStop = map[string]bool{
	"or": true, "and": true, "as": true, "version": true, "the": true, "a": true, "an": true, "of": true,
	"to": true, "under": true, "for": true, "with": true, "in": true, "see": true, "is": true, "by": true,
	"this": true, "that": true, "which": true, "its": true, "terms": true, "licensed": true,
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' }

// notName are words that do not start a license's name: "see the
// license", "this license", "the same license".
var notName = map[string]bool{
	"see": true, "read": true, "refer": true, "this": true, "that": true, "same": true, "your": true,
	"our": true, "its": true, "their": true, "following": true, "other": true, "original": true, "full": true,
	"complete": true, "in": true, "of": true, "and": true, "or": true, "any": true, "each": true, "such": true,
	"specific": true, "separate": true, "included": true, "accompanying": true, "respective": true,
	"applicable": true, "corresponding": true, "different": true, "compatible": true, "project": true,
	"whole": true, "entire": true, "appropriate": true, "relevant": true, "which": true, "whose": true,
	"under": true, "by": true, "with": true, "for": true, "to": true, "is": true, "are": true, "no": true, "not": true,
	"open": true, "source": true, "free": true, "software": true, "a": true, "an": true, "my": true, "his": true, "her": true,
}

func isAlnum(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' }

// tail consumes what may follow a license name.
func (f *finder) tail(t *term) {
	for n := 0; n < 4; n++ {
		k := t.end
		if e, ok := f.fileName(k); ok {
			// "MIT license <LICENSE-MIT or ...>".
			t.end = e
			continue
		}
		switch f.tok(k) {
		case "license", "licenses", "agreement":
			t.end++
			continue
		case "<url>":
			t.end++
			continue
		case "(":
			if f.parenID(t) {
				// "(Apache-2.0)", "(GPL-2.0-or-later)".
				continue
			}
			// "(the License)", "(MIT)", "(the "License")", "(http://...)".
			e := k + 1
			for e < len(f.toks) && e < k+14 && f.tok(e) != ")" {
				e++
			}
			if f.tok(e) != ")" {
				return
			}
			inner := f.toks[k+1 : e]
			if len(inner) == 1 && len(inner[0].Text) <= 8 && isAlnum(inner[0].Text[0]) && !versionRE.MatchString(inner[0].Text) {
				// An acronym: "(UPL)", "(EPL)".
				t.end = e + 1
				if versionRE.MatchString(f.tok(t.end)) {
					t.end++
				}
				continue
			}
			okInner := true
			for _, x := range inner {
				switch x.Text {
				case "the", "license", "<url>", "software", "mit", "bsd", "apache", "2.0", "expat", "simplified", "new", "revised", "modified", "3", "2", "clause", "isc", "mpl", "asl", "apl", "v2", "alv2":
				default:
					okInner = false
				}
			}
			if !okInner && !f.pointers(k+1, e) {
				return
			}
			t.end = e + 1
			continue
		}
		return
	}
}

// fileName reads a license file's name at token k ("LICENSE-APACHE",
// "COPYING", "LICENSE.txt"): upper case in the text, pieces joined by
// '-', '_' or '.'. It returns the token after it.
func (f *finder) fileName(k int) (int, bool) {
	if k >= len(f.toks) {
		return 0, false
	}
	switch f.toks[k].Text {
	case "license", "licenses", "copying", "unlicense", "notice":
	default:
		return 0, false
	}
	raw := f.text[f.toks[k].Start:f.toks[k].End]
	if !bytes.Equal(raw, bytes.ToUpper(raw)) {
		return 0, false
	}
	e := k + 1
	for e < len(f.toks) && f.toks[e].Start == f.toks[e-1].End+1 && bytes.IndexByte([]byte("-_."), f.text[f.toks[e-1].End]) >= 0 {
		e++
	}
	if f.tok(e) == "." && (f.tok(e+1) == "txt" || f.tok(e+1) == "md") {
		e += 2
	}
	return e, true
}

// pointers reports whether tokens s..e only point at where the license
// is: file names, URLs, "or", "see" ("(LICENSE-MIT or
// http://opensource.org/licenses/MIT)").
func (f *finder) pointers(s, e int) bool {
	seen := false
	for k := s; k < e; {
		if n, ok := f.fileName(k); ok {
			k, seen = n, true
			continue
		}
		switch f.tok(k) {
		case "<url>":
			seen = true
		case "or", "and", "see", "the", "file", "at", ",", ".", ":", "in", "this", "repository", "directory":
		default:
			return false
		}
		k++
	}
	return seen
}

// name reads an SPDX name or id, an alias, or a family name followed by a
// version, at token i; the longest reading wins.
func (f *finder) name(i int) (term, bool) {
	key := f.key[:0]
	best := term{}
	found := false
	for j := i; j < len(f.toks) && j < i+f.t.maxWords; j++ {
		w := f.tok(j)
		if w == "+" || w == "<url>" || len(w) == 1 && !isAlnum(w[0]) {
			break
		}
		if w == "the" {
			continue
		}
		if len(key) > 0 {
			key = append(key, ' ')
		}
		key = append(key, w...)
		if id, ok := f.t.names[string(key)]; ok {
			best, found = term{expr: id, start: i, end: j + 1}, true
		}
		if vs, ok := f.t.families[string(key)]; ok {
			if id, end, ok := f.version(vs, j+1); ok && end > best.end {
				best, found = term{expr: id, start: i, end: end}, true
			} else if !found || j+1 > best.end {
				if !ok && end == -1 {
					// A version that is not one of the family's.
					best, found = term{start: i, end: j + 1}, true
				} else if !found {
					// A family named without a version ("Apache License"):
					// ambiguous, license-like.
					best, found = term{start: i, end: j + 1}, true
				}
			}
		}
	}
	f.key = key[:0]
	if found && best.expr != "" && !strings.HasSuffix(best.expr, "+") && endsInVersion(best.expr) {
		if e, ok := f.later(best.end); ok {
			best.expr += "+"
			best.end = e
		}
	}
	if found && best.expr != "" && !strings.HasSuffix(best.expr, "+") && endsInVersion(best.expr) && f.tok(best.end) == "+" {
		// "MPL-2.0+" is not a GNU family; keep the SPDX "+" operator. An
		// unversioned license has no later versions: "MIT License+" is
		// MIT.
		best.expr += "+"
		best.end++
	}
	return best, found
}

// endsInVersion reports whether an id ends in a version number.
func endsInVersion(id string) bool {
	return id != "" && id[len(id)-1] >= '0' && id[len(id)-1] <= '9' && strings.Contains(id, "-")
}

var versionRE = regexp.MustCompile(`^v?[0-9]+(\.[0-9]+)*[a-z]?$`)

// version reads ", version 2.0", "v2", "(v. 2.0)" at token j and resolves it
// in vs. end is -1 when a version is written but is not in vs.
func (f *finder) version(vs map[string]string, j int) (id string, end int, ok bool) {
	k := j
	for n := 0; n < 4; n++ {
		switch f.tok(k) {
		case ",", "(", "version", "v", "ver", ".", "license":
			k++
			continue
		}
		break
	}
	v := f.tok(k)
	if !versionRE.MatchString(v) {
		return "", 0, false
	}
	v = strings.TrimPrefix(v, "v")
	end = k + 1
	if f.tok(end) == ")" && f.tok(j) == "(" {
		end++
	}
	for _, c := range []string{v, v + ".0", strings.TrimSuffix(v, ".0")} {
		if id, ok := vs[c]; ok {
			if e, ok := f.later(end); ok {
				// "either version 1.3 of this license or (at your
				// option) any later version": SPDX's "+".
				return id + "+", e, true
			}
			return id, end, true
		}
	}
	return "", -1, false
}

// later reads an "or later" phrase at token k, after a version: "or
// later", "or any later version", "(or any later version)", "of the
// License, or (at your option) any later version".
func (f *finder) later(k int) (int, bool) {
	for n := 0; n < 12 && k < len(f.toks); n++ {
		switch f.tok(k) {
		case "of", "this", "the", "license", ",", "(", ")", "at", "your", "option", "any":
			k++
			continue
		case "or", "and":
			k++
			for m := 0; m < 8; m++ {
				switch f.tok(k) {
				case "(", ")", "at", "your", "option", "any", ",":
					k++
					continue
				}
				break
			}
			switch f.tok(k) {
			case "later", "newer", "higher", "greater", "above":
				k++
				if f.tok(k) == "version" || f.tok(k) == "versions" {
					k++
				}
				if f.tok(k) == ")" {
					k++
				}
				return k, true
			}
			return 0, false
		}
		return 0, false
	}
	return 0, false
}

// gnuFamilies are the GNU license names, as words, and the family they
// name.
var gnuNames = map[string]string{
	"gnu general public": "GPL", "general public": "GPL", "gnu public": "GPL", "gpl": "GPL", "gnu gpl": "GPL",
	"gnu lesser general public": "LGPL-lesser", "lesser general public": "LGPL-lesser", "lesser gnu general public": "LGPL-lesser", "gnu lesser public": "LGPL-lesser",
	"gnu library general public": "LGPL", "library general public": "LGPL", "lgpl": "LGPL", "gnu lgpl": "LGPL",
	"gnu lesser gpl": "LGPL-lesser", "gnu library gpl": "LGPL", "lesser gpl": "LGPL-lesser",
	"gnu affero general public": "AGPL-gnu", "affero general public": "AGPL", "agpl": "AGPL", "gnu agpl": "AGPL-gnu", "gnu affero gpl": "AGPL-gnu",
	"gnu free documentation": "GFDL", "gfdl": "GFDL", "gnu fdl": "GFDL", "free documentation": "GFDL",
}

var gnuVersions = map[string][]string{
	"GPL": {"1.0", "2.0", "3.0"}, "LGPL": {"2.0", "2.1", "3.0"}, "AGPL": {"1.0", "3.0"}, "GFDL": {"1.1", "1.2", "1.3"},
}

// gnuDefaults are the ids of a GNU family named without a version: "or
// later" from the first version the name can mean (SPDX and ScanCode's
// reading of an unversioned reference; never a guess of a version).
var gnuDefaults = map[string]string{
	"GPL": "GPL-1.0-or-later", "LGPL": "LGPL-2.0-or-later", "LGPL-lesser": "LGPL-2.1-or-later",
	"AGPL": "AGPL-1.0-or-later", "AGPL-gnu": "AGPL-3.0-or-later", "GFDL": "GFDL-1.1-or-later",
}

var compactGNU = regexp.MustCompile(`^(a|l)?gpl(v)?([0-9](\.[0-9])?)$`)

// gnu reads a GNU license name with its versions and "or later" phrase.
func (f *finder) gnu(i int) (term, bool) {
	start := i
	var versions []string
	// "version 2 of the GNU General Public License".
	if f.tok(i) == "version" && versionRE.MatchString(f.tok(i+1)) && f.tok(i+2) == "of" {
		versions = append(versions, strings.TrimPrefix(f.tok(i+1), "v"))
		i += 3
		if f.tok(i) == "the" {
			i++
		}
	}
	fam, end := "", 0
	if m := compactGNU.FindStringSubmatch(f.tok(i)); m != nil {
		fam = strings.ToUpper(m[1]) + "GPL"
		versions = append(versions, m[3])
		end = i + 1
	} else {
		key := f.key[:0]
		for j := i; j < len(f.toks) && j < i+4; j++ {
			if len(key) > 0 {
				key = append(key, ' ')
			}
			key = append(key, f.tok(j)...)
			if fm, ok := gnuNames[string(key)]; ok {
				fam, end = fm, j+1
			}
		}
		f.key = key[:0]
	}
	if fam == "" {
		return term{}, false
	}
	base := strings.Split(fam, "-")[0]
	if f.tok(end) == "license" || f.tok(end) == "licenses" {
		end++
	}
	// Versions and "or later", up to the end of the sentence.
	later, only := false, false
	k := end
	for n := 0; n < 30 && k < len(f.toks); n++ {
		w := f.tok(k)
		switch {
		case w == "as" && f.tok(k+1) == "published":
			k += 2
			for n2 := 0; n2 < 6 && k < len(f.toks); n2++ {
				if x := f.tok(k); x == "by" || x == "the" || x == "free" || x == "software" || x == "foundation" || x == "inc" {
					k++
					continue
				}
				break
			}
			continue
		case w == "," || w == ";" || w == "(" || w == ")" || w == "either" || w == "version" || w == "v" || w == "ver" || w == "versions" || w == "-" || w == "of" || w == "the" || w == "license" || w == "at" || w == "your" || w == "option" || w == ":":
			if w == "license" && k > end && f.tok(k-1) != "the" {
				// "GPL 2.0 license"
			}
			k++
			continue
		case w == "under" && f.tok(k+1) == "version":
			k++
			continue
		case w == "." && (f.tok(k-1) == "v" || f.tok(k-1) == "ver"):
			k++
			continue
		case versionRE.MatchString(w) && (len(versions) == 0 || f.tok(k-1) == "or" || f.tok(k-1) == "version" || f.tok(k-1) == "," || f.tok(k-1) == "v" || f.tok(k-1) == "(" || f.tok(k-1) == "."):
			versions = append(versions, strings.TrimPrefix(w, "v"))
			k++
			end = k
			continue
		case w == "+":
			later = true
			k++
			end = k
			continue
		case w == "only":
			only = true
			k++
			end = k
			continue
		case w == "or" || w == "and":
			// "or later", "or any later version", "or (at your option) any
			// later version", "or newer", "and later"; "or version 3".
			x := k + 1
			for n2 := 0; n2 < 8 && x < len(f.toks); n2++ {
				if y := f.tok(x); y == "(" || y == ")" || y == "at" || y == "your" || y == "option" || y == "any" || y == "," {
					x++
					continue
				}
				break
			}
			if y := f.tok(x); y == "later" || y == "newer" || y == "higher" || y == "greater" || y == "above" {
				later = true
				k = x + 1
				if f.tok(k) == "version" || f.tok(k) == "versions" {
					k++
				}
				end = k
				continue
			}
			if w == "or" && len(versions) > 0 && (f.tok(x) == "version" || versionRE.MatchString(f.tok(x))) {
				k = x
				continue
			}
		}
		break
	}
	if len(versions) == 0 {
		return term{expr: gnuDefaults[fam], start: start, end: end, gnuDefault: true}, true
	}
	inv := ""
	if base == "GFDL" {
		inv = f.invariants(end)
	}
	var parts []*node
	for _, v := range versions {
		if !strings.Contains(v, ".") {
			v += ".0"
		}
		okV := false
		for _, x := range gnuVersions[base] {
			okV = okV || x == v
		}
		if !okV {
			return term{start: start, end: end}, true
		}
		suffix := "-only"
		if later && !only {
			suffix = "-or-later"
		}
		parts = append(parts, &node{License: base + "-" + v + inv + suffix})
	}
	return term{expr: join("OR", parts...).Compact(), start: start, end: end, gnuConv: !later && !only}, true
}

// invariants reads the GFDL's "with the Invariant Sections being ..."
// after token e: a notice that names invariant sections is one of SPDX's
// GFDL-x-invariants ids. "With no Invariant Sections" keeps the plain id
// (the corpus convention: the plain GFDL id is the license; SPDX's
// -no-invariants ids add nothing a reviewer acts on).
func (f *finder) invariants(e int) string {
	for i := e; i < len(f.toks) && i < e+40; i++ {
		if f.tok(i) == "invariant" && f.tok(i+1) == "sections" {
			if f.tok(i+2) == "being" && f.tok(i-1) != "no" {
				return "-invariants"
			}
			return ""
		}
	}
	return ""
}

// BSDStyleNote is the note of a reference to "a BSD-style license" in
// another file, without the Go Authors: the match has no ID (the variant
// is not stated).
const BSDStyleNote = "a BSD-style license in another file; the clause count is not stated"

// goNotice reads "Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file" at "by" (token i).
func (f *finder) goNotice(i int, goAuthors bool) bool {
	j := i + 1
	if f.tok(j) == "a" || f.tok(j) == "an" || f.tok(j) == "the" {
		j++
	}
	if f.tok(j) != "bsd" || f.tok(j+1) != "style" {
		return false
	}
	e := j + 2
	for n := 0; n < 16 && e < len(f.toks) && f.tok(e) != "."; n++ {
		e++
	}
	if e >= len(f.toks) {
		e = len(f.toks) - 1
	}
	m := Match{Kind: KindReference, Lines: [2]int{f.toks[i].Line, f.toks[e].Line}, Original: f.original(f.toks[j].Start, f.toks[min(j+2, e)].End)}
	sentence := f.text[f.toks[i].Start:f.toks[e].End]
	lower := bytes.ToLower(sentence)
	if goAuthors || bytes.Contains(lower, []byte("license-go")) || bytes.Contains(lower, []byte("golang.org/license")) || bytes.Contains(lower, []byte("go distribution")) || bytes.Contains(lower, []byte("go source")) {
		m.ID = "BSD-3-Clause"
		m.Note = "the Go Authors' notice: refers to the BSD-3-Clause text in another file (LICENSE)"
	} else {
		m.Note = BSDStyleNote
	}
	f.add(m, false)
	return true
}

// sameTerms reads "under the same terms as Perl itself" / "as X".
func (f *finder) sameTerms(i int) {
	j := i + 1
	for n := 0; n < 4 && f.tok(j) != "as"; n++ {
		j++
	}
	if f.tok(j) != "as" {
		return
	}
	j++
	if f.tok(j) == "perl" {
		f.add(Match{ID: "Artistic-1.0-Perl OR GPL-1.0-or-later", Kind: KindNotice, Lines: [2]int{f.toks[i].Line, f.toks[j].Line}, Original: f.original(f.toks[i].Start, f.toks[j].End),
			Note: "Perl's terms: the Artistic License or the GPL, version 1 or later"}, false)
		return
	}
	f.statement(i, j, KindNotice)
}

// waiver reads CC0's waiver at "waived" (token i): "the person who
// associated CC0 with this work has waived all copyright and related or
// neighboring rights to this work". It is CC0-1.0 when its sentence
// names CC0, or when it waives "related or neighboring rights", the CC0
// legal code's own words; any other waiver says nothing.
func (f *finder) waiver(i int) {
	s, e := i, i
	for k := i - 1; k >= 0 && k >= i-20 && f.tok(k) != "."; k-- {
		s = k
	}
	for k := i + 1; k < len(f.toks) && k <= i+20 && f.tok(k) != "."; k++ {
		e = k
	}
	cc0, neighboring := false, false
	for k := s; k <= e; k++ {
		switch f.tok(k) {
		case "cc0":
			cc0 = true
		case "not", "no", "never":
			if k < i && k >= i-3 {
				return // "has not waived"
			}
		case "neighboring", "neighbouring":
			neighboring = k > i && f.tok(k-1) == "or" && f.tok(k-2) == "related"
		}
	}
	if !cc0 && !neighboring {
		return
	}
	f.add(Match{ID: "CC0-1.0", Kind: KindNotice, Lines: [2]int{f.toks[s].Line, f.toks[e].Line}, Original: f.original(f.toks[s].Start, f.toks[e].End)}, false)
}

// publicDomain reads a public-domain dedication at "public domain"
// (token i).
func (f *finder) publicDomain(i int) {
	s := i
	prep := false
	switch {
	case f.tok(i-1) == "the" && (f.tok(i-2) == "in" || f.tok(i-2) == "into" || f.tok(i-2) == "to"):
		s, prep = i-2, true
	case f.tok(i-1) == "in" || f.tok(i-1) == "into" || f.tok(i-1) == "to":
		s, prep = i-1, true
	case (f.tok(i-1) == "is" || f.tok(i-1) == "are") && f.tok(i-2) != "not":
		// "This file is public domain."
		s, prep = i, true
	}
	if !prep {
		f.publicDomainLabel(i)
		return
	}
	verb := false
	for k := s - 1; k >= 0 && k >= s-10; k-- {
		if s == i {
			verb = true
			break
		}
		switch f.tok(k) {
		case "not", "no", "never":
			if k >= s-3 {
				// "is not in the public domain"; a "no" further back
				// belongs to something else ("with no warranty").
				return
			}
		case "placed", "released", "dedicated", "dedicate", "dedicates", "put", "committed", "contributed", "given",
			"is", "are", "be", "been", "was", "were", "hereby", "falls", "fall", "remains", "lies", "belongs", "donated", "rights",
			"place", "places", "placing", "release", "releases", "releasing", "dedicating", "putting", "donate", "contribute":
			verb = true
		case ".":
			k = -1
		}
	}
	if !verb {
		return
	}
	id := PublicDomain
	if f.tok(s-1) == "released" && f.tok(s-2) == "software" && f.tok(s-3) == "unencumbered" {
		id = "Unlicense"
	}
	f.add(Match{ID: id, Kind: KindNotice, Lines: [2]int{f.toks[s].Line, f.toks[i+1].Line}, Original: f.original(f.toks[max(0, s-3)].Start, f.toks[i+1].End)}, false)
}

// publicDomainLabel reads "public domain" used as a label: "Public
// Domain." alone on a line, "Written by X, Public Domain", "License:
// Public Domain", "Nuklear - v1.32.0 - public domain".
func (f *finder) publicDomainLabel(i int) {
	line := f.toks[i].Line
	if n := f.tok(i + 2); i+2 < len(f.toks) && f.toks[i+2].Line == line && n != "." && n != ")" && n != "," {
		return
	}
	s, e := f.lineTokens(line)
	_ = e
	if i-s > 8 {
		return
	}
	for k := s; k < i; k++ {
		switch f.tok(k) {
		case "not", "no", "the", "in", "into", "to", "a", "of", "from", "based", "on", "uses", "using", "derived":
			return
		}
	}
	f.add(Match{ID: PublicDomain, Kind: KindReference, Lines: [2]int{line, line}, Original: f.original(f.toks[i].Start, f.toks[i+1].End)}, false)
}

var (
	gnuURLRE = regexp.MustCompile(`^gnu\.org/licenses/(?:old-licenses/)?(gpl|lgpl|agpl|fdl)-([0-9]\.[0-9])(?:-standalone)?$`)
	osiURLRE = regexp.MustCompile(`^opensource\.org/licenses?/([a-z0-9.+-]+)$`)
	spdxURL  = regexp.MustCompile(`^spdx\.org/licenses/([a-z0-9.+-]+?)(?:\.json)?$`)
	ccURLRE  = regexp.MustCompile(`^creativecommons\.org/licenses/(by(?:-nc)?(?:-nd|-sa)?)/([0-9]\.[0-9])(?:/([a-z]{2}))?(?:/legalcode(?:\.[a-z]+)?|/deed\.[a-z]+)?$`)
	ccZero   = regexp.MustCompile(`^creativecommons\.org/publicdomain/zero/1\.0(?:/legalcode(?:\.[a-z]+)?|/deed\.[a-z]+)?$`)
	apURLRE  = regexp.MustCompile(`^apache\.org/licenses/license-([0-9]\.[0-9])$`)
	mozURLRE = regexp.MustCompile(`^mozilla\.org/(?:en-us/)?mpl/([0-9]\.[0-9])(?:/index)?$`)
	mitOrg   = regexp.MustCompile(`^([a-z0-9-]+\.)*mit-license\.org(/.*)?$`)
)

// urlLicense returns the license a URL names, and whether it is a GNU
// license page (which names a version but not the -only/-or-later choice).
func (f *finder) urlLicense(u string) (string, bool) {
	k := phrase.NormURL(u)
	if id, ok := spdxURLs[k]; ok {
		return id, gnuFamilyRE.MatchString(id)
	}
	if m := gnuURLRE.FindStringSubmatch(k); m != nil {
		fam := strings.ToUpper(m[1])
		if fam == "FDL" {
			fam = "GFDL"
		}
		id := fam + "-" + m[2] + "-only"
		if _, ok := spdxLicenseIDs[id]; ok {
			return id, true
		}
		return "", false
	}
	if m := apURLRE.FindStringSubmatch(k); m != nil {
		return spdxFamilies["apache"][m[1]], false
	}
	if m := mozURLRE.FindStringSubmatch(k); m != nil {
		return spdxFamilies["mpl"][m[1]], false
	}
	if m := ccURLRE.FindStringSubmatch(k); m != nil {
		id := "CC-" + strings.ToUpper(m[1]) + "-" + m[2]
		if m[3] != "" {
			id += "-" + strings.ToUpper(m[3])
		}
		if dep, ok := spdxLicenseIDs[id]; ok && !dep {
			return id, false
		}
		return "", false
	}
	if ccZero.MatchString(k) {
		return "CC0-1.0", false
	}
	if mitOrg.MatchString(k) {
		return "MIT", false
	}
	for _, re := range []*regexp.Regexp{osiURLRE, spdxURL} {
		if m := re.FindStringSubmatch(k); m != nil {
			id := strings.TrimSuffix(m[1], "-license")
			switch id {
			case "mit":
				return "MIT", false
			case "apache2.0":
				return "Apache-2.0", false
			}
			c := f.t.canonical(id)
			if c == "" {
				return "", false
			}
			return c, gnuFamilyRE.MatchString(c) && !strings.HasSuffix(id, "+") && !strings.HasSuffix(id, "-only") && !strings.HasSuffix(id, "-or-later")
		}
	}
	return "", false
}

// url records a license URL at token i as a reference.
func (f *finder) url(i int) {
	u := f.urls[i]
	id, gnu := f.urlLicense(u)
	if id == "" {
		return
	}
	if f.urlAt == nil {
		f.urlAt = map[int]bool{}
	}
	f.urlAt[len(f.matches)] = true
	f.add(Match{ID: id, Kind: KindReference, Lines: [2]int{f.toks[i].Line, f.toks[i].Line}, Original: u}, gnu)
}

// seeFile reads "see LICENSE", "see the COPYING file", "in the LICENSE
// file": a pointer to another file, which names no license by itself.
func (f *finder) seeFile(i int) {
	for k := i + 1; k < len(f.toks) && k <= i+4; k++ {
		w := f.tok(k)
		if w == "license" || w == "copying" || w == "licenses" || w == "unlicense" {
			raw := f.text[f.toks[k].Start:f.toks[k].End]
			upper := bytes.Equal(raw, bytes.ToUpper(raw))
			if !upper && f.tok(k+1) != "file" && f.tok(k+1) != "." {
				return
			}
			if !upper && f.tok(k+1) == "." && !(f.tok(k+2) == "txt" || f.tok(k+2) == "md") {
				return
			}
			f.add(Match{Kind: KindReference, Lines: [2]int{f.toks[i].Line, f.toks[k].Line}, Original: f.original(f.toks[i].Start, f.toks[k].End),
				Note: "refers to another file for the license"}, false)
			return
		}
		if w != "the" && w != "file" && w != "our" && w != "accompanying" && w != "included" && w != "top" && w != "level" && w != "root" && w != "bundled" && w != "attached" && w != "provided" && w != "supplied" {
			return
		}
	}
}

// titles reads lines that are only a license name: "MIT License", "The
// MIT License (MIT)", "Apache License, Version 2.0", and a name alone on
// the first line under a "License" heading ("MIT", "[Apache 2.0](LICENSE)").
func (f *finder) titles() {
	lineStart := 0
	prevHeading := false
	for lineStart < len(f.toks) && !f.full() {
		line := f.toks[lineStart].Line
		lineEnd := lineStart
		for lineEnd < len(f.toks) && f.toks[lineEnd].Line == line {
			lineEnd++
		}
		heading := f.isHeading(lineStart, lineEnd)
		if !heading && !f.listLines[line] {
			f.title(lineStart, lineEnd, prevHeading)
		}
		prevHeading = heading
		lineStart = lineEnd
	}
}

// codeLine reports whether line n looks like code rather than prose or
// a comment: a title or a "License:" field there is a string in a
// program ("License: \"Apache License 2.0\","), not a statement.
func (f *finder) codeLine(n int) bool {
	return strings.ContainsAny(f.lineText(n), "\"={};")
}

// bullet reports whether line n is a list item ("- ", "* ", "+ ", "• ",
// in a comment or not).
func (f *finder) bullet(n int) bool {
	l := strings.TrimLeft(f.lineText(n), "/#; \t")
	for _, b := range []string{"- ", "* ", "+ ", "• "} {
		if strings.HasPrefix(l, b) {
			return true
		}
	}
	return false
}

// listItemAmongOthers reports whether line n is a list item next to an
// item (the line before or after) that does not start with a license's
// name: the list is about other things than licenses.
func (f *finder) listItemAmongOthers(n int) bool {
	if !f.bullet(n) {
		return false
	}
	for _, o := range []int{n - 1, n + 1} {
		if !f.bullet(o) {
			continue
		}
		s, e := f.lineTokens(o)
		if s >= e {
			continue
		}
		if t, ok := f.license(s); !ok || t.expr == "" {
			return true
		}
	}
	return false
}

// lineText returns line n (1-based) without surrounding space.
func (f *finder) lineText(n int) string {
	if n < 1 || n > len(f.lines) {
		return ""
	}
	e := len(f.text)
	if n < len(f.lines) {
		e = f.lines[n] - 1
	}
	return strings.TrimSpace(string(f.text[f.lines[n-1]:e]))
}

// lineTokens returns the token range of line n, found from a token on it.
func (f *finder) lineTokens(n int) (int, int) {
	i := sort.Search(len(f.toks), func(i int) bool { return f.toks[i].Line >= n })
	j := i
	for j < len(f.toks) && f.toks[j].Line == n {
		j++
	}
	return i, j
}

func (f *finder) isHeading(s, e int) bool {
	has := false
	for k := s; k < e; k++ {
		switch f.tok(k) {
		case "license", "licenses", "licensing":
			has = true
		case "copyright", "and", "legal", "information", "info", ":":
		default:
			return false
		}
	}
	return has
}

func (f *finder) title(s, e int, afterHeading bool) {
	if f.tok(s) == "license" && f.tok(s+1) == "(" && f.tok(e-1) == ")" {
		// "## License (MIT)".
		if t, ok := f.license(s + 2); ok && t.end == e-1 && t.expr != "" {
			f.add(Match{ID: t.expr, Kind: KindReference, Lines: [2]int{f.toks[s].Line, f.toks[s].Line}, Original: f.original(f.toks[t.start].Start, f.toks[t.end-1].End)}, t.gnuDefault)
		}
		return
	}
	// The last sentence of a line may be a title too: "Copyright (c) The
	// Jaeger Authors. [Apache 2.0 License](./LICENSE)."
	for k := e - 2; k > s; k-- {
		if f.tok(k) == "." && f.tok(k+1) != "." {
			if f.titleAt(k+1, e, afterHeading) {
				return
			}
			break
		}
	}
	f.titleAt(s, e, afterHeading)
}

func (f *finder) titleAt(s, e int, afterHeading bool) bool {
	if f.choiceFrom > 0 && (f.tok(s) == "alternative" || f.tok(s) == "option") && s+2 < e && len(f.tok(s+1)) == 1 {
		// "ALTERNATIVE A - MIT License" under a declared choice.
		s += 2
	}
	if f.codeLine(f.toks[s].Line) {
		return false
	}
	if s > 0 && f.toks[s-1].Line == f.toks[s].Line-1 && f.lineText(f.toks[s].Line-1) != "" {
		// A continued sentence, not a title: the line before ends
		// without a full stop.
		if p := f.tok(s - 1); p != "." && p != ":" && !f.isHeading(f.lineTokens(f.toks[s-1].Line)) {
			return false
		}
	}
	t, ok := f.license(s)
	if !ok {
		return false
	}
	if !afterHeading && f.listItemAmongOthers(f.toks[s].Line) {
		// "- Apache-2.0 license." in a changelog's list of added
		// files: an item of a list about other things, not a title.
		return false
	}
	end := t.end
	// Allow a tail pointing elsewhere: "MIT License, see LICENSE".
	if end < e {
		w := f.tok(end)
		if w == "," || w == "." || w == ":" || w == "-" {
			end++
		}
		switch f.tok(end) {
		case "see", "read", "refer", "please", "copyright", "for", "same", "as", "(", "":
			// A pointer, a comparison or a remark: "MIT License, see
			// LICENSE", "New BSD License (same as psutil)".
			end = e
		case "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december":
			// "Apache License Version 2.0, January 2004".
			end = e
		}
		if f.tok(end) == "<url>" && end+1 == e {
			end = e
		}
	}
	if end != e {
		return false
	}
	hasLicense := false
	for k := s; k < e; k++ {
		if w := f.tok(k); w == "license" || w == "licensed" {
			hasLicense = true
		}
	}
	if !hasLicense && !afterHeading {
		return false
	}
	f.add(Match{ID: t.expr, Kind: KindReference, Lines: [2]int{f.toks[s].Line, f.toks[s].Line}, Original: f.original(f.toks[t.start].Start, f.toks[t.end-1].End)}, t.gnuDefault)
	return true
}

// result drops matches that give way to stronger ones and duplicates, and
// sorts the rest.
func (f *finder) result() []Match {
	families := map[string]bool{} // GNU families named by a strong match
	pdLicense := false
	for i, m := range f.matches {
		if m.ID == "CC0-1.0" || m.ID == "Unlicense" || m.ID == "blessing" || m.ID == "NIST-PD" {
			pdLicense = true
		}
		if f.weak[i] {
			continue
		}
		for _, fam := range gnuFamiliesOf(m.ID) {
			families[fam] = true
		}
	}
	var out []Match
	seen := map[Match]bool{}
	for i, m := range f.matches {
		if f.weak[i] {
			drop := false
			for _, fam := range gnuFamiliesOf(m.ID) {
				drop = drop || families[fam]
			}
			if drop {
				continue
			}
		}
		if m.ID == PublicDomain && pdLicense || f.modified && f.urlAt[i] || f.urlAt[i] && f.listLines[m.Lines[0]] {
			continue
		}
		if seen[m] {
			continue
		}
		seen[m] = true
		out = append(out, m)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Lines[0] < out[j].Lines[0] })
	if f.choiceFrom > 0 {
		out = f.offerChoice(out)
	}
	return out
}

// offerChoice joins with OR the licenses named after a declared choice,
// into one match that replaces them.
func (f *finder) offerChoice(ms []Match) []Match {
	var keep []Match
	var parts []*node
	choice := Match{Kind: KindNotice, Note: "the text offers a choice among the licenses it names"}
	for _, m := range ms {
		if m.ID == "" || m.Kind == KindTag || m.Lines[0] < f.choiceFrom {
			keep = append(keep, m)
			continue
		}
		if choice.Lines[0] == 0 {
			choice.Lines[0] = m.Lines[0]
			choice.Original = m.Original
		} else {
			choice.Original += "; " + m.Original
		}
		choice.Lines[1] = max(choice.Lines[1], m.Lines[1])
		parts = append(parts, parseExpr(m.ID))
	}
	switch len(parts) {
	case 0:
		return ms
	case 1:
		// A choice is declared but only one of its licenses was read:
		// that license alone would say less than the text offers and
		// more than it obliges. Nothing is concluded.
		choice.Note = "a choice is declared but only one of its licenses was read"
		keep = append(keep, choice)
		sort.SliceStable(keep, func(i, j int) bool { return keep[i].Lines[0] < keep[j].Lines[0] })
		return keep
	}
	choice.ID = join("OR", parts...).Compact()
	if len(choice.Original) > 200 {
		choice.Original = choice.Original[:200]
	}
	keep = append(keep, choice)
	sort.SliceStable(keep, func(i, j int) bool { return keep[i].Lines[0] < keep[j].Lines[0] })
	return keep
}

var gnuPrefixRE = regexp.MustCompile(`\b((?:A|L)?GPL|GFDL)-`)

func gnuFamiliesOf(id string) []string {
	var out []string
	for _, m := range gnuPrefixRE.FindAllStringSubmatch(id, -1) {
		out = append(out, m[1])
	}
	return out
}
