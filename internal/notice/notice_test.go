package notice

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

type findCase struct {
	name string
	text string
	want string // Expression(Find(text))
}

func runCases(t *testing.T, cases []findCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ms := Find([]byte(c.text))
			if got := Expression(ms); got != c.want {
				t.Errorf("Expression(Find(%q)) = %q, want %q\nmatches: %+v", c.text, got, c.want, ms)
			}
		})
	}
}

func TestTags(t *testing.T) {
	runCases(t, []findCase{
		{"plain", "// SPDX-License-Identifier: Apache-2.0\n", "Apache-2.0"},
		{"c comment", "/* SPDX-License-Identifier: MIT */\n", "MIT"},
		{"deprecated GPL-2.0", "# SPDX-License-Identifier: GPL-2.0\n", "GPL-2.0-only"},
		{"deprecated GPL-2.0+", "// SPDX-License-Identifier: GPL-2.0+\n", "GPL-2.0-or-later"},
		{"deprecated LGPL-2.1+", "/* SPDX-License-Identifier: LGPL-2.1+ */", "LGPL-2.1-or-later"},
		{"lower case", "// spdx-license-identifier: gpl-2.0-only\n", "GPL-2.0-only"},
		{"or expression", "// SPDX-License-Identifier: MIT OR Apache-2.0\n", "Apache-2.0 OR MIT"},
		{"with exception", "// SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note\n", "GPL-2.0-only WITH Linux-syscall-note"},
		{"deprecated with-exception id", "// SPDX-License-Identifier: GPL-2.0-with-classpath-exception\n", "GPL-2.0-only WITH Classpath-exception-2.0"},
		{"parenthesised", "// SPDX-License-Identifier: (LGPL-2.1-only OR BSD-2-Clause)\n", "BSD-2-Clause OR LGPL-2.1-only"},
		{"and of or", "// SPDX-License-Identifier: MIT AND (Apache-2.0 OR MIT)\n", "(Apache-2.0 OR MIT) AND MIT"},
		{"repeated term", "// SPDX-License-Identifier: MIT AND MIT\n", "MIT"},
		{"licenseref", "// SPDX-License-Identifier: LicenseRef-Proprietary\n", "LicenseRef-Proprietary"},
		{"non-GNU plus", "// SPDX-License-Identifier: MPL-2.0+\n", "MPL-2.0+"},
		{"unknown id", "// SPDX-License-Identifier: Foo-1.0\n", ""},
		{"unknown exception", "// SPDX-License-Identifier: GPL-2.0-only WITH Foo-exception\n", ""},
		{"markdown link", "[SPDX-License-Identifier: Apache-2.0 OR MIT](LICENSE.md)\n", "Apache-2.0 OR MIT"},
	})
}

func TestNotices(t *testing.T) {
	runCases(t, []findCase{
		{"licensed under", "Licensed under the Apache License, Version 2.0 (the \"License\");", "Apache-2.0"},
		{"released under", "This software is released under the MIT License.", "MIT"},
		{"distributed under", "Distributed under the Boost Software License, Version 1.0.", "BSL-1.0"},
		{"available under", "`tinylru` source code is available under the MIT License.", "MIT"},
		{"under the terms of", "This file is distributed under the terms of the BSD 3-Clause license.", "BSD-3-Clause"},
		{"subject to", "This Source Code Form is subject to the terms of the Mozilla Public\nLicense, v. 2.0. If a copy of the MPL was not distributed with this\nfile, You can obtain one at http://mozilla.org/MPL/2.0/.", "MPL-2.0"},
		{"name then licensed", "This project is MIT licensed.", "MIT"},
		{"licensed with no verb", "Licensed MIT.", "MIT"},
		{"an adjective", "Go-xdr is licensed under the liberal ISC License.", "ISC"},
		{"name and version split", "the NATS source files are distributed\nunder the Apache Version 2.0 license found in the LICENSE file.", "Apache-2.0"},
		{"alias Apache 2", "Cobra is released under the Apache 2.0 license.", "Apache-2.0"},
		{"alias new BSD", "Released under the New BSD License.", "BSD-3-Clause"},
		{"alias simplified BSD", "Licensed under the Simplified BSD License.", "BSD-2-Clause"},
		{"alias MPLv2", "Licensed under MPLv2.", "MPL-2.0"},
		{"SPDX name", "Licensed under the Eiffel Forum License v2.", "EFL-2.0"},
		{"SPDX id in prose", "This code is licensed under EPL-2.0.", "EPL-2.0"},
		{"same terms as Perl", "This library is free software; you can redistribute it and/or modify it under the same terms as Perl itself.", "Artistic-1.0-Perl OR GPL-1.0-or-later"},
		{"same terms as an unknown", "You may use it under the same terms as Foo itself.", ""},
		{"jsdoc", "/**\n * @license MIT\n */", "MIT"},
		{"license field", "License: Eiffel Forum License v2", "EFL-2.0"},
		{"software license", "Distributed under the MIT software license, see the accompanying file COPYING.", "MIT"},
		{"non-GNU or later", "Distributed under the Artistic License 2.0 or (at your option) any later version.", "Artistic-2.0+"},
	})
}

