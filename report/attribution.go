package report

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// Attribution is the data model of the notices file: what --notice writes
// with its built-in template and what a --notice-template executes over.
// It is a documented contract (docs/notices.md): fields are only added.
//
// License texts are grouped: modules whose license file reads the same
// once its copyright lines are taken out share one LicenseText, and each
// module keeps the exact copyright lines taken out of it. Every line of a
// license file is thus either in its group's text or among the module's
// copyright lines. NOTICE files are kept verbatim (Apache-2.0 §4(d)),
// one copy of each distinct text.
type Attribution struct {
	// Main lists the main modules whose releases the notices are for.
	Main []string
	// Tool is the program that wrote the notices.
	Tool model.Tool
	// Modules lists every shipped (scope required) module once, sorted by
	// path and version.
	Modules []*AttributedModule
	// Licenses are the distinct license texts, sorted by license and then
	// by the first module using them.
	Licenses []*LicenseText
	// Notices are the distinct NOTICE file texts, sorted by the first
	// module carrying them.
	Notices []*NoticeText
}

// AttributedModule is one shipped module in the notices.
type AttributedModule struct {
	Path    string
	Version string
	// Replace is the replacement's path@version (or directory) when the
	// module is replaced; the source read is the replacement's.
	Replace string
	// License is the module's effective SPDX expression; empty when unknown.
	License string
	// Reason says why the license is unknown, when it is.
	Reason string
	// Copyrights are the module's copyright lines, exact and without
	// duplicates, in the order first seen: its license files in path
	// order, then its NOTICE files.
	Copyrights []string
	// Licenses are the module's license files, in path order.
	Licenses []*LicenseUse
	// Notices are the module's NOTICE files, in path order.
	Notices []*NoticeUse
	// Files are the source files that carry a license of their own
	// (found by the deep scan), in path order; empty without it.
	Files []*FileLicense
	// Unread lists the files named by the evidence that could not be read.
	Unread []UnreadFile
}

// ID returns path@version.
func (m *AttributedModule) ID() string { return m.Path + "@" + m.Version }

// LicenseUse is one license file of a module.
type LicenseUse struct {
	// File is the path in the module (slash-separated).
	File string
	// Text is the group of the file's text.
	Text *LicenseText
	// Copyrights are the exact copyright lines taken out of this file.
	Copyrights []string
}

// NoticeUse is one NOTICE file of a module.
type NoticeUse struct {
	File string
	Text *NoticeText
	// Copyrights are the copyright lines of the file (the text keeps them).
	Copyrights []string
}

// FileLicense is a source file carrying its own license (deep scan).
type FileLicense struct {
	// File is the file and the lines of its license comment
	// (path/in/module.go:3-20).
	File string
	// License is the SPDX expression the comment gives (joined with AND
	// when it gives several).
	License string
	// Text is the group of the license text the file carries, when there
	// is one beyond a statement such as an SPDX tag; nil otherwise.
	Text       *LicenseText
	Copyrights []string
	// Reason says why the comment could not be included, when it could
	// not (Copyrights are then those the scan recorded).
	Reason string
}

// UnreadFile is a file the notices should include but could not read.
type UnreadFile struct {
	File   string
	Reason string
}

// LicenseText is one distinct license text and the modules whose license
// files read the same, copyright lines and layout (indentation, line
// wrapping, blank lines) aside.
type LicenseText struct {
	// ID numbers the texts in order: "L1", "L2", ...
	ID string
	// License is the SPDX expression detected for the text; empty when
	// none was.
	License string
	// SHA256 is the hash of Text, the first module's copy.
	SHA256 string
	// Text is the license text without its copyright lines, with line
	// ends normalised to \n, trailing spaces and runs of blank lines
	// removed.
	Text string
	// Uses are the module files with this text, by module then file.
	Uses []TextUse
}

// TextUse is one module file in a text's group.
type TextUse struct {
	Module *AttributedModule
	File   string
	// Copyrights are the copyright lines of this file.
	Copyrights []string
}

// NoticeText is one distinct NOTICE text, verbatim but for line ends.
type NoticeText struct {
	// ID numbers the texts in order: "N1", "N2", ...
	ID     string
	SHA256 string
	Text   string
	// Apache reports whether a module carrying it is under Apache-2.0,
	// whose §4(d) requires the NOTICE text to ship with the work.
	Apache bool
	Uses   []TextUse
}

