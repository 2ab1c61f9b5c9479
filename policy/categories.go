package policy

import (
	"strings"

	"github.com/ospo-scan/ospo-scan/internal/spdxexpr"
)

// Category names.
const (
	CategoryUnknown = "unknown"
	CategoryOther   = "other"
)

// refCategories gives the category of the LicenseRef ids the detector
// reports for licenses that have no SPDX id (see scanner's id mapping).
var refCategories = map[string]string{
	"LicenseRef-ospo-Aladdin-9":                "non-commercial",
	"LicenseRef-ospo-Anti996":                  "other",
	"LicenseRef-ospo-BSD-1-Clause-Clear":       "permissive",
	"LicenseRef-ospo-BSD-style":                "permissive", // the deep scan: "a BSD-style license", variant unstated
	"LicenseRef-ospo-BSD-3-Clause-NoTrademark": "permissive",
	"LicenseRef-ospo-CC-BY-NC-SA-3.0-US":       "non-commercial",
	"LicenseRef-ospo-CommonsClause":            "source-available",
	"LicenseRef-ospo-GooglePatentClause":       "other",
	"LicenseRef-ospo-GooglePatentsFile":        "other",
	"LicenseRef-ospo-Prosperity-3.0.0":         "non-commercial",
}

// linkingExceptions lower a strong copyleft license to weak copyleft: they
// allow linking without the whole program taking the license.
var linkingExceptions = map[string]bool{
	"Classpath-exception-2.0": true, "Classpath-exception-2.0-short": true, "LLVM-exception": true,
	"GCC-exception-2.0": true, "GCC-exception-3.1": true, "GPL-3.0-linking-exception": true,
	"GPL-3.0-linking-source-exception": true, "LGPL-3.0-linking-exception": true,
	"Universal-FOSS-exception-1.0": true, "Font-exception-2.0": true, "Autoconf-exception-3.0": true,
	"Bison-exception-2.2": true, "Libtool-exception": true, "eCos-exception-2.0": true,
	"OCaml-LGPL-linking-exception": true, "Qt-LGPL-exception-1.1": true, "WxWindows-exception-3.1": true,
}

// CategoryOf returns the category of one license id ("MIT",
// "GPL-2.0-only WITH Classpath-exception-2.0", "LicenseRef-..."), or
// "unknown" for the empty string.
func CategoryOf(id string) string {
	if id == "" {
		return CategoryUnknown
	}
	base, exc, hasExc := strings.Cut(id, " WITH ")
	base = strings.TrimSpace(base)
	cat := CategoryOther
	if info, ok := spdxexpr.Lookup(base); ok {
		cat = info.Category
	} else if c, ok := refCategories[base]; ok {
		cat = c
	}
	if hasExc && cat == "strong-copyleft" && linkingExceptions[strings.TrimSpace(exc)] {
		cat = "weak-copyleft"
	}
	return cat
}
