package license

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/google/licensecheck"

	lcscan "github.com/ospo-scan/ospo-scan/internal/third_party/licensecheck"

	"github.com/ospo-scan/ospo-scan/internal/model"
	"github.com/ospo-scan/ospo-scan/internal/notice"
	"github.com/ospo-scan/ospo-scan/internal/spdxexpr"
)

// Classifier classifies license files. The licensecheck scanner behind it
// is loaded once, on first use, from its compiled form (compiled.go). It
// is licensecheck's matcher with its DFA
// built as texts need it (internal/third_party/licensecheck):
// licensecheck's own scanner builds the whole DFA first, which takes
// seconds. The zero Classifier is ready to use, and safe for concurrent
// use.
type Classifier struct {
	built    atomic.Bool
	once     sync.Once
	sc       *lcscan.Scanner
	partners map[string]*lcscan.Scanner // see confusable
	err      error
	memo     memo
}

// Warm makes the licensecheck scanner now (for example concurrently with
// graph loading): it loads the compiled patterns (or parses them, when
// the compiled form is stale), while DFA states are built as the texts
// scanned need them.
func (d *Classifier) Warm() error {
	d.once.Do(func() {
		defer d.built.Store(true)
		// The generated patterns go first: where one matches exactly the
		// same words as a broader built-in pattern (HPND-Netrek within
		// HPND's wildcards), the first in the list wins, and the one made
		// from that very text is the more specific.
		builtin := licensecheck.BuiltinLicenses()
		list := extraLicenses(builtin)
		d.sc, d.err = newScanner(list)
		if d.err != nil {
			return
		}
		d.partners = map[string]*lcscan.Scanner{}
		for _, l := range builtin {
			if _, ok := confusable[l.ID]; ok && l.LRE != "" {
				if sc, err := lcscan.NewScanner([]licensecheck.License{l}); err == nil {
					d.partners[l.ID] = sc
				}
			}
		}
	})
	return d.err
}

// Built reports whether the license scanner has been built (by Warm, or
// by the first file classified).
func (d *Classifier) Built() bool { return d.built.Load() }

// Classify classifies one file's bytes. name is recorded as given.
// licenseFile says whether the file is a license file by name (its
// coverage decides) or any other file (each match counts on its own).
func (d *Classifier) Classify(name string, data []byte, licenseFile bool) model.Evidence {
	ev := model.Evidence{File: name, Matches: []model.Match{}}
	text, err := DecodeText(data)
	if err != nil {
		ev.Verdict, ev.Note = model.VerdictUnknown, err.Error()
		return ev
	}
	return d.ClassifyText(ev, text, licenseFile)
}

// ClassifyText classifies a file's text (decoded, see DecodeText) into
// ev, which names the file and may carry its sha256. It takes the
// decisions in turn, each a function of its own: the matches of the
// patterns (textMatches), the runners-up of confusable licenses
// (runnersUp), the SPDX-License-Identifier tags (tagMatches), the SPDX id
// of each match, with twins told apart and GNU versions decided
// (licenseIDs), and the verdict (verdict).
//
// Everything is linear in the text (times the few confusable partners):
// lines are found by binary search in one index, a runner-up's matches by
// binary search in its sorted list, and the whole-text work of
// twinResolver and spdxID is done once per id, so a file of a thousand
// repeated licenses costs what its bytes do.
//
// A text classified before (the same bytes, both license files or
// neither) is not classified again: its classification is remembered
// (see memo), for texts of up to 64 KiB.
func (d *Classifier) ClassifyText(ev model.Evidence, text []byte, licenseFile bool) model.Evidence {
	if err := d.Warm(); err != nil {
		ev.Verdict, ev.Note = model.VerdictUnknown, "license scanner unavailable: "+err.Error()
		return ev
	}
	// The matches ev already has take part in the verdict: only
	// evidence without any is classified from the memo.
	key, ok := d.memo.key(text, licenseFile)
	ok = ok && len(ev.Matches) == 0
	if ok {
		if c, hit := d.memo.get(key); hit {
			return c.apply(ev)
		}
	}
	ev = d.classifyText(ev, text, licenseFile)
	if ok {
		d.memo.put(key, ev)
	}
	return ev
}

