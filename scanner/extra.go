package scanner

import "github.com/google/licensecheck"

//go:generate go run ./internal/genlre -corpus ../../shared/corpus/spdx-canonical

// extraLicenses are the licenses added to licensecheck's built-in list:
// the SPDX licenses it lacks (spdx_gen.go, generated from the SPDX License
// List) and our own patterns for real-world variants (patterns.go).
func extraLicenses() []licensecheck.License {
	out := make([]licensecheck.License, 0, len(generatedLicenses)+len(ownLicenses))
	out = append(out, generatedLicenses...)
	return append(out, ownLicenses...)
}
