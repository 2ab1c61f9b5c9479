package scanner

import "github.com/google/licensecheck"

// ownLicenses are patterns for license variants met in real modules that
// neither licensecheck nor the SPDX texts cover. Each has a test file under
// testdata/licenses whose header names the expected answer.
var ownLicenses = []licensecheck.License{}