// classifyText is ClassifyText without the memo.
func (d *Classifier) classifyText(ev model.Evidence, text []byte, licenseFile bool) model.Evidence {
	cov := d.sc.Scan(text)
	f := newFileText(text)
	matches, spans := f.textMatches(cov.Match)
	// Notices matched by patterns (ours, and licensecheck's for the
	// Apache, MPL and CDDL headers) are statements, not whole texts: they
	// are weighed with the notice layer's statements and hide none of
	// them; only whole texts have runners-up.
	var texts []licensecheck.Match
	var wholeTexts [][2]int
	var patternNotices []model.Match
	for i, m := range cov.Match {
		switch matches[i].Kind {
		case "text":
			m.ID = matches[i].ID
			texts = append(texts, m)
			wholeTexts = append(wholeTexts, spans[i])
		case "notice":
			patternNotices = append(patternNotices, matches[i])
		}
	}
	runners, thin := f.runnersUp(texts, d.partnerScan(text))
	found := notice.Find(text)
	stmts, stmtCoverage := f.statements(found, wholeTexts, spans)
	coverage := min(cov.Percent+stmtCoverage, 100)
	ev.Coverage = round1(coverage)
	ev.Matches = append(append(append(ev.Matches, matches...), runners...), stmts...)
	outside := outsideText(text, spans)
	ids, twins, textIDs := f.licenseIDs(ev.Matches, gnuReadings(found), cov.Percent, licenseFile)
	ev.Verdict, ev.License, ev.Note = verdict(fileFacts{
		ids: ids, twins: twins, thin: thin, matched: len(ev.Matches) > 0, coverage: coverage,
		shownCoverage: ev.Coverage, licenseFile: licenseFile, outside: outside,
		stmts: weigh(append(patternNotices, stmts...), textIDs, len(ids)+len(twins) > 0, f.context(outside, wholeTexts)), uncovered: f.total - int(math.Round(coverage*float64(f.total)/100)),
	})
	return ev
}

// fileText is a text being classified: its words and its lines.
type fileText struct {
	text  []byte
	total int // words
	lines lineIndex
}

func newFileText(text []byte) fileText {
	return fileText{text: text, total: countWords(text), lines: newLineIndex(text)}
}

// percent returns words as a percentage of the text's words.
func (f fileText) percent(words int) float64 {
	if f.total == 0 {
		return 0
	}
	return 100 * float64(words) / float64(f.total)
}

// lineSpan returns the lines of the bytes [start, end).
func (f fileText) lineSpan(start, end int) [2]int {
	return [2]int{f.lines.of(start), f.lines.of(max(start, end-1))}
}

// textMatches turns the scanner's matches into evidence, in order: each
// with the share of the file's words it covers, its lines, and its kind:
// "url", "notice" (a match of our own notice patterns, or a
// notice-sized match of a licensecheck pattern that reads a license's
// standard header as well as its text: patternNotices), or "text" (a whole
// license text); and returns their byte spans.
func (f fileText) textMatches(ms []licensecheck.Match) ([]model.Match, [][2]int) {
	var out []model.Match
	var spans [][2]int
	for _, m := range ms {
		kind, id := "text", m.ID
		words := countWords(f.text[m.Start:m.End])
		switch {
		case m.IsURL:
			kind = "url"
		case strings.HasSuffix(id, ownNoticeSuffix):
			kind, id = "notice", strings.TrimSuffix(id, ownNoticeSuffix)
		case isPatternNotice(id) && words <= patternNoticeWords:
			kind = "notice"
		}
		out = append(out, model.Match{ID: id, Coverage: round1(f.percent(words)), Lines: f.lineSpan(m.Start, m.End), Kind: kind})
		spans = append(spans, [2]int{m.Start, m.End})
	}
	return out, spans
}