func TestGNUConventions(t *testing.T) {
	runCases(t, []findCase{
		{"version only", "This program is free software; you can redistribute it and/or modify it\nunder the terms of the GNU General Public License version 2 as published\nby the Free Software Foundation.", "GPL-2.0-only"},
		{"or later", "This program is free software: you can redistribute it and/or modify\nit under the terms of the GNU General Public License as published by\nthe Free Software Foundation, either version 3 of the License, or\n(at your option) any later version.", "GPL-3.0-or-later"},
		{"lesser or later", "modify it under the terms of the GNU Lesser General Public\nLicense as published by the Free Software Foundation; either\nversion 2.1 of the License, or (at your option) any later version.", "LGPL-2.1-or-later"},
		{"library GPL", "under the terms of the GNU Library General Public License as published by the Free Software Foundation; either version 2 of the License, or (at your option) any later version.", "LGPL-2.0-or-later"},
		{"affero", "under the terms of the GNU Affero General Public License as published by the Free Software Foundation, version 3.", "AGPL-3.0-only"},
		{"GPLv3", "Licensed under the GPLv3.", "GPL-3.0-only"},
		{"GPLv2+", "Licensed under the GPLv2+.", "GPL-2.0-or-later"},
		{"GPL-2.0 in prose is only", "Licensed under GPL-2.0.", "GPL-2.0-only"},
		{"version before name", "under the terms of version 2 of the GNU General Public License as published by the Free Software Foundation.", "GPL-2.0-only"},
		{"two versions", "under the terms of the GNU General Public License as published by the Free Software Foundation; either version 2 or (at your option) version 3.", "GPL-2.0-only OR GPL-3.0-only"},
		{"unversioned GPL", "This file is part of crlibm and is distributed under the GNU Public Licence", "GPL-1.0-or-later"},
		{"unversioned LGPL", "This file may be redistributed under the terms of the GNU Library General Public License.", "LGPL-2.0-or-later"},
		{"unversioned lesser", "This file may be redistributed under the terms of the GNU Lesser General Public License.", "LGPL-2.1-or-later"},
		{"unversioned affero", "Licensed under the GNU Affero General Public License.", "AGPL-3.0-or-later"},
		{"unversioned gives way", "Licensed under the GPL.\n\nThis program is free software; you can redistribute it under the terms of the GNU General Public License, version 3 or later.", "GPL-3.0-or-later"},
		{"no version guessed from see-the-GPL", "This program is distributed in the hope that it will be useful, but WITHOUT ANY WARRANTY. See the GNU General Public License for more details.", ""},
		{"with a known exception", "Licensed under the GPL version 2 with the Classpath exception.", "GPL-2.0-only WITH Classpath-exception-2.0"},
		{"with LLVM exceptions", "Part of the LLVM Project, under the Apache License v2.0 with LLVM Exceptions.", "Apache-2.0 WITH LLVM-exception"},
		{"with an unknown exception", "Licensed under the GPL version 2 with a special exception for Foo.", ""},
		{"not a GNU version", "Licensed under the GNU General Public License version 4.", ""},
		{"GFDL invariants", "under the terms of the GNU Free Documentation License, Version 1.1; with the Invariant Sections being Foo.", "GFDL-1.1-invariants-only"},
		{"GNU URL alone", "See https://www.gnu.org/licenses/old-licenses/gpl-2.0.html", "GPL-2.0-only"},
		{"GNU URL gives way to the notice", "under the terms of the GNU General Public License, version 2 or later (https://www.gnu.org/licenses/old-licenses/gpl-2.0.html).", "GPL-2.0-or-later"},
	})
}

