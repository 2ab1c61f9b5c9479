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
	"encoding/binary"
	"math/bits"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/ospo-scan/ospo-scan/internal/model"
	"github.com/ospo-scan/ospo-scan/internal/notice"
	"github.com/ospo-scan/ospo-scan/internal/spdxexpr"
	"github.com/ospo-scan/ospo-scan/scanner/license"
)

// Scanner scans files. The zero Scanner is ready to use and safe for
// concurrent use; the license classifier behind it is built on the first
// whole license text met.
type Scanner struct {
	// Classifier classifies whole license texts; nil means one of the
	// Scanner's own. Pass the detector's to build the patterns once.
	Classifier *license.Classifier

	own  license.Classifier
	mu   sync.RWMutex
	memo map[string][]model.FileLicense // header text -> statements (File and Copyright empty)
	// heads holds the statements of each header as read, by its bytes
	// (File empty): the files of a package share their header
	// byte for byte, and the work of block is then done once.
	heads     map[string][]model.FileLicense
	headBytes int          // the size of heads' keys
	headHits  atomic.Int64 // for tests
	// validIDs remembers spdxexpr.Valid of the ids statements name (a
	// few, over and over; go-spdx's parse of one costs microseconds), up
	// to maxValidIDs of them.
	validIDs sync.Map
	nValid   atomic.Int64
}

// maxValidIDs bounds the ids a Scanner remembers as valid or not.
const maxValidIDs = 4096

// valid is spdxexpr.Valid, remembered.
func (s *Scanner) valid(id string) bool {
	if v, ok := s.validIDs.Load(id); ok {
		return v.(bool)
	}
	v := spdxexpr.Valid(id)
	if s.nValid.Add(1) <= maxValidIDs {
		s.validIDs.Store(id, v)
	}
	return v
}

