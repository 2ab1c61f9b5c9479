package license

import (
	"strings"
	"testing"

	"github.com/google/licensecheck"
)

// BenchmarkLicensecheckNewScanner measures what BenchmarkWarm replaces:
// licensecheck's own scanner over the same patterns, whose DFA is built
// whole before the first scan.
func BenchmarkLicensecheckNewScanner(b *testing.B) {
	list := extraLicenses(licensecheck.BuiltinLicenses())
	for b.Loop() {
		if _, err := licensecheck.NewScanner(list); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHeaderTag reads the tag of a typical Go file's first 2 KB,
// which has none (most files of a scan).
func BenchmarkHeaderTag(b *testing.B) {
	header := []byte(strings.Repeat("// Copyright 2020 The Prometheus Authors\n// Licensed under the Apache License, Version 2.0 (the \"License\");\n", 20)[:2048])
	b.SetBytes(int64(len(header)))
	for b.Loop() {
		if tag, _ := HeaderTag(header); tag != "" {
			b.Fatal(tag)
		}
	}
}