func TestDualLicenses(t *testing.T) {
	runCases(t, []findCase{
		{"dual and", "This project is dual-licensed under the Unlicense and MIT licenses.", "MIT OR Unlicense"},
		{"or", "Licensed under either of Apache License, Version 2.0 or MIT license at your option.", "Apache-2.0 OR MIT"},
		{"at your option", "Licensed under the MIT license or the Apache License 2.0, at your option.", "Apache-2.0 OR MIT"},
		{"either or", "Use of this source code is governed by your choice of either the FreeType License or the GNU General Public License version 2 (or any later version).", "FTL OR GPL-2.0-or-later"},
		{"as shown at", "This software is dual-licensed to you under the Universal Permissive License (UPL) 1.0 as shown at https://oss.oracle.com/licenses/upl or Apache License 2.0 as shown at http://www.apache.org/licenses/LICENSE-2.0. You may choose either license.", "Apache-2.0 OR UPL-1.0"},
		{"and without a choice", "Licensed under the MIT and Apache 2.0 licenses.", ""},
		{"three", "Licensed under MIT, Apache-2.0 or ISC, at your option.", "Apache-2.0 OR ISC OR MIT"},
		{"one unknown", "Dual licensed under the Foo License and the MIT license.", ""},
		{"parts keep their license", "The libyaml-derived files listed in NOTICE retain their original MIT license;\nthe remaining project files are covered by Apache License 2.0.", "Apache-2.0 AND MIT"},
		{"choice declared before sections", "This software is available under 2 licenses -- choose whichever you prefer.\n----\nALTERNATIVE A - MIT License\nCopyright (c) 2017 Foo\n----\nALTERNATIVE B - Public Domain (www.unlicense.org)\nThis is free and unencumbered software released into the public domain.\n", "MIT OR Unlicense"},
		{"rust style", "Licensed under the Apache License, Version 2.0 <LICENSE-APACHE or\nhttp://www.apache.org/licenses/LICENSE-2.0> or the MIT license\n<LICENSE-MIT or http://opensource.org/licenses/MIT>, at your option.", "Apache-2.0 OR MIT"},
		{"either of a list", "## License\n\nLicensed under either of\n\n * Apache License, Version 2.0, ([LICENSE-APACHE](LICENSE-APACHE) or http://www.apache.org/licenses/LICENSE-2.0)\n * MIT license ([LICENSE-MIT](LICENSE-MIT) or http://opensource.org/licenses/MIT)\n\nat your option.\n", "Apache-2.0 OR MIT"},
		{"choice beside its parts", "Licensed under either MIT or Apache-2.0.\nSee https://opensource.org/licenses/MIT", "Apache-2.0 OR MIT"},
	})
}

func TestPublicDomain(t *testing.T) {
	runCases(t, []findCase{
		{"placed in", "// Written in 2015 by Foo. This code is placed in the public domain.", PublicDomain},
		{"released into", "I hereby release this code into the public domain.", PublicDomain},
		{"disclaim and place", "// Licence: I hereby disclaim the copyright on this code and place it\n// in the public domain.", PublicDomain},
		{"label", "/*\n * json_parse.js\n * 2015-05-02\n * Public Domain.\n */", PublicDomain},
		{"author label", "// Written by Theo de Raadt, Public Domain", PublicDomain},
		{"unlicense wording", "This is free and unencumbered software released into the public domain.", "Unlicense"},
		{"CC0", "To the extent possible under law, the author has dedicated all copyright to this software to the public domain worldwide.\nYou should have received a copy of the CC0 Public Domain Dedication along with this software.\nSee http://creativecommons.org/publicdomain/zero/1.0/", "CC0-1.0"},
		{"CC0 waiver", "To the extent possible under law, the person who associated CC0 with this\nwork has waived all copyright and related or neighboring rights to this work.", "CC0-1.0"},
		{"CC0 waiver in its own words", "To the extent possible under law, the author has waived all copyright and related or neighbouring rights to this work.", "CC0-1.0"},
		{"another waiver", "The author has waived the right to be identified as the author of this work.", ""},
		{"not waived", "The author has not waived any rights under CC0 in this work.", ""},
		{"dedicate interest", "The author dedicates any and all copyright interest in this software to the public domain.", PublicDomain},
		{"a no further back", "This software comes with no warranty whatsoever and is released into the public domain.", PublicDomain},
		{"is public domain", "This file is public domain.", PublicDomain},
		{"parenthesised label", "md5.c (public domain)", PublicDomain},
		{"public domain code", "Public domain code by Foo was used here", ""},
		{"not in", "This code is not in the public domain.", ""},
		{"is not public domain", "This code is not public domain.", ""},
		{"based on", "Based on public domain code by Foo.", ""},
		{"domain names", "Updates the public domain names of the container service.", ""},
		{"blessing", "The author disclaims copyright to this source code.  In place of\na legal notice, here is a blessing:", "blessing"},
	})
}

