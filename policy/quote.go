package policy

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxEcho is how many characters of a value from the policy file an error
// message repeats.
const maxEcho = 80

// quoteInput quotes a value read from the policy file for a message: Go
// syntax, so control characters (ESC, ...) are escaped, and at most maxEcho
// characters of it, the rest elided with its size.
func quoteInput(s string) string {
	if utf8.RuneCountInString(s) <= maxEcho {
		return strconv.Quote(s)
	}
	n := 0
	for i := range s {
		if n == maxEcho {
			return strconv.Quote(s[:i]) + "… (" + strconv.Itoa(len(s)) + " bytes)"
		}
		n++
	}
	return strconv.Quote(s)
}

// escapeControl escapes the control characters of s (ESC, CR, DEL, C1,
// invalid UTF-8 ...) as Go escapes, leaving everything else as is: what it
// returns cannot move a terminal's cursor or change its colours.
func escapeControl(s string) string {
	if strings.IndexFunc(s, isControl) < 0 && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == utf8.RuneError:
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				b.WriteString(`\x` + strconv.FormatUint(uint64(s[i]), 16))
				continue
			}
			b.WriteRune(r)
		case isControl(r):
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isControl reports the runes a terminal may act on: C0 and C1 controls,
// DEL, and the bidirectional formatting characters.
func isControl(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r)
}

// controlIn returns the first control character of a policy value, if any;
// tab and newline are allowed in text.
func controlIn(s string, text bool) (rune, bool) {
	for _, r := range s {
		if text && (r == '\t' || r == '\n') {
			continue
		}
		if isControl(r) {
			return r, true
		}
	}
	return 0, false
}

// truncate is quoteInput without the quotes, for values that read as
// names in a message (module globs, license ids).
func truncate(s string) string {
	q := quoteInput(s)
	if q == strconv.Quote(s) && !strings.ContainsAny(s, "\"\\") {
		return q[1 : len(q)-1]
	}
	return q
}
