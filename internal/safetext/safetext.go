// Package safetext makes text taken from input safe to print on a terminal.
//
// Paths, globs, license file names and license text excerpts come from files
// the user (or a dependency's author) controls. Printed raw, an ESC byte can
// move the cursor, recolour or hide the rest of a report. Escape replaces
// every control character and every invalid UTF-8 byte with a visible escape,
// and Truncate bounds how much of an input is echoed.
package safetext

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Escape returns s with control characters and invalid UTF-8 replaced by
// visible escapes, and everything else (printable ASCII and Unicode,
// including spaces) kept as is. A backslash is kept as is too, so a
// Windows path reads naturally; the escapes are for reading, not for
// parsing back.
//
// Escapes used: \t, \n, \r for those three; \xNN for other C0 controls,
// DEL and invalid UTF-8 bytes; \u{NNNN} for other non-graphic runes (C1
// controls, bidirectional overrides, zero-width and other format
// characters, line and paragraph separators, private use).
func Escape(s string) string {
	if isSafe(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case !safeRune(r):
			fmt.Fprintf(&b, `\u{%04x}`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// Truncate returns s unchanged if it has at most n runes; otherwise it
// returns the first n runes followed by "…". It never splits a UTF-8
// sequence (an invalid byte counts as one rune). n <= 0 keeps nothing but
// the "…" of a non-empty s. Truncate before Escape bounds how much input is
// echoed; Escape may then lengthen the result by its escapes.
func Truncate(s string, n int) string {
	if n < 0 {
		n = 0
	}
	if len(s) <= n { // at most n bytes is at most n runes
		return s
	}
	count := 0
	for i := range s {
		if count == n {
			return s[:i] + "…"
		}
		count++
	}
	return s
}

// isSafe reports whether s needs no escaping (the common case, no
// allocation).
func isSafe(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == 0x7f {
			return false
		}
		if c >= utf8.RuneSelf {
			return isSafeSlow(s[i:])
		}
	}
	return true
}

func isSafeSlow(s string) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 {
			return false
		}
		if r < 0x20 || r == 0x7f || !safeRune(r) {
			return false
		}
		i += size
	}
	return true
}

// safeRune reports whether r can be printed as is: letters, marks,
// numbers, punctuation, symbols and spaces (unicode.IsGraphic); not
// controls, format characters (bidi overrides, zero-width joiners),
// line/paragraph separators, surrogates, private-use or unassigned runes.
func safeRune(r rune) bool {
	return unicode.IsGraphic(r)
}
