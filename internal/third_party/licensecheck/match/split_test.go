// Copyright 2026 The ospo-scan Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package match

import (
	"maps"
	"reflect"
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/google/licensecheck"
)

// splitCases are texts that exercise every branch of split: ASCII and
// not, folding (the Kelvin sign and long s fold to ASCII letters),
// accents, combining marks, ©, (c), notice(s), https, the canonical
// rewrites, HTML and Markdown, invalid UTF-8.
var splitCases = []string{
	"", "a", "A1 b2", "Copyright (c) 2020 THE Authors", "Copyright © 1996, ©1997 &copy; x",
	"notice(s) NOTICE(S) https://example.com/x http://y", "These ARE those copies; this IS them, they",
	"\u212a\u017f \u212aelvin \u017fs Québec À l'Énergie e\u0301\u0300 x\u0301y",
	"<b>bold</b> <me@example.com> {#anchor} [link](https://x.org/a) &amp; &#169; &#xA9;",
	"\xff\xfe bad \xc3 utf8 \xe2\x82", "ΑΒΓ δεζ Привет мир 日本語 ١٢٣ ½ ²",
	"snake_case camelCase kebab-case dot.ted 123abc abc123",
}

// TestSplitAsUpstream checks that split, with its ASCII fast path and
// its rewrite guard (fork changes), gives exactly the words and the
// dictionary of licensecheck's own split, on the test texts, the license
// texts and the patterns.
func TestSplitAsUpstream(t *testing.T) {
	texts := append([]string(nil), splitCases...)
	names := slices.Sorted(maps.Keys(testTexts(t)))
	all := testTexts(t)
	for _, n := range names {
		texts = append(texts, all[n])
	}
	for _, l := range licensecheck.BuiltinLicenses() {
		texts = append(texts, l.LRE)
	}
	var fork, upstream Dict
	for i, text := range texts {
		if got, want := fork.InsertSplit(text), upstream.upstreamSplit(text, true); !sameWords(got, want) {
			t.Errorf("text %d: InsertSplit differs from licensecheck's", i)
		}
	}
	if !reflect.DeepEqual(fork.Words(), upstream.Words()) {
		t.Fatalf("dictionaries differ")
	}
	var small Dict
	small.InsertSplit("copyright the is are license mit http")
	for i, text := range texts {
		for _, d := range []*Dict{&fork, &small} {
			if got, want := d.Split(text), d.upstreamSplit(text, false); !sameWords(got, want) {
				t.Errorf("text %d: Split differs from licensecheck's", i)
			}
		}
	}
}

// sameWords reports whether two word lists are equal, an empty one and
// nil alike (the fork sizes the list up front: see split).
func sameWords(a, b []Word) bool {
	return len(a) == len(b) && (len(a) == 0 || reflect.DeepEqual(a, b))
}

// FuzzSplit checks split against licensecheck's on any input.
func FuzzSplit(f *testing.F) {
	for _, s := range splitCases {
		f.Add(s)
	}
	var d Dict
	d.InsertSplit("copyright the is are license mit http a b c")
	f.Fuzz(func(t *testing.T, text string) {
		if got, want := d.Split(text), d.upstreamSplit(text, false); !sameWords(got, want) {
			t.Fatalf("Split(%q) = %v, licensecheck's %v", text, got, want)
		}
		var a, b Dict
		if got, want := a.InsertSplit(text), b.upstreamSplit(text, true); !sameWords(got, want) || !reflect.DeepEqual(a.Words(), b.Words()) {
			t.Fatalf("InsertSplit(%q) differs from licensecheck's", text)
		}
		_ = utf8.ValidString(text)
	})
}

// upstreamSplit is licensecheck v0.3.1's Dict.split, unchanged: what the
// fork's split must answer.
func (d *Dict) upstreamSplit(text string, insert bool) []Word {
	var wbuf []byte
	var words []Word
	t := text
	for t != "" {
		var w []byte
		var lo, hi int32
		{
			switch t[0] {
			case '<':
				if size := htmlTagSize(t); size > 0 {
					t = t[size:]
					continue
				}
			case '{':
				if size := markdownAnchorSize(t); size > 0 {
					t = t[size:]
					continue
				}
			case '&':
				// Assume HTML entity is punctuation.
				if size := htmlEntitySize(t); size > 0 {
					if t[:size] == "&copy;" {
						lo = int32(len(text) - len(t))
						hi = lo + int32(size)
						w = copyright
						t = t[size:]
						goto Emit
					}
					t = t[size:]
					continue
				}
			}
			if len(t) >= 2 && t[0] == ']' && t[1] == '(' {
				if size := markdownLinkSize(t); size > 0 {
					t = t[size:]
					continue
				}
			}

			r, size := utf8.DecodeRuneInString(t)
			if !isWordStart(r) {
				t = t[size:]
				continue
			}
			wbuf = appendFoldRune(wbuf[:0], r)

			// Scan whole word
			// (except © which is already a word by itself,
			// even when it appears next to other text,
			// like ©1996).
			lo = int32(len(text) - len(t))
			if r != '©' {
				for size < len(t) {
					r, s := utf8.DecodeRuneInString(t[size:])
					if !isWordContinue(r) {
						break
					}
					size += s
					wbuf = appendFoldRune(wbuf, r)
				}
				if size+3 <= len(t) && t[size:size+3] == "(s)" {
					// Read "notice(s)" as "notices" and let spell-check accept "notice" too.
					wbuf = append(wbuf, 's')
					size += 3
				}
			}
			hi = lo + int32(size)
			t = t[size:]

			w = wbuf

			// Special case rewrites suggested by SPDX.
			switch {
			case string(w) == "https":
				// "https" -> "http".
				w = w[:4]

			case string(w) == "c" && lo > 0 && text[lo-1] == '(' && int(hi) < len(text) && text[hi] == ')':
				w = copyright
				lo--
				hi++

			case string(w) == "©":
				w = copyright
			}

			// More of our own.
			for _, m := range canonicalRewrites {
				if string(w) == m.y {
					w = append(w[:0], m.x...)
				}
			}
		}

	Emit:
		id, ok := d.dict[string(w)]
		if ok {
			if len(words) > 0 && words[len(words)-1].ID == id && string(w) == "copyright" {
				// Treat "Copyright ©" as a single "copyright" instead of two.
				continue
			}
			words = append(words, Word{id, lo, hi})
			continue
		}

		if insert {
			words = append(words, Word{d.Insert(string(w)), lo, hi})
			continue
		}

		// Unknown word
		words = append(words, Word{BadWord, lo, hi})
	}

	return words
}
