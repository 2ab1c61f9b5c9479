package license

import (
	"bytes"
	"fmt"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/ospo-scan/ospo-scan/internal/model"
	"github.com/ospo-scan/ospo-scan/internal/notice"
	"github.com/ospo-scan/ospo-scan/internal/spdxexpr"
)

// TagConflict confronts the license a module's license files give (files,
// an SPDX expression; "" when they give none) with the
// SPDX-License-Identifier tags of the module's own source files (tags,
// one expression per file read, "" for a file without a tag). It reports
// a conflict, and why, only when every file is tagged and every tag names
// other licenses than the files do: no license of the tag agrees with one
// of the files' (the same id, the same GNU license and version, see
// agrees). A GPL-3.0 LICENSE with `SPDX-License-Identifier: Apache-2.0`
// in every file is such a conflict; a human decides. It is pure: the
// caller reads the files (their first lines are enough).
func TagConflict(files string, tags []string) (bool, string) {
	if files == "" || len(tags) == 0 {
		return false, ""
	}
	fileLeaves := leaves(files)
	var said []string
	for _, tag := range tags {
		norm, settles := tagSettles(fileLeaves, tag)
		if settles {
			return false, ""
		}
		said = append(said, norm)
	}
	said = distinct(said)
	return true, fmt.Sprintf("the license files say %s, but the SPDX-License-Identifier tags of the module's source files, every one tagged, say %s; they name different licenses, a human decides",
		files, strings.Join(said, "; "))
}

// TagSettles reports whether one file's tag settles that the module has
// no tag conflict (see TagConflict), whatever its other files' tags: a
// file without a valid tag, or one whose tag agrees with the license
// files' license (files). A reader of the tags may stop there.
func TagSettles(files, tag string) bool {
	if files == "" {
		return true
	}
	_, settles := tagSettles(leaves(files), tag)
	return settles
}

// tagSettles is TagSettles on the leaves of the files' license; it also
// returns the tag normalised.
func tagSettles(fileLeaves []string, tag string) (string, bool) {
	norm, ok := spdxexpr.Normalize(tag)
	if tag == "" || !ok {
		return "", true
	}
	for _, l := range leaves(norm) {
		for _, f := range fileLeaves {
			if agrees(l, f) || agrees(f, l) {
				return "", true
			}
		}
	}
	return norm, false
}

// tagEvidence returns the tags of a module's evidence of source files
// (files of no FileRole: the tags a scan found in the module's own files
// when they contradict its license files), one per file.
func tagEvidence(evs []model.Evidence) []string {
	var out []string
	for _, ev := range evs {
		if FileRole(path.Base(ev.File)) == "" {
			out = append(out, ev.License)
		}
	}
	return out
}

// tagWord is what a line holding an SPDX tag holds, once lowered.
const tagWord = "spdx-license-identifier"

// holdsTagWord reports whether text, lowered, holds tagWord.
func holdsTagWord(text []byte) bool {
	return bytes.Contains(bytes.ToLower(text), []byte(tagWord))
}

// asciiHoldsTagWord is holdsTagWord for an ASCII text, without lowering
// it: each '-' that may follow "spdx" is looked at.
func asciiHoldsTagWord(text []byte) bool {
	for i := 4; i < len(text); i++ {
		j := bytes.IndexByte(text[i:], '-')
		if j < 0 {
			return false
		}
		i += j
		if start := i - 4; start+len(tagWord) <= len(text) && asciiEqualFold(text[start:start+len(tagWord)], tagWord) {
			return true
		}
	}
	return false
}

// isASCII reports whether b is ASCII.
func isASCII[T ~string | ~[]byte](b T) bool {
	for i := 0; i < len(b); i++ {
		if b[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// asciiEqualFold reports whether the ASCII b is lower, once lowered.
func asciiEqualFold(b []byte, lower string) bool {
	for i := range len(lower) {
		c := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

// HeaderTag returns the expression of the SPDX-License-Identifier tags in
// a source file's first bytes (its header) and the line of the first, ""
// when it has none.
func HeaderTag(header []byte) (string, int) {
	// Only the lines holding a tag are read (the notice layer's grammar
	// over a whole header costs ten times more), each keeping its line
	// number. Most headers have no tag: a search of the whole header
	// spares them the split. An ASCII header (most) is searched as it
	// is; another is lowered (each rune lowers on its own, so a line
	// holds the word only if the whole does: U+0130 lowers to an i).
	holds := holdsTagWord
	if isASCII(header) {
		holds = asciiHoldsTagWord
	}
	if !holds(header) {
		return "", 0
	}
	var lines [][]byte
	first := 0
	for n, l := range bytes.Split(header, []byte("\n")) {
		if holds(l) {
			if first == 0 {
				first = n + 1
			}
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 {
		return "", 0
	}
	var tags []notice.Match
	for _, m := range notice.Find(bytes.Join(lines, []byte("\n"))) {
		if m.Kind == notice.KindTag && m.ID != "" {
			tags = append(tags, m)
		}
	}
	if len(tags) == 0 {
		return "", 0
	}
	return notice.Expression(tags), first
}
