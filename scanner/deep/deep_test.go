package deep

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

const mitText = `Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in
all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN
THE SOFTWARE.
`

func comment(prefix, text string) string {
	var b strings.Builder
	for _, l := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		b.WriteString(strings.TrimRight(prefix+" "+l, " ") + "\n")
	}
	return b.String()
}

// TestScan checks what Scan reads in a file and what it leaves out.
func TestScan(t *testing.T) {
	tests := []struct {
		name, file, data string
		want             []model.FileLicense
		note             string
	}{
		{
			name: "GPL header", file: "x/gpl.go",
			data: "// Copyright (C) 2001 Jane Doe\n//\n// This program is free software; you can redistribute it and/or modify\n// it under the terms of the GNU General Public License as published by\n// the Free Software Foundation; either version 2 of the License, or\n// (at your option) any later version.\n\npackage x\n",
			want: []model.FileLicense{{File: "x/gpl.go", Line: 4, Kind: "notice", License: "GPL-2.0-or-later", Original: "GNU General Public License as published by the Free Software Foundation; either version 2 of the License, or (at your option) any later version", Copyright: []string{"Copyright (C) 2001 Jane Doe"}, Comment: [2]int{1, 6}}},
		},
		{
			name: "SPDX tag", file: "a.go",
			data: "// SPDX-License-Identifier: MPL-2.0\n\npackage a\n",
			want: []model.FileLicense{{File: "a.go", Line: 1, Kind: "spdx-tag", License: "MPL-2.0", Comment: [2]int{1, 1}}},
		},
		{
			name: "SPDX tag below the package clause", file: "a.go",
			data: "package a\n\n// SPDX-License-Identifier: ISC\nfunc f() {}\n",
			want: []model.FileLicense{{File: "a.go", Line: 3, Kind: "spdx-tag", License: "ISC", Comment: [2]int{3, 3}}},
		},
		{
			name: "Go Authors notice", file: "asn1.go",
			data: "// Copyright 2009 The Go Authors. All rights reserved.\n// Use of this source code is governed by a BSD-style\n// license that can be found in the LICENSE file.\n\npackage asn1\n",
			want: []model.FileLicense{{File: "asn1.go", Line: 2, Kind: "reference", License: "BSD-3-Clause", Original: "BSD-style license", Copyright: []string{"Copyright 2009 The Go Authors. All rights reserved."}, Comment: [2]int{1, 3}}},
		},
		{
			// dgraph-io/ristretto@v0.2.0 z/calloc_64bit.go, from Pebble.
			name: "a BSD-style notice of other authors", file: "z/calloc_64bit.go",
			data: "// Copyright 2020 The LevelDB-Go and Pebble Authors. All rights reserved. Use\n// of this source code is governed by a BSD-style license that can be found in\n// the LICENSE file.\n\n// +build 64bit\n\npackage z\n",
			want: []model.FileLicense{{File: "z/calloc_64bit.go", Line: 2, Kind: "reference", License: "LicenseRef-ospo-BSD-style", Original: "BSD-style license", Copyright: []string{"Copyright 2020 The LevelDB-Go and Pebble Authors. All rights reserved. Use"}, Comment: [2]int{1, 3}}},
		},
		{
			// BurntSushi/toml@v1.6.0 type_fields.go: the notice is below
			// the package clause.
			name: "Go Authors notice below the package clause", file: "type_fields.go",
			data: "package toml\n\n// Struct field handling is adapted from code in encoding/json:\n//\n// Copyright 2010 The Go Authors.  All rights reserved.\n// Use of this source code is governed by a BSD-style\n// license that can be found in the Go distribution.\n\nimport (\n\t\"sort\"\n)\n",
			want: []model.FileLicense{{File: "type_fields.go", Line: 6, Kind: "reference", License: "BSD-3-Clause", Original: "BSD-style license", Copyright: []string{"Copyright 2010 The Go Authors.  All rights reserved."}, Comment: [2]int{3, 7}}},
		},
		{
			name: "see LICENSE says nothing", file: "a.go",
			data: "// Copyright 2020 Someone. See LICENSE for details.\n\npackage a\n",
		},
		{
			name: "no header", file: "a.go",
			data: "package a\n\nfunc f() {}\n",
		},
		{
			name: "whole MIT text in the header", file: "m.go",
			data: "// Copyright (c) 2015 Bob\n//\n" + comment("//", mitText) + "\npackage m\n",
			want: []model.FileLicense{{File: "m.go", Line: 1, Kind: "text", License: "MIT", Copyright: []string{"Copyright (c) 2015 Bob"}, Comment: [2]int{1, 19}}},
		},
		{
			name: "whole MIT text in a later comment", file: "m.go",
			data: "package m\n\nfunc a() {}\n\n" + comment("//", mitText) + "func b() {}\n",
			want: []model.FileLicense{{File: "m.go", Line: 5, Kind: "text", License: "MIT", Comment: [2]int{5, 21}}},
		},
		{
			name: "license text in a string literal is data", file: "data.go",
			data: "package data\n\nvar mit = `" + mitText + "`\n",
		},
		{
			name: "cgo C file with an LGPL header", file: "c/lib.c",
			data: "/*\n * Copyright (C) 2010 Free Hacker\n *\n * This library is free software; you can redistribute it and/or\n * modify it under the terms of the GNU Lesser General Public\n * License as published by the Free Software Foundation; either\n * version 2.1 of the License, or (at your option) any later version.\n */\n#include <stdio.h>\n",
			want: []model.FileLicense{{File: "c/lib.c", Line: 5, Kind: "notice", License: "LGPL-2.1-or-later", Original: "GNU Lesser General Public License as published by the Free Software Foundation; either version 2.1 of the License, or (at your option) any later version", Copyright: []string{"Copyright (C) 2010 Free Hacker"}, Comment: [2]int{1, 8}}},
		},
		{
			name: "README of a copied directory", file: "third_party/x/README.md",
			data: "# x\n\nCopied from example.org/x.\n\nLicensed under the MIT License.\n",
			want: []model.FileLicense{{File: "third_party/x/README.md", Line: 5, Kind: "notice", License: "MIT", Comment: [2]int{1, 5}}},
		},
		{
			name: "a dual license stays one OR", file: "paho.go",
			data: "/*\n * This program and the accompanying materials\n * are made available under the terms of the Eclipse Public License v2.0\n * and Eclipse Distribution License v1.0 which accompany this distribution.\n *\n * The Eclipse Public License is available at\n *    https://www.eclipse.org/legal/epl-2.0/\n * and the Eclipse Distribution License is available at\n *   http://www.eclipse.org/org/documents/edl-v10.php.\n *\n * SPDX-License-Identifier: EPL-2.0 OR BSD-3-Clause\n */\n\npackage paho\n",
			want: []model.FileLicense{{File: "paho.go", Line: 11, Kind: "spdx-tag", License: "BSD-3-Clause OR EPL-2.0", Original: "EPL-2.0 OR BSD-3-Clause", Comment: [2]int{1, 12}}},
		},
		{
			name: "binary", file: "a.go", data: "package a\x00\x01",
			note: "binary file (NUL bytes); not a license text",
		},
		{name: "empty", file: "a.go", data: ""},
	}
	var s Scanner
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, note := s.Scan(tt.file, []byte(tt.data))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Scan (-want +got):\n%s", diff)
			}
			if note != tt.note {
				t.Errorf("note = %q, want %q", note, tt.note)
			}
		})
	}
}