func TestReferences(t *testing.T) {
	runCases(t, []findCase{
		{"apache URL", "// http://www.apache.org/licenses/LICENSE-2.0", "Apache-2.0"},
		{"opensource.org", "License: https://opensource.org/licenses/MIT", "MIT"},
		{"spdx.org", "see https://spdx.org/licenses/BSD-2-Clause.html", "BSD-2-Clause"},
		{"creativecommons", "https://creativecommons.org/licenses/by-sa/4.0/", "CC-BY-SA-4.0"},
		{"CC name", "This work is licensed under a Creative Commons Attribution 4.0 International License.", "CC-BY-4.0"},
		{"CC joined words", "Licensed under the Creative Commons Attribution-ShareAlike 4.0 International License.", "CC-BY-SA-4.0"},
		{"CC short", "The code is released under the CC BY 4.0 license", "CC-BY-4.0"},
		{"cc0 URL", "http://creativecommons.org/publicdomain/zero/1.0/", "CC0-1.0"},
		{"mit-license.org", "See [LICENSE](http://olivere.mit-license.org/)", "MIT"},
		{"unversioned GNU URL", "see <http://www.gnu.org/licenses/>.", ""},
		{"title", "The MIT License (MIT)\n\nCopyright (c) 2014 Foo\n", "MIT"},
		{"title with date", "# Apache License Version 2.0, January 2004\n", "Apache-2.0"},
		{"under a heading", "## License\n\nMIT\n", "MIT"},
		{"link under a heading", "## License\n\n[Apache 2.0](LICENSE)\n", "Apache-2.0"},
		{"heading with the name", "## License (MIT)\n\nCopyright (c) Foo\n", "MIT"},
		{"title and pointer", "## License\nMIT License, see [LICENSE](LICENSE)\n", "MIT"},
		{"see LICENSE only", "// See LICENSE for licensing information.", ""},
	})
}

func TestGoAuthors(t *testing.T) {
	goNotice := "// Copyright 2009 The Go Authors. All rights reserved.\n// Use of this source code is governed by a BSD-style\n// license that can be found in the LICENSE file.\n"
	ms := Find([]byte(goNotice))
	if len(ms) == 0 || ms[0].ID != "BSD-3-Clause" || ms[0].Kind != KindReference || !strings.Contains(ms[0].Note, "another file") {
		t.Errorf("Go Authors' notice: %+v, want BSD-3-Clause reference noting another file", ms)
	}
	runCases(t, []findCase{
		{"go authors", goNotice, "BSD-3-Clause"},
		{"LICENSE-GO", "// Copyright 2020 Foo.\n// Use of this source code is governed by a BSD-style\n// license that can be found in the LICENSE-GO file.\n", "BSD-3-Clause"},
		{"other authors", "// Copyright 2020 Foo.\n// Use of this source code is governed by a BSD-style\n// license that can be found in the LICENSE file.\n", ""},
		{"MIT-style", "// Use of this source code is governed by a MIT-style\n// license that can be found in the LICENSE file.\n", "MIT"},
	})
	other := Find([]byte("// Copyright 2020 Foo.\n// Use of this source code is governed by a BSD-style\n// license that can be found in the LICENSE file.\n"))
	if len(other) == 0 || other[0].Kind != KindReference || other[0].ID != "" {
		t.Errorf("BSD-style notice of other authors: %+v, want a reference with no ID", other)
	}
}

func TestSeeLicense(t *testing.T) {
	for _, text := range []string{
		"// See LICENSE for licensing information.",
		"// Licensed under the terms found in the COPYING file.\n// see COPYING",
		"Please see the LICENSE file in the root of the repository.",
	} {
		ms := Find([]byte(text))
		if len(ms) == 0 || ms[0].ID != "" || ms[0].Kind != KindReference {
			t.Errorf("Find(%q) = %+v, want a reference with no ID", text, ms)
		}
	}
}

