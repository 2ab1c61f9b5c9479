// Package phrase splits text into the words the notice grammar works on.
// The generator of the name tables and the matcher share it, so that a name
// from the SPDX License List and the same name in a file become the same
// key.
package phrase

import "strings"

// Token is one word or one significant punctuation mark of a text.
type Token struct {
	// Text is the lower-cased word ("licence" spelled "license"), a
	// version ("2.0"), "+", or one of , ; : . ( ) /.
	Text string
	// Start and End are byte offsets of the token in the text.
	Start, End int
	// Line is the 1-based line of the token.
	Line int
}

// IsPunct reports whether t is a punctuation token.
func (t Token) IsPunct() bool {
	if len(t.Text) != 1 {
		return false
	}
	switch t.Text[0] {
	case ',', ';', ':', '.', '(', ')', '/', '+':
		return true
	}
	return false
}

func isWord(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// Lower returns text with ASCII letters in lower case, byte for byte (the
// same length, so offsets carry over).
func Lower(text []byte) string {
	b := make([]byte, len(text))
	for i, c := range text {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	return string(b)
}

// spelling maps British spellings to the ones the tables use.
func spelling(w string) string {
	switch w {
	case "licence":
		return "license"
	case "licences":
		return "licenses"
	case "licenced":
		return "licensed"
	case "licencing":
		return "licensing"
	}
	return w
}

// Append appends the tokens of text[start:end] to toks; line is the line
// number of text[start] and low is Lower(text), whose substrings become the
// tokens' texts (no allocation per token). Words are runs of ASCII letters and digits (a
// dot between digits stays inside: "2.0"); '-', '_', quotes, markup and
// comment markers separate words; punctuation is kept only where prose puts
// it (a comma or period right after a word, a slash between two words), so
// comment markers at line starts do not break a sentence spread over lines.
func Append(toks []Token, text []byte, low string, start, end, line int) []Token {
	i := start
	for i < end {
		c := text[i]
		switch {
		case c == '\n':
			line++
			i++
		case isWord(c):
			j := i + 1
			for j < end {
				if isWord(text[j]) {
					j++
					continue
				}
				if text[j] == '.' && j+1 < end && isDigit(text[j+1]) && isDigit(text[j-1]) {
					j++
					continue
				}
				break
			}
			toks = append(toks, Token{Text: spelling(low[i:j]), Start: i, End: j, Line: line})
			i = j
		default:
			prev := byte(' ')
			if i > start {
				prev = text[i-1]
			}
			next := byte(' ')
			if i+1 < end {
				next = text[i+1]
			}
			keep := false
			switch c {
			case ',', ';', ':', '.':
				keep = isWord(prev) || prev == ')' || prev == '"' || prev == '\''
			case '+':
				keep = isWord(prev) || prev == '.'
			case '(':
				keep = isWord(next) || next == '"' || next == 'h'
			case ')':
				keep = isWord(prev) || prev == '.' || prev == '"' || prev == '\''
			case '/':
				keep = isWord(prev) && isWord(next)
			}
			if keep {
				toks = append(toks, Token{Text: low[i : i+1], Start: i, End: i + 1, Line: line})
			}
			i++
		}
	}
	return toks
}

// Words returns the words of s, without punctuation other than "+", and
// without "the": the key of a name in the tables.
func Words(s string) []string {
	var out []string
	for _, t := range Append(nil, []byte(s), Lower([]byte(s)), 0, len(s), 1) {
		if t.Text == "the" || t.IsPunct() && t.Text != "+" {
			continue
		}
		out = append(out, t.Text)
	}
	return out
}

// NormURL returns the key of a license URL: no scheme, no "www.", lower
// case, no fragment or query, no trailing slash or ".html"/".txt"/".php".
// The table generator keys URLs with it, and the matcher looks them up
// with it.
func NormURL(u string) string {
	u = strings.ToLower(u)
	for _, p := range []string{"https://", "http://"} {
		u = strings.TrimPrefix(u, p)
	}
	u = strings.TrimPrefix(u, "www.")
	if i := strings.IndexAny(u, "#?"); i >= 0 {
		u = u[:i]
	}
	u = strings.TrimRight(u, "/.,;:")
	for _, s := range []string{".html", ".htm", ".txt", ".php", ".md"} {
		u = strings.TrimSuffix(u, s)
	}
	return strings.TrimRight(u, "/")
}
