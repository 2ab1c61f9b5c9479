package license

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestExceptionIDs: a text matched under a deprecated id that stands for
// a GNU license with an exception (GPL-2.0-with-classpath-exception) is
// reported in current SPDX, the GNU version read as for the bare text
// (gnuSuffix): -only unless a statement of the file says "or later" more
// often than the GPL texts it holds quote their own How-to-apply notice.
func TestExceptionIDs(t *testing.T) {
	tests := []struct {
		name   string
		id     string
		gnu    map[string]gnuReading
		copies map[string]int
		want   string
	}{
		{"classpath alone", "GPL-2.0-with-classpath-exception", nil, nil, "GPL-2.0-only WITH Classpath-exception-2.0"},
		{"classpath, or-later notice", "GPL-2.0-with-classpath-exception", map[string]gnuReading{"GPL-2.0": {later: 1}}, nil, "GPL-2.0-or-later WITH Classpath-exception-2.0"},
		{"classpath beside the GPL text, its template only", "GPL-2.0-with-classpath-exception", map[string]gnuReading{"GPL-2.0": {later: 1}}, map[string]int{"GPL-2.0": 1}, "GPL-2.0-only WITH Classpath-exception-2.0"},
		{"classpath beside the GPL text and an or-later notice", "GPL-2.0-with-classpath-exception", map[string]gnuReading{"GPL-2.0": {later: 2}}, map[string]int{"GPL-2.0": 1}, "GPL-2.0-or-later WITH Classpath-exception-2.0"},
		{"an -only notice wins", "GPL-2.0-with-GCC-exception", map[string]gnuReading{"GPL-2.0": {only: 1, later: 2}}, nil, "GPL-2.0-only WITH GCC-exception-2.0"},
		{"autoconf", "GPL-2.0-with-autoconf-exception", nil, nil, "GPL-2.0-only WITH Autoconf-exception-2.0"},
		{"bison", "GPL-2.0-with-bison-exception", nil, nil, "GPL-2.0-only WITH Bison-exception-2.2"},
		{"font", "GPL-2.0-with-font-exception", nil, nil, "GPL-2.0-only WITH Font-exception-2.0"},
		{"GPL-3.0 GCC", "GPL-3.0-with-GCC-exception", nil, nil, "GPL-3.0-only WITH GCC-exception-3.1"},
		{"GPL-3.0 autoconf, or later", "GPL-3.0-with-autoconf-exception", map[string]gnuReading{"GPL-3.0": {later: 1}}, nil, "GPL-3.0-or-later WITH Autoconf-exception-3.0"},
		{"another GNU version's notice does not count", "GPL-2.0-with-classpath-exception", map[string]gnuReading{"GPL-3.0": {later: 1}}, nil, "GPL-2.0-only WITH Classpath-exception-2.0"},
		// The texts of eCos-2.0 and wxWindows say "or (at your option)
		// any later version" themselves.
		{"eCos", "eCos-2.0", nil, nil, "GPL-2.0-or-later WITH eCos-exception-2.0"},
		{"wxWindows", "wxWindows", nil, nil, "LGPL-2.0-or-later WITH WxWindows-exception-3.1"},
		{"generated pattern suffix", "GPL-2.0-with-classpath-exception" + spdxTextSuffix, nil, nil, "GPL-2.0-only WITH Classpath-exception-2.0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := spdxID(tt.id, tt.gnu, tt.copies); got != tt.want {
				t.Errorf("spdxID(%q) = %q, want %q", tt.id, got, tt.want)
			}
		})
	}
}

// TestSimplifyException: the bare license beside the same license with an
// exception (the GPL text and the exception's text in one file, or a
// COPYING beside a file of the exception) is the license with the
// exception, not two terms.
func TestSimplifyException(t *testing.T) {
	tests := []struct {
		in, want []string
	}{
		{[]string{"GPL-2.0-only", "GPL-2.0-only WITH Classpath-exception-2.0"}, []string{"GPL-2.0-only WITH Classpath-exception-2.0"}},
		{[]string{"GPL-2.0-or-later WITH Classpath-exception-2.0", "GPL-2.0-or-later", "MIT"}, []string{"GPL-2.0-or-later WITH Classpath-exception-2.0", "MIT"}},
		// Another version is another license.
		{[]string{"GPL-3.0-only", "GPL-2.0-only WITH Classpath-exception-2.0"}, []string{"GPL-2.0-only WITH Classpath-exception-2.0", "GPL-3.0-only"}},
		{[]string{"GPL-2.0-only", "GPL-2.0-or-later WITH Classpath-exception-2.0"}, []string{"GPL-2.0-only", "GPL-2.0-or-later WITH Classpath-exception-2.0"}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, simplify(tt.in)); diff != "" {
			t.Errorf("simplify(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}
