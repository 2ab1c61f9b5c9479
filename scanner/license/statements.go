package license

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/ospo-scan/ospo-scan/internal/model"
	"github.com/ospo-scan/ospo-scan/internal/notice"
)

// statements turns the notice layer's matches (notice.Find) into
// evidence: the license statements that are not whole license texts
// (SPDX-License-Identifier tags, notices, references), each of its kind
// ("tag", "notice", "reference"). A statement on the lines of a whole
// license text (textSpans, the byte spans of the text matches that are
// not URLs nor our own notice patterns: textSpans) belongs to that text
// (license texts quote their own "How to apply" notices) and is left out; so is a statement that names no
// license ("see LICENSE"). It also returns the share of the file's words,
// in percent, on the lines of the statements kept and outside every span
// (spans: all the scanner's matches), which the file's coverage gains.
func (f fileText) statements(found []notice.Match, textSpans, spans [][2]int) ([]model.Match, float64) {
	var textLines [][2]int
	for _, s := range textSpans {
		textLines = append(textLines, f.lineSpan(s[0], s[1]))
	}
	var out []model.Match
	var ranges [][2]int
	for _, m := range found {
		if m.ID == "" || insideLines(m.Lines, textLines) {
			continue
		}
		r := f.lineBytes(m.Lines)
		words := countWords(f.text[r[0]:r[1]])
		out = append(out, model.Match{ID: m.ID, Coverage: round1(f.percent(words)), Lines: m.Lines, Kind: evidenceKind(m.Kind), Original: m.Original, Note: m.Note})
		ranges = append(ranges, r)
	}
	return out, f.percent(f.wordsOutside(ranges, spans))
}

// insideLines reports whether the lines of a statement lie within the
// lines of one of the texts.
func insideLines(l [2]int, texts [][2]int) bool {
	for _, t := range texts {
		if l[0] >= t[0] && l[1] <= t[1] {
			return true
		}
	}
	return false
}

// lineBytes returns the bytes [start, end) of the lines l (1-based,
// inclusive).
func (f fileText) lineBytes(l [2]int) [2]int {
	start := 0
	if l[0] > 1 && l[0]-2 < len(f.lines) {
		start = f.lines[l[0]-2] + 1
	}
	end := len(f.text)
	if l[1]-1 < len(f.lines) && l[1] >= 1 {
		end = f.lines[l[1]-1]
	}
	return [2]int{min(start, end), end}
}

// wordsOutside counts the words of the byte ranges (merged where they
// overlap) that lie outside every span.
func (f fileText) wordsOutside(ranges, spans [][2]int) int {
	merge := func(rs [][2]int) [][2]int {
		rs = append([][2]int(nil), rs...)
		sort.Slice(rs, func(i, j int) bool { return rs[i][0] < rs[j][0] })
		var out [][2]int
		for _, r := range rs {
			if n := len(out); n > 0 && r[0] <= out[n-1][1] {
				out[n-1][1] = max(out[n-1][1], r[1])
				continue
			}
			out = append(out, r)
		}
		return out
	}
	spans = merge(spans)
	n := 0
	for _, r := range merge(ranges) {
		at := r[0]
		for _, s := range spans {
			if s[1] <= at || s[0] >= r[1] {
				continue
			}
			if s[0] > at {
				n += countWords(f.text[at:s[0]])
			}
			at = max(at, s[1])
		}
		if at < r[1] {
			n += countWords(f.text[at:r[1]])
		}
	}
	return n
}

// leaves returns the license ids of an expression, each without its
// exception ("GPL-2.0-only WITH Classpath-exception-2.0" is GPL-2.0-only).
func leaves(expr string) []string {
	var out []string
	toks := strings.Fields(strings.NewReplacer("(", " ", ")", " ").Replace(expr))
	for i := 0; i < len(toks); i++ {
		switch toks[i] {
		case "AND", "OR":
		case "WITH":
			i++
		default:
			out = append(out, toks[i])
		}
	}
	return out
}

// orOperands returns the operands of an expression's top-level OR, or nil
// when it is not one.
func orOperands(expr string) []string {
	n := notice.Normalize(expr)
	if n == "" {
		return nil
	}
	depth := 0
	var out []string
	last := 0
	for i := 0; i < len(n); i++ {
		switch n[i] {
		case '(':
			depth++
		case ')':
			depth--
		case ' ':
			if depth == 0 && strings.HasPrefix(n[i:], " OR ") {
				out = append(out, strings.Trim(n[last:i], "()"))
				last = i + 4
				i += 3
			}
		}
	}
	if out == nil {
		return nil
	}
	return append(out, strings.Trim(n[last:], "()"))
}