func TestExtra(t *testing.T) {
	for _, tt := range []struct {
		name string
		root bool
		want bool
	}{
		{"README.md", false, true},
		{"README", true, false},
		{"NOTICE.txt", false, true},
		{"NOTICE", true, false},
		{"foo.LICENSE", true, true},
		{"LICENSE", false, false},
		{"COPYING", false, false},
		{"main.go", false, false},
	} {
		if got := Extra(tt.name, tt.root); got != tt.want {
			t.Errorf("Extra(%q, %v) = %v, want %v", tt.name, tt.root, got, tt.want)
		}
	}
}

// TestScanConcurrent scans from several goroutines with one Scanner (the
// deep scan's workers share one, and its memo of headers, which leaves the
// copyright lines out): each file keeps its own copyright line. Run with
// -race.
func TestScanConcurrent(t *testing.T) {
	var s Scanner
	type result struct {
		year string
		got  []model.FileLicense
	}
	done := make(chan result)
	for i := range 8 {
		go func() {
			year := "201" + string(rune('0'+i))
			got, _ := s.Scan("a.go", []byte("// Copyright "+year+" Someone\n// SPDX-License-Identifier: MPL-2.0\n\npackage a\n"))
			done <- result{year, got}
		}()
	}
	for range 8 {
		r := <-done
		want := []model.FileLicense{{File: "a.go", Line: 2, Kind: "spdx-tag", License: "MPL-2.0", Copyright: []string{"Copyright " + r.year + " Someone"}, Comment: [2]int{1, 2}}}
		if diff := cmp.Diff(want, r.got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", r.year, diff)
		}
	}
}

