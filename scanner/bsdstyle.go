package scanner

import (
	"bytes"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/ospo-scan/ospo-scan/internal/model"
	"github.com/ospo-scan/ospo-scan/internal/spdxexpr"
)

// referredBSDStyle drops from d the statements "governed by a BSD-style
// license that can be found in the LICENSE file" (spdxexpr.BSDStyle) that
// refer to a license file of their own directory: one that detection
// read as a license (evidence) and that is a BSD license, or that names
// the statement's copyright holder. That file is the module's, and its
// license counts (olivere/elastic's uritemplates: a BSD-style notice of
// Joshua Tacoma beside his MIT LICENSE). Any other such statement refers
// to a file the module does not have, code copied from elsewhere, and
// stands (dgraph-io/ristretto's z/calloc_64bit.go of the Pebble authors,
// whose directory's LICENSE lists the MIT licenses of other files).
func referredBSDStyle(d *model.Deep, root string, evidence []model.Evidence) {
	byDir := map[string][]model.Evidence{}
	for _, e := range evidence {
		if e.Verdict == model.VerdictLicense && e.License != "" {
			byDir[path.Dir(e.File)] = append(byDir[path.Dir(e.File)], e)
		}
	}
	texts := map[string][]byte{}
	out := d.Files[:0]
	for _, f := range d.Files {
		if f.License == spdxexpr.BSDStyle && refersTo(f, byDir[path.Dir(f.File)], root, texts) {
			continue
		}
		out = append(out, f)
	}
	d.Files = out
}

// refersTo reports whether one of the license files lics (of f's
// directory) is the one f's statement refers to.
func refersTo(f model.FileLicense, lics []model.Evidence, root string, texts map[string][]byte) bool {
	for _, e := range lics {
		if lic, ok := spdxexpr.Parse(e.License); ok && slices.ContainsFunc(lic.LeafIDs(), func(id string) bool { return strings.HasPrefix(id, "BSD-") }) {
			return true
		}
		named, ok := texts[e.File]
		if !ok {
			text, _, _ := readLicenseFile(root, filepath.Join(root, filepath.FromSlash(e.File)))
			named = noticeHolders(text)
			texts[e.File] = named
		}
		for _, c := range f.Copyright {
			if h := holder(c); h != "" && containsWords(named, h) {
				return true
			}
		}
	}
	return false
}

// containsWords reports whether text holds h as whole words: not "me
// person" in "some person", nor "some per" in "some person".
func containsWords(text []byte, h string) bool {
	for i := 0; ; {
		j := bytes.Index(text[i:], []byte(h))
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(h)
		if (start == 0 || !isWordByte(text[start-1])) && (end == len(text) || !isWordByte(text[end])) {
			return true
		}
		i = start + 1
	}
}

// isWordByte reports whether b is part of a word: a letter or digit, or
// a byte of a multi-byte UTF-8 character.
func isWordByte(b byte) bool {
	return b >= 0x80 || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}

// noticeHolders returns the holders (see holder) of the copyright
// notices of a license file, the lines that start with "Copyright",
// "(c)" or "©" after comment marks, one a line: a holder found elsewhere
// is only the license's own words ("the authors" of the MIT license's
// "the authors or copyright holders be liable").
func noticeHolders(text []byte) []byte {
	var out []byte
	for line := range bytes.Lines(text) {
		l := bytes.ToLower(bytes.TrimLeft(line, " \t/*#;-"))
		if bytes.HasPrefix(l, []byte("copyright")) || bytes.HasPrefix(l, []byte("(c)")) || bytes.HasPrefix(l, []byte("©")) {
			out = append(append(out, holder(string(l))...), '\n')
		}
	}
	return out
}

var (
	copyrightWords = regexp.MustCompile(`(?i)\bcopyright\b|\(c\)|©|\ball rights reserved\b.*$|\b(19|20)\d\d\b(\s*[-,]\s*(19|20)?\d\d\b)*`)
	spaces         = regexp.MustCompile(`\s+`)
)

// holder returns the lower-case holder a copyright line names
// ("joshua tacoma" of "Copyright 2013 Joshua Tacoma. All rights
// reserved."), "" when it names none of at least two words.
func holder(line string) string {
	h := copyrightWords.ReplaceAllString(line, " ")
	h = strings.Trim(spaces.ReplaceAllString(h, " "), " .,;:")
	if strings.Count(h, " ") < 1 {
		return ""
	}
	return strings.ToLower(h)
}
