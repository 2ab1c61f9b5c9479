package deep

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestIndexLicenseWordHostile compares indexLicenseWord with the minimum
// of bytes.Index of the two words on texts of the bytes the SWAR test can
// trip on: the i/I and e/E bytes and their neighbours, zero bytes (borrow
// chains), bytes >= 0x80 that fold onto 'i' and 'e' (0xC9, 0xE9, 0xC5,
// 0xE5), of every length up to 80, with the words planted at random.
func TestIndexLicenseWordHostile(t *testing.T) {
	alphabet := []byte{'i', 'I', 'e', 'E', 'c', 'n', 's', 'C', 'N', 'S', 0x00, 0x01, 0x80, 0xff,
		0x49, 0x69, 0x45, 0x65, 0x48, 0x4a, 0x68, 0x6a, 0x44, 0x46, 0x64, 0x66, 0xc9, 0xe9, 0xc5, 0xe5, 0x09, 0x29, 0x25, 0x05}
	words := [][]byte{[]byte("icense"), []byte("ICENSE"), []byte("Icense"), []byte("iCENSE"), []byte("icens"), []byte("CENSE")}
	r := rand.New(rand.NewPCG(8, 8))
	for n := 0; n <= 80; n++ {
		for range 3000 {
			text := make([]byte, n)
			for j := range text {
				text[j] = alphabet[r.IntN(len(alphabet))]
			}
			for range r.IntN(3) {
				w := words[r.IntN(len(words))]
				if n >= len(w) {
					copy(text[r.IntN(n-len(w)+1):], w)
				}
			}
			want := -1
			for _, w := range []string{"icense", "ICENSE"} {
				if k := bytes.Index(text, []byte(w)); k >= 0 && (want < 0 || k < want) {
					want = k
				}
			}
			if got := indexLicenseWord(text); got != want {
				t.Fatalf("indexLicenseWord(%q) = %d, want %d", text, got, want)
			}
		}
	}
}

// TestCommentMentionsHostile compares commentMentions with its line-walk
// definition on texts of comment markers, line ends, spaces (a no-break
// space too) and pieces of the four words, so that words straddle lines,
// repeat on a line that is not a comment and sit on the last line.
func TestCommentMentionsHostile(t *testing.T) {
	pieces := []string{"\n", "\r\n", " ", "\t", "\u00a0", "//", "/*", "*/", "*", "x", "\"", "i", "I", "e", "cense", "CENSE",
		"icense", "ICENSE", "PROVIDED", "PRO", "VIDED", "Redistribution", "Redistr", "ibution", "\x00", "\xc9"}
	r := rand.New(rand.NewPCG(8, 9))
	for range 200000 {
		var b []byte
		for range r.IntN(24) {
			b = append(b, pieces[r.IntN(len(pieces))]...)
		}
		want := false
		for _, l := range bytes.SplitAfter(b, []byte("\n")) {
			if isComment(l) {
				for _, w := range []string{"icense", "ICENSE", "PROVIDED", "Redistribution"} {
					want = want || bytes.Contains(l, []byte(w))
				}
			}
		}
		if got := commentMentions(b); got != want {
			t.Fatalf("commentMentions(%q) = %v, want %v", b, got, want)
		}
	}
}

// TestScanOneStatementOwned: a file's only statement, now returned by
// dedup as it is, is the caller's: changing it (its copyright lines too)
// or appending to the slice changes nothing a later Scan of a file with
// the same header, or the same text, returns (the header memos).
func TestScanOneStatementOwned(t *testing.T) {
	var s Scanner
	for _, tt := range []struct{ name, text string }{
		{"a.go", "// Copyright 2020 A\n// SPDX-License-Identifier: MIT\n\npackage a\n"},
		{"b.go", "// Copyright 2020 A\n// Use of this source code is governed by a BSD-style\n// license that can be found in the LICENSE file.\n\npackage a\n"},
		{"c.go", "package a\n\n// SPDX-License-Identifier: ISC\nfunc f() {}\n"},
		{"NOTICE.LICENSE", "Copyright 2020 A\n\nSPDX-License-Identifier: Apache-2.0\n"},
	} {
		first, note := s.Scan(tt.name, []byte(tt.text))
		if note != "" || len(first) != 1 {
			t.Fatalf("%s: %v %q, want one statement", tt.name, first, note)
		}
		want := first[0]
		want.Copyright = slices.Clone(want.Copyright)
		if len(first[0].Copyright) > 0 {
			first[0].Copyright[0] = "changed"
		}
		first[0].License, first[0].Line = "changed", 99
		_ = append(first, first[0])
		again, _ := s.Scan(tt.name, []byte(tt.text))
		if len(again) != 1 || again[0].License != want.License || again[0].Line != want.Line || !slices.Equal(again[0].Copyright, want.Copyright) {
			t.Errorf("%s: after changing the first result, Scan = %+v, want %+v", tt.name, again, want)
		}
	}
}
