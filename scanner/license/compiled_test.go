package license

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"reflect"
	"testing"

	"github.com/google/licensecheck"

	lcscan "github.com/ospo-scan/ospo-scan/internal/third_party/licensecheck"
)

var update = flag.Bool("update", false, "rewrite scanner.bin, the compiled scanner")

// TestCompiledScanner checks that scanner.bin is the compiled form of the
// scanner built from today's patterns (go test -run TestCompiledScanner
// -update rewrites it), that it loads, and that the loaded scanner is the
// built one: the same compiled form, the same scans.
func TestCompiledScanner(t *testing.T) {
	list := extraLicenses(licensecheck.BuiltinLicenses())
	built, err := lcscan.NewScanner(list)
	if err != nil {
		t.Fatal(err)
	}
	want, err := built.Compiled()
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("scanner.bin", want, 0o666); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(compiledScanner, want) {
		t.Fatalf("scanner.bin (%d bytes) is not the compiled form of today's patterns (%d bytes): run go generate ./scanner/license", len(compiledScanner), len(want))
	}
	loaded, err := lcscan.NewCompiledScanner(list, compiledScanner)
	if err != nil {
		t.Fatalf("NewCompiledScanner: %v", err)
	}
	again, err := loaded.Compiled()
	if err != nil || !bytes.Equal(again, want) {
		t.Fatalf("the loaded scanner compiles to another form (%v)", err)
	}
	for _, text := range scanTexts(t) {
		if got, want := loaded.Scan(text), built.Scan(text); !reflect.DeepEqual(got, want) {
			t.Errorf("scan of %.40q: loaded %+v, built %+v", text, got, want)
		}
	}
}

// scanTexts returns texts for comparing scanners: license texts of
// licensecheck's test data and bits of them.
func scanTexts(t *testing.T) [][]byte {
	t.Helper()
	texts := [][]byte{[]byte(""), []byte("Licensed under the Apache License, Version 2.0"), []byte("SPDX-License-Identifier: MIT")}
	for _, l := range licensecheck.BuiltinLicenses()[:40] {
		texts = append(texts, []byte(l.LRE))
	}
	return texts
}

// TestCompiledScannerStale checks that a compiled form is refused for
// other licenses than those it was made from, so that the classifier
// builds the scanner instead of matching with wrong patterns.
func TestCompiledScannerStale(t *testing.T) {
	list := extraLicenses(licensecheck.BuiltinLicenses())
	for name, edit := range map[string]func([]licensecheck.License) []licensecheck.License{
		"pattern": func(l []licensecheck.License) []licensecheck.License { l[3].LRE += " extra"; return l },
		"id":      func(l []licensecheck.License) []licensecheck.License { l[3].ID += "-x"; return l },
		"order":   func(l []licensecheck.License) []licensecheck.License { l[3], l[4] = l[4], l[3]; return l },
		"fewer":   func(l []licensecheck.License) []licensecheck.License { return l[1:] },
	} {
		edited := edit(append([]licensecheck.License(nil), list...))
		if _, err := lcscan.NewCompiledScanner(edited, compiledScanner); !errors.Is(err, lcscan.ErrStale) {
			t.Errorf("%s changed: NewCompiledScanner error %v, want ErrStale", name, err)
		}
		if sc, err := newScanner(edited); err != nil || sc == nil {
			t.Errorf("%s changed: newScanner: %v", name, err)
		}
	}
}
