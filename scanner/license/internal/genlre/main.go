// The generate build tag keeps this command out of `go install ./...`
// (a pre-commit hook install builds every main package): go generate runs
// it with -tags generate.

//go:build generate

// Command genlre writes scanner/license/spdx_gen.go: licensecheck patterns (LREs)
// for the SPDX licenses that licensecheck's built-in list (SPDX 3.10) lacks,
// generated from the SPDX License List texts.
//
// Usage, from the scanner directory (go generate does this):
//
//	go run -tags generate ./internal/genlre -corpus ../../../shared/corpus/spdx-canonical
//
// The corpus holds one text per id (files/<id>.txt) and meta.tsv. Each text
// becomes a pattern of its words, in which copyright lines and the
// template's placeholders (<year>, [name of author], ...) are wildcards and
// a leading title line is optional, as licensecheck's own .lre files do.
// Ids whose -only and -or-later texts are the same are generated once under
// the unsuffixed name and resolved from the notice, like GPL-2.0.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"github.com/google/licensecheck"
)

func main() {
	corpus := flag.String("corpus", "../../../shared/corpus/spdx-canonical", "SPDX corpus directory")
	out := flag.String("o", "spdx_gen.go", "output file")
	flag.Parse()
	src, err := generate(*corpus)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		log.Fatal(err)
	}
}

type entry struct {
	id, lre string
}

