package scanner

import (
	"context"
	"fmt"
	"math"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/google/licensecheck"
)

// Thresholds for a file's verdict, in percent of the file's words covered
// by license matches. They were chosen on the SPDX canonical corpus (see
// README, "How detection decides"): 75 is pkgsite's threshold, under which a
// file holds too much text that is no known license for its license to be
// stated with confidence; under the floor a file is no license text at all.
const (
	Threshold = 75.0
	Floor     = 20.0
)

// DetectorVersion changes whenever detection results may change; caches
// key on it.
const DetectorVersion = "1"

// Detector classifies license files. The licensecheck scanner behind it is
// built once, on first use, since that costs seconds.
type Detector struct {
	once sync.Once
	sc   *licensecheck.Scanner
	err  error
}

// NewDetector returns a Detector; it builds nothing yet.
func NewDetector() *Detector { return &Detector{} }

// Warm builds the licensecheck scanner now (for example concurrently with
// graph loading).
func (d *Detector) Warm() error {
	d.once.Do(func() {
		list := append(licensecheck.BuiltinLicenses(), extraLicenses()...)
		d.sc, d.err = licensecheck.NewScanner(list)
	})
	return d.err
}

// Classify classifies one file's bytes. name is recorded as given.
// licenseFile says whether the file is a license file by name (its
// coverage decides) or any other file (each match counts on its own).
func (d *Detector) Classify(name string, data []byte, licenseFile bool) Evidence {
	ev := Evidence{File: name, Matches: []Match{}}
	text, err := DecodeText(data)
	if err != nil {
		ev.Verdict, ev.Note = VerdictUnknown, err.Error()
		return ev
	}
	return d.classifyText(ev, text, licenseFile)
}

func (d *Detector) classifyText(ev Evidence, text []byte, licenseFile bool) Evidence {
	if err := d.Warm(); err != nil {
		ev.Verdict, ev.Note = VerdictUnknown, "license scanner unavailable: "+err.Error()
		return ev
	}
	cov := d.sc.Scan(text)
	total := countWords(text)
	ev.Coverage = round1(cov.Percent)
	var ids []string
	var spans [][2]int
	for _, m := range cov.Match {
		words := countWords(text[m.Start:m.End])
		mc := 0.0
		if total > 0 {
			mc = 100 * float64(words) / float64(total)
		}
		kind := "text"
		if m.IsURL {
			kind = "url"
		}
		ev.Matches = append(ev.Matches, Match{ID: m.ID, Coverage: round1(mc), Lines: [2]int{lineOf(text, m.Start), lineOf(text, max(m.Start, m.End-1))}, Kind: kind})
		spans = append(spans, [2]int{m.Start, m.End})
	}
	// SPDX-License-Identifier tags declare an expression outright.
	for _, tag := range spdxTags(text) {
		ev.Matches = append(ev.Matches, Match{ID: tag.expr, Coverage: 0, Lines: [2]int{tag.line, tag.line}, Kind: "spdx-tag"})
	}
	outside := outsideText(text, spans)
	for _, m := range ev.Matches {
		if m.Kind == "url" && licenseFile {
			continue // a URL alone does not make a license file
		}
		id := m.ID
		if m.Kind != "spdx-tag" {
			id = spdxID(m.ID, outside, ev.Matches)
		}
		if id != "" {
			ids = append(ids, id)
		}
	}
	ids = simplify(ids)
	switch {
	case len(ids) == 0:
		ev.Verdict = VerdictUnknown
		if ev.Coverage == 0 {
			ev.Note = "no known license text found"
		}
		return ev
	case licenseFile && cov.Percent < Floor:
		ev.Verdict = VerdictUnknown
		ev.Note = fmt.Sprintf("matches cover only %.1f%% of the file (floor %.0f%%)", cov.Percent, Floor)
		ev.License = combine(ids, false)
		return ev
	case licenseFile && cov.Percent < Threshold:
		ev.Verdict = VerdictAmbiguous
		ev.Note = fmt.Sprintf("matches cover %.1f%% of the file, under the %.0f%% threshold: the rest is text that is no known license", cov.Percent, Threshold)
	default:
		ev.Verdict = VerdictLicense
	}
	ev.License = combine(ids, len(ids) > 1 && dualLicensed(outside))
	return ev
}

