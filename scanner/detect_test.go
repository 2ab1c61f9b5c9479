package scanner

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ospo-scan/ospo-scan/internal/model"

	"github.com/ospo-scan/ospo-scan/internal/spdxexpr"
)

// testDetector is shared by the tests of this package: building it costs
// seconds.
var testDetector = NewDetector()

// TestDetectFiles classifies the files of testdata/licenses and compares
// with the answers in its MANIFEST.
func TestDetectFiles(t *testing.T) {
	manifest, err := os.ReadFile("../testdata/licenses/MANIFEST")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(manifest), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			t.Fatalf("MANIFEST: bad line %q", line)
		}
		name, want, verdict := f[0], f[1], f[2]
		t.Run(name, func(t *testing.T) {
			ev := testDetector.DetectFile(filepath.Join("../testdata/licenses", name))
			if ev.License != want || ev.Verdict != verdict {
				t.Errorf("got %q (%s, %s), want %q (%s)\nmatches: %+v", ev.License, ev.Verdict, ev.Note, want, verdict, ev.Matches)
			}
			if ev.SHA256 == "" {
				t.Errorf("no sha256")
			}
		})
	}
}

// writeModule lays out files (name -> content) in a module directory.
func writeModule(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func corpusText(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("../testdata/licenses", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestDetectModule(t *testing.T) {
	mit := corpusText(t, "x11.txt")
	isc := corpusText(t, "isc.txt")
	apache := corpusText(t, "apache-appendix-filled.txt")
	unlicense := "This is free and unencumbered software released into the public domain.\n\n" +
		"Anyone is free to copy, modify, publish, use, compile, sell, or distribute this software, either in source code form or as a compiled binary, for any purpose, commercial or non-commercial, and by any means.\n\n" +
		"In jurisdictions that recognize copyright laws, the author or authors of this software dedicate any and all copyright interest in the software to the public domain. We make this dedication for the benefit of the public at large and to the detriment of our heirs and successors. We intend this dedication to be an overt act of relinquishment in perpetuity of all present and future rights to this software under copyright law.\n\n" +
		"THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.\n\n" +
		"For more information, please refer to <http://unlicense.org/>\n"
	tests := []struct {
		name     string
		files    map[string]string
		packages []string
		want     string
		reason   string
	}{
		{"one license file", map[string]string{"LICENSE": isc}, nil, "ISC", ""},
		{"two root files are ANDed", map[string]string{"LICENSE": isc, "LICENSE-APACHE": apache}, nil, "Apache-2.0 AND ISC", ""},
		{"documentation license does not replace the code's", map[string]string{"LICENSE": apache, "LICENSE.docs": corpusText(t, "gfdl-no-invariants-notice.txt")}, nil, "Apache-2.0", ""},
		{"license in a used package's directory is added", map[string]string{"LICENSE": isc, "sub/pkg/LICENSE": mit, "other/LICENSE": apache}, []string{"example.com/m/sub/pkg"}, "ISC AND X11", ""},
		{"no license file", map[string]string{"README.md": "Licensed under the MIT license.\n"}, nil, "", "no license file"},
		{"unreadable license file makes the module unknown", map[string]string{"LICENSE": isc, "COPYING": "\x00\x01\x02binary"}, nil, "", "COPYING: binary file"},
		{"empty license file", map[string]string{"LICENSE": "   \n"}, nil, "", "LICENSE: empty file"},
		{"license below the threshold is ambiguous", map[string]string{"LICENSE": isc + strings.Repeat("This clause is our own additional term and restricts use in some ways. ", 20)}, nil, "", "under the 75% threshold"},
		{"vendored subtree is skipped", map[string]string{"LICENSE": isc, "vendor/x/LICENSE": apache}, []string{"example.com/m/vendor/x"}, "ISC", ""},
		// Statements (issue #12): a license file that states its license.
		{"COPYING stating a choice between the other files' licenses is that choice", map[string]string{"COPYING": corpusText(t, "copying-dual.txt"), "LICENSE-MIT": mitText, "UNLICENSE": unlicense}, nil, "MIT OR Unlicense", ""},
		{"a choice does not cover a file of another license", map[string]string{"COPYING": corpusText(t, "copying-dual.txt"), "LICENSE": mit}, nil, "(MIT OR Unlicense) AND X11", ""},
		{"LICENSE that only states its license", map[string]string{"LICENSE": "Copyright 2020 Example.\nLicensed under the Apache License, Version 2.0 (http://www.apache.org/licenses/LICENSE-2.0).\n"}, nil, "Apache-2.0", ""},
		{"LICENSE that only points at another file adds nothing", map[string]string{"LICENSE": "See the COPYING file.\n"}, nil, "", "LICENSE: no known license text found"},
		{"Go Authors' notice is BSD-3-Clause", map[string]string{"LICENSE": "Copyright 2009 The Go Authors. All rights reserved.\nUse of this source code is governed by a BSD-style\nlicense that can be found in the LICENSE file.\n"}, nil, "BSD-3-Clause", ""},
		{"a statement beside an unknown text decides nothing", map[string]string{"LICENSE": "MIT License\n\n" + strings.Repeat("This is our own license and its terms are ours alone to set. ", 20)}, nil, "", "under the 20% floor"},
		{"a notice naming another license than the text is ambiguous", map[string]string{"LICENSE": corpusText(t, "isc-beside-mpl-notice.txt")}, nil, "", "the license text of ISC is beside a notice of MPL-2.0 (line 1)"},
		// Conflicting signals: the tags of every Go file of the used
		// packages against the license files.
		{"tags of every file naming another license: ambiguous, both named", map[string]string{"LICENSE": isc, "a.go": "// SPDX-License-Identifier: Apache-2.0\n\npackage m\n", "sub/b.go": "// Copyright x\n// SPDX-License-Identifier: Apache-2.0\npackage sub\n", "sub/b_test.go": "package sub\n"}, []string{"example.com/m", "example.com/m/sub"}, "", "the license files say ISC, but the SPDX-License-Identifier tags of the module's source files, every one tagged, say Apache-2.0"},
		{"a file without a tag: no conflict", map[string]string{"LICENSE": isc, "a.go": "// SPDX-License-Identifier: Apache-2.0\npackage m\n", "sub/b.go": "package sub\n"}, []string{"example.com/m", "example.com/m/sub"}, "ISC", ""},
		{"tags of an unused package do not count", map[string]string{"LICENSE": isc, "a.go": "package m\n", "sub/b.go": "// SPDX-License-Identifier: Apache-2.0\npackage sub\n"}, []string{"example.com/m"}, "ISC", ""},
		{"tags agreeing with the files", map[string]string{"LICENSE": isc, "a.go": "// SPDX-License-Identifier: ISC\npackage m\n"}, []string{"example.com/m"}, "ISC", ""},
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
			// What detection gives passes the cache's check (the
			// conclusion follows from the evidence).
			if err := (*cachedLicense)(lic).check(); err != nil {
				t.Errorf("cache check: %v", err)
			}
			for _, ev := range lic.Evidence {
				if strings.HasPrefix(ev.File, "/") {
					t.Errorf("evidence path %q is not relative to the module root", ev.File)
				}
			}
		})
	}
}

func TestDetectModuleTraps(t *testing.T) {
	gpl := corpusText(t, "lgpl3-embeds-gpl3.txt")
	i := strings.Index(gpl, "GNU GENERAL PUBLIC LICENSE")
	lesser, full := gpl[:i], gpl[i:]
	dir := writeModule(t, map[string]string{"COPYING": full, "COPYING.LESSER": lesser})
	lic := testDetector.DetectModule(&model.Module{Path: "example.com/m", Dir: dir})
	// Bare texts, no notice choosing versions: -only.
	if lic.Expression != "LGPL-3.0-only" {
		t.Errorf("COPYING (GPL-3.0) + COPYING.LESSER (LGPL-3.0) = %q (%s), want LGPL-3.0-only", lic.Expression, lic.Reason)
	}
	notice := "This library is free software: you can redistribute it and/or modify it under the terms of the GNU Lesser General Public License as published by the Free Software Foundation, either version 3 of the License, or (at your option) any later version.\n\n"
	dir = writeModule(t, map[string]string{"COPYING": full, "COPYING.LESSER": notice + lesser})
	lic = testDetector.DetectModule(&model.Module{Path: "example.com/m", Dir: dir})
	if lic.Expression != "LGPL-3.0-or-later" {
		t.Errorf("the same with an or-later notice in COPYING.LESSER = %q (%s), want LGPL-3.0-or-later", lic.Expression, lic.Reason)
	}
	dir = writeModule(t, map[string]string{"LICENSE": corpusText(t, "mit-with-vendored-bsd.txt"), "NOTICE": "Includes code from Example.\n"})
	lic = testDetector.DetectModule(&model.Module{Path: "example.com/m", Dir: dir})
	if lic.Expression != "BSD-3-Clause AND MIT" {
		t.Errorf("LICENSE listing a vendored license = %q, want BSD-3-Clause AND MIT", lic.Expression)
	}
	if diff := cmp.Diff([]string{"NOTICE"}, lic.Notices); diff != "" {
		t.Errorf("notices (-want +got):\n%s", diff)
	}
}

func TestDetectHostileFiles(t *testing.T) {
	isc := corpusText(t, "isc.txt")
	outside := filepath.Join(t.TempDir(), "passwd")
	if err := os.WriteFile(outside, []byte("root:x:0:0:root:/root:/bin/bash\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	utf16 := []byte{0xFF, 0xFE}
	for _, r := range isc {
		utf16 = append(utf16, byte(r), byte(r>>8))
	}
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string)
		want  string // the expression, or "" with note
		note  string
	}{
		{"symlink to a file outside the module", func(t *testing.T, dir string) { must(t, os.Symlink(outside, filepath.Join(dir, "LICENSE"))) }, "", "symlink pointing outside the module"},
		{"symlink to itself", func(t *testing.T, dir string) { must(t, os.Symlink("LICENSE", filepath.Join(dir, "LICENSE"))) }, "", "cannot be resolved"},
		{"symlink inside the module is followed", func(t *testing.T, dir string) {
			must(t, os.WriteFile(filepath.Join(dir, "LICENSE.txt"), []byte(isc), 0o644))
			must(t, os.Symlink("LICENSE.txt", filepath.Join(dir, "LICENSE")))
		}, "ISC", ""},
		{"directory named LICENSE", func(t *testing.T, dir string) { must(t, os.Mkdir(filepath.Join(dir, "LICENSE"), 0o755)) }, "", "no license file"},
		{"FIFO", func(t *testing.T, dir string) { must(t, syscall.Mkfifo(filepath.Join(dir, "LICENSE"), 0o644)) }, "", "not a regular file"},
		{"huge file", func(t *testing.T, dir string) {
			f, err := os.Create(filepath.Join(dir, "LICENSE"))
			must(t, err)
			must(t, f.Truncate(100<<20))
			must(t, f.Close())
		}, "", "over the 1048576-byte limit"},
		{"UTF-16 with BOM", func(t *testing.T, dir string) { must(t, os.WriteFile(filepath.Join(dir, "LICENSE"), utf16, 0o644)) }, "ISC", ""},
		{"Latin-1 bytes", func(t *testing.T, dir string) {
			must(t, os.WriteFile(filepath.Join(dir, "LICENSE"), append([]byte(isc), 0xE9, 0xFF), 0o644))
		}, "", "not UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			tt.setup(t, dir)
			lic := testDetector.DetectModule(&model.Module{Path: "example.com/m", Dir: dir})
			if lic.Expression != tt.want {
				t.Errorf("license %q, want %q (reason %q)", lic.Expression, tt.want, lic.Reason)
			}
			if !strings.Contains(lic.Reason, tt.note) {
				t.Errorf("reason %q does not contain %q", lic.Reason, tt.note)
			}
		})
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestDetectDeterministic(t *testing.T) {
	text := []byte(corpusText(t, "mit-with-vendored-bsd.txt"))
	first := testDetector.Classify("LICENSE", text, true)
	for range 5 {
		if diff := cmp.Diff(first, testDetector.Classify("LICENSE", text, true)); diff != "" {
			t.Fatalf("classification changed between runs:\n%s", diff)
		}
	}
}

func TestDetectConcurrent(t *testing.T) {
	dir := writeModule(t, map[string]string{"LICENSE": corpusText(t, "isc.txt")})
	var mods []*model.Module
	for i := range 20 {
		mods = append(mods, &model.Module{Path: "example.com/m" + string(rune('a'+i)), Dir: dir})
	}
	if err := testDetector.Detect(context.Background(), mods, 4); err != nil {
		t.Fatal(err)
	}
	for _, m := range mods {
		if m.License == nil || m.License.Expression != "ISC" {
			t.Errorf("%s: %+v", m.Path, m.License)
		}
	}
}

func FuzzClassify(f *testing.F) {
	f.Add([]byte("Permission to use, copy, modify, and/or distribute this software"), true)
	f.Add([]byte("// SPDX-License-Identifier: MIT OR (Apache-2.0 AND BSD-3-Clause)\n"), false)
	f.Add([]byte{0xFF, 0xFE, 'M', 0}, true)
	f.Add(bytes.Repeat([]byte("GNU "), 100), true)
	// Build the scanner before fuzzing: it takes seconds, which a fuzz
	// worker would otherwise spend in its first input and be taken for hung
	// (testdata/fuzz/FuzzClassify/e28e43c14e5c2634 came from that).
	if err := testDetector.Warm(); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte, licenseFile bool) {
		ev := testDetector.Classify("LICENSE", data, licenseFile)
		switch ev.Verdict {
		case model.VerdictLicense:
			if ev.License == "" || !spdxexpr.Valid(ev.License) {
				t.Fatalf("verdict license with expression %q", ev.License)
			}
		case model.VerdictAmbiguous, model.VerdictUnknown:
			if ev.License != "" && ev.Verdict == model.VerdictAmbiguous {
				t.Fatalf("ambiguous file concluded %q", ev.License)
			}
		default:
			t.Fatalf("verdict %q", ev.Verdict)
		}
		// What detection produces passes the cache's entry check (else
		// the cache would never hit for it).
		if err := checkEvidence(&ev); err != nil {
			t.Fatalf("evidence fails the cache check: %v: %+v", err, ev)
		}
		nlines := bytes.Count(data, []byte("\n")) + 1
		for _, m := range ev.Matches {
			if m.Lines[0] < 1 || m.Lines[0] > m.Lines[1] || m.Lines[1] > nlines {
				t.Fatalf("match %s lines %v in a text of %d lines", m.ID, m.Lines, nlines)
			}
		}
	})
}

func TestRunnerUp(t *testing.T) {
	ev := testDetector.DetectFile("../testdata/licenses/x11.txt")
	if ev.License != "X11" || ev.Verdict != model.VerdictLicense {
		t.Fatalf("x11.txt: %q %s", ev.License, ev.Verdict)
	}
	found := false
	for _, m := range ev.Matches {
		if m.Kind == "runner-up" && m.ID == "MIT" && m.Coverage > 50 && m.Coverage < 90 {
			found = true
		}
	}
	if !found {
		t.Errorf("no MIT runner-up recorded for X11: %+v", ev.Matches)
	}
}