func TestCopyrightLine(t *testing.T) {
	for _, tt := range []struct {
		line, want string
		ok         bool
	}{
		{"// Copyright 2009 The Go Authors. All rights reserved.", "Copyright 2009 The Go Authors. All rights reserved.", true},
		{" * Copyright (C) 2010 Free Hacker", "Copyright (C) 2010 Free Hacker", true},
		{"/* Copyright © Someone */", "Copyright © Someone", true},
		{"# (c) 2021 Someone", "(c) 2021 Someone", true},
		{"// © 2019 Someone", "© 2019 Someone", true},
		{"// copyright notice, this list of conditions and the following disclaimer", "", false},
		{"// The above copyright notice and this permission notice", "", false},
		{"// (c) the authors", "", false},
		{"func copyright() {}", "", false},
	} {
		got, ok := copyrightLine([]byte(tt.line))
		if ok != tt.ok || string(got) != tt.want {
			t.Errorf("copyrightLine(%q) = %q, %v; want %q, %v", tt.line, got, ok, tt.want, tt.ok)
		}
	}
}

// TestCollectedCopyright: lines an attribution carries that are not at
// a header's usual place (both verified by hand in caddy and rclone).
func TestCollectedCopyright(t *testing.T) {
	for _, tt := range []struct {
		line, want string
		ok         bool
	}{
		{"// Portions Copyright 2016 Hiroshi Ioka. All rights reserved.", "Portions Copyright 2016 Hiroshi Ioka. All rights reserved.", true},
		{"// documentation, are copyright (C) 1996-2010 Julian R Seward.  All", "documentation, are copyright (C) 1996-2010 Julian R Seward.  All", true},
		{"// Copyright 2009 The Go Authors. All rights reserved.", "Copyright 2009 The Go Authors. All rights reserved.", true},
		{"// Portions of this code are from elsewhere", "", false},
		{"// the above copyright notice and this permission notice", "", false},
		{"// retain the copyright (c) notices", "", false},
	} {
		got, ok := collectedCopyright([]byte(tt.line))
		if ok != tt.ok || string(got) != tt.want {
			t.Errorf("collectedCopyright(%q) = %q, %v; want %q, %v", tt.line, got, ok, tt.want, tt.ok)
		}
	}
}

