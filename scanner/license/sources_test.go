package license

import (
	"strings"
	"testing"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

func TestHeaderStatement(t *testing.T) {
	tests := []struct {
		name, header, want, kind string
		lines                    [2]int
	}{
		{"Apache notice", "// Copyright 2018 X\n//\n// Licensed under the Apache License, Version 2.0 (the \"License\");\n// you may not use this file except in compliance with the License.\n// You may obtain a copy of the License at\n//\n//    http://www.apache.org/licenses/LICENSE-2.0\n", "Apache-2.0", "notice", [2]int{3, 3}},
		{"SPDX tag", "// SPDX-License-Identifier: MIT\n", "MIT", "spdx-tag", [2]int{1, 1}},
		{"deprecated tag made canonical", "// SPDX-License-Identifier: GPL-2.0+\n", "GPL-2.0-or-later", "spdx-tag", [2]int{1, 1}},
		{"dual notice", "// Dual licensed under the MIT and Apache 2.0 licenses.\n", "Apache-2.0 OR MIT", "notice", [2]int{1, 1}},
		{"no statement", "// Package m does things.\n", "", "", [2]int{}},
		{"see LICENSE", "// See LICENSE for the license.\n", "", "", [2]int{}},
		{"Go Authors' pointer", "// Copyright 2009 The Go Authors. All rights reserved.\n// Use of this source code is governed by a BSD-style\n// license that can be found in the LICENSE file.\n", "", "", [2]int{}},
		{"URL alone", "// http://www.apache.org/licenses/LICENSE-2.0\n", "", "", [2]int{}},
		{"unnamed BSD", "// Licensed under the BSD license.\n", "", "", [2]int{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			expr, kind, lines := HeaderStatement([]byte(tt.header))
			if expr != tt.want || kind != tt.kind || lines != tt.lines {
				t.Errorf("HeaderStatement = %q, %q, %v; want %q, %q, %v", expr, kind, lines, tt.want, tt.kind, tt.lines)
			}
		})
	}
}

func TestGoHeader(t *testing.T) {
	tests := []struct {
		name, data string
		whole      bool
		want       string
		ok         bool
	}{
		{"before the package clause", "// a\n\npackage m\n// b\n", true, "// a\n\n", true},
		{"package clause not read, file whole", "// a\n", true, "// a\n", true},
		{"package clause not read, file truncated", "// a\n// b", false, "", false},
		{"package clause on the last full line", "// a\npackage m\n// tr", false, "// a\n", true},
		{"package clause cut", "// a\npack", false, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := GoHeader([]byte(tt.data), tt.whole)
			if string(got) != tt.want || ok != tt.ok {
				t.Errorf("GoHeader = %q, %v; want %q, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

// TestConcludeSourceEvidence: Conclude gives back from the evidence what
// SourceEvidence built (the detection cache re-checks it so), and only
// agreeing statements of every file make evidence.
func TestConcludeSourceEvidence(t *testing.T) {
	ok := []SourceStatement{{Rel: "a.go", Expr: "MIT", Kind: "notice", Lines: [2]int{2, 3}}, {Rel: "sub/b.go", Expr: "MIT", Kind: "spdx-tag", Lines: [2]int{1, 1}}}
	lic := &model.License{Evidence: SourceEvidence(ok)}
	Conclude(lic)
	if lic.Expression != "MIT" || lic.Reason != "" {
		t.Errorf("Conclude = %q (%q), want MIT", lic.Expression, lic.Reason)
	}
	for _, bad := range [][]SourceStatement{
		nil,
		{ok[0], {Rel: "sub/b.go"}},
		{ok[0], {Rel: "sub/b.go", Expr: "Apache-2.0", Kind: "notice"}},
	} {
		if evs := SourceEvidence(bad); evs != nil {
			t.Errorf("SourceEvidence(%v) = %v, want nil", bad, evs)
		}
	}
	// Evidence of disagreeing files (not what detection makes, but what
	// a cache entry could hold) concludes nothing.
	evs := SourceEvidence(ok)
	evs[1].License, evs[1].Matches[0].ID = "Apache-2.0", "Apache-2.0"
	lic = &model.License{Evidence: evs}
	Conclude(lic)
	if lic.Expression != "" || !strings.Contains(lic.Reason, "do not all state the same license") {
		t.Errorf("disagreeing files: Conclude = %q (%q), want none", lic.Expression, lic.Reason)
	}
}