// gnuBase splits a GNU id into its family and version ("GPL-2.0-or-later"
// is "GPL", "2.0"); ok is false for any other id.
func gnuBase(id string) (family, version string, ok bool) {
	id = strings.TrimSuffix(strings.TrimSuffix(id, "-only"), "-or-later")
	if !gnuUnsuffixed[id] {
		return "", "", false
	}
	family, version, _ = strings.Cut(id, "-")
	return family, version, true
}

// gnuUnversioned is the reading of a GNU license named without a version
// (see internal/notice): the family's first version, or later.
var gnuUnversioned = map[string]bool{
	"GPL-1.0-or-later": true, "LGPL-2.0-or-later": true, "AGPL-1.0-or-later": true, "GFDL-1.1-or-later": true,
}

// agrees reports whether a statement's license leaf agrees with a text's
// id: the same id, a public-domain dedication beside the text of a
// dedication (publicDomainTexts), a license of which the text is a
// variant ("QPL-1.0" beside the text of QPL-1.0-INRIA-2004), the same GNU license and version (the statement
// chooses -only or -or-later: a refinement), or a GNU license named with
// no version beside a text of its family (the text says which version).
func agrees(leaf, text string) bool {
	if leaf == text || leaf == notice.PublicDomain && publicDomainTexts[text] || strings.HasPrefix(text, leaf+"-") && !gnuUnsuffixed[leaf] {
		return true
	}
	lf, lv, ok1 := gnuBase(leaf)
	tf, tv, ok2 := gnuBase(text)
	if !ok1 || !ok2 || lf != tf {
		return false
	}
	return lv == tv || gnuUnversioned[leaf]
}

// publicDomainTexts are the licenses whose texts dedicate a work to the
// public domain: a bare dedication (notice.PublicDomain) beside one of
// them is that text's.
var publicDomainTexts = map[string]bool{
	"CC0-1.0": true, "Unlicense": true, "blessing": true, "NIST-PD": true, "NIST-PD-fallback": true,
	"SAX-PD": true, "SAX-PD-2.0": true, "PDDL-1.0": true,
}

// statementFacts is how a file's statements bear on its verdict.
type statementFacts struct {
	// expr is the expression the statements conclude to, when they decide
	// (no whole text, or a text that is one of the choices they offer).
	expr string
	// conflict says which statement contradicts which text; empty when
	// none does.
	conflict string
}

// weighContext is what the rest of a file says of its statements.
type weighContext struct {
	// choice reports whether the file's text outside the license texts
	// says it is dual-licensed ("dual-licensing", "either license"; a
	// GNU "at your option) any later version" does not count); nil is
	// never. It is asked only of a statement that names another license
	// than the texts: reading the text costs more than all the rest.
	choice func() bool
	// part reports whether the statement on lines speaks of a part of
	// the work ("modifications", "portions", "contains code from", "the
	// remaining project files"), read on its lines and the few before,
	// outside the whole license texts; nil is never.
	part func(lines [2]int) bool
}

