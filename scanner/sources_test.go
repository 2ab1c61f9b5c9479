package scanner

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// apacheHeader is the header notice of the Apache License 2.0's appendix,
// as rootless-containers/proto/go-proto carries it in every Go file
// without a LICENSE file.
const apacheHeader = `// Copyright (C) 2018 Example Authors
//
// Licensed under the Apache License, Version 2.0 (the "License");
// you may not use this file except in compliance with the License.
// You may obtain a copy of the License at
//
//    http://www.apache.org/licenses/LICENSE-2.0
//
// Unless required by applicable law or agreed to in writing, software
// distributed under the License is distributed on an "AS IS" BASIS,
// WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
// See the License for the specific language governing permissions and
// limitations under the License.

`

// TestDetectModuleSourceStatements: a module without any license file
// whose every used Go file (not _test.go) states the same license in its
// header has that license (issue #12); anything less stays unknown.
func TestDetectModuleSourceStatements(t *testing.T) {
	mitHeader := "// Copyright 2020 Example\n// Licensed under the MIT license.\n\n"
	goAuthors := "// Copyright 2009 The Go Authors. All rights reserved.\n// Use of this source code is governed by a BSD-style\n// license that can be found in the LICENSE file.\n\n"
	gplLater := "// This program is free software; you can redistribute it and/or modify\n// it under the terms of the GNU General Public License as published by\n// the Free Software Foundation; either version 2 of the License, or\n// (at your option) any later version.\n\n"
	both := []string{"example.com/m", "example.com/m/sub"}
	tests := []struct {
		name     string
		files    map[string]string
		packages []string
		want     string
		reason   string
	}{
		{"every file states Apache-2.0", map[string]string{"a.go": apacheHeader + "package m\n", "sub/b.go": strings.ReplaceAll(apacheHeader, "//", " *") + "package sub\n"}, both, "Apache-2.0", ""},
		{"a test file without a statement is not counted", map[string]string{"a.go": apacheHeader + "package m\n", "a_test.go": "package m\n"}, both[:1], "Apache-2.0", ""},
		{"SPDX tags in every file", map[string]string{"a.go": "// SPDX-License-Identifier: MIT\n\npackage m\n", "sub/b.go": "/* SPDX-License-Identifier: MIT */\npackage sub\n"}, both, "MIT", ""},
		{"a tag and the same notice", map[string]string{"a.go": "// SPDX-License-Identifier: MIT\n\npackage m\n", "sub/b.go": mitHeader + "package sub\n"}, both, "MIT", ""},
		{"GNU or-later notice", map[string]string{"a.go": gplLater + "package m\n"}, both[:1], "GPL-2.0-or-later", ""},
		{"one file without a statement", map[string]string{"a.go": apacheHeader + "package m\n", "sub/b.go": "// Package sub does things.\npackage sub\n"}, both, "", "no license file at the module root"},
		{"two licenses", map[string]string{"a.go": apacheHeader + "package m\n", "sub/b.go": mitHeader + "package sub\n"}, both, "", "no license file at the module root"},
		{"see LICENSE only", map[string]string{"a.go": "// See LICENSE for the license.\npackage m\n"}, both[:1], "", "no license file at the module root"},
		{"the Go Authors' pointer to a LICENSE file is a reference", map[string]string{"a.go": goAuthors + "package m\n"}, both[:1], "", "no license file at the module root"},
		{"a URL alone is a reference", map[string]string{"a.go": "// http://www.apache.org/licenses/LICENSE-2.0\npackage m\n"}, both[:1], "", "no license file at the module root"},
		{"a notice after the package clause is not the header", map[string]string{"a.go": "package m\n\n" + apacheHeader}, both[:1], "", "no license file at the module root"},
		{"a package clause beyond the bytes read", map[string]string{"a.go": apacheHeader + strings.Repeat("// filler line of a long header comment\n", 300) + "package m\n"}, both[:1], "", "no license file at the module root"},
		{"an unused package's files do not count", map[string]string{"a.go": apacheHeader + "package m\n", "sub/b.go": "package sub\n"}, both[:1], "Apache-2.0", ""},
		{"no used package", map[string]string{"a.go": apacheHeader + "package m\n"}, nil, "", "no license file at the module root"},
		{"a license file decides, not the headers", map[string]string{"LICENSE": "See the COPYING file.\n", "a.go": apacheHeader + "package m\n"}, both[:1], "", "LICENSE: no known license text found"},
		{"a documentation license is a license file", map[string]string{"LICENSE.docs": corpusText(t, "gfdl-no-invariants-notice.txt"), "a.go": apacheHeader + "package m\n"}, both[:1], "", "only a documentation license"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeModule(t, tt.files)
			m := &model.Module{Path: "example.com/m", Version: "v1.0.0", Dir: dir, Packages: tt.packages}
			lic := testDetector.DetectModule(m)
			if lic.Expression != tt.want {
				t.Errorf("license %q, want %q (reason %q)", lic.Expression, tt.want, lic.Reason)
			}
			if !strings.Contains(lic.Reason, tt.reason) {
				t.Errorf("reason %q does not contain %q", lic.Reason, tt.reason)
			}
			if err := (*cachedLicense)(lic).check(); err != nil {
				t.Errorf("cache check: %v", err)
			}
		})
	}
}

