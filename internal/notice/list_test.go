package notice

import "testing"

// TestLicenseLists covers licenses listed one per line (bulleted) after an
// introducing sentence: the sentence decides OR or AND, and a list whose
// sentence does not say gives no expression.
func TestLicenseLists(t *testing.T) {
	runCases(t, []findCase{
		{"either colon, bullets with SPDX ids",
			"The tools-golang source code is provided and may be used, at your option,\nunder either:\n* Apache License, version 2.0 (Apache-2.0), OR\n* GNU General Public License, version 2.0 or later (GPL-2.0-or-later).\n",
			"Apache-2.0 OR GPL-2.0-or-later"},
		{"one of the following",
			"This project is available under one of the following licenses:\n- MIT License\n- Apache License 2.0\n",
			"Apache-2.0 OR MIT"},
		{"following licenses, at your option",
			"You may use this software, at your option, under the following licenses:\n\n- MIT License\n- Apache License 2.0\n",
			"Apache-2.0 OR MIT"},
		{"dual licensed colon",
			"This crate is dual-licensed:\n\n* MIT License\n* BSD 3-Clause License\n",
			"BSD-3-Clause OR MIT"},
		{"all of the following",
			"This software is licensed under all of the following licenses:\n- MIT License\n- Apache License 2.0\n",
			"Apache-2.0 AND MIT"},
		{"following licenses, undecided",
			"This project is licensed under the following licenses:\n- MIT License\n- Apache License 2.0\n",
			""},
		{"either of, list without colon",
			"Licensed under either of\n\n * Apache License, Version 2.0, (LICENSE-APACHE or http://www.apache.org/licenses/LICENSE-2.0)\n * MIT license (LICENSE-MIT or http://opensource.org/licenses/MIT)\n\nat your option.\n",
			"Apache-2.0 OR MIT"},
		{"list of other things ends the list",
			"Released under either:\n- MIT License\n- Apache License 2.0\n- a beer, if we meet\n",
			"Apache-2.0 OR MIT"},
		{"list with an unresolved item",
			"Licensed under either:\n- MIT License\n- BSD License\n",
			""},
	})
}

// TestParenthesisedID covers an SPDX id in parentheses after a license's
// name: it names the license exactly, and the GNU id's -or-later counts.
func TestParenthesisedID(t *testing.T) {
	runCases(t, []findCase{
		{"GNU or later", "Licensed under the GNU General Public License, version 2.0 or later (GPL-2.0-or-later).", "GPL-2.0-or-later"},
		{"GNU version, id says or-later", "Licensed under the GNU General Public License v2 (GPL-2.0-or-later).", "GPL-2.0-or-later"},
		{"GNU version, id says only", "Licensed under the GNU General Public License v2 (GPL-2.0-only).", "GPL-2.0-only"},
		{"name and id agree", "Licensed under the Mozilla Public License 2.0 (MPL-2.0).", "MPL-2.0"},
		{"unversioned name, id", "Licensed under the BSD License (BSD-3-Clause).", "BSD-3-Clause"},
		{"name and id contradict", "Licensed under the MIT License (Apache-2.0).", ""},
		{"GNU or later, id says only", "Licensed under the GNU General Public License, version 2 or later (GPL-2.0-only).", ""},
		{"bullet alone", "* Apache License, version 2.0 (Apache-2.0), OR\n", ""},
	})
	// The id is part of the name the evidence shows.
	ms := Find([]byte("is licensed under the Creative Commons Attribution 3.0 license\n(CC-BY-3.0). See https://creativecommons.org/licenses/by/3.0/\n"))
	if len(ms) == 0 || ms[0].Original != "Creative Commons Attribution 3.0 license (CC-BY-3.0)" {
		t.Errorf("Original: %+v, want the name with its id in parentheses", ms)
	}
}
