package notice

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSPDXHeaders runs Find on SPDX's standard license header of every id
// that has one (data/headers): each must give its own id, the deprecated
// ones (GPL-2.0, AGPL-3.0 ...) their current replacement. This checks the
// grammar against SPDX's data, not against examples picked for it.
func TestSPDXHeaders(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("data", "headers", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no headers: %v", err)
	}
	ok := 0
	for _, file := range files {
		id := strings.TrimSuffix(filepath.Base(file), ".txt")
		want := id
		if r, dep := deprecatedIDs[id]; dep {
			want = r
		}
		known, miss := headerKnownMisses[id]
		if miss {
			want = known.got
		}
		text, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		got := Expression(Find(text))
		if got != want {
			t.Errorf("%s: got %q, want %q", id, got, want)
			continue
		}
		if !miss {
			ok++
		}
	}
	t.Logf("%d/%d standard headers give their id", ok, len(files))
}

// headerKnownMisses are the headers whose id is not read from the header
// alone, with what Find gives instead (never another license) and why. A
// change of answer fails the test, so the list stays true.
var headerKnownMisses = map[string]struct{ got, why string }{
	"GFDL-1.1-no-invariants-only":     {"GFDL-1.1-only", `SPDX's GFDL headers are the GFDL appendix template: "with the Invariant Sections being LIST THEIR TITLES" names invariant sections (a notice that names them is a GFDL-x-invariants id), "with no Invariant Sections" keeps the plain id (corpus convention), and the deprecated GFDL-1.x header says "or any later version"`},
	"GFDL-1.1-no-invariants-or-later": {"GFDL-1.1-or-later", `SPDX's GFDL headers are the GFDL appendix template: "with the Invariant Sections being LIST THEIR TITLES" names invariant sections (a notice that names them is a GFDL-x-invariants id), "with no Invariant Sections" keeps the plain id (corpus convention), and the deprecated GFDL-1.x header says "or any later version"`},
	"GFDL-1.1-only":                   {"GFDL-1.1-invariants-only", `SPDX's GFDL headers are the GFDL appendix template: "with the Invariant Sections being LIST THEIR TITLES" names invariant sections (a notice that names them is a GFDL-x-invariants id), "with no Invariant Sections" keeps the plain id (corpus convention), and the deprecated GFDL-1.x header says "or any later version"`},
	"GFDL-1.1-or-later":               {"GFDL-1.1-invariants-or-later", `SPDX's GFDL headers are the GFDL appendix template: "with the Invariant Sections being LIST THEIR TITLES" names invariant sections (a notice that names them is a GFDL-x-invariants id), "with no Invariant Sections" keeps the plain id (corpus convention), and the deprecated GFDL-1.x header says "or any later version"`},
	"GFDL-1.1":                        {"GFDL-1.1-invariants-or-later", `SPDX's GFDL headers are the GFDL appendix template: "with the Invariant Sections being LIST THEIR TITLES" names invariant sections (a notice that names them is a GFDL-x-invariants id), "with no Invariant Sections" keeps the plain id (corpus convention), and the deprecated GFDL-1.x header says "or any later version"`},
	"GFDL-1.2-no-invariants-only":     {"GFDL-1.2-only", `SPDX's GFDL headers are the GFDL appendix template: "with the Invariant Sections being LIST THEIR TITLES" names invariant sections (a notice that names them is a GFDL-x-invariants id), "with no Invariant Sections" keeps the plain id (corpus convention), and the deprecated GFDL-1.x header says "or any later version"`},
	"GFDL-1.2-no-invariants-or-later": {"GFDL-1.2-or-later", `SPDX's GFDL headers are the GFDL appendix template: "with the Invariant Sections being LIST THEIR TITLES" names invariant sections (a notice that names them is a GFDL-x-invariants id), "with no Invariant Sections" keeps the plain id (corpus convention), and the deprecated GFDL-1.x header says "or any later version"`},
	"GFDL-1.2-only":                   {"GFDL-1.2-invariants-only", `SPDX's GFDL headers are the GFDL appendix template: "with the Invariant Sections being LIST THEIR TITLES" names invariant sections (a notice that names them is a GFDL-x-invariants id), "with no Invariant Sections" keeps the plain id (corpus convention), and the deprecated GFDL-1.x header says "or any later version"`},
	"GFDL-1.2-or-later":               {"GFDL-1.2-invariants-or-later", `SPDX's GFDL headers are the GFDL appendix template: "with the Invariant Sections being LIST THEIR TITLES" names invariant sections (a notice that names them is a GFDL-x-invariants id), "with no Invariant Sections" keeps the plain id (corpus convention), and the deprecated GFDL-1.x header says "or any later version"`},
	"GFDL-1.2":                        {"GFDL-1.2-or-later", `SPDX's GFDL headers are the GFDL appendix template: "with the Invariant Sections being LIST THEIR TITLES" names invariant sections (a notice that names them is a GFDL-x-invariants id), "with no Invariant Sections" keeps the plain id (corpus convention), and the deprecated GFDL-1.x header says "or any later version"`},
	"GFDL-1.3-no-invariants-only":     {"GFDL-1.3-only", `SPDX's GFDL headers are the GFDL appendix template: "with the Invariant Sections being LIST THEIR TITLES" names invariant sections (a notice that names them is a GFDL-x-invariants id), "with no Invariant Sections" keeps the plain id (corpus convention), and the deprecated GFDL-1.x header says "or any later version"`},
	"GFDL-1.3-no-invariants-or-later": {"GFDL-1.3-or-later", `SPDX's GFDL headers are the GFDL appendix template: "with the Invariant Sections being LIST THEIR TITLES" names invariant sections (a notice that names them is a GFDL-x-invariants id), "with no Invariant Sections" keeps the plain id (corpus convention), and the deprecated GFDL-1.x header says "or any later version"`},
	"GFDL-1.3-only":                   {"GFDL-1.3-invariants-only", `SPDX's GFDL headers are the GFDL appendix template: "with the Invariant Sections being LIST THEIR TITLES" names invariant sections (a notice that names them is a GFDL-x-invariants id), "with no Invariant Sections" keeps the plain id (corpus convention), and the deprecated GFDL-1.x header says "or any later version"`},
	"GFDL-1.3-or-later":               {"GFDL-1.3-invariants-or-later", `SPDX's GFDL headers are the GFDL appendix template: "with the Invariant Sections being LIST THEIR TITLES" names invariant sections (a notice that names them is a GFDL-x-invariants id), "with no Invariant Sections" keeps the plain id (corpus convention), and the deprecated GFDL-1.x header says "or any later version"`},
	"GFDL-1.3":                        {"GFDL-1.3-or-later", `SPDX's GFDL headers are the GFDL appendix template: "with the Invariant Sections being LIST THEIR TITLES" names invariant sections (a notice that names them is a GFDL-x-invariants id), "with no Invariant Sections" keeps the plain id (corpus convention), and the deprecated GFDL-1.x header says "or any later version"`},
	"LPPL-1.0":                        {"", `the version follows other words ("... Distributed from CTAN archives in directory ...; either version 1 of the License"), and "version 1.3" cannot tell 1.3a from 1.3c`},
	"LPPL-1.1":                        {"", `the version follows other words ("... Distributed from CTAN archives in directory ...; either version 1 of the License"), and "version 1.3" cannot tell 1.3a from 1.3c`},
	"LPPL-1.2":                        {"", `the version follows other words ("... Distributed from CTAN archives in directory ...; either version 1 of the License"), and "version 1.3" cannot tell 1.3a from 1.3c`},
	"LPPL-1.3a":                       {"", `the version follows other words ("... Distributed from CTAN archives in directory ...; either version 1 of the License"), and "version 1.3" cannot tell 1.3a from 1.3c`},
	"LPPL-1.3c":                       {"", `the version follows other words ("... Distributed from CTAN archives in directory ...; either version 1 of the License"), and "version 1.3" cannot tell 1.3a from 1.3c`},
	"MPL-2.0-no-copyleft-exception":   {"MPL-2.0", `the header is the MPL-2.0 header word for word`},
	"MVT-1.1":                         {"", `not in SPDX License List v3.28.0`},
	"Pixar":                           {"", `the Apache License "with the following modification": no id rather than Apache-2.0`},
	"RPSL-1.0":                        {"", `"subject to the current version of the RealNetworks Public Source License": the current version is not a version`},
	"SGI-B-1.0":                       {"", `the license is named in an aside ("as permitted in the SGI Free Software License B"), not by a statement`},
	"SGI-B-1.1":                       {"", `the license is named in an aside ("as permitted in the SGI Free Software License B"), not by a statement`},
	"SISSL":                           {"", `the header says "Sun Standards License", not SPDX's name "Sun Industry Standards Source License"`},
	"W3C-20150513":                    {"W3C", `"W3C Software License" is also the name of the 2002 W3C license; the header alone cannot tell them apart`},
}