func generate(corpus string) ([]byte, error) {
	meta, err := os.ReadFile(filepath.Join(corpus, "meta.tsv"))
	if err != nil {
		return nil, err
	}
	builtin, err := licensecheck.NewScanner(licensecheck.BuiltinLicenses())
	if err != nil {
		return nil, err
	}
	known2 := map[string]bool{} // ids with a built-in pattern
	for _, l := range licensecheck.BuiltinLicenses() {
		if l.LRE != "" {
			known2[l.ID] = true
		}
	}
	// known[id]: licensecheck alone already finds id in its own SPDX text.
	known := map[string]bool{}
	// builtinAnswer[id]: licensecheck alone finds some license in id's text.
	builtinAnswer := map[string]bool{}
	texts := map[string]string{} // id -> LRE, for -only/-or-later twins
	normWords := map[string]string{}
	alternatives := map[string]string{}
	deprecated := map[string]bool{}
	var all []string
	lres := map[string]string{}
	var ids []string
	for i, line := range strings.Split(strings.TrimSpace(string(meta)), "\n") {
		if i == 0 {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 4 || f[1] != "license" {
			continue
		}
		id := strings.TrimSuffix(filepath.Base(f[0]), ".txt")
		data, err := os.ReadFile(filepath.Join(corpus, f[0]))
		if err != nil {
			return nil, err
		}
		if cov := builtin.Scan(data); cov.Percent >= 75 && len(cov.Match) > 0 {
			builtinAnswer[id] = true
			accept := map[string]bool{id: true}
			for _, a := range strings.Split(f[3], ",") {
				accept[strings.TrimSpace(a)] = true
			}
			if accept[cov.Match[0].ID] || accept[cov.Match[0].ID+"-only"] || accept[cov.Match[0].ID+"-or-later"] {
				known[id] = true
			}
		}
		normWords[id] = strings.Join(splitWords(strings.ToLower(string(data))), " ")
		alternatives[id] = f[3]
		deprecated[id] = f[2] == "yes"
		all = append(all, id)
		lre, words := toLRE(string(data))
		if words < 8 {
			continue // too short to tell apart from prose
		}
		if !known[id] {
			sc, err := licensecheck.NewScanner([]licensecheck.License{{ID: id, LRE: lre}})
			if err != nil {
				log.Printf("skipping %s: %v", id, err)
				continue
			}
			// A pattern must find its own text.
			if cov := sc.Scan(data); cov.Percent < 90 {
				log.Printf("skipping %s: the pattern covers %.1f%% of its own text", id, cov.Percent)
				continue
			}
		}
		texts[id] = lre
		lres[id] = lre
		ids = append(ids, id)
	}
	sort.Strings(ids)
	done := map[string]bool{}
	// Texts that are word for word the same under SPDX ids that are not
	// alternatives of each other: only a notice outside the text can tell
	// them apart.
	byText := map[string][]string{}
	for _, id := range all {
		byText[normWords[id]] = append(byText[normWords[id]], id)
	}
	var twinGroups [][]string
	for _, group := range byText {
		// A deprecated id is superseded by the current one with its text.
		var current []string
		for _, id := range group {
			if !deprecated[id] {
				current = append(current, id)
			}
		}
		if len(current) > 0 {
			group = current
		}
		if len(group) < 2 {
			continue
		}
		conflict := false
		for _, a := range group {
			for _, b := range group {
				if a != b && !strings.Contains(","+alternatives[a]+",", ","+b+",") {
					conflict = true
				}
			}
		}
		if conflict {
			sort.Strings(group)
			twinGroups = append(twinGroups, group)
		}
	}
	sort.Slice(twinGroups, func(i, j int) bool { return twinGroups[i][0] < twinGroups[j][0] })
	// One pattern per text: a twin of a known or generated id adds none.
	for _, g := range twinGroups {
		covered := false
		for _, id := range g {
			if known[id] {
				covered = true
			}
		}
		for _, id := range g {
			if covered {
				done[id] = true
			}
			covered = true
		}
	}
	var entries []entry
	var families []string
	for _, id := range ids {
		if known[id] || done[id] || (deprecated[id] && (supersededBy(id, all, normWords, deprecated) || builtinAnswer[id])) {
			continue
		}
		// -only / -or-later twins with one text: generate the family.
		if base, ok := strings.CutSuffix(id, "-only"); ok && texts[base+"-or-later"] == texts[id] {
			if known[base] || known[base+"-or-later"] {
				continue
			}
			done[base+"-or-later"] = true
			entries = append(entries, entry{base, lres[id]})
			families = append(families, base)
			continue
		}
		if base, ok := strings.CutSuffix(id, "-or-later"); ok && texts[base+"-only"] == texts[id] {
			continue // handled with its -only twin
		}
		if known2[id] && !keepsTestdata(builtin, id, lres[id]) {
			log.Printf("skipping %s: its SPDX pattern changes licensecheck's answer on its own test files", id)
			continue
		}
		entries = append(entries, entry{id, lres[id]})
	}
	var b bytes.Buffer
	b.WriteString(`// Code generated by scanner/license/internal/genlre; DO NOT EDIT.

// The license texts below are from the SPDX License List
// (https://spdx.org/licenses/, github.com/spdx/license-list-XML, test texts
// at commit e4c1f276b8befa364960e288c6a17f5433353b1b), turned into
// licensecheck patterns. SPDX License List data is licensed under the
// Creative Commons Attribution 3.0 Unported license (CC-BY-3.0),
// https://creativecommons.org/licenses/by/3.0/; it has been modified here
// (reduced to words, with wildcards for copyright lines and placeholders).

package license

import "github.com/google/licensecheck"

`)
	fmt.Fprintf(&b, "// generatedFamilies are ids generated without their -only/-or-later\n// suffix, which the notice decides.\nvar generatedFamilies = map[string]bool{\n")
	for _, f := range families {
		fmt.Fprintf(&b, "\t%q: true,\n", f)
	}
	fmt.Fprintf(&b, "}\n\n// textTwins maps an SPDX id to the ids whose text is word for word the\n// same (a notice outside the text tells them apart).\nvar textTwins = map[string][]string{\n")
	for _, g := range twinGroups {
		for _, id := range g {
			fmt.Fprintf(&b, "\t%q: {", id)
			for _, o := range g {
				fmt.Fprintf(&b, "%q, ", o)
			}
			fmt.Fprintf(&b, "},\n")
		}
	}
	fmt.Fprintf(&b, "}\n\n// generatedLicenses are the SPDX licenses licensecheck lacks.\nvar generatedLicenses = []licensecheck.License{\n")
	for _, e := range entries {
		fmt.Fprintf(&b, "\t{ID: %q, LRE: %s},\n", e.id, quote(e.lre))
	}
	b.WriteString("}\n")
	return format.Source(b.Bytes())
}

// supersededBy reports whether a current id has the deprecated id's text.
func supersededBy(id string, all []string, words map[string]string, deprecated map[string]bool) bool {
	for _, o := range all {
		if o != id && !deprecated[o] && words[o] == words[id] {
			return true
		}
	}
	return false
}

// keepsTestdata reports whether adding the pattern lre for an id that
// licensecheck already has leaves licensecheck's answers on its own test
// files for that id unchanged.
func keepsTestdata(builtin *licensecheck.Scanner, id, lre string) bool {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/google/licensecheck").Output()
	if err != nil {
		return false
	}
	files, _ := filepath.Glob(filepath.Join(strings.TrimSpace(string(out)), "testdata", id+".t*"))
	with, err := licensecheck.NewScanner(append(licensecheck.BuiltinLicenses(), licensecheck.License{ID: id + "#new", LRE: lre}))
	if err != nil {
		return false
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return false
		}
		if i := bytes.Index(data, []byte("\n\n")); i >= 0 {
			data = data[i+2:]
		}
		a, b := builtin.Scan(data), with.Scan(data)
		if len(a.Match) != len(b.Match) {
			return false
		}
		for i := range a.Match {
			if a.Match[i].ID != strings.TrimSuffix(b.Match[i].ID, "#new") {
				return false
			}
		}
	}
	return true
}