// TestScanHeaderMemo checks that a header met again, byte for byte, in
// another file is answered from the Scanner's memory with what reading
// it gives (the file's own name, its own copy), whatever the file's body.
func TestScanHeaderMemo(t *testing.T) {
	headers := []string{
		"// Copyright 2019 The Go Authors. All rights reserved.\n// Use of this source code is governed by a BSD-style\n// license that can be found in the LICENSE file.\n\n",
		"// Copyright (C) 2001 Jane Doe\n//\n// This program is free software; you can redistribute it and/or modify\n// it under the terms of the GNU General Public License as published by\n// the Free Software Foundation; either version 2 of the License, or\n// (at your option) any later version.\n\n",
		"/*\n * Copyright (c) 2020 Someone\n *\n" + comment(" *", mitText) + " */\n\n",
		"// SPDX-License-Identifier: MPL-2.0\n// Copyright 2024 X\n\n// Package a does things.\n",
		"// Code generated by protoc-gen-go. DO NOT EDIT.\n\n",
	}
	bodies := []string{"package a\n", "package a\n\nfunc f() {}\n", "package b\n\n// SPDX-License-Identifier: ISC\nvar x int\n"}
	var s Scanner
	var hits int64
	for i, h := range headers {
		for j, body := range bodies {
			name := "p/f" + string(rune('0'+j)) + ".go"
			var fresh Scanner
			want, wantNote := fresh.Scan(name, []byte(h+body))
			got, note := s.Scan(name, []byte(h+body))
			if diff := cmp.Diff(want, got); diff != "" || note != wantNote {
				t.Errorf("header %d, body %d (-want +got):\n%s", i, j, diff)
			}
			if j > 0 {
				hits++
			}
			if s.headHits.Load() != hits {
				t.Fatalf("header %d, body %d: %d headers taken from memory, want %d", i, j, s.headHits.Load(), hits)
			}
			for k := range got {
				got[k].File = "changed"
				for c := range got[k].Copyright {
					got[k].Copyright[c] = "changed"
				}
			}
		}
	}
	if len(s.heads) != len(headers) {
		t.Errorf("%d headers remembered, want %d", len(s.heads), len(headers))
	}
	size := 0
	for k := range s.heads {
		size += len(k)
	}
	if s.headBytes != size {
		t.Errorf("headBytes = %d, want %d", s.headBytes, size)
	}
}

// TestCommentMentions: the body filter finds the words on comment lines
// only, as the reading after it does, and whatever the spaces before
// the comment marker.
func TestCommentMentions(t *testing.T) {
	for _, tt := range []struct {
		body string
		want bool
	}{
		{"func f() {}\n", false},
		{"var s = \"Licensed under MIT\"\n", false},
		{"\t// SPDX-License-Identifier: MIT\n", true},
		{"x := 1 // the license is elsewhere\n", false},
		{"/*\n * THE SOFTWARE IS PROVIDED \"AS IS\"\n */\n", true},
		{"\u00a0// Redistribution and use\n", true},
		{"  // LICENSE\r\n", true},
		{"// no words here\n//\n", false},
		{"// last line without newline: license", true},
	} {
		if got := commentMentions([]byte(tt.body)); got != tt.want {
			t.Errorf("commentMentions(%q) = %v, want %v", tt.body, got, tt.want)
		}
	}
}

// FuzzCommentMentions checks the body filter against its definition, a
// walk over the lines: true when some comment line holds one of the words.
func FuzzCommentMentions(f *testing.F) {
	for _, s := range []string{
		"func f() {}\n", "\t// SPDX-License-Identifier: MIT\n", "x := 1 // license\n// Redistribution\n",
		"/*\n * THE SOFTWARE IS PROVIDED\n */", "\u00a0// LICENSE\r\n", "s := \"icense\"\n  * icense", "\n\n//\n",
		"x := \"IcEnSe\" // iCENSE\n// ICENSE", "// 0123456789abcicense", "// iiiiieeeee icenseICENSE", "// \xc9cense \xe9",
		"package p\n\nvar license = 1 // lic ense\n/* l i c e n s e */ // icens\n// icense",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		want := false
		for _, l := range bytes.SplitAfter(text, []byte("\n")) {
			if isComment(l) {
				for _, w := range []string{"icense", "ICENSE", "PROVIDED", "Redistribution"} {
					want = want || bytes.Contains(l, []byte(w))
				}
			}
		}
		if got := commentMentions(text); got != want {
			t.Errorf("commentMentions(%q) = %v, want %v", text, got, want)
		}
	})
}

