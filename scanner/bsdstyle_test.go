package scanner

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

func TestHolder(t *testing.T) {
	for line, want := range map[string]string{
		"Copyright 2013 Joshua Tacoma. All rights reserved.":                         "joshua tacoma",
		"Copyright (c) 2013 Joshua Tacoma":                                           "joshua tacoma",
		"Copyright 2020 The LevelDB-Go and Pebble Authors. All rights reserved. Use": "the leveldb-go and pebble authors",
		"Copyright © 2014-2016, 2019 Jane Q. Doe":                                    "jane q. doe",
		"Copyright 2017":   "",
		"Copyright Google": "",
	} {
		if got := holder(line); got != want {
			t.Errorf("holder(%q) = %q, want %q", line, got, want)
		}
	}
}

// TestReferredBSDStyle: a BSD-style statement is dropped when its
// directory's license file is a BSD license or names its holder, and
// stands otherwise (copied code whose LICENSE the module lacks).
func TestReferredBSDStyle(t *testing.T) {
	root := t.TempDir()
	write := func(rel, data string) {
		t.Helper()
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("uritemplates/LICENSE", "Copyright (c) 2013 Joshua Tacoma\n\nPermission is hereby granted, free of charge, ...\n")
	write("z/LICENSE", "bbloom.go\n\n// The MIT License (MIT)\n// Copyright (c) 2014 Andreas Briese\n")
	write("bsd/LICENSE", "Copyright (c) 2010 Someone Else\n")
	style := func(file, copyright string) model.FileLicense {
		return model.FileLicense{File: file, Line: 2, Kind: model.FileKindReference, License: "LicenseRef-ospo-BSD-style", Copyright: []string{copyright}}
	}
	d := &model.Deep{Files: []model.FileLicense{
		style("uritemplates/uritemplates.go", "Copyright 2013 Joshua Tacoma. All rights reserved."),
		style("z/calloc_64bit.go", "Copyright 2020 The LevelDB-Go and Pebble Authors. All rights reserved. Use"),
		style("bsd/x.go", "Copyright 2020 Nobody Named. All rights reserved."),
		style("nolicense/y.go", "Copyright 2013 Joshua Tacoma. All rights reserved."),
		{File: "uritemplates/other.go", Line: 1, Kind: model.FileKindTag, License: "ISC"},
	}}
	evidence := []model.Evidence{
		{File: "LICENSE", Verdict: model.VerdictLicense, License: "Apache-2.0"},
		{File: "uritemplates/LICENSE", Verdict: model.VerdictLicense, License: "MIT"},
		{File: "z/LICENSE", Verdict: model.VerdictLicense, License: "MIT"},
		{File: "bsd/LICENSE", Verdict: model.VerdictLicense, License: "BSD-2-Clause"},
	}
	referredBSDStyle(d, root, evidence)
	var got []string
	for _, f := range d.Files {
		got = append(got, f.File)
	}
	want := []string{"z/calloc_64bit.go", "nolicense/y.go", "uritemplates/other.go"}
	if len(got) != len(want) {
		t.Fatalf("kept %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("kept %q, want %q", got, want)
		}
	}
}
