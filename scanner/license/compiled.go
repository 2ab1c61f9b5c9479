package license

import (
	_ "embed"

	"github.com/google/licensecheck"

	lcscan "github.com/ospo-scan/ospo-scan/internal/third_party/licensecheck"
)

// compiledScanner is the compiled form of the scanner of the licenses the
// classifier matches (extraLicenses of licensecheck's built-in list):
// its dictionary and matcher program, made by TestCompiledScanner with
// -update. Loading it takes a few milliseconds of CPU where parsing the
// patterns takes about 80, which a cold scan otherwise spends while the go
// command lists the packages.
//
//go:embed scanner.bin
var compiledScanner []byte

// newScanner returns the licensecheck scanner of list: the compiled one
// when it was made from exactly these licenses (the same ids and
// patterns, in the same order), else one built from the patterns, which
// gives the same scanner more slowly. TestCompiledScanner fails when the
// compiled form is not the current one.
func newScanner(list []licensecheck.License) (*lcscan.Scanner, error) {
	if sc, err := lcscan.NewCompiledScanner(list, compiledScanner); err == nil {
		return sc, nil
	}
	return lcscan.NewScanner(list)
}
