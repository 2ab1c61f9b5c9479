package scanner

import (
	"regexp"

	"github.com/github/go-spdx/v2/spdxexp"
)

var licenseRefOnlyRE = regexp.MustCompile(`^(DocumentRef-[A-Za-z0-9.-]+:)?LicenseRef-[A-Za-z0-9.-]+$`)

// validExpression reports whether s is a valid SPDX expression.
func validExpression(s string) bool {
	if licenseRefOnlyRE.MatchString(s) {
		return true
	}
	_, err := spdxexp.ExtractLicenses(s)
	return err == nil
}