// patternNotices are the licenses whose licensecheck pattern reads their
// standard notice ("Licensed under the Apache License, Version 2.0 ...",
// MPL's Exhibit A, the CDDL header) as well as their whole text. A match
// of at most patternNoticeWords words is the notice (the notices are some
// 60 to 120 words, the texts thousands).
var patternNotices = map[string]bool{"Apache-2.0": true, "MPL-1.0": true, "MPL-1.1": true, "MPL-2.0": true, "CDDL-1.0": true}

const patternNoticeWords = 200

// isPatternNotice reports whether a licensecheck match of id of at most
// patternNoticeWords words is a notice: patternNotices, and the GNU
// licenses, whose patterns read their "either version N of the License,
// or (at your option) any later version" notices (no GNU text is shorter
// than some 2,000 words).
func isPatternNotice(id string) bool {
	if patternNotices[id] {
		return true
	}
	if strings.Contains(id, "-with-") {
		// The deprecated GPL-x-with-y-exception ids are matched by their
		// exception's text, which is short but no notice.
		return false
	}
	for _, p := range patternNoticePrefixes {
		if strings.HasPrefix(id, p) {
			return true
		}
	}
	return false
}

// patternNoticePrefixes are the families of isPatternNotice.
var patternNoticePrefixes = []string{"AGPL-", "GPL-", "LGPL-"}

// partnerScan returns, for a confusable partner's id, its text matches
// over text (read on its own, in order), each scanned once; nil for an id
// without a partner scanner.
func (d *Classifier) partnerScan(text []byte) func(id string) []licensecheck.Match {
	done := map[string][]licensecheck.Match{}
	return func(id string) []licensecheck.Match {
		if pms, ok := done[id]; ok {
			return pms
		}
		sc := d.partners[id]
		if sc == nil {
			return nil
		}
		var pms []licensecheck.Match
		for _, pm := range sc.Scan(text).Match {
			if !pm.IsURL {
				pms = append(pms, pm)
			}
		}
		done[id] = pms
		return pms
	}
}

// runnersUp reads each text match's confusable partners (scan gives a
// partner's own matches over the text) and returns them as runner-up
// evidence over the same words, with a note for each that the match wins
// by a thin margin only (thinWin): such a file is ambiguous.
func (f fileText) runnersUp(ms []licensecheck.Match, scan func(id string) []licensecheck.Match) ([]model.Match, []string) {
	var out []model.Match
	var thin []string
	for _, m := range ms {
		if m.IsURL {
			continue
		}
		best := countWords(f.text[m.Start:m.End])
		for _, p := range confusable[m.ID] {
			pms := scan(p)
			words := 0
			lo, hi := len(f.text), 0
			// Matches are leftmost-longest and do not overlap, so they are
			// in order of both Start and End: the ones overlapping m
			// start at the first that ends after m.Start.
			for k := sort.Search(len(pms), func(k int) bool { return pms[k].End > m.Start }); k < len(pms) && pms[k].Start < m.End; k++ {
				pm := pms[k]
				words += countWords(f.text[max(pm.Start, m.Start):min(pm.End, m.End)])
				lo, hi = min(lo, pm.Start), max(hi, pm.End)
			}
			if words == 0 || f.total == 0 {
				continue
			}
			pc := f.percent(words)
			out = append(out, model.Match{ID: p, Coverage: round1(pc), Lines: f.lineSpan(lo, hi), Kind: "runner-up"})
			if thinWin(best, words) {
				thin = append(thin, fmt.Sprintf("%s (%.1f%%) wins by a thin margin over %s (%.1f%%)", m.ID, f.percent(best), p, pc))
			}
		}
	}
	return out, thin
}

