// Package deep finds what the files a build links say about their own
// license: the deep scan. A module's LICENSE is a claim about the module;
// code copied into it keeps its own license, stated in the file (an SPDX
// tag, a header notice, a whole license text in a comment) or in a
// README, NOTICE or *.LICENSE file beside it.
//
// It is a pure classifier, as scanner/license is: file bytes in,
// file-level statements out, no file system, no go command, no cache.
// Which files are read (those go list says the build compiles) and how
// (within the limits for license files) is the scanner's business.
//
// # What is read in a source file
//
//   - The header: the comments before the first line of code (the
//     package clause of a Go file, the first declaration or directive of a
//     C file), read by the notice layer (internal/notice), or, when it
//     holds a whole license text, by the license classifier.
//   - SPDX-License-Identifier tags anywhere in the file.
//   - Comment blocks further down that hold a whole license text (a
//     function copied with its license), found by a few fixed phrases
//     every common license text has and then classified. License texts in
//     string literals are data (a license detector's tables), not the
//     file's license, and are not read.
//
// A statement that names no license ("see LICENSE", "governed by a
// license that can be found in the LICENSE file" without the Go Authors)
// says the module's license applies, and gives nothing. Generated files
// are read like any other: what the generator copied into the header
// (the license of its input, a .proto's) is linked all the same.
//
// A README, NOTICE or *.LICENSE file (see Extra) is classified whole, as
// a file that is not a license file by name: each statement counts on its
// own.
package deep

import (
	"bytes"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/ospo-scan/ospo-scan/internal/model"
	"github.com/ospo-scan/ospo-scan/internal/notice"
	"github.com/ospo-scan/ospo-scan/internal/spdxexpr"
	"github.com/ospo-scan/ospo-scan/scanner/license"
)

// Scanner scans files. The zero Scanner is ready to use and safe for
// concurrent use; the license classifier behind it is built on the first
// whole license text met.
type Scanner struct {
	c license.Classifier
}

// Extra reports whether a file name beside linked code is one the deep
// scan reads although the build does not compile it: README*, NOTICE*
// and *.LICENSE files that are not license files by name (those are
// detection's: see license.FileRole). root says whether the directory is
// the module root, whose README and NOTICE speak of the module as a whole
// (detection keeps the root NOTICE for attribution): there only *.LICENSE
// files are extra.
func Extra(name string, root bool) bool {
	if license.FileRole(name) == license.RoleLicense || license.FileRole(name) == license.RoleDocs {
		return false
	}
	up := strings.ToUpper(name)
	if strings.HasSuffix(up, ".LICENSE") || strings.HasSuffix(up, ".LICENCE") {
		return true
	}
	return !root && (strings.HasPrefix(up, "README") || strings.HasPrefix(up, "NOTICE"))
}

// Scan returns the license statements of one file, by line, and a note
// when the file could not be read as text (binary, another encoding). name
// is the file's path in its module (slash-separated); its base decides
// whether the file is source code or an extra text file (see Extra).
func (s *Scanner) Scan(name string, data []byte) ([]model.FileLicense, string) {
	text, err := license.DecodeText(data)
	if err != nil {
		if len(bytes.TrimSpace(data)) == 0 {
			return nil, "" // an empty file says nothing
		}
		return nil, err.Error()
	}
	var out []model.FileLicense
	if !isSource(name) {
		out = s.classify(name, text, 0)
	} else {
		out = s.source(name, text)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Line < out[j].Line })
	return dedup(out), ""
}

// isSource reports whether a file is code (compiled), by extension.
func isSource(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".go", ".c", ".h", ".cc", ".cpp", ".cxx", ".hh", ".hpp", ".hxx", ".s", ".sx", ".m":
		return true
	}
	return false
}

