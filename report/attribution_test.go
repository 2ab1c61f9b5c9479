package report

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

func TestIsCopyrightLine(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{"Copyright (c) 2015 Foo Bar", true},
		{"Copyright 2014 Unknwon", true},
		{"  Copyright © 1991-2017 Unicode, Inc. All rights reserved.", true},
		{"COPYRIGHT (C) 2001 Big Corp", true},
		{"// Copyright 2009 The Go Authors. All rights reserved.", true},
		{" * Copyright: 2020 Someone", true},
		{"(c) 2010 Someone", true},
		{"© 2021 Someone Else", true},
		{"Portions Copyright 2003 Other", true},
		{"Copyright The Prometheus Authors", true},
		// License prose about copyright, not a statement of it.
		{"      copyright notice that is included in or attached to the work", false},
		{"COPYRIGHT HOLDERS AND CONTRIBUTORS \"AS IS\" AND ANY EXPRESS OR", false},
		{"Copyright and Similar Rights means copyright and/or similar rights", false},
		{"copyright owner or by an individual or Legal Entity authorized to submit", false},
		{"(c) You must retain, in the Source form of any Derivative Works", false},
		{"     (c) You must retain, in the Source form", false},
		{"The above copyright notice and this permission notice shall be included", false},
		// Template placeholders and the license steward's own line.
		{"Copyright [yyyy] [name of copyright owner]", false},
		{"Copyright (c) <year> <copyright holders>", false},
		{"     Copyright (C) <year>  <name of author>", false},
		{"Copyright (C) 2007 Free Software Foundation, Inc. <https://fsf.org/>", false},
		{"copyright--then that use is not regulated by the license. Our", false},
		{" * Copyright remains Eric Young's, and as such any Copyright notices in", false},
		{"copyright 2015 lower-case holder", true},
		{"copyright (c) Google inc and (c) The Chromium Authors", true},
		{"Copyright", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := IsCopyrightLine(tt.line); got != tt.want {
			t.Errorf("IsCopyrightLine(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}

func TestSplitCopyrights(t *testing.T) {
	text, cr := SplitCopyrights("\ufeffMIT License\r\n\r\nCopyright (c) 2020 A   \r\nCopyright (c) 2020 A\r\n  Copyright (c) 2021 B\r\n\r\n\r\nPermission is hereby granted.  \r\n\r\n")
	if want := "MIT License\n\nPermission is hereby granted."; text != want {
		t.Errorf("text = %q, want %q", text, want)
	}
	if diff := cmp.Diff([]string{"Copyright (c) 2020 A", "Copyright (c) 2021 B"}, cr); diff != "" {
		t.Errorf("copyrights (-want +got):\n%s", diff)
	}
}

// TestSplitCopyrightsKeepsEveryLine checks, on the license corpus, that
// no line is lost: each non-blank line of a file is in the text that
// remains or among the copyright lines taken out.
func TestSplitCopyrightsKeepsEveryLine(t *testing.T) {
	var files []string
	for _, dir := range []string{"licenses", "notices"} {
		m, err := filepath.Glob(filepath.Join("..", "testdata", dir, "*"))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 20 {
		t.Fatalf("only %d corpus files", len(files))
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text, cr := SplitCopyrights(string(data))
		kept := map[string]bool{}
		for _, l := range strings.Split(text, "\n") {
			kept[l] = true
		}
		for _, l := range cr {
			kept[l] = true
		}
		for i, l := range strings.Split(normaliseEOL(string(data)), "\n") {
			l = strings.TrimRight(l, " \t\f\v")
			if l != "" && !kept[l] && !kept[strings.TrimSpace(l)] {
				t.Errorf("%s:%d: line lost: %q", f, i+1, l)
			}
		}
	}
}

const mitBody = "MIT License\n\n%s\n\nPermission is hereby granted, free of charge.\n"

// attributionDoc is a document of modules whose files are in files
// (key: path@version/file).
func attributionDoc() (*model.Document, map[string]string) {
	ev := func(file, lic string) model.Evidence {
		return model.Evidence{File: file, License: lic, Verdict: "license"}
	}
	mod := func(path, version, lic string, scope model.Scope, evidence []model.Evidence, notices ...string) *model.Module {
		return &model.Module{Path: path, Version: version, Scope: scope, Dir: "/src/" + path,
			License:  &model.License{Expression: lic, Evidence: evidence, Notices: notices},
			Decision: &model.Decision{License: lic, Verdict: model.Allow}}
	}
	doc := &model.Document{Main: []string{"example.com/app"}, Modules: []*model.Module{
		mod("example.com/b", "v1.0.0", "MIT", model.ScopeRequired, []model.Evidence{ev("LICENSE", "MIT")}),
		mod("example.com/a", "v2.0.0", "MIT", model.ScopeRequired, []model.Evidence{ev("LICENSE", "MIT")}),
		mod("example.com/apache", "v1.0.0", "Apache-2.0", model.ScopeRequired, []model.Evidence{ev("LICENSE", "Apache-2.0")}, "NOTICE"),
		mod("example.com/apache2", "v1.0.0", "Apache-2.0 OR MIT", model.ScopeRequired, []model.Evidence{ev("LICENSE", "Apache-2.0"), ev("LICENSE-MIT", "MIT")}, "NOTICE"),
		mod("example.com/gone", "v1.0.0", "MIT", model.ScopeRequired, []model.Evidence{ev("LICENSE", "MIT")}),
		mod("example.com/testonly", "v1.0.0", "MIT", model.ScopeTest, []model.Evidence{ev("LICENSE", "MIT")}),
		{Path: "example.com/none", Version: "v0.1.0", Scope: model.ScopeRequired, License: &model.License{Reason: "no license file"}, Decision: &model.Decision{Verdict: model.Deny}},
	}}
	// The same module needed by two main modules of a monorepo: once.
	dup := *doc.Modules[0]
	dup.Main = "example.com/other"
	doc.Modules = append(doc.Modules, &dup)
	files := map[string]string{
		"example.com/a@v2.0.0/LICENSE":      strings.ReplaceAll(strings.Replace(mitBody, "%s", "Copyright (c) 2020 A Authors", 1), "\n", "\r\n"),
		"example.com/b@v1.0.0/LICENSE":      strings.Replace(mitBody, "%s", "Copyright (c) 2019 B\nCopyright (c) 2021 B2", 1),
		"example.com/apache@v1.0.0/LICENSE": "Apache License\nVersion 2.0\n",
		"example.com/apache@v1.0.0/NOTICE":  "Apache Thing\nCopyright 2020 The Thing Authors\n",
		// Laid out otherwise (indented, wrapped): the same text.
		"example.com/apache2@v1.0.0/LICENSE":     "   Apache License Version\n     2.0\n",
		"example.com/apache2@v1.0.0/LICENSE-MIT": strings.Replace(mitBody, "%s", "Copyright (c) 2022 Two", 1),
		"example.com/apache2@v1.0.0/NOTICE":      "Apache Thing\nCopyright 2020 The Thing Authors\n",
		"example.com/testonly@v1.0.0/LICENSE":    "Test only\n",
	}
	return doc, files
}

func readMap(files map[string]string) ReadFunc {
	return func(m *model.Module, rel string) ([]byte, error) {
		s, ok := files[m.ID()+"/"+rel]
		if !ok {
			return nil, errors.New("file does not exist")
		}
		return []byte(s), nil
	}
}

func TestBuildAttribution(t *testing.T) {
	doc, files := attributionDoc()
	a := BuildAttribution(doc, readMap(files))
	type text struct {
		ID, License string
		Uses        []string
	}
	summarise := func(a *Attribution) (mods []string, lic []text, not []text) {
		for _, m := range a.Modules {
			s := m.ID() + " " + m.License + " [" + strings.Join(m.Copyrights, "; ") + "]"
			for _, l := range m.Licenses {
				s += " " + l.File + "=" + l.Text.ID
			}
			for _, n := range m.Notices {
				s += " " + n.File + "=" + n.Text.ID
			}
			for _, u := range m.Unread {
				s += " unread:" + u.File
			}
			mods = append(mods, s)
		}
		for _, l := range a.Licenses {
			tx := text{ID: l.ID, License: l.License}
			for _, u := range l.Uses {
				tx.Uses = append(tx.Uses, u.Module.ID()+"/"+u.File+" ["+strings.Join(u.Copyrights, "; ")+"]")
			}
			lic = append(lic, tx)
		}
		for _, n := range a.Notices {
			tx := text{ID: n.ID}
			if n.Apache {
				tx.License = "apache"
			}
			for _, u := range n.Uses {
				tx.Uses = append(tx.Uses, u.Module.ID()+"/"+u.File)
			}
			not = append(not, tx)
		}
		return
	}
	mods, lic, not := summarise(a)
	wantMods := []string{
		"example.com/a@v2.0.0 MIT [Copyright (c) 2020 A Authors] LICENSE=L2",
		"example.com/apache@v1.0.0 Apache-2.0 [Copyright 2020 The Thing Authors] LICENSE=L1 NOTICE=N1",
		"example.com/apache2@v1.0.0 Apache-2.0 OR MIT [Copyright (c) 2022 Two; Copyright 2020 The Thing Authors] LICENSE=L1 LICENSE-MIT=L2 NOTICE=N1",
		"example.com/b@v1.0.0 MIT [Copyright (c) 2019 B; Copyright (c) 2021 B2] LICENSE=L2",
		"example.com/gone@v1.0.0 MIT [] unread:LICENSE",
		"example.com/none@v0.1.0  []",
	}
	if diff := cmp.Diff(wantMods, mods); diff != "" {
		t.Errorf("modules (-want +got):\n%s", diff)
	}
	wantLic := []text{
		{"L1", "Apache-2.0", []string{"example.com/apache@v1.0.0/LICENSE []", "example.com/apache2@v1.0.0/LICENSE []"}},
		{"L2", "MIT", []string{"example.com/a@v2.0.0/LICENSE [Copyright (c) 2020 A Authors]", "example.com/apache2@v1.0.0/LICENSE-MIT [Copyright (c) 2022 Two]", "example.com/b@v1.0.0/LICENSE [Copyright (c) 2019 B; Copyright (c) 2021 B2]"}},
	}
	if diff := cmp.Diff(wantLic, lic); diff != "" {
		t.Errorf("license texts (-want +got):\n%s", diff)
	}
	wantNot := []text{{"N1", "apache", []string{"example.com/apache@v1.0.0/NOTICE", "example.com/apache2@v1.0.0/NOTICE"}}}
	if diff := cmp.Diff(wantNot, not); diff != "" {
		t.Errorf("notices (-want +got):\n%s", diff)
	}
	if got := a.Licenses[1].Text; got != "MIT License\n\nPermission is hereby granted, free of charge." {
		t.Errorf("MIT group text = %q", got)
	}
	if got := a.Notices[0].Text; got != "Apache Thing\nCopyright 2020 The Thing Authors" {
		t.Errorf("NOTICE kept = %q, want it verbatim", got)
	}

	// The same modules in another order give the same bytes.
	var first, second bytes.Buffer
	if err := WriteNotice(&first, doc, readMap(files)); err != nil {
		t.Fatal(err)
	}
	for i, j := 0, len(doc.Modules)-1; i < j; i, j = i+1, j-1 {
		doc.Modules[i], doc.Modules[j] = doc.Modules[j], doc.Modules[i]
	}
	if err := WriteNotice(&second, doc, readMap(files)); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(first.String(), second.String()); diff != "" {
		t.Errorf("notices depend on the module order (-first +second):\n%s", diff)
	}
	out := first.String()
	if n := strings.Count(out, "Permission is hereby granted"); n != 1 {
		t.Errorf("MIT text printed %d times, want once:\n%s", n, out)
	}
	for _, want := range []string{"example.com/gone v1.0.0\n    License: MIT\n    LICENSE: not included: file does not exist", "example.com/none v0.1.0\n    License: UNKNOWN (no license file)"} {
		if !strings.Contains(out, want) {
			t.Errorf("notices lack %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "testonly") {
		t.Errorf("a test-only module is in the notices:\n%s", out)
	}
}