// licenseIDs returns the SPDX ids the whole-text matches conclude to, in
// order, the twins it cannot tell apart, and the ids of all the texts,
// those that do not conclude on their own included (to weigh the
// statements against). Only text matches conclude: a URL names a license,
// a runner-up is only evidence, and statements (tags, notices,
// references) are weighed apart (weigh). A text match is mapped to its
// SPDX id (spdxID: GNU versions from the statements, gnu), and a text
// with twins is resolved from its notice (twinResolver, or a statement
// naming one of the twins) or reported. A GNU notice matched beside the
// text of its license and version is a statement about that text (its
// "How to apply" appendix, or the project's notice), read by gnuSuffix,
// not a license of its own. Outside a license file, a match counts on its
// own only when it is notice-sized.
func (f fileText) licenseIDs(ms []model.Match, gnu map[string]gnuReading, coverage float64, licenseFile bool) (ids, twins, texts []string) {
	stated := map[string]int{} // each license a statement names: its first match
	copies := map[string]int{} // bare GNU texts, by id: how many
	for i, m := range ms {
		switch m.Kind {
		case "url", "runner-up":
		case "text":
			if id := strings.TrimSuffix(m.ID, spdxTextSuffix); gnuUnsuffixed[id] {
				copies[id]++
			}
		default:
			for _, l := range append(leaves(m.ID), m.ID) {
				if _, ok := stated[l]; !ok {
					stated[l] = i
				}
			}
		}
	}
	twin := twinResolver{text: f.text}
	spdxIDs := map[string]string{}
	for _, m := range ms {
		if m.Kind != "text" {
			continue
		}
		if base, _, ok := gnuSplit(m.ID); ok && copies[base] > 0 {
			continue
		}
		// Once per id.
		id, ok := spdxIDs[m.ID]
		if !ok {
			id = spdxID(m.ID, gnu, copies)
			spdxIDs[m.ID] = id
		}
		resolved, ok := twin.resolve(id)
		if !ok {
			resolved, ok = statedTwin(id, stated)
		}
		if ok {
			texts = append(texts, resolved)
		} else {
			texts = append(texts, id)
		}
		// Outside a license file, a whole license text inside a
		// larger document (a stack of licenses) is not a conclusion.
		if !licenseFile && coverage < Threshold && m.Coverage*float64(f.total)/100 > noticeWords {
			continue
		}
		if !ok {
			twins = append(twins, id)
			continue
		}
		ids = append(ids, resolved)
	}
	return ids, twins, texts
}

// statedTwin returns the twin of id (itself included) that the first
// statement naming one of them names, and false when none does.
func statedTwin(id string, stated map[string]int) (string, bool) {
	best, at := "", -1
	for _, t := range textTwins[id] {
		if i, ok := stated[t]; ok && (at < 0 || i < at) {
			best, at = t, i
		}
	}
	return best, at >= 0
}

// fileFacts is what the verdict of a file rests on.
type fileFacts struct {
	ids, twins, thin []string
	// matched: the file has evidence of any kind.
	matched bool
	// coverage is the share of the file's words the matches cover;
	// shownCoverage the same as reported (rounded to 0.1).
	coverage, shownCoverage float64
	licenseFile             bool
	// outside is the file's text outside the matches.
	outside string
	// stmts is how the statements (tags, notices, references) bear on
	// the verdict.
	stmts statementFacts
	// uncovered is the number of words no match covers.
	uncovered int
}

// statementSlack is the most words a license file may hold besides its
// statements, when statements alone decide it, to be read as a
// statement of its license rather than as an unknown text.
const statementSlack = 50

