package report

import (
	"fmt"
	"sort"
	"strings"

	"github.com/ospo-scan/ospo-scan/internal/model"
	"github.com/ospo-scan/ospo-scan/internal/spdxexpr"
)

// licenseLabel is how the text, Markdown and HTML reports name a module's
// license: the declared one (UNKNOWN when none), and, when the deep scan
// found linked files whose licenses it does not cover, what they add:
// "MIT (+ GPL-2.0-or-later from 1 linked file)". The effective license is
// the declared one AND those; the label keeps the declared one readable
// first. Without the deep scan it is the declared license alone.
func licenseLabel(d model.Decision) string {
	lic := d.License
	if lic == "" {
		lic = "UNKNOWN"
	}
	if extra := fileLicensesAdded(d); extra != "" {
		lic += " (+ " + extra + ")"
	}
	return lic
}

// fileLicensesAdded says what the linked files that the declared license
// does not cover add: their licenses, each once and sorted, and how many
// files state them ("GPL-2.0-or-later, MPL-2.0 from 2 linked files");
// empty when there are none. Of a file's AND, only the terms the declared
// license does not cover are added: files tagged "Apache-2.0 AND MIT" in
// an Apache-2.0 module add MIT. An OR stays whole, a choice the file
// offers.
func fileLicensesAdded(d model.Decision) string {
	if len(d.Files) == 0 {
		return ""
	}
	cover := spdxexpr.NewCover(d.License)
	var lics []string
	seenLic, seenFile := map[string]bool{}, map[string]bool{}
	add := func(l string) {
		if seenLic[l] {
			return
		}
		seenLic[l] = true
		if strings.Contains(l, " OR ") || strings.Contains(l, " AND ") {
			l = "(" + l + ")"
		}
		lics = append(lics, l)
	}
	for _, f := range d.Files {
		seenFile[f.File] = true
		e, ok := spdxexpr.Parse(f.License)
		if !ok || e.Op != "AND" {
			add(f.License)
			continue
		}
		added := false
		for _, t := range e.Kids {
			if s := t.String(); !cover.Covers(s) {
				add(s)
				added = true
			}
		}
		if !added {
			add(f.License) // every term covered: Effective would not list the file
		}
	}
	sort.Strings(lics)
	files := "file"
	if len(seenFile) > 1 {
		files = "files"
	}
	return fmt.Sprintf("%s from %d linked %s", strings.Join(lics, ", "), len(seenFile), files)
}

// recordOf returns a finding's module: its record, else (a report read
// back) the document's module of the same main module, path and version.
func recordOf(f model.Finding, mods map[moduleKey]*model.Module) *model.Module {
	if f.Record != nil {
		return f.Record
	}
	return mods[moduleKey{f.Main, f.Module, f.Version}]
}

// addedLabel is fileLicensesAdded as the label shows it, "(+ ...)", or
// empty.
func addedLabel(added string) string {
	if added == "" {
		return ""
	}
	return "(+ " + added + ")"
}