// BuildAttribution assembles the notices model of the document's shipped
// modules, reading their license and NOTICE files with read. A file that
// cannot be read is listed in the module's Unread, not an error.
func BuildAttribution(doc *model.Document, read ReadFunc) *Attribution {
	a := &Attribution{Main: doc.Main, Tool: doc.Tool}
	licenses := map[string]*LicenseText{}
	notices := map[string]*NoticeText{}
	seen := map[string]bool{}
	var mods []*model.Module
	for _, m := range doc.Modules {
		// A monorepo's modules may ship the same dependency: once here.
		if m.Scope != model.ScopeRequired || seen[m.ID()] {
			continue
		}
		seen[m.ID()] = true
		mods = append(mods, m)
	}
	sort.SliceStable(mods, func(i, j int) bool {
		if mods[i].Path != mods[j].Path {
			return mods[i].Path < mods[j].Path
		}
		return mods[i].Version < mods[j].Version
	})
	for _, m := range mods {
		d := decision(m)
		am := &AttributedModule{Path: m.Path, Version: m.Version, License: d.License}
		if d.Effective != "" {
			// The deep scan found linked files under other licenses.
			am.License = d.Effective
		}
		if r := m.Replace; r != nil {
			am.Replace = r.Path
			if r.Version != "" {
				am.Replace += "@" + r.Version
			}
		}
		a.Modules = append(a.Modules, am)
		if m.License == nil {
			continue
		}
		am.Reason = m.License.Reason
		if read == nil || m.Dir == "" {
			continue
		}
		evidence := append([]model.Evidence(nil), m.License.Evidence...)
		sort.SliceStable(evidence, func(i, j int) bool { return evidence[i].File < evidence[j].File })
		for _, ev := range evidence {
			data, err := read(m, ev.File)
			if err != nil {
				am.Unread = append(am.Unread, UnreadFile{File: ev.File, Reason: err.Error()})
				continue
			}
			text, cr := SplitCopyrights(string(sourceHeader(data, ev)))
			// Texts that differ only in layout (indentation, wrapping)
			// are one text: the first module's copy is printed.
			key := hash(strings.Join(strings.Fields(text), " "))
			lt := licenses[key]
			if lt == nil {
				lt = &LicenseText{License: ev.License, SHA256: hash(text), Text: text}
				licenses[key] = lt
			} else if lt.License == "" {
				lt.License = ev.License
			}
			lt.Uses = append(lt.Uses, TextUse{Module: am, File: ev.File, Copyrights: cr})
			am.Licenses = append(am.Licenses, &LicenseUse{File: ev.File, Text: lt, Copyrights: cr})
			am.Copyrights = appendNew(am.Copyrights, cr...)
		}
		files := append([]string(nil), m.License.Notices...)
		sort.Strings(files)
		for _, f := range files {
			data, err := read(m, f)
			if err != nil {
				am.Unread = append(am.Unread, UnreadFile{File: f, Reason: err.Error()})
				continue
			}
			text := normaliseNotice(string(data))
			_, cr := SplitCopyrights(text)
			sum := hash(text)
			nt := notices[sum]
			if nt == nil {
				nt = &NoticeText{SHA256: sum, Text: text}
				notices[sum] = nt
			}
			nt.Apache = nt.Apache || mentionsApache(am.License)
			nt.Uses = append(nt.Uses, TextUse{Module: am, File: f, Copyrights: cr})
			am.Notices = append(am.Notices, &NoticeUse{File: f, Text: nt, Copyrights: cr})
			am.Copyrights = appendNew(am.Copyrights, cr...)
		}
		am.Files = fileAttributions(m, am, read, licenses)
		for _, fl := range am.Files {
			am.Copyrights = appendNew(am.Copyrights, fl.Copyrights...)
		}
	}
	// Modules were visited in order, so each text's Uses are in module
	// order and Uses[0] is its first module.
	for _, lt := range licenses {
		a.Licenses = append(a.Licenses, lt)
	}
	sort.Slice(a.Licenses, func(i, j int) bool {
		x, y := a.Licenses[i], a.Licenses[j]
		if x.License != y.License {
			return x.License < y.License
		}
		if kx, ky := useKey(x.Uses[0]), useKey(y.Uses[0]); kx != ky {
			return kx < ky
		}
		return x.SHA256 < y.SHA256
	})
	for i, lt := range a.Licenses {
		lt.ID = "L" + strconv.Itoa(i+1)
	}
	for _, nt := range notices {
		a.Notices = append(a.Notices, nt)
	}
	sort.Slice(a.Notices, func(i, j int) bool {
		x, y := a.Notices[i], a.Notices[j]
		if kx, ky := useKey(x.Uses[0]), useKey(y.Uses[0]); kx != ky {
			return kx < ky
		}
		return x.SHA256 < y.SHA256
	})
	for i, nt := range a.Notices {
		nt.ID = "N" + strconv.Itoa(i+1)
	}
	return a
}

func useKey(u TextUse) string { return u.Module.Path + "\x00" + u.Module.Version + "\x00" + u.File }

