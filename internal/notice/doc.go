// Package notice finds license statements that are not whole license
// texts: SPDX-License-Identifier tags, notices ("Licensed under the Apache
// License, Version 2.0", the GNU "This program is free software ..."
// notice, the MPL's Exhibit A, public-domain dedications) and references
// (license URLs, "License: MIT" fields, title lines such as "MIT License",
// the Go Authors' "governed by a BSD-style license that can be found in
// the LICENSE file", "see LICENSE").
//
// It is the notice layer of license detection: pure functions over bytes,
// no I/O. Whole license texts are the job of the text matcher
// (licensecheck), and a caller combines both: statements inside a region
// the text matcher recognised belong to that text (the GPL's "How to
// Apply" appendix is not a notice), and a notice that contradicts the
// text beside it makes the result ambiguous rather than resolved.
//
// # How a statement is read
//
// The vocabulary is data: every SPDX license name and id, split into a
// family and a version where it has one ("apache license" 2.0), and SPDX's
// reference URLs, generated from the SPDX License List (tables_gen.go, see
// data/PROVENANCE.md), plus a short hand-written table of common spellings
// that are not SPDX names ("Apache 2", "new BSD", "MIT-style", "CC0"). The
// grammar around the names is hand-written: the verbs that introduce a
// license ("licensed/released/distributed/available under", "subject to
// the terms of", "governed by", "License:"), versions ("v2", ", Version
// 2.0", "v. 2.0"), GNU "or later" phrases, and connectors of several
// licenses ("A or B", "dual licensed under A and B", "either A or B at
// your option").
//
// # Conventions
//
//   - Ids are current SPDX ids: a deprecated id in a tag or a notice
//     (GPL-2.0, GPL-2.0+, LGPL-2.1+, GPL-2.0-with-classpath-exception) is
//     replaced by its current expression; Match.Original keeps what the
//     text said.
//   - GNU licenses: a version without "or later" is -only ("GPLv3",
//     "version 2 of the License"); "or (at your option) any later
//     version", "or later", "+" make it -or-later; "version 2 or version 3"
//     is GPL-2.0-only OR GPL-3.0-only. A GNU license named without any
//     version is "or later" from the first version its name can mean:
//     GPL → GPL-1.0-or-later, LGPL or "Library GPL" → LGPL-2.0-or-later,
//     "Lesser GPL" → LGPL-2.1-or-later (the name exists from 2.1), "GNU
//     Affero GPL" → AGPL-3.0-or-later (the only FSF version), a bare
//     "Affero GPL"/"AGPL" → AGPL-1.0-or-later, GFDL → GFDL-1.1-or-later.
//     Such an unversioned reading gives way to a versioned statement of
//     the same family in the same text. A GNU URL names a version only
//     (-only) and gives way to a notice of the same family.
//   - A public-domain dedication that names no license ("placed in the
//     public domain") is PublicDomain, LicenseRef-public-domain; one with
//     CC0's wording or the Unlicense's is CC0-1.0 or Unlicense.
//   - The Go Authors' notice is BSD-3-Clause, of kind reference, with a
//     Note saying it refers to another file; the same sentence without the
//     Go Authors (or the Go distribution's LICENSE) names no clause count
//     and gives a match with an empty ID.
//   - A license "with" an exception named by its SPDX name ("with the
//     Classpath exception", "with LLVM Exceptions") is "X WITH exception".
//   - Ambiguous names give a match with an empty ID, never a guess: "BSD
//     license", "Apache License" without a version, "Creative Commons"
//     without the variant, several licenses joined by "and" with no word
//     of choice, a license with an exception or modification the grammar
//     does not read, a name that goes on past an id ("the W3C Foo
//     License").
//   - Statements about other works ("libraries licensed under the LGPL"),
//     conditions ("whether it is licensed under"), negations and strings
//     inside code are not statements.
//
// Find bounds its work: a text is read once, each statement looks at a
// fixed number of words, and at most MaxMatches matches are returned.
package notice

//go:generate go run -tags generate ./internal/gennotice