// source scans a source file: the header, SPDX tags below it, and comment
// blocks holding a whole license text.
func (s *Scanner) source(name string, text []byte) []model.FileLicense {
	lines := splitLines(text)
	end := headerEnd(lines)
	var out []model.FileLicense
	if end > 0 {
		out = append(out, s.block(name, lines, 0, end)...)
	}
	if end >= len(lines) {
		return out
	}
	rest := joinLines(lines[end:])
	if bytes.Contains(rest, []byte("SPDX-License-Identifier")) {
		for i := end; i < len(lines); i++ {
			if bytes.Contains(lines[i], []byte("SPDX-License-Identifier")) && isComment(lines[i]) {
				out = append(out, statements(name, uncomment(lines[i:i+1]), i, nil)...)
			}
		}
	}
	if hasTextAnchor(rest) {
		for i := end; i < len(lines); i++ {
			if !isComment(lines[i]) {
				continue
			}
			j := i
			for j < len(lines) && isComment(lines[j]) {
				j++
			}
			if hasTextAnchor(joinLines(lines[i:j])) {
				out = append(out, s.classify(name, uncomment(lines[i:j]), i)...)
			}
			i = j
		}
	}
	return out
}

// block scans the comment lines [from, to): classified when they hold a
// whole license text, else read by the notice layer.
func (s *Scanner) block(name string, lines [][]byte, from, to int) []model.FileLicense {
	text := uncomment(lines[from:to])
	if hasTextAnchor(text) {
		return s.classify(name, text, from)
	}
	return statements(name, text, from, copyrights(lines[from:to]))
}

// statements returns the notice layer's statements of text, which starts
// at line offset+1 of the file.
func statements(name string, text []byte, offset int, copyright []string) []model.FileLicense {
	var out []model.FileLicense
	for _, m := range notice.Find(text) {
		if m.ID == "" || !spdxexpr.Valid(m.ID) {
			continue
		}
		out = append(out, model.FileLicense{
			File: name, Line: offset + m.Lines[0], Kind: kindOf(m.Kind), License: m.ID,
			Original: original(m.Original, m.ID), Copyright: copyright,
		})
	}
	return out
}

// classify classifies text (starting at line offset+1 of the file) with
// the license classifier, as a file that is not a license file by name.
func (s *Scanner) classify(name string, text []byte, offset int) []model.FileLicense {
	ev := s.c.ClassifyText(model.Evidence{File: name, Matches: []model.Match{}}, text, false)
	cr := copyrights(splitLines(text))
	var out []model.FileLicense
	for _, m := range ev.Matches {
		switch m.Kind {
		case "", "text", model.FileKindTag, model.FileKindNotice, model.FileKindReference:
		default:
			continue // URLs and runners-up are evidence of a text, not statements
		}
		if m.ID == "" || !spdxexpr.Valid(m.ID) {
			continue
		}
		kind := m.Kind
		if kind == "" {
			kind = model.FileKindText
		}
		out = append(out, model.FileLicense{
			File: name, Line: offset + m.Lines[0], Kind: kind, License: m.ID,
			Original: original(m.Original, m.ID), Copyright: cr,
		})
	}
	return out
}

func original(orig, id string) string {
	if orig == id {
		return ""
	}
	return orig
}

func kindOf(k string) string {
	switch k {
	case notice.KindTag:
		return model.FileKindTag
	case notice.KindNotice:
		return model.FileKindNotice
	}
	return model.FileKindReference
}

// dedup drops a statement of a license already stated on the same line
// (a tag the classifier and the notice layer both report).
func dedup(in []model.FileLicense) []model.FileLicense {
	var out []model.FileLicense
	type key struct {
		license string
		line    int
	}
	seen := map[key]bool{}
	for _, f := range in {
		k := key{f.License, f.Line}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, f)
	}
	return out
}

// textAnchors are phrases of the common whole license texts (MIT, BSD,
// ISC, Apache-2.0's text, the GNU licenses, the MPL): a comment block
// without any is not classified, which keeps the cost of a file to a few
// searches of its bytes.
var textAnchors = [][]byte{
	[]byte("Permission is hereby granted"),
	[]byte("Redistribution and use in source and binary forms"),
	[]byte("Permission to use, copy, modify"),
	[]byte("TERMS AND CONDITIONS FOR USE, REPRODUCTION"),
	[]byte("GNU GENERAL PUBLIC LICENSE"),
	[]byte("GNU LESSER GENERAL PUBLIC LICENSE"),
	[]byte("Mozilla Public License Version 2.0"),
	[]byte("THE SOFTWARE IS PROVIDED"),
}