// weigh confronts the statements with the ids of the whole texts of the
// file (texts: those counted and those that do not conclude on their own).
// With no text, the statements decide (notice.Expression). Beside texts, a
// statement that agrees with them (see agrees) adds nothing; one that
// offers a choice among licenses the texts are part of decides. Any other
// names a different license than the text: in a file that says it is
// dual-licensed (ctx.choice) it is the other choice (the EPL-2.0 text
// beside "made available under the EPL-2.0 and the EDL-1.0 ... dual
// licensing": BSD-3-Clause OR EPL-2.0); a statement about a part of the
// work (ctx.part: "modifications are licensed under Apache-2.0" beside the
// MIT text) adds its license (AND); otherwise it contradicts the text: a
// conflict, never resolved. In a file holding the texts of several
// licenses (a stack), such a statement is about one of its parts and the
// texts decide.
// When the texts do not conclude on their own (counted is false: whole
// texts inside a larger document), statements that agree with them make
// the conclusion.
func weigh(stmts []model.Match, texts []string, counted bool, ctx weighContext) statementFacts {
	if len(stmts) == 0 {
		return statementFacts{}
	}
	if len(texts) == 0 {
		ms := make([]notice.Match, len(stmts))
		for i, s := range stmts {
			ms[i] = notice.Match{ID: s.ID, Kind: noticeKind(s.Kind), Lines: s.Lines}
		}
		return statementFacts{expr: notice.Expression(ms)}
	}
	var textLeaves []string
	for _, t := range texts {
		textLeaves = append(textLeaves, leaves(t)...)
	}
	agreesWithText := func(leaf string) bool {
		for _, t := range textLeaves {
			if agrees(leaf, t) {
				return true
			}
		}
		return false
	}
	stack := len(distinct(texts)) > 1
	var choice string
	var exact, others, parts []notice.Match
	for _, t := range texts {
		exact = append(exact, notice.Match{ID: t})
	}
	// A license stated for a part once (the notice after "the remaining
	// files are covered by") is that part's wherever it is stated (the
	// notice's URL a few lines on).
	partIDs := map[string]bool{}
	for _, s := range stmts {
		if ctx.part != nil && ctx.part(s.Lines) {
			partIDs[s.ID] = true
		}
	}
	for _, s := range stmts {
		if ops := orOperands(s.ID); ops != nil && textsAmong(texts, ops) {
			choice = notice.Normalize(s.ID)
			continue
		}
		all, same := true, true
		for _, l := range leaves(s.ID) {
			all = all && agreesWithText(l)
			same = same && slices.Contains(textLeaves, l)
		}
		switch {
		case !all && stack && partIDs[s.ID]:
			// A stack that states the license of a part ("Portions of
			// the following files are licensed under the MIT License")
			// adds it, as it adds the texts of the others.
			parts = append(parts, notice.Match{ID: s.ID})
			continue
		case !all && stack:
			// A stack of licenses (a project's LICENSE with the licenses
			// of its third-party parts appended) speaks of its parts in
			// statements: the texts decide, as without statements.
			continue
		case !all && ctx.choice != nil && ctx.choice():
			others = append(others, notice.Match{ID: s.ID})
			continue
		case !all && partIDs[s.ID]:
			parts = append(parts, notice.Match{ID: s.ID})
			continue
		case !all:
			return statementFacts{conflict: fmt.Sprintf("the license text of %s is beside a %s of %s (line %d); they name different licenses, a human decides",
				strings.Join(distinct(texts), ", "), noticeKind(s.Kind), s.ID, s.Lines[0])}
		case same:
			exact = append(exact, notice.Match{ID: s.ID})
		}
	}
	if choice != "" {
		return statementFacts{expr: choice}
	}
	if len(others) > 0 {
		// The file is dual-licensed: its text is one choice, the other
		// licenses it names the others.
		alts := []string{notice.Expression(exact)}
		for _, o := range others {
			alts = append(alts, "("+o.ID+")")
		}
		alts[0] = "(" + alts[0] + ")"
		return statementFacts{expr: notice.Normalize(strings.Join(alts, " OR "))}
	}
	if len(parts) > 0 {
		// Parts of the work under other licenses: all apply.
		return statementFacts{expr: notice.Expression(append(exact, parts...))}
	}
	// The statements agree with the texts. One that names the text's
	// license with an exception ("GPL-2.0-only WITH Linux-syscall-note")
	// is that text (notice.Expression), but for a stack, where it is
	// about one of the parts.
	f := statementFacts{}
	for _, m := range exact[len(texts):] {
		if strings.Contains(m.ID, " WITH ") && !stack {
			f.expr = notice.Expression(exact)
		}
	}
	if !counted {
		f.expr = notice.Expression(exact)
	}
	return f
}

// textsAmong reports whether every text's id agrees with one of the
// choices' licenses.
func textsAmong(texts, choices []string) bool {
	for _, t := range texts {
		found := false
		for _, c := range choices {
			for _, l := range leaves(c) {
				found = found || agrees(l, t)
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// distinct returns the ids once each.
func distinct(ids []string) []string {
	var out []string
	for _, id := range ids {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// evidenceKind is the evidence's kind for a statement of the notice layer:
// a tag keeps the name the JSON report has always given it, "spdx-tag"
// (report/v1 only gains values); notices and references are new kinds.
func evidenceKind(k string) string {
	if k == notice.KindTag {
		return "spdx-tag"
	}
	return k
}

// noticeKind is the notice layer's kind for an evidence kind.
func noticeKind(k string) string {
	if k == "spdx-tag" {
		return notice.KindTag
	}
	return k
}