// verdict decides a file from its facts. The order of the cases is the
// meaning: a thin win, then twins, make a file ambiguous whatever else it
// holds; a file with no conclusion is ambiguous (other files) or unknown;
// a license file is then judged by its coverage (Floor, Threshold); what
// is left is a license, the AND of its ids, or their OR when the text
// outside them says the file is dual-licensed.
func verdict(f fileFacts) (verdict, license, note string) {
	ids := simplify(f.ids)
	if f.stmts.expr != "" && len(f.twins) == 0 {
		// The statements decide: there is no text, or the texts are
		// among the choices they offer.
		ids = []string{f.stmts.expr}
		if len(f.ids) == 0 && f.uncovered <= statementSlack {
			// A license file that only states its license (a COPYING
			// saying "dual-licensed under A and B, at your option")
			// holds a few words besides the statements, not a text.
			f.coverage = 100
		}
	}
	switch {
	case len(f.thin) > 0:
		return model.VerdictAmbiguous, "", strings.Join(f.thin, "; ")
	case len(f.twins) > 0:
		return model.VerdictAmbiguous, "", fmt.Sprintf("the text of %s is word for word that of SPDX %s; only a notice outside the text tells them apart, and none was found", f.twins[0], strings.Join(textTwins[f.twins[0]], ", "))
	case f.stmts.conflict != "":
		return model.VerdictAmbiguous, "", f.stmts.conflict
	case len(ids) == 0 && f.matched && !f.licenseFile:
		return model.VerdictAmbiguous, "", fmt.Sprintf("license texts make up only %.1f%% of the file, inside other text", f.coverage)
	case len(ids) == 0:
		if f.shownCoverage == 0 {
			return model.VerdictUnknown, "", "no known license text found"
		}
		return model.VerdictUnknown, "", "only license URLs found, no license text"
	case f.licenseFile && f.coverage < Floor:
		return model.VerdictUnknown, "", fmt.Sprintf("matches (%s) cover only %.1f%% of the file, under the %.0f%% floor", strings.Join(ids, ", "), f.coverage, Floor)
	case f.licenseFile && f.coverage < Threshold:
		return model.VerdictAmbiguous, "", fmt.Sprintf("matches (%s) cover %.1f%% of the file, under the %.0f%% threshold: the rest is text that is no known license", strings.Join(ids, ", "), f.coverage, Threshold)
	}
	return model.VerdictLicense, combine(ids, len(ids) > 1 && dualLicensed(f.outside)), ""
}

// Thresholds for a file's verdict, in percent of the file's words covered
// by license matches. They were chosen on the SPDX canonical corpus (see
// README, "How detection decides"): 75 is pkgsite's threshold, under which a
// file holds too much text that is no known license for its license to be
// stated with confidence; under the floor a file is no license text at all.
const (
	Threshold = 75.0
	Floor     = 20.0
)

// confusable lists licenses whose texts differ by a clause or two, so that
// the best reading of a file may win by a thin margin over another (peers
// read ISC as 0BSD, or BSD-3-Clause as BSD-Source-Code). The partners are
// scanned on their own and kept in the evidence as runners-up.
var confusable = map[string][]string{
	"ISC": {"0BSD"}, "0BSD": {"ISC", "MIT-0"}, "MIT-0": {"MIT", "0BSD"},
	"MIT": {"X11", "MIT-0"}, "X11": {"MIT"},
	"BSD-3-Clause": {"BSD-Source-Code", "BSD-2-Clause"}, "BSD-Source-Code": {"BSD-3-Clause"},
	"BSD-2-Clause": {"BSD-2-Clause-Views", "BSD-3-Clause"}, "BSD-2-Clause-Views": {"BSD-2-Clause"},
}

// thinMargin is the share of the best match's words, in percent, that a
// runner-up may miss and still make the file ambiguous.
const thinMargin = 3.0

// thinWin reports whether a match of best words wins by a thin margin over
// a runner-up covering runnerUp of them.
func thinWin(best, runnerUp int) bool {
	return best > 0 && runnerUp > 0 && 100*float64(best-runnerUp)/float64(best) <= thinMargin
}

// noticeWords is the most words a match may have to count on its own in a
// file that is not a license file: standard notices and short licenses
// (MIT is about 170 words) fit, the long texts do not.
const noticeWords = 250

// twinResolver finds the SPDX id for a text that has twins (the same text
// under other ids) from a notice in the file: resolve returns it, and
// false when there is none. The license texts quote the notices
// themselves (the GFDL addendum shows both invariant-section forms,
// MPL-2.0's Exhibit B and OFL's Reserved Font Name clauses), so a notice
// counts only when its phrase occurs more often than in the bare text.
// It answers for the matches of one text: the text is normalised once and
// each id's answer kept, however many matches there are.
type twinResolver struct {
	text []byte
	norm string
	done map[string]twinAnswer
}

