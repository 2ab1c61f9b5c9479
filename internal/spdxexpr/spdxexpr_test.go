package spdxexpr

import (
	"os"
	"slices"
	"testing"

	"github.com/ospo-scan/ospo-scan/internal/licensedata"
)

func TestGeneratedUpToDate(t *testing.T) {
	want, err := licensedata.GenerateCategoriesFrom("spdxexpr", "../licensedata")
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("table_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Error("table_gen.go is out of date: run go generate ./internal/spdxexpr")
	}
}

// TestNormalize: deprecated ids become current SPDX.
func TestNormalize(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"GPL-2.0-with-classpath-exception", "GPL-2.0-only WITH Classpath-exception-2.0", true},
		{"GPL-2.0-with-autoconf-exception", "GPL-2.0-only WITH Autoconf-exception-2.0", true},
		{"GPL-2.0-with-bison-exception", "GPL-2.0-only WITH Bison-exception-2.2", true},
		{"GPL-2.0-with-font-exception", "GPL-2.0-only WITH Font-exception-2.0", true},
		{"GPL-2.0-with-GCC-exception", "GPL-2.0-only WITH GCC-exception-2.0", true},
		{"GPL-3.0-with-autoconf-exception", "GPL-3.0-only WITH Autoconf-exception-3.0", true},
		{"GPL-3.0-with-GCC-exception", "GPL-3.0-only WITH GCC-exception-3.1", true},
		{"wxWindows", "LGPL-2.0-or-later WITH WxWindows-exception-3.1", true},
		{"eCos-2.0", "GPL-2.0-or-later WITH eCos-exception-2.0", true},
		{"GPL-2.0", "GPL-2.0-only", true},
		{"GPL-2.0+", "GPL-2.0-or-later", true},
		{"GPL-1.0+", "GPL-1.0-or-later", true},
		{"LGPL-2.1+", "LGPL-2.1-or-later", true},
		{"LGPL-3.0", "LGPL-3.0-only", true},
		{"AGPL-3.0", "AGPL-3.0-only", true},
		{"GFDL-1.3", "GFDL-1.3-only", true},
		{"StandardML-NJ", "SMLNJ", true},
		{"BSD-2-Clause-NetBSD", "BSD-2-Clause", true},
		{"GPL-2.0-only+", "GPL-2.0-or-later", true},
		{"mit", "MIT", true},
		{"gpl-2.0-only WITH classpath-exception-2.0", "GPL-2.0-only WITH Classpath-exception-2.0", true},
		{"MIT AND (GPL-2.0 OR Apache-2.0)", "MIT AND (GPL-2.0-only OR Apache-2.0)", true},
		{"GPL-2.0-with-classpath-exception OR MIT", "GPL-2.0-only WITH Classpath-exception-2.0 OR MIT", true},
		{"(MIT OR Apache-2.0)", "(MIT OR Apache-2.0)", true}, // unchanged: kept as written
		{"MIT+", "MIT+", true},
		{"LicenseRef-x AND MIT", "LicenseRef-x AND MIT", true},
		{"Net-SNMP", "Net-SNMP", true}, // deprecated, no single replacement
		{"Foo-License", "Foo-License", false},
		{"MIT AND", "MIT AND", false},
		{"MIT WITH GPL-2.0-only", "MIT WITH GPL-2.0-only", false},
		{"GPL-2.0-with-classpath-exception WITH LLVM-exception", "GPL-2.0-with-classpath-exception WITH LLVM-exception", false},
	}
	for _, tt := range tests {
		got, ok := Normalize(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Normalize(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
		if again, _ := Normalize(got); again != got {
			t.Errorf("Normalize(%q) = %q, not idempotent", got, again)
		}
	}
}

// TestLicenseRef: the one LicenseRef pattern, with and without a
// DocumentRef, and what Valid accepts.
func TestLicenseRef(t *testing.T) {
	tests := []struct {
		in         string
		ref, valid bool
	}{
		{"LicenseRef-ospo-CommonsClause", true, true},
		{"DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2", true, true},
		{"LicenseRef-", false, false},
		{"LicenseRef-a b", false, false},
		{"MIT", false, true},
		{"MIT OR Apache-2.0", false, true},
		{"MIT OR", false, false},
	}
	for _, tt := range tests {
		if got := IsLicenseRef(tt.in); got != tt.ref {
			t.Errorf("IsLicenseRef(%q) = %v, want %v", tt.in, got, tt.ref)
		}
		if got := Valid(tt.in); got != tt.valid {
			t.Errorf("Valid(%q) = %v, want %v", tt.in, got, tt.valid)
		}
	}
}

// TestLeaves: the ids of an expression as written, WITH kept together.
func TestLeaves(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"MIT", []string{"MIT"}},
		{"(MIT OR Apache-2.0) AND GPL-2.0-only WITH Classpath-exception-2.0", []string{"MIT", "Apache-2.0", "GPL-2.0-only WITH Classpath-exception-2.0"}},
		{"", nil},
	}
	for _, tt := range tests {
		if got := Leaves(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Leaves(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestTidy: the normal form detection reports: each term once, operands
// sorted, nested operators of the same kind flattened, parentheses only
// around an OR inside an AND, deprecated ids current.
func TestTidy(t *testing.T) {
	tests := map[string]string{
		"MIT":                        "MIT",
		"MIT AND Apache-2.0 AND MIT": "Apache-2.0 AND MIT",
		"Apache-2.0 AND (BSD-3-Clause AND MIT) AND BSD-3-Clause AND MIT": "Apache-2.0 AND BSD-3-Clause AND MIT",
		"(MIT OR Unlicense) AND Apache-2.0":                              "Apache-2.0 AND (MIT OR Unlicense)",
		"MIT OR (Apache-2.0 AND BSD-3-Clause)":                           "Apache-2.0 AND BSD-3-Clause OR MIT",
		"Unlicense OR MIT OR MIT":                                        "MIT OR Unlicense",
		"GPL-2.0+ AND GPL-2.0-or-later":                                  "GPL-2.0-or-later",
		"GPL-2.0-only WITH Classpath-exception-2.0 OR MIT":               "GPL-2.0-only WITH Classpath-exception-2.0 OR MIT",
		"LicenseRef-public-domain AND MIT":                               "LicenseRef-public-domain AND MIT",
		"MIT AND":                                                        "",
		"NoSuchLicense":                                                  "",
	}
	for in, want := range tests {
		got, ok := TidyString(in)
		if got != want || ok != (want != "") {
			t.Errorf("TidyString(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	if Join("AND") != nil || Join("OR", nil, nil) != nil {
		t.Error("Join of nothing is not nil")
	}
}
