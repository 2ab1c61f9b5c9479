package license

import "github.com/google/licensecheck"

// ownLicenses are patterns for license statements met in real modules that
// neither licensecheck nor the SPDX texts cover: the short notices that
// state a license by name ("This project is released under the MIT
// License"). Each is tested in testdata/licenses (see MANIFEST there); a
// bare mention of a license name in prose matches none.
var ownLicenses = []licensecheck.License{
	{ID: "MIT", LRE: `
((released || licensed || distributed || available || provided || published))
((freely))??
under the
((terms of the))??
MIT
((license || licence))
`},
	{ID: "Apache-2.0", LRE: `
licensed under the Apache License, Version 2.0
`},
	{ID: "BSD-3-Clause", LRE: `
((released || licensed || distributed || available))
under the
((terms of the))??
((BSD 3-Clause || 3-Clause BSD || new BSD || modified BSD))
((license || licence))
`},
}
