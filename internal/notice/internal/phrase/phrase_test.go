package phrase

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestAppend(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"// Licensed under the Apache License, Version 2.0 (the \"License\");", "licensed under the apache license , version 2.0 ( the license ) ;"},
		{"# SPDX: GPL-2.0+ and/or MIT/X11", "spdx : gpl 2.0 + and / or mit / x11"},
		{" * modify it under the terms of the GNU Lesser\n * General Public Licence", "modify it under the terms of the gnu lesser general public license"},
		{"v. 2.0. If", "v . 2.0 . if"},
		{"LICENSE-APACHE", "license apache"},
		{"", ""},
	} {
		low := Lower([]byte(c.in))
		var got []string
		for _, tk := range Append(nil, []byte(c.in), low, 0, len(c.in), 1) {
			got = append(got, tk.Text)
		}
		if diff := cmp.Diff(c.want, strings.Join(got, " ")); diff != "" {
			t.Errorf("Append(%q) (-want +got):\n%s", c.in, diff)
		}
	}
}

func TestLines(t *testing.T) {
	in := "a\nb\n\nc"
	var lines []int
	for _, tk := range Append(nil, []byte(in), Lower([]byte(in)), 0, len(in), 1) {
		lines = append(lines, tk.Line)
	}
	if diff := cmp.Diff([]int{1, 2, 4}, lines); diff != "" {
		t.Errorf("lines (-want +got):\n%s", diff)
	}
}

func TestWords(t *testing.T) {
	if diff := cmp.Diff([]string{"bsd", "3", "clause", "new", "or", "revised", "license"}, Words(`BSD 3-Clause "New" or "Revised" License`)); diff != "" {
		t.Errorf("Words (-want +got):\n%s", diff)
	}
}

// TestNormURL checks the key a license URL gets, in the generated table
// and in a file alike.
func TestNormURL(t *testing.T) {
	for u, want := range map[string]string{
		"https://www.apache.org/licenses/LICENSE-2.0.txt":         "apache.org/licenses/license-2.0",
		"http://opensource.org/licenses/MIT/":                     "opensource.org/licenses/mit",
		"HTTPS://creativecommons.org/licenses/by/4.0/legalcode#x": "creativecommons.org/licenses/by/4.0/legalcode",
		"www.gnu.org/licenses/gpl-3.0.html?x=1":                   "gnu.org/licenses/gpl-3.0",
	} {
		if got := NormURL(u); got != want {
			t.Errorf("NormURL(%q) = %q, want %q", u, got, want)
		}
	}
}