// TestDetectModuleSourceEvidence: the files are the evidence, each with
// its kind and lines and a note saying why, and the conclusion survives
// the detection cache (a new Detector reads it back).
func TestDetectModuleSourceEvidence(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"a.go":      apacheHeader + "package m\n",
		"a_test.go": "package m\n",
		"sub/b.go":  "// SPDX-License-Identifier: Apache-2.0\n\npackage sub\n",
	})
	m := &model.Module{Path: "example.com/m", Version: "v1.0.0", Dir: dir, Packages: []string{"example.com/m", "example.com/m/sub"}}
	lic := testDetector.DetectModule(m)
	note := "no license file; every source file of the used packages states Apache-2.0"
	want := &model.License{Expression: "Apache-2.0", Evidence: []model.Evidence{
		{File: "a.go", License: "Apache-2.0", Verdict: model.VerdictLicense, Matches: []model.Match{{ID: "Apache-2.0", Kind: "notice", Lines: [2]int{3, 3}}}, Note: note},
		{File: "sub/b.go", License: "Apache-2.0", Verdict: model.VerdictLicense, Matches: []model.Match{{ID: "Apache-2.0", Kind: "spdx-tag", Lines: [2]int{1, 1}}}, Note: note},
	}}
	if diff := cmp.Diff(want, lic); diff != "" {
		t.Errorf("license (-want +got):\n%s", diff)
	}

	// Through the cache: the entry passes the cache's check (a hit), and
	// a new Detector gives the same from it.
	cache, err := OpenCache(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	mod := func() *model.Module {
		return &model.Module{Path: "example.com/m", Dir: dir, Packages: []string{"example.com/m", "example.com/m/sub"}}
	}
	for i := range 2 {
		d := &Detector{Cache: cache}
		m := mod()
		if err := d.Detect(t.Context(), []*model.Module{m}, 1); err != nil {
			t.Fatal(err)
		}
		cache.Close()
		if diff := cmp.Diff(want, m.License); diff != "" {
			t.Errorf("run %d: license (-want +got):\n%s", i, diff)
		}
	}
	key, ok := detectKey(mod(), nil)
	var hit cachedLicense
	if !ok || !cache.get("detect", key, &hit) {
		t.Fatalf("no cache hit for the module (key %v)", ok)
	}
	// The key follows the headers: a file that no longer states the
	// license is another entry.
	must(t, os.WriteFile(filepath.Join(dir, "a.go"), []byte("package m\n"), 0o644))
	if key2, _ := detectKey(mod(), nil); key2 == key {
		t.Error("the cache key does not change with the source files' statements")
	}
}
