package scanner

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// TestReferredBSDStyleHolderInNotice: the holder of a BSD-style
// statement counts only when the license file names it in a copyright
// notice, not when the license's own words contain it ("the authors" of
// the MIT text's "the authors or copyright holders be liable").
func TestReferredBSDStyleHolderInNotice(t *testing.T) {
	const mit = "MIT License\n\nCopyright (c) 2016 Some Person\n\n" +
		"Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated documentation files (the \"Software\"), to deal in the Software without restriction.\n\n" +
		"THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM.\n"
	for _, tt := range []struct {
		copyright string
		drop      bool
	}{
		{"Copyright 2019 The Authors. All rights reserved.", false},
		{"Copyright 2019 the copyright holders. All rights reserved.", false},
		{"Copyright 2019 Some Person. All rights reserved.", true},
		{"Copyright (c) 2016 Some Person", true},
		{"Copyright 2019 Other Person. All rights reserved.", false},
		{"Copyright 2019 Me Person. All rights reserved.", false}, // not "so-me person"
		{"Copyright 2019 Some Per. All rights reserved.", false},  // not "some per-son"
	} {
		root := t.TempDir()
		if err := os.MkdirAll(filepath.Join(root, "p"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, "p", "LICENSE"), []byte(mit), 0o644); err != nil {
			t.Fatal(err)
		}
		d := &model.Deep{Files: []model.FileLicense{{File: "p/x.go", Line: 2, Kind: model.FileKindReference, License: "LicenseRef-ospo-BSD-style", Copyright: []string{tt.copyright}}}}
		referredBSDStyle(d, root, []model.Evidence{{File: "p/LICENSE", Verdict: model.VerdictLicense, License: "MIT"}})
		if dropped := len(d.Files) == 0; dropped != tt.drop {
			t.Errorf("%q: dropped = %v, want %v", tt.copyright, dropped, tt.drop)
		}
	}
}