func quote(s string) string {
	if !strings.Contains(s, "`") {
		return "`" + s + "`"
	}
	return fmt.Sprintf("%q", s)
}

var (
	copyrightRE    = regexp.MustCompile(`(?i)^\s*(copyright\b|©|\(c\)\s*(\d|by\b)|all rights reserved)`)
	trailingWildRE = regexp.MustCompile(`(\s*__\d+__[\s\pP]*)+$`)
	placeholderRE  = regexp.MustCompile(`<[^<>\n]{1,60}>|\[[^\[\]\n]{1,60}\]`)
)

// toLRE turns a license text into an LRE and returns its word count. The
// text stays as written (licensecheck reads "(c)" as "copyright" and so on
// in patterns and texts alike); only LRE syntax is neutralised.
func toLRE(text string) (string, int) {
	text = strings.Map(func(r rune) rune {
		if r == '\ufeff' || r == '`' || (r < ' ' && r != '\n' && r != '\t') {
			return ' '
		}
		return r
	}, text)
	lines := strings.Split(text, "\n")
	var out []string
	words := 0
	started := false
	title := true
	for _, line := range lines {
		if strings.TrimSpace(line) == "" {
			continue
		}
		if copyrightRE.MatchString(line) {
			if started {
				out = append(out, "__25__")
			}
			continue
		}
		line = lreSyntaxRE.ReplaceAllString(line, " ")
		line = placeholderRE.ReplaceAllString(line, " __6__ ")
		line = strings.Join(strings.Fields(line), " ")
		n := len(splitWords(wildRE.ReplaceAllString(line, " ")))
		if n == 0 {
			if wildRE.MatchString(line) && started {
				out = append(out, "__6__")
			}
			continue
		}
		if !started {
			line = leadingWildRE.ReplaceAllString(line, "")
		}
		started = true
		words += n
		// A short first line is a title, which real copies often omit.
		if title && n <= 12 && !strings.HasSuffix(line, ".") {
			line = leadingWildRE.ReplaceAllString(line, "")
			line = trailingWildRE.ReplaceAllString(line, "")
			out = append(out, "((", line, "))??")
			title = false
			started = false // the pattern proper starts after the title
			continue
		}
		title = false
		out = append(out, line)
	}
	lre := strings.Join(out, "\n")
	lre = trailingWildRE.ReplaceAllString(lre, "")
	lre = collapseWildRE.ReplaceAllString(lre, "__25__")
	return lre, words
}

var (
	lreSyntaxRE    = regexp.MustCompile(`\(\(|\)\)|\|\||\?\?|//\*\*|\*\*//|__+`)
	wildRE         = regexp.MustCompile(`__\d+__`)
	leadingWildRE  = regexp.MustCompile(`^(\s*__\d+__)+\s*`)
	collapseWildRE = regexp.MustCompile(`__\d+__(\s+__\d+__)+`)
)

// dropWild merges adjacent wildcards.
func dropWild(toks []string) []string {
	var out []string
	for _, t := range toks {
		if strings.HasPrefix(t, "__") && len(out) > 0 && strings.HasPrefix(out[len(out)-1], "__") {
			continue
		}
		out = append(out, t)
	}
	return out
}

// splitWords returns the words of s as licensecheck sees them: runs of
// letters, digits and combining marks.
func splitWords(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r))
	})
}