func hash(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// mentionsApache reports whether an SPDX expression has an Apache-2.0 part.
func mentionsApache(expr string) bool {
	for _, f := range strings.FieldsFunc(expr, func(r rune) bool { return r == ' ' || r == '(' || r == ')' }) {
		if f == "Apache-2.0" {
			return true
		}
	}
	return false
}

func appendNew(list []string, add ...string) []string {
	for _, s := range add {
		found := false
		for _, have := range list {
			if have == s {
				found = true
				break
			}
		}
		if !found {
			list = append(list, s)
		}
	}
	return list
}

// copyrightLine matches a line that states a copyright: it starts (after
// indentation and comment markers) with "Copyright", "(c)" or "©" and the
// statement goes on with a year, a symbol or a name.
var copyrightLine = regexp.MustCompile(`^[\s#*/;>-]*(?:(?:Portions\s+)?(?:Copyright|COPYRIGHT|copyright)\b[\s:]*(?:\(c\)|\(C\)|©|&copy;)?\s*\S|(?:\(c\)|\(C\)|©)\s*(?:\d|[A-Z][a-z]+\s+[A-Z]))`)

// notCopyright are words that, right after "copyright", make the line
// part of a license's prose ("copyright notice", "COPYRIGHT HOLDERS").
var notCopyright = regexp.MustCompile(`(?i:^[\s#*/;>-]*(?:portions\s+)?copyright\s*(?:(?:notices?|holders?|owners?|laws?|license|licensing|statements?|protection|infringement|interest|claims?)\b|[,.]|$))|^[\s#*/;>-]*(?:Copyright|COPYRIGHT|copyright)\s+(?:and|or|AND|OR|the|to|in|of|is|for|which|that|under|rights?|remains)\b|^[\s#*/;>-]*copyright(?:\s*[^\s(©\d]|\s*\([^cC]|\s*\([cC][^)])`)

// placeholder matches the fill-in lines of a license's appendix, such as
// Apache-2.0's "Copyright [yyyy] [name of copyright owner]".
var placeholder = regexp.MustCompile(`(?i)\[yyyy\]|\[year\]|<year>|\{yyyy\}|\{year\}|<name of author>|\[name of copyright owner\]|<copyright holders?>|<owner>|\[fullname\]|\{fullname\}`)

// IsCopyrightLine reports whether line states a copyright, as opposed to a
// license's prose about copyright or a template's placeholder.
func IsCopyrightLine(line string) bool {
	if !copyrightLine.MatchString(line) || notCopyright.MatchString(line) || placeholder.MatchString(line) {
		return false
	}
	// The license steward's own copyright is part of the text it
	// publishes (the GNU licenses' "Copyright (C) 2007 Free Software
	// Foundation"): it stays in the text.
	return !strings.Contains(line, "Free Software Foundation")
}

// SplitCopyrights returns a license file's text without its copyright
// lines (line ends normalised to \n, trailing spaces, leading and trailing
// blank lines and runs of blank lines removed) and the copyright lines,
// trimmed of surrounding spaces, without duplicates, in file order.
func SplitCopyrights(data string) (text string, copyrights []string) {
	var b strings.Builder
	blank := 0
	wrote := false
	for _, line := range strings.Split(normaliseEOL(data), "\n") {
		line = strings.TrimRight(line, " \t\f\v")
		if IsCopyrightLine(line) {
			copyrights = appendNew(copyrights, strings.TrimSpace(line))
			continue
		}
		if line == "" {
			blank++
			continue
		}
		if wrote {
			b.WriteString("\n")
			if blank > 0 {
				b.WriteString("\n")
			}
		}
		blank = 0
		b.WriteString(line)
		wrote = true
	}
	return b.String(), copyrights
}

// normaliseNotice returns a NOTICE file's text with \n line ends and no
// trailing blank lines: verbatim otherwise.
func normaliseNotice(data string) string {
	return strings.TrimRight(normaliseEOL(data), "\n")
}

func normaliseEOL(s string) string {
	s = strings.TrimPrefix(s, "\ufeff")
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// fileAttributions returns the module's linked files under licenses its
// own does not cover (the deep scan), one per license comment, by file:
// the comment as the file has it is grouped with the license texts (its
// copyright lines aside), since a release must reproduce it beside the
// module's license. A comment that cannot be read keeps the copyright
// lines the scan recorded, and says why in its Reason.
func fileAttributions(m *model.Module, am *AttributedModule, read ReadFunc, licenses map[string]*LicenseText) []*FileLicense {
	d := decision(m)
	type block struct {
		file    string
		comment [2]int
	}
	var order []block
	lics := map[block][]string{}
	first := map[block]model.FileLicense{}
	for _, f := range d.Files {
		b := block{f.File, f.Comment}
		if _, ok := first[b]; !ok {
			first[b] = f
			order = append(order, b)
		}
		lics[b] = appendNew(lics[b], f.License)
	}
	var out []*FileLicense
	for _, b := range order {
		f := first[b]
		fl := &FileLicense{File: fileLines(f), License: strings.Join(lics[b], " AND ")}
		comment, err := commentLines(m, f, read)
		if err != nil {
			fl.Copyrights = append([]string(nil), f.Copyright...)
			fl.Reason = err.Error()
			out = append(out, fl)
			continue
		}
		text, cr := SplitCopyrights(comment)
		fl.Copyrights = cr
		if strings.TrimSpace(text) != "" {
			key := hash(strings.Join(strings.Fields(text), " "))
			lt := licenses[key]
			if lt == nil {
				lt = &LicenseText{License: fl.License, SHA256: hash(text), Text: text}
				licenses[key] = lt
			}
			lt.Uses = append(lt.Uses, TextUse{Module: am, File: f.File, Copyrights: cr})
			fl.Text = lt
		}
		out = append(out, fl)
	}
	return out
}
