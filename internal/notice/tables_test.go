package notice

import (
	"bytes"
	"os"
	"testing"

	"github.com/ospo-scan/ospo-scan/internal/notice/internal/gentable"
)

func TestTablesUpToDate(t *testing.T) {
	want, err := gentable.GenerateFrom(".")
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("tables_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("tables_gen.go is out of date: run go generate ./internal/notice")
	}
}

// TestVocabulary checks that every id the hand-written tables give is a
// current SPDX id (or exception), so Find never reports a deprecated or
// unknown one.
func TestVocabulary(t *testing.T) {
	check := func(where, expr string) {
		t.Helper()
		n := parseExpr(expr)
		if n == nil {
			t.Errorf("%s: %q does not parse", where, expr)
			return
		}
		if err := validExpr(n); err != "" {
			t.Errorf("%s: %q: %s", where, expr, err)
		}
	}
	for k, v := range aliases {
		check("alias "+k, v)
	}
	for k, v := range deprecatedIDs {
		if dep, ok := spdxLicenseIDs[k]; !ok || !dep {
			t.Errorf("deprecatedIDs has %q, which is not a deprecated SPDX id", k)
		}
		check("deprecated "+k, v)
	}
	for k, v := range gnuDefaults {
		check("gnu default "+k, v)
	}
	for k, v := range spdxNames {
		check("name "+k, v)
	}
	for k, v := range spdxExceptionNames {
		if dep, ok := spdxExceptionIDs[v]; !ok || dep {
			t.Errorf("exception name %q: %q is not a current SPDX exception id", k, v)
		}
	}
}