// DetectFile classifies a file on disk, named as the user gave it; a file
// that is not a license file by name is judged match by match.
func (d *Detector) DetectFile(name string) Evidence {
	ev := Evidence{File: name, Matches: []Match{}}
	text, sum, err := readLicenseFile(filepath.Dir(name), name)
	ev.SHA256 = sum
	if err != nil {
		ev.Verdict, ev.Note = VerdictUnknown, err.Error()
		return ev
	}
	return d.classifyText(ev, text, FileRole(filepath.Base(name)) != "")
}

// LicenseFiles lists the license-like files of a directory tree for
// detect: files whose FileRole is not empty, skipping vendor/, testdata/
// and hidden directories, sorted.
func LicenseFiles(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return err
			}
			return nil
		}
		if e.IsDir() {
			if p != dir && (e.Name() == "vendor" || e.Name() == "testdata" || strings.HasPrefix(e.Name(), ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if FileRole(e.Name()) != "" {
			out = append(out, p)
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

// DetectModule detects the license of one module: the license files at its
// root and in each directory from a used package up to the root.
func (d *Detector) DetectModule(m *Module) *License {
	lic := &License{Evidence: []Evidence{}}
	if m.Dir == "" {
		lic.Reason = "module source not available"
		return lic
	}
	dirs := map[string]bool{".": true}
	for _, p := range m.Packages {
		rel := strings.TrimPrefix(strings.TrimPrefix(p, m.Path), "/")
		if rel == p || strings.HasPrefix(rel, "vendor/") || strings.Contains(rel, "/vendor/") {
			continue
		}
		for rel != "" && rel != "." {
			dirs[rel] = true
			rel = path.Dir(rel)
		}
	}
	var rels []string
	for dir := range dirs {
		entries, err := os.ReadDir(filepath.Join(m.Dir, filepath.FromSlash(dir)))
		if err != nil {
			if dir == "." {
				lic.Reason = "cannot read the module directory: " + err.Error()
				return lic
			}
			continue
		}
		for _, e := range entries {
			if e.IsDir() {
				continue
			}
			if FileRole(e.Name()) != "" {
				rels = append(rels, path.Join(dir, e.Name()))
			}
		}
	}
	sort.Strings(rels)
	var exprs, problems []string
	for _, rel := range rels {
		role := FileRole(path.Base(rel))
		if role == RoleNotice {
			lic.Notices = append(lic.Notices, rel)
			continue
		}
		ev := Evidence{File: rel, Matches: []Match{}}
		text, sum, err := readLicenseFile(m.Dir, filepath.Join(m.Dir, filepath.FromSlash(rel)))
		ev.SHA256 = sum
		if err != nil {
			ev.Verdict, ev.Note = VerdictUnknown, err.Error()
		} else {
			ev = d.classifyText(ev, text, true)
		}
		if role == RoleDocs {
			ev.Note = strings.TrimSpace("documentation license, not the code's; " + ev.Note)
			lic.Evidence = append(lic.Evidence, ev)
			continue
		}
		lic.Evidence = append(lic.Evidence, ev)
		switch ev.Verdict {
		case VerdictLicense:
			exprs = append(exprs, ev.License)
		default:
			problems = append(problems, fmt.Sprintf("%s: %s", rel, ev.Note))
		}
	}
	switch {
	case len(problems) > 0:
		lic.Reason = strings.Join(problems, "; ")
	case len(exprs) == 0 && len(lic.Evidence) == 0:
		lic.Reason = "no license file at the module root or in the used packages' directories"
	case len(exprs) == 0:
		lic.Reason = "only a documentation license was found"
	default:
		lic.Expression = combine(simplify(exprs), false)
	}
	return lic
}

// Detect detects the license of every module of g, with up to workers
// files classified at once (0 means GOMAXPROCS).
func (d *Detector) Detect(ctx context.Context, mods []*Module, workers int) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	work := make(chan *Module)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for m := range work {
				m.License = d.DetectModule(m)
			}
		}()
	}
	var err error
	for _, m := range mods {
		if m.License != nil {
			continue
		}
		select {
		case work <- m:
		case <-ctx.Done():
			err = ctx.Err()
		}
		if err != nil {
			break
		}
	}
	close(work)
	wg.Wait()
	return err
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

var dualRE = regexp.MustCompile(`(?i)\b(dual[- ]licen[cs]ed|licen[cs]ed under either|under (the terms of )?either( of)?|at your (option|choice)|you may (choose|select|use) either|choose (either|one) of|either license|one of the following licen[cs]es)\b`)

// dualLicensed reports whether text outside the license matches offers a
// choice between the licenses.
func dualLicensed(outside string) bool { return dualRE.MatchString(outside) }

var orLaterRE = regexp.MustCompile(`(?i)(or\s+\(?at\s+your\s+option\)?\s+any\s+later\s+version|or\s+later|or-later|\+\s*$)`)
var onlyRE = regexp.MustCompile(`(?i)(version\s+[0-9.]+\s+only|-only\b|v[0-9.]+\s+only)`)

// spdxID maps a licensecheck id to an SPDX id or LicenseRef. An unsuffixed
// GNU id (GPL-2.0, from a full license text) takes -only or -or-later from
// a notice of the same license in the file or, failing that, from the
// wording outside the license text; with no version stated at all the GPL
// (section 9 of v2, 14 of v3) lets the recipient choose any version, which
// is -or-later.
func spdxID(id, outside string, all []Match) string {
	if m, ok := nonSPDX[id]; ok {
		return m
	}
	if w, ok := gnuWith[id]; ok {
		return gnuSuffix(w.base, outside, all) + " WITH " + w.exc
	}
	if gnuUnsuffixed[id] {
		return gnuSuffix(id, outside, all)
	}
	return id
}

func gnuSuffix(id, outside string, all []Match) string {
	for _, m := range all {
		if m.ID == id+"-only" || m.ID == id+"-or-later" {
			return m.ID
		}
	}
	if onlyRE.MatchString(outside) && !orLaterRE.MatchString(outside) {
		return id + "-only"
	}
	return id + "-or-later"
}

var gnuUnsuffixed = map[string]bool{
	"GPL-1.0": true, "GPL-2.0": true, "GPL-3.0": true, "LGPL-2.0": true, "LGPL-2.1": true, "LGPL-3.0": true,
	"AGPL-1.0": true, "AGPL-3.0": true, "GFDL-1.1": true, "GFDL-1.2": true, "GFDL-1.3": true,
}

// gnuWith maps licensecheck's deprecated GPL-with-exception ids to the
// base license and the SPDX exception.
var gnuWith = map[string]struct{ base, exc string }{
	"GPL-2.0-with-classpath-exception": {"GPL-2.0", "Classpath-exception-2.0"},
	"GPL-2.0-with-font-exception":      {"GPL-2.0", "Font-exception-2.0"},
	"GPL-2.0-with-GCC-exception":       {"GPL-2.0", "GCC-exception-2.0"},
	"GPL-2.0-with-autoconf-exception":  {"GPL-2.0", "Autoconf-exception-2.0"},
	"GPL-2.0-with-bison-exception":     {"GPL-2.0", "Bison-exception-2.2"},
	"GPL-3.0-with-autoconf-exception":  {"GPL-3.0", "Autoconf-exception-3.0"},
	"GPL-3.0-with-GCC-exception":       {"GPL-3.0", "GCC-exception-3.1"},
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
	"eCos-2.0":                 "GPL-2.0-or-later WITH eCos-exception-2.0",
	"wxWindows":                "GPL-2.0-or-later WITH WxWindows-exception-3.1",
}

type spdxTag struct {
	expr string
	line int
}

var spdxTagRE = regexp.MustCompile(`SPDX-License-Identifier:\s*([A-Za-z0-9.+:() -]+?)\s*(\*/|-->|$)`)

// spdxTags finds SPDX-License-Identifier lines.
func spdxTags(text []byte) []spdxTag {
	var out []spdxTag
	for i, line := range strings.Split(string(text), "\n") {
		if m := spdxTagRE.FindStringSubmatch(strings.TrimRight(line, "\r")); m != nil {
			expr := strings.Join(strings.Fields(m[1]), " ")
			if validExpression(expr) {
				out = append(out, spdxTag{expr, i + 1})
			}
		}
	}
	return out
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

func lineOf(text []byte, off int) int {
	if off > len(text) {
		off = len(text)
	}
	return strings.Count(string(text[:off]), "\n") + 1
}

func round1(f float64) float64 { return math.Round(f*10) / 10 }