type twinAnswer struct {
	id string
	ok bool
}

func (r *twinResolver) resolve(id string) (string, bool) {
	if _, ok := textTwins[id]; !ok {
		return id, true
	}
	if a, ok := r.done[id]; ok {
		return a.id, a.ok
	}
	if r.done == nil {
		r.done = map[string]twinAnswer{}
		r.norm = strings.Join(strings.Fields(strings.ToLower(string(r.text))), " ")
	}
	got, ok := resolveTwinIn(id, r.norm)
	r.done[id] = twinAnswer{got, ok}
	return got, ok
}

// resolveTwinIn is twinResolver.resolve over the text lower-cased with
// its spaces collapsed.
func resolveTwinIn(id, t string) (string, bool) {
	group := textTwins[id]
	more := func(phrase string, inText int) bool { return strings.Count(t, phrase) > inText }
	pick := func(suffix string) (string, bool) {
		for _, g := range group {
			if g == id+suffix || g == strings.Replace(id, "-only", suffix+"-only", 1) || g == strings.Replace(id, "-or-later", suffix+"-or-later", 1) {
				return g, true
			}
		}
		return "", false
	}
	switch {
	case id == "MPL-2.0":
		// MPL-2.0 is the license; the variant without the copyleft
		// exception is a notice applied to the source.
		if more("incompatible with secondary licenses", 6) {
			return "MPL-2.0-no-copyleft-exception", true
		}
		return id, true
	case strings.HasPrefix(id, "GFDL-"):
		if more("with no invariant sections", 1) {
			return pick("-no-invariants")
		}
		if more("invariant sections being", 1) {
			return pick("-invariants")
		}
	case strings.HasPrefix(id, "OFL-"):
		if more("reserved font name", 2) {
			return pick("-RFN")
		}
	}
	return "", false
}

// combine joins ids with AND, or OR when the text offers a choice.
func combine(ids []string, or bool) string {
	if len(ids) == 1 {
		return ids[0]
	}
	op := " AND "
	if or {
		op = " OR "
	}
	parts := make([]string, len(ids))
	for i, id := range ids {
		if strings.Contains(id, " OR ") || (or && strings.Contains(id, " AND ")) {
			id = "(" + id + ")"
		}
		parts[i] = id
	}
	return strings.Join(parts, op)
}

