package license

import (
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