// FuzzMayCopyright checks the one-pass test against its definition: the
// line holds one of the marks.
func FuzzMayCopyright(f *testing.F) {
	for _, s := range []string{"// Copyright 2020", "COPYRIGHT", "(c) 2019", "(C)", "© x", "\xc2", "(c", "opyrigh", "xx(C)"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, l []byte) {
		want := false
		for _, m := range []string{"opyright", "OPYRIGHT", "(c)", "(C)", "©"} {
			want = want || bytes.Contains(l, []byte(m))
		}
		if got := mayCopyright(l); got != want {
			t.Errorf("mayCopyright(%q) = %v, want %v", l, got, want)
		}
	})
}

// FuzzIndexLicenseWord checks the sixteen-at-a-time search against
// bytes.Index of each word.
func FuzzIndexLicenseWord(f *testing.F) {
	for _, s := range []string{"icense", "ICENSE", "xxxxxxxxxxxxxxxxicense", "IcensE", "icensICENSE", "\x49\x65\x69cense",
		"iiiiiiiieeeeeeeeicense", "0123456789abcdefghijicense", "0123456789abcdeICENSE"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		want := -1
		for _, w := range []string{"icense", "ICENSE"} {
			if k := bytes.Index(text, []byte(w)); k >= 0 && (want < 0 || k < want) {
				want = k
			}
		}
		if got := indexLicenseWord(text); got != want {
			t.Errorf("indexLicenseWord(%q) = %d, want %d", text, got, want)
		}
	})
}

// TestIndexLicenseWord places each word at every offset of the sixteen
// tested at a time and of the tail, among filler that flags candidates
// (i and e five bytes apart) or none.
func TestIndexLicenseWord(t *testing.T) {
	for _, w := range []string{"icense", "ICENSE"} {
		for _, filler := range []string{"x", "iiiiieeeee", "Ii eE\n"} {
			for off := 0; off < 48; off++ {
				for tail := 0; tail < 24; tail += 7 {
					pre := strings.Repeat(filler, off+1)[:off]
					text := pre + w + strings.Repeat("y", tail)
					want := strings.Index(text, "icense")
					if k := strings.Index(text, "ICENSE"); k >= 0 && (want < 0 || k < want) {
						want = k
					}
					if got := indexLicenseWord([]byte(text)); got != want {
						t.Errorf("indexLicenseWord(%q) = %d, want %d", text, got, want)
					}
				}
			}
		}
	}
	if got := indexLicenseWord([]byte(strings.Repeat("iiiiieeeee IcensE icens ", 20))); got != -1 {
		t.Errorf("no word: %d", got)
	}
}

// TestDedup: the first statement of each license is kept, a license that
// an OR of the file offers is that choice, and one statement (kept as it
// is, unparsed) or none is the answer whatever its license reads.
func TestDedup(t *testing.T) {
	st := func(lic string, line int) model.FileLicense {
		return model.FileLicense{File: "a.go", Line: line, License: lic}
	}
	for _, tt := range []struct {
		in, want []model.FileLicense
	}{
		{nil, nil},
		{[]model.FileLicense{}, nil},
		{[]model.FileLicense{st("MIT", 1)}, []model.FileLicense{st("MIT", 1)}},
		{[]model.FileLicense{st("not an ( expression", 1)}, []model.FileLicense{st("not an ( expression", 1)}},
		{[]model.FileLicense{st("MIT OR Apache-2.0", 1)}, []model.FileLicense{st("MIT OR Apache-2.0", 1)}},
		{[]model.FileLicense{st("MIT", 1), st("MIT", 5)}, []model.FileLicense{st("MIT", 1)}},
		{[]model.FileLicense{st("EPL-2.0", 1), st("EPL-2.0 OR BSD-3-Clause", 2), st("BSD-3-Clause", 3)}, []model.FileLicense{st("EPL-2.0 OR BSD-3-Clause", 2)}},
		{[]model.FileLicense{st("MIT", 1), st("ISC", 2)}, []model.FileLicense{st("MIT", 1), st("ISC", 2)}},
	} {
		if got := dedup(tt.in); !cmp.Equal(got, tt.want, cmpopts.EquateEmpty()) || (got == nil) != (tt.want == nil) {
			t.Errorf("dedup(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