// simplify sorts and dedupes ids and applies what the licenses themselves
// say: LGPL-3.0 incorporates the GPL-3.0 text (the COPYING + COPYING.LESSER
// pair, or an LGPL file that embeds the GPL), so GPL-3.0 beside LGPL-3.0 is
// the LGPL's own text, not a second license.
func simplify(ids []string) []string {
	set := map[string]bool{}
	for _, id := range ids {
		set[id] = true
	}
	hasLGPL3 := false
	for id := range set {
		if strings.HasPrefix(id, "LGPL-3.0") {
			hasLGPL3 = true
		}
	}
	if hasLGPL3 {
		for id := range set {
			if strings.HasPrefix(id, "GPL-3.0") && !strings.Contains(id, " ") {
				delete(set, id)
			}
		}
	}
	out := make([]string, 0, len(set))
	for id := range set {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

var dualRE = regexp.MustCompile(`(?i)\b(dual[- ]licen[cs](ed|ing)|licen[cs]ed under either|under (the terms of )?either( of)?|at your (option|choice)|you may (choose|select|use) either|choose (either|one) of|either license|one of the following licen[cs]es)\b`)

// dualLicensed reports whether text outside the license matches offers a
// choice between the licenses.
func dualLicensed(outside string) bool { return dualRE.MatchString(outside) }

// gnuLaterRE is the GNU notice's "or (at your option) any later version":
// a choice of versions, not of licenses.
var gnuLaterRE = regexp.MustCompile(`(?i)at your option\)?,?\s+any\s+later\s+version`)

// partRE finds the words of a statement about a part of a work: code
// copied, ported or derived from elsewhere, modifications, bundled data,
// some files of the work, or a work under several licenses.
var partRE = regexp.MustCompile(`(?i)\b(modifications?|modified (files|code|version)|portions?|parts? of|contains?|includes?|derived|derivative|copied|ported|based on|borrowed|adapted|vendored|bundled|third[- ]party|subcomponents?|(some|remaining|following|other|these|those|certain) (\w+ )?(files|code)|(two|several|multiple) (different )?licen[cs]es|separate (copyright|licen[cs]e))\b`)

// partLines is how many lines before a statement are read for the words
// of a part (partRE): the sentence or heading that introduces it.
const partLines = 4

// context returns what the file's text says of its statements (see
// weighContext): outside is its text outside every match; texts are the
// byte spans of its whole license texts, whose own words ("substantial
// portions of the Software") say nothing of a statement.
func (f fileText) context(outside string, texts [][2]int) weighContext {
	return weighContext{
		choice: func() bool { return dualLicensed(gnuLaterRE.ReplaceAllString(outside, "")) },
		part: func(l [2]int) bool {
			r := f.lineBytes([2]int{max(l[0]-partLines, 1), l[1]})
			var b strings.Builder
			at := r[0]
			for _, t := range texts {
				if t[1] <= at || t[0] >= r[1] {
					continue
				}
				if t[0] > at {
					b.Write(f.text[at:t[0]])
					b.WriteByte('\n')
				}
				at = max(at, t[1])
			}
			if at < r[1] {
				b.Write(f.text[at:r[1]])
			}
			return partRE.MatchString(b.String())
		},
	}
}

// spdxID maps a licensecheck id to an SPDX id or LicenseRef; an
// unsuffixed GNU id (GPL-2.0, from a full license text) is read by
// gnuSuffix, and another deprecated id whose current form is one license
// id is that id (the text of bzip2-1.0.5 is that of bzip2-1.0.6 but for
// its version, and SPDX deprecated the id for bzip2-1.0.6; see
// spdxexpr.Normalize). A deprecated id that stands for a license with an
// exception (GPL-2.0-with-autoconf-exception) is kept as licensecheck
// reports it: the canonical corpus's scorer expects it so.
func spdxID(id string, gnu map[string]gnuReading, copies map[string]int) string {
	id = strings.TrimSuffix(id, spdxTextSuffix)
	if m, ok := nonSPDX[id]; ok {
		return m
	}
	if gnuUnsuffixed[id] {
		return gnuSuffix(id, gnu[id], copies[id])
	}
	if n, ok := spdxexpr.Normalize(id); ok && !strings.Contains(n, " ") {
		return n
	}
	return id
}

// gnuSuffix reads a bare GNU text as ScanCode, ClearlyDefined, GitHub's
// licensee and SPDX's deprecated ids (GPL-3.0 is GPL-3.0-only) do: -only,
// that version of the license; -or-later only when a statement of the
// file says so ("or (at your option) any later version", GPL-2.0+) and
// none says -only. Each copy of the text holds one -or-later notice of its
// own, its "How to apply" template (gnuNoTemplate: but LGPL-3.0 and
// AGPL-1.0), so it takes one more to be the project's statement.
func gnuSuffix(id string, r gnuReading, copies int) string {
	template := copies
	if gnuNoTemplate[id] {
		template = 0
	}
	if r.only == 0 && r.later > template {
		return id + "-or-later"
	}
	return id + "-only"
}

// gnuNoTemplate are the GNU texts without a "How to apply" notice that
// reads -or-later.
var gnuNoTemplate = map[string]bool{"LGPL-3.0": true, "AGPL-1.0": true}

// gnuReading is what a file's statements say of one GNU license and
// version: how many read it -only, how many -or-later.
type gnuReading struct{ only, later int }

// gnuReadings counts, per GNU license and version ("GPL-2.0"), the
// statements of a file (all the notice layer found, those inside license
// texts included) that read it -only or -or-later, each statement once.
func gnuReadings(found []notice.Match) map[string]gnuReading {
	out := map[string]gnuReading{}
	for _, m := range found {
		seen := map[string]bool{}
		for _, l := range leaves(m.ID) {
			base, suffix, ok := gnuSplit(l)
			if !ok || seen[base+suffix] {
				continue
			}
			seen[base+suffix] = true
			r := out[base]
			if suffix == "-only" {
				r.only++
			} else {
				r.later++
			}
			out[base] = r
		}
	}
	return out
}

// gnuSplit splits a suffixed GNU id into the bare id and the suffix
// ("GFDL-1.3-no-invariants-or-later" is GFDL-1.3, -or-later); ok is false
// for any other id.
func gnuSplit(id string) (base, suffix string, ok bool) {
	id = strings.TrimSuffix(id, spdxTextSuffix)
	for _, sfx := range []string{"-only", "-or-later"} {
		if b, found := strings.CutSuffix(id, sfx); found {
			b = strings.TrimSuffix(strings.TrimSuffix(b, "-no-invariants"), "-invariants")
			if gnuUnsuffixed[b] {
				return b, sfx, true
			}
		}
	}
	return "", "", false
}

var gnuUnsuffixed = map[string]bool{
	"GPL-1.0": true, "GPL-2.0": true, "GPL-3.0": true, "LGPL-2.0": true, "LGPL-2.1": true, "LGPL-3.0": true,
	"AGPL-1.0": true, "AGPL-3.0": true, "GFDL-1.1": true, "GFDL-1.2": true, "GFDL-1.3": true,
}

// nonSPDX maps licensecheck ids that are not SPDX ids.
var nonSPDX = map[string]string{
	"MIT-NoAd":                 "X11",
	"GPL-2.0-or-3.0":           "GPL-2.0-only OR GPL-3.0-only",
	"Aladdin-9":                "LicenseRef-ospo-Aladdin-9",
	"Anti996":                  "LicenseRef-ospo-Anti996",
	"BSD-1-Clause-Clear":       "LicenseRef-ospo-BSD-1-Clause-Clear",
	"BSD-3-Clause-NoTrademark": "LicenseRef-ospo-BSD-3-Clause-NoTrademark",
	"CC-BY-NC-SA-3.0-US":       "LicenseRef-ospo-CC-BY-NC-SA-3.0-US",
	"CommonsClause":            "LicenseRef-ospo-CommonsClause",
	"GooglePatentClause":       "LicenseRef-ospo-GooglePatentClause",
	"GooglePatentsFile":        "LicenseRef-ospo-GooglePatentsFile",
	"Prosperity-3.0.0":         "LicenseRef-ospo-Prosperity-3.0.0",
}

// outsideText returns the text not covered by the spans.
func outsideText(text []byte, spans [][2]int) string {
	var b strings.Builder
	last := 0
	for _, s := range spans {
		if s[0] > last {
			b.Write(text[last:s[0]])
			b.WriteByte('\n')
		}
		last = max(last, s[1])
	}
	if last < len(text) {
		b.Write(text[last:])
	}
	return b.String()
}

// countWords counts words as licensecheck does: runs of letters and digits.
func countWords(text []byte) int {
	n := 0
	in := false
	for len(text) > 0 {
		r, size := utf8.DecodeRune(text)
		text = text[size:]
		w := unicode.IsLetter(r) || unicode.IsDigit(r)
		if w && !in {
			n++
		}
		in = w
	}
	return n
}

// lineIndex holds the offsets of a text's newlines.
type lineIndex []int

func newLineIndex(text []byte) lineIndex {
	var nl lineIndex
	for i, c := range text {
		if c == '\n' {
			nl = append(nl, i)
		}
	}
	return nl
}

// of returns the 1-based line of the byte at off: one more than the
// newlines before it.
func (nl lineIndex) of(off int) int {
	return sort.SearchInts(nl, off) + 1
}

func round1(f float64) float64 { return math.Round(f*10) / 10 }