func hasTextAnchor(text []byte) bool {
	for _, a := range textAnchors {
		if bytes.Contains(text, a) {
			return true
		}
	}
	return false
}

// headerEnd returns the index of the first line of code: the header is
// the blank and comment lines before it (block comments included).
func headerEnd(lines [][]byte) int {
	inBlock := false
	for i, l := range lines {
		t := bytes.TrimSpace(l)
		if inBlock {
			if bytes.Contains(t, []byte("*/")) {
				inBlock = false
				if rest := bytes.TrimSpace(t[bytes.Index(t, []byte("*/"))+2:]); len(rest) > 0 && !bytes.HasPrefix(rest, []byte("//")) {
					return i
				}
			}
			continue
		}
		switch {
		case len(t) == 0, bytes.HasPrefix(t, []byte("//")), bytes.HasPrefix(t, []byte(";")) && !bytes.HasPrefix(t, []byte(";;")):
			// blank, a line comment (or an assembler's ; comment)
		case bytes.HasPrefix(t, []byte("/*")):
			if j := bytes.Index(t[2:], []byte("*/")); j < 0 {
				inBlock = true
			} else if rest := bytes.TrimSpace(t[2+j+2:]); len(rest) > 0 && !bytes.HasPrefix(rest, []byte("//")) {
				return i
			}
		default:
			return i
		}
	}
	return len(lines)
}

// isComment reports whether a line, trimmed, is (part of) a comment: it
// starts with //, /*, * or */ (the inside of a block comment in the usual
// style).
func isComment(l []byte) bool {
	t := bytes.TrimSpace(l)
	return bytes.HasPrefix(t, []byte("//")) || bytes.HasPrefix(t, []byte("/*")) || bytes.HasPrefix(t, []byte("*"))
}

var copyrightRE = regexp.MustCompile(`(?i)^\s*(?://+|/\*+|\*+|#+|;+)?\s*((?:copyright\b|\(c\)\s|©).*?)\s*(?:\*/)?\s*$`)

// copyrights returns the copyright lines of a comment, comment markers
// removed, at most 20.
func copyrights(lines [][]byte) []string {
	var out []string
	for _, l := range lines {
		if m := copyrightRE.FindSubmatch(l); m != nil && len(out) < 20 {
			s := string(m[1])
			if r := []rune(s); len(r) > 200 {
				s = string(r[:200])
			}
			out = append(out, s)
		}
	}
	return out
}

func splitLines(text []byte) [][]byte {
	lines := bytes.SplitAfter(text, []byte("\n"))
	if n := len(lines); n > 0 && len(lines[n-1]) == 0 {
		lines = lines[:n-1]
	}
	return lines
}

func joinLines(lines [][]byte) []byte { return bytes.Join(lines, nil) }

// uncomment returns the lines joined with their comment markers (//, /*,
// */ and the leading * of a block comment's lines) blanked out, so that
// statements read as prose; lines and columns stay where they were.
func uncomment(lines [][]byte) []byte {
	var b bytes.Buffer
	for _, l := range lines {
		t := bytes.TrimLeft(l, " \t")
		b.Write(l[:len(l)-len(t)])
		var marker int
		switch {
		case bytes.HasPrefix(t, []byte("//")), bytes.HasPrefix(t, []byte("/*")):
			marker = 1 + len(t[1:]) - len(bytes.TrimLeft(t[1:], "/*"))
		case bytes.HasPrefix(t, []byte("*")) && !bytes.HasPrefix(t, []byte("*/")):
			marker = len(t) - len(bytes.TrimLeft(t, "*"))
		}
		b.Write(bytes.Repeat([]byte(" "), marker))
		t = t[marker:]
		if i := bytes.Index(t, []byte("*/")); i >= 0 {
			b.Write(t[:i])
			b.WriteString("  ")
			t = t[i+2:]
		}
		b.Write(t)
	}
	return b.Bytes()
}