func TestAmbiguousNames(t *testing.T) {
	runCases(t, []findCase{
		{"BSD license", "Licensed under the BSD license.", ""},
		{"Apache without version", "Licensed under the Apache License.", ""},
		{"Creative Commons", "This work is licensed under a Creative Commons license.", ""},
		{"MPL without version", "Distributed under the MPL.", ""},
		{"unknown version", "Licensed under the Apache License, Version 3.0.", ""},
		{"longer name", "Licensed under the MIT Foo Bar License.", ""},
		{"modified license", "Licensed under the Apache License, Version 2.0 with the following modification: ...\nhttp://www.apache.org/licenses/LICENSE-2.0", ""},
	})
	// An ambiguous statement is still reported, with no ID.
	ms := Find([]byte("Licensed under the BSD license."))
	if len(ms) != 1 || ms[0].ID != "" || ms[0].Kind != KindNotice {
		t.Errorf("ambiguous statement: %+v, want one notice with no ID", ms)
	}
}

func TestNegatives(t *testing.T) {
	runCases(t, []findCase{
		{"changelog", "## 1.2.0\n- [Doc] BSD License\n- Update MPL-2.0 LICENSE\n", ""},
		{"code with license strings", "var licenses = map[string]string{\n\t\"MIT\": \"MIT License\",\n\t\"Apache-2.0\": \"Apache License 2.0\",\n}\n", ""},
		{"go struct", "\tLicense: \"Apache License 2.0\",\n", ""},
		{"third-party libraries", "you may reverse engineer this software to the extent required to debug changes to any libraries licensed under the GNU Lesser General Public License.", ""},
		{"comment about a license", "// Due to libseccomp being LGPL we must include its sources.", ""},
		{"string literal in code", "\t{\"Licensed under the Apache License 2.0\", \"Apache-2.0\"},\n\tdesc := \"released under the MIT license\"\n", ""},
		{"a condition", "// isGPL reports whether the module is licensed under the GPL.", ""},
		{"not licensed", "This file is not licensed under the MIT license.", ""},
		{"an adjective", "This package wraps an MIT-licensed library for parsing.", ""},
		{"continued line is not a title", "to debug changes to any libraries under the GNU Lesser\nGeneral Public License.\n", ""},
		{"a declared choice of which one license is read", "/*\n * License: pick the one which suits you :\n *   GPL v3 see <https://www.gnu.org/licenses/gpl.html>\n *   APL v2 see <http://www.apache.org/licenses/LICENSE-2.0>\n */\n", ""},
		{"an item of a list of other things is not a title", "### Added\n\n- A README and CONTRIBUTING guide.\n- Apache-2.0 license.\n- CI manifest files.\n", ""},
	})
}

func TestMatchFields(t *testing.T) {
	text := "// Copyright 2020 Foo\n//\n// Licensed under the GNU Lesser General Public License\n// version 2.1 or later.\n"
	got := Find([]byte(text))
	want := []Match{{ID: "LGPL-2.1-or-later", Kind: KindNotice, Lines: [2]int{3, 4}, Original: "GNU Lesser General Public License // version 2.1 or later"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Find (-want +got):\n%s", diff)
	}
	tag := Find([]byte("\n/* SPDX-License-Identifier: GPL-2.0+ */\n"))
	if len(tag) != 1 || tag[0].Original != "GPL-2.0+" || tag[0].ID != "GPL-2.0-or-later" || tag[0].Lines != [2]int{2, 2} || tag[0].Kind != KindTag {
		t.Errorf("tag match: %+v", tag)
	}
}

func TestExpression(t *testing.T) {
	for _, c := range []struct {
		ids  []string
		want string
	}{
		{[]string{"Apache-2.0", "Apache-2.0", "MIT"}, "Apache-2.0 AND MIT"},
		{[]string{"MIT", "Apache-2.0", "BSD-3-Clause", "MIT", "BSD-3-Clause"}, "Apache-2.0 AND BSD-3-Clause AND MIT"},
		{[]string{"MIT OR Apache-2.0", "Apache-2.0"}, "Apache-2.0 OR MIT"},
		{[]string{"MIT OR Apache-2.0", "ISC"}, "(Apache-2.0 OR MIT) AND ISC"},
		{[]string{"GPL-2.0-only WITH Linux-syscall-note", "GPL-2.0-only"}, "GPL-2.0-only WITH Linux-syscall-note"},
		{[]string{"", "MIT"}, "MIT"},
		{nil, ""},
	} {
		var ms []Match
		for _, id := range c.ids {
			ms = append(ms, Match{ID: id})
		}
		if got := Expression(ms); got != c.want {
			t.Errorf("Expression(%q) = %q, want %q", c.ids, got, c.want)
		}
	}
	if got := Normalize("(MIT OR (Apache-2.0 OR MIT)) AND ISC AND ISC"); got != "(Apache-2.0 OR MIT) AND ISC" {
		t.Errorf("Normalize = %q", got)
	}
}