// Extra reports whether a file name beside linked code is one the deep
// scan reads although the build does not compile it: README*, NOTICE*
// and *.LICENSE files that are not license files by name (those are
// detection's: see license.FileRole). root says whether the directory is
// the module root, whose README and NOTICE speak of the module as a whole
// (detection keeps the root NOTICE for attribution): there only *.LICENSE
// files are extra.
func Extra(name string, root bool) bool {
	up := strings.ToUpper(name)
	extra := strings.HasSuffix(up, ".LICENSE") || strings.HasSuffix(up, ".LICENCE") ||
		!root && (strings.HasPrefix(up, "README") || strings.HasPrefix(up, "NOTICE"))
	if !extra {
		return false
	}
	role := license.FileRole(name)
	return role != license.RoleLicense && role != license.RoleDocs
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
// blocks holding a whole license text. The body is only searched, and
// split into lines only when a search finds something.
func (s *Scanner) source(name string, text []byte) []model.FileLicense {
	size := headerSize(text)
	var out []model.FileLicense
	if size > 0 {
		out = append(out, s.header(name, text[:size])...)
	}
	rest := text[size:]
	// Every anchor and the tag hold "icense", "ICENSE", "PROVIDED" or
	// "Redistribution", and what is read below is comment lines: most
	// bodies have no comment line with one of those words, and are
	// passed over once, line by line.
	if !commentMentions(rest) {
		return out
	}
	tags := bytes.Contains(rest, spdxTag)
	anchored := hasTextAnchor(rest)
	goRef := bytes.Contains(rest, goNotice)
	if !tags && !anchored && !goRef {
		return out
	}
	lines, off := splitLines(rest), bytes.Count(text[:size], []byte("\n"))
	if tags {
		for i, l := range lines {
			if bytes.Contains(l, spdxTag) && isComment(l) {
				out = append(out, s.statements(name, uncomment(lines[i:i+1]), off+i)...)
			}
		}
	}
	if anchored || goRef {
		for i := 0; i < len(lines); i++ {
			if !isComment(lines[i]) {
				continue
			}
			j := i
			for j < len(lines) && isComment(lines[j]) {
				j++
			}
			block := joinLines(lines[i:j])
			if hasTextAnchor(block) {
				out = append(out, s.classify(name, uncomment(lines[i:j]), off+i)...)
			} else if bytes.Contains(block, goNotice) {
				// Read as a header is, for its copyright lines.
				for _, f := range s.block(name, lines[i:j]) {
					f.Line += off + i
					f.Comment[0] += off + i
					f.Comment[1] += off + i
					out = append(out, f)
				}
			}
			i = j
		}
	}
	return out
}

var spdxTag = []byte("SPDX-License-Identifier")

// goNotice is the Go Authors' one-sentence notice, which code adapted from
// the standard library keeps below the header as often as in it; such a
// comment block is read by the notice layer.
var goNotice = []byte("governed by a BSD-style")

// maxMemo bounds the headers a Scanner remembers; maxHeadBytes the
// bytes of the headers it remembers as read (see header).
const (
	maxMemo      = 1 << 14
	maxHeadBytes = 16 << 20
)

// header returns the statements of a file's header (raw, the bytes
// headerSize measured) as block does, remembered by the header's bytes:
// the statements of a header are a function of its bytes, and the files
// of a package share theirs byte for byte, so that most headers are not
// even split into lines. Each call returns its own copy, that the caller
// may change.
func (s *Scanner) header(name string, raw []byte) []model.FileLicense {
	s.mu.RLock()
	got, ok := s.heads[string(raw)] // no copy of raw for the lookup
	s.mu.RUnlock()
	if !ok {
		got = s.block("", splitLines(raw))
		s.mu.Lock()
		if s.heads == nil {
			s.heads = map[string][]model.FileLicense{}
		}
		if _, dup := s.heads[string(raw)]; !dup && s.headBytes+len(raw) <= maxHeadBytes {
			s.heads[string(raw)] = got
			s.headBytes += len(raw)
		}
		s.mu.Unlock()
	} else {
		s.headHits.Add(1)
	}
	out := make([]model.FileLicense, len(got))
	for i, f := range got {
		f.File = name
		f.Copyright = slices.Clone(f.Copyright)
		out[i] = f
	}
	return out
}

// block scans a header (the file's first lines): classified when it holds
// a whole license text, else read by the notice layer. The notice layer's
// reading of a header is remembered: the files of a module share a few
// headers. Each statement's Comment is widened to the comment groups
// (runs of comment lines between blank lines) it spans, and its copyright
// lines are those of that comment.
func (s *Scanner) block(name string, lines [][]byte) []model.FileLicense {
	// The headers of a module's files differ mostly in their copyright
	// lines (years, authors): read without them, they are read once.
	text := uncomment(withoutCopyrights(lines))
	s.mu.RLock()
	found, ok := s.memo[string(text)] // no copy of text for the lookup
	s.mu.RUnlock()
	if !ok {
		if hasTextAnchor(text) {
			found = s.classify("", text, 0)
		} else {
			found = s.statements("", text, 0)
		}
		s.mu.Lock()
		if s.memo == nil {
			s.memo = map[string][]model.FileLicense{}
		}
		if len(s.memo) < maxMemo {
			s.memo[string(text)] = found
		}
		s.mu.Unlock()
	}
	if len(found) == 0 {
		return nil // most headers: no statement to place
	}
	groups := commentGroups(lines)
	out := make([]model.FileLicense, len(found))
	for i, f := range found {
		f.File = name
		f.Comment = [2]int{groups[f.Comment[0]-1][0], groups[f.Comment[1]-1][1]}
		f.Copyright = copyrights(lines[f.Comment[0]-1 : f.Comment[1]])
		out[i] = f
	}
	return out
}

// commentGroups returns, for each line of a header, the first and last
// line (1-based) of its comment group: the run of lines between blank
// lines outside block comments.
func commentGroups(lines [][]byte) [][2]int {
	out := make([][2]int, len(lines))
	inBlock := false
	start := 0
	for i, l := range lines {
		t := bytes.TrimSpace(l)
		blank := len(t) == 0 && !inBlock
		if blank {
			for k := start; k < i; k++ {
				out[k] = [2]int{start + 1, i}
			}
			out[i] = [2]int{i + 1, i + 1}
			start = i + 1
		}
		headerLine(t, &inBlock)
	}
	for k := start; k < len(lines); k++ {
		out[k] = [2]int{start + 1, len(lines)}
	}
	return out
}

// statements returns the notice layer's statements of text, which starts
// at line offset+1 of the file.
func (s *Scanner) statements(name string, text []byte, offset int) []model.FileLicense {
	var out []model.FileLicense
	for _, m := range notice.Find(text) {
		if m.ID == "" && m.Note == notice.BSDStyleNote {
			// "A BSD-style license" of copied code (the Pebble
			// authors' in dgraph-io/ristretto): a BSD license, of a
			// variant the file does not state, that a module under
			// another license does not cover.
			m.ID, m.Original = spdxexpr.BSDStyle, strings.TrimSpace(m.Original)
		}
		if m.ID == "" || !s.valid(m.ID) {
			continue
		}
		out = append(out, model.FileLicense{
			File: name, Line: offset + m.Lines[0], Kind: kindOf(m.Kind), License: m.ID,
			Original: original(m.Original, m.ID), Comment: [2]int{offset + m.Lines[0], offset + m.Lines[1]},
		})
	}
	return out
}

// classify classifies text (starting at line offset+1 of the file) with
// the license classifier, as a file that is not a license file by name.
// Each statement's Comment is the whole text, and its copyright lines
// those of the text.
func (s *Scanner) classify(name string, text []byte, offset int) []model.FileLicense {
	trimmed := bytes.TrimRight(text, " \t\r\n")
	comment := [2]int{offset + 1, offset + 1 + bytes.Count(trimmed, []byte("\n"))}
	c := s.Classifier
	if c == nil {
		c = &s.own
	}
	ev := c.ClassifyText(model.Evidence{File: name, Matches: []model.Match{}}, text, false)
	cr := copyrights(splitLines(text))
	var out []model.FileLicense
	for _, m := range ev.Matches {
		switch m.Kind {
		case "", "text", model.FileKindTag, model.FileKindNotice, model.FileKindReference:
		default:
			continue // URLs and runners-up are evidence of a text, not statements
		}
		if m.ID == "" || !s.valid(m.ID) {
			continue
		}
		kind := m.Kind
		if kind == "" {
			kind = model.FileKindText
		}
		out = append(out, model.FileLicense{
			File: name, Line: offset + m.Lines[0], Kind: kind, License: m.ID,
			Original: original(m.Original, m.ID), Copyright: cr, Comment: comment,
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

// dedup keeps the first statement of each license in a file: a file is
// under a license or not, however often it says so (a tag and a notice,
// a notice the classifier and the notice layer both report). A statement
// of a license that another statement of the file offers as one choice of
// an OR ("EPL-2.0" and "BSD-3-Clause" beside "EPL-2.0 OR BSD-3-Clause")
// is that choice, not a second obligation, as notice.Expression reads a
// text. One statement (most files) is kept as it is, unparsed.
func dedup(in []model.FileLicense) []model.FileLicense {
	if len(in) < 2 {
		if len(in) == 0 {
			return nil
		}
		return in
	}
	choices := map[string]bool{}
	for _, f := range in {
		if e, ok := spdxexpr.Parse(f.License); ok && e.Op == "OR" {
			for _, k := range e.Kids {
				choices[k.Key()] = true
			}
		}
	}
	var out []model.FileLicense
	seen := map[string]bool{}
	for _, f := range in {
		if seen[f.License] {
			continue
		}
		if e, ok := spdxexpr.Parse(f.License); ok && e.Op != "OR" && choices[e.Key()] {
			continue
		}
		seen[f.License] = true
		out = append(out, f)
	}
	return out
}

// textAnchors are phrases of the common whole license texts: a comment
// block without any is not classified, which keeps the cost of a file to a
// few searches of its bytes. (A text they miss is still read when it is
// in the header, by the notice layer; below the header only its SPDX tags
// are.)
var textAnchors = [][]byte{
	[]byte("THE SOFTWARE IS PROVIDED"),       // MIT, ISC, X11
	[]byte("Redistribution and use"),         // the BSD family
	[]byte("TERMS AND CONDITIONS FOR USE"),   // Apache-2.0
	[]byte("GENERAL PUBLIC LICENSE"),         // the GNU licenses
	[]byte("Mozilla Public License Version"), // MPL-2.0 (its notice says "License, v. 2.0")
}

func hasTextAnchor(text []byte) bool {
	for _, a := range textAnchors {
		if bytes.Contains(text, a) {
			return true
		}
	}
	return false
}

// headerSize returns the size in bytes of a source file's header: the
// blank and comment lines before the first line of code, block comments
// included.
func headerSize(text []byte) int {
	inBlock := false
	pos := 0
	for pos < len(text) {
		end := len(text)
		if i := bytes.IndexByte(text[pos:], '\n'); i >= 0 {
			end = pos + i + 1
		}
		if !headerLine(bytes.TrimSpace(text[pos:end]), &inBlock) {
			break
		}
		pos = end
	}
	return pos
}

// headerLine reports whether a line (trimmed) belongs to a header: a
// blank line, a line comment, an assembler's ; comment, or a line of a
// block comment that no code follows; inBlock tracks the block comment.
func headerLine(t []byte, inBlock *bool) bool {
	if *inBlock {
		i := bytes.Index(t, []byte("*/"))
		if i < 0 {
			return true
		}
		*inBlock = false
		return onlyComment(t[i+2:])
	}
	switch {
	case len(t) == 0, bytes.HasPrefix(t, []byte("//")), bytes.HasPrefix(t, []byte(";")):
		return true
	case bytes.HasPrefix(t, []byte("/*")):
		i := bytes.Index(t[2:], []byte("*/"))
		if i < 0 {
			*inBlock = true
			return true
		}
		return onlyComment(t[2+i+2:])
	}
	return false
}

// onlyComment reports whether what follows a block comment on its line is
// nothing or a line comment.
func onlyComment(rest []byte) bool {
	rest = bytes.TrimSpace(rest)
	return len(rest) == 0 || bytes.HasPrefix(rest, []byte("//"))
}

// commentMentions reports whether a comment line of text (see
// isComment) holds "icense", "ICENSE", "PROVIDED" or "Redistribution":
// the words every text anchor and the SPDX tag hold. The words are
// searched in the whole text first (most bodies hold none of them): the
// first two together (indexLicenseWord), the others each by a part of it
// that starts with a byte rare in code (see mentionWords); only the lines
// of what is found are looked at.
func commentMentions(text []byte) bool {
	for pos := 0; pos < len(text); {
		k := indexLicenseWord(text[pos:])
		if k < 0 {
			break
		}
		end, ok := inComment(text, pos+k)
		if ok {
			return true
		}
		pos = end // the next line
	}
	for _, w := range mentionWords {
		for pos := w.at; pos < len(text); {
			k := bytes.Index(text[pos:], w.part)
			if k < 0 {
				break
			}
			i := pos + k - w.at // where the word would start
			pos += k + 1
			if i+len(w.word) > len(text) || !bytes.Equal(text[i:i+len(w.word)], w.word) {
				continue
			}
			end, ok := inComment(text, i)
			if ok {
				return true
			}
			pos = end + w.at // the next line
		}
	}
	return false
}

// inComment reports whether the line of text holding byte i is a comment
// line (isComment), and returns where the next line starts.
func inComment(text []byte, i int) (int, bool) {
	start := bytes.LastIndexByte(text[:i], '\n') + 1
	end := len(text)
	if k := bytes.IndexByte(text[i:], '\n'); k >= 0 {
		end = i + k + 1
	}
	return end, isComment(text[start:end])
}

// mentionWords are the words commentMentions looks for besides "icense"
// and "ICENSE", each with the part of it searched first and where that
// part starts in it: a part whose first byte is rare in Go code makes the
// search skip ahead (in telegraf's 222 MB of linked Go files, 'V' is one
// byte in 621, 'R' one in 237).
var mentionWords = []struct {
	word, part []byte
	at         int
}{
	{[]byte("PROVIDED"), []byte("VIDED"), 3},
	{[]byte("Redistribution"), []byte("Redistr"), 0},
}

// indexLicenseWord returns the index of the first "icense" or "ICENSE" in
// text, -1 when there is none. No byte of the word is rare in code ('c',
// the rarest, is one in 47 of telegraf's linked Go files, and a search by
// it stops at each), so sixteen positions at a time are tested, in 64-bit
// words, for an i or I with an e or E five bytes on (x|0x20 folds only
// those two bytes to 'i' and 'e'), and each such position is checked. A
// position with both is flagged in both masks: the zero-byte test used
// can flag a byte above a true zero too, but never misses one.
// commentMentions on the bodies of telegraf's 21,368 linked Go files
// takes 65 ms so, 87 ms searching "cense" and "NSE" by their first byte.
func indexLicenseWord(text []byte) int {
	const (
		ones = 0x0101010101010101
		high = 0x8080808080808080
		fold = 0x2020202020202020
	)
	at := func(k int) bool {
		w := text[k : k+6]
		return string(w) == "icense" || string(w) == "ICENSE"
	}
	i := 0
	for ; i+21 <= len(text); i += 16 {
		w := text[i : i+21 : i+21]
		a0 := binary.LittleEndian.Uint64(w[0:8]) | fold ^ 'i'*ones
		e0 := binary.LittleEndian.Uint64(w[5:13]) | fold ^ 'e'*ones
		a1 := binary.LittleEndian.Uint64(w[8:16]) | fold ^ 'i'*ones
		e1 := binary.LittleEndian.Uint64(w[13:21]) | fold ^ 'e'*ones
		m0 := (a0 - ones) &^ a0 & (e0 - ones) &^ e0 & high
		m1 := (a1 - ones) &^ a1 & (e1 - ones) &^ e1 & high
		if m0|m1 == 0 {
			continue
		}
		for ; m0 != 0; m0 &= m0 - 1 {
			if k := i + bits.TrailingZeros64(m0)/8; at(k) {
				return k
			}
		}
		for ; m1 != 0; m1 &= m1 - 1 {
			if k := i + 8 + bits.TrailingZeros64(m1)/8; at(k) {
				return k
			}
		}
	}
	for ; i+6 <= len(text); i++ {
		if at(i) {
			return i
		}
	}
	return -1
}

// isComment reports whether a line, trimmed, is (part of) a comment: it
// starts with //, /*, * or */ (the inside of a block comment in the usual
// style).
func isComment(l []byte) bool {
	t := bytes.TrimSpace(l)
	return bytes.HasPrefix(t, []byte("//")) || bytes.HasPrefix(t, []byte("/*")) || bytes.HasPrefix(t, []byte("*"))
}

// copyrightLine returns a copyright line without its comment markers,
// and reports whether it is one: "Copyright" followed by a year, (c) or ©,
// or "(c)"/"©" followed by a year; not the license's own "copyright
// notice" wording.
func copyrightLine(l []byte) ([]byte, bool) {
	t := bytes.TrimSpace(l)
	t = bytes.TrimSpace(bytes.TrimLeft(t, "/*#;"))
	t = bytes.TrimSpace(bytes.TrimSuffix(t, []byte("*/")))
	if len(t) >= 9 && bytes.EqualFold(t[:9], []byte("copyright")) {
		r := bytes.TrimLeft(t[9:], " \t")
		if len(r) >= 3 && bytes.EqualFold(r[:3], []byte("(c)")) || bytes.HasPrefix(r, []byte("©")) || year(r) {
			return t, true
		}
		return nil, false
	}
	var r []byte
	switch {
	case len(t) >= 3 && bytes.EqualFold(t[:3], []byte("(c)")):
		r = t[3:]
	case bytes.HasPrefix(t, []byte("©")):
		r = t[len("©"):]
	default:
		return nil, false
	}
	if !year(bytes.TrimLeft(r, " \t")) {
		return nil, false
	}
	return t, true
}

// year reports whether b starts with four digits.
func year(b []byte) bool {
	if len(b) < 4 {
		return false
	}
	for _, c := range b[:4] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// collectedCopyright is copyrightLine, also taking a line that starts
// with "Portions" before one ("Portions Copyright 2016 Hiroshi Ioka", in
// a Go Authors text that go-smb2 keeps), and one that holds "copyright
// (C)" or "copyright ©" and a year after other words ("... are copyright
// (C) 1996-2010 Julian R Seward", the bzip2 notice its license says to
// keep): lines an attribution must carry, though they are not where a
// header's copyright lines usually are.
func collectedCopyright(l []byte) ([]byte, bool) {
	if c, ok := copyrightLine(l); ok {
		return c, true
	}
	t := bytes.TrimSpace(bytes.TrimLeft(bytes.TrimSpace(l), "/*#;"))
	if len(t) > 9 && bytes.EqualFold(t[:9], []byte("portions ")) {
		if _, ok := copyrightLine(t[9:]); ok {
			return bytes.TrimSpace(bytes.TrimSuffix(t, []byte("*/"))), true
		}
	}
	low := bytes.ToLower(t)
	for _, mark := range [][]byte{[]byte("copyright (c)"), []byte("copyright ©")} {
		if i := bytes.Index(low, mark); i > 0 && year(bytes.TrimLeft(t[i+len(mark):], " \t")) {
			return bytes.TrimSpace(bytes.TrimSuffix(t, []byte("*/"))), true
		}
	}
	return nil, false
}

// copyrights returns the copyright lines of a comment, comment markers
// removed, at most 20.
func copyrights(lines [][]byte) []string {
	var out []string
	for _, l := range lines {
		if !mayCopyright(l) {
			continue
		}
		if c, ok := collectedCopyright(l); ok && len(out) < 20 {
			s := string(c)
			if r := []rune(s); len(r) > 200 {
				s = string(r[:200])
			}
			out = append(out, s)
		}
	}
	return out
}

// saysMore reports whether a copyright line says something the notice
// layer reads: a license named beside the copyright, the Go Authors
// (whose notice is BSD-3-Clause), a dedication.
func saysMore(l []byte) bool {
	low := bytes.ToLower(l)
	return bytes.Contains(low, []byte("licen")) || bytes.Contains(low, []byte("go authors")) || bytes.Contains(low, []byte("domain"))
}

// withoutCopyrights returns the lines with each copyright line blanked
// (its line ending kept, so that line numbers stay), unless it says more
// (see saysMore).
func withoutCopyrights(lines [][]byte) [][]byte {
	var out [][]byte
	for i, l := range lines {
		if !mayCopyright(l) || saysMore(l) {
			continue
		}
		if _, ok := copyrightLine(l); !ok {
			continue
		}
		if out == nil {
			out = append([][]byte(nil), lines...)
		}
		if bytes.HasSuffix(l, []byte("\n")) {
			out[i] = []byte("//\n")
		} else {
			out[i] = []byte("//")
		}
	}
	if out == nil {
		return lines
	}
	return out
}

// mayCopyright reports whether a line may hold a copyright statement,
// cheaply, before copyrightLine decides.
//
// It holds "opyright", "OPYRIGHT", "(c)", "(C)" or "©": one pass over
// the line (most header lines hold none), not one search per mark.
func mayCopyright(l []byte) bool {
	for i, c := range l {
		switch c {
		case 'o', 'O':
			if w := l[i:min(i+8, len(l))]; string(w) == "opyright" || string(w) == "OPYRIGHT" {
				return true
			}
		case '(':
			if i+2 < len(l) && (l[i+1] == 'c' || l[i+1] == 'C') && l[i+2] == ')' {
				return true
			}
		case 0xC2: // © is C2 A9
			if i+1 < len(l) && l[i+1] == 0xA9 {
				return true
			}
		}
	}
	return false
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
	n := 0
	for _, l := range lines {
		n += len(l)
	}
	b := bytes.NewBuffer(make([]byte, 0, n)) // the size of the lines, exactly
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
		for range marker {
			b.WriteByte(' ')
		}
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
